"""The thread-boundary inventory lists every offload the teeth check reverts, and more kinds.

One source exercises each kind (and near misses that are not boundaries); the project's inventory
is compared with `enumerate_sites`, the teeth check's list of offload sites.
"""

from __future__ import annotations

from blocking_io.static.boundaries import BOUNDARY_KINDS, inventory, inventory_of_source
from blocking_io.teeth.teeth import enumerate_sites
from tests.support.paths import BACKEND_DIR, PROJECT, REPO_ROOT

SOURCE = """\
import asyncio
import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor
from fastapi import APIRouter, Depends
from langchain_core.tools import BaseTool
from langchain_core.language_models import BaseChatModel

router = APIRouter()
POOL = ThreadPoolExecutor(max_workers=2)


def sync_dep():
    return 1


async def async_dep():
    return 2


@router.get("/sync")
def sync_route(value=Depends(sync_dep), other=Depends(async_dep)):
    return value


@router.get("/async")
async def async_route():
    loop = asyncio.get_running_loop()
    await asyncio.to_thread(sync_dep)
    await loop.run_in_executor(POOL, sync_dep)
    await loop.run_in_executor(None, *make_args())
    threading.Thread(target=sync_dep).start()
    POOL.submit(sync_dep)
    await asyncio.sleep(0)


class SearchTool(BaseTool):
    def _run(self, query):
        return query


class AsyncTool(BaseTool):
    def _run(self, query):
        return query

    async def _arun(self, query):
        return query


class EchoModel(BaseChatModel):
    def _generate(self, messages):
        return messages


def main():
    asyncio.run(async_route())
    multiprocessing.Process(target=main).start()
"""


def _kinds() -> list[tuple[int, str, str]]:
    return [(b.line, b.kind, b.callable) for b in inventory_of_source(SOURCE, "m.py")]


def test_inventory_lists_each_kind_of_boundary_once() -> None:
    assert _kinds() == [
        (10, "executor", ""),
        (22, "sync-route", "sync_route"),  # the def line; the decorator is on line 21
        (22, "sync-dependency", "sync_dep"),  # Depends(async_dep) is no boundary
        (29, "offload", "sync_dep"),
        (30, "offload", "sync_dep"),
        (31, "dynamic", ""),  # starred arguments: the callable is unknown
        (32, "thread", "sync_dep"),
        (33, "executor-submit", "sync_dep"),
        (37, "sync-tool", "SearchTool._run"),  # AsyncTool has _arun: no boundary
        (50, "sync-chat-model", "EchoModel._generate"),
        (56, "event-loop", ""),
        (57, "process", "main"),
    ]


def test_every_kind_in_the_table_is_exercised() -> None:
    assert {kind for _, kind, _ in _kinds()} == {kind.name for kind in BOUNDARY_KINDS}


def test_inventory_lists_every_offload_site_the_teeth_check_reverts() -> None:
    boundaries = {
        (REPO_ROOT / b.path, b.line) for b in inventory(list(PROJECT.roots), PROJECT.root)
    }
    sites = enumerate_sites(BACKEND_DIR)
    assert sites
    missing = [
        site.location for site in sites if (BACKEND_DIR / site.path, site.line) not in boundaries
    ]
    assert missing == []
