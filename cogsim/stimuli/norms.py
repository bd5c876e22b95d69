"""Item norms: lexical frequency, visual attributes and visual typicality of a battery's items.

The bundled battery carries all three in its ``items.csv`` (written when the
battery is built, by ``tools/add_norms.py``; see ``docs/batteries.md``):

``freq_en``, ``freq_ja``
    Zipf frequency (log10 of occurrences per billion words) of the item's
    English and Japanese names, from the ``wordfreq`` library (computed at
    build time, never at run time).
``attr_<name>``
    0/1 visual attributes (legs, wings, fur, hump, wheels …), coded by hand
    (``tools/attribute_coding.py``).
``typicality_domain``, ``typicality_basic``
    Visual typicality: the cosine similarity of the item's premorbid visual
    features (the default backbone's, canonical picture) to the mean
    features of the *other* items of its domain / basic category
    (:func:`visual_typicality`).
``facing``
    ``left``, ``right`` or ``front``: which way an animal's head points
    (used to align chimeras, :mod:`cogsim.stimuli.chimeras`).

A user battery may leave any of them out.  Paradigms that need a norm call
:func:`require_norms`, which refuses with an error naming the missing column
and how to supply it; frequencies can be filled in with :func:`add_frequencies`
(needs ``pip install "wordfreq[cjk]"``).

項目の規範データ：語の頻度（wordfreq）、視覚属性（手作業のコーディング）、視覚的典型性。
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from .._languages import renamed_keyword

__all__ = [
    "FREQUENCY_COLUMNS",
    "TYPICALITY_COLUMNS",
    "ATTRIBUTE_PREFIX",
    "attribute_names",
    "attribute_matrix",
    "add_frequencies",
    "word_frequency",
    "visual_typicality",
    "attribute_typicality",
    "family_resemblance",
    "distinctiveness",
    "require_norms",
    "zipf_frequencies",
    "HOW_TO_SUPPLY",
    "ATTRIBUTE_LABELS",
    "attribute_labels",
]

FREQUENCY_COLUMNS = {"en": "freq_en", "ja": "freq_ja"}
TYPICALITY_COLUMNS = ("typicality_domain", "typicality_basic")
ATTRIBUTE_PREFIX = "attr_"
#: Optional file beside items.csv: ``attribute, name_en, name_ja, rule`` (labels for figures and reports).
ATTRIBUTE_LABELS = "attributes.csv"

#: What to tell a user whose battery lacks a norm.
HOW_TO_SUPPLY = {
    "freq": "fill it with cogsim.stimuli.norms.add_frequencies(items) (pip install \"wordfreq[cjk]\") and save "
            "items.csv, or add a column of Zipf frequencies yourself",
    "attr": "add 0/1 columns named attr_<attribute> (e.g. attr_legs_4, attr_wings) to items.csv, one per visual "
            "attribute; the bundled battery's coding is in tools/attribute_coding.py",
    "typicality": "compute it with cogsim.stimuli.norms.visual_typicality(features, items['domain']) on the "
                  "canonical pictures' backbone features and add it to items.csv",
    "facing": "add a column 'facing' with left, right or front for each animal picture (which way its head points)",
}


@renamed_keyword("lang", "language")
def word_frequency(words, language: str) -> np.ndarray:
    """Zipf frequencies of *words* in language *language* ("en" or "ja") from ``wordfreq``.

    Zipf is log10 of the word's occurrences per billion words: 7 for the
    commonest words, about 3 for a word seen once per million, 0 for unknown.
    Multi-word names ("guinea fowl") get wordfreq's combined frequency.
    Japanese needs the ``cjk`` extra (MeCab segments the text).
    """
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        raise ImportError("Lexical frequencies come from the wordfreq library: pip install \"wordfreq[cjk]\" "
                          "(the cjk extra is needed for Japanese).") from None
    if language not in FREQUENCY_COLUMNS:
        raise ValueError(f"The 'language' parameter must be one of {', '.join(map(repr, FREQUENCY_COLUMNS))}. "
                         f"Got {language!r} instead.")
    return np.array([zipf_frequency(str(w).replace("_", " "), language) for w in words], dtype=float)


def add_frequencies(items: pd.DataFrame, *, overwrite: bool = False) -> pd.DataFrame:
    """*items* with ``freq_en`` / ``freq_ja`` from the ``name_en`` / ``name_ja`` columns (a copy).

    Columns already present are kept unless *overwrite*.  Names default to
    ``specific`` when the name columns are missing (as :func:`~cogsim.stimuli.read_manifest` does).
    """
    out = items.copy()
    for language, column in FREQUENCY_COLUMNS.items():
        if column in out.columns and not overwrite:
            continue
        names = out[f"name_{language}"] if f"name_{language}" in out.columns else out["specific"]
        out[column] = word_frequency(names, language).round(2)
    return out


def attribute_names(items: pd.DataFrame) -> list[str]:
    """The attributes coded in *items* (column names without the ``attr_`` prefix), in file order."""
    return [c[len(ATTRIBUTE_PREFIX):] for c in items.columns if c.startswith(ATTRIBUTE_PREFIX)]


def attribute_matrix(items: pd.DataFrame) -> pd.DataFrame:
    """``(items, attributes)`` 0/1 table indexed by item id; refuses a battery without attributes."""
    require_norms(items, ["attr"], "attribute_matrix")
    names = attribute_names(items)
    table = items[[ATTRIBUTE_PREFIX + n for n in names]].copy()
    table.columns = names
    table.index = list(items["item_id"])
    return table.astype(int)


@renamed_keyword("lang", "language")
def attribute_labels(battery, language: str = "en") -> dict:
    """``{attribute: label}`` in *language* ("en" or "ja") from the battery's ``attributes.csv``.

    Attributes without a label (or a battery without the file) are labelled
    by their name with underscores as spaces.
    """
    names = attribute_names(battery.items)
    labels = {n: n.replace("_", " ") for n in names}
    path = battery.root / ATTRIBUTE_LABELS
    if path.is_file():
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        column = f"name_{language}"
        if column in table.columns:
            labels.update({a: v for a, v in zip(table["attribute"], table[column]) if a in labels and v})
    return labels


def _loo_means(x: np.ndarray, groups) -> np.ndarray:
    """Each row's group mean over the *other* rows of its group (a nan row for a group of one)."""
    groups = np.asarray(list(groups))
    out = np.full(x.shape, np.nan)
    for g in np.unique(groups):
        idx = np.flatnonzero(groups == g)
        if len(idx) < 2:
            continue
        total = x[idx].sum(0)
        for i in idx:
            out[i] = (total - x[i]) / (len(idx) - 1)
    return out


