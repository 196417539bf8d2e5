"""Archive writers."""

from __future__ import annotations

import gzip
import os
import shutil
import tarfile
import zipfile


def write_tar(dest: str, files: list[str], base: str) -> str:
    with tarfile.open(dest, "w:gz") as tar:  # label: blocking via=Snapshotter.snapshot
        for f in files:
            tar.add(f, arcname=os.path.relpath(f, base))  # label: tolerated
    return dest


def write_zip(dest: str, files: list[str]) -> str:
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as zf:  # clean: only offloaded via partial
        for f in files:
            zf.write(f)
    return dest


def compress_file(path: str) -> str:
    with open(path, "rb") as src, gzip.open(path + ".gz", "wb") as dst:  # label: blocking via=rotate_logs
        shutil.copyfileobj(src, dst)  # label: tolerated
    os.remove(path)  # label: blocking via=rotate_logs
    return path + ".gz"


def copy_to_offsite(path: str, mount: str) -> str:
    return shutil.copy(path, mount)  # label: blocking via=Snapshotter.ship
