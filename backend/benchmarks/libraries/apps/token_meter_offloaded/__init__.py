"""Token meter, offloaded twin of `token_meter`: encodings load in worker threads."""
