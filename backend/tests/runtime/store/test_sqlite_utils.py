"""SQLite connection-string resolution and parent-directory creation for the checkpointer."""

from __future__ import annotations

from pathlib import Path

import pytest

from deerflow.runtime.store import ensure_sqlite_parent_dir, resolve_sqlite_conn_str


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("DEER_FLOW_HOME", str(home))
    return home


def test_resolve_keeps_memory(data_home: Path) -> None:
    assert resolve_sqlite_conn_str(":memory:") == ":memory:"
    assert resolve_sqlite_conn_str("sqlite:///:memory:") == ":memory:"


def test_resolve_relative_path_goes_under_data_home(data_home: Path) -> None:
    assert resolve_sqlite_conn_str("checkpoints.db") == str(data_home / "checkpoints.db")
    assert resolve_sqlite_conn_str("a/../b/cp.db") == str(data_home / "b" / "cp.db")


def test_resolve_strips_sqlite_url_prefix(data_home: Path, tmp_path: Path) -> None:
    assert resolve_sqlite_conn_str("sqlite:///rel.db") == str(data_home / "rel.db")
    assert resolve_sqlite_conn_str(f"sqlite:///{tmp_path}/abs.db") == str(tmp_path / "abs.db")


def test_resolve_keeps_absolute_path(data_home: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "cp.db"
    assert resolve_sqlite_conn_str(str(target)) == str(target)


def test_resolve_does_not_touch_the_filesystem(data_home: Path) -> None:
    resolve_sqlite_conn_str("nested/dir/cp.db")
    assert not data_home.exists()


@pytest.mark.parametrize("raw", ["", "   ", "postgres://host/db"])
def test_resolve_rejects_bad_strings_naming_them(data_home: Path, raw: str) -> None:
    with pytest.raises(ValueError, match=f"{raw!r} for `checkpointer.connection_string`"):
        resolve_sqlite_conn_str(raw)


def test_ensure_parent_dir_creates_nested_missing_dirs(tmp_path: Path) -> None:
    db = tmp_path / "a" / "b" / "c" / "cp.db"
    ensure_sqlite_parent_dir(str(db))
    assert db.parent.is_dir()
    assert not db.exists()
    ensure_sqlite_parent_dir(str(db))  # idempotent


def test_ensure_parent_dir_ignores_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    ensure_sqlite_parent_dir(":memory:")
    assert list(tmp_path.iterdir()) == []
