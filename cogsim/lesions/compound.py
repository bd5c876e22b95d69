"""Compound lesions: several lesion families growing together with one severity.

複合損傷：一つの重症度で複数の損傷を同時に進める。
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

import numpy as np

from .base import Lesion, register_lesion
from .._validation import plain_numbers

__all__ = ["Compound"]


@register_lesion("compound")
@dataclass(frozen=True)
class Compound(Lesion):
    """Apply several lesions at once, each at ``min(1, severity * scale)``.

    Atrophy does not pick one mechanism: units are lost while the survivors
    work less reliably.  ``Compound`` lets one severity drive several lesion
    families.  Each part draws from its own stream derived from the lesion's
    random_state (independent of the severity), so progression stays nested
    for every part.  Each part keeps its own site; the compound's ``site`` is
    derived from them (the parts' common site, or their sites joined by "+"),
    so results report where the damage is.

    Parameters
    ----------
    severity : float in [0, 1]
    parts : tuple of Lesion
        Their own severities are ignored.
    scales : tuple of float, optional
        One per part (default all 1): part *i* is at ``min(1, severity * scales[i])``.

    Examples
    --------
    >>> from cogsim.lesions import UnitAblation, WeightNoise
    >>> c = Compound(0.5, parts=(WeightNoise(0.0, sd=4.0), UnitAblation(0.0)), scales=(1.0, 0.8))
    >>> [round(p.severity, 2) for p in c.components()]
    [0.5, 0.4]
    >>> Compound(0.5, parts=(WeightNoise(0.0, site="block1*"), UnitAblation(0.0, site="block1*"))).site
    'block1*'
    """

    parts: tuple = ()
    scales: tuple = ()

    touches: ClassVar[str] = "lesions"

    def __post_init__(self):
        plain_numbers(self)
        parts = tuple(self.parts)
        if not parts or not all(isinstance(p, Lesion) and not isinstance(p, Compound) for p in parts):
            raise TypeError("The 'parts' parameter of Compound must be a non-empty tuple of (non-compound) lesions. "
                            f"Got {self.parts!r} instead.")
        object.__setattr__(self, "site", "+".join(dict.fromkeys(p.site for p in parts)))
        super().__post_init__()
        scales = tuple(float(s) for s in self.scales) if self.scales else (1.0,) * len(parts)
        if len(scales) != len(parts) or any(s < 0 for s in scales):
            raise ValueError(f"Compound needs one non-negative scale per part: got {len(scales)} scales for "
                             f"{len(parts)} parts.")
        object.__setattr__(self, "parts", parts)
        object.__setattr__(self, "scales", scales)

    def components(self) -> list[Lesion]:
        """The parts at this compound's severity."""
        return [replace(p, severity=min(1.0, self.severity * s)) for p, s in zip(self.parts, self.scales)]

    def parts_with_sites(self) -> tuple:
        return self.parts

    def at_site(self, site: str) -> "Compound":
        """The same compound with every part at *site*."""
        return replace(self, parts=tuple(p.at_site(site) for p in self.parts))

    def apply(self, network, seed: int) -> None:
        for k, part in enumerate(self.components()):
            part_seed = int(np.random.SeedSequence([seed, k]).generate_state(2, dtype=np.uint64)[0] >> 1)
            part.apply(network, part_seed)
