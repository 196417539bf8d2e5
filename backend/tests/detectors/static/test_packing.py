"""Packed summaries: function bodies decode on first use, and read as the dicts they were.

A summary goes through the cache as a packed blob (``pack_summary``); unpacked, its function
records are ``Record`` heads whose body fields decode when first asked for. Every way of reading
a dict must see the whole record, a body is decoded at most once and only when asked for, and a
cached body that does not decode makes the scan start over without the cache, reporting what a
scan without a cache reports.
"""

from __future__ import annotations

import copy
import json
import marshal
import os
import pickle
from pathlib import Path

import pytest

from blocking_io.static import scan
from blocking_io.static.packing import (
    BODY_FIELDS,
    DamagedSummary,
    Record,
    pack_summary,
    unpack_summary,
)
from blocking_io.static.summary import summarise
from tests.support.cache_cases import PACKED_SOURCE, damage_bodies, packed_record


def test_unpacked_summary_equals_the_summarised_one() -> None:
    summary = summarise(PACKED_SOURCE)
    unpacked = unpack_summary(pack_summary(summary))
    assert unpacked == summary
    assert unpack_summary(pack_summary(summary), lazy=False) == summary
    plain = unpack_summary(pack_summary(summary), lazy=False)
    assert plain is not None
    assert all(type(record) is dict for record in plain["functions"].values())


def test_every_function_of_the_summary_has_a_body_of_the_known_fields() -> None:
    summary = summarise(PACKED_SOURCE)
    assert len(summary["functions"]) == 4  # load, size, handler and the lambda
    for record in summary["functions"].values():
        assert BODY_FIELDS.keys() <= record.keys()


def test_head_fields_are_read_without_decoding_the_body() -> None:
    original, record = packed_record()
    assert record["name"] == "load" and record["async"] is False and record["line"] == 5
    assert record._body is not None
    assert dict.__len__(record) == len(original) - len(BODY_FIELDS)


@pytest.mark.parametrize("field", sorted(BODY_FIELDS))
def test_a_body_field_is_read_by_subscript(field: str) -> None:
    original, record = packed_record()
    assert record[field] == original[field]
    assert record._body is None
    assert dict.__len__(record) == len(original)


@pytest.mark.parametrize(
    "read",
    [
        lambda r: r.get("calls"),
        lambda r: "calls" in r,
        lambda r: list(r),
        lambda r: len(r),
        lambda r: dict(r),
        lambda r: {**r},
        lambda r: r.copy(),
        lambda r: list(r.items()),
        lambda r: list(r.keys()),
        lambda r: list(r.values()),
        lambda r: repr(r),
        lambda r: json.dumps(r, default=list),
        lambda r: copy.deepcopy(r),
        lambda r: pickle.loads(pickle.dumps(r)),
    ],
)
def test_every_way_of_reading_a_dict_sees_the_whole_record(read) -> None:  # type: ignore[no-untyped-def]
    original, record = packed_record()
    read(record)
    assert record._body is None
    assert dict(dict.items(record)) == original


def test_a_decoded_record_lists_its_fields_in_the_summarised_order() -> None:
    original, record = packed_record()
    assert list(record) == list(original)
    _, record = packed_record()
    assert list(reversed(record)) == list(reversed(original))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r.setdefault("calls", []), lambda o: o),
        (lambda r: r.pop("calls"), lambda o: {k: v for k, v in o.items() if k != "calls"}),
        (lambda r: r.__delitem__("reads"), lambda o: {k: v for k, v in o.items() if k != "reads"}),
        (lambda r: r.update(name="z"), lambda o: {**o, "name": "z"}),
        (lambda r: r.__ior__({"name": "z"}), lambda o: {**o, "name": "z"}),
        (lambda r: r.popitem(), lambda o: dict(list(o.items())[:-1])),
        (lambda r: r.clear(), lambda o: {}),
    ],
)
def test_changing_a_record_first_decodes_its_body(change, expected) -> None:  # type: ignore[no-untyped-def]
    original, record = packed_record()
    change(record)
    assert dict(dict.items(record)) == expected(original)


def test_merging_a_record_holds_the_body_fields() -> None:
    original, record = packed_record()
    assert record | {"x": 1} == {**original, "x": 1}
    _, record = packed_record()
    assert {"x": 1} | record == {"x": 1, **original}


