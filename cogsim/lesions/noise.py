"""Noise lesions: Gaussian weight noise and run-time activation noise.

ノイズ損傷：重みへのガウスノイズ、活動へのノイズ。
"""

from __future__ import annotations

from dataclasses import dataclass

from .._validation import check_range
from .base import ActivationLesion, WeightLesion, _normal, register_lesion

__all__ = ["WeightNoise", "ActivationNoise"]


@register_lesion("weight_noise")
@dataclass(frozen=True)
class WeightNoise(WeightLesion):
    """Add Gaussian noise to every weight of the site.

    ``W' = W + severity * sd * SD(W) * Z`` with ``Z ~ N(0, 1)`` drawn once per
    layer (and parameter) from the lesion's random_state, so the noise
    direction is the same at every severity and only grows.  ``SD(W)`` is the
    layer's own weight SD, so layers of different scale are damaged alike.
    Severity 1 adds noise as large as the weights themselves (with the
    default ``sd=1``).

    Examples
    --------
    >>> WeightNoise(severity=0.3)
    WeightNoise(severity=0.3, site='hub', sd=1.0)
    """

    sd: float = 1.0

    def __post_init__(self):
        super().__post_init__()
        object.__setattr__(self, "sd", check_range("WeightNoise", "sd", self.sd, low=0.0, high=100.0))

    def damage_weight(self, weight, rng):
        z = _normal(weight.shape, rng)
        return weight + self.severity * self.sd * weight.float().std() * z


@register_lesion("activation_noise")
@dataclass(frozen=True)
class ActivationNoise(ActivationLesion):
    """Add Gaussian noise to the activations of the site's units at every evaluation.

    The noise SD is ``severity * sd * SD(activations)``, where SD(activations)
    is that layer's activation SD over the training battery's canonical
    pictures in the intact patient: a hub layer's is stored with the patient,
    a visual stage's is measured (and cached) when the patient is evaluated.
    The noise itself is drawn anew at every evaluation from the evaluation's
    ``random_state`` (in a paradigm, the patient-session's own stream), so
    results stay reproducible; across sessions only its SD grows, not one
    fixed noise pattern.

    Examples
    --------
    >>> ActivationNoise(severity=0.5, sd=2.0).relative_sd()
    1.0
    """

    sd: float = 1.0

    def __post_init__(self):
        super().__post_init__()
        object.__setattr__(self, "sd", check_range("ActivationNoise", "sd", self.sd, low=0.0, high=100.0))

    def relative_sd(self) -> float:
        return self.severity * self.sd
