#!/usr/bin/env python
"""Write the item norms into a battery's items.csv (run by build_battery.py; can be run alone).

    pip install "wordfreq[cjk]"
    python tools/add_norms.py                 # the bundled battery, in place

Adds, replacing earlier values:
  freq_en, freq_ja            Zipf frequencies of name_en / name_ja (wordfreq)
  attr_<name>                 the hand coding of tools/attribute_coding.py (0/1)
  facing                      which way each animal's head points (same file)
  typicality_domain/_basic    visual typicality on the default backbone's features
                              (cogsim.stimuli.norms.visual_typicality)
and writes attributes.csv beside items.csv: each attribute's English and Japanese
names and its coding rule.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import attribute_coding  # noqa: E402
import pandas as pd  # noqa: E402

from cogsim._reportdir import atomic_write  # noqa: E402
from cogsim.stimuli import load_battery  # noqa: E402
from cogsim.stimuli.battery import MANIFEST_NAME  # noqa: E402
from cogsim.stimuli.norms import ATTRIBUTE_LABELS, ATTRIBUTE_PREFIX, add_frequencies, visual_typicality  # noqa: E402

OUT = REPO / "cogsim" / "data" / "batteries" / "tuxpaint"
NORM_PREFIXES = ("freq_", "typicality_", ATTRIBUTE_PREFIX)


def add_norms(folder: Path, facing: dict | None = None) -> pd.DataFrame:
    """Read *folder*'s items.csv as written (strings), add the norms, write it back; return the table.

    *facing* (item id -> left/right/front) gives which way each animal picture's head points; by default
    attribute_coding.FACING, coded for the bundled battery's pictures (another battery's pictures need their own).
    """
    facing = attribute_coding.FACING if facing is None else facing
    from cogsim.patients.backbones import get_backbone
    from cogsim.patients.features import picture_features

    path = folder / MANIFEST_NAME
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw = raw.drop(columns=[c for c in raw.columns if c.startswith(NORM_PREFIXES) or c == "facing"])
    coded = pd.DataFrame([attribute_coding.code(i, b) for i, b in zip(raw["item_id"], raw["basic"])])
    coded.columns = [ATTRIBUTE_PREFIX + c for c in coded.columns]
    table = add_frequencies(raw)
    table["facing"] = [facing.get(i, "") if d == "animal" else ""
                       for i, d in zip(raw["item_id"], raw["domain"])]
    battery = load_battery(folder)
    features = picture_features(get_backbone(), battery).numpy()
    for level in ("domain", "basic"):
        table[f"typicality_{level}"] = visual_typicality(features, battery.items[level]).round(4)
    table = pd.concat([table, coded], axis=1)
    atomic_write(path, lambda tmp: table.to_csv(tmp, index=False, encoding="utf-8"))
    labels = pd.DataFrame([(name, en, ja, rule) for name, (en, ja, rule) in attribute_coding.ATTRIBUTES.items()],
                          columns=["attribute", "name_en", "name_ja", "rule"])
    atomic_write(folder / ATTRIBUTE_LABELS, lambda tmp: labels.to_csv(tmp, index=False, encoding="utf-8"))
    return table


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--battery", type=Path, default=OUT, help="battery folder (default: the bundled one)")
    args = parser.parse_args(argv)
    table = add_norms(args.battery)
    attrs = [c for c in table.columns if c.startswith(ATTRIBUTE_PREFIX)]
    print(f"{args.battery / MANIFEST_NAME}: {len(table)} items, {len(attrs)} attributes, "
          f"freq_en {table['freq_en'].min():.2f}-{table['freq_en'].max():.2f}, "
          f"freq_ja {table['freq_ja'].min():.2f}-{table['freq_ja'].max():.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
