"""Colour judgment: the correctly coloured picture against a recoloured one.

色判断課題：正しい色の絵と塗り替えた絵のどちらが正しいか。
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from ..patients.features import Recoloured
from .._validation import plain_numbers, check_range
from ..stimuli.battery import MIN_CHROMATIC_PER_DOMAIN
from .base import Coded, Paradigm, _generator, child_stream, register_paradigm

__all__ = ["ColourJudgment"]

_COLOUR_COLUMNS = ("dominant_hue", "chromatic", "domain_typical_hue", "colour_typicality")


@register_paradigm
@dataclass(frozen=True)
class ColourJudgment(Paradigm):
    """Colour judgment: two pictures of one item, one recoloured; "which is right?".

    Design
    ------
    ==============  ===========================================================
    trials          every chromatic item with a colour typicality (typical or
                    atypical for its domain) once; achromatic items and items
                    of domains without colour norms are not used
    typical item    distractor: the item recoloured to a hue unusual for the
                    domain (the domain-typical hue + ``unusual_offset`` degrees)
    atypical item   distractor: the item recoloured to the domain-typical hue
    position        the correct picture is left or right at random (``target``)
    rule            the patient picks the picture it finds more familiar as
                    that item: the higher log-odds of the item's name while
                    either picture gives the name probability at least
                    ``policy.recognition``; below that, by
                    ``policy.colour_fallback``: the higher log-odds of the
                    item's basic category ("basic") or a guess ("guess");
                    an exact tie is a guess.  A patient whose policy
                    says ``colour_rule="spoke"`` (hubs with the colour spoke)
                    instead picks the picture whose hue agrees better with
                    the hue its colour spoke expects from that picture
                    (dot product of hue vectors; ``basis`` "spoke")
    condition       "typical" or "atypical"
    score           log-odds(correct picture) − log-odds(recoloured picture)
                    on the basis used
    ==============  ===========================================================

    Chance is 0.5.  Mirrors Rogers, Patterson & Graham (2007), Patterson et
    al. (2007) Figure 2c left: mild SD is good on typical items and poor on
    atypical ones; severe SD is at chance on both.

    Parameters
    ----------
    unusual_offset : float, default 180
        Hue distance in degrees of the "unusual" distractor colour from the
        domain-typical hue, for typical items.
    """

    unusual_offset: float = 180.0

    name: ClassVar[str] = "colour_judgment"
    mirrors: ClassVar[str] = ("Two-alternative colour judgment for items of typical and atypical colour "
                              "(Rogers, Patterson & Graham 2007); Patterson et al. (2007) Fig. 2c, left.")
    mirrors_ja: ClassVar[str] = ("典型色・非典型色の項目の二者択一の色の判断（Rogers, Patterson & Graham 2007）；"
                                 "Patterson et al. (2007) 図2c 左。")

    def __post_init__(self):
        plain_numbers(self)
        object.__setattr__(self, "unusual_offset",
                           check_range("ColourJudgment", "unusual_offset", self.unusual_offset, low=45.0, high=180.0))

    def check_battery(self, battery):
        t = battery.items
        missing = [c for c in _COLOUR_COLUMNS if c not in t.columns]
        if missing:
            raise ValueError(f"The colour_judgment paradigm needs colour metadata, but battery {battery.name!r} "
                             f"lacks column(s) {', '.join(map(repr, missing))}. Load it with "
                             "cogsim.load_battery, which computes them from the pictures.")
        if not t["colour_typicality"].isin(["typical", "atypical"]).any():
            raise ValueError(f"The colour_judgment paradigm needs chromatic items of typical or atypical colour, "
                             f"but battery {battery.name!r} has none (check colour_domains when loading it).")
        used = t[t["colour_typicality"].isin(["typical", "atypical"])]
        for domain in sorted(set(used["domain"])):
            n = int((t["domain"].eq(domain) & t["chromatic"].astype(bool)).sum())
            if n < MIN_CHROMATIC_PER_DOMAIN:
                raise ValueError(f"The colour_judgment paradigm needs at least {MIN_CHROMATIC_PER_DOMAIN} chromatic "
                                 f"items in each domain it tests, to know the domain's typical colour; battery "
                                 f"{battery.name!r} has {n} in domain {domain!r}. Add pictures, or leave the domain "
                                 "out with load_battery(..., colour_domains=[...]).")

    def _trials(self, battery) -> pd.DataFrame:
        t = battery.items
        used = t[t["chromatic"].astype(bool) & t["colour_typicality"].isin(["typical", "atypical"])]
        typical = used["colour_typicality"] == "typical"
        hue = np.where(typical, used["domain_typical_hue"] + self.unusual_offset, used["domain_typical_hue"]) % 360
        return pd.DataFrame({"item": used["item_id"].to_numpy(), "condition": used["colour_typicality"].to_numpy(),
                             "true_hue": used["dominant_hue"].to_numpy(float), "distractor_hue": hue})

    def design(self, battery, rng):
        trials = self._trials(battery)
        trials.insert(2, "target", np.where(rng.random(len(trials)) < 0.5, "left", "right"))
        return trials

    def pictures(self, battery) -> Recoloured:
        """The recoloured distractor pictures (deterministic, so their features are cached)."""
        trials = self._trials(battery)
        return Recoloured(tuple(trials["item"]), tuple(trials["distractor_hue"]))

    def picture_sets(self, battery) -> dict:
        return {"canonical": None, f"recoloured{self.unusual_offset:g}": self.pictures(battery)}

    def respond(self, beliefs, design, streams, policies):
        right = beliefs["canonical"]
        wrong = beliefs[f"recoloured{self.unusual_offset:g}"]
        lex = right.lexicon
        recognition = np.array([p.recognition for p in policies])[:, None]
        row_of = {item: i for i, item in enumerate(lex.item_ids)}
        basic_of = {b: j for j, b in enumerate(lex.basics)}
        rows = design["item"].map(row_of).to_numpy()
        basics = np.array([basic_of[lex.basic[r]] for r in rows])
        k = np.arange(len(design))
        p_right, p_wrong = right.item.numpy()[:, rows, rows], wrong.item.numpy()[:, k, rows]
        known = np.maximum(p_right, p_wrong) >= recognition
        by_item = right.log_odds("item", rows, rows) - wrong.log_odds("item", k, rows)
        by_basic = right.log_odds("basic", rows, basics) - wrong.log_odds("basic", k, basics)
        guess_unknown = np.array([p.colour_fallback == "guess" for p in policies])[:, None]
        score = np.where(known, by_item, np.where(guess_unknown, 0.0, by_basic))
        spoke = np.array([p.colour_rule == "spoke" for p in policies])
        if spoke.any():
            score = np.where(spoke[:, None], _spoke_agreement(right, wrong, design, rows, spoke), score)
        guess = np.stack([_generator(child_stream(s, 2)).random(len(design)) < 0.5 for s in streams])
        chose_right = np.where(score == 0, guess, score > 0)
        target_left = (design["target"].to_numpy() == "left")[None, :]
        chose_left = chose_right == target_left
        basis = np.where(score == 0, 2, np.where(spoke[:, None], 3, np.where(known, 0, 1)))
        return {
            "response": Coded(np.where(chose_left, 0, 1), ["left", "right"]),
            "correct": chose_right.astype(np.int64),
            "score": score,
            "basis": Coded(basis, ["item", "basic", "guess", "spoke"]),
        }


def _spoke_agreement(right, wrong, design, rows, spoke) -> np.ndarray:
    """``(P, T)``: for patients reading their colour spoke, how much better the right picture's hue agrees with
    what the spoke expects from it than the recoloured picture's does (0 for the others)."""
    from ..patients.hub import hue_vectors

    true_hue, other_hue = hue_vectors(design["true_hue"]), hue_vectors(design["distractor_hue"])
    out = np.zeros((len(spoke), len(design)))
    for k in np.flatnonzero(spoke):
        expected = [None if b.colour is None else b.colour[k] for b in (right, wrong)]
        if expected[0] is None or expected[1] is None:
            patient = right.patients[k] if right.patients else k
            raise ValueError(f"ResponsePolicy(colour_rule='spoke') reads the hub's colour spoke, but patient "
                             f"{getattr(patient, 'seed', patient)}'s hub has none: build it with "
                             "TrainingConfig(colour_spoke=True), or use colour_rule='names'.")
        agree_right = (expected[0][rows] * true_hue).sum(-1)
        agree_wrong = (expected[1][np.arange(len(design))] * other_hue).sum(-1)
        out[k] = agree_right - agree_wrong
    return out
