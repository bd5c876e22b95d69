"""Word–picture matching: a name and several pictures; "point to the <name>".

語と絵のマッチング課題：名前を聞いて、その絵を選ぶ。重症度の指標。
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from .._validation import plain_numbers, check_option
from .base import Coded, Paradigm, _generator, child_stream, register_paradigm

__all__ = ["WordPictureMatching", "FOIL_TYPES"]

#: Kinds of foil, nearest first.
FOIL_TYPES = ("coordinate", "within_domain", "cross_domain")


@register_paradigm
@dataclass(frozen=True)
class WordPictureMatching(Paradigm):
    """Word–picture matching: each item's name with its picture among foils.

    Design
    ------
    ==============  ===========================================================
    trials          every item once as the named target
    foils           one picture per entry of ``foils``: ``coordinate`` (same
                    basic category; another item of the domain if none),
                    ``within_domain`` (another basic category of the domain),
                    ``cross_domain`` (another domain); drawn with the run's
                    ``random_state``; the order of the pictures is shuffled.
                    When a small battery has no picture of the kind left, the
                    next nearest kind is used and ``picture_kinds`` says so
    rule            the patient points to the picture that gives the name the
                    highest probability (compared as log-odds); with
                    ``ResponsePolicy(matching="hub")``, to the picture whose
                    damaged hub state is most like (cosine) the state the heard
                    name evokes in the damaged hub (the name spoke, the reverse
                    direction); exact ties are guesses
    response        the item id of the chosen picture; ``chosen`` says which
                    kind of picture it was (``target`` or a foil type)
    condition       ``"{n}AFC"``, the number of pictures
    score           the probability of the name given the target picture
    ==============  ===========================================================

    Chance is 1 / (1 + number of foils).  Accuracy on this task is the
    severity index of the human studies (Rogers et al. 2004; the Cambridge
    battery has 48 items with within-category foils).

    Parameters
    ----------
    foils : tuple of str, default ("coordinate", "within_domain", "cross_domain")
    """

    foils: tuple = FOIL_TYPES

    name: ClassVar[str] = "word_picture_matching"
    mirrors: ClassVar[str] = ("Spoken word–picture matching, the severity index of SD studies "
                              "(Rogers et al. 2004; Cambridge semantic battery).")
    mirrors_ja: ClassVar[str] = "音声単語‐絵照合。SD 研究の重症度の指標（Rogers et al. 2004；ケンブリッジ意味バッテリー）。"

    def __post_init__(self):
        plain_numbers(self)
        foils = (self.foils,) if isinstance(self.foils, str) else tuple(self.foils)
        if not foils:
            raise ValueError("The 'foils' parameter must name at least one foil type.")
        for f in foils:
            check_option("foils", f, FOIL_TYPES)
        object.__setattr__(self, "foils", foils)

    def design(self, battery, rng):
        t = battery.items
        basic = dict(zip(t["item_id"], t["basic"]))
        domain = dict(zip(t["item_id"], t["domain"]))
        ids = list(battery.item_ids)
        rows = []
        for item in ids:
            same_basic = [x for x in ids if x != item and basic[x] == basic[item]]
            other_basic = [x for x in ids if domain[x] == domain[item] and basic[x] != basic[item]]
            other_domain = [x for x in ids if domain[x] != domain[item]]
            # Nearest kind first; a small battery falls back to the next kind, recorded as used.
            fallbacks = {"coordinate": [("coordinate", same_basic), ("within_domain", other_basic)],
                         "within_domain": [("within_domain", other_basic), ("coordinate", same_basic)],
                         "cross_domain": [("cross_domain", other_domain)]}
            chosen, kinds = [item], ["target"]
            for wanted in self.foils:
                for kind, pool in fallbacks[wanted] + [("cross_domain", other_domain)]:
                    pool = [x for x in pool if x not in chosen]
                    if pool:
                        chosen.append(pool[int(rng.integers(len(pool)))])
                        kinds.append(kind)
                        break
                else:
                    raise ValueError(f"Word–picture matching needs a {wanted} foil for item {item!r}, but battery "
                                     f"{battery.name!r} has no picture left for it. Choose fewer foils=.")
            order = rng.permutation(len(chosen))
            rows.append((item, "|".join(chosen[i] for i in order), "|".join(kinds[i] for i in order)))
        design = pd.DataFrame(rows, columns=["item", "pictures", "picture_kinds"])
        design.insert(1, "condition", f"{len(self.foils) + 1}AFC")
        design.insert(2, "target", design["item"])
        return design

    def respond(self, beliefs, design, streams, policies):
        b = beliefs["canonical"]
        row_of = {item: i for i, item in enumerate(b.lexicon.item_ids)}
        pictures = [p.split("|") for p in design["pictures"]]
        kinds = [k.split("|") for k in design["picture_kinds"]]
        n = len(pictures[0])
        picture_rows = np.array([[row_of[x] for x in p] for p in pictures])  # (trials, n)
        named = design["item"].map(row_of).to_numpy()
        odds = b.log_odds("item", picture_rows.ravel(), np.repeat(named, n)).reshape(len(streams), -1, n)
        for k, policy in enumerate(policies):
            if policy.matching == "hub":
                odds[k] = _hub_similarity(b, k, picture_rows, named)
        # Ties broken at random: a random draw decides only among exact maxima.
        jitter = np.stack([_generator(child_stream(s, 1)).random(odds.shape[1:]) for s in streams])
        best = odds == odds.max(axis=-1, keepdims=True)
        choice = np.argmax(np.where(best, jitter, -1.0), axis=-1)  # (P, trials)
        chosen = picture_rows[np.arange(len(design))[None, :], choice]
        kind_names = ["target", *FOIL_TYPES]
        kind_codes = np.array([[kind_names.index(k) for k in row] for row in kinds])
        chosen_kind = kind_codes[np.arange(len(design))[None, :], choice]
        item_ids = list(b.lexicon.item_ids)
        return {
            "response": Coded(chosen, item_ids),
            "correct": (chosen_kind == 0).astype(np.int64),
            "score": b.item.numpy()[:, named, named].astype(np.float64),
            "chosen": Coded(chosen_kind, kind_names),
        }


def _hub_similarity(b, k: int, picture_rows: np.ndarray, named: np.ndarray) -> np.ndarray:
    """``(trials, n)`` cosine of each picture's damaged hub state with the state the heard name evokes, for
    patient *k* of *b* (``ResponsePolicy(matching="hub")``), or a clear error for a hub without the name spoke."""
    if b.heard is None or b.heard[k] is None or b.hidden is None or b.hidden[k] is None:
        patient = b.patients[k] if b.patients else k
        raise ValueError("ResponsePolicy(matching='hub') compares the pictures with the state a heard name evokes in "
                         f"the hub, but patient {getattr(patient, 'seed', patient)}'s hub has no name spoke: build it "
                         "with TrainingConfig(name_spoke=True), or use matching='names'.")
    seen = b.hidden[k].astype(np.float64)[picture_rows]  # (trials, n, hidden)
    heard = b.heard[k]["hidden"].astype(np.float64)[named][:, None, :]  # (trials, 1, hidden)
    num = (seen * heard).sum(-1)
    den = np.linalg.norm(seen, axis=-1) * np.linalg.norm(heard, axis=-1)
    return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)
