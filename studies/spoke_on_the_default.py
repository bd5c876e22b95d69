"""The semantic spoke on today's default hub: two weights chosen on the calibration patients, the chosen one held out
on two fresh cohorts against sd_hub_v33 (issue 26: "a hub that learns attributes as well as names")

    python studies/spoke_on_the_default.py               # both candidates in sample, then cohorts 27 and 28 (~10 min)
    python studies/spoke_on_the_default.py --output DIR  # tables under DIR instead of docs/calibration/

Why: the default's line (``sd_hub_v18`` to ``sd_hub_v33``) is v1's network, a hub that learns names only; its
delayed copy looks the attributes up from the items the patient still believes in, and typicality, a property of
the attributes, reaches it only through the pictures.  The presets that learnt attributes (``sd_hub_v2`` to
``v17``, the semantic spoke) all trained the cheap way of their day, in 128 principal directions, which later
studies found makes a hub name unlike the patients (``sd_hub_v23``, ``v26``, ``v27``, ``v30``: held-out naming RMSE
0.056-0.067).  The default now trains on every feature, 5.7 times cheaper than v1, so the spoke can be tried on it
at last: delayed copy then draws what the damaged network outputs.

Seen first, before this design (2026-12-06): every study's results listed in docs/calibration.md, including v2's
(spoke weight 1.0, then 3.0 for v2 to v17) and ``sd_hub_v33``'s (in sample 28 of 32, RMSE 0.032; cohorts 25 + 26:
27 + 26, RMSE 0.030 / 0.031; make run's patients 27, RMSE 0.036).  No hub with the spoke has been trained the
default's way, and no patient of cohorts 27 or 28 has been run by any study, test or calibration (both were named
in ``studies/half_the_steps.py``'s design, which stopped before any patient).

The design, written down before the runs below (2026-12-06):

1. Two candidates, fixed before any was run: ``sd_hub_v34`` and ``sd_hub_v35`` = ``sd_hub_v33`` with
   ``TrainingConfig(attribute_weight=1.0)`` and ``3.0`` (the two weights the spoke has had: v2's first and v2-v17's);
   everything else v33's (its output scale is applied to the item outputs only, as before).
2. Each once on the calibration patients (``replicate(random_state=1)``, every baseline and contrast).  Chosen as in
   ``studies/cheaper_training.py``: among those reproducing *more* of the 32 signatures there than v33's 28 (at
   least 29), the lowest naming RMSE over the 16 informative cells (four decimals; a tie goes to the smaller
   weight).  None: no held-out run, ``sd_hub`` stays v33.
3. ``sd_hub_v33`` and the chosen candidate once each on ``replicate(random_state=27)`` and
   ``replicate(random_state=28)`` (every baseline and the semantic-aphasia contrast).  This changes what the
   patient does, so the rule asks for a gain: ``sd_hub`` moves to the candidate if, summed over the two cohorts,
   it reproduces *more* of the 32 signatures than v33, the mean of its two naming RMSEs is not above v33's, and it
   leaves no more signatures undetermined.  Each cohort's numbers and the signatures that differ are reported,
   deciding nothing.  Nothing is changed after these runs; the outcome is reported as it comes out.

Writes ``spoke_on_the_default.csv`` (one row per candidate, calibration) with ``spoke_on_the_default_<version>*.csv``
and, when a candidate is chosen, ``spoke_on_the_default_held_out_<cohort>_<version>.csv`` and
``spoke_on_the_default_held_out.csv`` (the totals and the decision).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cheaper_training  # noqa: E402
import confident_steps  # noqa: E402
import synaptic_loss  # noqa: E402

CANDIDATES = ("sd_hub_v34", "sd_hub_v35")
BAR = "sd_hub_v33"
#: sd_hub_v33's signatures on the calibration patients (docs/calibration/five_times_cheaper.csv: v31's, the same hubs).
BAR_IN_SAMPLE = 28
COHORTS = (27, 28)
TABLE = "spoke_on_the_default.csv"


def choose(table: pd.DataFrame) -> str | None:
    """Rule 2: at least BAR_IN_SAMPLE + 1 signatures in sample, then the lowest RMSE; None when none qualifies."""
    return cheaper_training.choose(table, CANDIDATES, bar=BAR_IN_SAMPLE + 1)


def gains(bar, new) -> bool:
    """Rule 3 on the totals: more signatures, a mean RMSE not above and no more undetermined verdicts."""
    return bool(new["reproduced"] > bar["reproduced"] and new["rmse"] <= bar["rmse"]
                and new["undetermined"] <= bar["undetermined"])


def run(output: Path) -> bool | None:
    """Rules 2 and 3; whether sd_hub moves (None: no candidate was chosen, no held-out run)."""
    chosen = choose(cheaper_training.calibrate(output, CANDIDATES, TABLE, bar=BAR_IN_SAMPLE + 1, stays=BAR))
    if chosen is None:
        print(f"no candidate reproduces more than {BAR_IN_SAMPLE} signatures in sample: no held-out run; sd_hub "
              f"stays {BAR}")
        return None
    return confident_steps.run(output, candidate=chosen, bar=BAR, cohorts=COHORTS,
                               table=f"{Path(TABLE).stem}_held_out.csv", rule=gains)


def main(argv=None) -> int:
    return synaptic_loss.run_main(argv, doc=__doc__, run=run)


if __name__ == "__main__":
    raise SystemExit(main())
