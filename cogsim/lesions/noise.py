"""Noise lesions: Gaussian weight noise and run-time activation noise.

ノイズ損傷：重みへのガウスノイズ、活動へのノイズ。
"""

from __future__ import annotations

from dataclasses import dataclass


from .._validation import check_fraction
from .base import Lesion, _normal

__all__ = ["WeightNoise", "ActivationNoise"]


@dataclass(frozen=True)
class WeightNoise(Lesion):
    """Add Gaussian noise to every weight of the site.

    ``W' = W + severity * sd * SD(W) * Z`` with ``Z ~ N(0, 1)`` drawn once per
    layer from the random_state, so the noise direction is the same at every
    severity and only grows.  ``SD(W)`` is the layer's own weight SD, so layers
    of different scale are damaged alike.  Severity 1 adds noise as large as
    the weights themselves (with the default ``sd=1``).

    Examples
    --------
    >>> WeightNoise(severity=0.3)
    WeightNoise(severity=0.3, site='hub', sd=1.0)
    """

    sd: float = 1.0

    def __post_init__(self):
        super().__post_init__()
        object.__setattr__(self, "sd", check_fraction("WeightNoise", "sd", self.sd, high=100.0))

    def damage_weight(self, weight, rng):
        z = _normal(weight.shape, rng)
        return weight + self.severity * self.sd * weight.float().std() * z


@dataclass(frozen=True)
class ActivationNoise(Lesion):
    """Add Gaussian noise to the activations of the site's units at every evaluation.

    The noise SD is ``severity * sd * SD(activations)``, where SD(activations)
    is that layer's activation SD over the training battery in the intact
    patient.  Evaluations draw the noise from their own random_state (a
    paradigm's trial stream), so results stay reproducible.
    """

    sd: float = 1.0
    target = "activations"

    def __post_init__(self):
        super().__post_init__()
        object.__setattr__(self, "sd", check_fraction("ActivationNoise", "sd", self.sd, high=100.0))

    def noise_sd(self, reference_sd: float) -> float:
        return self.severity * self.sd * float(reference_sd)
