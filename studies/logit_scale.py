"""How confident the default's hubs and its cheaper trainings are, intact and damaged: an exploration on the
calibration patients only, deciding nothing (issue 26; what ``studies/output_scale.py`` was designed from)

    python studies/logit_scale.py               # ~2 minutes once the hubs are cached
    python studies/logit_scale.py --output DIR  # the tables under DIR instead of docs/calibration/
    python studies/logit_scale.py --battery clipart --presets sd_hub_v22 sd_hub_v29   # another battery
                                                # (tables logit_scale_*_clipart.csv)

The 8 premorbid patients of ``replicate(random_state=1)`` (the calibration patients) of ``sd_hub_v22``, its three
cheaper trainings (``sd_hub_v25``: 100 steps at twice the rate; ``sd_hub_v26``: 256 principal directions;
``sd_hub_v27``: both) and ``sd_hub_v1``.  Two tables:

- ``logit_scale_intact.csv``: each intact hub's *logit scale* on its training pictures (the SD of its item logits
  across items, averaged over the pictures; :func:`cogsim.patients.training.logit_scale`);
- ``logit_scale_damaged.csv``: each preset's patients damaged with its lesion (damage streams from
  ``make_cohort(random_state=123)``, run-time noise ``random_state=0``), shown the canonical pictures once, per
  severity, averaged over patients: naming accuracy by argmax (``accuracy``), the mean largest item probability
  (``p_max``), the share of pictures whose strongest item reaches the naming threshold 0.2 (``any_item_02``) and
  whose strongest *wrong* item does (``wrong_item_02``), the logit scale (``logit_scale``) and the entropy of the
  item probabilities (``entropy``).  Naming here is argmax, not the preset's policy.
"""

from __future__ import annotations

import argparse
from pathlib import Path

CALIBRATION_RANDOM_STATE = 1
DAMAGE_RANDOM_STATE = 123
PRESETS = ("sd_hub_v22", "sd_hub_v25", "sd_hub_v26", "sd_hub_v27", "sd_hub_v1")
SEVERITIES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)


def tables(battery_name: str = "tuxpaint", presets=PRESETS):
    import pandas as pd
    import torch

    from cogsim import load_battery
    from cogsim.lesions.cohorts import make_cohort
    from cogsim.patients import build_patients
    from cogsim.patients.backbones import get_backbone
    from cogsim.patients.build import training_pictures
    from cogsim.patients.config import hub_layer_names
    from cogsim.patients.training import logit_scale
    from cogsim.presets import get_preset
    from cogsim.replication import SeedTree

    battery = load_battery(battery_name)
    backbone = get_backbone()
    seeds = SeedTree(CALIBRATION_RANDOM_STATE).ints("patients", 8)
    intact, damaged_rows = [], []
    for name in presets:
        preset = get_preset(name)
        _, x, _ = training_pictures(backbone, battery, preset.training)
        premorbid = build_patients(battery, seeds, hub=preset.hub, training=preset.training, policy=preset.policy,
                                   progress=False)
        layers = hub_layer_names(preset.hub)
        intact += [{"preset": name, "patient": k, "logit_scale": logit_scale(p.hub, x, layers)}
                   for k, p in enumerate(premorbid)]
        n = len(premorbid[0].lexicon.item_ids)
        items = torch.arange(n)
        for patient, severity, damaged in make_cohort(premorbid, preset.lesion, severities=SEVERITIES,
                                                      random_state=DAMAGE_RANDOM_STATE):
            logits = damaged.logits(battery, random_state=0)
            p = torch.softmax(logits, -1)
            wrong = p.clone()
            wrong[items, items] = 0.0
            damaged_rows.append({
                "preset": name, "patient": patient, "severity": severity,
                "accuracy": float((p.argmax(1) == items).float().mean()),
                "p_max": float(p.max(1).values.mean()),
                "any_item_02": float((p.max(1).values >= 0.2).float().mean()),
                "wrong_item_02": float((wrong.max(1).values >= 0.2).float().mean()),
                "logit_scale": float(logits.std(1).mean()),
                "entropy": float(-(p * p.clamp_min(1e-12).log()).sum(1).mean())})
    damaged = pd.DataFrame(damaged_rows).drop(columns="patient").groupby(["preset", "severity"], as_index=False).mean()
    return pd.DataFrame(intact), damaged


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path(__file__).resolve().parent.parent / "docs" / "calibration")
    parser.add_argument("--battery", default="tuxpaint", help="a bundled battery's name (default: tuxpaint)")
    parser.add_argument("--presets", nargs="+", default=list(PRESETS), metavar="PRESET")
    args = parser.parse_args(argv)
    intact, damaged = tables(args.battery, args.presets)
    args.output.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.battery == "tuxpaint" else f"_{args.battery}"
    intact.round(4).to_csv(args.output / f"logit_scale_intact{suffix}.csv", index=False)
    damaged.round(4).to_csv(args.output / f"logit_scale_damaged{suffix}.csv", index=False)
    print(intact.groupby("preset")["logit_scale"].agg(["min", "mean", "max"]).round(2).to_string())
    print(damaged.round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
