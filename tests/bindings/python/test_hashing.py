# Copyright 2026 The Vigil Authors.
"""vigil.hash_file / hash_bytes / hash_pixels."""

import hashlib
import json
import mmap
import subprocess

import numpy as np
import pytest

import vigil
from conftest import encode_bmp, hamming, synthetic_rgb

CLI_FIELDS = [
    "path", "media_type", "width", "height", "bytes", "md5", "sha1", "sha256",
    "xxh128", "pdq", "pdq_quality", "exif_orientation", "pdq_dihedral",
    # Issue #14: the PDQ of the picture inside uniform borders, when found.
    "unletterboxed", "unletterboxed_quality", "unletterboxed_crop",
    # ... the strict reading's, and one-sided crops' (a band on one side).
    "unletterboxed_strict", "unletterboxed_strict_quality",
    "unletterboxed_strict_crop", "unletterboxed_one_side",
]


def cli_hash(cli, paths, *flags):
    out = subprocess.run([cli, "hash", *flags, *map(str, paths)],
                         capture_output=True, text=True)
    assert out.returncode in (0, 3), out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


@pytest.mark.parametrize("flags,kwargs", [
    ((), {}),
    (("--dihedral",), {"dihedral": True}),
    (("--pdq-mode", "full"), {"pdq_mode": "full"}),
])
def test_hash_file_equals_cli_json(vigil_cli, demo_dir, flags, kwargs):
    files = sorted(p for p in demo_dir.rglob("*") if p.is_file())
    assert len(files) >= 5
    expected = cli_hash(vigil_cli, files, *flags)
    assert len(expected) == len(files)
    for path, want in zip(files, expected):
        got = vigil.hash_file(str(path), **kwargs).to_dict()
        assert got == want, path


def test_hash_pixels_equals_cli_raw_pixels(vigil_cli, tmp_path):
    rgb = synthetic_rgb(90, 130, seed=5)
    raw = tmp_path / "frame.rgb"
    raw.write_bytes(rgb.tobytes())
    (want,) = cli_hash(vigil_cli, [raw], "--pixels", "rgb24:130x90")
    got = vigil.hash_pixels(rgb).to_dict()
    del want["path"]
    assert got == want


def test_fields_of_a_jpeg(demo_jpegs):
    h = vigil.hash_file(str(demo_jpegs[0]))
    data = demo_jpegs[0].read_bytes()
    assert h.path == str(demo_jpegs[0])
    assert h.media_type == "image/jpeg"
    assert h.bytes == len(data)
    assert h.md5 == hashlib.md5(data).hexdigest()
    assert h.sha1 == hashlib.sha1(data).hexdigest()
    assert h.sha256 == hashlib.sha256(data).hexdigest()
    assert len(h.xxh128) == 32
    assert h.width > 0 and h.height > 0
    assert len(h.pdq) == 64 and 0 <= h.pdq_quality <= 100
    assert h.pdq_dihedral is None
    assert h.error is None
    assert set(h.to_dict()) <= set(CLI_FIELDS)
    assert "Hashes(" in repr(h)


def test_hash_bytes_accepts_bytes_like(demo_jpegs):
    data = demo_jpegs[0].read_bytes()
    want = vigil.hash_file(str(demo_jpegs[0])).to_dict()
    del want["path"]
    with open(demo_jpegs[0], "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        views = [data, bytearray(data), memoryview(data),
                 np.frombuffer(data, dtype=np.uint8), m]
        for view in views:
            h = vigil.hash_bytes(view)
            assert h.path is None
            assert h.to_dict() == want, type(view)


def test_hash_bytes_rejects_non_buffers():
    with pytest.raises(TypeError):
        vigil.hash_bytes("text is not bytes")
    with pytest.raises(TypeError):
        vigil.hash_bytes(12)


def test_not_an_image_gives_digests_and_error():
    data = b"plain text upload"
    h = vigil.hash_bytes(data)
    assert h.sha256 == hashlib.sha256(data).hexdigest()
    assert h.pdq is None and h.pdq_quality is None
    assert h.error["code"] == "unsupported_format"
    assert h.error["message"]
    assert h.to_dict()["error"] == h.error
    assert "pdq" not in h.to_dict()


def test_corrupt_image_error():
    bmp = encode_bmp(synthetic_rgb(40, 40, seed=1))
    h = vigil.hash_bytes(bmp[:100])
    assert h.media_type == "image/bmp"
    assert h.error["code"] == "corrupt_input"
    assert h.pdq is None


