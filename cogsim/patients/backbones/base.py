"""The :class:`Backbone` type every family builds: a frozen CNN cut into named stages, with its preprocessing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import torch
from torch import nn

from ..._random import int_seed
from ..._validation import check_option

__all__ = ["Backbone"]

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


@dataclass(eq=False)
class Backbone:
    """A frozen CNN cut into named stages, with its own preprocessing.

    Attributes
    ----------
    name : str
    stages : list of (str, torch.nn.Module)
        The visual layers in order; running them all maps a preprocessed
        image batch to ``(N, feature_dim)`` features.
    feature_dim : int
    input_size : int
        Side of the square input in pixels.
    mean, std : tuple of float
        Per-channel normalisation applied to [0, 1] images.
    weights_id : str
        What the weights are (file hash or ``random:<seed>``): part of every cache key.
    feature_description : str
    chunks : (int, int) or None, default None
        Pictures per chunk in :meth:`run` while a picture's activations are
        large (more than 50,000 numbers) and once they are small; None runs
        each stage on the whole batch at once.  Set only for a backbone whose
        numbers were checked to be the same, bit for bit, whatever the chunk
        (``efficientnet_lite0``: ``(4, 16)``); for others the convolution
        routines may round differently with the batch size.
    """

    name: str
    stages: list
    feature_dim: int
    input_size: int
    mean: tuple
    std: tuple
    weights_id: str
    feature_description: str = ""
    chunks: tuple | None = None
    _mean_t: torch.Tensor = field(init=False, repr=False)
    _std_t: torch.Tensor = field(init=False, repr=False)

    def __post_init__(self):
        for _, module in self.stages:
            module.eval()
            for p in module.parameters():
                p.requires_grad_(False)
        self._mean_t = torch.tensor(self.mean, dtype=torch.float32).view(1, 3, 1, 1)
        self._std_t = torch.tensor(self.std, dtype=torch.float32).view(1, 3, 1, 1)

    @property
    def visual_layers(self) -> list[str]:
        """Names of the stages, in order: the valid visual lesion sites."""
        return [name for name, _ in self.stages]

    def stage_index(self, name: str) -> int:
        return self.visual_layers.index(check_option("layer", name, self.visual_layers))

    def preprocess(self, images01: torch.Tensor) -> torch.Tensor:
        """Normalise a ``(N, 3, H, W)`` batch of [0, 1] images for this backbone."""
        return (images01 - self._mean_t) / self._std_t

    @torch.no_grad()
    def run(self, x: torch.Tensor, start: int = 0, stop: int | None = None, overrides=None, noise=None,
            rng=None) -> torch.Tensor:
        """Run stages ``start`` to ``stop`` (exclusive) on *x*.

        *overrides* maps a stage index to a module that replaces it (damaged
        or fine-tuned); *noise* maps a stage index to the SD of Gaussian
        noise added to its output, drawn from the numpy Generator *rng*.

        With ``chunks`` set, each stage runs on a few pictures at a time
        (:func:`chunk_size`), the stages in turn over the whole batch: every
        module treats each picture on its own (batch norm in eval mode), a
        stage's noise is still drawn once for the whole batch, in the same
        order, and for ``efficientnet_lite0`` the result is the same, bit for
        bit, as one pass (tested).  It is about twice as fast on a CPU, because
        a few pictures' activations stay in the processor's cache
        (``python benchmarks/bench_backbones.py --chunks``).
        """
        stop = len(self.stages) if stop is None else stop
        for i in range(start, stop):
            module = (overrides or {}).get(i, self.stages[i][1])
            starts = chunk_starts(len(x), chunk_size(x, self.chunks))
            if len(starts) == 1:
                x = module(x)
            else:
                x = torch.cat([module(x[a:b]) for a, b in zip(starts, starts[1:] + [len(x)])])
            if noise and i in noise:
                x = x + float(noise[i]) * torch.from_numpy(rng.standard_normal(tuple(x.shape)).astype(np.float32))
        return x

    @torch.no_grad()
    def features(self, images01: torch.Tensor, *, batch_size: int = 32) -> torch.Tensor:
        """Feature vectors ``(N, feature_dim)`` of a batch of [0, 1] images (preprocessed *batch_size* at a time)."""
        out = [self.run(self.preprocess(images01[i:i + batch_size]))
               for i in range(0, len(images01), batch_size)]
        return torch.cat(out).float()

    def describe(self) -> str:
        return (f"{self.name}: {len(self.stages)} visual layers ({', '.join(self.visual_layers)}); "
                f"features: {self.feature_description}; input {self.input_size}px, "
                f"normalisation mean={self.mean} std={self.std}; weights {self.weights_id}")


#: Per-picture size (numbers in its activations) above which :meth:`Backbone.run` takes the smaller chunk.
LARGE_PICTURE = 50_000


def chunk_size(x: torch.Tensor, chunks) -> int:
    """How many pictures of *x* (``(N, ...)``) a stage of :meth:`Backbone.run` takes at a time.

    *chunks* is ``(small, large)``: few pictures while their activations are
    large (early, high-resolution stages), more once they are small; None
    (or an empty batch) takes the whole batch.  EfficientNet-Lite0's
    ``(4, 16)`` was chosen on a 2-core x86_64 CPU, where 4 pictures at a time
    were fastest through the early stages (of 2, 4, 6, 8, 16, 32) and 16
    through the last three blocks (of 4, 16, 64); the bundled battery's 140
    pictures through every stage take 0.21 of one pass's time, the last
    three blocks 0.47 (``benchmarks/bench_backbones.py --chunks``).
    """
    if not chunks or not len(x):
        return max(len(x), 1)
    small, large = chunks
    return max(2, small if x[0].numel() > LARGE_PICTURE else large)


def chunk_starts(n: int, step: int) -> list:
    """Where the chunks of *n* pictures start, *step* at a time; a last chunk of one picture joins the one before.

    A batch of one picture takes another convolution routine, which rounds
    differently; a chunk of one is therefore never cut from a larger batch.
    """
    starts = list(range(0, n, max(int(step), 1))) or [0]
    if len(starts) > 1 and n - starts[-1] == 1:
        starts.pop()
    return starts


class Seq(nn.Sequential):
    """A stage made of several modules."""


class Flatten(nn.Module):
    def forward(self, x):
        return torch.flatten(x, 1)


def random_init(build: Callable[[], nn.Module], random_state) -> tuple[nn.Module, str]:
    seed = int_seed(random_state if random_state is not None else 0)
    # Module constructors draw from torch's global generator: fork it so the
    # user's global state is left exactly as it was.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = build()
    return model, f"random:{seed}"
