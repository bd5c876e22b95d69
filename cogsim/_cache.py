"""The one cache folder for expensive things (backbone features, trained patients).

Location, first that is set: ``$COGSIM_CACHE_DIR``; ``$XDG_CACHE_HOME/cogsim``;
``~/.cache/cogsim``.  Entries are keyed by a hash of everything that determines
them: their inputs, the cogsim version and a hash of the source code that
produced them (:func:`code_hash`), so an entry made by other code is never
served.  Files are written atomically.  A folder that cannot be used is
reported before any work (:func:`check_writable`); an entry that cannot be read
(truncated, corrupt) is reported once, moved aside and rebuilt
(:func:`load_entry`).
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import torch

ENV_VAR = "COGSIM_CACHE_DIR"


def cache_dir() -> Path:
    """The cache folder (created on first use)."""
    if os.environ.get(ENV_VAR):
        root = Path(os.environ[ENV_VAR]).expanduser()
    elif os.environ.get("XDG_CACHE_HOME"):
        root = Path(os.environ["XDG_CACHE_HOME"]).expanduser() / "cogsim"
    else:
        root = Path.home() / ".cache" / "cogsim"
    if root.exists() and not root.is_dir():
        raise ValueError(f"cogsim's cache folder {str(root)!r} (from ${ENV_VAR}, $XDG_CACHE_HOME or the home "
                         f"folder) is a file, not a folder. Set {ENV_VAR} to a folder.")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"cogsim cannot create its cache folder {str(root)!r}: {exc.strerror or exc}. "
                         f"Set {ENV_VAR} to a folder you can write.") from None
    return root


def check_writable(kind: str) -> Path:
    """The cache subfolder *kind*, after checking that files can be written there.

    Raises
    ------
    ValueError
        Saying which folder and how to proceed (another ``COGSIM_CACHE_DIR``, or ``cache=False``).
    """
    folder = cache_dir() / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder, suffix=".probe")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise ValueError(f"cogsim's cache folder {str(folder)!r} is not writable ({exc.strerror or exc}). Set "
                         f"{ENV_VAR} to a folder you can write, or pass cache=False to build without caching.") from None
    return folder


def load_entry(path: Path, read):
    """``read(path)``, or None when the entry cannot be read: it is then moved aside (reported once) so
    that the caller rebuilds it."""
    try:
        return read(path)
    except Exception as exc:  # noqa: BLE001 - a broken entry, whatever broke it, is rebuilt
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(path, aside)
            where = f"moved to {aside}"
        except OSError:
            where = "left in place"
        warnings.warn(f"cogsim's cache entry {path} cannot be read ({type(exc).__name__}: {exc}); it was {where} "
                      "and is rebuilt.", RuntimeWarning, stacklevel=3)
        return None


_UNWRITABLE: set = set()


def save_entry(path: Path, payload: dict) -> None:
    """:func:`save_tensors` for entries that can be recomputed: a folder that cannot be written is
    reported once (a warning) and the work goes on without caching."""
    try:
        save_tensors(path, payload)
    except OSError as exc:
        if path.parent not in _UNWRITABLE:
            _UNWRITABLE.add(path.parent)
            warnings.warn(f"cogsim cannot write to its cache folder {path.parent} ({exc.strerror or exc}); "
                          f"working without caching there (set {ENV_VAR} to a writable folder).",
                          RuntimeWarning, stacklevel=3)


def key_of(spec: dict) -> str:
    """SHA-256 (first 24 hex digits) of a JSON-serialisable description."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def file_sha256(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


_SOURCE_HASHES: dict = {}  # (file, mtime_ns, size) -> sha256


def _source_file(obj) -> str:
    module = obj if inspect.ismodule(obj) else sys.modules[obj.__module__]
    path = inspect.getsourcefile(module)
    if path is None:  # pragma: no cover - modules without source (frozen)
        raise ValueError(f"cogsim cannot hash the source of {module.__name__}.")
    return path


def code_hash(*objects) -> str:
    """SHA-256 (first 16 hex digits) of the source files of the modules that define *objects*.

    Pass the functions, classes or modules that produce a cache entry; put the
    result in the entry's key.  Any change to those files (or a function
    replaced by one from another module) gives another key, so an entry made
    by other code is never served.
    """
    digest = hashlib.sha256()
    for path in sorted({_source_file(o) for o in objects}):
        stat = os.stat(path)
        token = (path, stat.st_mtime_ns, stat.st_size)
        if token not in _SOURCE_HASHES:
            _SOURCE_HASHES[token] = file_sha256(path)
        digest.update(os.path.basename(path).encode())
        digest.update(_SOURCE_HASHES[token].encode())
    return digest.hexdigest()[:16]


def entry(kind: str, key: str, suffix: str = ".pt") -> Path:
    folder = cache_dir() / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{key}{suffix}"


def save_tensors(path: Path, payload: dict) -> None:
    """Write tensors, numbers, strings, lists and dicts atomically with torch.save."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        torch.save(payload, tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def load_tensors(path: Path) -> dict:
    """Read what :func:`save_tensors` wrote, never unpickling code."""
    return torch.load(path, map_location="cpu", weights_only=True)
