"""Token meter: a plain asyncio line-protocol server that counts and trims prompts with tiktoken."""
