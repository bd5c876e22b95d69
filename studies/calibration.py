"""Which lesions reproduce semantic dementia?  The calibration study behind cogsim's presets.

    python studies/calibration.py            # the full study (20-60 minutes on 2 cores)
    python studies/calibration.py --quick    # 2 seeds, fewer configurations (a smoke run)
    python studies/calibration.py --output DIR   # write the tables and page under DIR instead of docs/

For every configuration of hub training × hub size × lesion (type, site,
parameters) × response policy (naming rule, naming thresholds, colour
fallback), five virtual patients (premorbid seeds 0-4 of the bundled battery
and default backbone) are damaged over a grid of severities and run through
the four paradigms.  The grid runs on the library's own sweep
(``cogsim.sweeps.sweep_tasks`` / ``run_tasks``: one cell per training, hub
size and lesion, every policy scored within the cell); this script only
chooses the grid and the score.  Each configuration is scored by

(a) how many Figure 2 signatures it reproduces (``cogsim.analysis.evaluate_signatures``),
(b) its naming RMSE against the SD patients' bins, aligned by naming accuracy
    (``cogsim.analysis.compare_naming``), with its spread over the five seeds,
(c) whether the intact patients are at ceiling on every paradigm,

and every configuration is reported, including those that fail and why.  The
choice uses only the aggregate naming profile and the signatures, never single
items.  Outputs, all rewritten by each run:

- ``docs/calibration/results.csv``: one row per configuration;
- ``docs/calibration/sensitivity.csv``: the chosen configuration with one parameter changed at a time;
- ``docs/calibration/seeds.csv``: the chosen configuration's scores seed by seed;
- ``docs/calibration/cross_validation.csv``: leave one patient bin out (select on three, score the fourth);
- ``docs/calibration/held_out_seeds.csv``: the chosen configuration on premorbid seeds 5-9, never selected on;
- ``docs/calibration/*.png``: naming profiles of the chosen SD and visual presets;
- the table between the markers in ``docs/calibration.md``.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "calibration"
PAGE = ROOT / "docs" / "calibration.md"
SEEDS = (0, 1, 2, 3, 4)
#: Premorbid seeds the selection never sees: the chosen configuration is evaluated on them afterwards.
HELD_OUT_SEEDS = (5, 6, 7, 8, 9)
BINS = (1, 2, 3, 4)
HUB_SEVERITIES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0)
VISUAL_SEVERITIES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


PARAMETERS = ("training", "hub", "lesion", "naming", "thresholds", "colour")


@dataclass(frozen=True)
class Config:
    training: str     # how the hub learns (plain, smoothed*, levels*)
    hub: int          # hidden units of the hub
    lesion: str       # lesion family and site
    naming: str       # naming rule: most_specific or top_down
    thresholds: str   # specific/basic/domain naming thresholds
    colour: str       # colour judgment for unrecognised items: fallback@recognition threshold


def trainings(quick: bool = False):
    """Training name -> (TrainingConfig, hub sizes it is tried with)."""
    from cogsim.patients import TrainingConfig

    table = {"plain": (TrainingConfig(), (128, 256, 512)),
             "smoothed_light": (TrainingConfig(basic_smoothing=0.05, domain_smoothing=0.02), (256,)),
             "smoothed": (TrainingConfig(basic_smoothing=0.15, domain_smoothing=0.05), (256,)),
             "smoothed_strong": (TrainingConfig(basic_smoothing=0.3, domain_smoothing=0.1), (256,)),
             "levels": (TrainingConfig(basic_name_weight=1.0, domain_name_weight=1.0), (128, 256, 512)),
             "levels_strong": (TrainingConfig(basic_name_weight=3.0, domain_name_weight=3.0), (256,))}
    if quick:
        table = {k: (v[0], (256,)) for k, v in table.items() if k in ("plain", "levels")}
    return table


def lesions(quick: bool = False):
    from cogsim.lesions import ActivationNoise, Compound, Pruning, UnitAblation, WeightNoise

    table = {
        "unit_ablation/hub": UnitAblation(0.0),
        "pruning/hub": Pruning(0.0),
        "weight_noise_sd4/hub": WeightNoise(0.0, sd=4.0),
        "activation_noise_sd8/hub": ActivationNoise(0.0, sd=8.0),
        "noise4+ablation/hub": Compound(0.0, parts=(WeightNoise(0.0, sd=4.0), UnitAblation(0.0))),
        "noise2+ablation/hub": Compound(0.0, parts=(WeightNoise(0.0, sd=2.0), UnitAblation(0.0))),
        "noise1+ablation/hub": Compound(0.0, parts=(WeightNoise(0.0, sd=1.0), UnitAblation(0.0))),
        "actnoise2+ablation/hub": Compound(0.0, parts=(ActivationNoise(0.0, sd=2.0), UnitAblation(0.0))),
        "actnoise4+ablation/hub": Compound(0.0, parts=(ActivationNoise(0.0, sd=4.0), UnitAblation(0.0))),
        "weight_noise_sd2/visual_late": WeightNoise(0.0, site="block1[3-5]", sd=2.0),
    }
    if quick:
        table = {k: table[k] for k in ("unit_ablation/hub", "actnoise2+ablation/hub", "weight_noise_sd2/visual_late")}
    return table


MOST_SPECIFIC = ("0.5/0.5/0.5", "0.4/0.4/0.6", "0.3/0.5/0.7", "0.6/0.4/0.6", "0.3/0.4/0.6", "0.2/0.4/0.6",
                 "0.3/0.5/0.8", "0.2/0.5/0.8", "0.15/0.4/0.6", "0.2/0.3/0.6")
TOP_DOWN = ("0.2/0.3/0.6", "0.2/0.5/0.7", "0.3/0.4/0.7", "0.3/0.3/0.6", "0.2/0.4/0.6", "0.4/0.4/0.7")
COLOURS = ("basic@0.1", "guess@0.3")


def policies(training: str, quick: bool = False):
    """(naming, thresholds, colour) -> ResponsePolicy tried with *training*.

    Every training gets the most_specific grid with the basic colour fallback
    (the first study's grid); plain and levels hubs also get the guess
    fallback with the three best most_specific thresholds of the first study,
    and the top_down grid with both fallbacks.
    """
    from cogsim.patients import ResponsePolicy

    def policy(naming, thresholds, colour):
        specific, basic, domain = map(float, thresholds.split("/"))
        fallback, recognition = colour.split("@")
        return ResponsePolicy(specific, basic, domain, recognition=float(recognition), naming=naming,
                              colour_fallback=fallback)

    grid = [("most_specific", t, "basic@0.1") for t in MOST_SPECIFIC]
    if training in ("plain", "levels", "levels_strong"):
        grid += [("most_specific", t, "guess@0.3") for t in ("0.3/0.4/0.6", "0.2/0.3/0.6", "0.3/0.5/0.7")]
        grid += [("top_down", t, c) for t in TOP_DOWN for c in COLOURS]
    if quick:
        grid = [g for g in grid if g[1] in ("0.3/0.4/0.6", "0.2/0.3/0.6")]
    return {g: policy(*g) for g in grid}


def score(results: pd.DataFrame, random_state: int = 0) -> dict:
    """Signatures, RMSE (pooled and per seed) and ceiling of one configuration's trials (a sweep score)."""
    from cogsim.analysis import compare_naming, evaluate_signatures, naming_rmse

    verdicts = evaluate_signatures(results, random_state=random_state)
    comparison = compare_naming(results)
    rmse = naming_rmse(comparison).set_index("response")
    informative = comparison[comparison["response"] != "correct"]
    squared = ((informative["cogsim"] - informative["patients"]) ** 2).groupby(informative["severity_bin"]).mean()
    per_seed = []
    for pid, part in results.groupby("patient", observed=True):
        r = naming_rmse(compare_naming(part)).set_index("response").loc["overall"]
        per_seed.append(r["cogsim"] if r["cells"] == 20 else np.nan)
    intact = results[results["severity"] == 0].groupby("paradigm", observed=True)["correct"].mean()
    naming = results[results["paradigm"] == "picture_naming"]
    worst_cross = naming[naming["severity"] > 0].groupby("severity")["error"].apply(
        lambda e: (e == "cross_domain").mean()).max()
    tested = verdicts["reproduced"].notna()
    failed = verdicts.loc[tested & ~verdicts["reproduced"].fillna(False).astype(bool), "signature"].tolist()
    return {
        "signatures_reproduced": int(verdicts.loc[tested, "reproduced"].astype(bool).sum()),
        "signatures_tested": int(tested.sum()),
        "rmse": float(rmse.loc["overall", "cogsim"]),
        "rmse_cells": int(rmse.loc["overall", "cells"]),
        "rmse_informative": float(rmse.loc["informative", "cogsim"]),
        **{f"rmse_bin{b}": float(np.sqrt(squared.get(b, np.nan))) for b in BINS},
        "rmse_seed_mean": float(np.nanmean(per_seed)) if np.isfinite(per_seed).any() else np.nan,
        "rmse_seed_sd": float(np.nanstd(per_seed, ddof=1)) if np.isfinite(per_seed).sum() > 1 else np.nan,
        "rmse_semantic": float(rmse.loc["semantic", "cogsim"]),
        "rmse_superordinate": float(rmse.loc["superordinate", "cogsim"]),
        "rmse_omission": float(rmse.loc["omission", "cogsim"]),
        "max_cross_domain": float(worst_cross),
        "intact_min_accuracy": float(intact.min()),
        "at_ceiling": bool(intact.min() >= 0.95),
        "failed": "; ".join(failed),
    }


def _policy_label(naming, thresholds, colour) -> str:
    return f"{naming}|{thresholds}|{colour}"


def tasks_for(battery, training: str, hubs, lesion_names, severities, seeds, quick: bool, policy_keys=None):
    """The sweep cells of one training: hub sizes × lesions, every policy of the training in each cell."""
    from cogsim.patients import HubConfig
    from cogsim.sweeps import sweep_tasks

    table = policies(training, quick)
    keys = list(table) if policy_keys is None else policy_keys
    return sweep_tasks(battery, hubs={str(h): HubConfig(hidden=(h,)) for h in hubs},
                       trainings={training: trainings(quick)[training][0]},
                       lesions={name: lesions(quick)[name] for name in lesion_names}, severities=severities,
                       random_states=[0], policies={_policy_label(*k): table[k] for k in keys},
                       premorbid_random_states=list(seeds), score=score)


def _trials_of(task):
    """The trials of a one-policy cell."""
    from cogsim.sweeps import cell_trials

    [(_, trials)] = list(cell_trials(task))
    return trials


def _configs(table: pd.DataFrame) -> pd.DataFrame:
    """Sweep rows -> one row per Config, the policy label split into its three parameters."""
    split = table["policy"].str.split("|", expand=True)
    out = table.drop(columns=["backbone", "site", "random_state", "policy"]).copy()
    out["hub"] = out["hub"].astype(int)
    out.insert(3, "naming", split[0])
    out.insert(4, "thresholds", split[1])
    out.insert(5, "colour", split[2])
    return out


def _config_of(row) -> Config:
    values = [row[f.name] for f in fields(Config)]
    return Config(values[0], int(values[1]), *values[2:])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--output", default=None, help="write calibration/ and calibration.md under this folder "
                                                       "instead of docs/ (e.g. for a smoke run)")
    args = parser.parse_args(argv)
    import cogsim
    from cogsim.analysis import plot_naming_profile
    from cogsim.sweeps import run_tasks

    started = time.perf_counter()
    seeds = SEEDS[:2] if args.quick else SEEDS
    out = OUT if args.output is None else Path(args.output) / "calibration"
    page = PAGE if args.output is None else Path(args.output) / "calibration.md"
    out.mkdir(parents=True, exist_ok=True)
    battery = cogsim.load_battery()
    hub_lesions = [name for name in lesions(args.quick) if "visual" not in name]
    tasks = []
    for training, (_, hubs) in trainings(args.quick).items():
        tasks += tasks_for(battery, training, hubs, hub_lesions, HUB_SEVERITIES, seeds, args.quick)
    print(f"{len(tasks)} sweep cells, {sum(len(t.policies) for t in tasks)} configurations", flush=True)
    table = _configs(run_tasks(tasks, n_jobs=args.jobs, progress=True))
    rows = table.to_dict("records")
    eligible = table[table["at_ceiling"]]
    chosen = _config_of(eligible.sort_values(["signatures_reproduced", "rmse"], ascending=[False, True]).iloc[0])
    print(f"[{time.perf_counter() - started:6.0f} s] chosen: {chosen}", flush=True)
    # The visual contrast, on the chosen patients and policy (its cost is in the backbone, so only there),
    # and the chosen configuration's trials, for the figures and the seed table.
    key = [(chosen.naming, chosen.thresholds, chosen.colour)]
    visual_names = [name for name in lesions(args.quick) if "visual" in name]
    results_of = {}
    for name in visual_names:
        [visual] = tasks_for(battery, chosen.training, [chosen.hub], [name], VISUAL_SEVERITIES, seeds,
                             args.quick, key)
        results_of["visual"] = _trials_of(visual)
        scores = score(results_of["visual"])
        rows.append({**vars(Config(chosen.training, chosen.hub, name, chosen.naming, chosen.thresholds,
                                   chosen.colour)), **scores})
        print(f"[{time.perf_counter() - started:6.0f} s] visual contrast: signatures "
              f"{scores['signatures_reproduced']}/{scores['signatures_tested']}  RMSE {scores['rmse']:.3f}", flush=True)
    [sd] = tasks_for(battery, chosen.training, [chosen.hub], [chosen.lesion], HUB_SEVERITIES, seeds, args.quick, key)
    results_of["sd"] = _trials_of(sd)
    table = pd.DataFrame(rows)
    table["chosen"] = [_config_of(r) == chosen for _, r in table.iterrows()]
    table.to_csv(out / "results.csv", index=False, float_format="%.4f")

    # Out of sample, twice: (1) over the patients' bins, select on three and predict the fourth;
    # (2) the chosen configuration on premorbid seeds the selection never saw.
    folds = cross_validate_bins(table[~table["lesion"].str.contains("visual")])
    folds.to_csv(out / "cross_validation.csv", index=False, float_format="%.4f")
    held_seeds = HELD_OUT_SEEDS[:2] if args.quick else HELD_OUT_SEEDS
    [held] = tasks_for(battery, chosen.training, [chosen.hub], [chosen.lesion], HUB_SEVERITIES, held_seeds,
                       args.quick, key)
    held_out = {"seeds": ", ".join(map(str, held_seeds)), **score(_trials_of(held))}
    pd.DataFrame([held_out]).to_csv(out / "held_out_seeds.csv", index=False, float_format="%.4f")
    in_sample = table[table["chosen"]].iloc[0]
    print(f"[{time.perf_counter() - started:6.0f} s] informative RMSE: in-sample {in_sample['rmse_informative']:.3f}, "
          f"bins cross-validated {folds.attrs['rmse']:.3f}, held-out seeds {held_out['rmse_informative']:.3f} "
          f"({held_out['signatures_reproduced']}/{held_out['signatures_tested']} signatures)", flush=True)

    # Sensitivity: the chosen configuration with one parameter changed at a time.
    sens = []
    for parameter in PARAMETERS:
        others = [p for p in PARAMETERS if p != parameter]
        for _, r in table.iterrows():
            if all(r[p] == getattr(chosen, p) for p in others):
                sens.append({"parameter": parameter, "value": r[parameter],
                             "signatures_reproduced": r["signatures_reproduced"], "rmse": r["rmse"],
                             "rmse_seed_mean": r["rmse_seed_mean"], "max_cross_domain": r["max_cross_domain"],
                             "chosen": r[parameter] == getattr(chosen, parameter)})
    sens = pd.DataFrame(sens)
    sens.to_csv(out / "sensitivity.csv", index=False, float_format="%.4f")
    seed_table = _seed_table(results_of["sd"])
    seed_table.to_csv(out / "seeds.csv", index=False, float_format="%.4f")

    plot_naming_profile(results_of["sd"]).savefig(out / "sd_hub_naming.png", dpi=110)
    if "visual" in results_of:
        plot_naming_profile(results_of["visual"]).savefig(out / "visual_naming.png", dpi=110)
    _write_page(page, table, sens, seed_table, chosen, seeds, time.perf_counter() - started, folds, held_out)
    print(f"chosen: {chosen}  ({time.perf_counter() - started:.0f} s)")
    return 0