def _loo_cosine(x: np.ndarray, groups) -> np.ndarray:
    """Cosine of each row of *x* with the mean of the other rows of its group (nan for a group of one)."""
    centroids = _loo_means(x, groups)
    out = np.full(len(x), np.nan)
    for i, centroid in enumerate(centroids):
        if np.isnan(centroid).any():
            continue
        denom = np.linalg.norm(x[i]) * np.linalg.norm(centroid)
        out[i] = float(x[i] @ centroid / denom) if denom > 0 else 0.0
    return out


def visual_typicality(features, groups, *, reference=None, reference_groups=None) -> np.ndarray:
    """Visual typicality: cosine similarity of each picture's features to its group's prototype.

    Parameters
    ----------
    features : array-like ``(n, d)``
        Premorbid backbone features of the pictures (e.g. ``picture_features(backbone, battery)``).
    groups : sequence of str
        Each picture's domain (or basic category).
    reference, reference_groups : optional
        Features and groups of the items that define the prototypes.  Without
        them the pictures are their own reference, each left out of its own
        prototype (leave-one-out), so an item is never compared with itself.
        With them (e.g. chimeras scored against the real items), every
        reference item of the group is in the prototype.

    Returns
    -------
    numpy.ndarray
        One value per picture; nan for a picture alone in its group.
    """
    x = np.asarray(features, dtype=float)
    if reference is None:
        return _loo_cosine(x, groups)
    ref = np.asarray(reference, dtype=float)
    ref_groups = np.asarray(list(reference_groups))
    out = np.full(len(x), np.nan)
    for i, g in enumerate(groups):
        members = ref[ref_groups == g]
        if len(members):
            centroid = members.mean(0)
            denom = np.linalg.norm(x[i]) * np.linalg.norm(centroid)
            out[i] = float(x[i] @ centroid / denom) if denom > 0 else 0.0
    return out


def attribute_typicality(items: pd.DataFrame, level: str = "domain") -> pd.Series:
    """Typicality on the coded attributes: cosine of the item's attribute vector to the leave-one-out
    mean of its domain's (or basic category's) vectors; a cross-check of the visual typicality."""
    attrs = attribute_matrix(items)
    return pd.Series(_loo_cosine(attrs.to_numpy(float), items[level]), index=attrs.index, name=f"attr_typicality_{level}")


