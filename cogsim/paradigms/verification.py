"""Picture–category verification at three levels of specificity.

カテゴリー照合課題：一般・基本・具体レベルのラベルが絵に合うか。
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from .._validation import plain_numbers, check_open_fraction, check_option
from .base import Coded, Paradigm, register_paradigm

__all__ = ["CategoryVerification", "LEVELS"]

#: Levels of the labels, most general first (the names of the hierarchy columns).
LEVELS = ("domain", "basic", "specific")


@register_paradigm
@dataclass(frozen=True)
class CategoryVerification(Paradigm):
    """Category verification: a label, then a picture; "does the label match?".

    Design
    ------
    ==============  ===========================================================
    trials          every item × each level in ``levels`` × (matching label,
                    non-matching label): half the trials match
    domain label    the item's domain; distractor: another domain
    basic label     the item's basic category; distractor: another basic
                    category of the same domain
    specific label  the item's name; distractor: another member of the same
                    basic category (another item of the domain if it has none)
    response        "yes" when the summed probability of the label's category
                    (the item's probability for a specific label) is at least
                    the criterion, else "no"
    condition       the level; ``label_matches`` is 1 for matching trials
    score           the probability of the label
    ==============  ===========================================================

    Distractors come from the nearest categories at the same level, drawn
    with the run's ``random_state``.  Report accuracy and d′ per level
    (:func:`cogsim.analysis.verification_summary`): the original studies'
    target:distractor ratio is unknown, so accuracy alone can mislead.

    Parameters
    ----------
    levels : tuple of str, default ("domain", "basic", "specific")
    criterion : float in (0, 1), optional
        "Yes" threshold; by default each patient's ``policy.verification``.

    Examples
    --------
    >>> CategoryVerification(levels=("basic", "subordinate"))
    Traceback (most recent call last):
    ...
    ValueError: Invalid value for 'levels'. Allowed values are 'basic', 'domain' and 'specific', but got 'subordinate'.
    """

    levels: tuple = LEVELS
    criterion: float | None = None

    name: ClassVar[str] = "category_verification"
    mirrors: ClassVar[str] = ("Picture–category verification at domain ('general' in the paper), basic and specific "
                              "levels (Rogers & Patterson 2007); Patterson et al. (2007) Fig. 2a.")
    mirrors_ja: ClassVar[str] = ("領域（論文では general）・基本・特定の水準での絵‐カテゴリー検証"
                                 "（Rogers & Patterson 2007）；Patterson et al. (2007) 図2a。")

    def __post_init__(self):
        plain_numbers(self)
        levels = (self.levels,) if isinstance(self.levels, str) else tuple(self.levels)
        if not levels:
            raise ValueError("The 'levels' parameter must name at least one level.")
        for level in levels:
            check_option("levels", level, LEVELS)
        object.__setattr__(self, "levels", tuple(dict.fromkeys(levels)))
        if self.criterion is not None:
            object.__setattr__(self, "criterion",
                               check_open_fraction("CategoryVerification", "criterion", self.criterion))

    def design(self, battery, rng):
        t = battery.items
        item_basic = dict(zip(t["item_id"], t["basic"]))
        item_domain = dict(zip(t["item_id"], t["domain"]))
        specific = dict(zip(t["item_id"], t["specific"]))
        basic_domain = dict(zip(t["basic"], t["domain"]))
        members = t.groupby("basic")["item_id"].apply(list).to_dict()
        domain_items = t.groupby("domain")["item_id"].apply(list).to_dict()
        domain_basics = {d: sorted({b for b, dd in basic_domain.items() if dd == d}) for d in battery.domains}
        domains = sorted(battery.domains)
        rows = []
        for item in battery.item_ids:
            b, d = item_basic[item], item_domain[item]
            for level in self.levels:
                if level == "domain":
                    true_label = d
                    pool = [x for x in domains if x != d]
                elif level == "basic":
                    true_label = b
                    pool = [x for x in domain_basics[d] if x != b] or sorted(set(basic_domain) - {b})
                else:
                    true_label = specific[item]
                    pool = ([specific[x] for x in members[b] if x != item]
                            or [specific[x] for x in domain_items[d] if x != item]
                            or [specific[x] for x in battery.item_ids if x != item])
                if not pool:
                    raise ValueError(f"Category verification needs a distractor at the {level} level for item "
                                     f"{item!r}, but battery {battery.name!r} has no other category there.")
                distractor = pool[int(rng.integers(len(pool)))]
                rows.append((item, level, true_label, 1))
                rows.append((item, level, distractor, 0))
        return pd.DataFrame(rows, columns=["item", "condition", "target", "label_matches"])

    def check_battery(self, battery):
        if "domain" in self.levels and len(battery.domains) < 2:
            raise ValueError(f"Category verification at the domain level needs two or more domains; "
                             f"battery {battery.name!r} has {len(battery.domains)}.")
        if "basic" in self.levels and len(battery.basics) < 2:
            raise ValueError(f"Category verification at the basic level needs two or more basic categories; "
                             f"battery {battery.name!r} has {len(battery.basics)}.")

    def respond(self, beliefs, design, streams, policies):
        b = beliefs["canonical"]
        lex = b.lexicon
        criterion = (np.full((len(policies), 1), self.criterion) if self.criterion is not None
                     else np.array([p.verification for p in policies])[:, None])
        row_of = {item: i for i, item in enumerate(lex.item_ids)}
        column = {"domain": {n: j for j, n in enumerate(lex.domains)},
                  "basic": {n: j for j, n in enumerate(lex.basics)},
                  "specific": {n: j for j, n in enumerate(lex.specific)}}
        tables = {"domain": b.domain.numpy(), "basic": b.basic.numpy(), "specific": b.item.numpy()}
        score = np.empty((len(policies), len(design)))
        for level, rows in design.groupby("condition", observed=True).groups.items():
            sub = design.loc[rows]
            r = sub["item"].map(row_of).to_numpy()
            c = sub["target"].map(column[level]).to_numpy()
            score[:, np.asarray(rows)] = tables[level][:, r, c]
        yes = score >= criterion
        matches = design["label_matches"].to_numpy().astype(bool)[None, :]
        return {"response": Coded(np.where(yes, 1, 0), ["no", "yes"]),
                "correct": (yes == matches).astype(np.int64),
                "score": score}
