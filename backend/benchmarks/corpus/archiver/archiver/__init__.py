"""Backup archiver: snapshots directories into tarballs and zips."""
