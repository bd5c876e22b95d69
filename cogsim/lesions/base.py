"""The lesion contract shared by every lesion family.

A lesion is a small frozen dataclass with a ``severity`` in [0, 1] and a
``site``.  ``patient.lesion(lesion, random_state=...)`` returns a *new*
patient; the premorbid one never changes.  The random draws of a lesion depend
on the random_state and the layer, never on the severity, so with one
random_state a higher severity contains the damage of a lower one (the same
units stay dead, the same noise direction grows): that is what makes a
longitudinal patient decline like a real one.

損傷の共通仕様：重症度 0–1、部位、非破壊（新しい患者を返す）、進行は入れ子。
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, fields
from typing import ClassVar

import numpy as np
import torch

from .._validation import check_fraction

__all__ = ["Lesion", "layer_generator"]


def layer_generator(seed_entropy: int, layer: str, tag: str = "") -> np.random.Generator:
    """The random stream of one lesion seed on one layer (and parameter *tag*).

    Independent of severity and of which other layers the site covers.
    """
    key = zlib.crc32(f"{layer}/{tag}".encode("utf-8"))
    return np.random.default_rng(np.random.SeedSequence([int(seed_entropy) % (2**63), key]))


@dataclass(frozen=True)
class Lesion:
    """Base class of lesions.

    Parameters
    ----------
    severity : float in [0, 1]
        0 is no damage; each family documents what 1 means.
    site : str, default "hub"
        ``"hub"``, ``"visual"``, a layer name (``"hub.hidden1"``, ``"block3"``)
        or a glob pattern over layer names (``"block1*"``).
    """

    severity: float
    site: str = "hub"

    #: "weights" (changes weights), "units" (silences units) or "activations" (noise at run time)
    target: ClassVar[str] = "weights"

    def __post_init__(self):
        object.__setattr__(self, "severity", check_fraction(type(self).__name__, "severity", self.severity))
        if not isinstance(self.site, str) or not self.site:
            raise TypeError(f"The 'site' parameter of {type(self).__name__} must be a non-empty string. "
                            f"Got {self.site!r} instead.")

    # --- what each family implements -------------------------------------------------
    def damage_weight(self, weight: torch.Tensor, rng: np.random.Generator) -> torch.Tensor:
        """A damaged copy of one weight tensor (``target == 'weights'``)."""
        raise NotImplementedError

    def dead_units(self, n_units: int, rng: np.random.Generator) -> np.ndarray:
        """Boolean array of silenced units (``target == 'units'``)."""
        raise NotImplementedError

    def noise_sd(self, reference_sd: float) -> float:
        """SD of the run-time noise on a layer whose activations have SD *reference_sd*."""
        raise NotImplementedError

    def to_dict(self) -> dict:
        return {"type": type(self).__name__, **{f.name: getattr(self, f.name) for f in fields(self)}}


def _normal(shape, rng: np.random.Generator) -> torch.Tensor:
    return torch.from_numpy(rng.standard_normal(size=tuple(shape)).astype(np.float32))


def _uniform(shape, rng: np.random.Generator) -> torch.Tensor:
    return torch.from_numpy(rng.random(size=tuple(shape)).astype(np.float64))
