# Copyright 2026 The Vigil Authors.
"""vigil.HashsetStore: hash-set management."""

import json

import pytest

import vigil
from conftest import synthetic_rgb


@pytest.fixture
def store(tmp_path):
    s = vigil.HashsetStore(str(tmp_path / "db"))
    yield s
    s.close()


def test_create_get_list(store):
    created = store.create_hashset(
        "own-cases", ["pdq", "md5"], action="block", thresholds={"pdq": 20},
        source="moderation", description="confirmed", actor="ops")
    assert created.name == "own-cases"
    assert created.signal_types == ["md5", "pdq"]  # kept sorted
    assert created.action == "block"
    assert created.thresholds == {"md5": 0, "pdq": 20}
    assert created.min_quality == {"md5": 0, "pdq": 50}
    assert created.source == "moderation" and created.description == "confirmed"
    assert created.version == 1 and created.total_entries == 0
    assert created.entries == {}
    store.create_hashset("a-first", ["sha256"])
    assert [s.name for s in store.list_hashsets()] == ["a-first", "own-cases"]
    got = store.get_hashset("own-cases")
    assert got.id == created.id
    d = got.to_dict()
    assert d["name"] == "own-cases" and d["total_entries"] == 0
    assert d["created_at"].endswith("Z")
    assert "Hashset(" in repr(got)


def test_create_validation(store):
    with pytest.raises(vigil.InvalidArgumentError):
        store.create_hashset("Bad Name", ["md5"])
    with pytest.raises(vigil.InvalidArgumentError):
        store.create_hashset("x", ["nosuchtype"])
    with pytest.raises(vigil.InvalidArgumentError):
        store.create_hashset("x", ["md5"], action="ignore")
    with pytest.raises(vigil.InvalidArgumentError):
        store.create_hashset("x", ["pdq"], thresholds={"pdq": 300})


def test_import_add_remove_stats_export_log(store, tmp_path):
    store.create_hashset("known", ["pdq", "md5"], action="report")
    hashes = [vigil.hash_pixels(synthetic_rgb(64, 64, seed=s)) for s in range(3)]
    text = "".join(f"pdq {h.pdq}\nmd5 {h.md5}\n" for h in hashes)
    r = store.import_text("known", text, format="typed", actor="ops")
    assert (r.records, r.added, r.duplicates, r.format) == (6, 6, 0, "typed")
    assert "ImportResult(" in repr(r)
    again = store.import_text("known", text.encode())  # bytes, auto format
    assert (again.added, again.duplicates) == (0, 6)

    # All or nothing: a bad line imports nothing.
    bad = "md5 00000000000000000000000000000001\nmd5 zz\n"
    with pytest.raises(vigil.InvalidArgumentError, match="line 2"):
        store.import_text("known", bad, format="typed")
    assert store.get_hashset("known").total_entries == 6

    listfile = tmp_path / "list.txt"
    listfile.write_text("00000000000000000000000000000001\n00000000000000000000000000000002\n")
    r = store.import_file("known", str(listfile), format="plain", type="md5")
    assert r.added == 2
    with pytest.raises(vigil.NotFoundError):
        store.import_file("known", str(tmp_path / "missing.txt"))

    a = store.add_signal("known", "md5", "00000000000000000000000000000003",
                         external_id="case-3", actor="mod")
    assert (a.added, a.existing) == (1, 0)
    a = store.add_signal("known", "md5", "00000000000000000000000000000003")
    assert (a.added, a.existing) == (0, 1)
    with pytest.raises(vigil.InvalidArgumentError):
        store.add_signal("known", "sha1", "00" * 20)  # type not in the set
    with pytest.raises(vigil.InvalidArgumentError):
        store.add_signal("known", "md5", "abc")

    upload = vigil.hash_pixels(synthetic_rgb(64, 64, seed=10))
    a = store.add_hashes("known", upload, external_id="case-10")
    assert a.added == 2  # md5 and pdq
    stats = store.get_hashset("known")
    assert stats.entries == {"md5": 7, "pdq": 4}
    assert stats.total_entries == 11

    r = store.remove("known", signal=("md5", "00000000000000000000000000000001"),
                     reason="false positive")
    assert r.removed == 1
    r = store.remove("known", external_id="case-10", reason="appeal")
    assert r.removed == 2
    with pytest.raises(vigil.NotFoundError):
        store.remove("known", external_id="case-10", reason="again")
    with pytest.raises(vigil.InvalidArgumentError):
        store.remove("known", reason="no selector")
    with pytest.raises(vigil.InvalidArgumentError):
        store.remove("known", external_id="case-3", reason="")
    assert store.get_hashset("known").total_entries == 8

    csv = store.export("known", format="csv")
    assert hashes[0].pdq in csv and "00000000000000000000000000000001" not in csv
    plain = store.export("known", format="plain", type="pdq")
    assert sorted(plain.split()) == sorted(h.pdq for h in hashes)

    log = store.read_log()
    ops = [rec.op for rec in log]
    assert ops[0] == "create" and "import" in ops and "remove" in ops
    assert all(json.loads(rec.json)["seq"] == rec.seq for rec in log)
    assert [rec.seq for rec in store.read_log(since=log[1].seq, limit=2)] == \
        [log[2].seq, log[3].seq]

    store.delete_hashset("known", reason="retired", actor="ops")
    with pytest.raises(vigil.NotFoundError):
        store.get_hashset("known")


def test_read_only_and_close(tmp_path):
    path = str(tmp_path / "db")
    with vigil.HashsetStore(path) as writer:
        writer.create_hashset("s", ["md5"])
        reader = vigil.HashsetStore(path, read_only=True)
        assert reader.get_hashset("s").name == "s"
        with pytest.raises(vigil.FailedPreconditionError):
            reader.create_hashset("t", ["md5"])
        reader.close()
    assert writer.closed
    with pytest.raises(vigil.FailedPreconditionError, match="closed"):
        writer.list_hashsets()
    writer.close()  # idempotent
    # The lock is released: a new writer opens it.
    with vigil.HashsetStore(path, create=False) as again:
        assert [s.name for s in again.list_hashsets()] == ["s"]
