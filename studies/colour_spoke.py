"""Colour judgment read from the hub's colour spoke, held out on a fresh cohort (issue 26)

    python studies/colour_spoke.py               # the candidate on the calibration patients (about 2 minutes)
    python studies/colour_spoke.py --held-out    # then it, sd_hub_v11 and sd_hub_v1, once, on fresh patients
    python studies/colour_spoke.py --output DIR  # tables under DIR instead of docs/calibration/

Why: issue 26 asks that each task read what the network itself produces, colour judgment "the
colour spoke's".  cogsim's colour judgment compares how strongly each picture evokes the item's
name (or, unrecognised, its category), which is a name read-out, not a colour.  In the
hub-and-spoke account (Rogers et al. 2004) the hub regenerates an object's colour in a colour
spoke; damage pulls what it regenerates toward the colour typical of the domain, so a patient
keeps the right colour for items of typical colour and prefers the domain's colour for the others.
``TrainingConfig(colour_spoke=True)`` fits that spoke after training (a linear map from the
intact hub's states to each chromatic item's hue, ridge fixed in advance, the hub unchanged), and
``ResponsePolicy(colour_rule="spoke")`` makes colour judgment pick the picture whose hue agrees
better with what the damaged hub's spoke expects of it.  (What was looked at first: nothing of
this rule on any patient; the colour verdicts of ``sd_hub_v11`` in its own study: in sample
"typical over atypical when mild" not reproduced, held out reproduced, "at chance when severe"
undetermined.  The name ``sd_hub_v12`` was reserved by ``studies/evidence_temperature.py`` for a
candidate it did not choose.)

The design, written down before the candidate below was run on any patient (2026-12-05):

1. One candidate, ``sd_hub_v12``: ``sd_hub_v11`` with ``TrainingConfig(colour_spoke=True)`` and
   ``ResponsePolicy(colour_rule="spoke")``; nothing else changes and nothing is searched.  The
   hub, and every task but colour judgment, are v11's (the plain-hub baseline's hubs get a
   colour spoke too, since it trains with the run's training).
2. In sample: ``sd_hub_v12`` on the calibration patients (``replicate(random_state=1)``, every
   baseline and contrast), reported as in sample.  Whatever it shows, step 3 runs as written.
3. Held out, once each, on patients no study, test or calibration has used
   (``replicate(random_state=6)``, every baseline and contrast): ``sd_hub_v12``, ``sd_hub_v11``
   (the name read-out on the same patients, so the spoke's own effect is v12 minus v11) and
   ``sd_hub_v1`` (the default, scored the same way).  ``sd_hub`` moves to ``sd_hub_v12`` only if
   it reproduces more of the 32 signatures than ``sd_hub_v1`` *and* its naming RMSE over the 16
   informative cells is not above ``sd_hub_v1``'s.  Nothing is changed after these runs; the
   outcome is reported as it comes out, with the three colour signatures of v11 and v12 side by
   side.

Writes ``colour_spoke.csv`` (in sample) and, with ``--held-out``, ``colour_spoke_held_out.csv``,
``…_held_out_v11.csv`` and ``…_held_out_v1.csv`` (each with its verdicts and contrasts beside it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402

CANDIDATE = "sd_hub_v12"
FRESH_RANDOM_STATE = 6
TABLE = "colour_spoke.csv"


def in_sample(output: Path) -> pd.DataFrame:
    """Step 2: the candidate on the calibration patients, every baseline and contrast."""
    return synaptic_loss.in_sample(CANDIDATE, output / TABLE)


def fresh_held_out(output: Path) -> dict:
    """Step 3: sd_hub_v1, sd_hub_v11 and sd_hub_v12, once each, on replicate(random_state=6)'s patients."""
    return synaptic_loss.held_out_beside(CANDIDATE, output, TABLE, FRESH_RANDOM_STATE, beside=("sd_hub_v11",))


def main(argv=None) -> int:
    return synaptic_loss.main(argv, doc=__doc__, calibrate_with=in_sample, preset=CANDIDATE,
                              held_out_with=fresh_held_out)


if __name__ == "__main__":
    raise SystemExit(main())
