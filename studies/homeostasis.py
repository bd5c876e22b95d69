"""A hub that keeps its own scale after damage (synaptic scaling), chosen on calibration patients and held out
once on a fresh cohort (issue 26)

    python studies/homeostasis.py               # the two candidates on the calibration patients (about 5 minutes)
    python studies/homeostasis.py --held-out    # then the chosen one, sd_hub_v13 and sd_hub_v1, once, on fresh
                                                # patients, and matching and drawing to name on the same patients
    python studies/homeostasis.py --output DIR  # tables under DIR instead of docs/calibration/

Why: ``studies/name_spoke.py`` found that the generative presets' damage (pruning with activation
noise) makes the names' read-out fail while the hub keeps its items: when naming is at 0.007,
matching a heard name to its picture is still 0.87 and drawing to name keeps the camel's hump.
Pruning shrinks every hub state toward one point; naming compares the shrunken state with the
intact read-out's stored patterns and fails, while what is item-specific in the state survives.
``HubConfig(homeostasis=True)`` gives each damaged unit back its premorbid mean and SD over the
battery's pictures (synaptic scaling), so that shrinking alone no longer silences the names and
what damage removes is the item-specific part of the states.  What was looked at first:
``studies/knowledge_loss.py`` (an exploration on 4 of the calibration patients, printed once):
with homeostasis, at naming 0.05, v11's damage leaves matching at 0.86 and keeps 0.39 of the
distinctive and 0.75 of the shared attributes in drawing to name (without it 0.96, 0.92, 0.95);
v5's damage (pruning with noise of SD 2) 0.75, 0.19 and 0.64 (without it 0.71, 0.81, 0.86);
intrusions stay near 0 with homeostasis.  Nothing else of these candidates was run on any patient.

The design, written down before either candidate was run through a replication (2026-12-05):

1. Two candidates, each ``sd_hub_v13`` (hub training, name spoke, policy) with
   ``HubConfig(homeostasis=True)``: (a) v13's damage, pruning with activation noise of SD 1;
   (b) v5's damage, pruning with activation noise of SD 2.  Nothing else is searched.
2. Each candidate's sessions by rule 2 of ``studies/synaptic_loss.py`` (severity 0, then 15
   evenly spaced from the last severity where naming is still >= 0.95 to the first where it is
   <= 0.02), on the calibration patients (``replicate(random_state=1)``'s 8 premorbid patients,
   naming alone).
3. Each candidate run once on the calibration patients (no baselines, contrasts, new views or
   maps, as the earlier calibrations), scored by the 32 signatures and the naming RMSE over the
   16 informative cells; rule 4 chooses: among those within one signature of the best count, the
   lowest RMSE.  The chosen one becomes ``sd_hub_v14``.
4. Held out, once each, on patients no study, test or calibration has used
   (``replicate(random_state=8)``, every baseline and contrast): ``sd_hub_v14``, ``sd_hub_v13``
   (the same hubs without homeostasis, with v13's damage and sessions) and ``sd_hub_v1``.
   ``sd_hub`` moves to ``sd_hub_v14`` only if it reproduces more of the 32 signatures than
   ``sd_hub_v1`` *and* its naming RMSE over the 16 informative cells is not above ``sd_hub_v1``'s.
5. Described, not scored: on the same fresh premorbid patients and v14's sessions, matching beside
   naming and drawing to name (shared and distinctive attributes kept, absent ones intruded) per
   session, as ``studies/name_spoke.py`` step 4, with a figure of one patient's drawings to name.
   Nothing is changed after these runs; the outcome is reported as it comes out.

Writes ``homeostasis.csv`` (calibration) and, with ``--held-out``, ``homeostasis_held_out.csv``,
``…_held_out_v13.csv`` and ``…_held_out_v1.csv`` (each with its verdicts and contrasts beside it),
``homeostasis_matching.csv`` and ``homeostasis_drawing.csv``.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402
from name_spoke import drawings  # noqa: E402

CANDIDATE = "sd_hub_v14"
FRESH_RANDOM_STATE = 8
TABLE = "homeostasis.csv"


def candidates() -> dict:
    """Step 1: ``name -> lesion`` (severity 0) of the two candidates."""
    from cogsim.lesions import ActivationNoise, Compound, Pruning

    return {
        "v13_damage": Compound(0.0, parts=(Pruning(0.0), ActivationNoise(0.0, sd=1.0)), scales=(1.0, 1.0)),
        "v5_damage": Compound(0.0, parts=(Pruning(0.0), ActivationNoise(0.0, sd=2.0)), scales=(1.0, 1.0)),
    }


def homeostatic_hub():
    from cogsim.presets import get_preset

    return replace(get_preset("sd_hub_v13").hub, homeostasis=True)


def calibrate(output: Path) -> pd.DataFrame:
    """Steps 2 and 3 on the calibration patients; the table of both candidates, and the chosen row printed."""
    from cogsim import load_battery
    from cogsim.patients import build_patients
    from cogsim.presets import get_preset
    from cogsim.replication import SeedTree

    battery = load_battery()
    v13 = get_preset("sd_hub_v13")
    seeds = SeedTree(synaptic_loss.CALIBRATION_RANDOM_STATE).ints("patients", 8)
    patients = build_patients(battery, seeds, hub=homeostatic_hub(), training=v13.training, policy=v13.policy,
                              progress=False)
    rows = []
    for name, lesion in candidates().items():
        severities = synaptic_loss.course(lesion, patients, battery, synaptic_loss.CALIBRATION_RANDOM_STATE)
        if severities is None:
            rows.append({"candidate": name, "lesion": repr(lesion), "reproduced": 0, "tested": 0,
                         "rmse_informative": float("nan"), "failed": "intact patients name below 0.95"})
            continue
        row, _ = synaptic_loss.evaluate(name, lesion, severities, synaptic_loss.CALIBRATION_RANDOM_STATE,
                                        preset="sd_hub_v13", hub=homeostatic_hub(), baselines=(), new_views=False,
                                        explain=False, contrasts=())
        rows.append(row)
        print(f"{name}: severities {row['severities']}; {row['reproduced']} of {row['tested']}, "
              f"RMSE {row['rmse_informative']:.3f} ({row['seconds']} s)", flush=True)
        pd.DataFrame(rows).to_csv(output / TABLE, index=False, float_format="%.4f")
    table = pd.DataFrame(rows)
    table.to_csv(output / TABLE, index=False, float_format="%.4f")
    chosen = synaptic_loss.choose(table.dropna(subset=["rmse_informative"]))
    print(f"chosen on the calibration patients: {chosen['candidate']} ({chosen['reproduced']} signatures, "
          f"RMSE {chosen['rmse_informative']:.3f})")
    return table


def described(output: Path) -> tuple:
    """Step 5: matching beside naming, drawing to name beside delayed copy, per session of sd_hub_v14, on
    replicate(random_state=8)'s premorbid patients; the drawings to name of the first patient."""
    import cogsim
    from cogsim.lesions import make_cohort
    from cogsim.paradigms import PictureNaming, WordPictureMatching, run_paradigms
    from cogsim.patients import build_patients
    from cogsim.presets import get_preset
    from cogsim.replication import SeedTree

    battery = cogsim.load_battery()
    seeds = SeedTree(FRESH_RANDOM_STATE)
    preset = get_preset(CANDIDATE)
    patients = build_patients(battery, seeds.ints("patients", 8), hub=preset.hub, training=preset.training,
                              policy=preset.policy, progress=False)
    sessions = make_cohort(patients, preset.lesion, severities=preset.severities, random_state=seeds.stream("lesions"))
    out = run_paradigms([PictureNaming(), WordPictureMatching()], sessions, battery, random_state=0, progress=False)
    matching = pd.DataFrame({task: out[task].groupby("severity")["correct"].mean() for task in out}).reset_index()
    drawing_table = drawings(sessions, battery, CANDIDATE)
    matching.to_csv(output / "homeostasis_matching.csv", index=False, float_format="%.4f")
    drawing_table.to_csv(output / "homeostasis_drawing.csv", index=False, float_format="%.4f")
    print(matching.round(3).to_string(index=False))
    print(drawing_table.pivot(index="severity", columns="cue").round(3).to_string())
    return matching, drawing_table


def fresh_held_out(output: Path) -> dict:
    """Steps 4 and 5: sd_hub_v1, sd_hub_v13 and sd_hub_v14, once each, on replicate(random_state=8)'s patients."""
    row = synaptic_loss.held_out_beside(CANDIDATE, output, TABLE, FRESH_RANDOM_STATE, beside=("sd_hub_v13",))
    described(output)
    return row


def main(argv=None) -> int:
    return synaptic_loss.main(argv, doc=__doc__, calibrate_with=calibrate, preset=CANDIDATE,
                              held_out_with=fresh_held_out)


if __name__ == "__main__":
    raise SystemExit(main())
