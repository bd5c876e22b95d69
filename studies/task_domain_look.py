"""Object decision when the task names the domain: one candidate, designed after sd_hub_v19 failed, held out once
on a fresh cohort (issue 26: object-decision typicality and "typical stays normal")

    python studies/task_domain_look.py               # the candidate on the calibration patients (~2 minutes)
    python studies/task_domain_look.py --held-out    # then sd_hub_v1 and it, once each, on fresh patients (~3 min)
    python studies/task_domain_look.py --output DIR  # tables under DIR instead of docs/calibration/

Why: ``sd_hub_v19`` (studies/category_look.py) compares each picture with the average look of the category the
patient retrieves, and failed in sample and held out (object-decision typicality -0.020 and -0.006).  Looked at
afterwards, on the intact default patient's canonical and chimera features only (no damaged patient): a judge that
compares both pictures with one look calls the real picture real in the real-typical / real-atypical pairs
(24 / 78 pairs) with the **animal** domain's average look 0.79 / 0.18 (the patients' pattern), with the basic
category's 0.67 / 0.22, but with the **whole battery's** 0.63 / 0.71 (reversed); and v1's severe patients
retrieve *nothing* for most pictures at naming's domain threshold (0.6; in make run's naming, no response for
0.66 of pictures at severity 0.9), so v19's severe judgments compared the pictures with the battery's look.  But
the task tells the patient what both pictures are: "one of these is a real animal".  A patient that can no
longer say what a picture is still knows it is looking at animals.

Seen first, before this design (2026-12-05, this session): everything studies/category_look.py lists; its own
results (in sample on ``replicate(random_state=1)`` and held out on ``random_state=14``, both presets), and the
feature-only numbers above.  No object decision of this candidate had been run on any patients.

The design, written down before the runs below (2026-12-05):

1. One candidate with no free parameter: ``sd_hub_v1`` (hubs, training, lesion, severities, naming policy and
   thresholds) with ``ResponsePolicy(object_decision="task_domain")``: as ``sd_hub_v19`` (a retrieved category
   recalled as a whole, its members' average look), except that what the patient retrieves outside the task's
   domain (animals), or nothing, is the animal domain as a whole.  Only object decision changes; every other
   paradigm's trials are v1's, bit for bit.  It is the preset ``sd_hub_v20`` whatever it scores.
2. Run once on the calibration patients (``replicate(random_state=1)``, every baseline and contrast), scored by
   the 32 signatures and the naming RMSE over the 16 informative cells (reported, chooses nothing).
3. Held out, once each, on patients no study, test or calibration has used (``replicate(random_state=15)``,
   every baseline and the semantic-aphasia contrast): ``sd_hub_v1`` and ``sd_hub_v20``.  ``sd_hub`` moves to
   ``sd_hub_v20`` only if it reproduces more of the 32 signatures than ``sd_hub_v1`` *and* its naming RMSE over
   the 16 informative cells is not above ``sd_hub_v1``'s (the naming is v1's, so the RMSE can only be equal).
   Nothing is changed after these runs; the outcome is reported as it comes out.  What the rule cannot say
   and the docs must: the typicality this rule shows is the geometry of the backbone's pictures (a typical
   picture looks like the domain's average), used by a patient that has lost the item; it does not come from
   the hub's own representations drifting toward what items share.

Writes ``task_domain_look.csv`` (calibration, with its verdicts and contrasts) and, with ``--held-out``,
``task_domain_look_held_out.csv`` and ``task_domain_look_held_out_v1.csv`` (each with its verdicts and contrasts).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402

CANDIDATE = "sd_hub_v20"
FRESH_RANDOM_STATE = 15
TABLE = "task_domain_look.csv"


def main(argv=None) -> int:
    return synaptic_loss.candidate_main(argv, doc=__doc__, candidate=CANDIDATE, table=TABLE,
                                        fresh_random_state=FRESH_RANDOM_STATE)


if __name__ == "__main__":
    raise SystemExit(main())
