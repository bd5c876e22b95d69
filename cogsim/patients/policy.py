"""The response policy: how a patient turns its beliefs into answers.

応答方針：確信の持てる最も具体的なレベルで答え、なければ「わからない」。
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .._validation import check_open_fraction

__all__ = ["ResponsePolicy"]


@dataclass(frozen=True)
class ResponsePolicy:
    """Thresholds a patient answers with.  Part of the patient, not learnt.

    Naming answers at the most specific level the patient is confident about:
    the item's name if its probability is at least ``specific``, else the
    basic category's name if the summed probability of the most probable
    basic category is at least ``basic``, else the domain's name at
    ``domain``, else "don't know" (an omission).  SD patients say "don't
    know" rather than guess; a network that must always answer would
    produce confident random errors instead.

    Attributes
    ----------
    specific, basic, domain : float in (0, 1), default 0.5
        Naming thresholds at each level.
    verification : float in (0, 1), default 0.5
        Category verification says "yes" when the summed probability of the
        label's category is at least this criterion.
    recognition : float in (0, 1), default 0.1
        Colour judgment compares the two pictures by the item's name while
        either picture gives that name at least this probability; below it
        the patient no longer knows the item and judges by its basic category.

    Examples
    --------
    >>> ResponsePolicy(specific=0.7)
    ResponsePolicy(specific=0.7, basic=0.5, domain=0.5, verification=0.5, recognition=0.1)
    >>> ResponsePolicy(specific=1.5)
    Traceback (most recent call last):
    ...
    ValueError: The 'specific' parameter of ResponsePolicy must be a float in (0, 1). Got 1.5 instead.
    """

    specific: float = 0.5
    basic: float = 0.5
    domain: float = 0.5
    verification: float = 0.5
    recognition: float = 0.1

    def __post_init__(self):
        for f in fields(self):
            object.__setattr__(self, f.name, check_open_fraction("ResponsePolicy", f.name, getattr(self, f.name)))