def test_reads_of_body_fields_give_their_values() -> None:
    original, record = packed_record()
    assert record.get("defaults") == {"retries": ("k", 3)} == original["defaults"]
    _, record = packed_record()
    assert "returns" in record and "nothing" not in record
    _, record = packed_record()
    assert json.loads(json.dumps(record, default=list))["calls"]


def test_comparison_decodes_both_sides() -> None:
    original, left = packed_record()
    _, right = packed_record()
    assert left == right and right == original and original == right
    assert not left != right
    right["calls"] = []
    assert left != right


def test_a_missing_key_is_a_key_error_after_the_body_is_decoded() -> None:
    _, record = packed_record()
    with pytest.raises(KeyError):
        record["no such field"]
    assert record._body is None
    assert record.get("no such field", 7) == 7


def test_a_packed_record_packs_again_to_the_same_summary() -> None:
    summary = summarise(PACKED_SOURCE)
    unpacked = unpack_summary(pack_summary(summary))
    assert unpacked is not None
    assert unpack_summary(pack_summary(unpacked)) == summary


@pytest.mark.parametrize(
    "body",
    [
        b"not marshal data",
        marshal.dumps([1, 2, 3]),
        marshal.dumps({"calls": []}),  # fields missing
        marshal.dumps({name: None for name in BODY_FIELDS}),  # of the wrong types
        marshal.dumps({**{n: [] for n in BODY_FIELDS}, "required": True}),
    ],
)
def test_a_body_of_another_layout_raises_damaged_summary(body: bytes) -> None:
    record = Record({"name": "f"})
    record._body = body
    assert record["name"] == "f"
    with pytest.raises(DamagedSummary):
        record["calls"]


@pytest.mark.parametrize(
    "packed",
    [
        [],
        {"functions": []},
        {"functions": {"f": ({}, "not bytes")}},
        {"functions": {"f": ({},)}},
    ],
)
def test_a_blob_of_another_layout_unpacks_to_none(packed: object) -> None:
    assert unpack_summary(marshal.dumps(packed)) is None


def _damaged(tmp_path: Path) -> tuple[Path, Path, dict]:
    """Return a project, its cache with every function body damaged, and its cold report."""
    src, cache = tmp_path / "src", tmp_path / "cache"
    (src / "pkg").mkdir(parents=True)
    (src / "pkg" / "__init__.py").write_text("")
    (src / "pkg" / "store.py").write_text(PACKED_SOURCE)
    (src / "pkg" / "api.py").write_text(
        "from pkg.store import Store\n\n\nasync def serve():\n    Store().load('p')\n"
    )
    cold = scan([src], repo_root=tmp_path, cache_dir=cache)
    assert cold["findings"]
    assert damage_bodies(cache) == 3
    for report in cache.glob("report-*"):
        report.unlink()  # else the stored report answers without reading a summary
    os.utime(src / "pkg" / "api.py")
    return src, cache, cold


def test_a_well_sealed_cache_with_damaged_bodies_is_a_cold_scan(tmp_path: Path) -> None:
    src, cache, cold = _damaged(tmp_path)
    again = scan([src], repo_root=tmp_path, cache_dir=cache)
    assert again["findings"] == cold["findings"]
    assert again["scan"]["cache_misses"] == 3  # every file summarised again
    (src / "pkg" / "api.py").write_text("# edited\n" + (src / "pkg" / "api.py").read_text())
    for report in cache.glob("report-*"):
        report.unlink()
    healed = scan([src], repo_root=tmp_path, cache_dir=cache)
    assert healed["scan"]["cache_hits"] == 2  # the damaged cache file was replaced
    assert [f["call"] for f in healed["findings"]] == [f["call"] for f in cold["findings"]]


def test_a_scan_restarted_for_a_damaged_body_retains_only_what_the_restart_loaded(
    tmp_path: Path,
) -> None:
    src, cache, _ = _damaged(tmp_path)
    restarted: list[object] = []
    scan([src], repo_root=tmp_path, cache_dir=cache, retain=restarted)
    for report in cache.glob("report-*"):
        report.unlink()
    os.utime(src / "pkg" / "api.py")
    healthy: list[object] = []
    scan([src], repo_root=tmp_path, cache_dir=cache, retain=healthy)
    assert [type(item) for item in restarted] == [type(item) for item in healthy]
