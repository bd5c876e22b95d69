"""Object decision: a real animal beside a chimera; "which one is real?" (Figure 2c, right).

物体判断課題：実在の動物とキメラを並べ、「本物はどちら？」（図2c右）。
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from .base import Coded, Paradigm, _generator, child_stream, register_paradigm
from .retrieval import LEVELS, category_beliefs, recalled_beliefs, retrieve

__all__ = ["ObjectDecision", "chimera_pairs", "pair_typicality"]

_PAIRS: dict = {}


def chimera_pairs(battery, domain: str = "animal") -> tuple:
    """``((real, donor), …)``: for every item of *domain* that faces left or right, two chimeras.

    The donors of the front part are the most and the least visually typical
    other item of the real item's basic category (``typicality_domain``;
    among items that face sideways), or of its domain when the category has
    no other such item.  Deterministic: the same battery gives the same pairs.
    """
    from ..stimuli.norms import require_norms

    key = (battery.fingerprint, domain)
    if key in _PAIRS:
        return _PAIRS[key]
    t = battery.items
    require_norms(t, ["facing", "typicality"], "Object decision")
    side = t[(t["domain"] == domain) & t["facing"].isin(["left", "right"])]
    pairs = []
    for row in side.itertuples():
        pool = side[(side["basic"] == row.basic) & (side["item_id"] != row.item_id)]
        if pool.empty:
            pool = side[side["item_id"] != row.item_id]
        ordered = pool.sort_values(["typicality_domain", "item_id"])
        donors = list(dict.fromkeys([ordered["item_id"].iloc[-1], ordered["item_id"].iloc[0]]))
        pairs.extend((row.item_id, d) for d in donors)
    if not pairs:
        raise ValueError(f"Object decision needs at least two {domain!r} items facing left or right (column 'facing'); "
                         f"battery {battery.name!r} has {len(side)}.")
    _PAIRS[key] = tuple(pairs)
    return _PAIRS[key]


def pair_typicality(battery, pairs) -> pd.DataFrame:
    """Visual typicality of each pair's real picture and chimera, measured alike.

    Both are compared (cosine, default backbone features) with the same
    prototype: the mean features of the domain's items other than the pair's
    two source items, so neither picture is compared with itself or its parts.
    """
    from ..patients.backbones import get_backbone
    from ..patients.features import picture_features
    from ..stimuli.chimeras import Chimeras

    backbone = get_backbone()
    real = picture_features(backbone, battery).numpy().astype(np.float64)
    chim = picture_features(backbone, battery, Chimeras(pairs)).numpy().astype(np.float64)
    index = {item: i for i, item in enumerate(battery.item_ids)}
    domain = battery.items["domain"].to_numpy()
    rows = []
    for k, (r, d) in enumerate(pairs):
        keep = (domain == domain[index[r]])
        keep[[index[r], index[d]]] = False
        proto = real[keep].mean(0)

        def cos(x):
            return float(x @ proto / (np.linalg.norm(x) * np.linalg.norm(proto)))

        rows.append((cos(real[index[r]]), cos(chim[k])))
    return pd.DataFrame(rows, columns=["real_typicality", "chimera_typicality"])


def _cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise cosine of ``(n, k)`` arrays (0 where either row is all zeros)."""
    a, b = a.astype(np.float64), b.astype(np.float64)
    den = np.linalg.norm(a, axis=-1) * np.linalg.norm(b, axis=-1)
    return np.where(den > 0, (a * b).sum(-1) / np.where(den > 0, den, 1.0), 0.0)


def _evidence(familiarity, patient) -> np.ndarray:
    """The patient's familiarity of each picture for ``object_decision="evidence"``, or a clear error."""
    if familiarity is None:
        raise ValueError(f"ResponsePolicy(object_decision='evidence') reads how likely each picture's hub state is "
                         f"under the item patterns of a prototype read-out, but patient {patient.seed}'s hub was "
                         f"trained with name_readout={patient.training.name_readout!r}: train it with "
                         "TrainingConfig(name_readout='prototype') (as sd_hub_v8 to sd_hub_v11 do), or use "
                         "object_decision='recalled'.")
    return np.asarray(familiarity, dtype=np.float64)


