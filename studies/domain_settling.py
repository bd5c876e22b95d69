"""A damaged hub that settles into its domain's attractor, chosen on calibration patients and held out once
on a fresh cohort (issue 26)

    python studies/domain_settling.py               # the two candidates on the calibration patients (about 5 minutes)
    python studies/domain_settling.py --held-out    # then the chosen one, sd_hub_v14 and sd_hub_v1, once, on
                                                    # fresh patients, and the drawings of the same patients
    python studies/domain_settling.py --output DIR  # tables under DIR instead of docs/calibration/

Why: ``sd_hub_v14``'s severe patients draw nothing generic: at naming 0.05 drawing to name keeps
0.10 of the distinctive attributes but only 0.58 of the shared ones, and intrudes none; Bozeat et
al. (2003)'s patients keep what the domain shares and add it where it does not belong (a duck with
four legs).  What was looked at first, on 4 of the calibration patients (``replicate(random_state=1)``'s
first 4 premorbid seeds, v14's hub and damage, delayed copy of the picture; scratch code, printed
once, then ``studies/knowledge_loss.py --prototype`` below):

- intact states moved part of the way to the mean intact state of their *domain* draw Bozeat's
  pattern (75 % of the way: shared kept 1.00, distinctive 0.14, absent attributes that at least
  half the domain has intruded 0.20; all the way: 0.85, 0.00, 0.51); moved toward the mean of the
  *whole battery* (what homeostasis's restored mean amounts to) they draw nothing (0.66, 0.00, 0.00);
- v14's damaged states still hold the item (nearest intact pattern 0.96 right at severity 0.6) while
  the semantic spoke has lost it, so the spoke's linear read-out, not the state alone, decides;
- a damaged state pulled toward the soft mixture of domain prototypes its own item beliefs give
  draws nothing either (the beliefs spread over the domains); pulled toward the prototype of the
  one domain its item beliefs favour most, by ``(1 - max item probability) ** gate``, it draws the
  generic member: at naming 0.05, gate 1: matching 0.50, distinctive kept 0.02, shared 0.83,
  high-share intrusions 0.19 (gate 2: 0.48, 0.02, 0.80, 0.18), intact drawings unchanged (0.99+).

That last rule is ``HubConfig(settling="domain", settling_gate=g)``: an attractor that keeps
the item's basin while the item is recognised and falls into the domain's basin as recognition
fails (Rogers et al. 2004: the damaged hub's states drift toward what the domain's members share).

The design, written down before either candidate was run through a replication (2026-12-05):

1. Two candidates, each ``sd_hub_v14`` (hub, training, name spoke, policy, homeostasis, damage:
   pruning with activation noise of SD 2) with ``HubConfig(settling="domain")``: (a)
   ``settling_gate=1``, (b) ``settling_gate=2``.  Nothing else is searched.
2. Each candidate's sessions by rule 2 of ``studies/synaptic_loss.py`` (severity 0, then 15
   evenly spaced from the last severity where naming is still >= 0.95 to the first where it is
   <= 0.02), on the calibration patients (``replicate(random_state=1)``'s 8 premorbid patients,
   naming alone).
3. Each candidate run once on the calibration patients (no baselines, contrasts, new views or
   maps, as the earlier calibrations), scored by the 32 signatures and the naming RMSE over the
   16 informative cells; rule 4 chooses: among those within one signature of the best count, the
   lowest RMSE.  The chosen one becomes ``sd_hub_v15``.
4. Held out, once each, on patients no study, test or calibration has used
   (``replicate(random_state=9)``, every baseline and contrast): ``sd_hub_v15``, ``sd_hub_v14``
   and ``sd_hub_v1``.  ``sd_hub`` moves to ``sd_hub_v15`` only if it reproduces more of the 32
   signatures than ``sd_hub_v1`` *and* its naming RMSE over the 16 informative cells is not
   above ``sd_hub_v1``'s.
5. Described, not scored: on the same fresh premorbid patients and v15's sessions, delayed copy
   and drawing to name (shared and distinctive attributes kept, absent ones intruded) per session,
   as ``studies/homeostasis.py`` step 5, with a figure of one patient's drawings to name.
   Nothing is changed after these runs; the outcome is reported as it comes out.

Writes ``domain_settling.csv`` (calibration) and, with ``--held-out``, ``domain_settling_held_out.csv``,
``…_held_out_v14.csv`` and ``…_held_out_v1.csv`` (each with its verdicts and contrasts beside it) and
``domain_settling_drawing.csv``.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402
from name_spoke import drawings  # noqa: E402

CANDIDATE = "sd_hub_v15"
FRESH_RANDOM_STATE = 9
TABLE = "domain_settling.csv"
GATES = {"gate1": 1.0, "gate2": 2.0}


def settling_hub(gate: float, settling: str = "domain"):
    """sd_hub_v14's hub with the domain attractor (*settling*: which read-outs see the settled state)."""
    from cogsim.presets import get_preset

    return replace(get_preset("sd_hub_v14").hub, settling=settling, settling_gate=gate)


