"""Where settings live on disk."""

from __future__ import annotations

import os
import os.path as osp
from pathlib import Path

APP = "settings-kit"


def config_home() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or osp.join(os.environ.get("HOME", "/root"), ".config")  # clean: env lookup and os.path.join
    return Path(base) / APP


def ensure_home() -> Path:
    home = config_home()
    home.mkdir(parents=True, exist_ok=True)  # label: blocking via=SettingsManager.load (3 hops)
    return home


def candidate_files(home: Path) -> list[Path]:
    return sorted(home.glob("*.toml"))  # label: blocking via=SettingsManager.load


def is_readable(path: str) -> bool:
    return osp.isfile(path) and os.access(path, os.R_OK)  # label: blocking via=FileSource.available
