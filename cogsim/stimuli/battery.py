"""Batteries: the pictures a virtual patient knows, with their names and hierarchy.

A battery is a folder holding an ``items.csv`` manifest and the pictures it
names.  Every item has a specific name (``eagle``), a basic category
(``bird``) and a general domain (``animal``).  cogsim bundles one battery,
``tuxpaint`` (the default), built from Debian's ``tuxpaint-stamps-default``
photographs by ``tools/build_battery.py``.

テスト刺激セット（バッテリー）：画像・名前・カテゴリ階層。
"""

from __future__ import annotations

import hashlib
import os
import warnings
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterator, NamedTuple

import numpy as np
import pandas as pd
from PIL import Image, UnidentifiedImageError

from .._validation import check_int
from .colour import colour_stats, colour_typicality, typical_hue
from .images import Background, composite

__all__ = [
    "Battery",
    "load_battery",
    "list_batteries",
    "read_manifest",
    "MANIFEST_NAME",
    "REQUIRED_COLUMNS",
    "COLOUR_COLUMNS",
    "SUPPORTED_MODES",
    "MAX_PIXELS",
    "WORKING_SIDE",
    "open_picture",
    "as_battery",
]

MANIFEST_NAME = "items.csv"
REQUIRED_COLUMNS = ("item_id", "specific", "basic", "domain", "image")
NAME_COLUMNS = ("name_en", "name_ja", "basic_ja", "domain_ja")
COLOUR_COLUMNS = (
    "dominant_hue",
    "chromatic_fraction",
    "chromatic",
    "domain_typical_hue",
    "colour_typicality",
)
SUPPORTED_MODES = ("1", "L", "LA", "P", "PA", "RGB", "RGBA")
#: Chromatic items a domain needs before its typical colour means anything (colour typicality).
MIN_CHROMATIC_PER_DOMAIN = 2
#: Pictures with more pixels than this are refused (a 100 KB PNG can decode to gigabytes).
MAX_PIXELS = 40_000_000
#: Pictures with a longer side are reduced to this side when read (colour statistics, features).
WORKING_SIDE = 1024
#: A picture file may hold at most this many bytes per pixel (uncompressed 16-bit RGBA needs 8), plus
#: :data:`FILE_SLACK` for headers and metadata; a larger file is mostly not picture (padding, appended data)
#: and would only be read in full, slowly, to fingerprint the battery.
MAX_BYTES_PER_PIXEL = 16
FILE_SLACK = 1 << 20
DEFAULT_BATTERY = "tuxpaint"
_BUNDLED_ROOT = Path(__file__).resolve().parent.parent / "data" / "batteries"
_MAX_LISTED_PROBLEMS = 20


def list_batteries() -> list[str]:
    """Names of the batteries bundled with cogsim, sorted.

    Examples
    --------
    >>> "tuxpaint" in list_batteries()
    True
    """
    return sorted(
        p.name for p in _BUNDLED_ROOT.iterdir() if (p / MANIFEST_NAME).is_file()
    )


class _Problems:
    """Collects every problem in a manifest so that one error reports them all."""

    def __init__(self, manifest: Path):
        self.manifest = manifest
        self.items: list[str] = []

    def add(self, message: str) -> None:
        self.items.append(message)

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = self.items[:_MAX_LISTED_PROBLEMS]
        more = len(self.items) - len(shown)
        head = shown[0] if len(self.items) == 1 else (
            f"{self.manifest} has {len(self.items)} problems:\n- " + "\n- ".join(shown)
        )
        if more:
            head += f"\n- ... and {more} more"
        raise ValueError(head)


def _row_label(manifest_name: str, index: int, item_id: str | None = None) -> str:
    # Row numbers are file line numbers, header = row 1, as a spreadsheet shows them.
    label = f"{manifest_name} row {index + 2}"
    if item_id:
        label += f" (item {item_id!r})"
    return label


def _as_bool(value) -> bool | None:
    text = str(value).strip().lower()
    if text in {"true", "1", "yes"}:
        return True
    if text in {"false", "0", "no"}:
        return False
    return None


