"""Picture naming with the error types of semantic dementia.

絵の呼称課題：正答・意味性錯語・上位語・領域外・無反応。
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from .._validation import plain_numbers, check_option
from .._languages import LANGUAGES
from ..patients.policy import ResponsePolicy
from .base import Coded, Paradigm, register_paradigm
from .retrieval import hierarchy, retrieve

__all__ = ["PictureNaming", "CuedNaming", "phonemic_cue", "with_name_prior", "ERROR_CLASSES", "ERROR_DETAILS",
           "DETAIL_ORDER", "naming_table"]

#: The five response classes of Rogers et al. (2004), in report order.
ERROR_CLASSES = ("correct", "semantic", "superordinate", "cross_domain", "omission")
#: The finer classes and the class each belongs to.
ERROR_DETAILS = {"correct": "correct", "coordinate": "semantic", "within_domain": "semantic",
                 "superordinate_basic": "superordinate", "superordinate_domain": "superordinate",
                 "cross_domain": "cross_domain", "omission": "omission"}

#: Codes of ``error_detail``, in this order.
DETAIL_ORDER = ("correct", "coordinate", "within_domain", "superordinate_basic", "superordinate_domain",
                "cross_domain", "omission")
_DETAIL_TO_ERROR_CODE = np.array([ERROR_CLASSES.index(ERROR_DETAILS[d]) for d in DETAIL_ORDER])

_OMISSION = {"en": "don't know", "ja": "わからない"}


@register_paradigm
@dataclass(frozen=True)
class PictureNaming(Paradigm):
    """Picture naming: each canonical picture once; "what is this?".

    Design
    ------
    ==============  ===========================================================
    trials          every item of the battery once (its canonical picture)
    response        the most specific name the patient is confident about, or
                    "don't know"; thresholds and the retrieval rule
                    (``most_specific`` or ``top_down``) are the patient's
                    :class:`~cogsim.patients.ResponsePolicy`
    scored against  the item's specific name
    error           correct, semantic, superordinate, cross_domain, omission
                    (Rogers et al. 2004)
    error_detail    correct, coordinate (same basic category), within_domain
                    (another basic category of the domain), superordinate_basic,
                    superordinate_domain, cross_domain, omission
    score           probability of the target item
    ==============  ===========================================================

    Parameters
    ----------
    policy : ResponsePolicy, optional
        Naming thresholds; by default each patient's own policy.
    language : {"en", "ja"}, default "en"
        Language of ``target`` and ``response`` (the classification does not depend on it).

    Examples
    --------
    >>> PictureNaming(language="fr")
    Traceback (most recent call last):
    ...
    ValueError: Invalid value for 'language'. Allowed values are 'en' and 'ja', but got 'fr'.
    """

    policy: ResponsePolicy | None = None
    language: str = "en"

    name: ClassVar[str] = "picture_naming"
    mirrors: ClassVar[str] = ("Picture naming scored as in Rogers et al. (2004); longitudinal naming of "
                              "patient JL (Hodges, Graham & Patterson 1995), Patterson et al. (2007) Fig. 2b.")
    mirrors_ja: ClassVar[str] = ("Rogers et al. (2004) と同じ採点の絵の呼称；患者 JL の呼称の経過"
                                 "（Hodges, Graham & Patterson 1995）、Patterson et al. (2007) 図2b。")

    def __post_init__(self):
        plain_numbers(self)
        check_option("language", self.language, LANGUAGES)
        if self.policy is not None and not isinstance(self.policy, ResponsePolicy):
            raise TypeError(f"The 'policy' parameter must be a ResponsePolicy or None. Got {self.policy!r} instead.")

    def design(self, battery, rng):
        names = _names(battery, self.language)
        return pd.DataFrame({"item": list(battery.item_ids), "condition": "specific",
                             "target": [names["item"][i] for i in battery.item_ids]})

    def respond(self, beliefs, design, streams, policies):
        b = beliefs["canonical"]
        lex = b.lexicon
        index = {item: i for i, item in enumerate(lex.item_ids)}
        rows = np.array([index[i] for i in design["item"]])
        n_trials = len(rows)
        item_p, basic_p, domain_p = self._probabilities(b, rows, policies)
        thresholds = [self.policy or policy for policy in policies]
        item_p = with_name_prior(item_p, b.battery, lex, thresholds, self.language)
        basic_of_item, domain_of_item, domain_of_basic = hierarchy(lex)
        level, top_item, top_basic, top_domain, p_item, p_basic, p_domain = retrieve(item_p, basic_p, domain_p, lex,
                                                                                     thresholds)

        basics, domains = lex.basics, lex.domains
        own_item, own_basic, own_domain = rows[None, :], basic_of_item[rows][None, :], domain_of_item[rows][None, :]
        # error_detail codes follow DETAIL_ORDER
        specific_detail = np.select(
            [top_item == own_item, basic_of_item[top_item] == own_basic, domain_of_item[top_item] == own_domain],
            [0, 1, 2], default=5)
        basic_detail = np.select([top_basic == own_basic, domain_of_basic[top_basic] == own_domain], [3, 2], default=5)
        domain_detail = np.where(top_domain == own_domain, 4, 5)
        detail = np.choose(level, [specific_detail, basic_detail, domain_detail, np.full_like(level, 6)])

        names = _names_from_lexicon(lex, self.language)
        n_items, n_basics = len(lex.item_ids), len(basics)
        # response text and id codes: items, then basic categories, then domains, then the omission
        response_code = np.choose(level, [top_item, n_items + top_basic, n_items + n_basics + top_domain,
                                          np.full_like(level, n_items + n_basics + len(domains))])
        text = list(names["item"]) + list(names["basic"]) + list(names["domain"]) + [_OMISSION[self.language]]
        ids = list(lex.item_ids) + basics + domains + [""]
        text_cat = pd.Categorical(text)
        id_cat = pd.Categorical(ids)
        p_response = np.choose(level, [p_item, p_basic, p_domain, np.full(level.shape, np.nan)])
        return {
            "response": Coded(text_cat.codes[response_code], list(text_cat.categories)),
            "correct": (detail == 0).astype(np.int64),
            "score": b.item.numpy()[:, rows, :][:, np.arange(n_trials), rows].astype(np.float64),
            "error": Coded(_DETAIL_TO_ERROR_CODE[detail], list(ERROR_CLASSES)),
            "error_detail": Coded(detail, list(DETAIL_ORDER)),
            "response_level": Coded(level, ["specific", "basic", "domain", "none"]),
            "response_id": Coded(id_cat.codes[response_code], list(id_cat.categories)),
            "p_response": p_response.astype(np.float64),
        }

    def _probabilities(self, b, rows, policies):
        """``(P, T, ·)`` item, basic and domain probabilities the patient names each trial's picture from."""
        return b.item.numpy()[:, rows, :], b.basic.numpy()[:, rows, :], b.domain.numpy()[:, rows, :]


