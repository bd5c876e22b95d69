"""A familiar winner within the category: connection loss on a hub that saw frequent items far more (issue 26)

    python studies/familiar_winner.py                # the candidates on the calibration patients (about 8 minutes)
    python studies/familiar_winner.py --held-out     # then the chosen one, once, on make run's patients
    python studies/familiar_winner.py --output DIR   # tables under DIR instead of docs/calibration/

Why: connection loss pulls every picture's hub response toward the average
picture's and gives the item effects, but leaves the beliefs within a category
flat, so the patient says "bird" where the patients name another bird
(``studies/pruning_policy.py``); adding random noise brings the semantic
errors back but takes the object-decision typicality away
(``studies/pull_and_spread.py``).  In the Rogers et al. (2004) model the member
that wins when the representation has drifted toward the average is the
*familiar* one, because frequent items were trained more.  ``sd_hub_v2``'s hubs
saw items weighted by ``(10**zipf)**0.5``; with exposure 1.0 (the other value
``studies/recalibrate_v2.py`` tried, there with v1's noisy damage) the frequent
member of a category should stand out in a pulled hub and be named, right or
wrong.

The design, written down before any candidate below was run (2026-12-05):

1. Candidates: ``sd_hub_v2``'s hub and training with ``frequency_exposure`` 1.0
   instead of 0.5 (nothing else changed), damaged by ``pruning`` or
   ``pruning_noise`` (pruning plus activation noise of SD 1; the lesions of
   ``synaptic_loss.damages()``), under ``sd_hub_v1``'s policy or ``sd_hub_v4``'s:
   4 candidates; nothing else is searched.
2. Sessions, patients, score and choice exactly as in ``studies/pruning_policy.py``
   (``replicate(random_state=1)``'s patients and controls, trained with this
   training; no baselines).
3. The chosen candidate becomes the preset ``sd_hub_v6``, run once on ``make
   run``'s patients (``random_state=0``, every baseline and contrast); ``sd_hub``
   moves to it only if there it reproduces more than ``sd_hub_v1``'s 24 of the 32
   signatures *and* its naming RMSE over the 16 informative cells is not above
   v1's 0.035.  Nothing is changed after that run.

Writes ``familiar_winner.csv`` and, with ``--held-out``,
``familiar_winner_held_out.csv`` (and its verdicts and contrasts).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pruning_policy  # noqa: E402
import synaptic_loss  # noqa: E402

POLICIES = (("top_down", "0.2/0.3/0.6"), ("most_specific", "0.2/0.3/0.6"))
EXPOSURE = 1.0


def training():
    """sd_hub_v2's training with frequent items seen in proportion to their frequency (exposure 1.0)."""
    from cogsim.presets import get_preset

    return replace(get_preset("sd_hub_v2").training, frequency_exposure=EXPOSURE)


def damages() -> dict:
    """``name -> Lesion`` of every candidate (severity 0; each session sets its own)."""
    return {name: synaptic_loss.damages()[name] for name in ("pruning", "pruning_noise")}


def calibrate(output: Path):
    return pruning_policy.calibrate(output, lesions=damages(), policies=POLICIES, table="familiar_winner.csv",
                                    training=training())


def main(argv=None) -> int:
    return synaptic_loss.main(argv, doc=__doc__, calibrate_with=calibrate, preset="sd_hub_v6",
                              held_out_file="familiar_winner_held_out.csv")


if __name__ == "__main__":
    raise SystemExit(main())
