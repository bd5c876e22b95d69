"""When cogsim may download weights (``COGSIM_OFFLINE``), and how: torch.hub's hash-checked download."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["OFFLINE_VAR", "downloads_allowed", "download"]

#: Set this environment variable (to 1, true or yes) to forbid any download: missing weights are then an error.
OFFLINE_VAR = "COGSIM_OFFLINE"


def downloads_allowed(download: bool | None = None) -> bool:
    """Whether cogsim may download missing weights: *download* if given, else not when ``COGSIM_OFFLINE`` is set."""
    if download is not None:
        return bool(download)
    return os.environ.get(OFFLINE_VAR, "").strip().lower() not in ("1", "true", "yes", "on")


def download(url: str, path: Path, progress: bool) -> None:
    """torchvision's way (torch.hub): download to *path*, checking the hash prefix in the file's name."""
    from torch.hub import HASH_REGEX, download_url_to_file

    match = HASH_REGEX.search(path.name)
    download_url_to_file(url, str(path), match.group(1) if match else None, progress=progress)