def test_pdq_false_gives_digests_only(demo_jpegs):
    h = vigil.hash_file(str(demo_jpegs[0]), pdq=False)
    assert h.pdq is None and h.error is None
    assert h.width > 0


def test_bmp_bytes_hash_like_its_pixels():
    rgb = synthetic_rgb(120, 160, seed=2)
    from_bytes = vigil.hash_bytes(encode_bmp(rgb))
    from_pixels = vigil.hash_pixels(rgb)
    assert from_bytes.media_type == "image/bmp"
    assert from_bytes.pdq == from_pixels.pdq
    assert from_bytes.pdq_quality == from_pixels.pdq_quality
    assert (from_bytes.width, from_bytes.height) == (160, 120)


def test_hash_pixels_digests_are_of_packed_pixels():
    rgb = synthetic_rgb(64, 80, seed=3)
    h = vigil.hash_pixels(rgb)
    assert h.media_type == "image/x-raw-rgb24"
    assert h.bytes == rgb.nbytes
    assert h.md5 == hashlib.md5(rgb.tobytes()).hexdigest()
    # A non-contiguous view hashes as its packed copy.
    big = synthetic_rgb(100, 120, seed=4)
    view = big[10:74:1, 20:100]
    assert not view.flags.c_contiguous
    assert vigil.hash_pixels(view).to_dict() == vigil.hash_pixels(view.copy()).to_dict()
    assert vigil.hash_pixels(view).sha1 == hashlib.sha1(view.tobytes()).hexdigest()


def test_hash_pixels_grey():
    rgb = synthetic_rgb(64, 64, seed=6)
    grey = np.ascontiguousarray(rgb[..., 1])
    h = vigil.hash_pixels(grey)
    assert h.media_type == "image/x-raw-gray8"
    assert h.bytes == grey.nbytes
    assert h.sha256 == hashlib.sha256(grey.tobytes()).hexdigest()
    # Grey v and RGB (v, v, v) are the same picture: (nearly) the same PDQ.
    rgb_of_grey = np.repeat(grey[..., None], 3, axis=2)
    assert hamming(h.pdq, vigil.hash_pixels(rgb_of_grey).pdq) <= 4


@pytest.mark.parametrize("bad", [
    np.zeros((10, 10, 3), dtype=np.float32),
    np.zeros((10, 10, 3), dtype=np.uint16),
    np.zeros((10, 10, 4), dtype=np.uint8),
    np.zeros((10,), dtype=np.uint8),
    np.zeros((2, 10, 10, 3), dtype=np.uint8),
    np.zeros((0, 10, 3), dtype=np.uint8),
])
def test_hash_pixels_rejects_bad_arrays(bad):
    with pytest.raises(vigil.InvalidArgumentError) as e:
        vigil.hash_pixels(bad)
    assert e.value.code == 1
    assert isinstance(e.value, ValueError)


def test_dihedral_variants_match_transformed_images():
    rgb = synthetic_rgb(150, 200, seed=7)
    h = vigil.hash_pixels(rgb, dihedral=True)
    variants = h.pdq_dihedral
    assert len(variants) == 8 and variants[0] == h.pdq
    transforms = {
        1: np.rot90(rgb, 1),            # 90 degrees counter-clockwise
        2: np.rot90(rgb, 2),
        3: np.rot90(rgb, 3),
        4: rgb[::-1],                   # rows reversed
        5: rgb[:, ::-1],                # columns reversed
        6: rgb.transpose(1, 0, 2),      # main diagonal
        7: np.rot90(rgb, 2).transpose(1, 0, 2),  # anti-diagonal
    }
    for index, image in transforms.items():
        got = vigil.hash_pixels(np.ascontiguousarray(image)).pdq
        distances = [hamming(got, v) for v in variants]
        # The variants are computed from the original's DCT, so they equal
        # the transformed image's hash only up to the filter's asymmetry:
        # close, and closer than any other variant.
        assert distances[index] == min(distances), (index, distances)
        assert distances[index] <= 48, (index, distances)
        assert hamming(got, h.pdq) > 64, index


def test_full_and_fast_modes_agree_closely(demo_jpegs):
    for path in demo_jpegs:
        fast = vigil.hash_file(str(path))
        full = vigil.hash_file(str(path), pdq_mode="full")
        assert fast.sha256 == full.sha256
        assert hamming(fast.pdq, full.pdq) <= 10, path


def test_bad_pdq_mode():
    with pytest.raises(vigil.InvalidArgumentError, match="pdq_mode|PDQ mode"):
        vigil.hash_bytes(b"x", pdq_mode="slow")
