# Copyright 2026 The Vigil Authors.
"""vigil.Engine: scanning, matches, takedown events."""

import json
import os
import pathlib
import subprocess

import numpy as np
import pytest

import vigil
from conftest import encode_bmp, synthetic_rgb


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "db")


def _known_set(engine, *images):
    store = engine.store
    store.create_hashset("known", ["pdq", "md5"], action="remove")
    for i, image in enumerate(images):
        store.add_hashes("known", vigil.hash_pixels(image), external_id=f"case-{i}")
    engine.refresh()


def test_scan_bytes_match_clean_and_events(db, tmp_path):
    known = synthetic_rgb(96, 128, seed=20)
    other = synthetic_rgb(96, 128, seed=21)
    jsonl = tmp_path / "events.jsonl"
    with vigil.Engine(db, events_jsonl=str(jsonl)) as engine:
        _known_set(engine, known)
        r = engine.scan_bytes(encode_bmp(known), content_id="upload-1", source="web")
        assert r.status == "match" and r.matched
        assert r.content_id == "upload-1" and r.source == "web"
        assert len(r.matches) == 1 and len(r.event_ids) == 1
        m = r.matches[0]
        assert (m.hashset, m.signal_type, m.distance, m.threshold) == ("known", "pdq", 0, 31)
        assert m.action == "remove" and m.external_id == "case-0"
        assert m.variant == "original" and m.quality == r.hashes.pdq_quality
        assert m.hash == m.query_hash == r.hashes.pdq
        assert m.event_id == r.event_ids[0]
        assert r.hashes.media_type == "image/bmp"
        assert "Match(" in repr(m) and "ScanResult(" in repr(r)

        clean = engine.scan_bytes(memoryview(encode_bmp(other)), content_id="upload-2")
        assert clean.status == "clean" and not clean.matches and not clean.event_ids

        events = engine.list_events()
        assert [e.event_id for e in events] == r.event_ids
        e = events[0]
        assert (e.content_id, e.hashset, e.action, e.acked) == ("upload-1", "known", "remove", False)
        assert e.acked_at_ms is None and e.acked_by is None
        body = json.loads(e.json)
        assert body["schema"] == "vigil.takedown/1"
        assert body["content"]["id"] == "upload-1" and body["content"]["source"] == "web"
        assert body["event_id"] == e.event_id and body["idempotency_key"] == e.idempotency_key
        assert e.to_dict()["acked"] is False
        # Sinks are fed in the background: drain before reading the file.
        assert engine.drain(timeout=60) == 0
        assert [json.loads(line)["event_id"] for line in jsonl.read_text().splitlines()] == r.event_ids
        [stats] = engine.delivery_stats()
        assert stats["name"] == "jsonl:" + os.path.abspath(jsonl)
        assert (stats["delivered"], stats["pending"], stats["failures"]) == (1, 0, 0)
        assert stats["last_error"] is None and stats["next_retry_unix_ms"] == 0

        assert engine.ack_events([e.event_id], actor="mod-7") == 1
        assert engine.ack_events([e.event_id], actor="mod-7") == 0
        with pytest.raises(vigil.NotFoundError):
            engine.ack_events(["00000000-0000-7000-8000-000000000000"])
        acked = engine.list_events()[0]
        assert acked.acked and acked.acked_by == "mod-7" and acked.acked_at_ms > 0
        assert acked.to_dict()["acked_by"] == "mod-7"
        stats = engine.stats()
        assert stats["hashsets"] == 1 and stats["pdq_hashes"] == 1


def test_events_sink_specs(db, tmp_path):
    known = synthetic_rgb(96, 128, seed=22)
    first, second, alias = (tmp_path / n for n in ("a.jsonl", "b.jsonl", "c.jsonl"))
    with vigil.Engine(
        db, events=[f"jsonl:{first}", str(second)], events_jsonl=str(alias)
    ) as engine:
        _known_set(engine, known)
        r = engine.scan_bytes(encode_bmp(known), content_id="upload-1")
        assert r.status == "match"
        assert engine.drain(timeout=60) == 0
        assert [s["name"] for s in engine.delivery_stats()] == [
            "jsonl:" + os.path.abspath(p) for p in (first, second, alias)
        ]
    for path in (first, second, alias):
        assert [json.loads(line)["event_id"] for line in path.read_text().splitlines()] == r.event_ids
    with pytest.raises(vigil.InvalidArgumentError, match="carrier-pigeon"):
        vigil.Engine(db, events=["carrier-pigeon://loft"])