def calibrate(output: Path, hub_of=settling_hub, gates=None, table: str = TABLE) -> pd.DataFrame:
    """Steps 2 and 3 on the calibration patients; the table of both candidates, and the chosen row printed
    (*hub_of*, *gates* and *table*: another study's candidates, as ``studies/drawing_settling.py``)."""
    gates = GATES if gates is None else gates
    from cogsim import load_battery
    from cogsim.patients import build_patients
    from cogsim.presets import get_preset
    from cogsim.replication import SeedTree

    battery = load_battery()
    v14 = get_preset("sd_hub_v14")
    seeds = SeedTree(synaptic_loss.CALIBRATION_RANDOM_STATE).ints("patients", 8)
    rows = []
    for name, gate in gates.items():
        patients = build_patients(battery, seeds, hub=hub_of(gate), training=v14.training, policy=v14.policy,
                                  progress=False)
        severities = synaptic_loss.course(v14.lesion, patients, battery, synaptic_loss.CALIBRATION_RANDOM_STATE)
        if severities is None:
            rows.append({"candidate": name, "lesion": repr(v14.lesion), "reproduced": 0, "tested": 0,
                         "rmse_informative": float("nan"), "failed": "intact patients name below 0.95"})
            continue
        row, _ = synaptic_loss.evaluate(name, v14.lesion, severities, synaptic_loss.CALIBRATION_RANDOM_STATE,
                                        preset="sd_hub_v14", hub=hub_of(gate), baselines=(), new_views=False,
                                        explain=False, contrasts=())
        rows.append(row)
        print(f"{name}: severities {row['severities']}; {row['reproduced']} of {row['tested']}, "
              f"RMSE {row['rmse_informative']:.3f} ({row['seconds']} s)", flush=True)
        pd.DataFrame(rows).to_csv(output / table, index=False, float_format="%.4f")
    result = pd.DataFrame(rows)
    result.to_csv(output / table, index=False, float_format="%.4f")
    chosen = synaptic_loss.choose(result.dropna(subset=["rmse_informative"]))
    print(f"chosen on the calibration patients: {chosen['candidate']} ({chosen['reproduced']} signatures, "
          f"RMSE {chosen['rmse_informative']:.3f})")
    return result


def fresh_sessions(preset: str, random_state: int) -> tuple:
    """``(sessions, battery)``: *preset*'s cohort on replicate(random_state)'s premorbid patients."""
    import cogsim
    from cogsim.lesions import make_cohort
    from cogsim.patients import build_patients
    from cogsim.presets import get_preset
    from cogsim.replication import SeedTree

    battery = cogsim.load_battery()
    seeds = SeedTree(random_state)
    chosen = get_preset(preset)
    patients = build_patients(battery, seeds.ints("patients", 8), hub=chosen.hub, training=chosen.training,
                              policy=chosen.policy, progress=False)
    return make_cohort(patients, chosen.lesion, severities=chosen.severities,
                       random_state=seeds.stream("lesions")), battery


def described(output: Path, preset: str = CANDIDATE, random_state: int = FRESH_RANDOM_STATE,
              table: str = "domain_settling_drawing.csv") -> pd.DataFrame:
    """Step 5: delayed copy and drawing to name per session of *preset* on replicate(random_state)'s
    premorbid patients, with ``intruded_shared`` (absent attributes that at least half of the item's domain
    has, drawn; a column added after this study's own run, for studies/drawing_settling.py); the drawings to
    name of the first patient."""
    from cogsim.paradigms import DelayedCopy, run_paradigms

    sessions, battery = fresh_sessions(preset, random_state)
    rates = drawings(sessions, battery, preset)
    shared = []
    for cue in ("picture", "name"):
        d = run_paradigms([DelayedCopy(cue=cue)], sessions, battery, random_state=0, progress=False)["delayed_copy"]
        absent = d[(d["condition"] == "absent") & (d["share"] >= 0.5)]
        shared.append((absent["response"] == "intruded").groupby(absent["severity"]).mean()
                      .rename("intruded_shared").reset_index().assign(cue=cue))
    rates = rates.merge(pd.concat(shared), on=["severity", "cue"], how="left")
    rates.to_csv(output / table, index=False, float_format="%.4f")
    print(rates.pivot(index="severity", columns="cue").round(3).to_string())
    return rates


def fresh_held_out(output: Path) -> dict:
    """Steps 4 and 5: sd_hub_v1, sd_hub_v14 and sd_hub_v15, once each, on replicate(random_state=9)'s patients."""
    row = synaptic_loss.held_out_beside(CANDIDATE, output, TABLE, FRESH_RANDOM_STATE, beside=("sd_hub_v14",))
    described(output)
    return row


def main(argv=None) -> int:
    return synaptic_loss.main(argv, doc=__doc__, calibrate_with=calibrate, preset=CANDIDATE,
                              held_out_with=fresh_held_out)


if __name__ == "__main__":
    raise SystemExit(main())
