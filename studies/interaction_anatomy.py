"""Exploration, not a study: why the naming frequency × typicality interaction has the patients' opposite sign
(issue 26)

    python studies/interaction_anatomy.py                 # about 1 minute; writes docs/calibration/interaction_anatomy.csv
    python studies/interaction_anatomy.py --own-distance  # sd_hub_v14: how far damage moves each state from its item
    python studies/interaction_anatomy.py --prior-exposure   # sd_hub_v16's hub with frequency as a name prior
                                                          # and/or as exposure in training (about 3 minutes)
    python studies/interaction_anatomy.py --output DIR    # the table under DIR instead

Why: every preset so far fails ``naming_frequency_by_typicality``: its interaction coefficient is
positive (sd_hub_v16 +0.024 held out) where the patients' is negative (Patterson et al. 2006: typicality
matters most for low-frequency items).  On the probability scale a floor alone makes the coefficient
positive (near the floor only items that have both advantages survive), so the question is whether
the presets' pattern is a floor or a property of how they name.

What it does: ``sd_hub_v1``, ``sd_hub_v14`` (whose naming ``sd_hub_v16`` shares by construction) and
``sd_hub_v15`` (names read from the attractor's settled state), each run once on the calibration
patients (``replicate(random_state=1)``: no held-out cohort is touched), naming only; then
:func:`cogsim.analysis.item_effects.naming_item_anatomy` per observed stage: the four cells of the
median split, each cell's success split into reaching a specific name and choosing the right one
(``correct = reached x chosen``), the interaction of each part and of the log-odds of success.
Nothing is chosen and no preset changes.

``--own-distance`` looks at one read-out that would not penalise a crowded item: naming the
top-down item when the damaged state is near *its own* stored pattern (``-|h - m_i|^2 / tau`` above
a bound), whatever its siblings.  It prints, per session of sd_hub_v14's course on the same
patients, naming accuracy and the quartiles of that distance for the item each picture shows.

``--prior-exposure`` asks where the frequency effect of the generative presets comes from and what
it does to the interaction: sd_hub_v16's hub (v14's naming) trained with the name prior
(``TrainingConfig(name_prior=)``, frequency as a bias in the competition between names) and the
exposure (``frequency_exposure=``, frequent items seen more often in training) of :data:`PRIOR_EXPOSURE`,
each with its sessions by rule 2 of ``studies/synaptic_loss.py``, run once on the calibration patients
(naming, verification, colour, matching, object decision, delayed copy; no baselines); prints the
signature count, naming RMSE, item signatures and the anatomy's interaction rows.  Prints only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402

PRESETS = ("sd_hub_v1", "sd_hub_v14", "sd_hub_v15")
#: ``(name_prior, frequency_exposure)`` pairs of ``--prior-exposure``; sd_hub_v16's own is (0.5, 0.0).
PRIOR_EXPOSURE = ((0.5, 0.0), (0.0, 0.5), (0.0, 1.0), (0.25, 0.5), (0.5, 0.5), (1.0, 0.5))
TABLE = "interaction_anatomy.csv"


def anatomy(preset: str) -> pd.DataFrame:
    """*preset*'s naming on the calibration patients, anatomised per stage."""
    from cogsim.analysis.item_effects import naming_item_anatomy
    from cogsim import load_battery
    from cogsim.analysis.signatures import CONCEPT_TYPICALITY, naming_typicality
    from cogsim.replication import ReplicationConfig, replicate

    run = replicate(None, ReplicationConfig(preset=preset, random_state=synaptic_loss.CALIBRATION_RANDOM_STATE,
                                            paradigms=("picture_naming",), baselines=(), contrasts=(),
                                            new_views=False, explain=False))
    items, norm = naming_typicality(load_battery().items)
    assert norm == CONCEPT_TYPICALITY
    table = naming_item_anatomy(run.results, items, typicality=norm)
    return table.assign(preset=preset)


