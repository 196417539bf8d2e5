"""Report writers."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path


class ReportWriter:
    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir

    def write_json(self, name: str, payload: dict) -> Path:
        target = self.out_dir / f"{name}.json"
        target.write_text(json.dumps(payload, indent=2))  # label: blocking via=publish
        return target

    def write_html(self, name: str, html: str) -> Path:
        scratch = Path(tempfile.mkdtemp())  # clean: write_html only runs in the executor
        (scratch / "index.html").write_text(html)  # clean: same
        dest = self.out_dir / name
        shutil.copytree(scratch, dest, dirs_exist_ok=True)  # clean: same
        return dest