def test_event_paging(db):
    images = [synthetic_rgb(64, 64, seed=s) for s in range(30, 35)]
    with vigil.Engine(db) as engine:
        _known_set(engine, *images)
        ids = []
        for i, image in enumerate(images):
            ids += engine.scan_bytes(encode_bmp(image), content_id=f"u{i}").event_ids
        assert len(ids) == 5
        seen, after = [], ""
        while True:
            page = engine.list_events(after_id=after, limit=2)
            if not page:
                break
            seen += [e.event_id for e in page]
            after = page[-1].event_id
        assert seen == ids


def test_scan_file_and_errors(db, tmp_path):
    known = synthetic_rgb(80, 80, seed=40)
    path = tmp_path / "known.bmp"
    path.write_bytes(encode_bmp(known))
    with vigil.Engine(db) as engine:
        _known_set(engine, known)
        r = engine.scan_file(str(path), source="batch")
        assert r.status == "match" and r.content_id == str(path) and r.source == "batch"
        r = engine.scan_file(str(path), content_id="other-id")
        assert r.content_id == "other-id"

        missing = engine.scan_file(str(tmp_path / "missing.jpg"))
        assert missing.status == "error" and missing.hashes is None
        assert missing.error["code"] == "not_found"
        assert missing.to_dict()["error"]["code"] == "not_found"

        text = engine.scan_bytes(b"not an image", content_id="t")
        assert text.status == "error" and text.hashes is not None
        assert text.hashes.error["code"] == "unsupported_format"

        with pytest.raises(TypeError):
            engine.scan_bytes("str is not bytes", content_id="x")
        with pytest.raises(TypeError):
            engine.scan_bytes(b"x")  # content_id is required
    assert engine.closed
    with pytest.raises(vigil.FailedPreconditionError, match="closed"):
        engine.scan_bytes(b"x", content_id="x")


def test_scan_result_dict_equals_cli(db, tmp_path, vigil_cli, demo_dir):
    files = sorted((demo_dir / "uploads").glob("*"))
    with vigil.Engine(db) as engine:
        engine.store.create_hashset("demo", ["pdq", "md5", "sha256"], action="block")
        for p in sorted((demo_dir / "known").glob("*")):
            engine.store.add_hashes("demo", vigil.hash_file(str(p)), external_id=p.name)
        engine.refresh()
        got = [engine.scan_file(str(p)).to_dict() for p in files]
    assert any(g["status"] == "match" for g in got)
    assert any(g["status"] == "clean" for g in got)
    out = subprocess.run([vigil_cli, "--db", db, "scan", "--progress", "never", *map(str, files)],
                         capture_output=True, text=True)
    want = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(want) == len(files), out.stderr
    for g, w in zip(got, want):
        # Both recorded one event per match (with different ids).
        assert len(g.pop("event_ids")) == len(g["matches"])
        assert len(w.pop("event_ids")) == len(w["matches"])
        assert g == w


def test_writer_lock_read_only_and_events_only(db):
    known = synthetic_rgb(64, 96, seed=50)
    with vigil.Engine(db) as engine:
        _known_set(engine, known)
        engine.scan_bytes(encode_bmp(known), content_id="u1")
        with pytest.raises(vigil.UnavailableError):
            vigil.Engine(db)
        with vigil.Engine(db, read_only=True, dihedral=True) as reader:
            rotated = encode_bmp(np.ascontiguousarray(np.rot90(known, 2)))
            r = reader.scan_bytes(rotated, content_id="rot")
            assert r.status == "match" and r.matches[0].variant not in (None, "original")
            assert r.event_ids == [] and r.matches[0].event_id is None
            with pytest.raises(vigil.FailedPreconditionError):
                reader.ack_events([engine.list_events()[0].event_id])
        with vigil.Engine(db, read_only=True, load_indexes=False) as events_only:
            assert len(events_only.list_events()) == 1
            with pytest.raises(vigil.FailedPreconditionError):
                events_only.scan_bytes(b"x", content_id="x")


