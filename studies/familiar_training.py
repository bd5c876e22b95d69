"""Familiarity in sd_hub_v1's own training: one candidate, chosen on nothing, held out once on a fresh cohort
(issue 26 item 2; issue 28's frequency contrast)

    python studies/familiar_training.py               # the candidate on the calibration patients (~3 minutes)
    python studies/familiar_training.py --held-out    # then sd_hub_v1 and it, once each, on fresh patients (~5 min)
    python studies/familiar_training.py --output DIR  # tables under DIR instead of docs/calibration/

Why: ``sd_hub_v1`` (the default) has the naming profile closest to the patients' of every preset, but no
frequency effect, because every item was seen equally often in training; so its SD patients are not more
frequency-sensitive than its semantic-aphasia patients on most cohorts (docs/disorders.md: cohorts 8, 10, 12
and the clipart battery).  Issue 26 item 2 asks for familiarity in training, "its value fixed before looking".
``TrainingConfig(frequency_exposure=0.5)`` was fixed before anything was looked at, in
``studies/familiarity.py`` (an item with Zipf 5 weighs about three times one with Zipf 4).  The generative
presets (v2 to v17) carry exposure too, but together with other changes; v1's hub, damage and policy with
exposure alone have never been a preset candidate.

Seen first, before this design (2026-12-05): ``studies/familiarity.py`` on patients of seeds 10-14 (naming only,
v1's damage): with exposure 0.5 the frequency effect is +0.077 per SD (p 0.0003), typicality +0.010 (p 0.15),
frequency x typicality +0.006 (wrong sign); with exposure 0 −0.005, +0.011, +0.013 (docs/item_effects.md).  This
session also looked at ``sd_hub_v1``'s and ``sd_hub_v17``'s naming profiles on the calibration patients (v1's
RMSE 0.032 there) and at a grid of v17's naming policies (studies/generative_policy_grid.py).  Nothing of this
candidate had been run.

The design, written down before the runs below (2026-12-05):

1. One candidate with no free parameter: ``sd_hub_v1`` (hub, training, lesion, severities, policy) with
   ``TrainingConfig(frequency_exposure=0.5)``; every item's pictures weigh ``(10 ** freq_en) ** 0.5`` in every
   training loss.  v1's sessions are kept (the aligned naming profile and the stages place bins and stages by
   naming accuracy, not severity).  It is the preset ``sd_hub_v18`` whatever it scores.
2. Run once on the calibration patients (``replicate(random_state=1)``, every baseline and contrast), scored by
   the 32 signatures and the naming RMSE over the 16 informative cells (reported, chooses nothing).
3. Held out, once each, on patients no study, test or calibration has used (``replicate(random_state=13)``, every
   baseline and the semantic-aphasia contrast, applied as always to the run's own premorbid patients):
   ``sd_hub_v1`` and ``sd_hub_v18``.  ``sd_hub`` moves to ``sd_hub_v18`` only if it reproduces more of the 32
   signatures than ``sd_hub_v1`` *and* its naming RMSE over the 16 informative cells is not above
   ``sd_hub_v1``'s.  Nothing is changed after these runs; the outcome is reported as it comes out, with both
   presets' item effects and SD-SA contrasts side by side.

Writes ``familiar_training.csv`` (calibration, with its verdicts and contrasts) and, with ``--held-out``,
``familiar_training_held_out.csv`` and ``familiar_training_held_out_v1.csv`` (each with its verdicts and contrasts).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402

CANDIDATE = "sd_hub_v18"
FRESH_RANDOM_STATE = 13
TABLE = "familiar_training.csv"


def main(argv=None) -> int:
    return synaptic_loss.candidate_main(argv, doc=__doc__, candidate=CANDIDATE, table=TABLE,
                                        fresh_random_state=FRESH_RANDOM_STATE)


if __name__ == "__main__":
    raise SystemExit(main())
