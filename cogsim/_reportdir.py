"""The report folder of ``cogsim replicate``: what it may write, in what order, and how it resumes.

Guarantees (docs/replication.md states them for users):

- **Nothing of the user's is overwritten.**  A folder is written only if it
  does not exist, is empty, or is a folder cogsim wrote (it has
  ``parts/config.json`` or a cogsim ``manifest.json``).  Only cogsim's own
  products are ever replaced or removed there.
- **An unfinished folder says so.**  A file ``INCOMPLETE`` is written before
  anything else and removed only after ``report.html``, which is written last.
- **No mixture.**  With ``overwrite``, every product of the earlier run is
  removed (the report first) before any new one is written: every name in
  :data:`PRODUCTS`, the one list of what a run may write, and every name the
  earlier run's manifest lists under ``products``.  Writing a product that is
  not in :data:`PRODUCTS` is refused, so the cleaner always knows it.
- **Resuming is checked.**  Each finished patient's trials are a part with its
  SHA-256 in ``parts/config.json``; a part that does not match is refused, a
  part without a recorded checksum (interrupted between the two writes) is
  recomputed.
- **One run at a time.**  A lock file names the process writing the folder;
  a second run is refused with its pid, a stale lock (dead process) is taken over.
- Every file is written under a unique temporary name and moved into place.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import socket
import tempfile
from pathlib import Path

from ._cache import file_sha256
from ._csv import frame_to_csv

MARKER = "INCOMPLETE"
LOCK = ".cogsim-lock"
#: Everything ``cogsim replicate`` may write at the top of a report folder, report first: the one list that
#: the writer (:meth:`ReportFolder.write_csv`, :meth:`ReportFolder.write_text`, :meth:`ReportFolder.figures`)
#: and the cleaner (``overwrite``) share.  A product that is not here cannot be written.
PRODUCTS = ("report.html", "manifest.json", "trials.csv.gz", "baseline_trials.csv.gz", "verdicts.csv",
            "naming_comparison.csv", "naming_rmse.csv", "naming_rmse_interval.csv", "naming_effects.csv",
            "views_trials.csv.gz", "views_summary.csv", "views_naming_rmse.csv", "case_control.csv",
            "verification.csv", "accuracy.csv", "explain.csv", "contrast_trials.csv.gz", "contrasts.csv", "figures")


def _is_draft(path: Path) -> bool:
    """A temporary file cogsim was writing (see :func:`atomic_write`) when it was stopped."""
    return path.is_file() and path.name.startswith(".") and path.name.endswith(".tmp")


def _is_cogsim_folder(folder: Path) -> bool:
    if (folder / "parts" / "config.json").is_file() or (folder / MARKER).is_file():
        return True
    parts = folder / "parts"
    if ({p.name for p in folder.iterdir()} <= {"parts", LOCK} and parts.is_dir()
            and all(_is_draft(p) for p in parts.iterdir())):
        return True  # a run stopped while opening the folder, before its marker was written
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and "cogsim" in manifest.get("versions", {})


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def atomic_write(path: Path, write) -> None:
    """Call ``write(tmp_path)``, then move the file to *path* (unique temporary name, same folder)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_table(path: Path, frame) -> None:
    """Write *frame* as CSV to *path* atomically, gzipped when the name ends in ``.gz``.

    The bytes depend on the table alone: the gzip header carries no time and no
    file name (pandas' own gzip writes both), so the same run writes the same
    files, byte for byte.  The text is ``frame.to_csv(index=False)``'s, formatted
    faster (:func:`cogsim._csv.frame_to_csv`).
    """
    data = frame_to_csv(frame).encode("utf-8")
    if path.name.endswith(".gz"):
        data = gzip.compress(data, compresslevel=6, mtime=0)
    atomic_write(path, lambda tmp: tmp.write_bytes(data))


