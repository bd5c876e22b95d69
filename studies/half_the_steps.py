"""The default's hub trained in half v29's steps at v29's own rate, held out on two fresh cohorts against today's
default (issue 26: "one v2 hub at least 5x faster to train than one of today's sd_hub hubs")

    python studies/half_the_steps.py               # the check, the calibration row, cohorts 27 and 28 (~8 min)
    python studies/half_the_steps.py --output DIR  # tables under DIR instead of docs/calibration/

Why: ``studies/five_times_cheaper.py`` moved ``sd_hub`` to ``sd_hub_v31`` (v29's training in 50 steps at 1.2e-2,
twice v29's rate) by its rule of no loss, but v31's hubs train no cheaper than v29's (side by side, 16 hubs at a
time: v22 3.18-3.34 s per hub, v29 1.04-1.13 s, v31 1.22-1.28 s).  Measured after that study, on training alone
(16 hubs of seeds 2000-2015, no patient, no damage, nothing named): at 1.2e-2 the hubs grow so confident that at
the end 20% of their item probabilities on the training pictures are subnormal floats (below 1.2e-38), and the
backward products that multiply them run 2.5 times slower (1.37 s per hub; 0.60 s when the process flushes
subnormals to zero from its start, which cogsim cannot do for one computation without changing every other's
bits); at v29's rate, 50 steps leave 0.24% and train in 0.53-0.56 s per hub, about 6 times cheaper than v22's.

Seen first, before this design (2026-12-06): everything ``studies/five_times_cheaper.py`` lists and its results
(in sample v31 28 of 32, RMSE 0.032; cohorts 25 + 26: v31 27 + 26, RMSE 0.030 / 0.031; v29 25 + 26, 0.032 /
0.031); the timings and subnormal shares above.  No patient of ``sd_hub_v32`` has been built, and no patient of
cohorts 27 or 28 has been run by any study, test or calibration.

The design, written down before the runs below (2026-12-06):

1. One candidate with no free parameter: ``sd_hub_v32`` = ``sd_hub_v29`` trained in 50 steps at v29's rate 6e-3
   (``sd_hub_v31`` at v29's rate), its output still scaled to v22's intact logit scale (3.6); hub, lesion,
   severities and policy unchanged.
2. The check of learning of ``studies/five_times_cheaper.py``: the 8 calibration patients' intact hubs must name
   every canonical picture, or nothing else runs and ``sd_hub`` stays v31.
3. Once on the calibration patients (``replicate(random_state=1)``), reported; it decides nothing.
4. ``sd_hub_v31`` and ``sd_hub_v32`` once each on ``replicate(random_state=27)`` and ``replicate(random_state=28)``
   (every baseline and the semantic-aphasia contrast), by the rule of no loss over both cohorts together:
   ``sd_hub`` moves to v32 if, summed over the two cohorts, it reproduces at least as many of the 32 signatures as
   v31, the mean of its two naming RMSEs (16 informative cells) is not above v31's, and it leaves no more
   signatures undetermined.  The speed is measured apart, side by side (``python
   benchmarks/bench_preset_training.py --presets sd_hub_v22 sd_hub_v29 sd_hub_v31 sd_hub_v32``), and decides
   nothing.  Nothing is changed after these runs; the outcome is reported as it comes out.

Writes ``half_the_steps_intact.csv``, ``half_the_steps.csv`` (with its verdicts and contrasts),
``half_the_steps_held_out_<cohort>_<version>.csv`` and ``half_the_steps_held_out.csv`` (the totals and the decision).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import five_times_cheaper  # noqa: E402
import synaptic_loss  # noqa: E402

CANDIDATE = "sd_hub_v32"
BAR = "sd_hub_v31"
COHORTS = (27, 28)
TABLE = "half_the_steps.csv"


def run(output: Path) -> bool | None:
    """Steps 2-4; whether sd_hub moves (None: step 2 failed, nothing else ran)."""
    return five_times_cheaper.run(output, candidate=CANDIDATE, bar=BAR, cohorts=COHORTS, table=TABLE)


def main(argv=None) -> int:
    return synaptic_loss.run_main(argv, doc=__doc__, run=run)


if __name__ == "__main__":
    raise SystemExit(main())
