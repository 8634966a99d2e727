# Copyright 2026 The Vigil Authors.
"""Status errors become vigil.Error subclasses carrying the code."""

import os

import pytest

import vigil

# (class name, code, code name): vigil::StatusCode, never renumbered.
CODES = [
    ("InvalidArgumentError", 1, "invalid_argument"),
    ("NotFoundError", 2, "not_found"),
    ("AlreadyExistsError", 3, "already_exists"),
    ("UnsupportedFormatError", 4, "unsupported_format"),
    ("CorruptInputError", 5, "corrupt_input"),
    ("LimitExceededError", 6, "limit_exceeded"),
    ("IoError", 7, "io_error"),
    ("FailedPreconditionError", 8, "failed_precondition"),
    ("InternalError", 9, "internal"),
    ("UnavailableError", 10, "unavailable"),
    ("CancelledError", 11, "cancelled"),
    ("PermissionDeniedError", 12, "permission_denied"),
]


@pytest.mark.parametrize("name,code,code_name", CODES)
def test_error_classes(name, code, code_name):
    cls = getattr(vigil, name)
    assert issubclass(cls, vigil.Error)
    assert issubclass(cls, Exception)
    assert cls.code == code
    assert cls.code_name == code_name
    assert cls.__doc__
    assert cls.__module__ == "vigil"


def test_base_class():
    assert issubclass(vigil.Error, Exception)
    assert vigil.Error.code is None
    assert vigil.Error.__doc__


def test_not_found_carries_code_and_message(tmp_path):
    missing = tmp_path / "nope.jpg"
    with pytest.raises(vigil.NotFoundError) as e:
        vigil.hash_file(str(missing))
    err = e.value
    assert isinstance(err, vigil.Error)
    assert err.code == 2
    assert err.code_name == "not_found"
    assert err.message and err.message in str(err)


def test_directory_is_invalid_argument(tmp_path):
    with pytest.raises(vigil.InvalidArgumentError) as e:
        vigil.hash_file(str(tmp_path))
    assert e.value.code == 1
    assert isinstance(e.value, ValueError)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_is_permission_denied(tmp_path):
    p = tmp_path / "locked.bin"
    p.write_bytes(b"x")
    p.chmod(0)
    with pytest.raises(vigil.PermissionDeniedError) as e:
        vigil.hash_file(str(p))
    assert e.value.code == 12


def test_store_errors_have_codes(tmp_path):
    with vigil.HashsetStore(str(tmp_path / "db")) as store:
        store.create_hashset("a", ["md5"])
        with pytest.raises(vigil.AlreadyExistsError) as e:
            store.create_hashset("a", ["md5"])
        assert e.value.code == 3
        with pytest.raises(vigil.NotFoundError):
            store.get_hashset("b")
        with pytest.raises(vigil.UnavailableError) as e:
            vigil.HashsetStore(str(tmp_path / "db"))
        assert e.value.code == 10
    with pytest.raises(vigil.NotFoundError):
        vigil.HashsetStore(str(tmp_path / "missing"), create=False)
