"""The lesion interface, the three kinds of damage, and the lesion registry.

A lesion is a small frozen dataclass with a ``severity`` in [0, 1] and a
``site``, that knows how to damage a network: ``apply(network, seed)``
changes a :class:`cogsim.patients.Network` (a working copy of a patient's
damageable parts).  ``patient.lesion(lesion, random_state=...)`` returns a
*new* patient; the premorbid one never changes.

Most families only say how one piece is damaged, by deriving from one of
three bases that do the rest (find the layers of the site, draw one random
stream per layer, write the result back):

=====================  ==================  ===========================================
base                   touches             implement
=====================  ==================  ===========================================
:class:`WeightLesion`  weights             ``damage_weight(weight, rng) -> Tensor``
:class:`UnitLesion`    units               ``dead_units(n_units, rng) -> bool array``
:class:`ActivationLesion`  activations     ``relative_sd() -> float`` (run-time noise)
=====================  ==================  ===========================================

A family that does something else overrides ``apply`` itself (see
:class:`~cogsim.lesions.Compound`).  Register a family with
:func:`register_lesion` and it is a first-class citizen: ``get_lesion`` and
``cogsim replicate --lesion`` know its name, and patients carrying it save and
load.

The random draws of a lesion depend on its seed and the layer (and
parameter), never on the severity, so with one ``random_state`` a higher
severity contains the damage of a lower one: the same units stay dead, the
same weight-noise direction grows, the same connections stay cut.  That is
what makes a longitudinal patient decline like a real one.  Run-time
(activation) noise is the exception: it is drawn anew at every evaluation,
from the evaluation's own stream, so only its SD grows with severity.

損傷の共通仕様：重症度 0–1、部位、非破壊（新しい患者を返す）、進行は入れ子。
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, fields
from typing import ClassVar

import numpy as np
import torch

from .._registry import Registry
from .._validation import plain_numbers, check_fraction

__all__ = ["Lesion", "WeightLesion", "UnitLesion", "ActivationLesion", "layer_generator", "register_lesion",
           "list_lesions", "get_lesion", "lesion_to_dict", "lesion_from_dict"]

def _check_lesion_class(name: str, cls) -> None:
    if not (isinstance(cls, type) and issubclass(cls, Lesion)):
        raise TypeError(f"register_lesion registers subclasses of Lesion. Got {cls!r} instead.")


_LESIONS: Registry = Registry("lesion", entry_points="cogsim.lesions", check=_check_lesion_class)


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

    #: What the lesion changes: "weights", "units", "activations" (or "lesions" for a compound).
    touches: ClassVar[str] = ""

    def __post_init__(self):
        plain_numbers(self)
        object.__setattr__(self, "severity", check_fraction(type(self).__name__, "severity", self.severity))
        if not isinstance(self.site, str) or not self.site:
            raise TypeError(f"The 'site' parameter of {type(self).__name__} must be a non-empty string. "
                            f"Got {self.site!r} instead.")

    def apply(self, network, seed: int) -> None:
        """Damage *network* (a :class:`cogsim.patients.Network`) in place, drawing from *seed*."""
        raise NotImplementedError(f"{type(self).__name__} must implement apply(network, seed), or derive from "
                                  "WeightLesion, UnitLesion or ActivationLesion.")

    def to_dict(self) -> dict:
        """``{"type": registered name, field: value, …}``; the inverse of :func:`lesion_from_dict`."""
        return lesion_to_dict(self)

    def at_site(self, site: str) -> "Lesion":
        """The same lesion at another site."""
        from dataclasses import replace

        return replace(self, site=site)

    def parts_with_sites(self) -> tuple:
        """The lesions that each damage one site: ``(self,)``, or a compound's parts."""
        return (self,)


@dataclass(frozen=True)
class WeightLesion(Lesion):
    """A lesion that changes weights: implement ``damage_weight``."""

    touches: ClassVar[str] = "weights"

    def damage_weight(self, weight: torch.Tensor, rng: np.random.Generator) -> torch.Tensor:
        """A damaged copy of one weight tensor (never change *weight* in place)."""
        raise NotImplementedError

    def apply(self, network, seed: int) -> None:
        for layer in network.resolve(self.site, self.touches):
            for tag, weight in network.weights(layer):
                network.set_weight(layer, tag, self.damage_weight(weight, layer_generator(seed, layer, tag)))


