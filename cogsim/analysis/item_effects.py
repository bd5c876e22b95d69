"""Item effects of semantic dementia: frequency, typicality, consistency and the drift of errors.

The item-level findings that distinguish SD (Patterson et al. 2006; Woollams
et al. 2008; Jefferies & Lambon Ralph 2006), measured on tidy paradigm
results and the battery's item norms (``freq_en``, ``typicality_domain`` …,
see :mod:`cogsim.stimuli.norms`).  Every function returns one value (or
one row) per *unit*: per virtual patient, or, when the results hold a single
patient, per session, so that the signature tests of
:mod:`cogsim.analysis.signatures` can treat patients as clusters (one value
per patient, tested across patients).

=========================  ===========================================================================
function                   per unit
=========================  ===========================================================================
:func:`naming_item_model`  linear-probability model of naming success on the item's frequency,
                           typicality and their product (both z-scored over the battery's items),
                           with one intercept per session (severity is absorbed)
:func:`naming_item_anatomy`  descriptive, pooled over patients: per stage and frequency × typicality
                           cell, naming success split into reaching a specific name and choosing the
                           right one, with the interaction of each part and on the log-odds scale
:func:`task_consistency`   mean Pearson correlation, over pairs of tasks, of the items' accuracies
                           (the same items fail in naming, word–picture matching, verification)
:func:`session_consistency`  mean phi coefficient of naming success between consecutive sessions
:func:`error_drift`        per semantic error naming another item: the norm of the name given minus
                           the mean norm of the names that would have made the same kind of error
=========================  ===========================================================================

項目効果：頻度・典型性・一貫性・誤りの偏り。
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from ._inference import units as _unit  # the unit of inference, as every signature test defines it
from ._stages import add_stages

__all__ = ["naming_item_model", "naming_item_anatomy", "standardised_within_domains", "ANATOMY_CELLS", "task_consistency", "session_consistency", "error_drift", "CONSISTENCY_PARADIGMS"]

#: Tasks whose item accuracies are compared by :func:`task_consistency`.
CONSISTENCY_PARADIGMS = ("picture_naming", "word_picture_matching", "category_verification")


def _norm(items: pd.DataFrame, column: str) -> pd.Series:
    """The item norm *column*, indexed by item id; refuses a missing or incomplete column by name."""
    if items is None:
        raise ValueError(f"Item effects need the battery's item norms (column {column!r}); pass items=battery.items.")
    if column not in items.columns:
        from ..stimuli.norms import require_norms  # names the column and how to supply it

        kind = {"freq_en": "freq", "freq_ja": "freq_ja", "typicality_domain": "typicality"}.get(column)
        if kind:
            require_norms(items, [kind], "item effects")
        raise ValueError(f"Item effects need the item norm {column!r}, which the item table does not have.")
    values = pd.to_numeric(items.set_index("item_id")[column], errors="coerce")
    if values.isna().any():
        bad = values.index[values.isna()][:3].tolist()
        raise ValueError(f"Item norm {column!r} is missing or not a number for item(s) {bad}.")
    return values


def _zscore(values: pd.Series) -> pd.Series:
    sd = values.std(ddof=0)
    if not sd > 0:
        raise ValueError(f"Item norm {values.name!r} has the same value for every item: it cannot predict anything.")
    return (values - values.mean()) / sd


def standardised_within_domains(items: pd.DataFrame, columns, *, by: str = "domain") -> pd.DataFrame:
    """*items* with each of *columns* standardised within each domain (the domain's own mean and SD).

    What is left of a norm once the differences between domains are taken out:
    fitted with these columns, :func:`naming_item_model` asks whether, inside a
    domain, the items higher on a norm are named better.  A domain of one item,
    or whose values are all equal, gets 0; a missing value stays missing.
    With ``by="basic"`` the groups are the basic categories instead, which
    also takes out the categories' sizes (family resemblance grows with the
    size of an item's basic category; docs/item_effects.md).

    Examples
    --------
    >>> items = pd.DataFrame({"domain": ["animal"] * 2 + ["artefact"] * 2, "norm": [3.0, 1.0, 0.5, 0.3]})
    >>> standardised_within_domains(items, ["norm"])["norm"].round(2).tolist()
    [1.0, -1.0, 1.0, -1.0]
    >>> items = items.assign(basic=["bird", "bird", "bird", "tool"])
    >>> standardised_within_domains(items, ["norm"], by="basic")["norm"].round(2).tolist()
    [1.39, -0.46, -0.93, 0.0]
    """
    if by not in items.columns:
        raise ValueError(f"standardised_within_domains: the item table has no {by!r} column to group by "
                         f"(it has {', '.join(map(str, items.columns))}).")
    own = items.copy()
    for column in columns:
        values = pd.to_numeric(own[column], errors="coerce")
        group = values.groupby(own[by])
        spread = group.transform(lambda v: v.std(ddof=0))
        centred = values - group.transform("mean")
        own[column] = np.where(spread > 0, centred / spread.where(spread > 0), centred * 0.0)
    return own


def naming_item_model(results: pd.DataFrame, items: pd.DataFrame, *, frequency: str = "freq_en",
                      typicality: str = "typicality_domain") -> pd.DataFrame:
    """Per unit, how naming success depends on the item's frequency and typicality.

    For each patient (or each session of a single patient) an ordinary
    least-squares linear-probability model is fitted to its naming trials::

        correct ~ session intercepts + b_f·z(frequency) + b_t·z(typicality) + b_ft·z(frequency)·z(typicality)

    Norms are z-scored over the battery's items, so ``b_f`` is the change in
    the probability of a correct name per SD of frequency.  A negative
    ``b_ft`` means typicality matters more for low-frequency items, the
    interaction of Patterson et al. (2006): low-frequency atypical items are
    worst.  (On the probability scale, a ceiling on easy items also pushes
    ``b_ft`` down; the cell accuracies beside it show what the fit summarises.)

    Parameters
    ----------
    results : DataFrame
        Tidy results holding picture naming trials.
    items : DataFrame
        The battery's item table (``battery.items``) with the two norm columns.
    frequency, typicality : str
        Norm columns.

    Returns
    -------
    DataFrame
        One row per unit: ``frequency``, ``typicality``, ``interaction`` (the
        three coefficients), ``trials``, and the accuracy of the four cells of
        a median split, ``low_freq_atypical`` … ``high_freq_typical``.
    """
    naming = results[results["paradigm"] == "picture_naming"]
    if naming.empty:
        raise ValueError("naming_item_model needs picture naming trials.")
    f, t = _zscore(_norm(items, frequency)), _zscore(_norm(items, typicality))
    unknown = sorted(set(naming["item"]) - set(f.index))
    if unknown:
        raise ValueError(f"Items {unknown[:3]} of the results are not in the item table.")
    zf, zt = f.loc[naming["item"]].to_numpy(), t.loc[naming["item"]].to_numpy()
    high_f = (f > f.median()).loc[naming["item"]].to_numpy()
    high_t = (t > t.median()).loc[naming["item"]].to_numpy()
    frame = naming[["patient", "session"]].assign(zf=zf, zt=zt, y=naming["correct"].astype(float).to_numpy(),
                                                  cell=np.where(high_f, "high_freq_", "low_freq_")
                                                  + np.where(high_t, "typical", "atypical"))
    unit = _unit(naming)
    rows = []
    for key, own in frame.groupby(unit, observed=True, sort=True):
        sessions = pd.get_dummies(own["session"].astype(str), dtype=float).to_numpy()
        design = np.column_stack([sessions, own["zf"], own["zt"], own["zf"] * own["zt"]])
        coef, *_ = np.linalg.lstsq(design, own["y"].to_numpy(), rcond=None)
        row = {unit: key, "frequency": coef[-3], "typicality": coef[-2], "interaction": coef[-1],
               "trials": len(own)}
        row.update(own.groupby("cell")["y"].mean().to_dict())
        rows.append(row)
    cells = ["low_freq_atypical", "low_freq_typical", "high_freq_atypical", "high_freq_typical"]
    return pd.DataFrame(rows).reindex(columns=[unit, "frequency", "typicality", "interaction", "trials", *cells])


#: The four cells of a median split on frequency and typicality, in the order the anatomy reports them.
ANATOMY_CELLS = ("low_freq_atypical", "low_freq_typical", "high_freq_atypical", "high_freq_typical")


def naming_item_anatomy(results: pd.DataFrame, items: pd.DataFrame, *, frequency: str = "freq_en",
                        typicality: str = "typicality_domain") -> pd.DataFrame:
    """Where a frequency × typicality pattern in naming comes from (descriptive, pooled over patients).

    A correct name needs two things: the patient must get as far as a
    specific name (``response_level == "specific"``; not a category name, not
    "don't know") and that name must be the right item.  So per cell
    ``correct = reached × chosen`` exactly, and an interaction in ``correct``
    can be traced to the part that carries it.  For each observed stage of
    damage (:func:`~cogsim.analysis.severity_stages`; controls left out) and
    each cell of a median split on the two norms, the table gives the three
    shares; for each stage, a row with ``cell == "interaction"`` gives
    ``(high_freq_typical − high_freq_atypical) − (low_freq_typical −
    low_freq_atypical)`` of each share (negative: typicality matters more for
    low-frequency items, the patients' pattern of Patterson et al. 2006) and,
    in ``correct_logit``, the same contrast of the log-odds of ``correct``
    (each cell with 0.5 added to both counts), which a floor or a ceiling on
    the probability scale does not produce.

    Pooled trials, no inference: the signature test of the interaction is
    :func:`naming_item_model` per patient.

    Parameters
    ----------
    results : DataFrame
        Tidy results holding picture naming trials with ``response_level``.
    items : DataFrame
        The battery's item table with the two norm columns.
    frequency, typicality : str
        Norm columns.

    Returns
    -------
    DataFrame
        ``stage``, ``cell``, ``trials``, ``correct``, ``reached``, ``chosen``
        (correct given reached; NaN when nothing was reached) and
        ``correct_logit`` (interaction rows only).

    Examples
    --------
    >>> items = pd.DataFrame({"item_id": list("abcd"), "freq_en": [1, 1, 5, 5], "typicality_domain": [0, 1, 0, 1]})
    >>> trials = pd.DataFrame({"paradigm": "picture_naming", "patient": "p", "session": 1, "severity": 0.5,
    ...                        "lesion": "noise", "item": list("abcd") * 2, "correct": [0, 1, 1, 1, 0, 0, 1, 1],
    ...                        "response_level": ["specific"] * 4 + ["none"] + ["specific"] * 3})
    >>> table = naming_item_anatomy(trials, items)
    >>> table.loc[table["cell"] == "interaction", ["stage", "correct", "reached", "chosen"]].values.tolist()
    [['mild', -0.5, -0.5, -0.5]]
    """
    naming = results[results["paradigm"] == "picture_naming"]
    if naming.empty:
        raise ValueError("naming_item_anatomy needs picture naming trials.")
    if "response_level" not in naming.columns:
        raise ValueError("naming_item_anatomy needs the 'response_level' column PictureNaming writes.")
    f, t = _norm(items, frequency), _norm(items, typicality)
    unknown = sorted(set(naming["item"]) - set(f.index))
    if unknown:
        raise ValueError(f"Items {unknown[:3]} of the results are not in the item table.")
    data = add_stages(naming)
    data = data[data["stage"].astype(str) != "control"]
    high_f = (f > f.median()).loc[data["item"]].to_numpy()
    high_t = (t > t.median()).loc[data["item"]].to_numpy()
    data = data.assign(cell=np.where(high_f, "high_freq_", "low_freq_") + np.where(high_t, "typical", "atypical"),
                       reached=(data["response_level"].astype(str) == "specific").astype(float),
                       correct=data["correct"].astype(float))
    rows = []
    for stage, own in data.groupby("stage", observed=True, sort=True):
        cells = {}
        for cell in ANATOMY_CELLS:
            trials = own[own["cell"] == cell]
            reached = trials[trials["reached"] == 1]
            cells[cell] = {"stage": str(stage), "cell": cell, "trials": len(trials),
                           "correct": trials["correct"].mean() if len(trials) else np.nan,
                           "reached": trials["reached"].mean() if len(trials) else np.nan,
                           "chosen": reached["correct"].mean() if len(reached) else np.nan,
                           "_hits": trials["correct"].sum(), "_n": len(trials)}
            rows.append(cells[cell])

        def contrast(column):
            v = {c: cells[c][column] for c in ANATOMY_CELLS}
            return (v["high_freq_typical"] - v["high_freq_atypical"]) - (v["low_freq_typical"] - v["low_freq_atypical"])

        logit = {c: np.log((cells[c]["_hits"] + 0.5) / (cells[c]["_n"] - cells[c]["_hits"] + 0.5)) for c in ANATOMY_CELLS}
        rows.append({"stage": str(stage), "cell": "interaction", "trials": len(own),
                     "correct": contrast("correct"), "reached": contrast("reached"), "chosen": contrast("chosen"),
                     "correct_logit": (logit["high_freq_typical"] - logit["high_freq_atypical"])
                     - (logit["low_freq_typical"] - logit["low_freq_atypical"])})
    columns = ["stage", "cell", "trials", "correct", "reached", "chosen", "correct_logit"]
    return pd.DataFrame(rows).reindex(columns=columns)


def _correlation(table: pd.DataFrame, a, b) -> float | None:
    """Pearson r of columns *a* and *b* over the items that have both; None if either is constant or absent."""
    if a not in table or b not in table:
        return None
    pair = table[[a, b]].dropna()
    if len(pair) > 2 and pair[a].std() > 0 and pair[b].std() > 0:
        return float(np.corrcoef(pair[a], pair[b])[0, 1])
    return None


def task_consistency(results: pd.DataFrame, *, paradigms=CONSISTENCY_PARADIGMS) -> pd.DataFrame:
    """Per unit, how far the same items fail in different tasks.

    For each unit, each task's accuracy on each item (over the unit's
    sessions and the item's trials) is computed; the value is the mean
    Pearson correlation of those item accuracies over every pair of tasks
    (pairs in which a task has the same accuracy on every item are left
    out).  0 means the tasks fail on unrelated items.

    Returns
    -------
    DataFrame
        One row per unit: ``consistency`` (the mean correlation), one
        ``r_<task>__<task>`` column per pair and ``pairs`` (how many were usable).
    """
    data = results[results["paradigm"].isin(paradigms)]
    present = [p for p in paradigms if p in set(data["paradigm"])]
    if len(present) < 2:
        raise ValueError(f"task_consistency needs at least two of {', '.join(paradigms)}; the results have "
                         f"{', '.join(present) or 'none'}.")
    unit = _unit(data)
    rows = []
    for key, own in data.groupby(unit, observed=True, sort=True):
        table = own.groupby(["item", "paradigm"], observed=True)["correct"].mean().unstack("paradigm")
        row, values = {unit: key}, []
        for a, b in combinations(present, 2):
            r = _correlation(table, a, b)
            if r is not None:
                row[f"r_{a}__{b}"] = r
                values.append(r)
        row["consistency"] = float(np.mean(values)) if values else np.nan
        row["pairs"] = len(values)
        rows.append(row)
    return pd.DataFrame(rows)


def session_consistency(results: pd.DataFrame, *, paradigm: str = "picture_naming") -> pd.DataFrame:
    """Per patient, how far the items that fail in one session fail in the next.

    The phi coefficient (Pearson correlation of 0/1 success) of each item's
    result in consecutive sessions of a patient, averaged over its pairs of
    sessions (pairs in which a session is all right or all wrong are left
    out).  0 means that which items fail is renewed at every session.  With
    a single patient, each pair of consecutive sessions is a unit.

    Returns
    -------
    DataFrame
        One row per unit: ``consistency`` and ``pairs``.
    """
    data = results[results["paradigm"] == paradigm]
    single = data["patient"].nunique() == 1
    rows = []
    for patient, own in data.groupby("patient", observed=True, sort=True):
        table = own.pivot_table(index="item", columns="session", values="correct", aggfunc="mean", observed=True)
        sessions = sorted(table.columns)
        values = []
        for a, b in zip(sessions, sessions[1:]):
            r = _correlation(table, a, b)
            if r is not None:
                if single:
                    rows.append({"session": f"{a}-{b}", "consistency": r, "pairs": 1})
                values.append(r)
        if not single:
            rows.append({"patient": patient, "consistency": float(np.mean(values)) if values else np.nan,
                         "pairs": len(values)})
    return pd.DataFrame(rows, columns=["session" if single else "patient", "consistency", "pairs"])


def error_drift(results: pd.DataFrame, items: pd.DataFrame, norm: str) -> pd.DataFrame:
    """Semantic naming errors and how far the name given exceeds its alternatives on an item norm.

    Only errors that name another item are used (``error_detail``
    ``coordinate`` or ``within_domain`` with ``response_level``
    ``specific``).  A wrong name is compared with the names that would have
    made the same kind of error: for a coordinate error, the other items of
    the target's basic category; for a within-domain error, the items of the
    domain's other basic categories.  ``drift`` = norm of the name given −
    mean norm of those alternatives, so a random choice among them has an
    expected drift of 0 — whichever items fail.  (Comparing with the target
    instead would find a drift toward typical names from chance alone, since
    atypical targets fail most.)

    Returns
    -------
    DataFrame
        One row per such error: ``patient``, ``session``, ``severity``,
        ``item``, ``response_id``, ``target_norm``, ``response_norm``,
        ``alternatives_norm``, ``drift``.
    """
    needed = {"error_detail", "response_level", "response_id"}
    naming = results[results["paradigm"] == "picture_naming"]
    if not needed <= set(naming.columns):
        raise ValueError(f"error_drift needs picture naming results with the columns {sorted(needed)}.")
    values = _norm(items, norm)
    table = items.set_index("item_id")
    errors = naming[naming["error_detail"].isin(["coordinate", "within_domain"])
                    & (naming["response_level"] == "specific")]
    unknown = sorted(set(errors["response_id"]) - set(values.index))
    if unknown:
        raise ValueError(f"Responses {unknown[:3]} name items that are not in the item table.")
    basic, domain = table["basic"], table["domain"]
    alternatives = {}
    for item in set(errors["item"]):
        same_basic = basic == basic[item]
        alternatives[(item, "coordinate")] = values[same_basic & (basic.index != item)].mean()
        alternatives[(item, "within_domain")] = values[(domain == domain[item]) & ~same_basic].mean()
    alt = np.array([alternatives[(i, d)] for i, d in zip(errors["item"], errors["error_detail"])], dtype=float)
    out = errors[["patient", "session", "severity", "item", "response_id"]].copy()
    out["target_norm"] = values.loc[errors["item"]].to_numpy()
    out["response_norm"] = values.loc[errors["response_id"]].to_numpy()
    out["alternatives_norm"] = alt
    out["drift"] = out["response_norm"] - alt
    return out.reset_index(drop=True)
