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
    """

    name: str
    stages: list
    feature_dim: int
    input_size: int
    mean: tuple
    std: tuple
    weights_id: str
    feature_description: str = ""
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
        """
        stop = len(self.stages) if stop is None else stop
        for i in range(start, stop):
            module = (overrides or {}).get(i, self.stages[i][1])
            x = module(x)
            if noise and i in noise:
                x = x + float(noise[i]) * torch.from_numpy(rng.standard_normal(tuple(x.shape)).astype(np.float32))
        return x

    @torch.no_grad()
    def features(self, images01: torch.Tensor, *, batch_size: int = 32) -> torch.Tensor:
        """Feature vectors ``(N, feature_dim)`` of a batch of [0, 1] images."""
        out = [self.run(self.preprocess(images01[i:i + batch_size]))
               for i in range(0, len(images01), batch_size)]
        return torch.cat(out).float()

    def describe(self) -> str:
        return (f"{self.name}: {len(self.stages)} visual layers ({', '.join(self.visual_layers)}); "
                f"features: {self.feature_description}; input {self.input_size}px, "
                f"normalisation mean={self.mean} std={self.std}; weights {self.weights_id}")


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
