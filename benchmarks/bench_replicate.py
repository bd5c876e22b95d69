"""How long does `cogsim replicate` (the default study) take with a warm cache?

    python benchmarks/bench_replicate.py

Runs the default replication twice into fresh temporary folders: the first run
fills the cache if needed (patients, controls, features), the second is the
warm run the target is about (under 60 s on this project's 2-core machines).
Prints both times and the warm time as a share of the 60 s target.
"""

from __future__ import annotations

import os
import tempfile
import time


def main() -> int:
    from cogsim.replicate import ReplicationConfig, replicate

    times = []
    for run in ("first (fills the cache if needed)", "warm"):
        out = os.path.join(tempfile.mkdtemp(prefix="cogsim-replicate-"), "report")
        start = time.perf_counter()
        replicate(out, ReplicationConfig(), progress=False, log=lambda *a: None)
        times.append(time.perf_counter() - start)
        print(f"{run}: {times[-1]:.1f} s -> {out}")
    print(f"warm run / 60 s target = {times[-1] / 60:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