def own_distance() -> pd.DataFrame:
    """sd_hub_v14 on the calibration patients: per session, naming accuracy and the quartiles of
    ``-|h - m_item|^2 / tau`` (damaged state of each canonical picture against its own item's stored pattern)."""
    import torch

    from cogsim import load_battery
    from cogsim.lesions import progression
    from cogsim.patients import build_patients
    from cogsim.patients.features import picture_features
    from cogsim.patients.hub import stored_patterns
    from cogsim.presets import get_preset
    from cogsim.replication import SeedTree

    battery = load_battery()
    preset = get_preset("sd_hub_v14")
    seeds = SeedTree(synaptic_loss.CALIBRATION_RANDOM_STATE).ints("patients", 8)
    patients = build_patients(battery, seeds, hub=preset.hub, training=preset.training, policy=preset.policy)
    truth = np.array([patients[0].lexicon.item_ids.index(i) for i in battery.item_ids])
    rows = []
    for k, patient in enumerate(patients):
        features = picture_features(patient.backbone, battery, None)
        patterns, tau = stored_patterns(patient.hub, patient.training.prototype_temperature)
        course = progression(patient, preset.lesion, preset.severities, random_state=k, patient_id=f"P{k + 1:02d}")
        for session in course:
            logits, heads = session.hub_logits(features, random_state=0, heads=True, battery=battery)
            h = heads["hidden"].double()
            distance = (h.pow(2).sum(-1, keepdim=True) - 2.0 * h @ patterns.T + patterns.pow(2).sum(-1)) / tau
            own = -distance[torch.arange(len(truth)), torch.as_tensor(truth)].numpy()
            severity = session.lesions[-1][0].severity if session.lesions else 0.0
            rows.append(pd.DataFrame({"patient": f"P{k + 1:02d}", "severity": round(float(severity), 4),
                                      "own": own, "named": (logits.argmax(-1).numpy() == truth)}))
    data = pd.concat(rows, ignore_index=True)
    out = data.groupby("severity").agg(top_item_right=("named", "mean"),
                                       q25=("own", lambda v: np.percentile(v, 25)),
                                       median=("own", "median"), q75=("own", lambda v: np.percentile(v, 75)))
    return out.round(3).reset_index()


def prior_exposure() -> None:
    """sd_hub_v16's hub with each ``(name_prior, frequency_exposure)`` of :data:`PRIOR_EXPOSURE` (printed)."""
    from dataclasses import replace

    from cogsim import load_battery
    from cogsim.analysis.item_effects import naming_item_anatomy
    from cogsim.analysis.signatures import naming_typicality
    from cogsim.patients import build_patients
    from cogsim.presets import get_preset
    from cogsim.replication import SeedTree

    battery = load_battery()
    v16 = get_preset("sd_hub_v16")
    seeds = SeedTree(synaptic_loss.CALIBRATION_RANDOM_STATE).ints("patients", 8)
    items, norm = naming_typicality(battery.items)
    for prior, exposure in PRIOR_EXPOSURE:
        name = f"name_prior {prior:g}, exposure {exposure:g}"
        training = replace(v16.training, name_prior=prior, frequency_exposure=exposure)
        patients = build_patients(battery, seeds, hub=v16.hub, training=training, policy=v16.policy, progress=False)
        severities = synaptic_loss.course(v16.lesion, patients, battery, synaptic_loss.CALIBRATION_RANDOM_STATE)
        if severities is None:
            print(f"\n{name}: intact patients name below 0.95, cannot be placed")
            continue
        row, run = synaptic_loss.evaluate(name, v16.lesion, severities, synaptic_loss.CALIBRATION_RANDOM_STATE,
                                          preset="sd_hub_v16", training=training, baselines=(), contrasts=(),
                                          new_views=False, explain=False)
        print(f"\n{name}: {row['reproduced']} of {row['tested']}, RMSE {row['rmse_informative']:.3f}; "
              + ", ".join(f"{k.removeprefix('naming_')} {row[k]:+.3f}" for k in synaptic_loss.ITEM_SIGNATURES
                          if k in row))
        table = naming_item_anatomy(run.results, items, typicality=norm)
        print(table[table["cell"] == "interaction"].drop(columns="cell").round(3).to_string(index=False), flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--own-distance", action="store_true", help="sd_hub_v14: distance to each item's own pattern")
    parser.add_argument("--prior-exposure", action="store_true", help="sd_hub_v16 with frequency as prior/exposure")
    parser.add_argument("--output", type=Path, default=synaptic_loss.OUT, help="folder of the table")
    args = parser.parse_args(argv)
    pd.set_option("display.width", 200)
    if args.prior_exposure:
        prior_exposure()
        return 0
    if args.own_distance:
        print(own_distance().to_string(index=False))
        return 0
    table = pd.concat([anatomy(preset) for preset in PRESETS], ignore_index=True)
    table = table[["preset", *[c for c in table.columns if c != "preset"]]]
    args.output.mkdir(parents=True, exist_ok=True)
    table.round(4).to_csv(args.output / TABLE, index=False)
    shown = table[table["stage"].isin(["mild", "moderate", "severe"])]
    for preset, own in shown.groupby("preset", sort=False):
        print(f"\n{preset}")
        print(own.drop(columns="preset").round(3).to_string(index=False))
    print(f"\nwrote {args.output / TABLE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
