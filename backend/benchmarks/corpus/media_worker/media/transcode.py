"""ffmpeg invocations."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from subprocess import check_output

FFMPEG = "ffmpeg"


def probe(path: Path) -> dict:
    out = check_output(["ffprobe", "-of", "json", "-show_format", str(path)])  # label: blocking via=Job.run
    return json.loads(out)  # clean: parsing only


def transcode(src: Path, preset: str) -> Path:
    dst = src.with_suffix(f".{preset}.mp4")  # clean: pure path arithmetic
    subprocess.run([FFMPEG, "-y", "-i", str(src), "-preset", preset, str(dst)], check=True)  # clean: only called through run_in_executor
    return dst


def thumbnail(src: Path) -> Path:
    dst = src.with_suffix(".jpg")
    proc = subprocess.Popen([FFMPEG, "-i", str(src), "-frames:v", "1", str(dst)])  # label: blocking via=Job.run
    proc.wait()  # label: tolerated
    return dst