def read_manifest(folder: str | os.PathLike, *, check_images: bool = True,
                  allow_outside: bool = False) -> pd.DataFrame:
    """Read and validate a battery folder's ``items.csv``.

    Parameters
    ----------
    folder : str or path-like
        The battery folder.
    check_images : bool, default True
        Also open and decode every picture (slower, but a broken picture is
        reported now rather than in the middle of an experiment).
    allow_outside : bool, default False
        Accept ``image`` paths that lead outside the battery folder (absolute
        paths, ``..``, links to elsewhere).  By default every picture must be
        inside the folder, so a manifest cannot make cogsim read other files.

    Returns
    -------
    pandas.DataFrame
        One row per item, indexed 0..n-1 in file order, with the required
        columns, the name columns (filled in where missing) and the colour
        columns when the manifest has them all.

    Raises
    ------
    ValueError
        Naming the file, the row and the item for every problem found:
        missing file or columns, blank required cells, duplicate item ids,
        an item or basic category under two parents, a name used at two
        levels, two items with one picture, pictures that are missing,
        outside the folder, not regular files, unreadable, unsupported or
        larger than :data:`MAX_PIXELS`, bad colour metadata, or an empty battery.
    """
    folder = Path(folder)
    manifest = folder / MANIFEST_NAME
    if not folder.is_dir():
        raise ValueError(f"Battery folder {str(folder)!r} does not exist or is not a folder.")
    if not manifest.is_file():
        raise ValueError(
            f"Battery folder {str(folder)!r} has no {MANIFEST_NAME}: a battery is a folder "
            f"with pictures and a manifest {MANIFEST_NAME} with columns {', '.join(REQUIRED_COLUMNS)}."
        )
    try:
        table = pd.read_csv(manifest, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{manifest} is not UTF-8 text: {exc}.") from None
    except pd.errors.EmptyDataError:
        raise ValueError(f"{manifest} is empty: the battery has no items.") from None
    except pd.errors.ParserError as exc:
        raise ValueError(f"{manifest} cannot be parsed as CSV: {exc}") from None
    table.columns = [str(c).strip() for c in table.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(
            f"{manifest} is missing required column(s) {', '.join(map(repr, missing))}. "
            f"Required: {', '.join(REQUIRED_COLUMNS)}; got: {', '.join(table.columns)}."
        )
    if table.empty:
        raise ValueError(f"{manifest} has a header but no rows: the battery has no items.")
    for column in table.columns:
        table[column] = table[column].str.strip()

    problems = _Problems(manifest)
    name = MANIFEST_NAME
    for i, row in table.iterrows():
        blank = [c for c in REQUIRED_COLUMNS if row[c] == ""]
        if blank:
            problems.add(
                f"{_row_label(name, i, row['item_id'])}: empty value in required column(s) "
                f"{', '.join(map(repr, blank))}."
            )
    _check_unique(table, "item_id", problems, "duplicate item_id, already used in row {row}.")
    _check_hierarchy(table, problems)
    table["_picture"] = [os.path.normcase(os.path.normpath(p)) for p in table["image"]]
    _check_unique(table, "_picture", problems, "its picture {value!r} is already the picture of row {row}; "
                  "each item needs its own picture.")
    table = table.drop(columns="_picture")
    problems.raise_if_any()

    for column, source in (("name_en", "specific"), ("name_ja", "specific"),
                           ("basic_ja", "basic"), ("domain_ja", "domain")):
        if column not in table.columns:
            table[column] = table[source]
        else:
            table[column] = table[column].where(table[column] != "", table[source])
    for column in ("source", "license"):
        if column not in table.columns:
            table[column] = ""

    for i, row in table.iterrows():
        problem = _check_location(folder, row["image"], allow_outside)
        if problem is None and check_images:
            problem = _check_image(folder / row["image"])
        if problem:
            problems.add(f"{_row_label(name, i, row['item_id'])}: image {row['image']!r} {problem}")
    if all(c in table.columns for c in COLOUR_COLUMNS):
        _parse_colour_columns(table, problems)
    _parse_norm_columns(table, problems)
    problems.raise_if_any()
    return table.reset_index(drop=True)


def _check_unique(table: pd.DataFrame, column: str, problems: _Problems, message: str) -> None:
    """Report every row whose *column* value already appeared; *message* may use {value} and {row}."""
    first: dict[str, int] = {}
    for i, value in table[column].items():
        if value and value in first:
            problems.add(f"{_row_label(MANIFEST_NAME, i, table.at[i, 'item_id'])}: "
                         + message.format(value=value, row=first[value] + 2))
        first.setdefault(value, i)


def _check_hierarchy(table: pd.DataFrame, problems: _Problems) -> None:
    """Every specific name has one basic parent, every basic one domain; no name at two levels."""
    for child, parent in (("specific", "basic"), ("basic", "domain")):
        seen: dict[str, tuple[str, int]] = {}
        for i, row in table.iterrows():
            c, p = row[child], row[parent]
            if not c or not p:
                continue
            if c in seen and seen[c][0] != p:
                problems.add(
                    f"{_row_label(MANIFEST_NAME, i, row['item_id'])}: {child} {c!r} is under "
                    f"{parent} {p!r} here but under {seen[c][0]!r} in row {seen[c][1] + 2}; "
                    f"each {child} name must have one {parent}."
                )
            seen.setdefault(c, (p, i))
    _check_unique(table, "specific", problems,
                  "specific name {value!r} is already the name of row {row}; names must identify one item.")
    levels = {lvl: set(table[lvl]) - {""} for lvl in ("specific", "basic", "domain")}
    for a, b in (("specific", "basic"), ("specific", "domain"), ("basic", "domain")):
        for clash in sorted(levels[a] & levels[b]):
            problems.add(
                f"{MANIFEST_NAME}: the name {clash!r} is used both as a {a} name and as a {b} name; "
                "a response could then not be scored."
            )


def _check_location(folder: Path, relative: str, allow_outside: bool) -> str | None:
    """None if the picture path is a regular file where it may be, else why not (end of a sentence)."""
    path = folder / relative
    if not allow_outside:
        if Path(relative).is_absolute():
            return ("is an absolute path; pictures must be inside the battery folder (give a path relative "
                    "to it, or pass allow_outside=True to load_battery).")
        real, root = path.resolve(), folder.resolve()
        if not real.is_relative_to(root):
            return (f"leads outside the battery folder (to {str(real)!r}); pictures must be inside it "
                    "(or pass allow_outside=True to load_battery).")
    if path.is_dir():
        return f"is a folder, not a picture file ({str(path)!r})."
    if not path.exists():
        return f"does not exist (looked for {str(path)!r})."
    if not path.resolve().is_file():
        return f"is not a regular file ({str(path)!r} is {str(path.resolve())!r})."
    return None


def _too_large(width: int, height: int) -> str:
    return (f"is {width} x {height} = {width * height:,} pixels, more than cogsim's limit of {MAX_PIXELS:,} "
            f"(cogsim.stimuli.MAX_PIXELS); reduce it, e.g. to at most {WORKING_SIDE} pixels a side.")


def _open(path) -> Image.Image:
    """``Image.open`` without PIL's size warning: cogsim checks the size itself, before decoding."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(path)


def open_picture(path: str | os.PathLike) -> Image.Image:
    """Read a battery picture as RGBA, reduced to :data:`WORKING_SIDE` pixels a side if larger.

    Raises
    ------
    ValueError
        When the picture is larger than :data:`MAX_PIXELS` (checked from its
        header, before it is decoded) or cannot be read; the message names the file.
    """
    try:
        with _open(path) as im:
            if im.width * im.height > MAX_PIXELS:
                raise ValueError(f"{path}: the picture {_too_large(im.width, im.height)}")
            if max(im.size) > WORKING_SIDE:
                im.thumbnail((WORKING_SIDE, WORKING_SIDE), Image.Resampling.LANCZOS)
            return im.convert("RGBA")
    except Image.DecompressionBombError as exc:
        raise ValueError(f"{path}: the picture is too large to decode safely ({exc}).") from None
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValueError(f"{path}: the picture cannot be read: {exc}.") from None


def _check_image(path: Path) -> str | None:
    """None if the picture is usable, else the end of a sentence saying why not."""
    try:
        with _open(path) as im:
            mode = im.mode
            if mode not in SUPPORTED_MODES:
                return (
                    f"has mode {mode!r}, which cogsim does not support; supported modes are "
                    f"{', '.join(SUPPORTED_MODES)}. Convert it, e.g. "
                    "PIL.Image.open(path).convert('RGBA').save(path)."
                )
            if im.width * im.height > MAX_PIXELS:
                return _too_large(im.width, im.height)
            size, allowed = path.stat().st_size, FILE_SLACK + MAX_BYTES_PER_PIXEL * im.width * im.height
            if size > allowed:
                return (f"is a file of {size:,} bytes for a picture of {im.width} x {im.height} pixels, far more "
                        f"than its pixels need (at most {allowed:,}): the file holds something besides the picture "
                        "(padding or appended data). Save the picture again, e.g. "
                        "PIL.Image.open(path).save(path).")
            im.load()
    except Image.DecompressionBombError as exc:
        return f"is too large to decode safely: {exc}"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return f"cannot be read: {exc}."
    return None


def _parse_colour_columns(table: pd.DataFrame, problems: _Problems) -> None:
    for column in ("dominant_hue", "chromatic_fraction", "domain_typical_hue"):
        values = pd.to_numeric(table[column].replace("", "nan"), errors="coerce")
        bad = values.isna() & ~table[column].isin(["", "nan", "NaN"])
        for i in table.index[bad]:
            problems.add(
                f"{_row_label(MANIFEST_NAME, i, table.at[i, 'item_id'])}: {column} must be a number, "
                f"got {table.at[i, column]!r}."
            )
        table[column] = values.astype(float)
    chromatic = table["chromatic"].map(_as_bool)
    for i in table.index[chromatic.isna()]:
        problems.add(
            f"{_row_label(MANIFEST_NAME, i, table.at[i, 'item_id'])}: chromatic must be true or false, "
            f"got {table.at[i, 'chromatic']!r}."
        )
    table["chromatic"] = chromatic.fillna(False).astype(bool)
    for i, value in table["colour_typicality"].items():
        if value not in ("", "typical", "atypical"):
            problems.add(
                f"{_row_label(MANIFEST_NAME, i, table.at[i, 'item_id'])}: colour_typicality must be "
                f"'typical', 'atypical' or empty, got {value!r}."
            )


def _parse_norm_columns(table: pd.DataFrame, problems: _Problems) -> None:
    """Item norms (:mod:`cogsim.stimuli.norms`): numbers, 0/1 attributes and a facing direction."""
    numeric = [c for c in table.columns if c.startswith(("freq_", "typicality_"))]
    for column in numeric:
        values = pd.to_numeric(table[column].replace("", "nan"), errors="coerce")
        for i in table.index[values.isna() & (table[column] != "")]:
            problems.add(f"{_row_label(MANIFEST_NAME, i, table.at[i, 'item_id'])}: {column} must be a number, "
                         f"got {table.at[i, column]!r}.")
        table[column] = values.astype(float)
    for column in [c for c in table.columns if c.startswith("attr_")]:
        ok = table[column].isin(["0", "1"])
        for i in table.index[~ok]:
            problems.add(f"{_row_label(MANIFEST_NAME, i, table.at[i, 'item_id'])}: attribute {column} must be "
                         f"0 or 1, got {table.at[i, column]!r}.")
        table[column] = table[column].where(ok, "0").astype(int)
    if "facing" in table.columns:
        for i, value in table["facing"].items():
            if value not in ("", "left", "right", "front"):
                problems.add(f"{_row_label(MANIFEST_NAME, i, table.at[i, 'item_id'])}: facing must be left, "
                             f"right, front or empty, got {value!r}.")


def add_colour_metadata(items: pd.DataFrame, images, *, colour_domains=None) -> pd.DataFrame:
    """Return *items* with the colour columns computed from the pictures.

    Parameters
    ----------
    items : pandas.DataFrame
        A manifest with at least ``domain``.
    images : sequence of PIL.Image.Image
        One picture per row of *items*, in order.
    colour_domains : collection of str, optional
        Domains whose chromatic items get a colour typicality; others get
        ``''``.  Default: every domain.  A domain with fewer than
        :data:`MIN_CHROMATIC_PER_DOMAIN` chromatic items gets none either: its
        "typical colour" would be the colour of its only item.

    Returns
    -------
    pandas.DataFrame
        A copy with ``dominant_hue``, ``chromatic_fraction``, ``chromatic``,
        ``domain_typical_hue`` (peak of the pooled hue histograms of the
        domain's chromatic items) and ``colour_typicality``.
    """
    items = items.reset_index(drop=True)
    stats = [colour_stats(im) for im in images]
    if len(stats) != len(items):
        raise ValueError(f"Got {len(stats)} pictures for {len(items)} items; give one per row.")
    items["dominant_hue"] = [s.dominant_hue for s in stats]
    items["chromatic_fraction"] = [s.chromatic_fraction for s in stats]
    items["chromatic"] = [bool(s.chromatic) for s in stats]
    domains = list(items["domain"])
    domain_hue = {
        d: typical_hue(s.histogram for s, dom in zip(stats, domains) if dom == d and s.chromatic)
        for d in sorted(set(domains))
    }
    items["domain_typical_hue"] = items["domain"].map(domain_hue).astype(float)
    chromatic_count = {d: sum(1 for s, dom in zip(stats, domains) if dom == d and s.chromatic) for d in set(domains)}
    typicality = []
    for (_, row), s in zip(items.iterrows(), stats):
        wanted = ((colour_domains is None or row["domain"] in colour_domains)
                  and chromatic_count[row["domain"]] >= MIN_CHROMATIC_PER_DOMAIN)
        typicality.append(
            colour_typicality(s.dominant_hue, row["domain_typical_hue"]) if (wanted and s.chromatic) else ""
        )
    items["colour_typicality"] = typicality
    return items


class Item(NamedTuple):
    """One battery item, as yielded by iterating over a :class:`Battery`."""

    item_id: str
    specific: str
    basic: str
    domain: str
    image: str


@dataclass(frozen=True, eq=False)
class Battery:
    """A validated set of pictures with their names and hierarchy.

    Build one with :func:`load_battery`.  The ``items`` table is a copy each
    time it is read, so a battery never changes under its user.

    Attributes
    ----------
    name : str
        The bundled name or the folder's name.
    root : pathlib.Path
        The battery folder.
    """

    name: str
    root: Path
    _items: pd.DataFrame

    @property
    def items(self) -> pd.DataFrame:
        """The manifest as a DataFrame, one row per item (a copy)."""
        return self._items.copy()

    @property
    def item_ids(self) -> list[str]:
        return list(self._items["item_id"])

    @property
    def domains(self) -> list[str]:
        """Domains in sorted order."""
        return sorted(self._items["domain"].unique())

    @property
    def basics(self) -> list[str]:
        """Basic categories in sorted order."""
        return sorted(self._items["basic"].unique())

    @property
    def has_colour(self) -> bool:
        """Whether the battery carries colour metadata (needed by the colour task)."""
        return all(c in self._items.columns for c in COLOUR_COLUMNS)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Item]:
        for row in self._items[list(REQUIRED_COLUMNS)].itertuples(index=False):
            yield Item(*row)

    def __contains__(self, item_id) -> bool:
        return item_id in self._index

    def __repr__(self) -> str:
        counts = self._items.groupby("domain").size()
        per_domain = ", ".join(f"{d}: {n}" for d, n in counts.items())
        return (
            f"<Battery {self.name!r}: {len(self)} items in {len(counts)} domains "
            f"({per_domain}), {len(self.basics)} basic categories>"
        )

    @cached_property
    def _index(self) -> dict[str, int]:
        return {item_id: i for i, item_id in enumerate(self._items["item_id"])}

    def row(self, item_id: str) -> pd.Series:
        """The manifest row of one item; a ValueError names unknown ids."""
        try:
            return self._items.iloc[self._index[item_id]].copy()
        except KeyError:
            raise ValueError(
                f"Battery {self.name!r} has no item {item_id!r}; it has {len(self)} items, e.g. "
                f"{', '.join(map(repr, self.item_ids[:5]))}."
            ) from None

    def path(self, item_id: str) -> Path:
        """Path of an item's picture."""
        return self.root / self.row(item_id)["image"]

    def image(self, item_id: str, *, background: Background = "white", size: int | None = None) -> Image.Image:
        """An item's picture, composited on *background*.

        Parameters
        ----------
        item_id : str
        background : str, tuple or None, default "white"
            See :func:`cogsim.stimuli.composite`; None keeps transparency (RGBA).
        size : int, optional
            Square side in pixels: the picture is fitted inside, centred and
            padded with the background (aspect ratio kept).

        Returns
        -------
        PIL.Image.Image
        """
        rgba = open_picture(self.path(item_id))
        if size is not None:
            rgba = _fit_square(rgba, size)
        return composite(rgba, background)

    def tensor(self, item_id: str, *, background: Background = "white", size: int = 224):
        """An item's picture as a float tensor ``(3, size, size)`` with values in [0, 1].

        Normalisation is the backbone's job, never the battery's.
        """
        import torch

        if background is None:
            raise ValueError("A tensor needs a background: pass a colour, not None.")
        array = np.asarray(self.image(item_id, background=background, size=size), dtype=np.float32)
        return torch.from_numpy(array / 255.0).permute(2, 0, 1).contiguous()

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the manifest table and every picture's bytes.

        Anything cached from this battery (features, trained patients) is keyed by it.
        """
        digest = hashlib.sha256()
        digest.update(self._items.to_csv(index=False).encode("utf-8"))
        for relative in self._items["image"]:
            with open(self.root / relative, "rb") as f:  # in chunks: memory stays flat whatever the file
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    digest.update(chunk)
        return digest.hexdigest()

    def subset(self, item_ids) -> "Battery":
        """A new battery with only the given items, in the given order."""
        rows = [self._index[i] if i in self._index else self.row(i) for i in item_ids]
        items = self._items.iloc[rows].reset_index(drop=True)
        if items.empty:
            raise ValueError("A battery subset needs at least one item; got none.")
        return Battery(self.name, self.root, items)


def _fit_square(rgba: Image.Image, size: int) -> Image.Image:
    check_int("Battery.image", "size", size)
    scale = size / max(rgba.size)
    new = (max(1, round(rgba.width * scale)), max(1, round(rgba.height * scale)))
    resized = rgba.resize(new, Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    canvas.alpha_composite(resized, ((size - new[0]) // 2, (size - new[1]) // 2))
    return canvas


def as_battery(battery) -> Battery:
    """*battery* if it is a :class:`Battery`; else load it by bundled name or folder (None: the default).

    Raises
    ------
    TypeError
        For anything else, saying what was expected.
    """
    if isinstance(battery, Battery):
        return battery
    if battery is None or isinstance(battery, (str, os.PathLike)):
        return load_battery(battery)
    raise TypeError("The 'battery' parameter must be a Battery, a bundled battery name or a battery folder. "
                    f"Got {type(battery).__name__} instead.")


def load_battery(name_or_path: str | os.PathLike | None = None, *, colour_domains=None,
                 allow_outside: bool = False) -> Battery:
    """Load a bundled battery by name, or a user's battery folder.

    Parameters
    ----------
    name_or_path : str or path-like, optional
        A name from :func:`list_batteries` (default ``'tuxpaint'``) or a
        folder holding ``items.csv`` and its pictures.
    colour_domains : collection of str, optional
        For a battery without colour metadata: the domains whose chromatic
        items get a colour typicality (default: every domain).  Ignored when
        the manifest has all the colour columns.
    allow_outside : bool, default False
        Accept pictures outside the battery folder (see :func:`read_manifest`).

    Returns
    -------
    Battery

    Raises
    ------
    ValueError
        For an unknown name, or a folder whose manifest or pictures are not
        valid (see :func:`read_manifest`).

    Examples
    --------
    >>> battery = load_battery()
    >>> len(battery) >= 96
    True
    """
    if name_or_path is None:
        name_or_path = DEFAULT_BATTERY
    if not isinstance(name_or_path, (str, os.PathLike)):
        raise TypeError("The 'name_or_path' parameter must be a bundled battery name or a folder. "
                        f"Got {type(name_or_path).__name__} instead.")
    if isinstance(name_or_path, str) and name_or_path in list_batteries():
        folder, name = _BUNDLED_ROOT / name_or_path, name_or_path
    else:
        folder = Path(name_or_path)
        if not folder.exists():
            raise ValueError(
                f"Invalid value for 'name_or_path': {str(name_or_path)!r} is neither a bundled "
                f"battery ({', '.join(map(repr, list_batteries()))}) nor an existing folder."
            )
        name = folder.resolve().name
    items = read_manifest(folder, allow_outside=allow_outside)
    if not all(c in items.columns for c in COLOUR_COLUMNS):
        images = [open_picture(folder / relative) for relative in items["image"]]
        items = add_colour_metadata(items.drop(columns=[c for c in COLOUR_COLUMNS if c in items]),
                                    images, colour_domains=colour_domains)
    return Battery(name, folder.resolve(), items)
