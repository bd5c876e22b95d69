"""The lexicon of a patient: the battery's names and hierarchy, as index arrays.

語彙：項目名と階層（具体名・基本カテゴリー・領域）。
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

__all__ = ["Lexicon"]


@dataclass(frozen=True)
class Lexicon:
    """Names known to a patient, in the hub's output order.

    Attributes
    ----------
    item_ids, specific, basic, domain : tuple of str
        One entry per output unit (item); ``basic``/``domain`` are each item's parents.
    names_ja : tuple of str
        Japanese specific names.
    basic_ja, domain_ja : dict
        Japanese names of the categories.
    """

    item_ids: tuple
    specific: tuple
    basic: tuple
    domain: tuple
    names_ja: tuple
    basic_ja: dict
    domain_ja: dict

    @classmethod
    def from_battery(cls, battery) -> "Lexicon":
        t = battery.items
        return cls(tuple(t["item_id"]), tuple(t["specific"]), tuple(t["basic"]), tuple(t["domain"]),
                   tuple(t["name_ja"]), dict(zip(t["basic"], t["basic_ja"])),
                   dict(zip(t["domain"], t["domain_ja"])))

    @property
    def basics(self) -> list[str]:
        return sorted(set(self.basic))

    @property
    def domains(self) -> list[str]:
        return sorted(set(self.domain))

    def membership(self, level: str) -> torch.Tensor:
        """``(n_items, n_categories)`` 0/1 matrix mapping items to ``basic`` or ``domain`` categories (sorted)."""
        parents = self.basic if level == "basic" else self.domain
        names = self.basics if level == "basic" else self.domains
        index = {n: j for j, n in enumerate(names)}
        m = torch.zeros(len(parents), len(names))
        for i, p in enumerate(parents):
            m[i, index[p]] = 1.0
        return m

    def to_dict(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}

    @classmethod
    def from_dict(cls, d: dict) -> "Lexicon":
        return cls(*(tuple(d[k]) if isinstance(d[k], list) else d[k]
                     for k in ("item_ids", "specific", "basic", "domain", "names_ja", "basic_ja", "domain_ja")))
