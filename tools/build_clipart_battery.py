#!/usr/bin/env python
"""Build cogsim's second bundled battery, 'clipart', from two Debian packages other than Tux Paint (issue 26).

    apt-get install gcompris-qt-data openclipart-png
    python tools/build_clipart_battery.py --overwrite

The same concepts as the 'tuxpaint' battery (the same item ids, categories, names, coded attributes),
drawn by other hands: 63 of its 140 items, those for which one of the two packages has a single
coloured drawing of the object on a transparent background, chosen by looking at every candidate
(tools/clipart_selection.csv: which picture is which item, and which way each animal faces):

- GCompris (gcompris-qt-data 3.1-2): the cartoon drawings of its vocabulary activity
  (src/activities/lang/resource/words_sample/, packed in /usr/share/gcompris-qt/rcc/lang.rcc),
  by the Art4Apps project, CC-BY-SA-3.0;
- Open Clip Art Library (openclipart-png 0.18), public domain.

Each picture is unpacked (GCompris) or copied (Open Clip Art) into a staging folder named after its
package, then built like the bundled battery (cogsim.stimuli.build.build_battery: cropped to its
opaque pixels, longest side 256 px) and given the norms (tools/add_norms.py: word frequencies,
the same attribute coding, the selection's facing, visual typicality on this battery's pictures).
Writes cogsim/data/batteries/clipart/ and its ATTRIBUTION.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from cogsim.stimuli.build import build_battery, read_qt_resources  # noqa: E402

GCOMPRIS_RCC = Path("/usr/share/gcompris-qt/rcc")
OPENCLIPART = Path("/usr/share/openclipart/png")
OUT = REPO / "cogsim" / "data" / "batteries" / "clipart"
SELECTION = HERE / "clipart_selection.csv"
PACKAGES = {"gcompris": "gcompris-qt-data_3.1-2", "openclipart": "openclipart-png_0.18"}
GCOMPRIS_PREFIX = "/gcompris/src/activities/"


def stage(selection: Path, root: Path, gcompris_rcc: Path = GCOMPRIS_RCC, openclipart: Path = OPENCLIPART) -> Path:
    """Every selected picture as a PNG under *root*/<package>/<path>; returns the selection rewritten
    with those paths (build_battery's input).  A missing package or picture is named."""
    with selection.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    packed: dict[str, bytes] = {}
    if any(r["source"].startswith("gcompris:") for r in rows):
        files = sorted(gcompris_rcc.glob("*.rcc")) if gcompris_rcc.is_dir() else []
        if not files:
            raise SystemExit(f"{gcompris_rcc} has no .rcc files: apt-get install gcompris-qt-data")
        for rcc in files:
            packed.update(read_qt_resources(rcc))
    from PIL import Image

    staged = []
    for n, row in enumerate(rows, start=2):
        package, _, path = row["source"].partition(":")
        if package not in PACKAGES:
            raise SystemExit(f"{selection} row {n}: source must start with one of {sorted(PACKAGES)}, got "
                             f"{row['source']!r}")
        target = root / PACKAGES[package] / Path(path).with_suffix(".png")
        target.parent.mkdir(parents=True, exist_ok=True)
        if package == "gcompris":
            data = packed.get(GCOMPRIS_PREFIX + path)
            if data is None:
                raise SystemExit(f"{selection} row {n}: {path} is in none of {gcompris_rcc}'s .rcc files")
            Image.open(io.BytesIO(data)).convert("RGBA").save(target)
        else:
            source = openclipart / path
            if not source.is_file():
                raise SystemExit(f"{selection} row {n}: {source} not found: apt-get install openclipart-png")
            shutil.copyfile(source, target)
        staged.append({**row, "source": str(target.relative_to(root))})
    out = root / "selection.csv"
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(staged[0]))
        writer.writeheader()
        writer.writerows(staged)
    return out


ATTRIBUTION = """# The 'clipart' battery: sources and licences

63 pictures (23 from GCompris, 40 from the Open Clip Art Library) of the concepts of cogsim's 'tuxpaint' battery, drawn by other hands, from two Debian
packages; built by `tools/build_clipart_battery.py` with the hand-made selection
`tools/clipart_selection.csv`. Each picture was cropped to its opaque pixels and scaled to 256 px
on its longest side; nothing else was changed. `items.csv` gives each picture's source path and
licence.

- **GCompris** (Debian `gcompris-qt-data` 3.1-2, `src/activities/lang/resource/words_sample/`):
  drawings by the Art4Apps project (http://www.art4apps.org/), licensed CC-BY-SA-3.0
  (https://creativecommons.org/licenses/by-sa/3.0/). The scaled pictures here are shared under
  the same licence.
- **Open Clip Art Library** (Debian `openclipart-png` 0.18): public domain (Creative Commons Public
  Domain Dedication).

Names, categories, attribute coding and norms are cogsim's own (as for the 'tuxpaint' battery).
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT, help="battery folder to write")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing battery")
    args = parser.parse_args(argv)
    with open(HERE / "category_names_ja.csv", encoding="utf-8") as f:
        names_ja = {row["name"]: row["name_ja"] for row in csv.DictReader(f)}
    with SELECTION.open(encoding="utf-8") as f:
        facing = {row["specific"].replace(" ", "_"): row["facing"] for row in csv.DictReader(f) if row["facing"]}
    if args.overwrite and (args.out / "images").is_dir():
        shutil.rmtree(args.out / "images")
    with tempfile.TemporaryDirectory() as tmp:
        selection = stage(SELECTION, Path(tmp))
        items = build_battery(Path(tmp), selection, args.out, category_names_ja=names_ja,
                              colour_domains={"animal", "fruit_vegetable"}, source_label="Debian packages",
                              overwrite=args.overwrite)
    (args.out / "ATTRIBUTION.md").write_text(ATTRIBUTION, encoding="utf-8")
    from add_norms import add_norms  # frequencies, attributes, facing, visual typicality

    add_norms(args.out, facing=facing)
    typ = items["colour_typicality"].value_counts()
    print(f"wrote {len(items)} items to {args.out}: {items['domain'].nunique()} domains, "
          f"{items['basic'].nunique()} basic categories, {typ.get('typical', 0)} typical / "
          f"{typ.get('atypical', 0)} atypical colour items")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
