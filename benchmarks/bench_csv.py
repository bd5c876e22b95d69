"""How much faster is cogsim's CSV text than pandas' ``to_csv`` on a table shaped like a replication's trials?

    python benchmarks/bench_csv.py            # about 30 s
    python benchmarks/bench_csv.py --rows 200000

Builds a table with the make-up of ``baseline_trials.csv.gz`` in ``make run`` (1 139 712 rows, 42 columns:
24 of text, half categorical and half ``str``, a few hundred distinct values, most of them missing outside
their paradigm; 15 of floats, two of them dense with many distinct values; 3 of integers), then, side by
side in this process, ``frame.to_csv(index=False)`` and :func:`cogsim._csv.frame_to_csv` (the best of 3 each),
checks that the texts are equal, and prints the ratio.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd


def trials_like(rows: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    items = np.array([f"item{k}" for k in range(140)] + ["bird", "animal", "don't know", "a, b"], dtype=object)
    columns = {}
    for k in range(24):
        values = rng.choice(items, rows)
        if k >= 8:
            values[rng.random(rows) < 0.7] = None
        columns[f"text{k}"] = pd.Categorical(values) if k % 2 else pd.array(values, dtype="str")
    columns["score"] = rng.random(rows)
    columns["p_response"] = np.where(rng.random(rows) < 0.9, np.nan, rng.random(rows))
    for k in range(13):
        levels = rng.random(rng.integers(2, 120))
        columns[f"float{k}"] = np.where(rng.random(rows) < 0.9, np.nan, rng.choice(levels, rows))
    for k, top in enumerate((16, 140, 400)):
        columns[f"int{k}"] = rng.integers(0, top, rows)
    return pd.DataFrame(columns)


def best_of(n: int, call) -> tuple[float, str]:
    times, text = [], None
    for _ in range(n):
        start = time.perf_counter()
        text = call()
        times.append(time.perf_counter() - start)
    return min(times), text


def main(argv=None) -> int:
    from cogsim._csv import frame_to_csv

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_139_712)
    args = parser.parse_args(argv)
    table = trials_like(args.rows)
    slow, expected = best_of(3, lambda: table.to_csv(index=False))
    fast, text = best_of(3, lambda: frame_to_csv(table))
    print(f"table: {table.shape[0]} rows x {table.shape[1]} columns, {len(expected) / 1e6:.0f} MB of text")
    print(f"pandas to_csv: {slow:.2f} s; cogsim frame_to_csv: {fast:.2f} s; the same text: {text == expected}")
    print(f"pandas / cogsim = {slow / fast:.1f}")
    return 0 if text == expected else 1


if __name__ == "__main__":
    raise SystemExit(main())
