"""Object decision read from the generative hub's own evidence, held out on a fresh cohort (issue 26)

    python studies/object_decision_policy.py               # the candidate on the calibration patients (about 3 minutes)
    python studies/object_decision_policy.py --held-out    # then it, sd_hub_v10 and sd_hub_v1, once, on fresh patients
    python studies/object_decision_policy.py --output DIR  # tables under DIR instead of docs/calibration/

Why: the generative presets (``sd_hub_v8`` to ``sd_hub_v10``) keep typical and familiar
items in naming, but object decision, which recalls a look from the beliefs retrieval
leaves, shows no typicality effect on them (``sd_hub_v10`` held out: typicality
−0.040, "typical stays normal" 0.63, atypical not at chance).  Issue 26 asks that object
decision "compare each picture with what the damaged hub expects of it".  A generative
read-out gives that signal directly: how likely the hub's (damaged) state for a picture
is under the item patterns it stores.  (What was looked at first: one exploration,
``studies/object_decision_evidence.py``, on ``sd_hub_v10``'s calibration patients, every
other session: with this rule the real-typical pairs held up better than the real-atypical
ones as naming failed, 0.89 against 0.77 at naming 0.04 and 0.71 against 0.59 at 0.01,
where today's rule gave none; docs/calibration.md.)

The design, written down before the candidate below was run as a replication (2026-12-05):

1. The rule, ``ResponsePolicy(object_decision="evidence")``: a picture's familiarity is
   ``log sum_i exp(-|h - m_i|^2 / tau)``, where ``h`` is the patient's damaged last hidden
   state for the picture (the same pass its naming reads) and ``m_i``, ``tau`` the item
   patterns and temperature of its intact prototype read-out
   (``TrainingConfig(name_readout="prototype")``), read back from the premorbid output
   layer; the picture with the higher familiarity is called real (exact ties guessed as
   today).  The same rule as the exploration's; it has no parameter of its own.
2. One candidate, ``sd_hub_v11``: ``sd_hub_v10`` (training, damage, sessions, policy) with
   this object-decision rule; nothing else changes and nothing is searched.  Only object
   decision's trials can differ from v10's on the same patients.
3. In sample: ``sd_hub_v11`` on the calibration patients (``replicate(random_state=1)``,
   every baseline and contrast), reported as in sample.  Whatever it shows, step 4 runs as
   written.
4. Held out, once each, on patients no study, test or calibration has used
   (``replicate(random_state=4)``, every baseline and contrast): ``sd_hub_v11``,
   ``sd_hub_v10`` (today's object-decision rule on the same patients, so the rule's own
   effect is v11 minus v10) and ``sd_hub_v1`` (the default, scored the same way).
   ``sd_hub`` moves to ``sd_hub_v11`` only if it reproduces more of the 32 signatures than
   ``sd_hub_v1`` *and* its naming RMSE over the 16 informative cells is not above
   ``sd_hub_v1``'s.  Nothing is changed after these runs; the outcome is reported as it
   comes out, with the three object-decision signatures of v10 and v11 side by side.

Writes ``object_decision_policy.csv`` (in sample) and, with ``--held-out``,
``object_decision_policy_held_out.csv``, ``…_held_out_v10.csv`` and ``…_held_out_v1.csv``
(each with its verdicts and contrasts beside it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402

CANDIDATE = "sd_hub_v11"
FRESH_RANDOM_STATE = 4
TABLE = "object_decision_policy.csv"


def in_sample(output: Path) -> pd.DataFrame:
    """Step 3: the candidate on the calibration patients, every baseline and contrast."""
    return synaptic_loss.in_sample(CANDIDATE, output / TABLE)


def fresh_held_out(output: Path) -> dict:
    """Step 4: sd_hub_v1, sd_hub_v10 and sd_hub_v11, once each, on replicate(random_state=4)'s patients."""
    return synaptic_loss.held_out_beside(CANDIDATE, output, TABLE, FRESH_RANDOM_STATE, beside=("sd_hub_v10",))


def main(argv=None) -> int:
    return synaptic_loss.main(argv, doc=__doc__, calibrate_with=in_sample, preset=CANDIDATE,
                              held_out_with=fresh_held_out)


if __name__ == "__main__":
    raise SystemExit(main())
