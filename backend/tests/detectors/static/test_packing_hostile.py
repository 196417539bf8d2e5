"""Hostile uses of packed summaries: records read and changed as dicts are, damaged bodies.

A ``Record`` stands for the plain dict it was packed from: whatever a program does with it
(build one as a dict subclass is built, set a field before its body is decoded, read it again
after a body that did not decode) must behave as on that dict or keep raising
``DamagedSummary``; a scan that meets a damaged body reports what a scan without a cache does.
"""

from __future__ import annotations

import pytest

from blocking_io.static.packing import DamagedSummary, Record, pack_summary, unpack_summary
from blocking_io.static.summary import summarise

SOURCE = """\
import time


class Store:
    def load(self, path: str, retries: int = 3) -> str:
        time.sleep(retries)
        return open(path).read()
"""


def _record() -> tuple[dict, Record]:
    """Return a function record as summarised, and the same record packed and unpacked."""
    summary = summarise(SOURCE)
    unpacked = unpack_summary(pack_summary(summary))
    assert unpacked is not None
    record = unpacked["functions"]["Store.load"]
    assert isinstance(record, Record)
    return summary["functions"]["Store.load"], record


@pytest.mark.parametrize(
    "read",
    [
        lambda r: r["calls"],
        lambda r: r.get("calls"),
        lambda r: "calls" in r,
        lambda r: len(r),
        lambda r: list(r),
        lambda r: r == {},
    ],
)
def test_hostile_record_damaged_body_keeps_raising(read) -> None:  # type: ignore[no-untyped-def]
    """A body that failed to decode once read afterwards as a record without a body."""
    _, record = _record()
    record._body = b"\x00"
    with pytest.raises(DamagedSummary):
        record["calls"]
    with pytest.raises(DamagedSummary):
        read(record)


@pytest.mark.parametrize("field", ["reads", "ret", "new"])
def test_hostile_record_setitem_keeps_the_dict_order(field: str) -> None:
    """A field set before the body was decoded was listed before the body fields."""
    original, record = _record()
    original = dict(original)
    original[field] = ["patched"]
    record[field] = ["patched"]
    assert list(record.items()) == list(original.items())


@pytest.mark.parametrize(
    "build",
    [
        lambda r: r.fromkeys(["calls", "name"], 1),
        lambda r: type(r)(name="f"),
        lambda r: type(r)(),
    ],
)
def test_hostile_record_built_as_a_dict_subclass_reads_as_a_dict(build) -> None:  # type: ignore[no-untyped-def]
    """A record made by `fromkeys` or its own type had no pending body: any read raised."""
    _, record = _record()
    built = build(record)
    plain = dict(dict.items(built))
    assert len(built) == len(plain) and list(built) == list(plain) and built == plain
    assert built.get("calls") == plain.get("calls") and ("reads" in built) == ("reads" in plain)
    with pytest.raises(KeyError):
        built["no such field"]
