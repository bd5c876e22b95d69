"""Exploration, not a study: how far can a naming policy move a generative preset's naming profile? (issue 26)

    python studies/generative_policy_grid.py                               # sd_hub_v11, 36 policies (~3 minutes)
    python studies/generative_policy_grid.py --preset sd_hub_v17 --wide    # 128 policies (~11 minutes)

Prints, writes nothing.  What it does: the preset's calibration patients (``replicate(random_state=1)``'s 8
premorbid hubs, built with the preset's own hub and training; never a held-out cohort), each damaged
along the preset's course (one lesion stream per patient, ``random_state=1+k``), named under each policy of
the grid (the rest of the preset's policy kept), each scored by the naming RMSE over the 16 informative cells
against the patients of Rogers et al. (2004).  The grids:

- default: 36 top-down policies, item-given-category threshold 0.15, 0.2, 0.3, 0.4 x basic 0.2, 0.3, 0.45
  x domain 0.45, 0.6, 0.75;
- ``--wide``: 128 policies, rule top-down or most-specific x specific 0.1, 0.2, 0.3, 0.45 x basic 0.2, 0.3,
  0.45, 0.6 x domain 0.45, 0.6, 0.75, 0.9.

Run once each on 2026-12-05 (x86_64, 2 cores, torch 2.14.1):

- ``sd_hub_v11``, default grid: v11's own policy 0.059, the best of the 36 0.058 (0.3 / 0.2 / 0.6), most above
  0.06 and up to 0.28.
- ``sd_hub_v17 --wide`` (653 s): v17's own policy 0.0515 here (these patients are the calibration patients
  damaged by this script's own streams, not replicate's run, which gave 0.042), the best of the 128 0.0476
  (most-specific 0.2 / 0.45 / 0.9), then 0.0478, 0.0506; v1's on its own calibration run 0.032.  Under
  v17's own policy the profile at the four bins' accuracies (0.79, 0.38, 0.13, 0.05) has omissions 0.02,
  0.32, 0.69, 0.85 (patients 0.10, 0.31, 0.56, 0.82) and superordinates 0.05, 0.11, 0.08, 0.04 (patients
  0.01, 0.06, 0.14, 0.06): too few omissions in mild damage, too many in severe, and the category names come
  a stage too early; most of them are basic names ("bird" for a lark: ``error_detail``
  ``superordinate_basic``).

So the distance of the generative presets' naming profile from the patients' (held out 0.051–0.055 against
sd_hub_v1's 0.035–0.036) is not the response policy's; nothing was chosen (docs/calibration.md).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synaptic_loss import CALIBRATION_RANDOM_STATE, calibration_patients  # noqa: E402

GRID = (("specific", (0.15, 0.2, 0.3, 0.4)), ("basic", (0.2, 0.3, 0.45)), ("domain", (0.45, 0.6, 0.75)))
WIDE = (("naming", ("top_down", "most_specific")), ("specific", (0.1, 0.2, 0.3, 0.45)),
        ("basic", (0.2, 0.3, 0.45, 0.6)), ("domain", (0.45, 0.6, 0.75, 0.9)))


def main(argv=None) -> int:
    from cogsim.analysis import compare_naming, naming_rmse
    from cogsim.lesions import progression
    from cogsim.paradigms import PictureNaming, run_paradigms
    from cogsim.presets import get_preset

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="sd_hub_v11")
    parser.add_argument("--wide", action="store_true", help="the 128-policy grid")
    args = parser.parse_args(argv)
    preset = get_preset(args.preset)
    grid = WIDE if args.wide else GRID
    battery, patients = calibration_patients(preset.training, preset.hub)  # the policy is set per candidate

    def rmse(policy) -> float:
        courses = [progression(p.with_policy(policy), preset.lesion, preset.severities,
                               random_state=CALIBRATION_RANDOM_STATE + k, patient_id=f"P{k + 1:02d}")
                   for k, p in enumerate(patients)]
        trials = run_paradigms([PictureNaming()], courses, battery,
                               random_state=CALIBRATION_RANDOM_STATE)["picture_naming"]
        return float(naming_rmse(compare_naming(trials)).set_index("response").loc["informative", "cogsim"])

    print(f"{args.preset}'s own policy: RMSE {rmse(preset.policy):.4f}", flush=True)
    names = [name for name, _ in grid]
    rows = []
    for values in itertools.product(*(options for _, options in grid)):
        rows.append({**dict(zip(names, values)), "rmse": rmse(replace(preset.policy, **dict(zip(names, values))))})
        print(rows[-1], flush=True)
    print(pd.DataFrame(rows).sort_values("rmse").head(8).round(4).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
