"""How much does a virtual-patient study cost with cogsim, against the naive way and the compute floor?

    python benchmarks/bench_study.py            # the full benchmark (about 5 minutes on 2 cores)
    python benchmarks/bench_study.py --quick    # smaller sizes, for a smoke run

Everything is measured side by side in this one run, on this machine, and
printed as ratios:

- naive: what a user writes by hand: copy the model, damage the copy, push every
  picture the study needs through the whole CNN and the hub, then score the
  four paradigms.  Measured on a few patients.
- cogsim: ``make_cohort`` + ``run_paradigms`` over the four paradigms with
  backbone features cached, for 1, 10, 100 and 1000 patients (hub unit
  ablation, one severity each), and the 1000-patient × 10-severity study.
- floor: one backbone pass over every picture the study needs, plus the hub's
  full arithmetic for every patient-session at this machine's measured
  matrix-multiply throughput.
- peak memory of the 1000 × 10 study (a fresh process, ``ru_maxrss``).
- visual lesions at two depths: cost should follow the layers after the lesion.

The benchmark uses cogsim's cache folder (COGSIM_CACHE_DIR or the default).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import resource
import subprocess
import sys
import time

import numpy as np
import torch

PARADIGMS = ["category_verification", "colour_judgment", "picture_naming", "word_picture_matching"]


def clock(fn, repeat=1):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def matmul_gflops(n=207, d=1280, h=256, seconds=2.0):
    """Sustained fp32 throughput of the hub's first product on this machine (GFLOP/s)."""
    a, b = torch.randn(n, d), torch.randn(d, h)
    for _ in range(20):
        a @ b
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(50):
            a @ b
        count += 50
    return 2 * n * d * h * count / (time.perf_counter() - start) / 1e9


def study_pictures(battery):
    from cogsim.paradigms import ColourJudgment
    from cogsim.patients.features import canonical_batch

    recoloured = ColourJudgment().pictures(battery)
    return canonical_batch(battery, 224), recoloured.batch(battery, 224)


def naive_patient(patient, battery, pictures, severity, seed):
    """The naive way for one patient-session; returns seconds."""
    from cogsim.paradigms import Beliefs, get_paradigm
    from cogsim.paradigms.base import child_stream

    start = time.perf_counter()
    backbone = torch.nn.Sequential(*[copy.deepcopy(m) for _, m in patient.backbone.stages])
    hub = {k: v.clone() for k, v in patient.hub.items()}
    rng = np.random.default_rng(seed)
    dead = rng.random(hub["hub.hidden1.bias"].numel()) < severity  # unit ablation in the copy
    hub["hub.output.weight"][:, torch.from_numpy(dead)] = 0.0
    logits = []
    with torch.no_grad():
        for batch in pictures:
            x = backbone(patient.backbone.preprocess(batch)).float()
            h = torch.relu(((x - hub["hub.input.mean"]) / hub["hub.input.std"]) @ hub["hub.hidden1.weight"].T
                           + hub["hub.hidden1.bias"])
            logits.append(h @ hub["hub.output.weight"].T + hub["hub.output.bias"])
    beliefs = {"canonical": Beliefs(logits[0][None], patient.lexicon)}
    beliefs["recoloured180"] = Beliefs(logits[1][None], patient.lexicon)
    seq = np.random.SeedSequence(seed)
    for name in PARADIGMS:
        p = get_paradigm(name)
        design = p.design(battery, np.random.default_rng(0))
        items = battery.items.set_index("item_id")
        for column in ("domain", "basic", "specific"):
            design[column] = items.loc[design["item"], column].to_numpy()
        wanted = {k: beliefs[k] for k in p.picture_sets(battery)}
        p.respond(wanted, design, [child_stream(seq, 1)], [patient.policy])
    return time.perf_counter() - start


def cogsim_study(patient, battery, n_patients, severities, site="hub"):
    from cogsim.lesions import UnitAblation, make_cohort
    from cogsim.paradigms import get_paradigm, run_paradigms

    start = time.perf_counter()
    cohort = make_cohort(patient, UnitAblation(0.0, site=site), severities=severities, n_patients=n_patients,
                         random_state=1)
    results = run_paradigms([get_paradigm(n) for n in PARADIGMS], cohort, battery, random_state=0)
    return time.perf_counter() - start, sum(len(r) for r in results.values())


