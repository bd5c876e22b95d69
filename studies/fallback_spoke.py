"""The fitted semantic spoke read only when nothing is retrieved: two candidates chosen on the calibration patients,
the chosen one held out on two fresh cohorts against sd_hub_v33 (issue 26: "a severe patient's delayed copy keeps
the domain's shared attributes and adds intrusions, while distinctive ones go")

    python studies/fallback_spoke.py               # v33 and both candidates in sample, then cohorts 29 and 30
    python studies/fallback_spoke.py --output DIR  # tables under DIR instead of docs/calibration/

Why: ``studies/fitted_spoke.py`` gave v33's hubs a semantic spoke fitted after training and let delayed copy read it
for every picture.  Both candidates then drew the generic member at the severe stage (``generic`` met) but lost
"intrusions animals over artefacts" and did not make "intrusions rise": the lesion's run-time noise reaches the
spoke in the mild stage, when the patient still knows most items, so intrusions peaked there (v37: 0.034, 0.049,
0.032 and 0.022 of absent attributes from minimal to severe; a camel with fins and scales at severity 0.2), and
artefacts gained domain-typical intrusions too (severe stage 0.22 and 0.13 against v33's 0.04).  v33's own drawings go blank only where it retrieves nothing: its
look-up then averages the whole battery.  Here the spoke replaces that average and nothing else
(``ResponsePolicy(drawing="fallback_spoke")``): what the patient retrieves (an item, a basic category, a domain) is
drawn as v33 draws it, and a picture from which it retrieves nothing is drawn as the damaged spoke outputs it.  The
hub, names, matching, colour and object decision stay v33's bit for bit.

Seen first, before this design (2026-12-06): everything ``studies/fitted_spoke.py`` lists and its results (in
sample v33 28, v36 27, v37 27 of 32; v37's severe stage 0.76 of shared attributes kept, 0.01 of distinctive ones,
0.89 of the animals' absent domain-typical attributes intruded against 0.13 of the artefacts'); and, on make run's
patients (``random_state=0``, v33), the share of delayed-copy pictures from which nothing is retrieved by stage:
0.015 minimal, 0.14 mild, 0.31 moderate, 0.76 severe (animals 0.63, artefacts 0.86 and fruit and vegetables 0.86 at
the severe stage).  No patient of cohorts 29 or 30 has been run by any study, test or calibration.

Expected, said before the runs: intrusions should now rise (the spoke's share of drawings grows with severity);
whether animals keep more intrusions than artefacts is open (artefacts fall to "nothing retrieved" more often).

The design, written down before the runs below (2026-12-06), is ``studies/fitted_spoke.py``'s with new candidates:

1. Two candidates, fixed before any was run: ``sd_hub_v38`` (``sd_hub_v36`` + ``drawing="fallback_spoke"``) and
   ``sd_hub_v39`` (``sd_hub_v37`` + ``drawing="fallback_spoke"``).  No free parameter.
2. ``sd_hub_v33`` and each candidate once on the calibration patients (``replicate(random_state=1)``, every
   baseline and contrast).  Check first: each candidate's trials of every paradigm but delayed copy must equal
   v33's; if not, the study stops there and reports it.  A candidate qualifies if it reproduces at least as many of
   the 32 signatures as v33 there and meets ``generic`` (``fitted_spoke.generic_drawing``, unchanged: the severe
   stage keeps at least 0.5 of shared attributes, 0.25 more than of distinctive ones, and intrudes at least 0.05 of
   the absent domain-typical ones, more than of the atypical ones); the one chosen reproduces the most (a tie goes
   to v38, the one with fewer mechanisms).  None qualifies: no held-out run, ``sd_hub`` stays v33.
3. ``sd_hub_v33`` and the chosen candidate once each on ``replicate(random_state=29)`` and
   ``replicate(random_state=30)``.  ``sd_hub`` moves to the candidate if, summed over the two cohorts, it
   reproduces at least as many signatures as v33, its mean naming RMSE is not above v33's (it cannot differ),
   it leaves no more undetermined, and it meets ``generic`` on both cohorts while v33 does not on at least one of
   them; if v33 meets it on both, the candidate needs more signatures instead (``fitted_spoke.gains``).  Each
   cohort's numbers and the signatures that differ are reported, deciding nothing.  Nothing is changed after these
   runs; the outcome is reported as it comes out.

Writes ``fallback_spoke.csv`` (one row per preset, calibration, with the drawing measures) with
``fallback_spoke_<version>*.csv`` and, when a candidate is chosen, ``fallback_spoke_held_out_<cohort>_<version>*.csv``,
``fallback_spoke_held_out_per_cohort.csv`` and ``fallback_spoke_held_out.csv`` (the totals and the decision).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fitted_spoke  # noqa: E402
import synaptic_loss  # noqa: E402

CANDIDATES = ("sd_hub_v38", "sd_hub_v39")
BAR = fitted_spoke.BAR  # sd_hub_v33
COHORTS = fitted_spoke.COHORTS  # (29, 30): fitted_spoke.py stopped before using them
TABLE = "fallback_spoke.csv"
MEASURES = fitted_spoke.MEASURES


def choose(table: pd.DataFrame) -> str | None:
    """Rule 2 (``fitted_spoke.choose``) for this study's candidates."""
    return fitted_spoke.choose(table, CANDIDATES)


def run(output: Path) -> bool | None:
    """Rules 2 and 3 (``fitted_spoke.run``) for this study's candidates; whether sd_hub moves (None: no candidate
    qualified, or the check of rule 2 failed)."""
    return fitted_spoke.run(output, CANDIDATES, TABLE)


def main(argv=None) -> int:
    return synaptic_loss.run_main(argv, doc=__doc__, run=run)


if __name__ == "__main__":
    raise SystemExit(main())