@dataclass(frozen=True)
class UnitLesion(Lesion):
    """A lesion that silences units (hub units, visual channels): implement ``dead_units``."""

    touches: ClassVar[str] = "units"

    def dead_units(self, n_units: int, rng: np.random.Generator) -> np.ndarray:
        """Boolean array of the units to silence."""
        raise NotImplementedError

    def apply(self, network, seed: int) -> None:
        for layer in network.resolve(self.site, self.touches):
            network.silence(layer, self.dead_units(network.n_units(layer), layer_generator(seed, layer)))


@dataclass(frozen=True)
class ActivationLesion(Lesion):
    """A lesion that adds run-time noise to activations: implement ``relative_sd``."""

    touches: ClassVar[str] = "activations"

    def relative_sd(self) -> float:
        """Noise SD as a multiple of the layer's intact activation SD over the training battery."""
        raise NotImplementedError

    def apply(self, network, seed: int) -> None:
        for layer in network.resolve(self.site, self.touches):
            network.add_noise(layer, self.relative_sd())


# --- the registry ---------------------------------------------------------------------------

def register_lesion(name: str, cls: type | None = None, *, replace: bool = False):
    """Register a lesion family under *name* (snake_case); usable as a class decorator.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @register_lesion("halving")
    ... @dataclass(frozen=True)
    ... class Halving(WeightLesion):
    ...     def damage_weight(self, weight, rng):
    ...         return weight * (1 - self.severity / 2)
    >>> get_lesion("halving", severity=0.5)
    Halving(severity=0.5, site='hub')
    >>> _LESIONS.unregister("halving")
    """
    def add(cls):
        return _LESIONS.register(name, cls, replace=replace)

    return add if cls is None else add(cls)


def list_lesions() -> list[str]:
    """Registered lesion names (snake_case), sorted."""
    return _LESIONS.names()


def get_lesion(name: str, **params) -> Lesion:
    """Make a lesion by name: ``get_lesion("unit_ablation", severity=0.4)``."""
    return _LESIONS.get(name)(**params)


def _encode(value):
    if isinstance(value, Lesion):
        return lesion_to_dict(value)
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    return value


def _decode(value):
    if isinstance(value, dict) and "type" in value:
        return lesion_from_dict(value)
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    return value


def lesion_to_dict(lesion: Lesion) -> dict:
    """A JSON-ready description of *lesion*: its registered name and its fields (lesions nested)."""
    name = _LESIONS.name_of(type(lesion))
    if name is None:
        raise ValueError(f"{type(lesion).__name__} is not a registered lesion family, so a patient carrying it "
                         "could not be loaded back. Register it first: register_lesion('my_name', "
                         f"{type(lesion).__name__}).")
    return {"type": name, **{f.name: _encode(getattr(lesion, f.name)) for f in fields(lesion)}}


def lesion_from_dict(d: dict) -> Lesion:
    """Rebuild a lesion from :func:`lesion_to_dict` (also reads class names, as cogsim 0.1 files wrote them)."""
    d = dict(d)
    kind = d.pop("type", None)
    if kind not in _LESIONS:
        by_class = {_LESIONS.get(n).__name__: n for n in _LESIONS.names()}
        if kind in by_class:
            kind = by_class[kind]
        else:
            raise ValueError(f"Unknown lesion type {kind!r}: registered lesions are "
                             f"{', '.join(map(repr, _LESIONS.names()))}. A lesion family of your own must be "
                             "registered with register_lesion before a patient carrying it is loaded.")
    return _LESIONS.get(kind)(**{k: _decode(v) for k, v in d.items()})


def _normal(shape, rng: np.random.Generator) -> torch.Tensor:
    return torch.from_numpy(rng.standard_normal(size=tuple(shape)).astype(np.float32))


def _uniform(shape, rng: np.random.Generator) -> torch.Tensor:
    return torch.from_numpy(rng.random(size=tuple(shape)).astype(np.float64))
