"""Is it the response policy that loses the naming profile under connection loss? (issue 26; calibration patients only)

    python studies/pruning_policy.py                # the candidates on the calibration patients (about 15 minutes)
    python studies/pruning_policy.py --held-out     # then the chosen one, once, on make run's patients
    python studies/pruning_policy.py --profile      # the chosen one's naming profile beside the patients' bins
    python studies/pruning_policy.py --drawings     # what one sd_hub_v4 patient draws (docs/images/)
    python studies/pruning_policy.py --output DIR   # tables under DIR instead of docs/calibration/

Why: ``studies/synaptic_loss.py`` found that damage which weakens the hub's
input-driven signal (``Pruning``, Rogers et al. 2004's weight removal) gives the
largest item effects on the calibration patients (naming frequency +0.10 to
+0.12 per SD, visual typicality +0.018 to +0.026, frequency x typicality
negative) but a naming profile far from the patients' (RMSE 0.11-0.14 over the
16 informative cells), and fails "semantic errors rise then fall" and
"superordinate errors after semantic errors": the *kinds* of naming error, which
the response policy decides.  That policy (top-down naming, thresholds
0.2/0.3/0.6) was chosen by the calibration study for ``sd_hub_v1``'s damage,
unit ablation plus activation noise, whose beliefs are spread by noise; a pruned
hub's beliefs are pulled toward the average picture instead.  So the question
is whether, with a policy chosen for it, connection loss keeps its item effects
and fits the profile.

The design, written down before any candidate below was run (2026-12-05):

1. Candidates: ``sd_hub_v2``'s hub and training (the semantic spoke, frequency
   exposure 0.5, the cheap training), with the three pruning damages of
   ``studies/synaptic_loss.py`` (``pruning``, ``pruning_noise``,
   ``pruning_ablation``; the exact lesions of ``synaptic_loss.damages()``)
   crossed with the nine response policies that the calibration study
   (``studies/calibration.py``) tried on hubs that learnt names at every level
   with the colour rule ``guess@0.3`` of ``sd_hub_v1``: naming ``top_down`` at
   thresholds 0.2/0.3/0.6 (``sd_hub_v1``'s), 0.2/0.5/0.7, 0.3/0.4/0.7,
   0.3/0.3/0.6, 0.2/0.4/0.6, 0.4/0.4/0.7 and ``most_specific`` at 0.3/0.4/0.6,
   0.2/0.3/0.6, 0.3/0.5/0.7.  27 candidates; no other value is searched.
2. Sessions by ``studies/synaptic_loss.py``'s rule 2, on naming alone and with the
   candidate's own policy: severity 0 and 15 severities evenly spaced between the
   last sweep severity at which mean naming is at least 0.95 and the first at which
   it is at most 0.02.
3. Patients: ``replicate(random_state=1)``'s 8 patients and 8 controls
   (calibration patients), no baselines, new views, maps or contrasts.
4. Score and choice, as in ``studies/synaptic_loss.py``: the number of the 32
   signatures reproduced, then naming RMSE over the 16 informative cells; among
   the candidates within one signature of the best, the lowest RMSE.
5. The chosen candidate becomes the preset ``sd_hub_v4``.  It is then run once
   on ``make run``'s patients (``random_state=0``, every baseline and contrast):
   ``sd_hub`` moves to ``sd_hub_v4`` only if there it reproduces more of the 32
   signatures than ``sd_hub_v1`` (24) *and* its naming RMSE over the 16
   informative cells is not above v1's 0.035.  Nothing is changed after that
   run; the outcome is reported as it comes out.

Writes ``pruning_policy.csv`` (one row per candidate) and, with ``--held-out``,
``pruning_policy_held_out.csv``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synaptic_loss import (CALIBRATION_RANDOM_STATE, OUT, ROOT, calibration_patients, choose,  # noqa: E402
                           course, damages, evaluate, main as study_main)  # the same rules, not copies

DAMAGES = ("pruning", "pruning_noise", "pruning_ablation")
POLICIES = (("top_down", "0.2/0.3/0.6"), ("top_down", "0.2/0.5/0.7"), ("top_down", "0.3/0.4/0.7"),
            ("top_down", "0.3/0.3/0.6"), ("top_down", "0.2/0.4/0.6"), ("top_down", "0.4/0.4/0.7"),
            ("most_specific", "0.3/0.4/0.6"), ("most_specific", "0.2/0.3/0.6"), ("most_specific", "0.3/0.5/0.7"))


def policy(naming: str, thresholds: str):
    """A ResponsePolicy of the grid: *thresholds* ``specific/basic/domain``, colour rule ``guess@0.3`` (v1's)."""
    from cogsim.patients import ResponsePolicy

    specific, basic, domain = map(float, thresholds.split("/"))
    return ResponsePolicy(specific, basic, domain, naming=naming, recognition=0.3, colour_fallback="guess")


def calibrate(output: Path, *, lesions=None, policies=POLICIES, table="pruning_policy.csv",
              training=None) -> pd.DataFrame:
    """Every (damage, policy) candidate on the calibration patients; one row each, written to *output*/*table*.

    *lesions* maps a damage's name to its lesion (default: DAMAGES of ``synaptic_loss.damages()``), *training*
    replaces sd_hub_v2's hub training; also used by ``studies/pull_and_spread.py`` and
    ``studies/familiar_winner.py``."""
    battery, patients = calibration_patients(training)
    lesions = {d: damages()[d] for d in DAMAGES} if lesions is None else lesions
    rows = []
    for damage, lesion in lesions.items():
        for naming, thresholds in policies:
            answer = policy(naming, thresholds)
            severities = course(lesion, [p.with_policy(answer) for p in patients], battery,
                                CALIBRATION_RANDOM_STATE)
            name = f"{damage} {naming} {thresholds}"
            if severities is None:  # not placeable: recorded, never chosen (its reproduced count is empty)
                rows.append({"damage": damage, "naming": naming, "thresholds": thresholds, "candidate": name,
                             "lesion": repr(lesion), "failed": "intact naming below 0.95: rule 2 cannot place it"})
                print(f"{name}: intact naming below 0.95 at every severity; not placeable", flush=True)
                continue
            row, _ = evaluate(name, lesion, severities, CALIBRATION_RANDOM_STATE, policy=answer, training=training,
                              baselines=(), new_views=False, explain=False, contrasts=())
            rows.append({"damage": damage, "naming": naming, "thresholds": thresholds, **row})
            print(f"{name}: severities {row['severities']}; {row['reproduced']} of {row['tested']}, "
                  f"RMSE {row['rmse_informative']:.3f} ({row['seconds']} s)", flush=True)
            pd.DataFrame(rows).to_csv(output / table, index=False, float_format="%.4f")
    scores = pd.DataFrame(rows)
    if "reproduced" not in scores or scores["reproduced"].isna().all():
        print("no candidate of this training could be placed")
        return scores
    chosen = choose(scores)
    print(f"chosen on the calibration patients: {chosen['candidate']} ({chosen['reproduced']} signatures, "
          f"RMSE {chosen['rmse_informative']:.3f}; sessions {chosen['severities']})")
    return scores


def calibrate_trainings(output: Path, trainings: dict, *, lesions: dict, policies, table: str) -> pd.DataFrame:
    """:func:`calibrate` once per hub training: *trainings* maps a label to ``(TrainingConfig, {column: value})``;
    every row gets its training's columns and the label before its candidate name, in one *table*; the choice is
    made over all of them (``studies/familiar_names.py``, ``studies/prototype_names.py``)."""
    from synaptic_loss import choose

    tables = []
    for label, (training, columns) in trainings.items():
        part = f"_{table}.part.csv"  # calibrate's own table of this training, merged below
        scores = calibrate(output, lesions=lesions, policies=policies, table=part, training=training)
        tables.append(scores.assign(**columns, candidate=[f"{label} {c}" for c in scores["candidate"]]))
        (output / part).unlink(missing_ok=True)  # not written when no candidate of it could be placed
    merged = pd.concat(tables, ignore_index=True)
    merged.to_csv(output / table, index=False, float_format="%.4f")
    chosen = choose(merged)
    print(f"chosen over every training: {chosen['candidate']} ({chosen['reproduced']} signatures, "
          f"RMSE {chosen['rmse_informative']:.3f}; sessions {chosen['severities']})")
    return merged


def chosen_profile(output: Path) -> pd.DataFrame:
    """The chosen candidate's naming profile beside the patients' bins (calibration patients), from its table row."""
    table = pd.read_csv(output / "pruning_policy.csv")
    chosen = choose(table)
    severities = tuple(float(s) for s in chosen["severities"].split())
    _, run = evaluate(chosen["candidate"], damages()[chosen["damage"]], severities, CALIBRATION_RANDOM_STATE,
                      policy=policy(chosen["naming"], chosen["thresholds"]), baselines=(), new_views=False,
                      explain=False, contrasts=())
    comparison = run.naming_comparison
    comparison.to_csv(output / "pruning_policy_chosen_profile.csv", index=False, float_format="%.4f")
    print(comparison.pivot(index="response", columns="severity_bin", values=["patients", "cogsim"]).round(2))
    return comparison


def drawings(preset: str = "sd_hub_v4", severities=(0.0, 0.5, 0.6, 0.7), path: Path | None = None) -> Path:
    """What one *preset* patient (the default premorbid patient, lesion stream 0) draws at *severities*
    (``docs/images/drawings_<preset>.png``; also ``studies/prototype_spread.py --drawings`` for sd_hub_v9)."""
    import cogsim
    from cogsim.analysis.figures import plot_drawings
    from cogsim.lesions import progression
    from cogsim.paradigms import DelayedCopy, run_paradigms
    from cogsim.presets import get_preset

    path = ROOT / "docs" / "images" / f"drawings_{preset}.png" if path is None else path
    battery = cogsim.load_battery()
    patient = cogsim.build_patient(battery, preset=preset, progress=False)
    sessions = progression(patient, get_preset(preset).lesion, severities, random_state=0, patient_id="P01")
    trials = run_paradigms([DelayedCopy()], sessions, battery, random_state=0)["delayed_copy"]
    items = ["duck", "camel", "elephant", "penguin", "kangaroo", "dolphin", "car", "banana"]
    plot_drawings(trials, battery, items=items).savefig(path, dpi=90)
    return path


def main(argv=None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if "--drawings" in argv:
        print(drawings())
        return 0
    if "--profile" in argv:  # after the calibration: where the chosen candidate's profile departs from the patients'
        argv = [a for a in argv if a != "--profile"]
        output = Path(argv[argv.index("--output") + 1]) if "--output" in argv else OUT
        chosen_profile(output)
        return 0
    return study_main(argv, doc=__doc__, calibrate_with=calibrate, preset="sd_hub_v4",
                      held_out_file="pruning_policy_held_out.csv")


if __name__ == "__main__":
    raise SystemExit(main())
