"""Does training the same hubs in separate processes give the same parameters, bit for bit?

    python tools/training_determinism.py                # 10 processes with torch's default threads
    python tools/training_determinism.py --threads 1    # the same with the caller at one thread
    python tools/training_determinism.py --runs 20 --preset sd_hub_v1

Each run is a fresh Python process that trains the same four hubs (the first four seeds of ``make run``'s patients)
of *preset* on the bundled battery, without the cache (backbone features are read from it), and saves their
parameters; then every run is compared with the first, hub by hub.  It prints which hubs differ in which runs.
Why it exists: on 2026-12-06 two replications of the same code and seeds trained different hubs for ``make run``'s
patients (the verdicts then differed in one diagnostic status), and in one of 10 processes here the first two of
four hubs trained together came out different; the cause was not found (40 more
processes the same day all agreed).  The script is for whoever looks for it.  Training runs with
``cogsim._threads.CACHE_THREADS`` torch threads whatever the caller sets (since 2026-12-06), so ``--threads`` now checks
that the caller's setting does not matter; before, hubs trained at one thread differed from hubs trained at two.
A lead: torch's BLAS here is MKL, whose results may depend on memory alignment unless conditional numerical
reproducibility is set (``MKL_CBWR=AUTO,STRICT``, read when MKL starts); run this script under it to test that, and
note that under it the hubs differ from today's (every documented number would move).
Each run also reports whether any thread flushes subnormal numbers to zero (FTZ/DAZ, a per-thread processor setting
that some libraries switch on when loaded), before the imports and after training; it says so only when one does.
That was a second lead, because the one differing process differed in the first two of four hubs, which could be one
thread's share of a batched product; 60 processes on 2026-12-06 (with a separate probe) had no thread flushing and
all trained the same four hubs.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SEEDS = (8817119484869394953, 2995160256414289527, 1802075173877595534, 4705746641834168119)

CHILD = """
import sys, torch
threads = int(sys.argv[3])
if threads:
    torch.set_num_threads(threads)


def flushed():
    # which threads flush subnormal float32 to zero (FTZ/DAZ): the calling thread on a one-number product, then each
    # half of a product large enough for torch to split over its threads
    n = 1 << 22
    product = torch.full((n,), 1e-39, dtype=torch.float32) * 1.0000001
    one = torch.tensor([1e-39], dtype=torch.float32) * 1.0000001
    flags = (one[0] == 0, (product[: n // 2] == 0).any(), (product[n // 2:] == 0).any())
    return "".join(str(int(bool(v))) for v in flags)


before = flushed()
from cogsim import load_battery
from cogsim.patients import build_patients
from cogsim.presets import get_preset
p = get_preset(sys.argv[2])
seeds = [int(s) for s in sys.argv[4:]]
hubs = build_patients(load_battery(), seeds, hub=p.hub, training=p.training, cache=False, progress=False)
torch.save([h.hub for h in hubs], sys.argv[1])
print("flush", before, flushed())
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--threads", type=int, default=0,
                        help="the caller's torch threads per process (0: torch's default; training itself uses "
                             "CACHE_THREADS)")
    parser.add_argument("--preset", default="sd_hub")
    args = parser.parse_args(argv)
    import torch

    folder = Path(tempfile.mkdtemp(prefix="cogsim-determinism-"))
    try:
        first, differing = None, 0
        for run in range(args.runs):
            path = folder / f"run{run}.pt"
            child = subprocess.run([sys.executable, "-c", CHILD, str(path), args.preset, str(args.threads),
                                    *map(str, SEEDS)], check=True, stderr=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, text=True)
            flush = child.stdout.split("flush", 1)[-1].split()
            if flush != ["000", "000"]:
                print(f"run {run + 1}: a thread flushes subnormals to zero (before the imports, after training: "
                      f"{flush}; digits: the calling thread, torch's first and second halves)", flush=True)
            hubs = torch.load(path, weights_only=True)
            if first is None:
                first = hubs
                print(f"run 1 of {args.runs} done", flush=True)
                continue
            same = [all(torch.equal(a[k], b[k]) for k in a) for a, b in zip(first, hubs)]
            differing += not all(same)
            print(f"run {run + 1} of {args.runs} against run 1: hubs the same {same}", flush=True)
    finally:
        shutil.rmtree(folder)  # nothing is left behind
    print(f"{differing} of {args.runs - 1} runs differ from the first ({args.preset}, threads "
          f"{args.threads or 'default'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
