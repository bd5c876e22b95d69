"""A hub trained with more dropout, held out on two fresh cohorts against the default (issue 26: "a hub whose
damaged state still knows its domain")

    python studies/robust_hub.py               # the check of learning, v42 in sample, then v40 and v42 on cohorts 33, 34
    python studies/robust_hub.py --output DIR  # tables under DIR instead of docs/calibration/

Why: the explorations of issue 26 (docs/calibration.md) end at one wall: a severe hub has lost even its domain, so
delayed copy gives artefacts the animals' tail, object decision judges typical and atypical pictures alike once
items go, and no read-out of that hub changes it (``studies/spoke_fit_look.py``: the two drawing signatures trade
against each other whatever the spoke).  In the Rogers et al. (2004) account what many items share outlasts what few
share because many units carry it.  ``studies/dropout_look.py`` (calibration patients, no baselines) trained the
default with more dropout on its hidden units and nothing else changed: object-decision typicality (0.086 at 0.2 to
0.145 at 0.9), "typical stays normal" (0.61 to 0.66), frequency × typicality (+0.022 to +0.009) and the intrusions'
animals-over-artefacts contrast (−0.019 to −0.010 at 0.8) all move toward the patients, none crosses its bar, and
dropout 0.8 reproduces 29 of 32 signatures against the default's 28 (RMSE 0.035 against 0.034).  Its one gain there
is "the wrong names' drift to typical names grows", the noisiest signature of that table (its estimate goes 0.10,
0.02, 0.006, −0.07, 0.25, 0.04 over the six values).

Seen first, before this design (2026-12-06): everything the earlier studies list, ``studies/spoke_fit_look.py`` and
``studies/dropout_look.py`` (``docs/calibration/dropout_look*.csv``).  No patient of cohorts 33 or 34 has been run
by any study, test or calibration.

Expected, said before the runs: a tie is as likely as a gain (the in-sample gain is one noisy signature); the
object-decision and drawing contrasts should move toward the patients as in sample without crossing.

The design, written down before the runs below (2026-12-06):

1. One candidate, chosen on the calibration patients as the dropout with the most signatures there:
   ``sd_hub_v42`` = ``sd_hub_v40`` with ``TrainingConfig(dropout=0.8)``, nothing else changed.
2. The check of learning of ``studies/five_times_cheaper.py``: the 8 calibration patients' intact v42 hubs must
   name every canonical picture, or nothing else runs and ``sd_hub`` stays v40.
3. ``sd_hub_v42`` once on the calibration patients (``replicate(random_state=1)``, every baseline and contrast),
   reported as in sample; it decides nothing.
4. ``sd_hub_v40`` and ``sd_hub_v42`` once each on ``replicate(random_state=33)`` and ``replicate(random_state=34)``
   (every baseline and contrast).  ``sd_hub`` moves to v42 by ``studies/name_prior.py``'s rule 3
   (:func:`name_prior.gains`): summed over the two cohorts, more signatures than v40, no more undetermined, and a
   mean naming RMSE not above the larger of v40's mean and 0.035.  Each cohort's numbers and the estimates of
   :data:`SIGNATURES` are reported, deciding nothing.  Nothing is changed after these runs; the outcome is reported
   as it comes out.

Writes ``robust_hub_intact.csv``, ``robust_hub.csv`` (with its verdicts and contrasts),
``robust_hub_held_out_<cohort>_<version>*.csv``, ``robust_hub_held_out_per_cohort.csv`` and
``robust_hub_held_out.csv`` (the totals and the decision).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import confident_steps  # noqa: E402
import five_times_cheaper  # noqa: E402
import name_prior  # noqa: E402
import synaptic_loss  # noqa: E402

CANDIDATE = "sd_hub_v42"
BAR = "sd_hub_v40"
COHORTS = (33, 34)
TABLE = "robust_hub.csv"
#: The signatures whose estimates each row reports (deciding nothing): issue 26's done-when names the first five.
SIGNATURES = ("naming_frequency_effect", "naming_typicality_effect", "naming_frequency_by_typicality",
              "object_decision_typicality", "object_decision_typical_stays_normal",
              "drawing_intrusions_animals_over_artefacts", "drawing_intrusions_rise", "naming_error_drift_grows")
MEASURES = tuple(f"estimate_{s}" for s in SIGNATURES)


def measured(run, path: Path, row: dict) -> None:
    """``synaptic_loss.held_out``'s *extra*: each of :data:`SIGNATURES`' estimate (and whether it is reproduced)."""
    name_prior.estimates(run, row, SIGNATURES, MEASURES)


def run(output: Path) -> bool | None:
    """Steps 2-4; whether sd_hub moves (None: step 2 failed, nothing else ran)."""
    check = five_times_cheaper.intact(CANDIDATE)
    check.to_csv(output / f"{Path(TABLE).stem}_intact.csv", index=False, float_format="%.4f")
    print(check.to_string(index=False))
    if not five_times_cheaper.knows_its_items(check):
        print(f"{CANDIDATE}'s intact hubs do not all name every canonical picture: nothing else runs; sd_hub stays "
              f"{BAR}")
        return None
    synaptic_loss.in_sample(CANDIDATE, output / TABLE, extra=measured)
    return confident_steps.run(output, candidate=CANDIDATE, bar=BAR, cohorts=COHORTS,
                               table=f"{Path(TABLE).stem}_held_out.csv", rule=name_prior.gains, extra=measured,
                               columns=MEASURES)


def main(argv=None) -> int:
    return synaptic_loss.run_main(argv, doc=__doc__, run=run)


if __name__ == "__main__":
    raise SystemExit(main())
