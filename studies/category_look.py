"""Object decision from a category recalled as a whole: one candidate, chosen on nothing, held out once on a
fresh cohort (issue 26: object-decision typicality and "typical stays normal")

    python studies/category_look.py               # the candidate on the calibration patients (~4 minutes)
    python studies/category_look.py --held-out    # then sd_hub_v1 and it, once each, on fresh patients (~7 min)
    python studies/category_look.py --output DIR  # tables under DIR instead of docs/calibration/

Why: no preset reproduces "typical stays normal" (real-typical pairs near normal at every stage, >= 0.8) and
the default, ``sd_hub_v1``, reproduces object-decision typicality only on some cohorts.  In the patients (Rogers,
Lambon Ralph, Hodges & Patterson 2004) the more typical picture wins whether or not it is real: what the hub
keeps is the general, and the general looks typical.  docs/paradigms/object_decision.md says the same of cogsim's
rule ("what it regenerates drifts to the typical member of the category"), but the rule does not do it: a
patient that retrieves only a category (or nothing) regenerates the look of the items inside it *weighed by its
own damaged beliefs about them*, and under v1's damage (noise of SD 2 on the hub) those beliefs are peaked on
whichever member the noise favours, so the regenerated look is one random member's and both conditions fall to
chance together (make run's patients: real-typical 0.57 and real-atypical 0.62 at severity 0.85).

Seen first, before this design (2026-12-05, this session): the object-decision accuracies by condition and
severity, the category-verification accuracies by level and the naming response levels of ``sd_hub_v1`` on
make run's patients (``random_state=0``); an exploration of naming read-outs (the top probability, the arg-max,
the energy) on the calibration patients, naming only, not kept.  No object decision of the candidate had been
run on any patients.

The design, written down before the runs below (2026-12-05):

1. One candidate with no free parameter: ``sd_hub_v1`` (hubs, training, lesion, severities, naming policy and
   thresholds) with ``ResponsePolicy(object_decision="category")``: retrieval as before (item, basic category,
   domain or nothing, by v1's own thresholds), but a retrieved category is recalled as a whole, every member
   weighing the same, so each picture is compared with the category's average learnt look (the battery's when
   nothing is retrieved).  Only object decision changes; every other paradigm's trials are v1's, bit for bit.
   It is the preset ``sd_hub_v19`` whatever it scores.
2. Run once on the calibration patients (``replicate(random_state=1)``, every baseline and contrast), scored by
   the 32 signatures and the naming RMSE over the 16 informative cells (reported, chooses nothing).
3. Held out, once each, on patients no study, test or calibration has used (``replicate(random_state=14)``,
   every baseline and the semantic-aphasia contrast): ``sd_hub_v1`` and ``sd_hub_v19``.  ``sd_hub`` moves to
   ``sd_hub_v19`` only if it reproduces more of the 32 signatures than ``sd_hub_v1`` *and* its naming RMSE over
   the 16 informative cells is not above ``sd_hub_v1``'s (the naming is v1's, so the RMSE can only be equal).
   Nothing is changed after these runs; the outcome is reported as it comes out, with the three object-decision
   signatures and the diagnostic verdicts side by side.

Writes ``category_look.csv`` (calibration, with its verdicts and contrasts) and, with ``--held-out``,
``category_look_held_out.csv`` and ``category_look_held_out_v1.csv`` (each with its verdicts and contrasts).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402

CANDIDATE = "sd_hub_v19"
FRESH_RANDOM_STATE = 14
TABLE = "category_look.csv"


def main(argv=None) -> int:
    return synaptic_loss.candidate_main(argv, doc=__doc__, candidate=CANDIDATE, table=TABLE,
                                        fresh_random_state=FRESH_RANDOM_STATE)


if __name__ == "__main__":
    raise SystemExit(main())
