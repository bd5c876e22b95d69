"""Delayed copy drawing: a picture is shown, taken away, and drawn from memory (Figure 2d).

遅延模写：絵を見せて隠し、記憶から描く（図2d）。
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd
import torch

from .base import Coded, Paradigm, register_paradigm
from .retrieval import LEVELS, category_beliefs, domain_mixture, recalled_beliefs, retrieve
from .._validation import check_option, plain_numbers

__all__ = ["DelayedCopy", "OUTCOMES", "CUES", "score_drawing"]

#: An attribute at least this share of the domain has is ``shared``; below it, ``distinctive``.
SHARED = 0.5
#: What happened to one attribute of one drawing.
OUTCOMES = ("kept", "omitted", "intruded", "absent")
#: What the patient draws from: the picture (delayed copy) or the item's name (drawing to name).
CUES = ("picture", "name")


def score_drawing(present, drawn) -> np.ndarray:
    """Outcome codes (indices into :data:`OUTCOMES`) of drawn vs true 0/1 attributes, elementwise."""
    present, drawn = np.asarray(present).astype(bool), np.asarray(drawn).astype(bool)
    return np.select([present & drawn, present & ~drawn, ~present & drawn], [0, 1, 2], default=3)


@register_paradigm
@dataclass(frozen=True)
class DelayedCopy(Paradigm):
    """Delayed copy: the patient sees an item's picture, then "draws" its visual attributes from the hub alone.

    Design
    ------
    ==============  ===========================================================
    trials          every item of the battery × every coded attribute
                    (``attr_*`` columns) that some item of its domain has:
                    one row per attribute of a drawing
    drawing         the patient retrieves what it can from the picture (its
                    :class:`~cogsim.patients.ResponsePolicy`, as in naming):
                    the item, or only its basic category or domain, or
                    nothing; it draws the attributes that at least half of
                    what it recalls has (belief-weighted, see
                    :func:`~cogsim.paradigms.retrieval.recalled_beliefs` and
                    :mod:`cogsim.patients.readouts`).  Knowing the item it
                    draws that item; knowing only "bird" it draws a typical
                    bird; knowing nothing, what most of the battery has.
                    With ``ResponsePolicy(drawing="category")`` a retrieved
                    category is recalled as a whole (its generic member, not
                    the member its damaged beliefs favour) and, knowing
                    nothing, the domain the hub still leans to; with
                    ``drawing="mixture"``, knowing nothing, every domain's
                    generic member weighed by the hub's belief in it.
                    A patient whose hub has the semantic spoke
                    (``TrainingConfig.attribute_weight``) instead draws the
                    attributes its spoke outputs for the picture (sigmoid
                    at least ``threshold``): what the damaged network
                    itself produces, not a lookup; with
                    ``drawing="fallback_spoke"`` only when it retrieves
                    nothing (what it retrieves is drawn as recalled)
    condition       ``shared`` (the item has the attribute, and so does at
                    least half of its domain), ``distinctive`` (the item has
                    it, less than half of its domain does) or ``absent``
    target          1 if the item has the attribute, else 0
    response        the outcome: ``kept``, ``omitted`` (present, not drawn),
                    ``intruded`` (absent, drawn) or ``absent`` (correctly left out)
    correct         1 for kept and absent
    share           share of the item's domain with the attribute (1 − share
                    is its distinctiveness, Bozeat et al. 2003)
    level           how far retrieval got: item, basic, domain or none
    score           the belief-weighted share of the attribute in the recollection
    ==============  ===========================================================

    With ``cue="name"`` the task is drawing to name (Bozeat et al. 2003): the
    patient hears the item's name instead of seeing its picture and draws the
    attributes its semantic spoke outputs from the state the name evokes in
    the damaged hub (:meth:`~cogsim.patients.Patient.heard`; hubs trained with
    ``TrainingConfig(name_spoke=True, attribute_weight=...)`` only); ``level``
    is then how far retrieval from the heard name got.  The ``cue`` column
    says which.

    Needs the battery's coded attributes (``attr_*`` columns; see ``docs/batteries.md``).

    Parameters
    ----------
    threshold : float in (0, 1), default 0.5
        An attribute is drawn when its recalled share (or spoke output) is at least this.
    cue : {"picture", "name"}, default "picture"
        Delayed copy of the picture, or drawing to the item's name.
    """

    threshold: float = 0.5
    cue: str = "picture"

    name: ClassVar[str] = "delayed_copy"
    mirrors: ClassVar[str] = ("Delayed copy drawing: a picture is shown, removed, and drawn after ~10 s; omissions "
                              "and intrusions scored by feature (Bozeat et al. 2003), Patterson et al. (2007) Fig. 2d.")
    mirrors_ja: ClassVar[str] = ("遅延模写：絵を見せて隠し、約10秒後に記憶から描く。特徴ごとに脱落と混入を採点"
                                 "（Bozeat et al. 2003）、Patterson et al. (2007) 図2d。")

    def __post_init__(self):
        plain_numbers(self)
        from .._validation import check_open_fraction

        check_open_fraction("DelayedCopy", "threshold", self.threshold)
        check_option("cue", self.cue, CUES)

    def check_battery(self, battery) -> None:
        from ..stimuli.norms import require_norms

        require_norms(battery.items, ["attr"], "Delayed copy")

    def design(self, battery, rng):
        from ..stimuli.norms import attribute_matrix, distinctiveness

        attrs = attribute_matrix(battery.items)
        items = list(battery.item_ids)
        domain = dict(zip(battery.item_ids, battery.items["domain"]))
        target = attrs.loc[items].to_numpy()
        share = distinctiveness(battery.items).loc[[domain[i] for i in items], list(attrs.columns)].to_numpy(float)
        # every attribute some item of the domain has (an attribute no member has cannot be typical of it),
        # item by item and in the battery's attribute order
        row, col = np.nonzero(share > 0)
        design = pd.DataFrame({"item": [items[i] for i in row], "attribute": [attrs.columns[j] for j in col],
                               "target": target[row, col].astype(np.int64), "share": share[row, col]})
        design.insert(1, "condition", np.select([design["target"] == 0, design["share"] >= SHARED],
                                                ["absent", "shared"], default="distinctive"))
        design["cue"] = self.cue
        return design

    def respond(self, beliefs, design, streams, policies):
        from ..stimuli.norms import attribute_matrix

        b = beliefs["canonical"]
        lex = b.lexicon
        index = {item: i for i, item in enumerate(lex.item_ids)}
        items = list(dict.fromkeys(design["item"]))
        rows = np.array([index[i] for i in items])
        attrs = attribute_matrix(b.battery.items).loc[list(lex.item_ids)]  # the return path: what each item looks like
        if self.cue == "name":
            retrieved, shares = _from_names(b, rows, lex, policies, attrs.shape[1])
            return self._scored(design, items, attrs, retrieved, shares)
        retrieved = retrieve(b.item.numpy()[:, rows], b.basic.numpy()[:, rows], b.domain.numpy()[:, rows], lex,
                             policies)
        recalled = recalled_beliefs(b.item.numpy()[:, rows].astype(np.float64), retrieved, lex)  # (P, items, n)
        whole = np.array([policy.drawing == "category" for policy in policies])
        if whole.any():  # the generic member of what was retrieved; nothing: of the domain the hub leans to
            leaning = retrieved._replace(level=np.where(retrieved.level == 3, 2, retrieved.level))
            recalled = np.where(whole[:, None, None], category_beliefs(leaning, lex), recalled)
        mixed = np.array([policy.drawing == "mixture" for policy in policies])
        if mixed.any():  # the generic member of what was retrieved; nothing: every domain's, weighed by belief
            none = (retrieved.level == 3)[..., None]
            beliefs = np.where(none, domain_mixture(b.domain.numpy()[:, rows], lex), category_beliefs(retrieved, lex))
            recalled = np.where(mixed[:, None, None], beliefs, recalled)
        shares = recalled @ attrs.to_numpy(np.float64)  # (P, items, attributes)
        spokes = b.attributes or [None] * len(policies)
        for k, spoke in enumerate(spokes):
            if spoke is None:
                if policies[k].drawing == "fallback_spoke":
                    patient = b.patients[k] if b.patients else k
                    raise ValueError("ResponsePolicy(drawing='fallback_spoke') draws what the semantic spoke outputs "
                                     f"when nothing is retrieved, but patient {getattr(patient, 'seed', patient)}'s "
                                     "hub has no semantic spoke: build it with TrainingConfig(fitted_attributes=True) "
                                     "or attribute_weight > 0, or use another drawing rule.")
                continue
            # the semantic spoke: what this patient's network outputs for each picture
            if spoke.shape[-1] != attrs.shape[1]:
                raise ValueError(f"The patient's semantic spoke has {spoke.shape[-1]} attributes but battery "
                                 f"{b.battery.name!r} codes {attrs.shape[1]}: test it on the battery it learnt.")
            output = spoke[rows].astype(np.float64)
            if policies[k].drawing == "fallback_spoke":  # only where nothing was retrieved
                output = np.where((retrieved.level[k] == 3)[:, None], output, shares[k])
            shares[k] = output
        return self._scored(design, items, attrs, retrieved, shares)

    def _scored(self, design, items, attrs, retrieved, shares) -> dict:
        """The response columns from the recalled attribute *shares* ``(P, items, attributes)``."""
        drawn = (shares >= self.threshold).astype(np.int8)
        which = {item: k for k, item in enumerate(items)}
        attribute = {a: k for k, a in enumerate(attrs.columns)}
        trial_item = design["item"].map(which).to_numpy()
        trial_attr = design["attribute"].map(attribute).to_numpy()
        drawn_t = drawn[:, trial_item, trial_attr]
        outcome = score_drawing(np.broadcast_to(design["target"].to_numpy(), drawn_t.shape), drawn_t)
        return {
            "response": Coded(outcome, list(OUTCOMES)),
            "correct": np.isin(outcome, (0, 3)).astype(np.int64),
            "score": shares[:, trial_item, trial_attr],
            "drawn": drawn_t.astype(np.int64),
            "level": Coded(retrieved.level[:, trial_item], list(LEVELS)),
        }


def _from_names(b, rows, lex, policies, n_attributes) -> tuple:
    """Drawing to name: retrieval from each heard name and the attributes the semantic spoke outputs from the state
    it evokes, for every patient of *b* (``(retrieved, shares)``), or a clear error for a hub without the spokes."""
    heard = b.heard or [None] * len(policies)
    for k, h in enumerate(heard):
        if h is None or h["attributes"] is None:
            patient = b.patients[k] if b.patients else k
            raise ValueError("DelayedCopy(cue='name') draws what the semantic spoke outputs from a heard name, but "
                             f"patient {getattr(patient, 'seed', patient)}'s hub has no name spoke or no semantic "
                             "spoke: build it with TrainingConfig(name_spoke=True, attribute_weight=...), or use "
                             "cue='picture'.")
        if h["attributes"].shape[-1] != n_attributes:
            raise ValueError(f"The patient's semantic spoke has {h['attributes'].shape[-1]} attributes but battery "
                             f"{b.battery.name!r} codes {n_attributes}: test it on the battery it learnt.")
    item = np.stack([torch.softmax(torch.from_numpy(h["logits"][rows]), -1).numpy() for h in heard])
    retrieved = retrieve(item, item @ lex.membership("basic").numpy(), item @ lex.membership("domain").numpy(), lex,
                         policies)
    shares = np.stack([h["attributes"][rows].astype(np.float64) for h in heard])
    return retrieved, shares
