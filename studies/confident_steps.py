"""The cheaper hub that names like the patients, held out on two fresh cohorts against today's default (issue 26:
"training cheap enough to calibrate ... cold make run at most 150 s")

    python studies/confident_steps.py               # sd_hub_v22 and sd_hub_v29 on cohorts 23 and 24 (~8 minutes)
    python studies/confident_steps.py --output DIR  # tables under DIR instead of docs/calibration/

Why a second look at a candidate a committed rule passed over: ``studies/output_scale.py`` ran ``sd_hub_v29``
(``sd_hub_v25``'s training, 100 steps at twice the rate, 3.0 times cheaper per hub, with its intact hubs made as
confident as v22's) on the calibration patients: naming RMSE **0.031**, the first cheaper training to name like the
patients (v22 there 0.035; v25 unscaled 0.135), but 25 of 32 signatures against v22's 26, so its rule chose
``sd_hub_v30`` instead, which then failed on cohort 22 (RMSE 0.063 against 0.029).  The one signature v29 lacks
there is "errors drift to familiar names" (−0.064 against v22's +0.034), which v22 reproduces on its calibration
cohort only: it fails it on make run's patients (−0.003) and on all six cohorts it has been held out on since
(17-22: −0.004, −0.065, +0.031, +0.006, +0.039, −0.017; ``docs/calibration/*_held_out*_verdicts.csv``).  Because
this second look was decided after seeing v29's in-sample row, it is judged on two fresh cohorts instead of one,
summed, so that one lucky cohort cannot move the default.

Seen first, before this design (2026-12-06): everything ``studies/output_scale.py`` lists and its results (in
sample v29 25 / 0.031, v30 27 / 0.062; cohort 22: v22 26 / 0.029 with one undetermined, v30 28 / 0.063); the
cheaper-training studies' results; no patient of cohorts 23 or 24 has been run by any study, test or calibration.

The design, written down before the runs below (2026-12-06):

1. One candidate with no free parameter: ``sd_hub_v29`` as committed (``output_scale.py``'s design).
2. ``sd_hub_v22`` and ``sd_hub_v29``, once each, on ``replicate(random_state=23)`` and
   ``replicate(random_state=24)`` (every baseline and the semantic-aphasia contrast).
3. The purpose is cost, so the rule is one of no loss, over both cohorts together: ``sd_hub`` moves to
   ``sd_hub_v29`` if, summed over the two cohorts, it reproduces *at least as many* of the 32 signatures as v22,
   the mean of its two naming RMSEs (16 informative cells) is not above v22's, and it leaves no more signatures
   undetermined in total than v22.  Each cohort's numbers and the signatures that differ are reported, deciding
   nothing.  Nothing is changed after these runs; the outcome is reported as it comes out.

Writes ``confident_steps_<cohort>_v22.csv`` and ``confident_steps_<cohort>_v29.csv`` (each with its verdicts and
contrasts) and ``confident_steps.csv`` (both presets' totals and the decision).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cheaper_training_policy  # noqa: E402
import synaptic_loss  # noqa: E402

CANDIDATE = "sd_hub_v29"
BAR = "sd_hub_v22"
COHORTS = (23, 24)
TABLE = "confident_steps.csv"


def decide(totals: pd.DataFrame, candidate: str = CANDIDATE, bar: str = BAR, rule=None, per_cohort=None) -> bool:
    """Rule 3 on the per-preset totals (``reproduced`` summed, ``rmse`` the mean, ``undetermined`` summed); *rule*
    ``(bar row, candidate row) -> bool`` replaces the rule of no loss (given *per_cohort*, it is passed on)."""
    if per_cohort is not None:
        return rule(totals.loc[bar], totals.loc[candidate], per_cohort)
    return (rule or cheaper_training_policy.no_loss)(totals.loc[bar], totals.loc[candidate])


def run(output: Path, candidate: str = CANDIDATE, bar: str = BAR, cohorts=COHORTS, table: str = TABLE,
        rule=None, extra=None, columns=()) -> bool:
    """*bar* then *candidate* once each on every cohort of *cohorts* (``replicate(random_state=cohort)``, every
    baseline and contrast); tables ``<table stem>_<cohort>_<version>.csv`` under *output* and *table* (the totals
    and the decision); whether sd_hub moves by the rule of no loss over the cohorts together, or by *rule* (also
    used by ``studies/five_times_cheaper.py``, ``studies/spoke_on_the_default.py`` and ``studies/fitted_spoke.py``).
    *extra* (see ``synaptic_loss.held_out``) adds a study's measures to each run's row; the per-cohort table keeps
    the row's *columns*, and *rule* then sees the per-cohort table as a third argument."""
    rows = []
    for cohort in cohorts:
        for preset in (bar, candidate):
            path = output / f"{Path(table).stem}_{cohort}_{preset.removeprefix('sd_hub_')}.csv"
            row = synaptic_loss.held_out(preset, path, bar=None, random_state=cohort, extra=extra)
            rows.append({"cohort": cohort, "preset": preset, "reproduced": row["reproduced"],
                         "rmse": row["rmse_informative"], "undetermined": cheaper_training_policy.undetermined(path),
                         **{column: row[column] for column in columns}})
    per_cohort = pd.DataFrame(rows)
    totals = per_cohort.groupby("preset").agg(reproduced=("reproduced", "sum"), rmse=("rmse", "mean"),
                                              undetermined=("undetermined", "sum"))
    moves = decide(totals, candidate, bar, rule, per_cohort if columns else None)
    totals.reset_index().assign(cohorts=" ".join(map(str, cohorts)), moves=moves).to_csv(
        output / table, index=False, float_format="%.4f")
    if columns:
        per_cohort.to_csv(output / f"{Path(table).stem}_per_cohort.csv", index=False, float_format="%.4f")
    print(per_cohort.to_string(index=False))
    print(f"over cohorts {tuple(cohorts)}: {bar} {totals.loc[bar, 'reproduced']} signatures, mean RMSE "
          f"{totals.loc[bar, 'rmse']:.4f}, {totals.loc[bar, 'undetermined']} undetermined; {candidate} "
          f"{totals.loc[candidate, 'reproduced']}, {totals.loc[candidate, 'rmse']:.4f}, "
          f"{totals.loc[candidate, 'undetermined']}; sd_hub " + (f"moves to {candidate}" if moves else
                                                                 f"stays {bar} (rule 3 not met)"))
    return moves


def main(argv=None) -> int:
    return synaptic_loss.run_main(argv, doc=__doc__, run=run)


if __name__ == "__main__":
    raise SystemExit(main())
