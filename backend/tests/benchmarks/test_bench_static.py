"""The command line of scripts/bench_static.py: usage errors in the package's one style."""

from __future__ import annotations

import pytest

from blocking_io.usage import USAGE_ERROR
from scripts import bench_static


def test_bench_missing_package_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status = bench_static.main(["--packages", "no_such_package_for_the_bench"])
    message = bench_static.PACKAGE_MISSING.format(name="no_such_package_for_the_bench")
    assert status == 2
    assert (
        capsys.readouterr().err
        == USAGE_ERROR.format(prog=bench_static.PROG, message=message) + "\n"
    )


def test_bench_unknown_option_is_usage_error_without_usage_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as excinfo:
        bench_static.main(["--bogus"])
    err = capsys.readouterr().err
    assert excinfo.value.code == 2
    assert (
        err
        == USAGE_ERROR.format(prog=bench_static.PROG, message="unrecognized arguments: --bogus")
        + "\n"
    )
