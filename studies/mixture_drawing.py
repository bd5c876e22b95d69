"""Delayed copy from a belief-weighted mixture of generic members: one candidate, no free parameter, held out once
on a fresh cohort against today's default (issue 26: "a severe patient's delayed copy keeps the domain's shared
attributes and adds intrusions, while distinctive ones go"; the report's severe drawings are blank)

    python studies/mixture_drawing.py               # the candidate on the calibration patients (~1.5 minutes)
    python studies/mixture_drawing.py --held-out    # then sd_hub_v22 and it, once each, on fresh patients (~5 min)
    python studies/mixture_drawing.py --output DIR  # tables under DIR instead of docs/calibration/

Why: the default (``sd_hub_v22``) draws what its retrieval recalls, a retrieved category's items weighed by the
patient's damaged beliefs and, retrieving nothing, every item of the battery weighed the same way, so its severe
drawings are blank and "drawing intrusions rise" fails (−0.007 on make run's patients).  ``sd_hub_v21``
(``drawing="category"``: a retrieved category as a whole, and retrieving nothing the domain the hub leans to,
without a threshold) tied with its default on cohort 16: intrusions rising gained, animals-over-artefacts
intrusions lost, because a severe hub leans to the animals (the largest domain) for every picture and draws a car
with a tail.  The candidate keeps ``"category"``'s recall of a retrieved category and changes only what a patient
that retrieves nothing draws: every domain's generic member, weighed by the hub's belief in that domain
(``drawing="mixture"``; an attribute is drawn when the belief-weighted share of the domains' members holding it
reaches delayed copy's threshold, 0.5, the paradigm's default, not chosen here).  A hub sure of the domain draws
its generic member; a hub split between domains draws only what they share.  Delayed copy says no word, so no
naming threshold applies.

Seen first, before this design (2026-12-06, this session): everything ``studies/generic_drawing.py`` and
``studies/familiar_task_domain.py`` list, their results, and an exploration on the calibration patients only
(``replicate(random_state=1)``, naming and delayed copy, no baseline): ``sd_hub_v22`` with ``drawing="recalled"``
and with ``drawing="category"``.  Its drawing signatures: recalled 5 of 6 (intrusions rise −0.012), category 5 of
6 (intrusions rise +0.054, animals over artefacts −0.018); at severity 1 every picture of every calibration
patient retrieves nothing and is drawn as the animals' generic member (eyes and a tail) under ``"category"``,
so artefacts get a tail; intrusions into artefacts at severity 1: category 0.077, recalled 0.  Delayed copy with
``"mixture"`` had not been run on any patient.

The design, written down before the runs below (2026-12-06):

1. One candidate with no free parameter: ``sd_hub_v22`` (today's default: hubs, training, lesion, severities,
   naming thresholds, object decision) with ``ResponsePolicy(drawing="mixture")``.  Only delayed copy changes;
   every other paradigm's trials are v22's, bit for bit, so the naming RMSE is v22's.  It is ``sd_hub_v24``
   whatever it scores.
2. Run once on the calibration patients (``replicate(random_state=1)``, every baseline and contrast), scored by
   the 32 signatures and the naming RMSE over the 16 informative cells (reported, chooses nothing).
3. Held out, once each, on patients no study, test or calibration has used (``replicate(random_state=19)``,
   every baseline and the semantic-aphasia contrast): ``sd_hub_v22`` and ``sd_hub_v24``.  ``sd_hub`` moves to
   ``sd_hub_v24`` only if it reproduces more of the 32 signatures than ``sd_hub_v22`` *and* its naming RMSE over
   the 16 informative cells is not above v22's (the naming is the same, so the RMSE can only be equal).  Nothing
   is changed after these runs; the outcome is reported as it comes out, with the six drawing signatures side by
   side.  Expected, said before the runs: the exploration above makes a tie likely (the animals-over-artefacts
   contrast is a few hundredths either way on this battery).

Writes ``mixture_drawing.csv`` (calibration, with its verdicts and contrasts) and, with ``--held-out``,
``mixture_drawing_held_out.csv`` and ``mixture_drawing_held_out_v22.csv`` (each with its verdicts and contrasts).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402

CANDIDATE = "sd_hub_v24"
BAR = "sd_hub_v22"
FRESH_RANDOM_STATE = 19
TABLE = "mixture_drawing.csv"


def main(argv=None) -> int:
    return synaptic_loss.candidate_main(argv, doc=__doc__, candidate=CANDIDATE, table=TABLE,
                                        fresh_random_state=FRESH_RANDOM_STATE, bar=BAR)


if __name__ == "__main__":
    raise SystemExit(main())
