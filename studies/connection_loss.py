"""Connection loss on the default's hub: three damages placed on the calibration patients' course, the chosen one held
out on two fresh cohorts against sd_hub_v45 (issue 26: "the frequency x typicality interaction (negative)")

    python studies/connection_loss.py --course    # rule 1: each damage's sessions on the calibration patients (naming)
    python studies/connection_loss.py             # rules 2 and 3: v45 and the candidates in sample, then cohorts 38, 39
    python studies/connection_loss.py --output DIR   # tables under DIR instead of docs/calibration/

Why: the default (``sd_hub_v45``) reproduces 30 of 32 signatures on ``make run``'s patients; one of the two it fails
is the naming frequency x typicality interaction (+0.023 where the patients' is negative).  Of the 45 presets only
two reproduced it on held-out patients, ``sd_hub_v4`` (-0.013) and ``sd_hub_v5`` (-0.009), and both did it with
*connection loss* (``Pruning``), which pulls every picture's hub response toward the average picture's
(``studies/synaptic_loss.py``) -- on ``sd_hub_v2``'s hub, with a naming profile far from the patients' (RMSE 0.095 and
0.059).  Every default since ``sd_hub_v1`` loses units and adds activation noise; connection loss was never tried on
the default's hub (``sd_hub_v33``'s training, the fitted spoke and v45's response policy).  This study tries it.

Seen first, before this design (2026-12-06): every study's results listed in docs/calibration.md and
docs/item_effects.md, among them ``studies/synaptic_loss.py``, ``pruning_policy.py`` and ``pull_and_spread.py``
(v2's hub), ``studies/interaction_anatomy.py`` (the interaction is not a floor; the crowding of typical items in
reaching a specific name makes it positive), ``studies/typicality_within_domains.py`` (cohort 35) and ``make run``
with v45 (30 of 32, RMSE 0.035).  No pruning damage has been run on this hub, and no patient of cohorts 38 or 39
has been run by any study, test or calibration.

The design, written down before the runs below (2026-12-06):

1. Three candidates, fixed here, each ``sd_hub_v45`` (hub, training, fitted spoke, response policy) with another
   damage, growing with one severity: ``sd_hub_v46`` v45's damage (activation noise of SD 2 plus unit loss) with
   connection loss added (``Pruning``, random, every hub layer); ``sd_hub_v47`` activation noise of SD 2 plus
   connection loss (``sd_hub_v5``'s damage: unit loss replaced by connection loss); ``sd_hub_v48`` activation
   noise of SD 1 plus connection loss (``sd_hub_v4``'s damage).  Their sessions by rule 2 of
   ``studies/synaptic_loss.py`` (:func:`synaptic_loss.course`): from a sweep of the calibration patients' naming at
   severities 0, 0.05, ..., 1, severity 0 and 15 severities evenly spaced from the last severity at which mean
   naming is still at least 0.95 to the first at which it is at most 0.02 (``--course``, naming only, no
   signature).  The severities it prints become the presets' and are committed before rule 2 runs.
2. ``sd_hub_v45`` and the three candidates once each on the calibration patients (``replicate(random_state=1)``,
   every baseline and contrast).  Check first: every trial of the intact session (severity 0) of each candidate
   must equal v45's (the damage at severity 0 must leave the patient v45's); if not, the study stops and reports
   it.  A candidate qualifies if it reproduces at least as many of the 32 signatures as v45 there, leaves no more
   of them undetermined against the baselines, and its naming RMSE (16 informative cells) is not above max(v45's, 0.035).  Among the qualifiers: the most signatures,
   then the lower RMSE, then the first listed.  None: no held-out run, ``sd_hub`` stays v45.
3. ``sd_hub_v45`` and the chosen candidate once each on ``replicate(random_state=38)`` and
   ``replicate(random_state=39)``.  ``sd_hub`` moves to the candidate if, summed over the two cohorts, it
   reproduces *more* signatures than v45, leaves no more undetermined, and its mean naming RMSE is not above
   max(v45's mean, 0.035) (``studies/name_prior.py``'s rule).  Each cohort's numbers and the naming estimates
   are reported, deciding nothing.  Nothing is changed after these runs; the outcome is reported as it comes out.

Expected, said before the runs: typicality effects larger than v45's (the pull toward the average picture), the
interaction nearer the patients' sign; the naming profile is the risk (v4 and v5 lost it on v2's hub), so the
likeliest outcome is that no candidate qualifies in sample on the RMSE bar, which would be reported as the finding.

Writes ``connection_loss_course.csv`` (rule 1), ``connection_loss.csv`` (one row per preset, calibration, with the
naming item-effect estimates) with ``connection_loss_<version>*.csv`` and, when a candidate qualifies,
``connection_loss_held_out_<cohort>_<version>*.csv``, ``connection_loss_held_out_per_cohort.csv`` and
``connection_loss_held_out.csv`` (the totals and the decision).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cheaper_training_policy  # noqa: E402
import fitted_spoke  # noqa: E402
import name_prior  # noqa: E402
import synaptic_loss  # noqa: E402

CANDIDATES = ("sd_hub_v46", "sd_hub_v47", "sd_hub_v48")
BAR = "sd_hub_v45"
COHORTS = (38, 39)
TABLE = "connection_loss.csv"
COURSE_TABLE = "connection_loss_course.csv"
RMSE_BAR = name_prior.RMSE_BAR
SIGNATURES = name_prior.SIGNATURES
MEASURES = name_prior.MEASURES
#: Rule 2's check compares these columns of the intact session's trials.
CHECKED = ("paradigm", "patient", "session", "trial", "item", "response", "correct")
_TRIALS: dict = {}  # preset -> the calibration run's intact-session trials (rule 2's check)

measured = name_prior.measured
gains = name_prior.gains


def damages() -> dict:
    """``candidate -> Lesion`` of rule 1 (severity 0; each session sets its own)."""
    from cogsim.lesions import ActivationNoise, Compound, Pruning, UnitAblation

    return {
        "sd_hub_v46": Compound(0.0, parts=(ActivationNoise(0.0, sd=2.0), UnitAblation(0.0), Pruning(0.0)),
                               scales=(1.0, 1.0, 1.0)),
        "sd_hub_v47": Compound(0.0, parts=(ActivationNoise(0.0, sd=2.0), Pruning(0.0)), scales=(1.0, 1.0)),
        "sd_hub_v48": Compound(0.0, parts=(ActivationNoise(0.0, sd=1.0), Pruning(0.0)), scales=(1.0, 1.0)),
    }


def calibration_patients(training=None):
    """The bundled battery and the 8 premorbid calibration patients of ``replicate(random_state=1)`` with v45's hub,
    training (*training* instead, if given) and policy."""
    from cogsim import load_battery
    from cogsim.patients import build_patients
    from cogsim.presets import get_preset
    from cogsim.replication import SeedTree

    battery = load_battery()
    preset = get_preset(BAR)
    seeds = SeedTree(synaptic_loss.CALIBRATION_RANDOM_STATE).ints("patients", 8)
    return battery, build_patients(battery, seeds, hub=preset.hub, training=training or preset.training,
                                   policy=preset.policy)


def course(output: Path, lesions=None, training=None, table: str = COURSE_TABLE) -> pd.DataFrame:
    """Rule 1: each candidate damage's sessions on the calibration patients (naming only), written to *table*
    (*lesions*: ``candidate -> Lesion``, default :func:`damages`; *training*: the patients' hub training, default
    v45's; also ``studies/attribute_hub_loss.py``)."""
    battery, patients = calibration_patients(training)
    rows = []
    for name, lesion in (lesions or damages()).items():
        severities = synaptic_loss.course(lesion, patients, battery, synaptic_loss.CALIBRATION_RANDOM_STATE)
        said = "cannot be placed" if severities is None else " ".join(f"{s:g}" for s in severities)
        print(f"{name}: {lesion!r}: {said}", flush=True)
        rows.append({"candidate": name, "lesion": repr(lesion), "severities": said})
    written = pd.DataFrame(rows)
    written.to_csv(output / table, index=False)
    return written


def intact_trials(results: pd.DataFrame) -> pd.DataFrame:
    """The trials of the intact session (severity 0), in a fixed order, in the columns rule 2 compares."""
    intact = results[results["severity"] == 0.0]
    columns = [c for c in CHECKED if c in intact.columns]
    return intact[columns].astype(str).sort_values(columns).reset_index(drop=True)


def measured_and_kept(run, path: Path, row: dict) -> None:
    """:func:`measured` and the count of undetermined verdicts (rule 2), keeping this calibration run's
    intact-session trials for rule 2's check."""
    measured(run, path, row)
    row["undetermined"] = cheaper_training_policy.undetermined_in(run.verdicts)
    _TRIALS[row["candidate"]] = intact_trials(run.results)


def same_other_tasks(candidate: str) -> bool:
    """Rule 2's check: *candidate*'s intact session is v45's, trial for trial (the damage at severity 0 leaves the
    patient as it was)."""
    return fitted_spoke.same_other_tasks(candidate, _TRIALS, BAR)


def choose(table: pd.DataFrame, candidates=CANDIDATES, bar_name: str = BAR) -> str | None:
    """Rule 2: *candidates* with at least v45's (*bar_name*'s) signatures in sample, no more undetermined and a naming
    RMSE not above max(v45's, 0.035); the most signatures, then the lower RMSE, then the first listed; None when none
    qualifies (also ``studies/own_course.py``, with its bar)."""
    bar = table.loc[table["candidate"] == bar_name].iloc[0]
    cap = max(float(bar["rmse_informative"]), RMSE_BAR)
    ok = table[table["candidate"].isin(candidates) & (table["reproduced"] >= int(bar["reproduced"]))
               & (table["undetermined"] <= int(bar["undetermined"])) & (table["rmse_informative"] <= cap)]
    return fitted_spoke.first_of(ok, candidates, ["reproduced", "rmse_informative"], [False, True])


#: What rule 2's refusal says.
NO_CANDIDATE = ("no candidate reproduces as many signatures as {bar} in sample with no more undetermined and a "
                "naming RMSE within the bar")


def run(output: Path, candidates=CANDIDATES, table_name: str = TABLE) -> bool | None:
    """Rules 2 and 3 (``fitted_spoke.run`` with this study's bar, cohorts, measures, check, choice and rule);
    whether sd_hub moves (None: no candidate qualified, or rule 2's check failed)."""
    return fitted_spoke.run(output, candidates, table_name, study=sys.modules[__name__])


def main(argv=None, *, doc: str = __doc__, course_with=None, run_with=None) -> int:
    """The command line of this study (``--course`` for rule 1, ``--output``), and of a study that reuses its rules
    with its own rule 1 (*course_with*, given the output folder) and run (*run_with*): ``attribute_hub_loss``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--output", type=Path, default=synaptic_loss.OUT)
    parser.add_argument("--course", action="store_true", help="rule 1 only: each candidate's sessions")
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    if args.course:
        (course_with or course)(args.output)
        return 0
    (run_with or run)(args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
