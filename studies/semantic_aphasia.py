"""The semantic-aphasia contrast on calibration patients (issue 28): its noise scale, and the contrasts it gives.

    python studies/semantic_aphasia.py                 # about 5 minutes on 2 cores (features cached)
    python studies/semantic_aphasia.py --output DIR    # tables under DIR instead of docs/disorders/

1. **The noise scale** of ``RetrievalControl``, by a rule written down before
   any contrast was run (2026-12-04): the smallest ``sd`` of 1, 2, 4, 8 at
   which uncued naming at severity 1 falls below 0.25 (the floor of SD's
   severe stage) on the 8 calibration patients of ``replicate(random_state=1)``,
   so that the semantic-aphasia course spans the SD course.  ``make run``'s
   patients (``random_state=0``) are never used here.  -> ``sa_scale.csv``.
2. **The contrasts on calibration patients**, for the record: the replication
   (no baselines, new views or maps) with ``random_state=1`` for ``sd_hub_v1``
   (the default) and ``sd_hub_v2`` patients, each SD cohort against the
   semantic-aphasia preset's lesion on the same premorbid patients.
   Nothing in the preset or the measures was changed after this ran.
   -> ``sa_contrasts_calibration.csv``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "disorders"
CALIBRATION_RANDOM_STATE = 1
SCALES = (1.0, 2.0, 4.0, 8.0)
FLOOR = 0.25


def scale_table(log=print) -> pd.DataFrame:
    """Uncued naming at severities 0.5 and 1 for every candidate scale, on the calibration patients."""
    import cogsim
    from cogsim.lesions import RetrievalControl, make_cohort
    from cogsim.paradigms import PictureNaming
    from cogsim.patients import build_patients
    from cogsim.presets import get_preset
    from cogsim.replication import SeedTree

    battery = cogsim.load_battery()
    preset = get_preset("sd_hub")
    seeds = SeedTree(CALIBRATION_RANDOM_STATE)
    patients = build_patients(battery, seeds.ints("patients", 8), hub=preset.hub, training=preset.training,
                              policy=preset.policy, progress=False)
    rows = []
    for sd in SCALES:
        cohort = make_cohort(patients, RetrievalControl(0.0, sd=sd), severities=(0.5, 1.0),
                             random_state=seeds.stream("lesions"))
        naming = PictureNaming().run(cohort, battery, random_state=seeds.int("paradigms"))
        acc = naming.groupby("severity")["correct"].mean()
        rows.append({"sd": sd, "naming_at_0.5": acc[0.5], "naming_at_1": acc[1.0]})
        log(f"sd {sd:g}: naming {acc[0.5]:.3f} at severity 0.5, {acc[1.0]:.3f} at 1")
    table = pd.DataFrame(rows)
    table["chosen"] = table["sd"] == table.loc[table["naming_at_1"] < FLOOR, "sd"].min()
    return table


def contrast_table(log=print) -> pd.DataFrame:
    from cogsim import ReplicationConfig, replicate

    frames = []
    for preset in ("sd_hub_v1", "sd_hub_v2"):
        started = time.perf_counter()
        config = ReplicationConfig(preset=preset, random_state=CALIBRATION_RANDOM_STATE, baselines=(),
                                   new_views=False, explain=False)
        run = replicate(None, config, progress=False, log=lambda *a: None)
        frames.append(run.contrasts.assign(sd_patients=preset))
        log(f"{preset}: {run.summary()[-1]} ({time.perf_counter() - started:.0f} s)")
    return pd.concat(frames, ignore_index=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(OUT))
    args = parser.parse_args(argv)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    scales = scale_table()
    scales.to_csv(out / "sa_scale.csv", index=False, float_format="%.4g")
    print(f"chosen sd: {scales.loc[scales['chosen'], 'sd'].tolist()}")
    contrasts = contrast_table()
    contrasts.to_csv(out / "sa_contrasts_calibration.csv", index=False, float_format="%.4g")
    print(contrasts[["sd_patients", "signature", "sd_mean", "other_mean", "estimate", "p", "reproduced"]]
          .to_string(index=False))


if __name__ == "__main__":
    main()
