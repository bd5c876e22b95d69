"""The default's hubs trained without subnormal arithmetic: the same hubs, bit for bit, or no move (issue 26: "one v2
hub at least 5x faster to train than one of today's sd_hub hubs")

    python studies/flushed_subnormals.py               # every hub v31 was judged on, trained both ways (~2 min)
    python studies/flushed_subnormals.py --output DIR  # the table under DIR instead of docs/calibration/
    python studies/flushed_subnormals.py --battery clipart --cohorts 11   # the same check on another battery

Why: ``sd_hub_v31`` (the default since ``studies/five_times_cheaper.py``) was meant to train about 6 times cheaper
than ``sd_hub_v22`` but trains no cheaper than ``sd_hub_v29``: at its rate the hubs grow confident enough that a
fifth of their item probabilities on the training pictures end subnormal (below 1.18e-38), and the products of
the backward pass that carry them run slower (``studies/half_the_steps.py``'s docstring).  Measured after that
study, on training alone (16 hubs of seeds 2000-2015 and 4 of seeds 2000-2003, no patient, no damage): setting the
subnormal entries of each loss's gradient with respect to its logits to 0 (``TrainingConfig(flush_subnormals=True)``,
a gradient hook) trains v31's hubs in 0.55-0.60 s per hub against 1.31-1.39 s, and the 4 hubs of each of
``sd_hub_v1``, ``v22``, ``v29`` and ``v31`` came out bit for bit the same as without it: entries that small are
below what float32 can add to a normal-sized sum.  That is a fact about those hubs, not a promise, so it is checked
on every hub a verdict about v31 rests on before the default may use it.

Seen first, before this design (2026-12-06): everything ``studies/half_the_steps.py`` lists and its result (v32's
intact hubs do not all learn their items); the timings and equalities above.  No hub of ``sd_hub_v33`` has been
trained for any patient.

The design, written down before the run below (2026-12-06):

1. One candidate, for speed only: ``sd_hub_v33`` = ``sd_hub_v31`` with ``flush_subnormals=True``.
2. Every hub v31's adoption and report rest on, trained with v31's and with v33's configuration: the 8 premorbid
   patients and 8 controls of ``replicate(random_state=r)`` for r = 1 (calibration), 25 and 26 (the held-out
   cohorts that moved the default) and 0 (make run's patients), and the plain_hub baseline's hubs of the same
   premorbid seeds (the preset's training without its name heads).  ``sd_hub`` moves to v33 if every one of
   these hubs has the same parameter hash (:meth:`cogsim.patients.Patient.parameter_hash`) both ways; then every
   trial, verdict and RMSE of v31's runs is v33's too, and nothing about the patients is re-judged.  One hub that
   differs: ``sd_hub`` stays v31 (v33 would need a held-out evaluation of its own, not part of this study).
3. The speed is measured apart, side by side (``python benchmarks/bench_preset_training.py --presets sd_hub_v22
   sd_hub_v29 sd_hub_v31 sd_hub_v33``), and decides nothing.  Nothing is changed after the run; the outcome is
   reported as it comes out.

Writes ``flushed_subnormals.csv``: one row per cohort and group of hubs, with the number of hubs and how many are
the same both ways.

Added after the run, deciding nothing: ``--battery clipart --cohorts 11`` makes the same comparison for the second
battery's patients (``flushed_subnormals_clipart.csv``), to see whether the equality is a fact of one battery.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synaptic_loss  # noqa: E402

CANDIDATE = "sd_hub_v33"
BAR = "sd_hub_v31"
COHORTS = (1, 25, 26, 0)
TABLE = "flushed_subnormals.csv"


def groups(random_state: int, preset) -> dict:
    """``{group: (seeds, training)}``: the hubs ``replicate(random_state)`` trains with *preset*'s training."""
    from cogsim.replication import SeedTree

    seeds = SeedTree(random_state)
    patients = seeds.ints("patients", 8)
    plain = replace(preset.training, basic_name_weight=0.0, domain_name_weight=0.0)
    return {"premorbid": (patients, preset.training), "controls": (seeds.ints("controls", 8), preset.training),
            "plain_hub": (patients, plain)}


def hashes(battery, preset, seeds, training) -> list[str]:
    """The parameter hash of each hub *preset* (with *training*) trains for *seeds* (cached as usual)."""
    from cogsim.patients import build_patients

    return [p.parameter_hash() for p in build_patients(battery, seeds, hub=preset.hub, training=training,
                                                       policy=preset.policy, progress=False)]


def compare(battery=None, cohorts=COHORTS) -> pd.DataFrame:
    """Step 2: per cohort of *cohorts* and group, the hubs and how many have the same parameters both ways."""
    from cogsim import load_battery
    from cogsim.presets import get_preset

    battery = battery if battery is not None else load_battery()
    bar, candidate = get_preset(BAR), get_preset(CANDIDATE)
    rows = []
    for cohort in cohorts:
        ours, theirs = groups(cohort, bar), groups(cohort, candidate)
        for group, (seeds, training) in ours.items():
            before = hashes(battery, bar, seeds, training)
            after = hashes(battery, candidate, *theirs[group])
            rows.append({"cohort": cohort, "group": group, "hubs": len(before),
                         "same": sum(a == b for a, b in zip(before, after))})
    return pd.DataFrame(rows)


def moves(table: pd.DataFrame) -> bool:
    """Step 2's rule: every hub the same both ways."""
    return bool(len(table) and (table["same"] == table["hubs"]).all())


def run(output: Path) -> bool:
    table = compare()
    decision = moves(table)
    table.assign(moves=decision).to_csv(output / TABLE, index=False)
    print(table.to_string(index=False))
    print(f"{int(table['same'].sum())} of {int(table['hubs'].sum())} hubs the same both ways; sd_hub "
          + (f"moves to {CANDIDATE}" if decision else f"stays {BAR}"))
    return decision


def check(output: Path, battery: str, cohorts) -> pd.DataFrame:
    """The same comparison on another battery's cohorts, deciding nothing (``flushed_subnormals_<battery>.csv``)."""
    from cogsim import load_battery

    table = compare(load_battery(battery), cohorts)
    table.to_csv(output / f"{Path(TABLE).stem}_{battery}.csv", index=False)
    print(table.to_string(index=False))
    print(f"on {battery}: {int(table['same'].sum())} of {int(table['hubs'].sum())} hubs the same both ways "
          "(a check, deciding nothing)")
    return table


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=synaptic_loss.OUT)
    parser.add_argument("--battery", help="compare the hubs of another battery instead (deciding nothing)")
    parser.add_argument("--cohorts", type=int, nargs="+", default=[11], help="with --battery: its cohorts")
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    if args.battery:
        check(args.output, args.battery, args.cohorts)
    else:
        run(args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