def _select(table: pd.DataFrame, rmse_column: str) -> pd.Series:
    """The study's rule: intact patients at ceiling, the most signatures, then the lowest RMSE."""
    eligible = table[table["at_ceiling"]]
    return eligible.sort_values(["signatures_reproduced", rmse_column], ascending=[False, True]).iloc[0]


def cross_validate_bins(table: pd.DataFrame) -> pd.DataFrame:
    """Leave one patient bin out: select on the other three bins' informative cells, score the held-out bin.

    Selection uses the signatures (which do not use the patients' numbers)
    and the RMSE over the 12 informative cells of the three other bins; the
    held-out bin's four informative cells are scored by the configuration so
    chosen.  ``attrs["rmse"]`` pools the 16 held-out cells: the
    cross-validated counterpart of the in-sample informative RMSE.
    """
    rows = []
    for held in BINS:
        others = [b for b in BINS if b != held]
        frame = table.assign(selection_rmse=np.sqrt(sum(table[f"rmse_bin{b}"] ** 2 for b in others) / len(others)))
        frame = frame[np.isfinite(frame["selection_rmse"])]
        pick = _select(frame, "selection_rmse")
        rows.append({"held_out_bin": held, **{p: pick[p] for p in PARAMETERS},
                     "signatures_reproduced": pick["signatures_reproduced"],
                     "selection_rmse": pick["selection_rmse"], "held_out_rmse": pick[f"rmse_bin{held}"],
                     "in_sample_rmse_of_that_bin": _select(table, "rmse")[f"rmse_bin{held}"]})
    folds = pd.DataFrame(rows)
    folds.attrs["rmse"] = float(np.sqrt((folds["held_out_rmse"] ** 2).mean()))
    return folds