BIG_STUDY = """
import resource, time, json, sys
import cogsim
from cogsim.lesions import UnitAblation, make_cohort
from cogsim.paradigms import get_paradigm, run_paradigms
battery = cogsim.load_battery()
patient = cogsim.build_patient(battery, progress=False)
from cogsim.paradigms import ColourJudgment
patient.features(battery); patient.features(battery, ColourJudgment().pictures(battery))
n = int(sys.argv[1])
severities = [0.5, 0.6, 0.65, 0.7, 0.72, 0.74, 0.76, 0.78, 0.8, 0.85]
start = time.perf_counter()
cohort = make_cohort(patient, UnitAblation(0.0), severities=severities, n_patients=n, random_state=1)
results = run_paradigms([get_paradigm(x) for x in %r], cohort, battery, random_state=0)
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(json.dumps({"seconds": seconds, "rows": sum(len(r) for r in results.values()),
                  "peak_rss_gib": int(hwm) / 2**20}))
""" % PARADIGMS


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes 1, 10, 100 and a 100 x 10 study")
    parser.add_argument("--naive", type=int, default=3, help="naive patients to time (default 3)")
    args = parser.parse_args(argv)

    import cogsim
    from cogsim.paradigms import ColourJudgment

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"torch {torch.__version__} with {torch.get_num_threads()} threads, no GPU used")
    from cogsim._cache import cache_dir

    print(f"cache: {cache_dir()}\n")
    battery = cogsim.load_battery()
    t_build, patient = clock(lambda: cogsim.build_patient(battery, progress=False))
    print(f"default patient: {patient!r} ({t_build:.1f} s to build or load)")
    canonical, recoloured = study_pictures(battery)
    n_pictures = len(canonical) + len(recoloured)

    # --- floor --------------------------------------------------------------------------------
    t_backbone, _ = clock(lambda: (patient.backbone.features(canonical), patient.backbone.features(recoloured)))
    gflops = matmul_gflops()
    d, h, n_items = patient.backbone.feature_dim, patient.hub_config.hidden[0], len(battery)
    hub_flops = 2 * n_pictures * (d * h + h * n_items)
    t_hub = hub_flops / (gflops * 1e9)
    print(f"backbone pass over the study's {n_pictures} pictures: {t_backbone:.2f} s "
          f"({1000 * t_backbone / n_pictures:.1f} ms per picture)")
    print(f"matrix-multiply throughput: {gflops:.1f} GFLOP/s; full hub arithmetic per patient-session: "
          f"{hub_flops / 1e6:.0f} MFLOP = {1000 * t_hub:.2f} ms\n")

    # the feature cache (canonical + recoloured) is warm from here on, as any study after the first finds it
    patient.features(battery), patient.features(battery, ColourJudgment().pictures(battery))

    # --- naive --------------------------------------------------------------------------------
    naive = [naive_patient(patient, battery, (canonical, recoloured), 0.7, seed) for seed in range(args.naive)]
    t_naive = float(np.median(naive))
    print(f"naive: {t_naive:.2f} s per patient-session (median of {args.naive}: "
          f"{', '.join(f'{t:.2f}' for t in naive)})\n")

    # --- cogsim, hub lesions ------------------------------------------------------------------
    sizes = [1, 10, 100] if args.quick else [1, 10, 100, 1000]
    print("hub unit ablation, all four paradigms, features cached")
    print(f"{'patients':>9} {'rows':>9} {'cogsim s':>9} {'per patient ms':>15} {'naive/cogsim':>13} "
          f"{'floor s':>8} {'cogsim/floor':>13}")
    for n in sizes:
        t, rows = cogsim_study(patient, battery, n, [0.7])
        floor = t_backbone + n * t_hub
        print(f"{n:>9} {rows:>9} {t:>9.2f} {1000 * t / n:>15.2f} {t_naive / (t / n):>13.0f} "
              f"{floor:>8.2f} {t / floor:>13.2f}")

    # --- the big study in its own process, for peak memory ------------------------------------
    n_big = 100 if args.quick else 1000
    out = subprocess.run([sys.executable, "-c", BIG_STUDY, str(n_big)], capture_output=True, text=True,
                         env=dict(os.environ), check=True)
    big = json.loads(out.stdout.strip().splitlines()[-1])
    sessions = n_big * 10
    floor = t_backbone + sessions * t_hub
    print(f"\n{n_big} patients x 10 severities = {sessions} patient-sessions, all four paradigms "
          f"({big['rows']} trials): {big['seconds']:.1f} s with features cached "
          f"(computing them first adds one backbone pass, {t_backbone:.1f} s)")
    print(f"  floor {floor:.1f} s (backbone pass {t_backbone:.1f} s + full hub arithmetic {sessions * t_hub:.1f} s): "
          f"cogsim/floor = {big['seconds'] / floor:.2f}; with feature computation "
          f"{(big['seconds'] + t_backbone) / floor:.2f}")
    print(f"  naive estimate {sessions * t_naive / 3600:.1f} h: naive/cogsim = "
          f"{sessions * t_naive / big['seconds']:.0f}")
    print(f"  peak memory of that process: {big['peak_rss_gib']:.2f} GiB")

    # --- visual lesions at two depths ---------------------------------------------------------
    print("\nvisual unit ablation (severity 0.3), 10 patients, all four paradigms")
    stages = patient.backbone.visual_layers
    for site in ("block3", "block14"):
        index = stages.index(site)
        t, _ = cogsim_study(patient, battery, 10, [0.3], site=site)
        print(f"  {site:>8} (stage {index + 1} of {len(stages)}; {len(stages) - index} stages recomputed): "
              f"{t / 10:.2f} s per patient-session; naive/cogsim = {t_naive / (t / 10):.1f}")
    print(f"\npeak memory of this benchmark process (naive copies and visual recomputation included): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.2f} GiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
