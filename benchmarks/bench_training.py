"""Training hubs together versus one at a time: the speed-up, and the check that every hub is the same.

    python benchmarks/bench_training.py                 # 1, 16 and 64 hubs, 30 epochs each
    python benchmarks/bench_training.py --epochs 300    # the full training (about 20 minutes on 2 cores)

Trains, side by side in one run, *n* hubs one at a time (``train_hub`` per
seed, what ``build_patient`` did for each patient before 0.1.0's batched
training) and the same *n* hubs in one ``train_hubs`` call (what
``build_patients``, ``build_controls`` and ``cogsim replicate`` do now), for
n = 1, 16 and 64, with the sd_hub preset's hub and training on features of the
bundled battery's shape (140 items x 7 pictures x 1280 features of
efficientnet_lite0; random values: the cost does not depend on them).  Every
epoch is the same computation, so the ratio at 30 epochs is the ratio at 300.

Prints seconds per hub (scaled to the preset's 300 epochs), the speed-up of
batched over one at a time, and whether every batched hub equals its
one-at-a-time twin bit for bit.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace


def main(argv=None) -> int:
    import torch

    import cogsim
    from cogsim.patients.lexicon import Lexicon
    from cogsim.patients.training import train_hub, train_hubs
    from cogsim.presets import get_preset

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--hubs", default="1,16,64", help="comma-separated numbers of hubs")
    args = parser.parse_args(argv)

    preset = get_preset("sd_hub")
    training = replace(preset.training, epochs=args.epochs)
    battery = cogsim.load_battery()
    lexicon = Lexicon.from_battery(battery)
    n = len(battery)
    pictures = n * (1 + training.augmentations)
    g = torch.Generator().manual_seed(0)
    features = torch.rand(pictures, 1280, generator=g) * 4  # efficientnet_lite0's feature shape (ReLU6 >= 0)
    targets = torch.cat([torch.arange(n), torch.arange(n).repeat_interleave(training.augmentations)])
    scale = preset.training.epochs / args.epochs
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; {pictures} pictures x 1280 features, "
          f"hub {preset.hub.hidden}, {args.epochs} epochs (times scaled to {preset.training.epochs})")
    train_hubs(features, targets, lexicon, preset.hub, replace(training, epochs=3), [0, 1])  # warm-up
    rows = []
    for count in (int(h) for h in args.hubs.split(",")):
        seeds = list(range(1000, 1000 + count))
        start = time.perf_counter()
        alone = [train_hub(features, targets, lexicon, preset.hub, training, s) for s in seeds]
        t_alone = time.perf_counter() - start
        start = time.perf_counter()
        together = train_hubs(features, targets, lexicon, preset.hub, training, seeds)
        t_together = time.perf_counter() - start
        identical = all(la == lb and all(torch.equal(pa[k], pb[k]) for k in pa)
                        for (pa, la), (pb, lb) in zip(alone, together))
        rows.append((count, t_alone, t_together, identical))
        print(f"{count:3d} hubs: one at a time {t_alone * scale / count:5.2f} s/hub, together "
              f"{t_together * scale / count:5.2f} s/hub, speed-up {t_alone / t_together:4.2f}x, "
              f"bit-identical: {'yes' if identical else 'NO'}", flush=True)
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
