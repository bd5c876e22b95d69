"""The domain attractor read by drawing only, chosen on calibration patients and held out once on a fresh
cohort (issue 26)

    python studies/drawing_settling.py               # the two candidates on the calibration patients (about 1 minute)
    python studies/drawing_settling.py --held-out    # then the chosen one, sd_hub_v14 and sd_hub_v1, once, on
                                                     # fresh patients, and the drawings of the same patients
    python studies/drawing_settling.py --output DIR  # tables under DIR instead of docs/calibration/
    python studies/drawing_settling.py --intrusions  # after step 5: the figure of items that can show an intrusion

Why: ``studies/domain_settling.py`` (held out on ``random_state=9``) found that a domain
attractor on v14's hub makes severe patients draw the domain's generic member (absent attributes
that at least half of the domain has intruded in 0.16 of drawings at the severest sessions,
against v14's 0.02; distinctive attributes first) and costs the naming profile (RMSE 0.188
against v14's 0.039), because the names are read from the same settled state and a state near
the domain's prototype gives a confident typical name where the patients give none.  This asks
whether the drawing gain can be had without the naming cost: the attractor's settled state is
read by the semantic spoke (what delayed copy and drawing to name draw), while names, matching and
object decision read the state before it settles: ``HubConfig(settling="domain_attributes")``.
It separates the read-outs by fiat: it tests whether the two effects can coexist in one patient,
not a claim about when in a trial each task reads the hub.  Nothing of this variant was run on
any patient before this design was written; its naming, matching and object decision are v14's
by construction (tested), so what can change is the drawing signatures and whatever the
analyses derive from them (consistency across tasks counts naming, matching and verification).

The design, written down before either candidate was run (2026-12-05):

1. Two candidates, each ``sd_hub_v14`` (hub, training, name spoke, policy, homeostasis, damage:
   pruning with activation noise of SD 2) with ``HubConfig(settling="domain_attributes")``: (a)
   ``settling_gate=1``, (b) ``settling_gate=2``.  Nothing else is searched.
2. Each candidate's sessions by rule 2 of ``studies/synaptic_loss.py`` on the calibration patients
   (``replicate(random_state=1)``'s 8 premorbid patients, naming alone).
3. Each candidate run once on the calibration patients (no baselines, contrasts, new views or
   maps), scored by the 32 signatures and the naming RMSE over the 16 informative cells; rule 4
   chooses: among those within one signature of the best count, the lowest RMSE.  The chosen one
   becomes ``sd_hub_v16``.
4. Held out, once each, on patients no study, test or calibration has used
   (``replicate(random_state=10)``, every baseline and contrast): ``sd_hub_v16``, ``sd_hub_v14``
   and ``sd_hub_v1``.  ``sd_hub`` moves to ``sd_hub_v16`` only if it reproduces more of the 32
   signatures than ``sd_hub_v1`` *and* its naming RMSE over the 16 informative cells is not
   above ``sd_hub_v1``'s.
5. Described, not scored: on the same fresh premorbid patients and v16's sessions, delayed copy and
   drawing to name per session (shared and distinctive attributes kept, absent ones intruded,
   and absent ones that at least half of the item's domain has intruded), with a figure of one
   patient's drawings to name.  Nothing is changed after these runs; the outcome is reported as
   it comes out.

Writes ``drawing_settling.csv`` (calibration) and, with ``--held-out``, ``drawing_settling_held_out.csv``,
``…_held_out_v14.csv`` and ``…_held_out_v1.csv`` (each with its verdicts and contrasts beside it) and
``drawing_settling_drawing.csv``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import domain_settling  # noqa: E402
import synaptic_loss  # noqa: E402

CANDIDATE = "sd_hub_v16"
FRESH_RANDOM_STATE = 10
TABLE = "drawing_settling.csv"
GATES = {"gate1": 1.0, "gate2": 2.0}


def settling_hub(gate: float):
    """sd_hub_v14's hub whose semantic spoke alone reads the domain attractor."""
    return domain_settling.settling_hub(gate, settling="domain_attributes")


def calibrate(output: Path) -> pd.DataFrame:
    """Steps 2 and 3 on the calibration patients."""
    return domain_settling.calibrate(output, hub_of=settling_hub, gates=GATES, table=TABLE)


def fresh_held_out(output: Path) -> dict:
    """Steps 4 and 5: sd_hub_v1, sd_hub_v14 and sd_hub_v16, once each, on replicate(random_state=10)'s patients."""
    row = synaptic_loss.held_out_beside(CANDIDATE, output, TABLE, FRESH_RANDOM_STATE, beside=("sd_hub_v14",))
    domain_settling.described(output, preset=CANDIDATE, random_state=FRESH_RANDOM_STATE,
                              table="drawing_settling_drawing.csv")
    return row


#: Animals that lack one of the two attributes most of this battery's animals have (a tail), and two that have both.
INTRUSION_ITEMS = ["gorilla", "bear", "koala", "fly", "moth", "mantis", "duck", "camel"]


def intrusion_figure() -> Path:
    """Added after step 5, described only: step 5's figure could show no intrusion, because its items have both
    attributes most of the battery's animals have (eyes and a tail); the same patient's drawings to name of
    animals without a tail, at every fifth session (``docs/images/drawings_to_name_sd_hub_v16_intrusions.png``)."""
    from cogsim.paradigms import DelayedCopy, run_paradigms
    from name_spoke import drawings_figure

    sessions, battery = domain_settling.fresh_sessions(CANDIDATE, FRESH_RANDOM_STATE)
    trials = run_paradigms([DelayedCopy(cue="name")], sessions, battery, random_state=0,
                           progress=False)["delayed_copy"]
    return drawings_figure(trials, battery, f"drawings_to_name_{CANDIDATE}_intrusions.png", INTRUSION_ITEMS,
                           "Drawing to name, animals without a tail (− omitted, + intruded)")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if "--intrusions" in argv:
        intrusion_figure()
        return 0
    return synaptic_loss.main(argv, doc=__doc__, calibrate_with=calibrate, preset=CANDIDATE,
                              held_out_with=fresh_held_out)


if __name__ == "__main__":
    raise SystemExit(main())
