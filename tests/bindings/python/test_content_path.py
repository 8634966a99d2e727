# Copyright 2026 The Vigil Authors.
"""One content path (issue #13): `vigil hash`, `vigil scan`, the Python module
and the C API (through ctypes) give identical hashes for the same still
image, animated GIF and video; and hash and block from media in Python."""

import ctypes
import json
import subprocess

import pytest

import vigil
from conftest import bin_dir

MEDIA = ["still.png", "anim.gif", "clip.mp4"]


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    """Benign generated media, written by make_test_media."""
    out = tmp_path_factory.mktemp("media")
    tool = bin_dir() / "bin" / "make_test_media"
    subprocess.run([str(tool), str(out)], check=True, capture_output=True)
    return {name: out / name for name in MEDIA}


def run_json_lines(args):
    r = subprocess.run(args, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return [json.loads(line) for line in r.stdout.splitlines()]


class CHashes:
    """The C API's view of one file's hashes (vigil_hash_file)."""

    FIELDS = {"md5": 6, "sha1": 7, "sha256": 8, "xxh128": 9, "pdq": 10}

    def __init__(self, path):
        lib = ctypes.CDLL(str(bin_dir() / "lib" / "libvigil.so"))
        lib.vigil_hash_file.argtypes = [
            ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p),
            ctypes.c_void_p]
        lib.vigil_hashes_get_string.argtypes = [
            ctypes.c_void_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_char_p),
            ctypes.c_void_p]
        lib.vigil_hashes_get_int.argtypes = [
            ctypes.c_void_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_int64),
            ctypes.c_void_p]
        lib.vigil_hashes_get_frame.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_char_p),
            ctypes.POINTER(ctypes.c_int32), ctypes.POINTER(ctypes.c_int64),
            ctypes.POINTER(ctypes.c_double), ctypes.c_void_p]
        lib.vigil_hashes_destroy.argtypes = [ctypes.c_void_p]
        handle = ctypes.c_void_p()
        assert lib.vigil_hash_file(None, str(path).encode(),
                                   ctypes.byref(handle), None) == 0
        try:
            self.values = {}
            for name, field in self.FIELDS.items():
                s = ctypes.c_char_p()
                if lib.vigil_hashes_get_string(handle, field, ctypes.byref(s),
                                               None) == 0:
                    self.values[name] = s.value.decode()
            n = ctypes.c_int64()
            assert lib.vigil_hashes_get_int(handle, 14, ctypes.byref(n),
                                            None) == 0
            code = ctypes.c_int64()
            assert lib.vigil_hashes_get_int(handle, 15, ctypes.byref(code),
                                            None) == 0
            self.check_code = code.value
            self.frames = []
            for i in range(n.value):
                pdq, quality = ctypes.c_char_p(), ctypes.c_int32()
                number, ts = ctypes.c_int64(), ctypes.c_double()
                assert lib.vigil_hashes_get_frame(
                    handle, i, ctypes.byref(pdq), ctypes.byref(quality),
                    ctypes.byref(number), ctypes.byref(ts), None) == 0
                self.frames.append({"frame": number.value, "timestamp": ts.value,
                                    "pdq": pdq.value.decode(),
                                    "quality": quality.value})
            pdq = ctypes.c_char_p()
            assert lib.vigil_hashes_get_frame(handle, n.value, ctypes.byref(pdq),
                                              None, None, None, None) == 2  # NOT_FOUND
        finally:
            lib.vigil_hashes_destroy(handle)


def test_hash_scan_python_and_c_agree(media, vigil_cli, tmp_path):
    paths = [str(media[name]) for name in MEDIA]
    cli = {j["path"]: j for j in run_json_lines([vigil_cli, "hash"] + paths)}
    db = str(tmp_path / "db")
    subprocess.run([vigil_cli, "--db", db, "hashset", "create", "any",
                    "--types", "md5"], check=True, capture_output=True)
    scan = {j["path"]: j for j in run_json_lines(
        [vigil_cli, "--db", db, "scan", "--video-exact"] + paths)}
    for path in paths:
        want = cli[path]
        assert "error" not in want, want
        py = vigil.hash_file(path).to_dict()
        c = CHashes(path)
        for key in ["md5", "sha1", "sha256", "xxh128"]:
            assert py[key] == want[key], (path, key)
            assert c.values[key] == want[key], (path, key)
        # scan prints its sha256, PDQ and frame count for every file.
        assert scan[path]["status"] == "clean", scan[path]
        assert scan[path]["sha256"] == want["sha256"]
        assert scan[path]["media_type"] == want["media_type"] == py["media_type"]
        assert scan[path]["bytes"] == want["bytes"] == py["bytes"]
        assert py.get("pdq") == want.get("pdq") == scan[path].get("pdq")
        assert c.values.get("pdq") == want.get("pdq")
        assert py.get("pdq_quality") == want.get("pdq_quality")
        assert py.get("vpdq") == want.get("vpdq")
        assert c.frames == want.get("vpdq", [])
        assert c.check_code == 0
        assert py.get("error") is None
        if "vpdq" in want:
            assert py["video"] == want["video"]
            assert (scan[path]["video"]["frames_hashed"]
                    == want["video"]["frames_hashed"])
    # What each kind of input yields.
    gif, mp4 = cli[paths[1]], cli[paths[2]]
    assert "pdq" in cli[paths[0]] and "vpdq" not in cli[paths[0]]
    assert "pdq" in gif and len(gif["vpdq"]) > 1
    assert "pdq" not in mp4 and len(mp4["vpdq"]) == 2


def test_hash_bytes_of_a_video_gives_its_frames(media):
    data = media["clip.mp4"].read_bytes()
    h = vigil.hash_bytes(data)
    assert h.error is None
    assert h.vpdq == vigil.hash_file(str(media["clip.mp4"])).vpdq
    assert len(h.vpdq) == 2 and h.video["frames_hashed"] == 2
    opaque = vigil.hash_bytes(data, video=False)
    assert opaque.vpdq is None and opaque.error["code"] == "unsupported_format"
    assert opaque.sha256 == h.sha256


def test_add_media_hash_and_block(media, tmp_path):
    store = vigil.HashsetStore(str(tmp_path / "db"))
    try:
        store.create_hashset("own", ["md5", "pdq", "vpdq"], action="block")
        r = store.add_media("own", str(media["still.png"]), external_id="c-1")
        assert r.added == 2 and r.warnings == []
        assert [t for t, _ in r.signals] == ["md5", "pdq"]
        assert r.signals[1][1] == vigil.hash_file(
            str(media["still.png"]), pdq_mode="full").pdq
        # A video, from bytes, with its halves: md5 + 5 vpdq signals.
        v = store.add_media("own", media["clip.mp4"].read_bytes(),
                            half_frames=True)
        assert [t for t, _ in v.signals] == ["md5"] + ["vpdq"] * 5
        assert v.added == 6
        # A path-like works too; nothing new the second time.
        again = store.add_media("own", media["still.png"])
        assert (again.added, again.existing) == (0, 2)
        store.create_hashset("md5-only", ["md5"])
        w = store.add_media("md5-only", str(media["clip.mp4"]))
        assert w.added == 1 and "has no vpdq type" in w.warnings[0]
        store.create_hashset("vpdq-only", ["vpdq"])
        with pytest.raises(vigil.InvalidArgumentError):
            store.add_media("vpdq-only", str(media["still.png"]))
        with pytest.raises(vigil.NotFoundError):
            store.add_media("own", str(tmp_path / "missing.png"))
    finally:
        store.close()
