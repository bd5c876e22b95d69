"""sd_hub_v2 with a visual spoke, on calibration patients only (issue 26): does object decision follow typicality?

    python studies/visual_spoke.py                 # two replications of calibration patients (about 5 minutes)
    python studies/visual_spoke.py --output DIR    # the table under DIR instead of docs/calibration/

The question and the rule, written down before either candidate was run (2026-12-04):

1. Candidates: ``sd_hub_v2`` as it is, and ``sd_hub_v2`` with the visual spoke
   (``TrainingConfig(visual_weight=1.0)``: the hub regenerates the picture in
   its first layer's 128 principal directions, each of unit variance, so an
   untrained head's error is about 1, the order of the other losses; the
   weight was fixed at 1 for that reason, not searched).  Object decision then
   compares each picture with what the damaged hub regenerates from it, the
   account of Rogers et al. (2004); every other task reads the hub as before.
2. Patients: ``replicate(random_state=1)``'s 8 patients and 8 controls
   (calibration patients; ``make run``'s, random_state 0, are never used
   here), no baselines, new views or maps.
3. Rule: the spoke joins ``sd_hub_v2`` if, on these patients, it reproduces at
   least as many of the 32 signatures as ``sd_hub_v2`` without it *and* more of
   the three object-decision typicality signatures
   (``object_decision_typicality``, ``object_decision_typical_stays_normal``,
   ``object_decision_atypical_chance_when_severe``); otherwise it stays an
   option.  Either way the outcome is reported as it comes out.

Writes ``visual_spoke.csv`` (one row per candidate: signatures reproduced, the
object-decision ones, RMSE, what failed) and prints the decision.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "studies"))
from recalibrate_v2 import CALIBRATION_RANDOM_STATE, evaluate  # noqa: E402

OUT = ROOT / "docs" / "calibration"
OBJECT_DECISION = ("object_decision_typicality", "object_decision_typical_stays_normal",
                   "object_decision_atypical_chance_when_severe")
VISUAL_WEIGHT = 1.0


def main(argv=None) -> int:
    from cogsim.presets import get_preset

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    base = get_preset("sd_hub_v2").training
    rows = []
    for name, training in (("v2", base), ("v2_visual_spoke", replace(base, visual_weight=VISUAL_WEIGHT))):
        row, run = evaluate(name, training, CALIBRATION_RANDOM_STATE, baselines=(), new_views=False, explain=False,
                            contrasts=())
        v = run.verdicts.set_index("signature")
        row["visual_weight"] = training.visual_weight
        row["object_decision_reproduced"] = int(v.loc[list(OBJECT_DECISION), "reproduced"].fillna(False)
                                                .astype(bool).sum())
        for signature in OBJECT_DECISION:
            row[signature] = float(v.loc[signature, "estimate"])
        rows.append(row)
        print(f"{name}: {row['reproduced']} of {row['tested']}, object decision {row['object_decision_reproduced']} "
              f"of 3, RMSE {row['rmse_informative']:.3f} ({row['seconds']} s)", flush=True)
    table = pd.DataFrame(rows)
    table.to_csv(args.output / "visual_spoke.csv", index=False, float_format="%.4f")
    plain, spoke = table.iloc[0], table.iloc[1]
    joins = spoke["reproduced"] >= plain["reproduced"] and \
        spoke["object_decision_reproduced"] > plain["object_decision_reproduced"]
    print("decision: the visual spoke " + ("joins sd_hub_v2" if joins else "stays an option (rule not met)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
