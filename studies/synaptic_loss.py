"""Which damage makes familiarity and typicality decide what a patient loses? (issue 26; calibration patients only)

    python studies/synaptic_loss.py                # the candidates on the calibration patients (about 10 minutes)
    python studies/synaptic_loss.py --held-out     # then the chosen one, once, on make run's patients
    python studies/synaptic_loss.py --output DIR   # tables under DIR instead of docs/calibration/

Why: with ``sd_hub_v1``'s damage (unit ablation plus activation noise), naming
does not follow typicality, with either norm.  An exploration on other
calibration seeds (101-106, naming only, 2026-12-04) found that damage which
*weakens the input-driven signal* -- removing connections (``Pruning``, the
damage of Rogers et al. 2004's weight removal) or scaling them down
(``WeightScaling``) -- pulls every picture's hub response toward the response
to the average picture, so typical and familiar items are named longest:
family-resemblance typicality effects of +0.13 to +0.27 per SD against +0.01
with v1's damage, on sd_hub_v2's hub; added activation noise washes the pull
out.  That exploration looked at naming only; no signature was computed.

The design, written down before any candidate below was replicated (2026-12-04):

1. Candidates: sd_hub_v2's hub, training and response policy (the semantic
   spoke, frequency exposure 0.5, the cheap training), with five damages fixed
   here: ``noise_ablation`` (v1's and v2's damage, for reference), ``pruning``
   (connections of every hub layer removed at random), ``scaling`` (every
   hub weight scaled by 1 - severity), ``pruning_noise`` (pruning plus
   activation noise of SD 1, half v1's) and ``pruning_ablation`` (pruning
   plus unit ablation).
2. Severities by one rule, on naming alone: from a sweep of the calibration
   patients' naming at severities 0, 0.05, ..., 1, take the last severity at
   which mean naming is still at least 0.95 and the first at which it is at
   most 0.02; the sessions are severity 0 and 15 severities evenly spaced
   between those two (sd_hub_v1 has 16 sessions), so that every candidate's
   sessions cover its own course.  No signature enters the rule.
3. Patients: ``replicate(random_state=1)``'s 8 patients and 8 controls
   (calibration patients), no baselines, new views, maps or contrasts.
4. Score and choice, as in ``studies/recalibrate_v2.py``: the number of the 32
   signatures reproduced, then naming RMSE over the 16 informative cells;
   among the candidates within one signature of the best, the lowest RMSE.
5. The chosen candidate becomes the preset ``sd_hub_v3``.  It is then run once
   on ``make run``'s patients (``random_state=0``, every baseline and contrast):
   ``sd_hub`` moves to ``sd_hub_v3`` only if there it reproduces more of the
   32 signatures than ``sd_hub_v1`` (24) *and* its naming RMSE over the 16
   informative cells is not above v1's 0.035.  Nothing is changed after that
   run; the outcome is reported as it comes out.

Writes ``synaptic_loss.csv`` (one row per candidate: damage, severities, the
signatures reproduced and failed, the item-effect estimates, RMSE, seconds)
and, with ``--held-out``, ``synaptic_loss_held_out.csv``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "calibration"
CALIBRATION_RANDOM_STATE = 1
HELD_OUT_RANDOM_STATE = 0
SWEEP = tuple(round(0.05 * k, 2) for k in range(21))
ITEM_SIGNATURES = ("naming_frequency_effect", "naming_typicality_effect", "naming_frequency_by_typicality",
                   "object_decision_typicality", "object_decision_typical_stays_normal")


def damages() -> dict:
    """``name -> Lesion`` of every candidate (severity 0; each session sets its own)."""
    from cogsim.lesions import ActivationNoise, Compound, Pruning, UnitAblation, WeightScaling

    return {
        "noise_ablation": Compound(0.0, parts=(ActivationNoise(0.0, sd=2.0), UnitAblation(0.0)), scales=(1.0, 1.0)),
        "pruning": Pruning(0.0),
        "scaling": WeightScaling(0.0),
        "pruning_noise": Compound(0.0, parts=(Pruning(0.0), ActivationNoise(0.0, sd=1.0)), scales=(1.0, 1.0)),
        "pruning_ablation": Compound(0.0, parts=(Pruning(0.0), UnitAblation(0.0)), scales=(1.0, 1.0)),
    }


def course(lesion, patients, battery, random_state) -> tuple:
    """Rule 2: severity 0 and 15 severities evenly spaced over the patients' naming decline (naming only); None when
    naming is below 0.95 at every severity, even intact (the candidate cannot be placed)."""
    from cogsim.lesions import progression
    from cogsim.paradigms import PictureNaming, run_paradigms

    longs = [progression(p, lesion, SWEEP, random_state=random_state + k, patient_id=f"P{k + 1:02d}")
             for k, p in enumerate(patients)]
    naming = run_paradigms([PictureNaming()], longs, battery, random_state=random_state)["picture_naming"]
    accuracy = naming.groupby("severity")["correct"].mean()
    if accuracy.max() < 0.95:  # the intact patients themselves name less: no decline to place sessions on
        return None
    high = max(s for s in SWEEP if accuracy[s] >= 0.95)
    low = min([s for s in SWEEP if accuracy[s] <= 0.02 and s > high] or [1.0])
    return (0.0, *(round(float(s), 4) for s in np.linspace(high, low, 15)))


def evaluate(name, lesion, severities, random_state, preset="sd_hub_v2", **config):
    """One candidate's replication on *preset*'s patients (sd_hub_v2's hub and training): (row of scores, the Replication)."""
    from cogsim.replication import ReplicationConfig, replicate

    started = time.perf_counter()
    run = replicate(None, ReplicationConfig(preset=preset, lesion=lesion, severities=severities,
                                            random_state=random_state, **config))
    v = run.verdicts.set_index("signature")
    tested = v["reproduced"].notna()
    reproduced = v.loc[tested, "reproduced"].astype(bool)
    row = {"candidate": name, "lesion": repr(lesion), "severities": " ".join(f"{s:g}" for s in severities),
           "reproduced": int(reproduced.sum()), "tested": int(tested.sum()),
           "rmse_informative": float(run.rmse.set_index("response").loc["informative", "cogsim"]),
           "failed": "; ".join(reproduced.index[~reproduced.to_numpy()]),
           "seconds": round(time.perf_counter() - started, 1)}
    for signature in ITEM_SIGNATURES:
        if signature in v.index:
            row[signature] = float(v.loc[signature, "estimate"])
    return row, run


def choose(table: pd.DataFrame) -> pd.Series:
    """Rule 4: within one signature of the best count, the lowest RMSE."""
    near = table[table["reproduced"] >= table["reproduced"].max() - 1]
    return near.sort_values(["rmse_informative", "reproduced"], ascending=[True, False]).iloc[0]


def calibration_patients(training=None, hub=None):
    """The bundled battery and the 8 premorbid calibration patients of replicate(random_state=1), sd_hub_v2's hub
    (trained with *training* instead of v2's, and *hub* instead of v2's hub, if given)."""
    from cogsim import load_battery
    from cogsim.patients import build_patients
    from cogsim.presets import get_preset
    from cogsim.replication import SeedTree

    battery = load_battery()
    preset = get_preset("sd_hub_v2")
    seeds = SeedTree(CALIBRATION_RANDOM_STATE).ints("patients", 8)
    patients = build_patients(battery, seeds, hub=hub or preset.hub, training=training or preset.training,
                              policy=preset.policy)
    return battery, patients


def calibrate(output: Path) -> pd.DataFrame:
    battery, patients = calibration_patients()
    rows = []
    for name, lesion in damages().items():
        severities = course(lesion, patients, battery, CALIBRATION_RANDOM_STATE)
        row, _ = evaluate(name, lesion, severities, CALIBRATION_RANDOM_STATE, baselines=(), new_views=False,
                          explain=False, contrasts=())
        rows.append(row)
        print(f"{name}: severities {row['severities']}; {row['reproduced']} of {row['tested']}, "
              f"RMSE {row['rmse_informative']:.3f} ({row['seconds']} s)", flush=True)
        pd.DataFrame(rows).to_csv(output / "synaptic_loss.csv", index=False, float_format="%.4f")
    table = pd.DataFrame(rows)
    chosen = choose(table)
    print(f"chosen on the calibration patients: {chosen['candidate']} ({chosen['reproduced']} signatures, "
          f"RMSE {chosen['rmse_informative']:.3f})")
    return table


def main(argv=None, *, doc=__doc__, calibrate_with=None, preset="sd_hub_v3",
         held_out_file="synaptic_loss_held_out.csv", bar=(24, 0.035), held_out_with=None):
    """The command line of this study, and of the studies that reuse its rules with their own calibration
    (*calibrate_with*), preset, held-out table and adoption bar (pruning_policy, pull_and_spread, familiar_winner,
    familiar_names, prototype_names), or their own held-out run (*held_out_with*, given the output folder)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUT)
    parser.add_argument("--held-out", action="store_true",
                        help=f"run {preset} once on make run's patients (after the calibration)")
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    if not args.held_out:
        (calibrate_with or calibrate)(args.output)
        return 0
    if held_out_with is not None:
        held_out_with(args.output)
        return 0
    held_out(preset, args.output / held_out_file, bar=bar)
    return 0


def run_main(argv, *, doc: str, run) -> int:
    """The command line of a study that is one run into an output folder (``--output``, default docs/calibration/):
    confident_steps, five_times_cheaper, half_the_steps, flushed_subnormals."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    run(args.output)
    return 0


def candidate_main(argv, *, doc: str, candidate: str, table: str, fresh_random_state: int,
                   bar: str = "sd_hub_v1", ties_move: bool = False) -> int:
    """The command line of a one-candidate study (familiar_training, category_look, task_domain_look,
    generic_drawing, familiar_task_domain, cheap_training, mixture_drawing): without ``--held-out`` *candidate* once on the
    calibration patients (table *table*); with it the *bar* preset and *candidate* once each on
    ``replicate(fresh_random_state)``'s patients (:func:`held_out_beside`; *ties_move*: as many signatures as the
    bar is enough, for a change that is to cost, not to what the patient does)."""
    return main(argv, doc=doc, preset=candidate,
                calibrate_with=lambda output: in_sample(candidate, output / table),
                held_out_with=lambda output: held_out_beside(candidate, output, table, fresh_random_state,
                                                             bar=bar, ties_move=ties_move))


def held_out(preset: str, path: Path, *, bar=(24, 0.035), random_state: int = HELD_OUT_RANDOM_STATE,
             said_as: str = "held out", bar_name: str = "sd_hub_v1", ties_move: bool = False, extra=None,
             **config) -> dict:
    """Rule 5: *preset* run once on make run's patients; its row written to *path* (its verdicts and contrasts
    beside it, ``*_verdicts.csv``, ``*_contrasts.csv``); says whether sd_hub moves: more signatures than
    ``bar[0]`` (sd_hub_v1's, scored the same way) and an RMSE not above ``bar[1]``; ``bar=None`` for the run that
    gives the bar (the default preset itself), which says no verdict.  *random_state* chooses the patients
    (default: make run's); *said_as* is how the printed line calls the run (``"in sample"`` on calibration
    patients); *bar_name*: the preset that gave the bar (what sd_hub stays); *config*: more ReplicationConfig
    fields (``battery="clipart"``); *ties_move*: as many signatures as ``bar[0]`` is enough; *extra*: called as
    ``extra(run, path, row)`` after the tables are written, to add a study's own measures to *row* (and its file)."""
    from cogsim.presets import get_preset

    chosen = get_preset(preset)
    row, run = evaluate(preset, chosen.lesion, chosen.severities, random_state, preset=preset, **config)
    if extra is not None:
        extra(run, path, row)
    pd.DataFrame([row]).to_csv(path, index=False, float_format="%.4f")
    columns = ["panel", "signature", "reproduced", "estimate", "p", "effect_size", "diagnostic", "norm"]
    run.verdicts[[c for c in columns if c in run.verdicts]].to_csv(path.with_name(f"{path.stem}_verdicts.csv"),
                                                                 index=False, float_format="%.4f")
    if run.contrasts is not None:
        run.contrasts.to_csv(path.with_name(f"{path.stem}_contrasts.csv"), index=False, float_format="%.4f")
    print(run.summary())
    said = f"{said_as}: {row['reproduced']} of {row['tested']}, RMSE {row['rmse_informative']:.3f} ({row['seconds']} s)"
    if bar is None:
        print(said + " (no adoption verdict of its own)")
        return row
    moves = (row["reproduced"] >= bar[0] if ties_move else row["reproduced"] > bar[0]) \
        and row["rmse_informative"] <= bar[1]
    print(said + "; sd_hub " + (f"moves to {preset}" if moves else f"stays {bar_name} (rule 5 not met)"))
    return row


def in_sample(preset: str, path: Path, extra=None) -> pd.DataFrame:
    """*preset* run once on the calibration patients (every baseline and contrast), its row written to *path*
    (*extra*: as in :func:`held_out`)."""
    return pd.DataFrame([held_out(preset, path, bar=None, random_state=CALIBRATION_RANDOM_STATE,
                                  said_as="in sample", extra=extra)])


def held_out_beside(candidate: str, output: Path, table: str, random_state: int, beside=(),
                    bar: str = "sd_hub_v1", ties_move: bool = False) -> dict:
    """*bar* (``sd_hub_v1`` unless given), each preset of *beside*, then *candidate* (judged against the bar's
    count and RMSE), once each on ``replicate(random_state)``'s patients; tables
    ``<table stem>_held_out[_<bar version>|_<version>].csv`` under *output*."""
    stem = Path(table).stem
    first = held_out(bar, output / f"{stem}_held_out_{bar.removeprefix('sd_hub_')}.csv", bar=None,
                  random_state=random_state)
    for preset in beside:
        held_out(preset, output / f"{stem}_held_out_{preset.removeprefix('sd_hub_')}.csv", bar=None,
                 random_state=random_state)
    return held_out(candidate, output / f"{stem}_held_out.csv", bar=(first["reproduced"], first["rmse_informative"]),
                    random_state=random_state, bar_name=bar, ties_move=ties_move)


if __name__ == "__main__":
    raise SystemExit(main())
