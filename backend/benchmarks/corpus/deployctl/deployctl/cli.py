"""Entry point: `deployctl build|push|release|tags`."""

from __future__ import annotations

import argparse
import asyncio
import os
import time

from .notify import AuditTrail, announce
from .registry import Registry
from .rollout import Rollout

REGISTRY = Registry(os.environ.get("REGISTRY", "registry.local"))


async def build_and_push(context: str, name: str, tag: str) -> str:
    ref = REGISTRY.build(context, name, tag)
    REGISTRY.push(ref)
    return ref


async def release(namespace: str, name: str, tag: str) -> bool:
    ref = await build_and_push(".", name, tag)
    rollout = Rollout(namespace, name)
    await rollout.restart()
    ok = await rollout.wait_ready()
    print(f"{ref}: {'ready' if ok else 'timed out'}")
    announce(ref, ok)
    AuditTrail("/var/log/deployctl.audit").record(ref)
    return ok


async def hotfix(namespace: str, name: str) -> None:
    settle = time.sleep
    await Rollout(namespace, name).restart()
    settle(3)  # label: blocking (local alias of time.sleep)


async def release_many(namespace: str, names: list[str], tag: str) -> None:
    loop = asyncio.get_running_loop()
    for name in names:
        await loop.run_in_executor(None, lambda n=name: REGISTRY.build(".", n, tag))  # clean: lambda offloaded
    await asyncio.gather(*(Rollout(namespace, n).wait_ready_async() for n in names))


def cmd_tags(name: str) -> None:
    for tag in REGISTRY.tags(name):
        print(tag)


def main() -> None:
    parser = argparse.ArgumentParser(prog="deployctl")
    parser.add_argument("command", choices=["build", "release", "tags", "wait"])
    parser.add_argument("name")
    parser.add_argument("--tag", default=time.strftime("%Y%m%d%H%M"))
    args = parser.parse_args()
    if args.command == "tags":
        cmd_tags(args.name)
    elif args.command == "wait":
        while not Rollout("default", args.name).ready():
            time.sleep(5)  # clean: sync CLI path
    elif args.command == "build":
        REGISTRY.build(".", args.name, args.tag)
    else:
        asyncio.run(release("default", args.name, args.tag))


if __name__ == "__main__":
    main()
