#!/usr/bin/env python
"""Rebuild cogsim's bundled 'tuxpaint' battery from Debian's tuxpaint-stamps-default.

    apt-get install tuxpaint-stamps-default
    python tools/build_battery.py --overwrite

Reads the hand-made selection (tools/battery_selection.csv: which stamp is which
item, chosen by looking at each picture) and the Japanese category names
(tools/category_names_ja.csv), writes cogsim/data/batteries/tuxpaint/, then adds the
item norms (tools/add_norms.py: needs pip install "wordfreq[cjk]").
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from cogsim.stimuli.build import build_battery  # noqa: E402

STAMPS = Path("/usr/share/tuxpaint/stamps")
OUT = REPO / "cogsim" / "data" / "batteries" / "tuxpaint"
SOURCE_LABEL = "Debian tuxpaint-stamps-default 2022.06.04-1, stamps/"
LICENSE = "GPL-2.0-or-later"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stamps", type=Path, default=STAMPS, help=f"stamps folder (default {STAMPS})")
    parser.add_argument("--out", type=Path, default=OUT, help="battery folder to write")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing battery")
    args = parser.parse_args(argv)
    if not args.stamps.is_dir():
        parser.error(f"{args.stamps} not found: install it with 'apt-get install tuxpaint-stamps-default'.")
    with open(HERE / "category_names_ja.csv", encoding="utf-8") as f:
        names_ja = {row["name"]: row["name_ja"] for row in csv.DictReader(f)}
    if args.overwrite and (args.out / "images").is_dir():
        shutil.rmtree(args.out / "images")
    items = build_battery(
        args.stamps, HERE / "battery_selection.csv", args.out,
        category_names_ja=names_ja, colour_domains={"animal", "fruit_vegetable"},
        source_label=SOURCE_LABEL, license=LICENSE, overwrite=args.overwrite,
    )
    from add_norms import add_norms  # frequencies, attributes, facing, visual typicality

    add_norms(args.out)
    typ = items["colour_typicality"].value_counts()
    print(f"wrote {len(items)} items to {args.out}: "
          f"{items['domain'].nunique()} domains, {items['basic'].nunique()} basic categories, "
          f"{typ.get('typical', 0)} typical / {typ.get('atypical', 0)} atypical colour items")
    print(items.groupby("domain")["domain_typical_hue"].first().to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
