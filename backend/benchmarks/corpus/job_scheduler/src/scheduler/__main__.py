"""`python -m scheduler <state_dir> [spec.json ...]`."""

import asyncio
import sys
from pathlib import Path

from .core import Scheduler


async def _main(state_dir: str, specs: list[str]) -> None:
    sched = Scheduler(Path(state_dir))
    for spec in specs:
        await sched.add_from_file(spec)
    await sched.run_forever()


if __name__ == "__main__":
    asyncio.run(_main(sys.argv[1], sys.argv[2:]))
