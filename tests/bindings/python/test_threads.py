# Copyright 2026 The Vigil Authors.
"""Threads: results are right under concurrency, and the GIL is released.

No test here measures speed. GIL release is checked structurally:
- `_runs_while`: with sys.setswitchinterval() raised far above the length of
  the call, the interpreter never forces a thread switch, so a second Python
  thread can run during a call only if the call itself releases the GIL. A
  ticker thread records timestamps; we count those strictly inside the call.
  A control call that holds the GIL (sorting a list) must record none, which
  shows the harness can tell the two apart.
- import_file("-") reads the child process's stdin, which blocks inside the
  engine until the parent writes; the child's main thread must still be
  able to run Python meanwhile, or the parent's wait times out.
"""

import concurrent.futures
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np

import vigil
from conftest import encode_bmp, synthetic_rgb


def _runs_while(call):
    """Number of times another Python thread ran during call()."""
    stamps = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            stamps.append(time.monotonic_ns())
            time.sleep(0.0002)  # releases the GIL between ticks

    old = sys.getswitchinterval()
    sys.setswitchinterval(60.0)
    t = threading.Thread(target=ticker)
    t.start()
    try:
        time.sleep(0.02)
        start = time.monotonic_ns()
        call()
        end = time.monotonic_ns()
    finally:
        stop.set()
        t.join()
        sys.setswitchinterval(old)
    return sum(1 for s in stamps if start < s < end)


def _assert_releases_gil(call):
    # Retried: on a loaded machine the ticker may not be scheduled at once.
    for _ in range(3):
        if _runs_while(call) > 0:
            return
    raise AssertionError("no other Python thread ran during the call")


def test_harness_detects_a_gil_holding_call():
    data = list(np.random.default_rng(0).permutation(400_000))
    assert _runs_while(lambda: sorted(data)) == 0


def test_hash_pixels_releases_gil():
    big = synthetic_rgb(1500, 1500, seed=1)
    _assert_releases_gil(lambda: vigil.hash_pixels(big, dihedral=True))


def test_hash_bytes_releases_gil():
    bmp = encode_bmp(synthetic_rgb(1200, 1200, seed=2))
    _assert_releases_gil(lambda: vigil.hash_bytes(bmp, dihedral=True))


def test_hash_file_releases_gil(tmp_path):
    path = tmp_path / "big.bmp"
    path.write_bytes(encode_bmp(synthetic_rgb(1200, 1200, seed=3)))
    _assert_releases_gil(lambda: vigil.hash_file(str(path), dihedral=True))


def test_store_import_releases_gil(tmp_path):
    with vigil.HashsetStore(str(tmp_path / "db")) as store:
        store.create_hashset("big", ["md5"])
        text = "".join(f"{i:032x}\n" for i in range(200_000))
        _assert_releases_gil(
            lambda: store.import_text("big", text, format="plain", type="md5"))
        assert store.get_hashset("big").total_entries == 200_000


def test_blocked_import_does_not_hold_gil(tmp_path):
    child = textwrap.dedent("""
        import sys, threading, vigil
        store = vigil.HashsetStore(sys.argv[1])
        store.create_hashset("s", ["md5"])
        result = {}
        def importer():
            result["r"] = store.import_file("s", "-", format="plain", type="md5")
        t = threading.Thread(target=importer)
        t.start()
        # The importer is blocked reading stdin inside the engine. Printing
        # needs the GIL: this line runs only if the importer released it.
        threading.Event().wait(0.3)
        print("alive", flush=True)
        t.join()
        print("added", result["r"].added, flush=True)
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", child, str(tmp_path / "db")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        # A deadlock would leave this read blocked: watchdog it.
        timer = threading.Timer(30, proc.kill)
        timer.start()
        first = proc.stdout.readline().strip()
        timer.cancel()
        assert first == "alive", "the child's main thread could not run"
        proc.stdin.write("".join(f"{i:032x}\n" for i in range(1, 6)))
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0
        out = proc.stdout.read()
        assert out.strip() == "added 5"
        assert proc.returncode == 0
    finally:
        if proc.poll() is None:
            proc.kill()


def test_hashing_from_threads_matches_sequential(demo_jpegs):
    images = [synthetic_rgb(200, 240, seed=s) for s in range(8)]
    expected_pixels = [vigil.hash_pixels(im, dihedral=True).to_dict() for im in images]
    expected_files = [vigil.hash_file(str(p)).to_dict() for p in demo_jpegs]
    datas = [p.read_bytes() for p in demo_jpegs]
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        for _ in range(3):
            got_pixels = list(pool.map(lambda im: vigil.hash_pixels(im, dihedral=True).to_dict(), images))
            got_files = list(pool.map(lambda p: vigil.hash_file(str(p)).to_dict(), demo_jpegs))
            got_bytes = list(pool.map(lambda d: vigil.hash_bytes(d).to_dict(), datas))
            assert got_pixels == expected_pixels
            assert got_files == expected_files
            for got, want in zip(got_bytes, expected_files):
                want = dict(want)
                del want["path"]
                assert got == want


def test_store_from_threads(tmp_path):
    with vigil.HashsetStore(str(tmp_path / "db")) as store:
        store.create_hashset("s", ["md5"])

        def add(i):
            return store.add_signal("s", "md5", f"{i:032x}", external_id=f"e{i}").added

        with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
            added = list(pool.map(add, range(300)))
            again = list(pool.map(add, range(300)))
        assert sum(added) == 300 and sum(again) == 0
        assert store.get_hashset("s").total_entries == 300


def test_engine_scan_releases_gil_and_is_correct_under_threads(tmp_path):
    known = [synthetic_rgb(120, 160, seed=s) for s in range(60, 64)]
    others = [synthetic_rgb(120, 160, seed=s) for s in range(70, 74)]
    with vigil.Engine(str(tmp_path / "db")) as engine:
        engine.store.create_hashset("known", ["pdq"])
        for image in known:
            engine.store.add_hashes("known", vigil.hash_pixels(image))
        engine.refresh()
        big = encode_bmp(synthetic_rgb(1200, 1200, seed=75))
        n = [0]

        def fresh_scan():  # new content id and bytes each time: no cache
            n[0] += 1
            engine.scan_bytes(big + bytes([n[0]]), content_id=f"big-{n[0]}")

        _assert_releases_gil(fresh_scan)

        uploads = [(encode_bmp(im), True) for im in known] + \
                  [(encode_bmp(im), False) for im in others]
        with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
            results = list(pool.map(
                lambda iu: engine.scan_bytes(iu[1][0], content_id=f"u{iu[0]}"),
                enumerate(uploads * 3)))
        for (data, is_known), r in zip(uploads * 3, results):
            assert r.status == ("match" if is_known else "clean")
        assert len(engine.list_events()) == 3 * len(known)
