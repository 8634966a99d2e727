# Type stubs of the `vigil` extension module (bindings/python).
# Keep in step with the pybind11 definitions in bindings/python/*.cc.

import os
from typing import Any, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

__version__: str

def version() -> str:
    """The engine's version, MAJOR.MINOR.PATCH."""

def build_info() -> str:
    """One line: version, compiler, build type, SIMD level."""

# --- errors -----------------------------------------------------------------

class Error(Exception):
    """Base class of every error raised by Vigil."""

    code: Optional[int]
    """The vigil::StatusCode number (1 invalid_argument .. 12
    permission_denied); None only on the base class itself."""
    code_name: Optional[str]
    """Its stable name, e.g. 'not_found'."""
    message: str
    """The engine's message."""

class InvalidArgumentError(Error, ValueError): ...  # code 1
class NotFoundError(Error): ...  # code 2
class AlreadyExistsError(Error): ...  # code 3
class UnsupportedFormatError(Error): ...  # code 4
class CorruptInputError(Error): ...  # code 5
class LimitExceededError(Error): ...  # code 6
class IoError(Error): ...  # code 7
class FailedPreconditionError(Error): ...  # code 8
class InternalError(Error): ...  # code 9
class UnavailableError(Error): ...  # code 10
class CancelledError(Error): ...  # code 11
class PermissionDeniedError(Error): ...  # code 12

# --- hashing ----------------------------------------------------------------

BytesLike = Union[bytes, bytearray, memoryview]

