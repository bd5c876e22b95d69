"""A hub that learns attributes, with and without connection loss: three candidates placed on the calibration
patients' course, the chosen one held out on two fresh cohorts against sd_hub_v45 (issue 26: "the frequency x
typicality interaction (negative)")

    python studies/attribute_hub_loss.py --course   # rule 1: each candidate's sessions (naming, calibration patients)
    python studies/attribute_hub_loss.py            # rules 2 and 3: v45 and the candidates in sample, cohorts 40, 41
    python studies/attribute_hub_loss.py --output DIR   # tables under DIR instead of docs/calibration/

Why: ``studies/connection_loss.py`` (2026-12-06) put connection loss on the default's hub, whose hidden layer learns
names only (its semantic spoke is fitted afterwards), and the naming frequency x typicality interaction moved *away*
from the patients' sign (+0.029 to +0.044 in sample).  The two presets that reproduced it held out, ``sd_hub_v4`` and
``sd_hub_v5``, had connection loss *and* a hub trained with the semantic spoke (``attribute_weight=3``), whose hidden
layer must carry what items share.  Hubs trained with the spoke but damaged as the default is (``sd_hub_v2``,
``sd_hub_v34``) showed the patients' sign only within domains (cohort 35, ``studies/typicality_within_domains.py``).
So the question here is the other cell: the default with a hub that learns attributes, with and without connection
loss.

Seen first, before this design (2026-12-06): every study's results in docs/calibration.md and docs/item_effects.md,
among them ``studies/connection_loss.py`` (cohorts 38, 39), ``studies/spoke_on_the_default.py`` (``sd_hub_v34`` /
``v35``: v33 with attribute weight 1 / 3; in sample 29 / 26 of 32; v34 held out lost the naming typicality effect)
and ``make run`` with v45.  No candidate below has been run, and no patient of cohorts 40 or 41 has been run by any
study, test or calibration.

The design, written down before the runs below (2026-12-06):

1. Three candidates, fixed here, each ``sd_hub_v45`` (hub size, response policy) with its hub trained with the
   semantic spoke (:data:`TRAINING`: v45's training with ``attribute_weight=3``, ``sd_hub_v2``'s to ``v5``'s and
   ``sd_hub_v35``'s weight, instead of the spoke fitted afterwards; delayed copy's fallback then reads the trained
   spoke; this is ``sd_hub_v35``'s training, so the hubs are v35's) and one of three damages: ``sd_hub_v49`` v45's (activation noise of SD 2 plus unit loss),
   ``sd_hub_v50`` activation noise of SD 2 plus connection loss (``sd_hub_v5``'s, ``sd_hub_v47``'s), ``sd_hub_v51``
   activation noise of SD 1 plus connection loss (``sd_hub_v4``'s, ``sd_hub_v48``'s).  Their sessions by rule 1 of
   ``studies/connection_loss.py`` (:func:`connection_loss.course`, naming only); the severities it prints become
   the presets' and are committed before rule 2 runs.
2. and 3. As ``studies/connection_loss.py``'s rules 2 and 3, with these candidates and never-used cohorts
   ``random_state=40`` and ``41``: in sample at least v45's signatures, no more undetermined, naming RMSE not above
   max(v45's, 0.035), the most signatures then the lower RMSE then the first listed; held out, ``sd_hub`` moves
   only with *more* signatures than v45 over both cohorts, no more undetermined and a mean naming RMSE not above
   max(v45's mean, 0.035).  The check first: ``connection_loss``'s compares each candidate's intact session with
   v45's, which a hub trained another way cannot pass; here every candidate's intact session must equal the first
   candidate's, trial for trial (the same hubs; damage at severity 0 leaves them as they were).  Nothing is
   changed after these runs; the outcome is reported as it comes out.

Expected, said before the runs: ``sd_hub_v49`` like ``sd_hub_v35`` (naming typicality effect weak or gone, the
interaction near zero pooled); if the interaction needs both the attribute hub and connection loss, ``sd_hub_v50``
and ``sd_hub_v51`` have it with the patients' sign in sample; the naming RMSE is the risk for all three, and no
candidate qualifying is the likeliest outcome.

Writes ``attribute_hub_loss_course.csv`` (rule 1), ``attribute_hub_loss.csv`` (one row per preset, calibration)
with ``attribute_hub_loss_<version>*.csv`` and, when a candidate qualifies, the held-out tables
``attribute_hub_loss_held_out*.csv``.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import connection_loss  # noqa: E402
import fitted_spoke  # noqa: E402
import synaptic_loss  # noqa: E402

CANDIDATES = ("sd_hub_v49", "sd_hub_v50", "sd_hub_v51")
BAR = connection_loss.BAR
COHORTS = (40, 41)
TABLE = "attribute_hub_loss.csv"
COURSE_TABLE = "attribute_hub_loss_course.csv"
MEASURES = connection_loss.MEASURES
measured = connection_loss.measured
measured_and_kept = connection_loss.measured_and_kept
choose = connection_loss.choose
gains = connection_loss.gains
NO_CANDIDATE = connection_loss.NO_CANDIDATE


def training():
    """The candidates' hub training: v45's with the semantic spoke trained (weight 3) instead of fitted."""
    from cogsim.presets import get_preset

    return replace(get_preset(BAR).training, attribute_weight=3.0, fitted_attributes=False)


def damages() -> dict:
    """``candidate -> Lesion`` of rule 1 (severity 0; each session sets its own)."""
    from cogsim.presets import get_preset

    lesions = connection_loss.damages()
    return {"sd_hub_v49": get_preset(BAR).lesion, "sd_hub_v50": lesions["sd_hub_v47"],
            "sd_hub_v51": lesions["sd_hub_v48"]}


def same_other_tasks(candidate: str) -> bool:
    """This design's check: *candidate*'s intact session equals the first candidate's, trial for trial."""
    return fitted_spoke.same_other_tasks(candidate, connection_loss._TRIALS, CANDIDATES[0])


def run(output: Path, candidates=CANDIDATES, table_name: str = TABLE) -> bool | None:
    """Rules 2 and 3 (``fitted_spoke.run`` with this study's bar, cohorts, measures, check, choice and rule);
    whether sd_hub moves (None: no candidate qualified, or the check failed)."""
    return fitted_spoke.run(output, candidates, table_name, study=sys.modules[__name__])


def main(argv=None) -> int:
    return connection_loss.main(argv, doc=__doc__, run_with=run,
                                course_with=lambda output: connection_loss.course(output, damages(), training(),
                                                                                  COURSE_TABLE))


if __name__ == "__main__":
    raise SystemExit(main())
