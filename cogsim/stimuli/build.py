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

__all__ = ["build_battery", "read_stamp_names", "clean_name", "item_id_for", "read_qt_resources"]

SELECTION_COLUMNS = ("source", "specific", "basic", "domain")
_RCC_MAGIC = b"qres"
_RCC_DIRECTORY, _RCC_ZLIB, _RCC_ZSTD = 0x02, 0x01, 0x04
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


def read_qt_resources(path: str | os.PathLike) -> dict[str, bytes]:
    """Every file packed in a Qt resource file (``.rcc``, formats 1 to 3), as ``{"/dir/name": bytes}``.

    GCompris ships its pictures packed this way (Debian's ``gcompris-qt-data``,
    ``/usr/share/gcompris-qt/rcc/*.rcc``); ``tools/build_clipart_battery.py``
    reads them with this.  The format is Qt's ``rcc`` output: a ``qres``
    header with the offsets of a tree of nodes, a table of UTF-16 names and
    the data; a file's data may be zlib-compressed (Qt's ``qCompress``: a
    4-byte length, then the zlib stream).

    Raises
    ------
    ValueError
        Naming the file, when it is not a Qt resource file, is truncated, or
        holds zstd-compressed data (not supported).
    """
    import struct
    import zlib

    path = Path(path)
    data = path.read_bytes()
    if data[:4] != _RCC_MAGIC or len(data) < 20:
        raise ValueError(f"{path} is not a Qt resource file (it does not start with 'qres').")
    version, tree, blobs, names = struct.unpack(">IIII", data[4:20])
    if version not in (1, 2, 3):
        raise ValueError(f"{path}: Qt resource format {version} is not supported (1 to 3 are).")
    node_size = 14 if version == 1 else 22

    def chunk(start: int, length: int) -> bytes:
        if start < 0 or start + length > len(data):
            raise ValueError(f"{path} is truncated or damaged (an offset points past its end).")
        return data[start:start + length]

    def name_at(offset: int) -> str:
        (length,) = struct.unpack(">H", chunk(names + offset, 2))
        return chunk(names + offset + 6, 2 * length).decode("utf-16-be")

    files: dict[str, bytes] = {}

    def walk(node: int, prefix: str, depth: int) -> None:
        if depth > 64:
            raise ValueError(f"{path} is damaged (its directory tree loops).")
        base = tree + node * node_size
        name_offset, flags = struct.unpack(">IH", chunk(base, 6))
        name = name_at(name_offset) if node else ""
        if flags & _RCC_DIRECTORY:
            count, first = struct.unpack(">II", chunk(base + 6, 8))
            for child in range(first, first + count):
                walk(child, f"{prefix}{name}/" if node else "/", depth + 1)
            return
        (offset,) = struct.unpack(">I", chunk(base + 10, 4))
        (size,) = struct.unpack(">I", chunk(blobs + offset, 4))
        payload = chunk(blobs + offset + 4, size)
        if flags & _RCC_ZSTD:
            raise ValueError(f"{path}: {prefix}{name} is zstd-compressed, which cogsim does not read.")
        if flags & _RCC_ZLIB:
            payload = zlib.decompress(payload[4:])
        files[prefix + name] = payload

    walk(0, "", 0)
    return files


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
        ``name_ja`` (overrides the stamp's Japanese text) and ``license``
        (overrides *license* for that row, for a battery from several sources).
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
            "license": (row.get("license") or "").strip() or license,
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
