"""How long does `cogsim replicate` (the default study) take with a warm cache, and what do the extras cost?

    python benchmarks/bench_replicate.py

Runs the default replication into fresh temporary folders: a first run fills
the cache if needed (patients, controls, features); then, side by side in this
run, warm runs of the cohort alone (``baselines=()``, ``new_views=False``), with
the new views, and the full default (three baselines and the new views).
Prints each time, each as a ratio to the cohort alone, and the full warm run
as a share of the 60 s target of the performance issue.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import replace


def main() -> int:
    from cogsim.replication import ReplicationConfig, replicate

    full = ReplicationConfig()
    configs = [("first run, full default (fills the cache if needed)", full),
               ("warm: cohort only (no baselines, no new views)", replace(full, baselines=(), new_views=False)),
               ("warm: cohort + new views", replace(full, baselines=())),
               ("warm: full default (cohort, new views, 3 baselines)", full)]
    times = []
    for label, config in configs:
        out = os.path.join(tempfile.mkdtemp(prefix="cogsim-replicate-"), "report")
        start = time.perf_counter()
        replicate(out, config, progress=False, log=lambda *a: None)
        times.append(time.perf_counter() - start)
        print(f"{label}: {times[-1]:.1f} s -> {out}")
    base = times[1]
    for (label, _), t in zip(configs[2:], times[2:]):
        print(f"{label} / cohort only = {t / base:.1f}")
    print(f"full warm run / 60 s target = {times[-1] / 60:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
