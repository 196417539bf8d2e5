"""Document ingestion, offloaded twin of `doc_ingest`: conversions run in worker threads."""