def with_name_prior(item_p: np.ndarray, battery, lex, policies, language: str = "en") -> np.ndarray:
    """``(P, T, n_items)`` item probabilities with each policy's ``name_prior`` (frequent names favoured).

    For patient *k* with ``policies[k].name_prior = w > 0`` every item's
    probability is multiplied by ``10 ** (w * (zipf - mean zipf))`` (the Zipf
    frequency of its name in *language*, from the battery's ``freq_en`` /
    ``freq_ja`` column) and renormalised inside its basic category, so each
    category keeps the probability it had: the prior moves belief between
    the members of a category, never between categories.  Patients with no
    prior keep *item_p* exactly.

    命名時の語頻度の事前分布：基本カテゴリー内でだけ確率を頻度の高い名前へ移す。
    """
    weights = np.array([p.name_prior for p in policies], dtype=np.float64)
    if not weights.any():
        return item_p
    from ..stimuli.norms import zipf_frequencies

    try:
        zipf = zipf_frequencies(battery, language, f"ResponsePolicy(name_prior={weights.max():g}) in {language!r} "
                                                   "naming")
    except ValueError as exc:
        raise ValueError(f"{exc} Or name without the prior: patient.with_policy(name_prior=0) (for the default "
                         "sd_hub, the preset 'sd_hub_v38').") from None
    zipf = pd.Series(zipf, index=list(battery.item_ids)).reindex(list(lex.item_ids)).to_numpy(np.float64)
    basic_of_item, _, _ = hierarchy(lex)
    member = np.eye(int(basic_of_item.max()) + 1)[basic_of_item]  # (n_items, n_basics)
    p = np.asarray(item_p, dtype=np.float64)
    tilted = p * np.exp(weights[:, None, None] * np.log(10.0) * (zipf - zipf.mean()))
    mass, tilted_mass = p @ member, tilted @ member  # (P, T, n_basics)
    scale = np.divide(mass, tilted_mass, out=np.zeros_like(mass), where=tilted_mass > 0)
    out = tilted * scale[..., basic_of_item]
    return np.where(weights[:, None, None] > 0, out, p).astype(np.asarray(item_p).dtype, copy=False)


