#!/usr/bin/env python
"""Draw example object-decision pairs (real picture beside its chimera) for the docs.

    python tools/chimera_examples.py docs/images/chimeras.png
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PIL import Image, ImageDraw  # noqa: E402

from cogsim.paradigms.object_decision import ObjectDecision  # noqa: E402
from cogsim.stimuli import load_battery  # noqa: E402
from cogsim.stimuli.battery import _fit_square  # noqa: E402
from cogsim.stimuli.chimeras import Chimeras  # noqa: E402
from cogsim.stimuli.images import composite  # noqa: E402

WANTED = ["camel", "elephant", "duck", "zebra", "toucan", "grasshopper"]


def main(out: str) -> int:
    import numpy as np

    battery = load_battery()
    design = ObjectDecision().design(battery, np.random.default_rng(0))
    rows = [design[design["item"] == item].iloc[0] for item in WANTED if item in set(design["item"])]
    side, label = 180, 30
    sheet = Image.new("RGB", (2 * side * 3, (side + label) * ((len(rows) + 2) // 3)), "white")
    draw = ImageDraw.Draw(sheet)
    for k, row in enumerate(rows):
        x, y = (k % 3) * 2 * side, (k // 3) * (side + label)
        real = battery.image(row["item"], size=side - 10)
        chimera = composite(_fit_square(Chimeras(((row["item"], row["donor"]),)).image(battery, 0), side - 10), "white")
        sheet.paste(real, (x + 5, y + label))
        sheet.paste(chimera, (x + side + 5, y + label))
        draw.text((x + 5, y + 2), f"real: {row['item']}  (typicality {row['real_typicality']:.2f})", fill="black")
        draw.text((x + 5, y + 15), f"chimera: {row['item']} + front of {row['donor']} ({row['chimera_typicality']:.2f})"
                  f" -> {row['condition']}", fill=(0, 0, 150))
    sheet.save(out)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "chimeras.png"))
