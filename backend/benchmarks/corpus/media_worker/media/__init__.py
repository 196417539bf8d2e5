"""Background media transcoding worker."""
