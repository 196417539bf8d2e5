"""One usage-error style for the package's command lines: ``<prog>: error: <message>``, exit 2.

argparse prints the usage line before its own errors; these command lines do not, because each
message already names the bad input and the valid values. ``--help`` still shows the usage.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

__all__ = ["USAGE_ERROR", "USAGE_EXIT", "ArgumentParser", "usage_error"]

USAGE_ERROR = "{prog}: error: {message}"
USAGE_EXIT = 2


class ArgumentParser(argparse.ArgumentParser):
    """An argument parser whose errors follow `USAGE_ERROR` and exit with `USAGE_EXIT`."""

    def error(self, message: str) -> NoReturn:
        """Print the usage error without the usage line and exit 2."""
        self.exit(USAGE_EXIT, USAGE_ERROR.format(prog=self.prog, message=message) + "\n")


def usage_error(prog: str, message: str) -> int:
    """Print a usage error for `prog` to stderr and return the exit status, 2."""
    print(USAGE_ERROR.format(prog=prog, message=message), file=sys.stderr)
    return USAGE_EXIT
