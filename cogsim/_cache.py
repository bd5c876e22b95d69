"""The one cache folder for expensive things (backbone features, trained patients).

Location, first that is set: ``$COGSIM_CACHE_DIR``; ``$XDG_CACHE_HOME/cogsim``;
``~/.cache/cogsim``.  Entries are keyed by a hash of everything that determines
them, so a stale entry is never reused; files are written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
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
    root.mkdir(parents=True, exist_ok=True)
    return root


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
