#!/usr/bin/env python
"""Contact sheets of a battery's pictures with their coded attributes, for checking the coding by eye.

    python tools/attribute_sheets.py [--battery FOLDER] [--out FOLDER]

Writes attributes_<k>.png (20 pictures each) to --out (default: a temporary folder, printed).
See tools/attribute_check.md for the check made on the bundled battery.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PIL import Image, ImageDraw  # noqa: E402

from cogsim.stimuli import load_battery  # noqa: E402
from cogsim.stimuli.norms import attribute_matrix  # noqa: E402


def sheets(battery, out: Path, per_sheet: int = 20, columns: int = 5, side: int = 170) -> list[Path]:
    attrs = attribute_matrix(battery.items)
    facing = battery.items.set_index("item_id").get("facing")
    ids = battery.item_ids
    rows_per_sheet = -(-per_sheet // columns)
    cell_h = side + 64
    written = []
    for k in range(0, len(ids), per_sheet):
        sheet = Image.new("RGB", (columns * side, rows_per_sheet * cell_h), "white")
        draw = ImageDraw.Draw(sheet)
        for j, item in enumerate(ids[k:k + per_sheet]):
            x, y = (j % columns) * side, (j // columns) * cell_h
            sheet.paste(battery.image(item, size=side - 10), (x + 5, y + 12))
            head = item if facing is None or not facing.get(item) else f"{item} ({facing[item]})"
            draw.text((x + 4, y), head, fill="black")
            present = [a for a, v in attrs.loc[item].items() if v]
            lines, line = [], ""
            for a in present:
                if len(line) + len(a) > 27:
                    lines.append(line)
                    line = ""
                line += a + " "
            lines.append(line)
            for n, text in enumerate(lines[:4]):
                draw.text((x + 4, y + side + 2 + 12 * n), text, fill=(0, 0, 160))
        path = out / f"attributes_{k // per_sheet + 1}.png"
        sheet.save(path)
        written.append(path)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--battery", default=None, help="battery name or folder (default: the bundled one)")
    parser.add_argument("--out", type=Path, default=None, help="folder for the sheets (default: a new temporary one)")
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="cogsim-attributes-"))
    out.mkdir(parents=True, exist_ok=True)
    for path in sheets(load_battery(args.battery), out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