def phonemic_cue(names) -> np.ndarray:
    """``(n, n)`` boolean: name *j* begins with the same sound as name *i* (approximated by its first letter).

    The first letter of the English name stands for its first phoneme ("c" for
    both "cat" and "cherry": the approximation is coarse, and the same for every patient).
    """
    first = np.array([str(n).strip().lower()[:1] for n in names])
    return first[:, None] == first[None, :]


#: What a phonemic cue does to category beliefs (``CuedNaming.categories``).
CUE_SCOPES = ("cued", "uncued")


@register_paradigm
@dataclass(frozen=True)
class CuedNaming(PictureNaming):
    """Picture naming with a phonemic cue: "it begins with /d/…", as in Jefferies & Lambon Ralph (2006).

    The design, scoring and columns are those of :class:`PictureNaming`; each
    picture is shown with the first sound of its name (the first letter of its
    English name, :func:`phonemic_cue`).  The cue acts where a spoken cue does,
    on the competition between names: the patient names the picture from its
    item beliefs restricted to the names that begin with that sound and
    renormalised, ``p(item | picture, cue)``; for a patient whose categories
    are sums of its item beliefs (``readout="items"``) the categories follow,
    a patient reading its trained category-name heads keeps them.  The cue
    changes no knowledge, only the names the patient chooses among, with the
    same thresholds: a store that confuses two names with the same first sound
    still confuses them; but in a small battery, where a first letter leaves
    few names, it can single out an item the store has lost
    (``docs/disorders.md``).  Run it
    beside :class:`PictureNaming` to measure the cue's benefit
    (:func:`cogsim.analysis.disorders.cue_benefit`).  ``score`` is the target's
    probability before the cue (the beliefs the cue then narrows);
    ``p_response`` is the response's probability given the cue.

    ``categories`` says what the cue does to the patient's category beliefs.
    ``"uncued"`` (the default since 2026-12-05): a phonemic cue carries no
    meaning, so every patient keeps the category beliefs it has without the
    cue and the cue only narrows the choice of names; a patient naming
    top-down (``ResponsePolicy(naming="top_down")``, as the ``sd_hub`` presets
    do) who no longer knows the domain still says "don't know".  ``"cued"``
    (cogsim's cue before): for a patient whose categories are sums of its item
    beliefs they are summed from the cued item beliefs, so in a small battery
    a first letter, which leaves few names and rarely two of one category,
    also tells the category.  A patient naming the most specific name it is
    sure of consults no category first, so for it the two are the same.  The
    default was decided by a rule written before its run, on patients no study
    had used (``studies/cue_default.py``, issue 28, ``docs/disorders.md``).

    音韻キュー付きの呼称（「/d/ で始まります」）。
    """

    categories: str = "uncued"

    name: ClassVar[str] = "cued_naming"
    mirrors: ClassVar[str] = ("Picture naming with phonemic cues, which help semantic aphasia patients much more than "
                              "semantic dementia patients (Jefferies & Lambon Ralph 2006, Brain 129:2132).")
    mirrors_ja: ClassVar[str] = ("音韻キュー付きの呼称：キューは意味性認知症より意味性失語の患者を大きく助ける"
                                 "（Jefferies & Lambon Ralph 2006, Brain 129:2132）。")

    def __post_init__(self):
        super().__post_init__()
        check_option("categories", self.categories, CUE_SCOPES)

    def _probabilities(self, b, rows, policies):
        lex = b.lexicon
        cue = phonemic_cue(lex.specific)[rows]  # (T, n_items): names sharing the target's first sound
        item = b.item.numpy()[:, rows, :] * cue[None]
        total = item.sum(-1, keepdims=True)
        item = item / np.where(total > 0, total, 1.0)
        basic, domain = b.basic.numpy()[:, rows, :], b.domain.numpy()[:, rows, :]
        if self.categories == "uncued":  # the cue narrows the names, not what the patient knows of the category
            return item, basic, domain
        sums = np.array([p.readout == "items" for p in policies])  # the readout is the patient's own
        if sums.any():
            basic = np.where(sums[:, None, None], item @ lex.membership("basic").numpy(), basic)
            domain = np.where(sums[:, None, None], item @ lex.membership("domain").numpy(), domain)
        return item, basic, domain


