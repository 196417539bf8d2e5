"""The server: one JSON request per line; encodings load off the loop, encoding stays on it."""

from __future__ import annotations

import asyncio
import json

import tiktoken

from . import budget, encoding


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    async for line in reader:
        request = json.loads(line)
        if request["op"] == "count":
            tokens = await asyncio.to_thread(budget.count, request["messages"], request["model"])
            answer = {"tokens": tokens}
        else:
            enc = await asyncio.to_thread(encoding.default_encoder)
            answer = {"messages": budget.trim(request["messages"], request["limit"], enc)}
        writer.write(json.dumps(answer).encode() + b"\n")
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def tokens_of(text: str) -> list[int]:
    loop = asyncio.get_running_loop()
    enc = await loop.run_in_executor(None, tiktoken.get_encoding, "o200k_base")
    return enc.encode(text)


async def main(host: str = "127.0.0.1", port: int = 8765) -> None:
    server = await asyncio.start_server(handle, host, port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
