"""Article reader: an asyncio queue worker that turns fetched HTML into readable articles."""
