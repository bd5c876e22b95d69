"""Build a battery folder from a tree of Tux Paint stamps (or any pictures with transparency).

The bundled ``tuxpaint`` battery is made by ``tools/build_battery.py``, which
calls :func:`build_battery` on Debian's ``tuxpaint-stamps-default`` tree with the
hand-made selection in ``tools/battery_selection.csv``.  Anyone can rerun it.

Each selected stamp is cropped to its opaque pixels, scaled so its longest side
is ``size`` pixels (transparency kept) and saved as an RGBA PNG; the manifest
gets names (English from the selection, Japanese from the stamp's
translations unless the selection gives one), provenance and colour metadata.

Tux Paint のスタンプ画像からバッテリーを作る。
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd
from PIL import Image

from .battery import COLOUR_COLUMNS, MANIFEST_NAME, add_colour_metadata, read_manifest

__all__ = ["build_battery", "read_stamp_names", "clean_name", "item_id_for"]

SELECTION_COLUMNS = ("source", "specific", "basic", "domain")
_TRAILING = "。．.!！?？、,"


def read_stamp_names(txt_path: str | os.PathLike) -> dict[str, str]:
    """Read a Tux Paint stamp description file into ``{language: text}``.

    The first line is the English text (key ``'en'``); every other line is
    ``<locale>.utf8=<text>`` (``ja.utf8=ペンギン`` gives key ``'ja'``).
    Lines in another shape are ignored.
    """
    names: dict[str, str] = {}
    lines = Path(txt_path).read_text(encoding="utf-8", errors="replace").splitlines()
    if lines:
        names["en"] = lines[0].strip()
    for line in lines[1:]:
        match = re.match(r"^([A-Za-z_@]+)\.utf8=(.*)$", line.strip())
        if match:
            names.setdefault(match.group(1), match.group(2).strip())
    return names


def clean_name(text: str) -> str:
    """Tidy a stamp's description into a name: trim, drop end punctuation and
    full-width spaces.

    >>> clean_name("にんじん！")
    'にんじん'
    >>> clean_name(" A duck. ")
    'A duck'
    """
    text = text.replace("\u3000", " ").strip()
    return text.rstrip(_TRAILING).strip()


def item_id_for(specific: str) -> str:
    """A file-safe item id from a specific name.

    >>> item_id_for("hot-air balloon")
    'hot_air_balloon'
    """
    slug = re.sub(r"[^a-z0-9]+", "_", specific.lower()).strip("_")
    if not slug:
        raise ValueError(f"Cannot make an item id from the name {specific!r}: it has no letters or digits.")
    return slug


def _prepare(path: Path, size: int) -> Image.Image:
    with Image.open(path) as im:
        rgba = im.convert("RGBA")
    box = rgba.getchannel("A").point(lambda a: 255 if a > 8 else 0).getbbox()
    if box is None:
        raise ValueError(f"{path}: the picture is fully transparent.")
    rgba = rgba.crop(box)
    scale = size / max(rgba.size)
    new = (max(1, round(rgba.width * scale)), max(1, round(rgba.height * scale)))
    return rgba.resize(new, Image.Resampling.LANCZOS)


def _read_selection(selection: str | os.PathLike) -> list[dict[str, str]]:
    selection = Path(selection)
    with selection.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in SELECTION_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(
                f"{selection} is missing column(s) {', '.join(map(repr, missing))}; "
                f"required: {', '.join(SELECTION_COLUMNS)}."
            )
        rows = list(reader)
    if not rows:
        raise ValueError(f"{selection} selects no picture.")
    for i, row in enumerate(rows):
        blank = [c for c in SELECTION_COLUMNS if not (row.get(c) or "").strip()]
        if blank:
            raise ValueError(f"{selection} row {i + 2}: empty value in column(s) {', '.join(map(repr, blank))}.")
    return rows


def build_battery(
    source_root: str | os.PathLike,
    selection: str | os.PathLike,
    out_dir: str | os.PathLike,
    *,
    category_names_ja: Mapping[str, str] | None = None,
    colour_domains: Iterable[str] | None = None,
    size: int = 256,
    source_label: str = "",
    license: str = "",
    overwrite: bool = False,
    progress: bool = True,
) -> pd.DataFrame:
    """Build a battery folder from selected pictures.

    Parameters
    ----------
    source_root : path-like
        Folder the selection's ``source`` paths are relative to (for the
        bundled battery, ``/usr/share/tuxpaint/stamps``).
    selection : path-like
        CSV with columns ``source, specific, basic, domain`` and optionally
        ``name_ja`` (overrides the stamp's Japanese text).
    out_dir : path-like
        Battery folder to write: ``items.csv`` and ``images/<item_id>.png``.
    category_names_ja : mapping, optional
        Japanese names of basic categories and domains.
    colour_domains : iterable of str, optional
        Domains that get a colour typicality (default: all).
    size : int, default 256
        Longest side of each output picture in pixels.
    source_label, license : str
        Written to every row's ``source`` (followed by the stamp's path) and
        ``license`` columns.
    overwrite : bool, default False
        Replace an existing ``items.csv``; without it an existing battery is
        never touched.
    progress : bool, default True
        Print one line per item.

    Returns
    -------
    pandas.DataFrame
        The manifest as written (and re-read through the validator).
    """
    source_root, out_dir = Path(source_root), Path(out_dir)
    rows = _read_selection(selection)
    if (out_dir / MANIFEST_NAME).exists() and not overwrite:
        raise ValueError(f"{out_dir / MANIFEST_NAME} exists; pass overwrite=True (--overwrite) to rebuild it.")
    images_dir = out_dir / "images"
    images_dir.mkdir(parents=True, exist_ok=True)
    category_names_ja = dict(category_names_ja or {})
    records, pictures = [], []
    for n, row in enumerate(rows, start=1):
        src = source_root / row["source"].strip()
        if not src.is_file():
            raise ValueError(f"{selection} row {n + 1}: source picture {str(src)!r} does not exist.")
        specific = row["specific"].strip()
        item_id = item_id_for(specific)
        picture = _prepare(src, size)
        relative = f"images/{item_id}.png"
        picture.save(out_dir / relative, optimize=True)
        txt = src.with_suffix(".txt")
        stamp = read_stamp_names(txt) if txt.is_file() else {}
        name_ja = (row.get("name_ja") or "").strip() or clean_name(stamp.get("ja", "")) or specific
        basic, domain = row["basic"].strip(), row["domain"].strip()
        records.append({
            "item_id": item_id,
            "specific": specific,
            "basic": basic,
            "domain": domain,
            "image": relative,
            "name_en": specific,
            "name_ja": name_ja,
            "basic_ja": category_names_ja.get(basic, basic),
            "domain_ja": category_names_ja.get(domain, domain),
            "source": f"{source_label}{': ' if source_label else ''}{row['source'].strip()}",
            "license": license,
        })
        pictures.append(picture)
        if progress:
            print(f"[{n:3d}/{len(rows)}] {item_id:22s} <- {row['source']}", flush=True)
    items = add_colour_metadata(pd.DataFrame.from_records(records), pictures,
                                colour_domains=None if colour_domains is None else set(colour_domains))
    items["dominant_hue"] = items["dominant_hue"].round(1)
    items["chromatic_fraction"] = items["chromatic_fraction"].round(3)
    items["domain_typical_hue"] = items["domain_typical_hue"].round(1)
    items.to_csv(out_dir / MANIFEST_NAME, index=False, encoding="utf-8")
    written = read_manifest(out_dir)
    assert all(c in written.columns for c in COLOUR_COLUMNS)
    return written
