"""Familiar hubs with the default's object decision: one candidate, chosen on nothing, held out once on a fresh
cohort against today's default (issue 26: the naming frequency effect "among" the signatures reproduced, with
familiarity "in training ... its value fixed before looking")

    python studies/familiar_task_domain.py               # the candidate on the calibration patients (~3 minutes)
    python studies/familiar_task_domain.py --held-out    # then sd_hub_v20 and it, once each, on fresh patients
    python studies/familiar_task_domain.py --output DIR  # tables under DIR instead of docs/calibration/

Why: the default ``sd_hub_v20`` is ``sd_hub_v1``'s hubs, damage and naming with object decision against the
look of what the patient still retrieves (``object_decision="task_domain"``); its hubs saw every item equally
often, and the naming frequency effect fails on every cohort it has met (0, 1, 15, 16).  ``sd_hub_v18`` is
``sd_hub_v1`` whose hubs saw frequent items more often (``frequency_exposure=0.5``, fixed in
``studies/familiarity.py`` before anything was looked at): held out on cohort 13 it reproduced the frequency
effect (+0.080 per SD, diagnostic) and lost object-decision typicality, which v20's object decision is the change
that reproduces (+0.228 on cohort 15).  The two changes touch different things (the hubs' training; how object
decision reads a damaged patient) and have never been run together.

Seen first, before this design (2026-12-06): every result of ``studies/familiar_training.py`` (v18 in sample:
25 of 32, naming RMSE 0.035; cohort 13: 25 of 32, RMSE 0.034 against v1's 0.029) and of
``studies/task_domain_look.py`` / ``studies/generic_drawing.py`` (v20 in sample 25, RMSE 0.032; cohort 15: 23,
0.034; cohort 16: 25, 0.031) and make run's (v20 on cohort 0: 27 of 32, RMSE 0.035).  Written down before the
runs: v18's naming RMSE was above v1's on both cohorts it met (+0.003 in sample, +0.005 on cohort 13), and v22's
naming is v18's, so rule 3's second condition may well fail; the rule is not changed for that.

The design, written down before the runs below (2026-12-06):

1. One candidate with no free parameter: ``sd_hub_v18``'s hubs and training (``sd_hub_v1`` with
   ``frequency_exposure=0.5``), ``sd_hub_v1``'s hub, lesion and severities, and ``sd_hub_v20``'s response policy
   (``object_decision="task_domain"``, every other rule v1's).  Its naming is v18's and its object decision reads
   its hubs the way v20 reads v1's.  It is ``sd_hub_v22`` whatever it scores.
2. Run once on the calibration patients (``replicate(random_state=1)``, every baseline and contrast), scored by
   the 32 signatures and the naming RMSE over the 16 informative cells (reported, chooses nothing).
3. Held out, once each, on patients no study, test or calibration has used (``replicate(random_state=17)``,
   every baseline and the semantic-aphasia contrast): ``sd_hub_v20`` and ``sd_hub_v22``.  ``sd_hub`` moves to
   ``sd_hub_v22`` only if it reproduces more of the 32 signatures than ``sd_hub_v20`` *and* its naming RMSE over
   the 16 informative cells is not above v20's.  The four SD–SA contrasts are reported beside it (v18's
   semantic-aphasia patients were as frequency-sensitive as its SD patients) and decide nothing, as in every
   earlier study.  Nothing is changed after these runs; the outcome is reported as it comes out.

Writes ``familiar_task_domain.csv`` (calibration, with its verdicts and contrasts) and, with ``--held-out``,
``familiar_task_domain_held_out.csv`` and ``familiar_task_domain_held_out_v20.csv`` (each with its verdicts and
contrasts).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402

CANDIDATE = "sd_hub_v22"
BAR = "sd_hub_v20"
FRESH_RANDOM_STATE = 17
TABLE = "familiar_task_domain.csv"


def main(argv=None) -> int:
    return synaptic_loss.candidate_main(argv, doc=__doc__, candidate=CANDIDATE, table=TABLE,
                                        fresh_random_state=FRESH_RANDOM_STATE, bar=BAR)


if __name__ == "__main__":
    raise SystemExit(main())
