"""The first hub layer of 16 hubs trained together, float32 against bfloat16, forward and backward, side by side.

    python benchmarks/bench_bfloat16.py
    ONEDNN_MAX_CPU_ISA=AVX2 python benchmarks/bench_bfloat16.py   # as on a processor without AVX-512 or AMX

Why it is here: the largest product of training a hub (980 pictures x 1280 features into 256 units, for every
hub) is what ``sd_hub``'s training spends most on, and this machine's processor multiplies bfloat16 in its AMX
units several times faster than float32.  A default that computed in bfloat16 would, however, be paid by every
user whose processor lacks those units; this script measures both sides.  ``ONEDNN_MAX_CPU_ISA`` (read by oneDNN,
which runs torch's bfloat16 products on the CPU) limits the instructions used, which shows what a processor
without them would see on the same machine: ``AVX512_CORE_BF16`` (AVX-512 with bfloat16 instructions, no AMX),
``AVX512_CORE`` (AVX-512) and ``AVX2``.

Prints the milliseconds of a forward and backward pass of each way (median of 3 alternated rounds of 5) and the
ratio float32 / bfloat16 (above 1: bfloat16 cheaper).  The ways:

- ``float32``: what training does today, one broadcast product of the shared features with every hub's weights;
- ``bfloat16 (broadcast)``: the same product with features and weights cast to bfloat16 (float32 accumulation);
- ``bfloat16 (one product)``: the hubs' weights side by side, one ``(980, 1280) x (1280, 16 * 256)`` product.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def main(argv=None) -> int:
    import torch

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hubs", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    S, n, d, h = args.hubs, 980, 1280, 256
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, d, generator=g)
    weight = torch.randn(S, h, d, generator=g).requires_grad_()
    bias = torch.zeros(S, h, requires_grad=True)
    upstream = torch.randn(S, n, h, generator=g)
    low = x.bfloat16()

    ways = {
        "float32": lambda: x @ weight.transpose(-1, -2) + bias.unsqueeze(-2),
        "bfloat16 (broadcast)": lambda: (low @ weight.bfloat16().transpose(-1, -2)).float() + bias.unsqueeze(-2),
        "bfloat16 (one product)": lambda: (low @ weight.bfloat16().reshape(S * h, d).T).float()
        .reshape(n, S, h).transpose(0, 1) + bias.unsqueeze(-2),
    }

    def step(way):
        weight.grad = bias.grad = None
        way().backward(upstream)

    for way in ways.values():
        step(way)  # warm-up
    times = {name: [] for name in ways}
    for _ in range(args.rounds):
        for name, way in ways.items():
            start = time.perf_counter()
            for _ in range(5):
                step(way)
            times[name].append((time.perf_counter() - start) / 5 * 1e3)
    isa = os.environ.get("ONEDNN_MAX_CPU_ISA", "all the processor has")
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; oneDNN instructions: {isa}; {S} hubs, "
          f"({n}, {d}) -> {h} units, forward and backward")
    reference = statistics.median(times["float32"])
    for name, values in times.items():
        middle = statistics.median(values)
        print(f"  {name:24s} {middle:7.1f} ms   float32 / this {reference / middle:5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