class Hashes:
    """The hashes of one input; the fields of `vigil hash` JSON output."""

    @property
    def path(self) -> Optional[str]: ...
    @property
    def media_type(self) -> str: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def bytes(self) -> int: ...
    @property
    def md5(self) -> str: ...
    @property
    def sha1(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def xxh128(self) -> str: ...
    @property
    def pdq(self) -> Optional[str]: ...
    @property
    def pdq_quality(self) -> Optional[int]: ...
    @property
    def exif_orientation(self) -> int: ...
    @property
    def pdq_dihedral(self) -> Optional[list[str]]: ...
    @property
    def vpdq(self) -> Optional[list[dict[str, Any]]]:
        """A video's or an animated GIF / WebP's frame hashes:
        [{'frame', 'timestamp', 'pdq', 'quality'}, ...], or None."""
    @property
    def video(self) -> Optional[dict[str, Any]]:
        """{'codec', 'frame_rate', 'duration', 'frame_interval',
        'frames_decoded', 'frames_hashed'} when there are frames, or None."""
    @property
    def error(self) -> Optional[dict[str, str]]:
        """Why the input was not checked perceptually (no PDQ and no frame
        hashes): {'code': ..., 'message': ...}, or None. Never treat such an
        input as clean."""
    def to_dict(self) -> dict[str, Any]:
        """Keys and omissions exactly as one `vigil hash` JSON line."""

def hash_file(
    path: str,
    *,
    dihedral: bool = False,
    pdq: bool = True,
    pdq_mode: str = "fast",
    video: bool = True,
) -> Hashes:
    """Reads and hashes a file as `vigil hash` does: images, animated GIF /
    WebP frames, videos (streamed when large) (GIL released)."""

def hash_bytes(
    data: BytesLike,
    *,
    dihedral: bool = False,
    pdq: bool = True,
    pdq_mode: str = "fast",
    video: bool = True,
) -> Hashes:
    """Hashes bytes held in memory, e.g. an upload (GIL released)."""

def hash_pixels(
    pixels: npt.NDArray[np.uint8],
    *,
    dihedral: bool = False,
    pdq: bool = True,
    pdq_mode: str = "fast",
) -> Hashes:
    """Hashes a (height, width, 3) RGB or (height, width) grey uint8 array."""

# --- hash-set store ---------------------------------------------------------

class Hashset:
    """A hash set's configuration and counts (a snapshot)."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def signal_types(self) -> list[str]: ...
    @property
    def action(self) -> str: ...
    @property
    def thresholds(self) -> dict[str, int]: ...
    @property
    def min_quality(self) -> dict[str, int]: ...
    @property
    def source(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def entries(self) -> dict[str, int]:
        """Entries per signal type (types without entries absent)."""
    @property
    def total_entries(self) -> int: ...
    @property
    def created_at_ms(self) -> int: ...
    @property
    def updated_at_ms(self) -> int: ...
    @property
    def last_change_seq(self) -> int: ...
    def to_dict(self) -> dict[str, Any]: ...

class ImportResult:
    @property
    def format(self) -> str: ...
    @property
    def lines(self) -> int: ...
    @property
    def records(self) -> int: ...
    @property
    def added(self) -> int: ...
    @property
    def duplicates(self) -> int: ...
    @property
    def version(self) -> int: ...
    @property
    def change_seq(self) -> int: ...

class AddResult:
    @property
    def added(self) -> int: ...
    @property
    def existing(self) -> int: ...
    @property
    def version(self) -> int: ...
    @property
    def change_seq(self) -> int: ...

class AddMediaResult:
    """What Store.add_media did."""

    @property
    def added(self) -> int: ...
    @property
    def existing(self) -> int: ...
    @property
    def version(self) -> int: ...
    @property
    def change_seq(self) -> int: ...
    @property
    def signals(self) -> list[Tuple[str, str]]:
        """(type, hex) of each signal stored; a vpdq signal by its id."""
    @property
    def warnings(self) -> list[str]:
        """Hashes left out (quality, type not allowed), one line each."""

class RemoveResult:
    @property
    def removed(self) -> int: ...
    @property
    def version(self) -> int: ...
    @property
    def change_seq(self) -> int: ...

class ChangeRecord:
    @property
    def seq(self) -> int: ...
    @property
    def op(self) -> str: ...
    @property
    def hashset(self) -> str: ...
    @property
    def time_ms(self) -> int: ...
    @property
    def json(self) -> str: ...

class HashsetStore:
    """The hash-set store in a directory (thread-safe; GIL released)."""

    def __init__(self, path: str, *, read_only: bool = False, create: bool = True) -> None: ...
    def close(self) -> None: ...
    @property
    def closed(self) -> bool: ...
    def __enter__(self) -> "HashsetStore": ...
    def __exit__(self, *exc: object) -> None: ...
    def create_hashset(
        self,
        name: str,
        signal_types: Sequence[str],
        *,
        action: str = "review",
        thresholds: dict[str, int] = ...,
        min_quality: dict[str, int] = ...,
        source: str = "",
        description: str = "",
        actor: str = "",
    ) -> Hashset: ...
    def delete_hashset(self, name: str, *, reason: str, actor: str = "") -> None: ...
    def get_hashset(self, name: str) -> Hashset: ...
    def list_hashsets(self) -> list[Hashset]: ...
    def import_file(
        self, name: str, path: str, *, format: str = "auto", type: Optional[str] = None,
        actor: str = "",
    ) -> ImportResult: ...
    def import_text(
        self, name: str, text: Union[str, bytes], *, format: str = "auto",
        type: Optional[str] = None, actor: str = "", source_name: str = "",
    ) -> ImportResult: ...
    def add_signal(
        self, name: str, type: str, hex: str, *, external_id: str = "",
        category: str = "", note: str = "", actor: str = "",
    ) -> AddResult: ...
    def add_hashes(
        self, name: str, hashes: Hashes, *, external_id: str = "",
        category: str = "", note: str = "", actor: str = "",
    ) -> AddResult: ...
    def add_media(
        self, name: str, media: Union[str, "os.PathLike[str]", BytesLike], *,
        half_frames: bool = False, remove_bars: bool = False,
        external_id: str = "", category: str = "", note: str = "",
        actor: str = "",
    ) -> AddMediaResult:
        """Hash and block from a file or bytes (full-resolution PDQ, exact
        video decoding), as `vigil hashset add NAME MEDIA`."""
    def remove(
        self, name: str, *, signal: Optional[Tuple[str, str]] = None,
        external_id: Optional[str] = None, reason: str, actor: str = "",
    ) -> RemoveResult: ...
    def export(self, name: str, *, format: str = "csv", type: Optional[str] = None) -> str: ...
    def read_log(self, since: int = 0, limit: int = 0) -> list[ChangeRecord]: ...

# --- engine: scanning and takedown events -----------------------------------

class Match:
    """The best match of scanned content against one hash set."""

    @property
    def hashset(self) -> str: ...
    @property
    def hashset_id(self) -> int: ...
    @property
    def signal_type(self) -> str: ...
    @property
    def distance(self) -> int: ...
    @property
    def threshold(self) -> int: ...
    @property
    def hash(self) -> str: ...
    @property
    def query_hash(self) -> str: ...
    @property
    def quality(self) -> Optional[int]: ...
    @property
    def variant(self) -> Optional[str]: ...
    @property
    def external_id(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def event_id(self) -> Optional[str]: ...
    def to_dict(self) -> dict[str, Any]:
        """Keys as in `vigil scan` output."""

class ScanResult:
    """The result of one scan."""

    @property
    def content_id(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def status(self) -> str:
        """'clean', 'match' or 'error'."""
    @property
    def error(self) -> Optional[dict[str, str]]: ...
    @property
    def hashes(self) -> Optional[Hashes]: ...
    @property
    def matches(self) -> list[Match]: ...
    @property
    def event_ids(self) -> list[str]: ...
    @property
    def cached(self) -> bool: ...
    @property
    def matched(self) -> bool: ...
    def to_dict(self) -> dict[str, Any]:
        """Keys as one `vigil scan` JSON line ('path' is the content id)."""

class Event:
    """A stored takedown event (schema vigil.takedown/1)."""

    @property
    def event_id(self) -> str: ...
    @property
    def idempotency_key(self) -> str: ...
    @property
    def created_at_ms(self) -> int: ...
    @property
    def content_id(self) -> str: ...
    @property
    def hashset(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def acked(self) -> bool: ...
    @property
    def acked_at_ms(self) -> Optional[int]: ...
    @property
    def acked_by(self) -> Optional[str]: ...
    @property
    def state(self) -> str:
        """'open', 'actioned' or 'dismissed' (details in to_dict()['state'])."""
    @property
    def json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]:
        """As `vigil events list` prints it."""

class Engine:
    """The scanning engine over a store (thread-safe; GIL released)."""

    def __init__(
        self,
        db: str,
        *,
        read_only: bool = False,
        dihedral: bool = False,
        pdq_mode: str = "fast",
        hashsets: Sequence[str] = ...,
        events_jsonl: Optional[str] = None,
        load_indexes: bool = True,
        threads: int = 0,
        events: Sequence[str] = ...,
    ) -> None: ...
    def close(self) -> None: ...
    @property
    def closed(self) -> bool: ...
    def __enter__(self) -> "Engine": ...
    def __exit__(self, *exc: object) -> None: ...
    @property
    def store(self) -> HashsetStore: ...
    def scan_file(
        self, path: str, *, content_id: Optional[str] = None, source: str = ""
    ) -> ScanResult: ...
    def scan_bytes(self, data: BytesLike, *, content_id: str, source: str = "") -> ScanResult: ...
    def refresh(self) -> None: ...
    def stats(self) -> dict[str, Any]: ...
    def list_events(self, after_id: str = "", limit: int = 0) -> list[Event]: ...
    def ack_events(self, event_ids: Sequence[str], *, actor: str = "") -> int: ...
    def list_events_in_state(
        self, state: str, after_id: str = "", limit: int = 0
    ) -> list[Event]: ...
    def resolve_events(
        self,
        event_ids: Sequence[str],
        *,
        outcome: str,
        reference: str = "",
        reason: str = "",
        actor: str = "",
        amend: bool = False,
        disable_entry: bool = False,
        disable_until_ms: int = 0,
    ) -> list[str]:
        """Resolves takedown events; each event's JSON with its new state."""
    def deliver_pending(self) -> None: ...
    def drain(self, timeout: float = 10.0) -> int: ...
    def delivery_stats(self) -> list[dict[str, Any]]: ...