def _seed_table(results) -> pd.DataFrame:
    """Signatures and RMSE of the chosen configuration, one premorbid patient at a time."""
    from cogsim.analysis import compare_naming, evaluate_signatures, naming_rmse

    rows = []
    for pid, part in results.groupby("patient", observed=True):
        verdicts = evaluate_signatures(part, random_state=0)
        tested = verdicts["reproduced"].notna()
        rmse = naming_rmse(compare_naming(part)).set_index("response")
        failed = verdicts.loc[tested & ~verdicts["reproduced"].fillna(False).astype(bool), "signature"]
        rows.append({"patient": pid, "signatures_reproduced": int(verdicts.loc[tested, "reproduced"].astype(bool).sum()),
                     "signatures_tested": int(tested.sum()), "rmse": float(rmse.loc["overall", "cogsim"]),
                     "rmse_cells": int(rmse.loc["overall", "cells"]), "failed": "; ".join(failed)})
    return pd.DataFrame(rows)


def _write_page(path, table, sens, seed_table, chosen, seeds, seconds, folds, held_out):
    columns = [*PARAMETERS, "signatures_reproduced", "signatures_tested", "rmse", "rmse_seed_mean", "rmse_seed_sd",
               "max_cross_domain", "intact_min_accuracy", "failed"]
    ordered = table.sort_values(["signatures_reproduced", "rmse"], ascending=[False, True])
    hub_only = ordered[~ordered["lesion"].str.contains("visual")]
    # The best configuration of each training and hub size, and of each naming rule.
    best_of = (hub_only.groupby(["training", "hub", "naming"], sort=False).head(1)
               .sort_values(["signatures_reproduced", "rmse"], ascending=[False, True]))
    visual = ordered[ordered["lesion"].str.contains("visual")]

    def md(frame):
        head = "| " + " | ".join(frame.columns) + " |\n|" + "---|" * len(frame.columns) + "\n"
        lines = []
        for _, r in frame.iterrows():
            cells = [f"{v:.3f}" if isinstance(v, float) else str(v) for v in r]
            lines.append("| " + " | ".join(cells) + " |")
        return head + "\n".join(lines) + "\n"

    generated = (f"<!-- table:start (written by studies/calibration.py; {len(seeds)} seeds; "
                 f"{len(table)} configurations; {seconds / 60:.0f} min) -->\n\n"
                 f"Chosen: training **{chosen.training}**, hub **{chosen.hub}** units, lesion **{chosen.lesion}**, "
                 f"naming **{chosen.naming}** with thresholds **{chosen.thresholds}** (specific/basic/domain), "
                 f"colour fallback **{chosen.colour}**.\n\n"
                 "### The 40 best configurations\n\n" + md(ordered[columns].head(40)) +
                 "\n### The best configuration of each training, hub size and naming rule\n\n" + md(best_of[columns]) +
                 "\n### The visual contrast (chosen patients and policy)\n\n" + md(visual[columns]) +
                 "\n### In sample and out of sample\n\n" + _out_of_sample(table, folds, held_out, seeds) +
                 "\n### The chosen configuration seed by seed\n\n" + md(seed_table) +
                 "\n### Sensitivity of the chosen configuration (one parameter changed at a time)\n\n" + md(sens) +
                 "\nEvery configuration is in `docs/calibration/results.csv`.\n\n<!-- table:end -->")
    page = path.read_text(encoding="utf-8") if path.exists() else "<!-- table:start -->\n<!-- table:end -->\n"
    start, end = page.index("<!-- table:start"), page.index("<!-- table:end -->") + len("<!-- table:end -->")
    path.write_text(page[:start] + generated + page[end:], encoding="utf-8")


