"""Article reader, offloaded twin of `article_reader`: Readability runs in worker threads."""