@register_paradigm
@dataclass(frozen=True)
class ObjectDecision(Paradigm):
    """Object decision: which of two pictures, a real animal and a chimera, is the real one?

    Design
    ------
    ==================  ===========================================================
    trials              every animal facing sideways, twice: with a chimera whose
                        front part comes from the most typical, and from the least
                        typical, other member of its basic category
                        (:func:`chimera_pairs`, :mod:`cogsim.stimuli.chimeras`)
    condition           ``real_typical``: the real picture is more visually typical
                        of the domain than the chimera; ``real_atypical``: less
                        (:func:`pair_typicality`, default backbone features)
    rule                the patient retrieves what it can from each picture (as
                        in naming), regenerates the look of what it recalls (the
                        belief-weighted mean of those items' learnt pictures,
                        :mod:`cogsim.patients.readouts`) and calls *real* the
                        picture that looks more like what it regenerates
                        (higher cosine): the picture more familiar to its hub.
                        A patient whose hub has the visual spoke
                        (``TrainingConfig(visual_weight=)``) instead compares each
                        picture with what its own (damaged) hub regenerates from
                        it, in the spoke's directions.
                        A patient whose policy says
                        ``object_decision="evidence"`` (hubs with the prototype
                        read-out) calls real the picture whose damaged hub state
                        is the more likely under the item patterns its read-out
                        stores (:func:`cogsim.patients.hub.familiarity`).
                        With ``object_decision="category"`` a retrieved
                        category is recalled as a whole: the look regenerated
                        is its members' average (the battery's if nothing is
                        retrieved), not the patient's guess of which member;
                        with ``"task_domain"`` what is retrieved outside the
                        task's domain (animals), or nothing, is that domain;
                        with ``"pair"``, as ``"task_domain"``, but each picture
                        is compared with the looks recalled from *both*
                        pictures of the pair and counts as familiar as its
                        better match (a chimera still recognised as the real
                        item no longer makes the real picture lose).
                        Exact ties are guesses
    response            ``real`` or ``chimera`` (the picture chosen)
    score               familiarity of the real picture minus that of the chimera
    real_level,         how far retrieval from each picture got (``item``,
    chimera_level       ``basic``, ``domain`` or ``none``), as in naming
    real_top_item,      the item the hub settled on for each picture, whatever
    chimera_top_item    the level reached (a wrong one is a misidentification)
    ==================  ===========================================================

    Chance is 0.5.  Needs the battery's ``facing`` and ``typicality_domain``
    columns (see ``docs/batteries.md``).

    Why this signal: in the hub-and-spoke account (Rogers et al. 2004) the
    hub regenerates the visual properties of what it recognises and a
    picture is judged real when the regenerated pattern matches it.  Intact,
    a real picture regenerates itself and a chimera regenerates one of its
    sources, which it does not match; as the hub loses the specific and keeps
    the general, what it regenerates drifts to the typical member of the
    category, and the more typical picture wins whether or not it is real.
    """

    domain: str = "animal"

    name: ClassVar[str] = "object_decision"
    mirrors: ClassVar[str] = ("Object decision: a real animal beside a chimera differing in one part, typicality "
                              "crossed (Rogers, Lambon Ralph, Hodges & Patterson 2004), Patterson et al. (2007) "
                              "Fig. 2c right.")
    mirrors_ja: ClassVar[str] = ("物体判断：実在の動物と一部が異なるキメラを並べ、典型性を交差"
                                 "（Rogers, Lambon Ralph, Hodges & Patterson 2004）、Patterson et al. (2007) 図2c右。")
    needs_features: ClassVar[bool] = True

    def check_battery(self, battery) -> None:
        from ..stimuli.norms import require_norms

        require_norms(battery.items, ["facing", "typicality"], "Object decision")
        chimera_pairs(battery, self.domain)

    def picture_sets(self, battery) -> dict:
        from ..stimuli.chimeras import Chimeras

        return {"canonical": None, "chimeras": Chimeras(chimera_pairs(battery, self.domain))}

    def design(self, battery, rng):
        pairs = chimera_pairs(battery, self.domain)
        typ = pair_typicality(battery, pairs)
        design = pd.DataFrame({"item": [r for r, _ in pairs], "donor": [d for _, d in pairs]})
        design["condition"] = np.where(typ["real_typicality"] > typ["chimera_typicality"], "real_typical",
                                       "real_atypical")
        design["target"] = "real"
        design["real_typicality"] = typ["real_typicality"].round(6)
        design["chimera_typicality"] = typ["chimera_typicality"].round(6)
        design["pair"] = np.arange(len(pairs))
        return design[["item", "condition", "target", "donor", "pair", "real_typicality", "chimera_typicality"]]

    def respond(self, beliefs, design, streams, policies):
        from ..patients.readouts import return_path

        lex = beliefs["canonical"].lexicon
        index = {item: i for i, item in enumerate(lex.item_ids)}
        real_rows = design["item"].map(index).to_numpy()
        chim_rows = design["pair"].to_numpy()
        familiar, reached, recollections, seen = [], [], [], []
        for name, rows in (("canonical", real_rows), ("chimeras", chim_rows)):
            b = beliefs[name]
            item_p = b.item.numpy()[:, rows].astype(np.float64)
            got = retrieve(item_p, b.basic.numpy()[:, rows], b.domain.numpy()[:, rows], lex, policies)
            reached.append(got)
            recalled = recalled_beliefs(item_p, got, lex)
            for rule, within in (("category", None), ("task_domain", self.domain), ("pair", self.domain)):
                whole = [policy.object_decision == rule for policy in policies]
                if any(whole):  # recalled as a whole category: its average look, not a guess at a member
                    recalled = np.where(np.array(whole)[:, None, None], category_beliefs(got, lex, within),
                                        recalled)
            features = b.features[:, rows].astype(np.float64)
            recollections.append(recalled)
            seen.append(features)
            spoke = b.visual or [None] * len(b.patients)
            evidence = b.familiarity or [None] * len(b.patients)
            familiar.append(np.stack([
                _evidence(evidence[k], p)[rows] if policies[k].object_decision == "evidence"
                else return_path(p, b.battery, attributes=False).familiarity(recalled[k], features[k],
                                                                             policies[k].look_space)
                if spoke[k] is None else _cosine(spoke[k][0][rows], spoke[k][1][rows])
                for k, p in enumerate(b.patients)]))
        b = beliefs["canonical"]
        for k, p in enumerate(b.patients):
            if policies[k].object_decision == "pair" and not (b.visual and b.visual[k] is not None):
                # each picture also against the look recalled from the other one; its better match counts
                path = return_path(p, b.battery, attributes=False)
                space = policies[k].look_space
                familiar[0][k] = np.maximum(familiar[0][k], path.familiarity(recollections[1][k], seen[0][k], space))
                familiar[1][k] = np.maximum(familiar[1][k], path.familiarity(recollections[0][k], seen[1][k], space))
        difference = familiar[0] - familiar[1]
        jitter = np.stack([_generator(child_stream(s, 1)).random(difference.shape[1]) for s in streams])
        real = (difference > 0) | ((difference == 0) & (jitter < 0.5))
        return {
            "response": Coded(np.where(real, 0, 1), ["real", "chimera"]),
            "correct": real.astype(np.int64),
            "score": difference,
            "real_familiarity": familiar[0],
            "chimera_familiarity": familiar[1],
            # what each picture's retrieval reached, and the item the hub settled on (whatever the level)
            "real_level": Coded(reached[0].level, list(LEVELS)),
            "chimera_level": Coded(reached[1].level, list(LEVELS)),
            "real_top_item": Coded(reached[0].item, list(lex.item_ids)),
            "chimera_top_item": Coded(reached[1].item, list(lex.item_ids)),
        }
