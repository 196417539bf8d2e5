"""Thin wrappers around external commands."""

import os
import shlex
import subprocess
import time

_sleep = time.sleep


def run(cmd: str, cwd: str | None = None) -> str:
    return subprocess.check_output(shlex.split(cmd), cwd=cwd, text=True)  # label: blocking via=build_and_push


def run_quiet(cmd: str) -> int:
    return os.system(cmd + " >/dev/null 2>&1")  # label: blocking via=rollout


def backoff(attempt: int) -> None:
    _sleep(min(2**attempt, 30))  # label: blocking via=wait_ready


def quote_all(args: list[str]) -> str:
    return " ".join(shlex.quote(a) for a in args)  # clean: string work only
