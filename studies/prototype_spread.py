"""A less confident generative read-out: sd_hub_v8 with wider name patterns (issue 26)

    python studies/prototype_spread.py                # the candidates on the calibration patients (about 2 minutes)
    python studies/prototype_spread.py --held-out     # then the chosen one, once, on make run's patients
    python studies/prototype_spread.py --output DIR   # tables under DIR instead of docs/calibration/
    python studies/prototype_spread.py --drawings     # what one sd_hub_v9 patient draws (docs/images/)

Why: ``sd_hub_v8`` (``studies/prototype_names.py``) is the first preset whose
naming follows frequency and family resemblance together on unseen patients,
but on its calibration patients it names too confidently: semantic errors 0.18 /
0.31 / 0.26 / 0.15 of responses in the four severity bins against the patients'
0.09 / 0.24 / 0.17 / 0.07, superordinates 0.01–0.02 against 0.01–0.14, and too
few omissions in the mildest bin (0.02 against 0.10).  Object decision, which
recalls the look from the beliefs retrieval leaves, then recalls another member
instead of the category, and loses its typicality signatures.  Of the two
temperatures ``prototype_names`` tried, the wider (0.1) fitted better than 0.05
(RMSE 0.059 against 0.186 with the same damage and policy).  A wider read-out
spreads a damaged state's beliefs over the members near it: fewer confident
wrong names, more "bird" and "don't know".  (What was looked at before this
design: that profile and ``prototype_names``' table, both on calibration
patients, and ``sd_hub_v8``'s held-out result.)

The design, written down before any candidate below was run (2026-12-05):

1. Candidates: ``sd_hub_v8``'s training with ``prototype_temperature`` 0.15, 0.2
   or 0.3 (its prior, 0.5, and everything else unchanged), ``sd_hub_v8``'s
   damage (``pruning_noise``), under ``sd_hub_v1``'s policy (top-down
   0.2/0.3/0.6) or the calibration grid's stricter top-down 0.3/0.4/0.7: 6
   candidates; nothing else is searched.
2. Sessions, patients, score and choice exactly as in ``studies/prototype_names.py``.
3. The chosen candidate becomes the preset ``sd_hub_v9``, run once on ``make
   run``'s patients (``random_state=0``, every baseline and contrast); ``sd_hub``
   moves to it only if there it reproduces more of the 32 signatures than
   ``sd_hub_v1`` scored the same way (26) *and* its naming RMSE over the 16
   informative cells is not above v1's 0.035.  Those patients have now been
   used by every held-out run since ``sd_hub_v2``, so a move would also be
   checked on ``replicate(random_state=2)``'s patients and reported either way.
   Nothing is changed after these runs.

Amended after the first run stopped at temperature 0.3 (its intact patients name
fewer than 95% of the pictures at every severity, so rule 2 has no decline to
place sessions on): such a candidate is recorded as not placeable (no score) and
cannot be chosen; nothing else changed, and the other candidates' rows are those
the first run printed.

Writes ``prototype_spread.csv`` and, with ``--held-out``, ``prototype_spread_held_out.csv``
(and its verdicts and contrasts).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pruning_policy  # noqa: E402
import synaptic_loss  # noqa: E402
from prototype_names import V1_RMSE, V1_SIGNATURES  # noqa: E402

POLICIES = (("top_down", "0.2/0.3/0.6"), ("top_down", "0.3/0.4/0.7"))
TEMPERATURES = (0.15, 0.2, 0.3)
TABLE = "prototype_spread.csv"


def training(temperature: float):
    """sd_hub_v8's training with another read-out temperature."""
    from cogsim.presets import get_preset

    return replace(get_preset("sd_hub_v8").training, prototype_temperature=temperature)


def damages() -> dict:
    """``name -> Lesion`` of every candidate (severity 0; each session sets its own)."""
    return {"pruning_noise": synaptic_loss.damages()["pruning_noise"]}


def calibrate(output: Path) -> pd.DataFrame:
    """Every (temperature, policy) candidate on the calibration patients, in one table."""
    trainings = {f"tau {t:g}": (training(t), {"prototype_temperature": t}) for t in TEMPERATURES}
    return pruning_policy.calibrate_trainings(output, trainings, lesions=damages(), policies=POLICIES, table=TABLE)


def main(argv=None) -> int:
    if "--drawings" in (sys.argv[1:] if argv is None else argv):  # severities where naming is about 0.8, 0.4, 0.05
        print(pruning_policy.drawings("sd_hub_v9", (0.0, 0.3, 0.45, 0.6)))
        return 0
    return synaptic_loss.main(argv, doc=__doc__, calibrate_with=calibrate, preset="sd_hub_v9",
                              held_out_file="prototype_spread_held_out.csv", bar=(V1_SIGNATURES, V1_RMSE))


if __name__ == "__main__":
    raise SystemExit(main())
