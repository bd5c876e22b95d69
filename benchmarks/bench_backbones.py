"""What each backbone family costs: time per picture for features, and the size of the feature vector.

    python benchmarks/bench_backbones.py
    python benchmarks/bench_backbones.py --chunks

For each backbone (random weights: the cost does not depend on their values,
so no download is needed), side by side in one run: milliseconds per picture
to compute features of a batch of 32 pictures at the backbone's input size
(median of 3), the feature dimension (what the hub's first layer, the largest
cost of training a hub, grows with), and both as ratios to the default
efficientnet_lite0.  ``timm:`` backbones are measured when timm is installed.

``--chunks``: the default backbone (its shipped weights) on the bundled
battery's 140 canonical pictures and on the 3 last blocks (what the visual
baseline recomputes in every session), each stage on the whole batch at once
against a few pictures at a time (``Backbone.chunks``), alternated over 3
rounds; prints the medians, their ratio, and whether the numbers are the same
bit for bit.
"""

from __future__ import annotations

import importlib.util
import statistics
import time

BACKBONES = ["efficientnet_lite0", "mobilenet_v3_large", "resnet18", "resnet50", "vgg16", "tiny_cnn"]
TIMM = ["timm:resnet10t", "timm:mobilenetv3_large_100", "timm:efficientnet_b0", "timm:convnext_atto"]


def chunks() -> int:
    from dataclasses import replace

    import torch

    from cogsim.patients import get_backbone
    from cogsim.patients.features import canonical_batch
    from cogsim.stimuli import load_battery

    chunked = get_backbone("efficientnet_lite0")
    whole = replace(chunked, chunks=None)
    x = chunked.preprocess(canonical_batch(load_battery(), chunked.input_size))
    start = len(chunked.stages) - 4  # block13: the visual baseline's first damaged stage
    prefix = whole.run(x, 0, start)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; {len(x)} pictures; chunks "
          f"{chunked.chunks} against one pass per stage; median of 3 alternated rounds")
    for label, args in (("every stage", (x, 0)), (f"stages {start}- (block13 on)", (prefix, start))):
        times = {"one pass": [], "chunks": []}
        outputs = {}
        for _ in range(3):
            for name, backbone in (("one pass", whole), ("chunks", chunked)):
                begin = time.perf_counter()
                outputs[name] = backbone.run(*args)
                times[name].append(time.perf_counter() - begin)
        one, few = statistics.median(times["one pass"]), statistics.median(times["chunks"])
        print(f"{label:28s} one pass {one:6.2f} s  chunks {few:6.2f} s  chunks / one pass {few / one:4.2f}  "
              f"same numbers: {torch.equal(outputs['one pass'], outputs['chunks'])}")
    return 0


def main() -> int:
    import sys

    import torch

    if "--chunks" in sys.argv[1:]:
        return chunks()

    from cogsim.patients import get_backbone

    names = BACKBONES + (TIMM if importlib.util.find_spec("timm") else [])
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; batch of 32 pictures, median of 3")
    rows = []
    for name in names:
        bb = get_backbone(name, weights=None, random_state=0)
        images = torch.rand(32, 3, bb.input_size, bb.input_size, generator=torch.Generator().manual_seed(0))
        bb.features(images[:4])  # warm-up
        times = []
        for _ in range(3):
            start = time.perf_counter()
            bb.features(images)
            times.append((time.perf_counter() - start) / len(images))
        rows.append((name, bb.input_size, bb.feature_dim, len(bb.stages), statistics.median(times)))
    base = rows[0]
    print(f"{'backbone':30s} {'input':>5s} {'features':>8s} {'layers':>6s} {'ms/picture':>10s} "
          f"{'time / lite0':>12s} {'features / lite0':>16s}")
    for name, size, dim, layers, t in rows:
        print(f"{name:30s} {size:5d} {dim:8d} {layers:6d} {t * 1e3:10.1f} {t / base[4]:12.2f} {dim / base[2]:16.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
