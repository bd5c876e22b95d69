"""Which category readout should the SD preset use: sums over items, or the hub's trained name heads?

    python studies/readout.py            # about 10 minutes on 2 cores
    python studies/readout.py --quick    # 2 seeds, 2 thresholds (a smoke run)

The ``sd_hub`` preset's hub learnt names at every level, but until cogsim
0.2 its category beliefs were sums of item beliefs through the battery's
intact hierarchy, so its taxonomy could not be damaged.  ``readout="names"``
reads them from the trained name heads instead (as the name units of the
Rogers et al. 2004 model).  The two readouts are compared out of sample:

1. **Selection** (calibration seeds 0-4, the seeds the preset was chosen on):
   for each readout, the best top-down policy of the calibration grid
   (thresholds × colour fallback) by the calibration rule: intact patients at
   ceiling, the most signatures, then the lowest naming RMSE over the 16
   informative cells.  The training, lesion and severities are the preset's.
2. **Validation** (premorbid seeds 10-14, seen by no selection): the two
   selected policies scored on new patients.  The default is the readout with
   more signatures there, then the lower RMSE; a difference in RMSE smaller than
   the reference's digitisation error (0.02) with equal signatures keeps the
   current default (``items``).
3. The final numbers are then those of ``cogsim replicate`` (its own seeds),
   reported in ``docs/replication.md``.

Writes ``docs/calibration/readout.csv`` (both stages, both readouts).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SELECTION_SEEDS = (0, 1, 2, 3, 4)
VALIDATION_SEEDS = (10, 11, 12, 13, 14)


def _calibration():
    """The calibration study's grid, score and selection rule (studies/calibration.py), reused as they are."""
    if str(ROOT / "studies") not in sys.path:
        sys.path.insert(0, str(ROOT / "studies"))
    import calibration

    return calibration


def _policies(readouts, thresholds, colours):
    from cogsim.patients import ResponsePolicy

    out = {}
    for readout in readouts:
        for t in thresholds:
            for c in colours:
                specific, basic, domain = map(float, t.split("/"))
                fallback, recognition = c.split("@")
                out[f"{readout}|{t}|{c}"] = ResponsePolicy(specific, basic, domain, recognition=float(recognition),
                                                           naming="top_down", colour_fallback=fallback,
                                                           readout=readout)
    return out


def _run(battery, preset, policies, seeds, score, jobs):
    from cogsim.sweeps import run_tasks, sweep_tasks

    tasks = sweep_tasks(battery, hubs={"256": preset.hub}, trainings={"levels": preset.training},
                        lesions={"sd_hub": preset.lesion}, severities=preset.severities, random_states=[0],
                        policies=policies, premorbid_random_states=list(seeds), score=score)
    table = run_tasks(tasks, n_jobs=jobs, progress=True)
    split = table["policy"].str.split("|", expand=True)
    table.insert(0, "readout", split[0])
    table.insert(1, "thresholds", split[1])
    table.insert(2, "colour", split[2])
    return table


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--output", default=None, help="folder for readout.csv (default docs/calibration)")
    args = parser.parse_args(argv)
    import cogsim
    from cogsim.analysis import DIGITISATION_ERROR
    from cogsim.presets import get_preset

    started = time.perf_counter()
    calibration = _calibration()
    preset = get_preset("sd_hub")
    battery = cogsim.load_battery()
    thresholds = calibration.TOP_DOWN[:2] if args.quick else calibration.TOP_DOWN
    selection_seeds = SELECTION_SEEDS[:2] if args.quick else SELECTION_SEEDS
    validation_seeds = VALIDATION_SEEDS[:2] if args.quick else VALIDATION_SEEDS
    grid = _policies(("items", "names"), thresholds, calibration.COLOURS)
    selection = _run(battery, preset, grid, selection_seeds, calibration.score, args.jobs)
    selection.insert(0, "stage", "selection")
    chosen = {}
    for readout, rows in selection.groupby("readout"):
        pick = calibration._select(rows, "rmse_informative")
        chosen[readout] = pick["policy"]
        print(f"[{time.perf_counter() - started:5.0f} s] selected for {readout}: {pick['policy']} "
              f"({pick['signatures_reproduced']}/{pick['signatures_tested']}, RMSE {pick['rmse_informative']:.3f})",
              flush=True)
    validation = _run(battery, preset, {label: grid[label] for label in chosen.values()}, validation_seeds,
                      calibration.score, args.jobs)
    validation.insert(0, "stage", "validation")
    v = validation.set_index("readout")
    better = "items"
    if v.loc["names", "signatures_reproduced"] > v.loc["items", "signatures_reproduced"]:
        better = "names"
    elif (v.loc["names", "signatures_reproduced"] == v.loc["items", "signatures_reproduced"]
          and v.loc["items", "rmse_informative"] - v.loc["names", "rmse_informative"] >= DIGITISATION_ERROR):
        better = "names"
    out = Path(args.output) if args.output else ROOT / "docs" / "calibration"
    out.mkdir(parents=True, exist_ok=True)
    table = pd.concat([selection, validation], ignore_index=True)
    table["selected"] = table["policy"].isin(chosen.values())
    table["default"] = (table["stage"] == "validation") & (table["readout"] == better)
    columns = ["stage", "readout", "thresholds", "colour", "signatures_reproduced", "signatures_tested",
               "rmse_informative", "rmse", "max_cross_domain", "at_ceiling", "failed", "selected", "default"]
    table[columns].to_csv(out / "readout.csv", index=False, float_format="%.4f")
    for readout in ("items", "names"):
        r = v.loc[readout]
        print(f"validation seeds {', '.join(map(str, validation_seeds))}: {readout}: "
              f"{r['signatures_reproduced']}/{r['signatures_tested']} signatures, RMSE (16 cells) "
              f"{r['rmse_informative']:.3f}, cross-domain at most {r['max_cross_domain']:.3f}; failed: {r['failed']}")
    print(f"default readout by the rule: {better}  ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
