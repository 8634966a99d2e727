# Copyright 2026 The Vigil Authors.
"""One JSON shape: `vigil scan`, Python's to_dict() and the C API's
vigil_scan_get_json give the same object for the same scan (vigil/json.h)."""

import ctypes
import json
import subprocess

import vigil
from conftest import bin_dir

VIGIL_ENGINE_DIHEDRAL = 2


def _c_api():
    lib = ctypes.CDLL(str(bin_dir() / "lib" / "libvigil.so"))
    p = ctypes.c_void_p
    pp = ctypes.POINTER(ctypes.c_void_p)
    lib.vigil_engine_open.argtypes = [ctypes.c_char_p, ctypes.c_uint32, p,
                                      ctypes.c_char_p, pp, pp]
    lib.vigil_engine_scan_file.argtypes = [p, ctypes.c_char_p, ctypes.c_char_p,
                                           ctypes.c_char_p, pp, pp]
    lib.vigil_scan_get_json.argtypes = [p, pp, pp]
    lib.vigil_hashes_get_json.argtypes = [p, pp, pp]
    lib.vigil_hash_file.argtypes = [p, ctypes.c_char_p, pp, pp]
    for name in ("vigil_free", "vigil_scan_destroy", "vigil_engine_close",
                 "vigil_hashes_destroy"):
        getattr(lib, name).argtypes = [p]
        getattr(lib, name).restype = None
    return lib


def _take_string(lib, ptr):
    text = ctypes.string_at(ptr.value).decode()
    lib.vigil_free(ptr)
    return text


def _c_scan_json(lib, db, paths):
    engine, err = ctypes.c_void_p(), ctypes.c_void_p()
    code = lib.vigil_engine_open(db.encode(), VIGIL_ENGINE_DIHEDRAL, None, None,
                                 ctypes.byref(engine), ctypes.byref(err))
    assert code == 0, _take_string(lib, err)
    out = []
    try:
        for path in paths:
            scan, text = ctypes.c_void_p(), ctypes.c_void_p()
            assert lib.vigil_engine_scan_file(engine, str(path).encode(), None, None,
                                              ctypes.byref(scan), None) == 0
            assert lib.vigil_scan_get_json(scan, ctypes.byref(text), None) == 0
            out.append(json.loads(_take_string(lib, text)))
            lib.vigil_scan_destroy(scan)
    finally:
        lib.vigil_engine_close(engine)
    return out


def test_scan_json_is_identical_in_cli_python_and_c(tmp_path, vigil_cli, demo_dir):
    db = str(tmp_path / "db")
    missing = tmp_path / "missing.jpg"
    files = sorted((demo_dir / "uploads").glob("*")) + [missing]
    (tmp_path / "notes.txt").write_text("not an image\n")
    files.append(tmp_path / "notes.txt")
    run = lambda *args: subprocess.run([vigil_cli, "--db", db, *map(str, args)],
                                       capture_output=True, text=True)
    assert run("hashset", "create", "demo", "--types", "pdq,md5,sha256",
               "--action", "block").returncode == 0
    added = run("hashset", "add", "demo", *sorted((demo_dir / "known").glob("*")))
    assert added.returncode == 0, added.stderr
    # The CLI records the events; the later scans find the same ones (same
    # idempotency keys), so even the event ids agree.
    out = run("scan", "--dihedral", "--progress", "never", *files)
    cli = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(cli) == len(files), out.stderr
    with vigil.Engine(db, dihedral=True) as engine:
        py = [engine.scan_file(str(p)).to_dict() for p in files]
    c = _c_scan_json(_c_api(), db, files)

    statuses = {r["status"] for r in cli}
    assert statuses == {"match", "clean", "error"}, statuses
    variants = {m.get("variant") for r in cli for m in r["matches"]}
    assert variants - {"original", None}, "no dihedral variant matched"
    assert any(r["event_ids"] for r in cli)
    for want, got_py, got_c in zip(cli, py, c):
        assert got_c == got_py
        if want["path"] == str(missing):
            # The CLI's path walker fails at stat(), the engine at open():
            # same record and code, each with its own message.
            assert want["error"]["code"] == got_py["error"]["code"] == "not_found"
            for r in (want, got_py):
                r["error"].pop("message")
        assert got_py == want


def test_hash_json_is_identical_in_cli_python_and_c(vigil_cli, demo_dir):
    files = sorted((demo_dir / "uploads").glob("*"))
    out = subprocess.run([vigil_cli, "hash", *map(str, files)],
                         capture_output=True, text=True)
    cli = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(cli) == len(files), out.stderr
    lib = _c_api()
    for path, want in zip(files, cli):
        assert vigil.hash_file(str(path)).to_dict() == want
        hashes, text = ctypes.c_void_p(), ctypes.c_void_p()
        assert lib.vigil_hash_file(None, str(path).encode(), ctypes.byref(hashes),
                                   None) == 0
        assert lib.vigil_hashes_get_json(hashes, ctypes.byref(text), None) == 0
        lib.vigil_hashes_destroy(hashes)
        assert json.loads(_take_string(lib, text)) == want
