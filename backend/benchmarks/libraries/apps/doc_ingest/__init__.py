"""Document ingestion: FastAPI routes that convert uploads and links to Markdown with MarkItDown."""
