"""Exploration on the calibration patients: the default trained with more dropout (issue 26: "a hub whose damaged
state still knows its domain")

    python studies/dropout_look.py                # about 2 minutes with the hubs cached; docs/calibration/dropout_look.csv
    python studies/dropout_look.py --output DIR   # the table under DIR instead
    python studies/dropout_look.py --wide         # 512 hidden units with dropout 0.5 and 0.65; dropout_look_wide*.csv

Why: every attempt to read delayed copy and object decision differently from the default's damaged hub ran into
the same wall (docs/calibration.md: "where does a damaged hub's belief go", the failure anatomy, the spoke fits): a
severe hub has lost even its domain, so no read-out can tell an artefact from an animal, and typical pictures are
judged no better than atypical ones once items go.  In the Rogers et al. (2004) model what many items share
outlasts what few share because it is carried by many units.  The default's hubs are trained with dropout 0.2 on
their hidden units; more dropout in training makes a hub spread what it knows over more units, which is the
redundancy that account needs.  This looks at that one setting, nothing else changed (``sd_hub_v40``: the output
scaled to the same intact logit scale 3.6 after training, the semantic spoke fitted to the trained hub, the naming
prior, lesion, severities and policy), on ``replicate(random_state=1)`` (every paradigm, no baselines or contrasts,
so no verdict here is diagnostic).  It chooses nothing itself; ``studies/robust_hub.py`` says what was taken from
it and tests that on patients never used.

Dropout values: 0.2 (``sd_hub_v40``), 0.35, 0.5 run first; 0.65 and 0.8 after seeing those; 0.9 after seeing 0.8.
``--wide`` (run after ``studies/robust_hub.py`` had stopped at its check of learning): twice the hidden units, 512,
with dropout 0.5 and 0.65, so that as many units as the default's survive dropout on average.
Seen before: everything the earlier studies list; no patient of cohort 33 or later has been run by anything.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402

PRESET = "sd_hub_v40"
DROPOUTS = (0.2, 0.35, 0.5, 0.65, 0.8, 0.9)
#: ``--wide``: (hidden units, dropout).
WIDE = ((512, 0.5), (512, 0.65))
OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "calibration"
#: The signatures shown beside the count (issue 26's done-when names the first five).
SHOWN = ("naming_frequency_effect", "naming_typicality_effect", "naming_frequency_by_typicality",
         "object_decision_typicality", "object_decision_typical_stays_normal",
         "drawing_intrusions_animals_over_artefacts", "drawing_intrusions_rise", "naming_error_drift_grows")


def one(dropout: float, hidden: int | None = None) -> tuple[dict, pd.DataFrame]:
    """``sd_hub_v40`` trained with *dropout* (and *hidden* units, if given) on the calibration patients: its row
    and its verdicts."""
    from cogsim.presets import get_preset
    from cogsim.replication import ReplicationConfig, replicate

    start = time.perf_counter()
    preset = get_preset(PRESET)
    training = replace(preset.training, dropout=dropout)
    hub = preset.hub if hidden is None else replace(preset.hub, hidden=(hidden,))
    run = replicate(None, ReplicationConfig(preset=PRESET, training=training, hub=hub,
                                            random_state=synaptic_loss.CALIBRATION_RANDOM_STATE, baselines=(),
                                            contrasts=(), new_views=False, explain=False))
    v = run.verdicts.set_index("signature")
    row = {"dropout": dropout, "hidden": hub.hidden[0], "reproduced": int(v["reproduced"].astype(bool).sum()), "tested": len(v),
           "rmse_informative": float(run.rmse.set_index("response").loc["informative", "cogsim"]),
           "seconds": round(time.perf_counter() - start)}
    for s in SHOWN:
        row[f"{s}_reproduced"] = bool(v.loc[s, "reproduced"])
        row[f"{s}_estimate"] = float(v.loc[s, "estimate"])
    return row, run.verdicts.assign(dropout=dropout, hidden=hub.hidden[0])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--wide", action="store_true", help="512 hidden units with dropout 0.5 and 0.65")
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    stem = "dropout_look_wide" if args.wide else "dropout_look"
    rows, verdicts = [], []
    for hidden, dropout in (WIDE if args.wide else [(None, d) for d in DROPOUTS]):
        row, v = one(dropout, hidden)
        rows.append(row)
        verdicts.append(v[["dropout", "hidden", "signature", "reproduced", "estimate", "p"]])
        pd.DataFrame(rows).to_csv(args.output / f"{stem}.csv", index=False, float_format="%.4f")
        pd.concat(verdicts).to_csv(args.output / f"{stem}_verdicts.csv", index=False, float_format="%.4f")
    table = pd.DataFrame(rows)
    with pd.option_context("display.width", 250, "display.max_columns", 40):
        print(table[["dropout", "hidden", "reproduced", "rmse_informative",
                     *[f"{s}_estimate" for s in SHOWN]]].to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
