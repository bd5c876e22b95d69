"""Names read by closeness to each item's stored pattern: a generative read-out for the hub (issue 26)

    python studies/prototype_names.py                # the candidates on the calibration patients (about 5 minutes)
    python studies/prototype_names.py --held-out     # then the chosen one, once, on make run's patients
    python studies/prototype_names.py --output DIR   # tables under DIR instead of docs/calibration/

Why: every hub so far reads its item names through an output layer trained
discriminatively with the rest of the hub, which weighs what tells an item from
its neighbours.  Damage then costs most where items are hard to tell apart,
among the members that share most with their domain: on the calibration
patients, naming survival ran against family resemblance and against the items'
centrality in the hub, with or without a clean-up or the semantic spoke
(``studies/attractor_settling.py``).  A generative read-out scores each name by
how close the hub's state is to that item's stored pattern
(``TrainingConfig(name_readout="prototype")``: logit ``-|h - m_i|^2 / tau``,
folded into an ordinary output layer that lesions damage like any other), so a
state that drifts toward the centre lands on the items nearest it; a frequency
prior over names (``name_prior``) adds familiarity as the names' resting levels,
and training weighs every item alike (``frequency_exposure`` 0), because with
exposure the frequent items' patterns lie far from the centre and the two
effects cancel.

What was seen before this design, said plainly: an exploration on these same
calibration hubs (``replicate(random_state=1)``'s 8 premorbid patients; canonical
pictures' patterns; v4's damage; ``tau`` 0.05 and 0.1 of the spread; priors 0.5
and 1.0; exposure 0 and 0.5) printed, per severity, naming accuracy, semantic
errors and Spearman correlations of item accuracy with frequency, visual
typicality and family resemblance: with exposure 0, a prototype read-out and a
prior, all three were positive (frequency +0.2 to +0.6, family resemblance +0.1
to +0.2), and wrong names were more frequent and more typical than their
targets.  No signature verdict, naming profile or RMSE was computed, and no
held-out patient was used.

The design, written down before any candidate below was run (2026-12-05):

1. Candidates: ``sd_hub_v2``'s hub and training (semantic spoke weight 3, names
   at every level, the cheap training) with ``frequency_exposure`` 0,
   ``name_readout="prototype"``, ``prototype_temperature`` 0.05 or 0.1 and
   ``name_prior`` 0.5 or 1.0; damaged as ``sd_hub_v4`` (``pruning_noise``) or as
   ``sd_hub_v1`` (``noise_ablation``), the lesions of ``synaptic_loss.damages()``;
   under ``sd_hub_v1``'s policy (top-down 0.2/0.3/0.6) or ``sd_hub_v4``'s
   (most-specific 0.2/0.3/0.6): 16 candidates; nothing else is searched.
2. Sessions, patients, score and choice exactly as in ``studies/pruning_policy.py``
   (``replicate(random_state=1)``'s patients and controls, trained with the
   candidate's training; no baselines), scored as the default run is scored
   today (naming typicality signatures on family resemblance,
   ``studies/typicality_norm.py``).
3. The chosen candidate becomes the preset ``sd_hub_v8``, run once on ``make
   run``'s patients (``random_state=0``, every baseline and contrast); ``sd_hub``
   moves to it only if there it reproduces more of the 32 signatures than
   ``sd_hub_v1`` does under the same scoring (26) *and* its naming RMSE over the
   16 informative cells is not above v1's 0.035.  Nothing is changed after that
   run; the outcome is reported as it comes out.

Writes ``prototype_names.csv`` (one row per candidate, with its temperature and
prior) and, with ``--held-out``, ``prototype_names_held_out.csv`` (and its
verdicts and contrasts).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pruning_policy  # noqa: E402
import synaptic_loss  # noqa: E402

POLICIES = (("top_down", "0.2/0.3/0.6"), ("most_specific", "0.2/0.3/0.6"))
TEMPERATURES = (0.05, 0.1)
PRIORS = (0.5, 1.0)
TABLE = "prototype_names.csv"
#: The adoption rule's bar: sd_hub_v1 on make run's patients, scored as today (docs/replication.md).
V1_SIGNATURES, V1_RMSE = 26, 0.035


def training(temperature: float, prior: float):
    """sd_hub_v2's hub training, items weighed alike, names read by prototype, with a prior over names."""
    from cogsim.presets import get_preset

    return replace(get_preset("sd_hub_v2").training, frequency_exposure=0.0, name_readout="prototype",
                   prototype_temperature=temperature, name_prior=prior)


def damages() -> dict:
    """``name -> Lesion`` of every candidate (severity 0; each session sets its own)."""
    return {name: synaptic_loss.damages()[name] for name in ("pruning_noise", "noise_ablation")}


def calibrate(output: Path) -> pd.DataFrame:
    """Every (temperature, prior, damage, policy) candidate on the calibration patients, in one table."""
    trainings = {f"tau {t:g} prior {w:g}": (training(t, w), {"prototype_temperature": t, "name_prior": w})
                 for t in TEMPERATURES for w in PRIORS}
    return pruning_policy.calibrate_trainings(output, trainings, lesions=damages(), policies=POLICIES, table=TABLE)


def main(argv=None) -> int:
    return synaptic_loss.main(argv, doc=__doc__, calibrate_with=calibrate, preset="sd_hub_v8",
                              held_out_file="prototype_names_held_out.csv", bar=(V1_SIGNATURES, V1_RMSE))


if __name__ == "__main__":
    raise SystemExit(main())
