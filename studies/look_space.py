"""Object decision in the backbone's own feature space: two candidates chosen on the calibration patients, the chosen
one held out on two fresh cohorts against sd_hub_v40 (issue 26: "object decision: typical stays normal")

    python studies/look_space.py               # v40 and both candidates in sample, then cohorts 33 and 34
    python studies/look_space.py --output DIR  # tables under DIR instead of docs/calibration/

Why: the default's object decision compares each picture with the look its patient recalls (an item's, a category's
average, or, retrieving nothing, the animals' average look), as a cosine in the hub's *standardised* input space:
each of the backbone's 1280 features centred and scaled by its spread over the training pictures.  That rescaling
is how the hub's input layer reads the features, not how the visual system sees the picture; it weighs rare,
low-variance features as much as the ones that make a picture look like an animal.  The visual typicality that
sorts the task's pairs (``pair_typicality``: the cosine with the domain's mean look) is measured on the features as
the backbone gives them.  ``ResponsePolicy(look_space="features")`` compares in that space instead; only object
decision reads it, so every other task's trials stay v40's.

Seen first, before this design (2026-12-06): everything the earlier studies list (``studies/pair_look.py``,
``studies/failure_anatomy.py``, ``studies/dropout_look.py``, ``studies/robust_hub.py``), and
``python studies/pair_look.py --look-space features`` (calibration patients, naming and object decision, no
baselines; ``docs/calibration/pair_look_features.csv``): real-typical pairs 0.85 / 0.71 / 0.79 (mild, moderate,
severe) with the default's rule and 0.88 / 0.78 / 0.87 with ``"pair"``, against 0.77 / 0.60 / 0.64 in the
standardised space; typicality contrast 0.227 and 0.336 (0.082); atypical pairs when severe 0.31 and 0.23 (0.37).
"Typical stays normal" (every stage at least 0.8) is reproduced by neither there.  No patient of cohorts 33 or 34
has been run by any study, test or calibration (``studies/robust_hub.py`` stopped before them).

Expected, said before the runs: "typical stays normal" moves toward the bar but stays below it in sample; whether it
crosses on the fresh cohorts is open, so a tie is likely; the other two object-decision signatures stay reproduced.

The design, written down before the runs below (2026-12-06):

1. Two candidates, fixed before any was run, no free parameter: ``sd_hub_v43`` (``sd_hub_v40`` with
   ``look_space="features"``) and ``sd_hub_v44`` (the same with ``object_decision="pair"``).
2. ``sd_hub_v40`` and each candidate once on the calibration patients (``replicate(random_state=1)``, every baseline
   and contrast).  Check first: each candidate's trials of every paradigm but object decision must equal v40's; if
   not, the study stops there and reports it.  A candidate qualifies if it reproduces at least as many of the 32
   signatures as v40 there and its "typical stays normal" estimate (the real-typical pairs' accuracy in their worst
   stage) is higher than v40's; the one chosen reproduces the most, then has the higher estimate, then is v43 (the
   one with fewer mechanisms).  None qualifies: no held-out run, ``sd_hub`` stays v40.
3. ``sd_hub_v40`` and the chosen candidate once each on ``replicate(random_state=33)`` and
   ``replicate(random_state=34)`` (every baseline and contrast).  ``sd_hub`` moves to the candidate by
   ``studies/name_prior.py``'s rule 3 (:func:`name_prior.gains`): summed over the two cohorts, more signatures than
   v40, no more undetermined, and a mean naming RMSE not above the larger of v40's mean and 0.035 (the naming is
   v40's, so it cannot differ).  Each cohort's numbers and the estimates of :data:`SIGNATURES` are reported,
   deciding nothing.  Nothing is changed after these runs; the outcome is reported as it comes out.

Writes ``look_space.csv`` (one row per preset, calibration) with ``look_space_<version>*.csv`` and, when a candidate
is chosen, ``look_space_held_out_<cohort>_<version>*.csv``, ``look_space_held_out_per_cohort.csv`` and
``look_space_held_out.csv`` (the totals and the decision).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fitted_spoke  # noqa: E402
import name_prior  # noqa: E402
import synaptic_loss  # noqa: E402

CANDIDATES = ("sd_hub_v43", "sd_hub_v44")
BAR = "sd_hub_v40"
COHORTS = (33, 34)
TABLE = "look_space.csv"
#: The paradigm the candidates change; every other paradigm's trials must equal the bar's (rule 2's check).
CHANGED = "object_decision"
#: The signature rule 2 asks a candidate to move.
TARGET = "object_decision_typical_stays_normal"
#: The signatures whose estimates each row reports (the first is rule 2's).
SIGNATURES = (TARGET, "object_decision_typicality", "object_decision_atypical_chance_when_severe",
              "object_decision_controls_at_ceiling", "naming_frequency_by_typicality",
              "drawing_intrusions_animals_over_artefacts")
MEASURES = tuple(f"estimate_{s}" for s in SIGNATURES)
_TRIALS: dict = {}  # preset -> the calibration run's trials of every paradigm but object decision


def measured(run, path: Path, row: dict) -> None:
    """``synaptic_loss.held_out``'s *extra*: each of :data:`SIGNATURES`' estimate (and whether it is reproduced)."""
    name_prior.estimates(run, row, SIGNATURES, MEASURES)


def measured_and_kept(run, path: Path, row: dict) -> None:
    """:func:`measured`, keeping this calibration run's trials of every paradigm but object decision."""
    measured(run, path, row)
    other = run.results[run.results["paradigm"].astype(str) != CHANGED]
    _TRIALS[row["candidate"]] = other.reset_index(drop=True)


def same_other_tasks(candidate: str) -> bool:
    """Rule 2's check: *candidate*'s calibration trials of every paradigm but object decision equal v40's."""
    return fitted_spoke.same_other_tasks(candidate, _TRIALS, BAR)


def choose(table: pd.DataFrame, candidates=CANDIDATES) -> str | None:
    """Rule 2: *candidates* with at least v40's signatures in sample and a higher "typical stays normal" estimate;
    the most signatures, then the higher estimate, then the first listed; None when none qualifies."""
    target = f"estimate_{TARGET}"
    bar = table.loc[table["candidate"] == BAR].iloc[0]
    ok = table[table["candidate"].isin(candidates) & (table["reproduced"] >= int(bar["reproduced"]))
               & (table[target] > float(bar[target]))]
    return fitted_spoke.first_of(ok, candidates, ["reproduced", target], [False, False])


gains = name_prior.gains

#: What rule 2's refusal says.
NO_CANDIDATE = ("no candidate reproduces as many signatures as {bar} in sample with real-typical pairs nearer "
                "normal")


def run(output: Path, candidates=CANDIDATES, table_name: str = TABLE) -> bool | None:
    """Rules 2 and 3 (``fitted_spoke.run`` with this study's bar, cohorts, measures, check, choice and rule);
    whether sd_hub moves (None: no candidate qualified, or rule 2's check failed)."""
    return fitted_spoke.run(output, candidates, table_name, study=sys.modules[__name__])


def main(argv=None) -> int:
    return synaptic_loss.run_main(argv, doc=__doc__, run=run)


if __name__ == "__main__":
    raise SystemExit(main())