def _out_of_sample(table, folds, held_out, seeds) -> str:
    chosen = table[table["chosen"]].iloc[0]
    lines = ["| evaluation | patients (premorbid seeds) | bins scored | signatures | RMSE, informative cells |",
             "|---|---|---|---|---|",
             f"| in sample (the choice was made on it) | {', '.join(map(str, seeds))} | 1-4 | "
             f"{chosen['signatures_reproduced']}/{chosen['signatures_tested']} | {chosen['rmse_informative']:.3f} |",
             f"| bins cross-validated (select on 3 bins, score the 4th) | {', '.join(map(str, seeds))} | each held out "
             f"once | — | {folds.attrs['rmse']:.3f} |",
             f"| held-out seeds (never seen by the selection) | {held_out['seeds']} | 1-4 | "
             f"{held_out['signatures_reproduced']}/{held_out['signatures_tested']} | "
             f"{held_out['rmse_informative']:.3f} |"]
    head = "| " + " | ".join(folds.columns) + " |\n|" + "---|" * len(folds.columns) + "\n"
    body = "\n".join("| " + " | ".join(f"{v:.3f}" if isinstance(v, float) else str(v) for v in r) + " |"
                     for _, r in folds.iterrows())
    return "\n".join(lines) + "\n\nThe four folds (`cross_validation.csv`):\n\n" + head + body + "\n"


if __name__ == "__main__":
    sys.exit(main())
