"""The default's patient trained the cheap way: one candidate, chosen on nothing, held out once on a fresh cohort
against today's default (issue 26: "training cheap enough to calibrate ... cold make run ... at most 150 s")

    python studies/cheap_training.py               # the candidate on the calibration patients (~2 minutes)
    python studies/cheap_training.py --held-out    # then sd_hub_v22 and it, once each, on fresh patients
    python studies/cheap_training.py --output DIR  # tables under DIR instead of docs/calibration/

Why: a cold ``make run`` spends about 78 s of its 214 s (2026-12-06, this machine) training the default's 24
hubs (16 patients and controls, 8 plain hubs of the baseline), 300 full-batch steps each over 980 x 1280 inputs
with Mersenne-Twister dropout masks: 3.2 s a hub (``benchmarks/bench_preset_training.py --presets sd_hub_v20
sd_hub_v22``).  ``CHEAP_TRAINING`` in ``cogsim/patients/presets.py`` is the cheaper recipe fixed for
``sd_hub_v2`` on 2026-12-03 "for cost and for the intact hub alone, before any lesion or signature was run with
it" (the first layer learnt in the 128 leading principal directions of the features, PCG64 dropout masks, 60
steps at twice the learning rate; 10.5x faster per hub than v1's training).  It has only ever been run together
with a semantic spoke and other changes (v2 to v17), never on the default's own patient.

Seen first, before this design (2026-12-06): everything ``studies/familiar_task_domain.py`` lists, its results
(v22 in sample 26 of 32, RMSE 0.035; cohort 17: 26, 0.034 against v20's 24, 0.037), make run's with v22 (cohort 0:
28 of 32, RMSE 0.035) and v22 on the clipart battery (26 of 32).  What the cheap recipe did inside other presets
(v2: 25 of 32 on make run's patients, RMSE 0.039, with a spoke, exposure and the cheap training together).  No
patient with v22's configuration and the cheap recipe has been run.

The design, written down before the runs below (2026-12-06):

1. One candidate with no free parameter: ``sd_hub_v22`` (hub, lesion, severities, response policy, frequency
   exposure 0.5, name heads) with ``CHEAP_TRAINING`` and nothing else changed.  It is ``sd_hub_v23`` whatever
   it scores.
2. Run once on the calibration patients (``replicate(random_state=1)``, every baseline and contrast), scored by
   the 32 signatures and the naming RMSE over the 16 informative cells (reported, chooses nothing).
3. Held out, once each, on patients no study, test or calibration has used (``replicate(random_state=18)``,
   every baseline and the semantic-aphasia contrast): ``sd_hub_v22`` and ``sd_hub_v23``.  The change is to cost,
   not to what the patient is meant to do, so the rule is one of no loss: ``sd_hub`` moves to ``sd_hub_v23`` if
   it reproduces *at least as many* of the 32 signatures as ``sd_hub_v22`` *and* its naming RMSE over the 16
   informative cells is not above v22's; anything worse keeps v22.  The signatures each one reproduces are
   listed side by side, the four SD–SA contrasts reported, deciding nothing; the training time of both is
   measured side by side by ``benchmarks/bench_preset_training.py --presets sd_hub_v22 sd_hub_v23`` (reported,
   deciding nothing).  Nothing is changed after these runs; the outcome is reported as it comes out.

Writes ``cheap_training.csv`` (calibration, with its verdicts and contrasts) and, with ``--held-out``,
``cheap_training_held_out.csv`` and ``cheap_training_held_out_v22.csv`` (each with its verdicts and contrasts).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402

CANDIDATE = "sd_hub_v23"
BAR = "sd_hub_v22"
FRESH_RANDOM_STATE = 18
TABLE = "cheap_training.csv"


def main(argv=None) -> int:
    return synaptic_loss.candidate_main(argv, doc=__doc__, candidate=CANDIDATE, table=TABLE,
                                        fresh_random_state=FRESH_RANDOM_STATE, bar=BAR, ties_move=True)


if __name__ == "__main__":
    raise SystemExit(main())
