"""The default's sessions placed on its own decline: one candidate checked on the calibration patients, then held out
on two fresh cohorts against sd_hub_v52 (issue 26: "intrusions are commoner in animals than in artefacts")

    python studies/own_course.py               # v52 and v53 in sample, then cohorts 42 and 43
    python studies/own_course.py --output DIR  # tables under DIR instead of docs/calibration/

Why: the default (``sd_hub_v52``) keeps ``sd_hub_v1``'s sixteen sessions, severity 0, 0.1, ..., 0.5, 0.55, ..., 1,
set by hand for v1's hub.  Its last session, severity 1, removes every hub unit: naming is at the floor before it,
and every picture then settles into the animals' basin from the output biases alone, so every artefact is drawn
with the animals' tail.  In ``make run``'s trials with v52 (looked at on 2026-12-06 after its adoption) the
artefacts' share of absent attributes drawn in the severe stage rises with severity, 0.029 at 0.8 to 0.077 at 1,
while the animals' falls, 0.030 to 0.008, which is why "intrusions are commoner in animals than in artefacts"
fails there.  Every candidate damage of the studies since ``sd_hub_v3`` had its sessions placed on its own decline
by rule 2 of ``studies/synaptic_loss.py`` (severity 0, then 15 evenly spaced from the last severity with mean naming
at least 0.95 to the first with at most 0.02); the defaults never had.  Computed once for this design on the
calibration patients (naming only, no signature; ``synaptic_loss.course``): for v52's hubs and damage it gives 0,
0.3, 0.3464, ..., 0.9036, 0.95.  ``sd_hub_v53`` is v52 with those sessions, nothing else.

Seen first, before this design (2026-12-06): every study's results in docs/calibration.md, among them
``studies/settled_drawing.py`` (v52 on cohorts 40, 41) and ``make run``'s trials with v52 (above); the course
above.  No signature of v53 has been computed, and no patient of cohorts 42 or 43 has been run by any study, test
or calibration.

Expected, said before the runs: more sessions where patients decline (0.3 to 0.95 instead of six of sixteen below
0.5), no session past the floor; "intrusions animals over artefacts" may be gained; the signatures of the severe
stage (colour and atypical object-decision pairs at chance, omissions dominating) may be lost, since its sessions are
less extreme; the naming RMSE is open.

The design, written down before the runs below (2026-12-06):

1. One candidate, fixed before any run: ``sd_hub_v53`` (above).
2. ``sd_hub_v52`` and ``sd_hub_v53`` once each on the calibration patients (``replicate(random_state=1)``, every
   baseline and contrast).  Check first: v53's intact session must equal v52's, trial for trial
   (``studies/connection_loss.py``'s check, against v52).  v53 qualifies by ``connection_loss``'s rule 2 against
   v52: at least v52's signatures there, no more undetermined, naming RMSE not above max(v52's, 0.035).  If not: no
   held-out run, ``sd_hub`` stays v52.
3. ``sd_hub_v52`` and ``sd_hub_v53`` once each on ``replicate(random_state=42)`` and ``replicate(random_state=43)``.
   ``sd_hub`` moves to v53 only if, summed over the two cohorts, it reproduces *more* signatures than v52, leaves no
   more undetermined, and its mean naming RMSE is not above max(v52's mean, 0.035) (``studies/name_prior.py``'s
   rule).  Each cohort's numbers are reported, deciding nothing.  Nothing is changed after these runs; the outcome
   is reported as it comes out.

Writes ``own_course.csv`` (one row per preset, calibration) with ``own_course_<version>*.csv`` and, when v53
qualifies, ``own_course_held_out_<cohort>_<version>*.csv``, ``own_course_held_out_per_cohort.csv`` and
``own_course_held_out.csv`` (the totals and the decision).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import connection_loss  # noqa: E402
import fitted_spoke  # noqa: E402
import synaptic_loss  # noqa: E402

CANDIDATES = ("sd_hub_v53",)
BAR = "sd_hub_v52"
COHORTS = (42, 43)
TABLE = "own_course.csv"
MEASURES = connection_loss.MEASURES
measured = connection_loss.measured
measured_and_kept = connection_loss.measured_and_kept
gains = connection_loss.gains
NO_CANDIDATE = connection_loss.NO_CANDIDATE


def same_other_tasks(candidate: str) -> bool:
    """Rule 2's check: *candidate*'s intact session is v52's, trial for trial."""
    return fitted_spoke.same_other_tasks(candidate, connection_loss._TRIALS, BAR)


def choose(table: pd.DataFrame, candidates=CANDIDATES) -> str | None:
    """Rule 2: ``connection_loss.choose`` against v52."""
    return connection_loss.choose(table, candidates, BAR)


def run(output: Path, candidates=CANDIDATES, table_name: str = TABLE) -> bool | None:
    """Rules 2 and 3 (``fitted_spoke.run`` with this study's bar, cohorts, measures, check, choice and rule);
    whether sd_hub moves (None: v53 did not qualify, or the check failed)."""
    return fitted_spoke.run(output, candidates, table_name, study=sys.modules[__name__])


def main(argv=None) -> int:
    return synaptic_loss.run_main(argv, doc=__doc__, run=run)


if __name__ == "__main__":
    raise SystemExit(main())