def family_resemblance(items: pd.DataFrame, level: str = "domain") -> pd.Series:
    """Typicality as a property of the concept: family resemblance on the coded attributes (Rosch & Mervis 1975).

    Each attribute of an item is weighted by the share of the *other* members of
    its domain (or basic category, ``level="basic"``) that have it; the item's
    score is the sum of those weights over its attributes.  A duck (eyes, two
    legs, wings, feathers, beak, tail) scores high among animals, whose members
    mostly have eyes and tails; a camel's hump and an elephant's trunk add
    almost nothing.  Rosch & Mervis summed counts of members; the share keeps
    domains of different sizes comparable.  nan for an item alone in its group.

    Defined on 2026-12-03, before any patient was tested against it (issue 26:
    "defined and committed before the run that tests it"); the visual norms
    (``typicality_domain``, ``typicality_basic``) stay as they are.

    Examples
    --------
    >>> items = pd.DataFrame({"item_id": ["duck", "owl", "dog"], "domain": ["animal"] * 3,
    ...                       "attr_wings": [1, 1, 0], "attr_eyes": [1, 1, 1]})
    >>> family_resemblance(items).round(2).tolist()
    [1.5, 1.5, 1.0]
    """
    if level not in ("domain", "basic"):
        raise ValueError(f"Invalid value for 'level'. Allowed values are 'domain' and 'basic', but got {level!r}.")
    attrs = attribute_matrix(items).to_numpy(float)
    share_of_others = _loo_means(attrs, items[level])        # nan rows for an item alone in its group
    out = (attrs * share_of_others).sum(1)                    # nan stays nan
    return pd.Series(out, index=list(items["item_id"]), name=f"family_resemblance_{level}")


def distinctiveness(items: pd.DataFrame) -> pd.DataFrame:
    """``(domains, attributes)`` share of each domain's items that have each attribute.

    An attribute most of the domain has (eyes for animals) is *shared*; one
    few have (a hump) is *distinctive*.  Bozeat et al. (2003) split omissions
    and intrusions in delayed copy by this share.
    """
    attrs = attribute_matrix(items)
    return attrs.groupby(list(items["domain"])).mean()


def require_norms(items: pd.DataFrame, kinds, what: str) -> None:
    """Raise a ValueError naming the norm columns *what* needs and *items* lacks, and how to supply them.

    *kinds* lists ``"freq"`` (``freq_en``), ``"freq_ja"``, ``"attr"`` (at least one ``attr_`` column),
    ``"typicality"`` (``typicality_domain``) and ``"facing"``.
    """
    missing = []
    for kind in kinds:
        if kind == "attr":
            if not attribute_names(items):
                missing.append(("attr_<attribute>", HOW_TO_SUPPLY["attr"]))
            continue
        column = {"freq": "freq_en", "freq_ja": "freq_ja", "typicality": "typicality_domain",
                  "facing": "facing"}[kind]
        if column not in items.columns:
            missing.append((column, HOW_TO_SUPPLY[kind.split("_")[0]]))
    if missing:
        lines = "; ".join(f"column {c!r} is missing: {how}" for c, how in missing)
        raise ValueError(f"{what} needs item norms this battery does not have: {lines}. "
                         "See docs/batteries.md, 'Item norms'.")


def zipf_frequencies(battery, language: str, what: str) -> np.ndarray:
    """The Zipf frequency of every item of *battery* in *language* (``freq_en`` / ``freq_ja``), in battery order.

    A missing column is refused by :func:`require_norms` for *what*; a missing or non-numeric value with the
    items named.  Read by the frequency exposure of training and by the naming prior.
    """
    column = FREQUENCY_COLUMNS[language]
    require_norms(battery.items, ["freq" if language == "en" else "freq_ja"], what)
    zipf = np.asarray(pd.to_numeric(battery.items[column], errors="coerce"), dtype=np.float64)
    if not np.isfinite(zipf).all():
        bad = battery.items["item_id"][~np.isfinite(zipf)].tolist()[:3]
        raise ValueError(f"{what} needs a finite Zipf frequency for every item, but column {column!r} of battery "
                         f"{battery.name!r} is missing or not a number for item(s) {bad}.")
    return zipf
