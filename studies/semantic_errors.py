"""Where does a damaged hub's belief go?  The diagnosis behind the semantic errors of the ``sd_hub`` preset.

    python studies/semantic_errors.py    # under a minute on 2 cores; rewrites docs/calibration/semantic_mass.csv

SD patients at moderate severity name a close category member ("duck" for
eagle) in about a quarter of trials.  A hub can only do that if, as it is
damaged, the probability it takes from the right name goes to the item's
neighbours rather than to any item.  This script measures it for five
premorbid patients (seeds 0-4, bundled battery, default backbone) of two
trainings, both damaged with the ``sd_hub`` preset's lesion over its
severities:

- ``plain``: the hub learns item names only (``TrainingConfig()``);
- ``levels``: the hub also learns basic-category and domain names
  (the ``sd_hub`` preset's training).

For each training and severity it reports the mean probability given to the
target, to its coordinates (same basic category), to the other basic
categories of its domain and to other domains, and the share of the
off-target probability that goes to coordinates and to other domains, beside
the shares an even spread over the other 139 items would give.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "calibration"
PAGE = ROOT / "docs" / "calibration.md"
SEEDS = (0, 1, 2, 3, 4)


def trainings():
    from cogsim.patients import TrainingConfig
    from cogsim.presets import get_preset

    return {"plain": TrainingConfig(), "levels": get_preset("sd_hub").training}


def mass_table(patients, lesion, severities, battery) -> pd.DataFrame:
    """Mean probability on the target and on each kind of other item, per severity."""
    from cogsim.lesions import make_cohort

    lexicon = patients[0].lexicon
    basic, domain = np.array(lexicon.basic), np.array(lexicon.domain)
    n = len(basic)
    kinds = {"coordinates": (basic[:, None] == basic[None, :]) & ~np.eye(n, dtype=bool),
             "same_domain": (domain[:, None] == domain[None, :]) & (basic[:, None] != basic[None, :]),
             "other_domains": domain[:, None] != domain[None, :]}
    rows = []
    for _, severity, patient in make_cohort(patients, lesion, severities=severities, random_state=0):
        p = patient.probabilities(battery).item.numpy()
        rows.append({"severity": severity, "target": float(np.diag(p).mean()),
                     **{kind: float((p * mask).sum(axis=1).mean()) for kind, mask in kinds.items()}})
    table = pd.DataFrame(rows).groupby("severity").mean().reset_index()
    off_target = table[list(kinds)].sum(axis=1).replace(0, np.nan)
    for kind in ("coordinates", "other_domains"):
        table[f"{kind}_of_off_target"] = table[kind] / off_target
        table[f"{kind}_if_even"] = float((kinds[kind].sum(axis=1) / (n - 1)).mean())
    return table


def main() -> int:
    import cogsim
    from cogsim.presets import get_preset

    started = time.perf_counter()
    battery = cogsim.load_battery()
    preset = get_preset("sd_hub")
    tables = []
    for name, training in trainings().items():
        patients = cogsim.build_patients(battery, SEEDS, hub=preset.hub, training=training, progress=False)
        tables.append(mass_table(patients, preset.lesion, preset.severities, battery).assign(training=name))
        print(f"[{time.perf_counter() - started:5.0f} s] {name}", flush=True)
    mass = pd.concat(tables, ignore_index=True)
    mass = mass[["training"] + [c for c in mass.columns if c != "training"]]
    OUT.mkdir(parents=True, exist_ok=True)
    mass.to_csv(OUT / "semantic_mass.csv", index=False, float_format="%.4f")
    _write_section(mass)
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0


def _markdown(frame) -> str:
    head = "| " + " | ".join(frame.columns) + " |\n|" + "---|" * len(frame.columns) + "\n"
    body = ["| " + " | ".join(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row) + " |"
            for row in frame.itertuples(index=False)]
    return head + "\n".join(body) + "\n"


def _write_section(mass):
    shown = mass[mass["severity"].between(0.5, 0.95)]
    wide = shown.pivot(index="severity", columns="training",
                       values=["target", "coordinates_of_off_target", "other_domains_of_off_target"])
    wide.columns = [f"{value} ({training})" for value, training in wide.columns]
    wide = wide.reset_index()
    even = shown.iloc[0]
    text = ("<!-- semantic:start (written by studies/semantic_errors.py; 5 seeds) -->\n\n"
            "Mean over 5 patients and 140 pictures, `sd_hub` lesion. An even spread of the off-target "
            f"probability would give coordinates {even['coordinates_if_even']:.3f} of it and other domains "
            f"{even['other_domains_if_even']:.3f}.\n\n" + _markdown(wide) + "\n<!-- semantic:end -->")
    page = PAGE.read_text(encoding="utf-8")
    start = page.index("<!-- semantic:start")
    end = page.index("<!-- semantic:end -->") + len("<!-- semantic:end -->")
    PAGE.write_text(page[:start] + text + page[end:], encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
