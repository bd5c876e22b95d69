"""What frequency-weighted exposure does to naming (TrainingConfig.frequency_exposure).

    python studies/familiarity.py            # writes docs/familiarity/naming_by_frequency.csv

sd_hub patients (seeds 10-14, not the calibration's 0-9), trained with frequency_exposure 0 (the preset) and
0.5 (chosen before looking: an item with Zipf 5 weighs about 3 times one with Zipf 4), damaged with the preset's
lesion at its severities. Reported, per exposure and observed stage: naming accuracy of the items in each
English-frequency tertile, and how often a wrong item name (a semantic error) is more frequent than the target.
Nothing is tuned on these numbers.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from cogsim import build_patients  # noqa: E402
from cogsim.analysis.signatures import add_stages  # noqa: E402
from cogsim.lesions import make_cohort  # noqa: E402
from cogsim.paradigms import PictureNaming  # noqa: E402
from cogsim.presets import get_preset  # noqa: E402
from cogsim.stimuli import load_battery  # noqa: E402

SEEDS = range(10, 15)
EXPOSURES = (0.0, 0.5)


def main() -> int:
    battery = load_battery()
    preset = get_preset("sd_hub")
    items = battery.items.set_index("item_id")
    tertile = pd.qcut(items["freq_en"].rank(method="first"), 3, labels=["low", "mid", "high"])
    freq = dict(zip(items["specific"], items["freq_en"]))
    rows = []
    for exposure in EXPOSURES:
        training = replace(preset.training, frequency_exposure=exposure)
        patients = build_patients(battery, list(SEEDS), hub=preset.hub, training=training, policy=preset.policy,
                                  progress=False)
        cohort = make_cohort(patients, preset.lesion, severities=preset.severities, random_state=0)
        df = add_stages(PictureNaming().run(cohort, battery, random_state=0))
        df["tertile"] = tertile.loc[df["item"]].to_numpy()
        for stage, part in df.groupby("stage", observed=True):
            row = {"exposure": exposure, "stage": stage, "sessions": part.groupby(["patient", "session"]).ngroups}
            for t, own in part.groupby("tertile", observed=True):
                row[f"accuracy_{t}"] = round(own["correct"].mean(), 3)
            semantic = part[part["error"] == "semantic"]
            if len(semantic):
                higher = [freq.get(r, np.nan) > freq[s] for r, s in zip(semantic["response"], semantic["specific"])]
                row["semantic_errors"] = len(semantic)
                row["semantic_to_more_frequent"] = round(float(np.mean(higher)), 3)
            rows.append(row)
    table = pd.DataFrame(rows)
    out = REPO / "docs" / "familiarity" / "naming_by_frequency.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)
    print(table.to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
