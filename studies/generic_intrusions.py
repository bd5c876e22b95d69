"""Exploration, not a study: which domain a generic drawing intrudes on more, by the battery's coding alone
(issue 26)

    python studies/generic_intrusions.py                 # under a second; both bundled batteries
    python studies/generic_intrusions.py --output DIR    # the table under DIR instead of docs/calibration/

Why: "intrusions are commoner in animals than in artefacts" (``drawing_intrusions_animals_over_artefacts``,
Bozeat et al. 2003) fails for every default since ``sd_hub_v38`` on the bundled battery and is reproduced by
``sd_hub_v52`` on ``clipart``; ``studies/spoke_fit_look.py`` found it trading against "intrusions rise"
along every fit of the spoke.  Looked at on 2026-12-06 after ``studies/category_size.py``, by reading the
calibration patients' severe drawings (``replicate(random_state=1)``, the default, delayed copy): intruded
attributes per absent attribute were 0.023 for animals and 0.052 for artefacts, the artefacts' mostly a tail
(0.51 of their absent-tail trials, from pictures whose hub had settled into the animals' basin) and metal
(0.13).  The question is what the signature's measure gives, on a battery's coding alone, for the drawing
Bozeat et al.'s account predicts at the severe end: every picture drawn as its domain's generic member.

What it does, per battery and domain: the delayed-copy trial set of an item (every coded attribute that some
item of its domain has, :class:`cogsim.paradigms.DelayedCopy`), the domain's generic member (the attributes at
least half of its items have, :data:`cogsim.paradigms.delayed_copy.SHARED`, what the paradigm draws for a
patient that knows only the domain), and the signature's measure (intruded / absent attribute trials) if every
drawing of the domain's items were the generic member of a domain: its own (the row whose two domains are the
same) or another's (a picture drawn in the wrong domain's basin; an attribute the item's trial set does not
hold cannot be scored).  Writes ``generic_intrusions.csv``.  No patient is run, nothing is chosen, and no
preset, measure or signature changes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402

TABLE = "generic_intrusions.csv"
BATTERIES = ("tuxpaint", "clipart")


def generic_intrusions(items: pd.DataFrame, battery: str = "") -> pd.DataFrame:
    """Per pair of domains: the intrusion rate of the first's items all drawn as the second's generic member.

    >>> items = pd.DataFrame({"item_id": list("abcde"), "domain": ["x", "x", "y", "y", "y"],
    ...                       "attr_p": [1, 1, 0, 0, 0], "attr_q": [1, 0, 0, 0, 1], "attr_r": [0, 0, 1, 1, 1]})
    >>> t = generic_intrusions(items)
    >>> t[["items of", "drawn as", "generic member", "absent trials", "intruded", "rate"]].values.tolist()
    [['x', 'x', 'p, q', 1, 1, 1.0], ['x', 'y', 'r', 1, 0, 0.0], ['y', 'x', 'p, q', 2, 2, 1.0], ['y', 'y', 'r', 2, 0, 0.0]]
    """
    from cogsim.paradigms.delayed_copy import SHARED
    from cogsim.stimuli.norms import attribute_matrix

    table = items.set_index("item_id")
    coded = attribute_matrix(items).loc[table.index]
    domains = sorted(table["domain"].unique())
    generic = {d: coded.loc[table["domain"] == d].mean(axis=0) >= SHARED for d in domains}
    rows = []
    for own in domains:
        members = coded.loc[table["domain"] == own]
        slots = members.columns[members.any(axis=0)]  # the domain's trial set
        absent = members[slots] == 0
        for basin in domains:
            drawn = generic[basin][slots].to_numpy()
            intruded = int((absent.to_numpy() & drawn).sum())
            member = generic[basin].index[generic[basin]]
            rows.append({"battery": battery, "items of": own, "drawn as": basin,
                         "generic member": ", ".join(a.removeprefix("attr_") for a in member),
                         "items": len(members), "attribute trials per item": len(slots),
                         "absent trials": int(absent.to_numpy().sum()), "intruded": intruded,
                         "rate": intruded / max(int(absent.to_numpy().sum()), 1)})
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=synaptic_loss.OUT, help="folder of the table")
    args = parser.parse_args(argv)
    from cogsim import load_battery

    table = pd.concat([generic_intrusions(load_battery(name).items, name) for name in BATTERIES], ignore_index=True)
    args.output.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.output / TABLE, index=False)
    pd.set_option("display.width", 200)
    print(table.round(3).to_string(index=False))
    own = table[table["items of"] == table["drawn as"]].set_index(["battery", "items of"])["rate"]
    for name in BATTERIES:
        gap = own[(name, "animal")] - own[(name, "artefact")]
        print(f"{name}: every drawing its own domain's generic member, animals minus artefacts {gap:+.3f}"
              f" ({'the patients' if gap > 0 else 'not the patients'}' direction)")
    print(f"\nwritten: {args.output / TABLE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