def _names_from_lexicon(lex, language: str) -> dict:
    """Display names of items, basic categories and domains (sorted), in the lexicon's order."""
    if language == "ja":
        return {"item": list(lex.names_ja), "basic": [lex.basic_ja[b] for b in lex.basics],
                "domain": [lex.domain_ja[d] for d in lex.domains]}
    return {"item": list(lex.specific), "basic": list(lex.basics), "domain": list(lex.domains)}


def _names(battery, language: str) -> dict:
    """Display names of items, basic categories and domains in *language*."""
    t = battery.items
    if language == "ja":
        return {"item": dict(zip(t["item_id"], t["name_ja"])), "basic": dict(zip(t["basic"], t["basic_ja"])),
                "domain": dict(zip(t["domain"], t["domain_ja"]))}
    return {"item": dict(zip(t["item_id"], t["specific"])), "basic": {b: b for b in t["basic"]},
            "domain": {d: d for d in t["domain"]}}


def naming_table(results: pd.DataFrame, *, patient: str | None = None, items=None, sessions=None) -> pd.DataFrame:
    """The longitudinal naming table (Patterson et al. 2007, Figure 2b): items × sessions.

    Each cell is "+" for a correct name, otherwise the response given.

    Parameters
    ----------
    results : DataFrame
        Output of :meth:`PictureNaming.run` (e.g. on a longitudinal patient).
    patient : str, optional
        Which patient, when *results* holds several.
    items : sequence of str, optional
        Item ids (rows, in this order); default every item, in trial order.
    sessions : sequence of int, optional
        Sessions (columns) to show; default all.

    Returns
    -------
    DataFrame
        Index: the items' names (``target``); columns: ``"session k (severity s)"``.
    """
    if "error" not in results.columns or (results["paradigm"] != PictureNaming.name).any():
        raise ValueError("naming_table needs the results of PictureNaming.run.")
    patients = list(dict.fromkeys(results["patient"]))
    if patient is None:
        if len(patients) > 1:
            raise ValueError(f"The results hold {len(patients)} patients; choose one with patient=, "
                             f"one of {', '.join(map(repr, patients))}.")
        patient = patients[0]
    elif patient not in patients:
        raise ValueError(f"Invalid value for 'patient'. Allowed values are {', '.join(map(repr, patients))}, "
                         f"but got {patient!r}.")
    one = results[results["patient"] == patient]
    if sessions is not None:
        sessions = [int(x) for x in sessions]
        unknown = sorted(set(sessions) - set(one["session"]))
        if unknown:
            raise ValueError(f"Unknown session(s) for naming_table: {unknown}.")
        one = one[one["session"].isin(sessions)]
    if items is not None:
        items = list(items)
        unknown = sorted(set(items) - set(one["item"]))
        if unknown:
            raise ValueError(f"Unknown item(s) for naming_table: {', '.join(map(repr, unknown))}.")
        one = one[one["item"].isin(items)]
    cell = np.where(one["correct"] == 1, "+", one["response"])
    one = one.assign(cell=cell, column=[f"session {s} (severity {v:g})"
                                        for s, v in zip(one["session"], one["severity"])])
    order = list(dict.fromkeys(one.sort_values("session")["column"]))
    table = one.pivot(index="item", columns="column", values="cell")[order]
    rows = items if items is not None else list(dict.fromkeys(one["item"]))
    table = table.loc[rows]
    table.index = one.drop_duplicates("item").set_index("item").loc[rows, "target"].to_numpy()
    table.index.name = "item"
    table.columns.name = None
    return table
