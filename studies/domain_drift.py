"""How well a damaged default hub still knows the domain of what it sees: an exploration on the calibration
patients only, deciding nothing (issue 26: why no rule for "retrieving nothing" gives a severe patient's delayed
copy the generic member of the right domain; docs/calibration.md, sd_hub_v24)

    python studies/domain_drift.py               # ~1 minute once the hubs are cached
    python studies/domain_drift.py --output DIR  # the table under DIR instead of docs/calibration/

The 8 premorbid ``sd_hub_v22`` patients of ``replicate(random_state=1)`` (the calibration patients), damaged with
the preset's lesion at the severities below (damage streams from ``make_cohort(random_state=DAMAGE_RANDOM_STATE)``,
nested across severities as in a replication), each shown the battery's canonical pictures once (run-time noise
``random_state=0``).  For each picture, the domain the hub believes most, read two ways: the sum of its item
probabilities over the battery's hierarchy (``readout="items"``, the default's) and its trained domain-name head
(``readout="names"``).  Writes, per severity, source and true domain, the share of pictures whose most probable
domain is the true one (``correct``), its mean probability (``p_true``) and the share leaning to the animals
(``lean_animal``).  Run after the held-out runs of ``studies/mixture_drawing.py``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

CALIBRATION_RANDOM_STATE = 1
DAMAGE_RANDOM_STATE = 123
SEVERITIES = (0.0, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0)
TABLE = "domain_drift.csv"


def drift_table():
    import numpy as np
    import pandas as pd
    import torch

    from cogsim import load_battery
    from cogsim.lesions.cohorts import make_cohort
    from cogsim.patients import build_patients
    from cogsim.presets import get_preset
    from cogsim.replication import SeedTree

    battery = load_battery()
    preset = get_preset("sd_hub_v22")
    seeds = SeedTree(CALIBRATION_RANDOM_STATE).ints("patients", 8)
    premorbid = build_patients(battery, seeds, hub=preset.hub, training=preset.training, policy=preset.policy)
    lex = premorbid[0].lexicon
    true = np.array([lex.domains.index(d) for d in lex.domain])
    membership = lex.membership("domain")
    animal = lex.domains.index("animal")
    rows = []
    for patient, severity, damaged in make_cohort(premorbid, preset.lesion, severities=SEVERITIES,
                                                  random_state=DAMAGE_RANDOM_STATE):
        logits, names = damaged.logits(battery, random_state=0, names=True)
        sources = {"items": (torch.softmax(logits, -1) @ membership).numpy(),
                   "names": torch.softmax(names["domain"], -1).numpy()}
        for source, p in sources.items():
            leaning = p.argmax(1)
            for k, domain in enumerate(lex.domains):
                shown = true == k
                rows.append({"patient": patient, "severity": severity, "source": source, "domain": domain,
                             "correct": float((leaning[shown] == k).mean()), "p_true": float(p[shown, k].mean()),
                             "lean_animal": float((leaning[shown] == animal).mean())})
    table = pd.DataFrame(rows)
    return table.groupby(["severity", "source", "domain"], as_index=False)[["correct", "p_true", "lean_animal"]].mean()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path(__file__).resolve().parent.parent / "docs" / "calibration")
    args = parser.parse_args(argv)
    table = drift_table()
    args.output.mkdir(parents=True, exist_ok=True)
    table.round(4).to_csv(args.output / TABLE, index=False)
    print(table.pivot_table(index="severity", columns=["source", "domain"], values="correct").round(2).to_string())
    print(table.pivot_table(index="severity", columns=["source", "domain"], values="lean_animal").round(2).to_string())
    print(f"written: {args.output / TABLE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
