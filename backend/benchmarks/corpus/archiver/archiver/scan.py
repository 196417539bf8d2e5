"""Discover files to back up."""

from __future__ import annotations

import fnmatch
import glob
import os


def walk_sources(root: str, ignore: tuple[str, ...] = ("*.pyc", ".git")) -> list[str]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):  # label: blocking via=Snapshotter.snapshot
        dirnames[:] = [d for d in dirnames if not any(fnmatch.fnmatch(d, pat) for pat in ignore)]
        for name in filenames:
            if not any(fnmatch.fnmatch(name, pat) for pat in ignore):  # clean: pattern matching only
                found.append(os.path.join(dirpath, name))  # clean: os.path.join
    return found


def logs_matching(pattern: str) -> list[str]:
    return sorted(glob.glob(pattern, recursive=True))  # label: blocking via=rotate_logs


def total_size(paths: list[str]) -> int:
    return sum(os.path.getsize(p) for p in paths)  # label: blocking via=Snapshotter.snapshot


def listing(root: str) -> list[str]:
    return sorted(os.listdir(root))  # clean: offloaded through a lambda in prune_old
