"""Exploration, not a study: how far can a naming policy move sd_hub_v11's naming profile? (issue 26)

    python studies/generative_policy_grid.py     # about 3 minutes; prints, writes nothing

What it does: ``sd_hub_v11``'s calibration patients (``replicate(random_state=1)``'s 8 premorbid
hubs, never a held-out cohort), each damaged along v11's course (one lesion stream per patient,
``random_state=1+k``), named under 36 top-down policies (item-given-category threshold 0.15,
0.2, 0.3, 0.4 x basic 0.2, 0.3, 0.45 x domain 0.45, 0.6, 0.75; the rest of v11's policy kept),
each scored by the naming RMSE over the 16 informative cells against the patients of Rogers et
al. (2004).  Run once on 2026-12-05: v11's own policy 0.059, the best of the 36 0.058
(0.3 / 0.2 / 0.6), most above 0.06 and up to 0.28.  So the distance of the generative presets'
naming profile from the patients' (held out 0.055 against sd_hub_v1's 0.035) is not the
response policy's; nothing was chosen (docs/calibration.md).
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synaptic_loss import calibration_patients  # noqa: E402

GRID = (("specific", (0.15, 0.2, 0.3, 0.4)), ("basic", (0.2, 0.3, 0.45)), ("domain", (0.45, 0.6, 0.75)))


def main() -> int:
    from cogsim.analysis import compare_naming, naming_rmse
    from cogsim.lesions import progression
    from cogsim.paradigms import PictureNaming, run_paradigms
    from cogsim.presets import get_preset

    v11 = get_preset("sd_hub_v11")
    battery, patients = calibration_patients(v11.training)

    def rmse(policy) -> float:
        courses = [progression(p.with_policy(policy), v11.lesion, v11.severities, random_state=1 + k,
                               patient_id=f"P{k + 1:02d}") for k, p in enumerate(patients)]
        trials = run_paradigms([PictureNaming()], courses, battery, random_state=1)["picture_naming"]
        return float(naming_rmse(compare_naming(trials)).set_index("response").loc["informative", "cogsim"])

    print(f"sd_hub_v11's own policy: RMSE {rmse(v11.policy):.4f}", flush=True)
    names = [name for name, _ in GRID]
    rows = []
    for values in itertools.product(*(options for _, options in GRID)):
        rows.append({**dict(zip(names, values)), "rmse": rmse(replace(v11.policy, **dict(zip(names, values))))})
        print(rows[-1], flush=True)
    print(pd.DataFrame(rows).sort_values("rmse").head(8).round(4).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
