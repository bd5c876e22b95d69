"""What frequency-weighted exposure does to naming (TrainingConfig.frequency_exposure).

    python studies/familiarity.py            # writes docs/familiarity/naming_by_frequency.csv

sd_hub patients (seeds 10-14, not the calibration's 0-9), trained with frequency_exposure 0 (the preset) and
0.5 (chosen before looking: an item with Zipf 5 weighs about 3 times one with Zipf 4), damaged with the preset's
lesion at its severities. Reported, per exposure and observed stage: naming accuracy of the items in each
English-frequency tertile, and how far wrong item names (semantic errors) drift toward frequent and typical names
(cogsim.analysis.item_effects.error_drift: the name given against the names that would have made the same kind of
error, so that chance gives 0; the older share "more frequent than the target" is kept beside it, although chance
alone pushes it above 0.5 when rare targets fail most).  The naming item-effect signatures (panel "items") are
also evaluated on each cohort and written to docs/familiarity/item_signatures.csv.  Nothing is tuned on these numbers.
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
from cogsim.analysis import evaluate_signatures, load_signatures  # noqa: E402
from cogsim.analysis.item_effects import error_drift  # noqa: E402
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
    rows, verdicts = [], []
    signatures = load_signatures()
    signatures = signatures[(signatures["panel"] == "items") & (signatures["paradigm"] == "picture_naming")]
    for exposure in EXPOSURES:
        training = replace(preset.training, frequency_exposure=exposure)
        patients = build_patients(battery, list(SEEDS), hub=preset.hub, training=training, policy=preset.policy,
                                  progress=False)
        cohort = make_cohort(patients, preset.lesion, severities=preset.severities, random_state=0)
        naming = PictureNaming().run(cohort, battery, random_state=0)
        verdict = evaluate_signatures(naming, signatures, items=battery.items, random_state=0)
        verdicts.append(verdict.assign(exposure=exposure))
        df = add_stages(naming)
        stages = df.drop_duplicates(["patient", "session"])[["patient", "session", "stage"]]
        drift = pd.concat([error_drift(naming, battery.items, norm).assign(norm=norm)
                           for norm in ("freq_en", "typicality_domain")], ignore_index=True).merge(
            stages, on=["patient", "session"], how="left")
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
            own_drift = drift[drift["stage"] == stage]
            for norm, part_drift in own_drift.groupby("norm"):
                row[f"drift_{norm}"] = round(float(part_drift["drift"].mean()), 3)
            rows.append(row)
    table = pd.DataFrame(rows)
    out = REPO / "docs" / "familiarity" / "naming_by_frequency.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)
    print(table.to_string(index=False))
    verdicts = pd.concat(verdicts, ignore_index=True)[["exposure", "signature", "estimate", "ci_low", "ci_high", "p",
                                                        "effect_size", "reproduced", "n_patients", "note"]]
    verdicts.round(4).to_csv(out.parent / "item_signatures.csv", index=False)
    print(verdicts.drop(columns="note").round(4).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
