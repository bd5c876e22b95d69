"""Retrieval shared by naming, delayed copy and object decision: how far down the hierarchy a patient gets.

:func:`retrieve` applies a patient's :class:`~cogsim.patients.ResponsePolicy`
(``most_specific`` or ``top_down``) to its beliefs about a set of pictures and
says, per picture, the most specific level it knows (item, basic category,
domain or none) and which item, category and domain it settled on.  Picture
naming says that name; :func:`recalled_beliefs` turns the same retrieval
into the beliefs a patient can recall *from*: only the item it knows, the
members of the basic category or domain it knows (weighted by its beliefs),
or, knowing nothing, all items.  Delayed copy draws from them and object
decision compares a picture with what they bring back.

想起：患者が階層のどこまで分かるか（呼称・遅延模写・物体判断で共通）。
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["Retrieved", "retrieve", "recalled_beliefs", "category_beliefs", "domain_mixture", "hierarchy", "LEVELS"]

#: Retrieval levels, coded 0..3.
LEVELS = ("item", "basic", "domain", "none")


class Retrieved(NamedTuple):
    """``(P, T)`` arrays: the level reached (0 item … 3 none), the item, basic category and domain settled
    on (indices into the lexicon's items and sorted categories) and their probabilities."""

    level: np.ndarray
    item: np.ndarray
    basic: np.ndarray
    domain: np.ndarray
    p_item: np.ndarray
    p_basic: np.ndarray
    p_domain: np.ndarray


def hierarchy(lex):
    """Index arrays: the basic category of each item, the domain of each item and of each basic category."""
    basics, domains = lex.basics, lex.domains
    basic_of_item = np.array([basics.index(x) for x in lex.basic])
    domain_of_item = np.array([domains.index(x) for x in lex.domain])
    domain_of_basic = np.array([domains.index(dict(zip(lex.basic, lex.domain))[x]) for x in basics])
    return basic_of_item, domain_of_item, domain_of_basic


def retrieve(item_p: np.ndarray, basic_p: np.ndarray, domain_p: np.ndarray, lex, thresholds) -> Retrieved:
    """Apply each patient's thresholds to its ``(P, T, ·)`` item, basic and domain probabilities.

    *thresholds* is one :class:`~cogsim.patients.ResponsePolicy` per patient
    (its ``specific``, ``basic``, ``domain`` and ``naming`` rule are used).
    """
    t_specific = np.array([t.specific for t in thresholds])[:, None]
    t_basic = np.array([t.basic for t in thresholds])[:, None]
    t_domain = np.array([t.domain for t in thresholds])[:, None]
    top_down = np.array([t.naming == "top_down" for t in thresholds])[:, None]
    basic_of_item, domain_of_item, domain_of_basic = hierarchy(lex)

    # most_specific: the most probable item, basic category and domain, each over all
    top_item, top_basic, top_domain = item_p.argmax(-1), basic_p.argmax(-1), domain_p.argmax(-1)
    if top_down.any():
        # top_down: the domain, then the best basic category inside it, then the best item inside that
        td_basic = np.where(domain_of_basic == top_domain[..., None], basic_p, -1.0).argmax(-1)
        td_item = np.where(basic_of_item == td_basic[..., None], item_p, -1.0).argmax(-1)
        top_item = np.where(top_down, td_item, top_item)
        top_basic = np.where(top_down, td_basic, top_basic)
    p_item = np.take_along_axis(item_p, top_item[..., None], -1)[..., 0]
    p_basic = np.take_along_axis(basic_p, top_basic[..., None], -1)[..., 0]
    p_domain = np.take_along_axis(domain_p, top_domain[..., None], -1)[..., 0]
    # level: 0 specific, 1 basic, 2 domain, 3 none
    level = np.select([p_item >= t_specific, p_basic >= t_basic, p_domain >= t_domain], [0, 1, 2], default=3)
    if top_down.any():
        knows_domain = p_domain >= t_domain
        knows_basic = knows_domain & (p_basic >= t_basic)
        knows_item = knows_basic & (p_item >= t_specific * p_basic)  # p(item | basic) >= specific
        td_level = np.select([knows_item, knows_basic, knows_domain], [0, 1, 2], default=3)
        level = np.where(top_down, td_level, level)
    return Retrieved(level, top_item, top_basic, top_domain, p_item, p_basic, p_domain)


def _retrieved_members(retrieved: Retrieved, lex) -> np.ndarray:
    """``(P, T, n_items)`` True for the items of what was retrieved: the item, its basic category, its domain,
    or (nothing retrieved) every item."""
    basic_of_item, domain_of_item, _ = hierarchy(lex)
    n = len(basic_of_item)
    level = retrieved.level[..., None]
    return np.select(
        [level == 0, level == 1, level == 2],
        [np.arange(n) == retrieved.item[..., None], basic_of_item == retrieved.basic[..., None],
         domain_of_item == retrieved.domain[..., None]],
        default=True)


def category_beliefs(retrieved: Retrieved, lex, within: str | None = None) -> np.ndarray:
    """``(P, T, n_items)`` beliefs that recall a category as a whole: equal weight on every member of what
    was retrieved (the item alone; every item of its basic category or domain; every item if nothing).

    The look regenerated from them is the category's own average look, whatever the patient's damaged
    beliefs about which member it is (``ResponsePolicy(object_decision="category")``).  With *within* (a
    domain the task names, ``object_decision="task_domain"``), what was retrieved outside that domain, or
    nothing, is replaced by the domain as a whole.
    """
    inside = _retrieved_members(retrieved, lex)
    if within is not None:
        if within not in lex.domains:
            raise ValueError(f"within={within!r} is not a domain of the lexicon ({', '.join(lex.domains)}).")
        _, domain_of_item, _ = hierarchy(lex)
        task = domain_of_item == lex.domains.index(within)
        outside = (inside & ~task).any(-1, keepdims=True)
        inside = np.where(outside, task, inside)
    inside = inside.astype(np.float64)
    return inside / inside.sum(-1, keepdims=True)


def domain_mixture(domain_p: np.ndarray, lex) -> np.ndarray:
    """``(P, T, n_items)`` beliefs that recall every domain as a whole, each weighed by the hub's belief in it.

    *domain_p* ``(P, T, n_domains)`` are domain probabilities in the lexicon's domain order (normalised here).
    Each item gets its domain's probability shared equally among the domain's members, so the attributes
    regenerated from these beliefs are the belief-weighted mixture of the domains' generic members
    (``ResponsePolicy(drawing="mixture")`` when nothing is retrieved).
    """
    domain_p = np.asarray(domain_p, dtype=np.float64)
    _, domain_of_item, _ = hierarchy(lex)
    if domain_p.shape[-1] != len(lex.domains):
        raise ValueError(f"domain_mixture: {domain_p.shape[-1]} domain probabilities for a lexicon with "
                         f"{len(lex.domains)} domains ({', '.join(lex.domains)}).")
    total = domain_p.sum(-1, keepdims=True)
    domain_p = domain_p / np.where(total > 0, total, 1.0)
    members = np.bincount(domain_of_item, minlength=len(lex.domains)).astype(np.float64)
    return domain_p[..., domain_of_item] / members[domain_of_item]


def recalled_beliefs(item_p: np.ndarray, retrieved: Retrieved, lex) -> np.ndarray:
    """``(P, T, n_items)`` beliefs a patient recalls from, given what it retrieved.

    Knowing the item: all weight on it.  Knowing only the basic category (or
    the domain): the item probabilities inside it, renormalised, so the
    recollection is the category as this patient believes it.  Knowing
    nothing: the item probabilities over the whole battery.
    """
    inside = _retrieved_members(retrieved, lex)
    weights = np.where(inside, item_p, 0.0)
    total = weights.sum(-1, keepdims=True)
    # an item known with probability 0 cannot happen (it was the argmax); guard the division anyway
    return np.where(total > 0, weights / np.where(total > 0, total, 1.0), inside / inside.sum(-1, keepdims=True))
