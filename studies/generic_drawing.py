"""Delayed copy from the generic member of what is retrieved: one candidate, chosen on nothing, held out once on a
fresh cohort against today's default (issue 26: "a severe patient's delayed copy keeps the domain's shared
attributes and adds intrusions, while distinctive ones go")

    python studies/generic_drawing.py               # the candidate on the calibration patients (~1 minute)
    python studies/generic_drawing.py --held-out    # then sd_hub_v20 and it, once each, on fresh patients (~3 min)
    python studies/generic_drawing.py --output DIR  # tables under DIR instead of docs/calibration/

Why: the default (``sd_hub_v20``, whose delayed copy is ``sd_hub_v1``'s) draws what its retrieval recalls with
the items of a retrieved category *weighed by the patient's own damaged beliefs* (peaked on a random member
under v1's noise), and, retrieving nothing, every item of the battery weighed the same way; v1's severe patients
retrieve nothing from most pictures at naming's thresholds (in make run's naming, no response to 0.66 of
pictures at severity 0.9), so the report's severe drawings are nearly blank, and "drawing intrusions rise" fails
(−0.022 on cohort 15).  Bozeat et al. (2003): patients draw a generic member of the domain, shared attributes kept
or added, distinctive ones gone.  This is the object-decision change of ``sd_hub_v19``/``v20`` (a category
recalled as a whole) applied to drawing, with one difference fixed here before any run: delayed copy does not
tell the patient the domain, so a patient that retrieves nothing draws the generic member of the domain its hub
still *leans to* (the most probable domain of the hub's own domain output), without naming's threshold
(drawing says no word).

Seen first, before this design (2026-12-06, this session): everything ``studies/task_domain_look.py`` lists, its
results (in sample, cohort 15, and make run's patients with ``sd_hub_v20``: drawing signatures as v1's).  No
delayed copy of this candidate had been run on any patients.

The design, written down before the runs below (2026-12-06):

1. One candidate with no free parameter: ``sd_hub_v20`` (today's default: hubs, training, lesion, severities,
   naming thresholds, object decision) with ``ResponsePolicy(drawing="category")``: retrieval as in naming; a
   retrieved item is drawn as itself; a retrieved category as a whole (every member weighing the same: the
   attributes at least half its members have); nothing retrieved, the domain the hub leans to as a whole.  Only
   delayed copy changes; every other paradigm's trials are v20's, bit for bit.  It is ``sd_hub_v21`` whatever
   it scores.
2. Run once on the calibration patients (``replicate(random_state=1)``, every baseline and contrast), scored by
   the 32 signatures and the naming RMSE over the 16 informative cells (reported, chooses nothing).
3. Held out, once each, on patients no study, test or calibration has used (``replicate(random_state=16)``,
   every baseline and the semantic-aphasia contrast): ``sd_hub_v20`` and ``sd_hub_v21``.  ``sd_hub`` moves to
   ``sd_hub_v21`` only if it reproduces more of the 32 signatures than ``sd_hub_v20`` *and* its naming RMSE
   over the 16 informative cells is not above v20's (the naming is the same, so the RMSE can only be equal).
   Nothing is changed after these runs; the outcome is reported as it comes out, with the six drawing
   signatures side by side.

Writes ``generic_drawing.csv`` (calibration, with its verdicts and contrasts) and, with ``--held-out``,
``generic_drawing_held_out.csv`` and ``generic_drawing_held_out_v20.csv`` (each with its verdicts and contrasts).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402

CANDIDATE = "sd_hub_v21"
BAR = "sd_hub_v20"
FRESH_RANDOM_STATE = 16
TABLE = "generic_drawing.csv"


def main(argv=None) -> int:
    return synaptic_loss.candidate_main(argv, doc=__doc__, candidate=CANDIDATE, table=TABLE,
                                        fresh_random_state=FRESH_RANDOM_STATE, bar=BAR)


if __name__ == "__main__":
    raise SystemExit(main())