def test_engine_options_errors(db):
    with pytest.raises(vigil.InvalidArgumentError):
        vigil.Engine(db, pdq_mode="bogus")
    with pytest.raises(vigil.NotFoundError):
        vigil.Engine(db, hashsets=["no-such-set"])


def test_video_scan_dict_equals_cli(db, vigil_cli):
    """Videos: the match's shares and times and the container facts, as the CLI prints them."""
    conformance = os.environ.get("VIGIL_CONFORMANCE_DIR")
    if not conformance:
        if os.environ.get("VIGIL_REQUIRE_CONFORMANCE") == "1":
            pytest.fail("VIGIL_REQUIRE_CONFORMANCE=1 but VIGIL_CONFORMANCE_DIR is unset")
        pytest.skip("VIGIL_CONFORMANCE_DIR is unset: no sample videos")
    videos = pathlib.Path(conformance) / "vpdq" / "videos"
    known = videos / "chair-20-sd-bar.mp4"
    files = [videos / "chair-orig-22-sd-bar.mp4", videos / "doorknob-hd-no-bar.mp4"]
    run = lambda *args: subprocess.run([vigil_cli, "--db", db, *args],
                                       capture_output=True, text=True)
    assert run("hashset", "create", "videos", "--types", "vpdq").returncode == 0
    added = run("hashset", "add", "videos", str(known), "--external-id", "v1")
    assert added.returncode == 0, added.stderr
    with vigil.Engine(db) as engine:
        got = [engine.scan_file(str(p)).to_dict() for p in files]
    assert got[0]["status"] == "match"
    assert got[0]["matches"][0]["signal_type"] == "vpdq"
    assert got[0]["matches"][0]["video"]["target_percent"] >= 80
    assert got[1]["status"] == "clean"
    assert got[1]["video"]["frames_hashed"] >= 1
    out = run("scan", "--progress", "never", *map(str, files))
    want = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(want) == len(files), out.stderr
    for g, w in zip(got, want):
        assert len(g.pop("event_ids")) == len(w.pop("event_ids"))
        # JSON has lists where Python has tuples.
        for m in g["matches"]:
            m["video"]["time_ranges"] = [list(r) for r in m["video"]["time_ranges"]]
        assert g == w


def test_resolve_events_and_list_by_state(db, tmp_path):
    known = synthetic_rgb(96, 128, seed=30)
    jsonl = tmp_path / "events.jsonl"
    with vigil.Engine(db, events_jsonl=str(jsonl)) as engine:
        _known_set(engine, known)
        r = engine.scan_bytes(encode_bmp(known), content_id="upload-1")
        [event_id] = r.event_ids
        with pytest.raises(vigil.InvalidArgumentError):
            engine.resolve_events([event_id], outcome="false_positive")  # no reason
        with pytest.raises(vigil.NotFoundError):
            engine.resolve_events(
                ["00000000-0000-7000-8000-000000000000"], outcome="removed"
            )
        [body] = engine.resolve_events(
            [event_id],
            outcome="false_positive",
            reason="a test card",
            actor="mod-7",
            disable_entry=True,
        )
        state = json.loads(body)["state"]
        assert (state["status"], state["outcome"], state["actor"]) == (
            "dismissed", "false_positive", "mod-7")
        with pytest.raises(vigil.FailedPreconditionError):
            engine.resolve_events([event_id], outcome="removed")
        [dismissed] = engine.list_events_in_state("dismissed")
        assert dismissed.event_id == event_id and dismissed.state == "dismissed"
        assert engine.list_events_in_state("open") == []
        # The entry is disabled: a rescan no longer matches.
        engine.refresh()
        again = engine.scan_bytes(encode_bmp(known), content_id="upload-2")
        assert again.status == "clean"
        # The update document reached the sink.
        assert engine.drain(timeout=60) == 0
        lines = [json.loads(line) for line in jsonl.read_text().splitlines()]
        assert [line["schema"] for line in lines] == [
            "vigil.takedown/1", "vigil.takedown.update/1"]
        assert lines[1]["update"]["takedown_event_id"] == event_id