class ReportFolder:
    """A report folder for one run (see the module docstring for what it guarantees).

    Constructing it only checks the folder and writes nothing; :meth:`open` takes the lock and writes the
    marker.  Assign the object first and open it inside the ``try`` whose ``finally`` calls
    :meth:`release`: a Ctrl-C or SIGTERM is raised between two Python steps, and one that fell between the
    lock being taken and the object being assigned would otherwise leave the lock behind.
    """

    def __init__(self, output: str | os.PathLike, key: str, config: dict, *, overwrite: bool):
        self.root = Path(output)
        self.parts = self.root / "parts"
        self._config_path = self.parts / "config.json"
        self._key, self._run_config, self._overwrite = key, config, overwrite
        #: What the lock file of this run says; :meth:`release` removes a lock only if it says exactly this.
        self._token = {"pid": os.getpid(), "host": socket.gethostname(), "run": os.urandom(8).hex()}
        #: The products written so far, in order (the manifest lists them).
        self.written: list = []
        root = self.root
        if root.exists() and not root.is_dir():
            raise ValueError(f"The output path {str(root)!r} is a file, not a folder.")
        if root.is_dir() and any(root.iterdir()) and not _is_cogsim_folder(root):
            names = sorted(p.name + ("/" if p.is_dir() else "") for p in root.iterdir())
            shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
            raise ValueError(f"{str(root)!r} is not empty and is not a cogsim report folder: it holds {shown}. "
                             "cogsim replicate writes only into a new or empty folder or one it wrote itself; "
                             "choose another --output.")
        complete = (root / "report.html").exists() and not (root / MARKER).exists()
        if complete and not overwrite:
            raise ValueError(f"{str(root)!r} already holds a report. Pass --overwrite (overwrite=True) to replace "
                             "it, or choose another --output folder.")
        self._check_previous()

    def _check_previous(self) -> dict | None:
        previous = self._read_config() if self._config_path.is_file() else None
        if previous is not None and previous.get("key") != self._key and not self._overwrite:
            raise ValueError(f"{str(self.root)!r} holds parts of a run with another configuration. Pass "
                             "--overwrite (overwrite=True) to discard them, or choose another --output folder.")
        return previous

    def open(self) -> "ReportFolder":
        """Take the lock, mark the folder INCOMPLETE, clear an earlier run's products if overwriting."""
        self.parts.mkdir(parents=True, exist_ok=True)
        self._lock()
        try:
            previous = self._check_previous()   # again, now that no other run can be writing it
            self._remove_drafts()
            (self.root / MARKER).write_text(
                "cogsim replicate is writing this folder, or was interrupted while writing it.\n"
                "Run the same command again to resume; this file disappears when the report is complete.\n",
                encoding="utf-8")
            if self._overwrite:
                self._remove_products()
            if previous is not None and previous.get("key") != self._key:
                shutil.rmtree(self.parts)
                self.parts.mkdir()
                previous = None
            self._checksums = dict(previous.get("parts", {})) if previous else {}
            self._config = {"key": self._key, "config": self._run_config, "parts": self._checksums}
            self._save_config()
        except BaseException:
            self.release()
            raise
        return self

    def _remove_drafts(self) -> None:
        """Remove the temporary files a stopped run left (parts/ is cogsim's; at the top only products' drafts)."""
        tops = tuple(f".{name}." for name in PRODUCTS)
        for path in [*self.parts.iterdir(), *self.root.iterdir()]:
            if _is_draft(path) and (path.parent == self.parts or path.name.startswith(tops)):
                path.unlink(missing_ok=True)

    def _remove_products(self) -> None:
        """Remove every product of an earlier run: report.html first, so the folder is plainly unfinished."""
        names = list(PRODUCTS)
        try:
            listed = json.loads((self.root / "manifest.json").read_text(encoding="utf-8")).get("products", [])
        except (OSError, ValueError, AttributeError):
            listed = []
        # Names an earlier run (perhaps of another cogsim version) recorded, kept to plain top-level names.
        names += [n for n in listed if isinstance(n, str) and n not in names and Path(n).name == n
                  and n not in ("parts", MARKER, LOCK) and not n.startswith(".")]
        for name in names:
            path = self.root / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif path.exists() or path.is_symlink():
                path.unlink()

    # --- locking ------------------------------------------------------------------------
    def _lock(self) -> None:
        """Create the lock file whole or not at all (a hard link of a finished file), naming this run."""
        path = self.root / LOCK
        fd, tmp = tempfile.mkstemp(dir=self.parts, prefix=f".{LOCK}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(self._token, f)
            for _ in range(2):
                try:
                    os.link(tmp, path)
                    return
                except FileExistsError:
                    other = self._lock_holder()
                except OSError:  # a file system without hard links: create it in place instead
                    if self._create_lock_in_place(path):
                        return
                    other = self._lock_holder()
                if (other.get("host") == self._token["host"] and isinstance(other.get("pid"), int)
                        and not _alive(other["pid"])):
                    path.unlink(missing_ok=True)  # a stale lock: its process is gone
                    continue
                raise ValueError(f"Another cogsim replicate (process {other.get('pid', '?')} on "
                                 f"{other.get('host', '?')}) is writing into {str(self.root)!r}. Wait for it to "
                                 f"finish or choose another --output (if no such run exists, delete {str(path)!r}).")
        finally:
            Path(tmp).unlink(missing_ok=True)   # another run opening the folder may have swept it already

    def _create_lock_in_place(self, path: Path) -> bool:
        """The lock created and written directly (exclusive create); False if another run holds it."""
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(self._token, f)
        return True

    def _lock_holder(self) -> dict:
        try:
            other = json.loads((self.root / LOCK).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return other if isinstance(other, dict) else {}

    def release(self) -> None:
        """Remove the lock if this run holds it (safe to call at any time, any number of times)."""
        if self._lock_holder() == self._token:
            (self.root / LOCK).unlink(missing_ok=True)

    # --- parts --------------------------------------------------------------------------
    def _read_config(self) -> dict:
        try:
            config = json.loads(self._config_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"{self._config_path} cannot be read ({exc}); delete the folder's parts/ to start "
                             "afresh.") from None
        if not isinstance(config, dict):
            raise ValueError(f"{self._config_path} is not a cogsim run configuration; delete the folder's parts/.")
        return config

    def _save_config(self) -> None:
        text = json.dumps(self._config, indent=1)
        atomic_write(self._config_path, lambda tmp: tmp.write_text(text, encoding="utf-8"))

    def finished_part(self, name: str) -> Path | None:
        """The path of part *name* if it is finished and intact; None if it must be (re)computed.

        Raises
        ------
        ValueError
            The part's bytes differ from the checksum recorded when cogsim wrote it.
        """
        path = self.parts / name
        if not path.exists():
            return None
        recorded = self._checksums.get(name)
        if recorded is None:
            return None  # written but never recorded (interrupted in between): recompute it
        if file_sha256(path) != recorded:
            raise ValueError(f"{path} differs from what cogsim wrote (its SHA-256 does not match the one recorded "
                             f"in {self._config_path}): it was edited or truncated. Delete it to recompute that "
                             "part, or choose another --output.")
        return path

    def write_part(self, name: str, frame) -> None:
        path = self.parts / name
        write_table(path, frame)
        self._checksums[name] = file_sha256(path)
        self._save_config()

    # --- products -----------------------------------------------------------------------
    def _product(self, name: str) -> Path:
        if name not in PRODUCTS:
            raise RuntimeError(f"cogsim bug: {name!r} is not in cogsim._reportdir.PRODUCTS, so --overwrite would "
                               "not know to remove it; add it there.")
        if name not in self.written:
            self.written.append(name)
        return self.root / name

    def write_csv(self, name: str, frame) -> None:
        write_table(self._product(name), frame)

    def write_text(self, name: str, text: str) -> None:
        path = self._product(name)
        atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))

    def figures(self) -> Path:
        """The figures folder (a product), created if needed."""
        path = self._product("figures")
        path.mkdir(exist_ok=True)
        return path

    def finish(self) -> None:
        """The report is complete: remove the marker and the lock."""
        (self.root / MARKER).unlink(missing_ok=True)
        self.release()
