"""Pull and spread together: connection loss with v1's noise (issue 26; calibration patients only)

    python studies/pull_and_spread.py                # the candidates on the calibration patients (about 8 minutes)
    python studies/pull_and_spread.py --held-out     # then the chosen one, once, on make run's patients
    python studies/pull_and_spread.py --output DIR   # tables under DIR instead of docs/calibration/

Why: two findings on calibration patients (docs/calibration.md).  Damage that
*pulls* every picture's hub response toward the average picture's (pruning,
``studies/synaptic_loss.py``) gives the item effects -- frequency, frequency x
typicality, object-decision typicality, errors toward familiar and typical
names -- but flattens the beliefs within a category, so patients say "bird"
where the patients of Rogers et al. (2004) name another bird
(``studies/pruning_policy.py``: no response policy brings the naming RMSE below
0.094).  Damage that *spreads* beliefs at random (``sd_hub_v1``'s unit ablation
plus activation noise of SD 2) makes a wrong member stand out, the semantic
errors, but gives weak item effects.  The patients need both.  So: pruning
together with v1's noise, at the same severity.

The design, written down before any candidate below was run (2026-12-05):

1. Candidates: ``sd_hub_v2``'s hub and training with three damages, each part at
   the session's severity (scales 1): ``pruning_noise2`` (pruning plus activation
   noise of SD 2, v1's noise), ``pruning_noise4`` (pruning plus activation noise
   of SD 4), ``pruning_v1`` (pruning plus v1's whole damage, activation noise of
   SD 2 and unit ablation); crossed with two response policies: ``sd_hub_v1``'s
   (top-down, 0.2 / 0.3 / 0.6) and ``sd_hub_v4``'s (most-specific, 0.2 / 0.3 /
   0.6), both with v1's colour rule.  6 candidates; nothing else is searched.
2. Sessions, patients, score and choice exactly as in
   ``studies/pruning_policy.py`` (its ``calibrate``: rule 2 with the candidate's
   policy; ``replicate(random_state=1)``'s 8 patients and 8 controls without
   baselines; most signatures, then within one of the best the lowest RMSE over
   the 16 informative cells).
3. The chosen candidate becomes the preset ``sd_hub_v5``, run once on ``make
   run``'s patients (``random_state=0``, every baseline and contrast); ``sd_hub``
   moves to it only if there it reproduces more than ``sd_hub_v1``'s 24 of the 32
   signatures *and* its naming RMSE over the 16 informative cells is not above
   v1's 0.035.  Nothing is changed after that run.

Writes ``pull_and_spread.csv`` and, with ``--held-out``,
``pull_and_spread_held_out.csv`` (and its verdicts and contrasts).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pruning_policy  # noqa: E402
from synaptic_loss import main as study_main  # noqa: E402

POLICIES = (("top_down", "0.2/0.3/0.6"), ("most_specific", "0.2/0.3/0.6"))


def damages() -> dict:
    """``name -> Lesion`` of every candidate (severity 0; each session sets its own)."""
    from cogsim.lesions import ActivationNoise, Compound, Pruning, UnitAblation

    return {
        "pruning_noise2": Compound(0.0, parts=(Pruning(0.0), ActivationNoise(0.0, sd=2.0)), scales=(1.0, 1.0)),
        "pruning_noise4": Compound(0.0, parts=(Pruning(0.0), ActivationNoise(0.0, sd=4.0)), scales=(1.0, 1.0)),
        "pruning_v1": Compound(0.0, parts=(Pruning(0.0), ActivationNoise(0.0, sd=2.0), UnitAblation(0.0)),
                               scales=(1.0, 1.0, 1.0)),
    }


def calibrate(output: Path):
    return pruning_policy.calibrate(output, lesions=damages(), policies=POLICIES, table="pull_and_spread.csv")


def main(argv=None) -> int:
    return study_main(argv, doc=__doc__, calibrate_with=calibrate, preset="sd_hub_v5",
                      held_out_file="pull_and_spread_held_out.csv")


if __name__ == "__main__":
    raise SystemExit(main())
