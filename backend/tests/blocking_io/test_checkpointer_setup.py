"""`_async_checkpointer` opens a SQLite checkpointer in a new directory off the event loop.

Drives the production `_async_checkpointer` for `type: sqlite` with a database path whose parent
directory is missing, so both offload sites in `deerflow/runtime/checkpointer/async_provider.py`
run their IO:

- `resolve_sqlite_conn_str`: the relative connection strings resolve under a relative
  `DEER_FLOW_HOME`, which asks the OS for the working directory (`os.getcwd`);
- `ensure_sqlite_parent_dir`: the parent directories are created (`mkdir`).

An absolute path resolves by string work alone, so only the relative cases guard the first site.

The real `AsyncSqliteSaver` then stores a checkpoint and reads it back, also after reopening. The
bug shape is path work or directory creation moved back onto the loop before connecting.
Reverting either `asyncio.to_thread` offload must turn this module red.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from langgraph.checkpoint.base import BaseCheckpointSaver, empty_checkpoint
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from deerflow.config import AppConfig, CheckpointerConfig
from deerflow.runtime.checkpointer.async_provider import _async_checkpointer, make_checkpointer

THREAD = "anchor-thread"
DB_RELATIVE = "missing/nested/checkpoints.db"


def _thread_config(thread_id: str) -> dict:
    return {"configurable": {"thread_id": thread_id, "checkpoint_ns": ""}}


async def _put_checkpoint(saver: BaseCheckpointSaver, value: str) -> str:
    """Store a checkpoint whose `note` channel holds `value`; return its id."""
    checkpoint = empty_checkpoint()
    checkpoint["channel_values"] = {"note": value}
    checkpoint["channel_versions"] = {"note": 1}
    stored = await saver.aput(
        _thread_config(THREAD), checkpoint, {"source": "input", "step": 0}, {"note": 1}
    )
    return stored["configurable"]["checkpoint_id"]


async def _latest_note(saver: BaseCheckpointSaver) -> tuple[str, str]:
    """Return `(checkpoint id, note)` of the thread's latest checkpoint."""
    loaded = await saver.aget_tuple(_thread_config(THREAD))
    assert loaded is not None, f"no checkpoint stored for thread {THREAD!r}"
    return loaded.checkpoint["id"], loaded.checkpoint["channel_values"]["note"]


@pytest.mark.parametrize(
    "connection_string", [DB_RELATIVE, f"sqlite:///{DB_RELATIVE}"], ids=["path", "url"]
)
async def test_async_checkpointer_sqlite_creates_missing_dirs_under_relative_data_home(
    connection_string: str, data_home: Path
) -> None:
    database = data_home / DB_RELATIVE
    assert not database.parent.parent.exists()
    config = CheckpointerConfig(type="sqlite", connection_string=connection_string)

    async with _async_checkpointer(config) as saver:
        assert isinstance(saver, AsyncSqliteSaver)
        stored_id = await _put_checkpoint(saver, "first")
        assert await _latest_note(saver) == (stored_id, "first")

    assert database.is_file()
    async with _async_checkpointer(config) as reopened:
        assert await _latest_note(reopened) == (stored_id, "first")


async def test_async_checkpointer_sqlite_absolute_path_round_trips(tmp_path: Path) -> None:
    database = tmp_path / "absolute" / "deeper" / "checkpoints.db"
    config = CheckpointerConfig(type="sqlite", connection_string=str(database))

    async with _async_checkpointer(config) as saver:
        first_id = await _put_checkpoint(saver, "first")
        second_id = await _put_checkpoint(saver, "second")

    assert first_id != second_id
    assert database.is_file()
    async with _async_checkpointer(config) as reopened:
        assert await _latest_note(reopened) == (second_id, "second")
        history = [item.checkpoint["id"] async for item in reopened.alist(_thread_config(THREAD))]
    assert sorted(history) == sorted([first_id, second_id])


@pytest.fixture
def app_config(data_home: Path) -> AppConfig:
    """Return a full config built off the loop (its defaults resolve under the data home)."""
    return AppConfig(checkpointer=CheckpointerConfig(type="sqlite", connection_string=DB_RELATIVE))


async def test_make_checkpointer_opens_the_configured_sqlite_file(
    app_config: AppConfig, data_home: Path
) -> None:
    async with make_checkpointer(app_config) as saver:
        stored_id = await _put_checkpoint(saver, "via app config")

    async with _async_checkpointer(app_config.checkpointer) as reopened:
        assert await _latest_note(reopened) == (stored_id, "via app config")
    assert (data_home / DB_RELATIVE).is_file()
