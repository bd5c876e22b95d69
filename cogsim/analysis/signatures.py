"""Signature tests: does a virtual cohort show the findings of Patterson et al. (2007), Figure 2?

Each signature in :func:`~cogsim.analysis.reference.load_signatures` is tested
on tidy paradigm results, and the outcome is reported whatever it is.
Severity is handled as the human studies handle it: sessions are grouped into
observed stages by naming accuracy (:func:`severity_stages`), and trends are
modelled on the lesion severity within those stages.

Inference respects patients as clusters and stays valid with few of them:
every test is computed on per-patient summaries (one value per virtual
patient) and tested across patients with a one-sided t-test on
``patients − 1`` degrees of freedom.  Cluster-robust (sandwich) errors,
which cogsim 0.1 used, are anti-conservative with 5–8 clusters.  With one
patient, its sessions are the units and the test speaks for that patient
only.  Every tested signature carries an effect size beside its p value:
the estimate in natural units (``unit``) and a standardised ``effect_size``
(d_z, the mean over the SD of the per-patient values).

======================  =================================================================
check                   per-patient summary, tested across patients
======================  =================================================================
``level_contrast``      accuracy difference between two levels, session by session,
                        averaged per patient
``condition_contrast``  the same with colour typicality as the condition
``trend``               OLS slope of the session share of the measure on severity
``gap_trend``           OLS slope of the per-session accuracy gap between two levels
``rise_fall``           quadratic coefficient of the session share on severity, which
                        must be negative, with the mean curve's peak inside the range
``dominant``            per-session margin of the measure over the commonest other
                        response, averaged per patient
``peak_order``          severity of the peak of the mean share of each of two measures;
                        the difference, with a patient bootstrap interval
``ceiling`` / ``floor`` the largest (smallest) mean share per stage and condition, against
                        the threshold, with a t interval across patients (no test)
``chance``              equivalence to chance (two one-sided tests): per condition, the
                        90% t interval of mean accuracy lies within 0.5 ± ``threshold``
``chance_or_below``     accuracy is at chance or worse: the upper 90% t bound of mean
                        accuracy across patients is at most 0.5 + ``threshold``
``group_contrast``      like ``level_contrast`` for another column of the results:
                        ``contrast`` is ``column:first>second`` (e.g. ``domain:animal>artefact``)
``share_contrast``      the trials whose response is ``measure`` (e.g. intruded attributes)
                        have a larger mean ``share`` (how common the attribute is in the
                        domain) than all trials of the subset, session by session
``item_regression``     per-unit linear-probability model of naming success on the items'
                        z-scored frequency, typicality and their product, one intercept per
                        session; ``contrast`` names the coefficient tested (``frequency``,
                        ``typicality``, ``interaction``); see
                        :func:`~cogsim.analysis.item_effects.naming_item_model`
``task_consistency``    mean correlation of the items' accuracies between tasks (``paradigm``
                        lists them, separated by ``;``)
``session_consistency`` mean phi of item success between consecutive sessions
``error_drift``         semantic errors: ``measure`` (an item norm) of the name given minus the
                        mean of the names that would have made the same kind of error;
                        ``typicality`` stands for the naming typicality norm (below)
``error_drift_trend``   slope of the per-session mean drift on severity
``not_covered``         no cogsim paradigm tests it yet; reported as such
======================  =================================================================

The item checks need the battery's item norms (``items=battery.items``).
Naming typicality (the ``typicality`` term of ``item_regression`` and the
``typicality`` measure of the drift checks) is family resemblance to the domain
on the coded attributes when the battery has them (:func:`naming_typicality`;
issue 26, ``studies/typicality_norm.py``), otherwise visual typicality; each
verdict's ``norm`` says which, and its note gives the test with the other.
A signature's ``subset`` (``column=value``, optional) restricts its trials
first, e.g. ``condition=absent`` for intrusions in delayed copy.

Directional tests are one-sided at α = 0.05; intervals are two-sided 90%
(the one-sided 95% bound).  A signature that every baseline also reproduces
is not diagnostic of SD (see :mod:`cogsim.analysis.baselines`).

徴候テスト：仮想コホートが図2の所見を再現するか。
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, NamedTuple

import numpy as np
import pandas as pd

from .._random import check_random_state
from .._registry import Registry
from ._inference import units as _units
from ._stages import STAGE_BOUNDS, STAGES, add_stages, severity_stages
from .item_effects import (error_drift, naming_item_model, session_consistency, standardised_within_domains,
                           task_consistency)
from .reference import load_signatures

__all__ = ["severity_stages", "add_stages", "evaluate_signatures", "STAGES", "STAGE_BOUNDS", "SignatureCheck",
           "SignatureContext", "register_signature_check", "list_signature_checks", "get_signature_check",
           "check_signature_table", "SIGNATURE_COLUMNS", "OPTIONAL_SIGNATURE_COLUMNS", "naming_typicality",
           "CONCEPT_TYPICALITY", "VISUAL_TYPICALITY"]

_ALPHA = 0.05
_VERDICT_COLUMNS = ["signature", "panel", "paradigm", "description", "expected", "estimate", "unit", "ci_low",
                    "ci_high", "p", "effect_size", "reproduced", "n_patients", "n_trials", "norm", "method", "note"]


# --- helpers -------------------------------------------------------------------------------------
def _summary_test(values, direction: str) -> dict:
    """One-sided one-sample t-test of per-unit summaries against 0; effect size d_z = mean / SD.

    Valid with few units (df = n − 1), unlike cluster-robust errors with a
    handful of clusters.  No variance: a nonzero mean is certain in its
    direction, a zero mean shows no effect (p = 0.5).
    """
    from scipy.stats import t as student

    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    n = len(values)
    if n < 2:
        raise _Untestable(f"needs at least two units with a value (has {n})")
    mean, sd = float(values.mean()), float(values.std(ddof=1))
    sign = 1.0 if direction == ">" else -1.0
    if sd > 0:
        se = sd / np.sqrt(n)
        t = sign * mean / se
        p = float(student.sf(t, n - 1))
        half = float(student.ppf(1 - _ALPHA, n - 1)) * se
        low, high, d = mean - half, mean + half, mean / sd
    else:
        p = 0.5 if mean == 0 else (0.0 if sign * mean > 0 else 1.0)
        low = high = mean
        d = 0.0 if mean == 0 else np.sign(mean) * np.inf
    return dict(estimate=mean, ci_low=low, ci_high=high, p=p, effect_size=d, reproduced=bool(p < _ALPHA))


def _slope_test(points: pd.DataFrame, value: str, direction: str, degree: int = 1) -> dict:
    """Per-unit polynomial fits of *value* on severity; the top coefficient tested across units.

    With several patients each patient's coefficient is one value of a
    t-test across patients.  With one patient, its sessions are the points
    of one OLS fit and the coefficient's own t-test is used (inference about
    this patient only); its effect size is then the coefficient in SDs of
    the value per SD of severity.
    """
    from scipy.stats import t as student

    if points["patient"].nunique() > 1:
        coefs = []
        for _, own in points.groupby("patient", observed=True):
            if own["severity"].nunique() > degree:
                coefs.append(np.polyfit(own["severity"], own[value], degree)[0])
        return _summary_test(coefs, direction)
    if points["severity"].nunique() <= degree:
        raise _Untestable(f"needs at least {degree + 1} severities in these stages")
    x = points["severity"].to_numpy(float)
    design = np.vander(x, degree + 1)
    y = points[value].to_numpy(float)
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    df = len(y) - degree - 1
    residual = y - design @ coef
    sign = 1.0 if direction == ">" else -1.0
    if df > 0 and residual.var() > 0:
        cov = residual @ residual / df * np.linalg.inv(design.T @ design)
        se = float(np.sqrt(cov[0, 0]))
        p = float(student.sf(sign * coef[0] / se, df))
        half = float(student.ppf(1 - _ALPHA, df)) * se
    else:
        p = 0.5 if coef[0] == 0 else (0.0 if sign * coef[0] > 0 else 1.0)
        half = 0.0
    scale = float(np.std(x ** degree)) / float(np.std(y)) if np.std(y) > 0 else np.nan
    return dict(estimate=float(coef[0]), ci_low=float(coef[0] - half), ci_high=float(coef[0] + half), p=p,
                effect_size=float(coef[0]) * scale, reproduced=bool(p < _ALPHA))


def _method(data, what: str, regression: bool = False) -> str:
    if _units(data) == "patient":
        return (f"{what}; one-sided t-test across patients (df = patients − 1); effect size d_z "
                "(mean / SD over patients)")
    if regression:
        return f"{what}; one patient: OLS over its sessions, t-test of the coefficient; effect size standardised"
    return f"{what}; one patient: t-test across its sessions; effect size d_z (mean / SD over sessions)"


def _measure(frame: pd.DataFrame, measure: str) -> pd.Series:
    """1 where a trial shows *measure*: ``correct``, a naming error class, or else a response (``intruded``)."""
    if measure == "correct":
        return frame["correct"].astype(int)
    naming = "paradigm" not in frame.columns or frame["paradigm"].astype(str).eq("picture_naming").all()
    if "error" in frame.columns and naming:  # picture naming's error classes
        return (frame["error"] == measure).astype(int)
    return (frame["response"].astype(str) == measure).astype(int)


def _shares(data: pd.DataFrame, measure: str, by=("patient", "session", "severity")) -> pd.DataFrame:
    """The share of *measure* per patient-session (and any further grouping)."""
    return (data.assign(y=_measure(data, measure)).groupby(list(by), observed=True)["y"].mean()
            .rename("share").reset_index())


def _per_unit(frame: pd.DataFrame, data: pd.DataFrame, value: str) -> pd.Series:
    """*value* averaged per unit (patient, or session for one patient)."""
    return frame.groupby(_units(data), observed=True)[value].mean()


def _result(sig, **values) -> dict:
    out = {"signature": sig["signature"], "panel": sig["panel"], "paradigm": sig["paradigm"],
           "description": sig["description"], "expected": _expected(sig), "estimate": np.nan, "unit": "",
           "ci_low": np.nan, "ci_high": np.nan, "p": np.nan, "effect_size": np.nan, "reproduced": pd.NA,
           "n_patients": 0, "n_trials": 0, "norm": "", "method": "", "note": ""}
    out.update({k: v for k, v in values.items() if k in out})
    return out


def _expected(sig) -> str:
    """The signature's expected outcome in words, from its check's ``expected`` function, with its stages."""
    stages = sig["stages"].replace(";", ", ")
    check = _SIGNATURE_CHECKS._entries.get(sig["check"])
    text = check.expected(sig) if check is not None else sig["description"]
    return f"{text} [{stages}]"


def _pair(sig, joiner: str = " > ") -> str:
    return sig["contrast"].replace(">", joiner)


def _group_pair(sig) -> str:
    column, pair = sig["contrast"].split(":", 1)
    return f"{pair.replace('>', ' > ')} ({sig['measure']}, by {column})"


def _rises(sig) -> str:
    return "rises" if sig["direction"] == ">" else "falls"


# --- checks --------------------------------------------------------------------------------------
def _difference(sig, data, column: str, first: str, second: str) -> dict:
    """Per-session difference in the measure's share between two values of *column*, tested across units."""
    shares = _shares(data[data[column].astype(str).isin([first, second])], sig["measure"],
                     by=("patient", "session", column))
    wide = shares.pivot_table(index=["patient", "session"], columns=column, values="share", observed=True)
    missing = [c for c in (first, second) if c not in wide.columns]
    if missing:
        raise _Untestable(f"no {' or '.join(missing)} trials in these stages")
    wide = (wide[first] - wide[second]).rename("difference").reset_index()
    return _summary_test(_per_unit(wide, data, "difference"), ">")


def _level_contrast(sig, data):
    first, second = sig["contrast"].split(">")
    return dict(_difference(sig, data, "condition", first, second),
                unit=f"{sig['measure']} difference ({first} − {second})",
                method=_method(data, f"per-session difference in {sig['measure']} share, averaged per unit"))


def _group_contrast(sig, data):
    column, pair = sig["contrast"].split(":", 1)
    first, second = pair.split(">")
    if column not in data.columns:
        raise _Untestable(f"the results have no column {column!r}")
    return dict(_difference(sig, data, column, first, second),
                unit=f"{sig['measure']} share difference ({first} − {second})",
                method=_method(data, f"per-session difference in {sig['measure']} share between {column} "
                                     f"{first} and {second}, averaged per unit"))


def _share_contrast(sig, data):
    if "share" not in data.columns:
        raise _Untestable("the results have no 'share' column")
    flagged = data.assign(y=_measure(data, sig["measure"]))
    per = flagged.groupby(["patient", "session"], observed=True)
    everything = per["share"].mean()
    chosen = flagged[flagged["y"] == 1].groupby(["patient", "session"], observed=True)["share"].mean()
    difference = (chosen - everything.loc[chosen.index]).rename("difference").reset_index()
    if difference.empty:
        raise _Untestable(f"no {sig['measure']} trials in these stages")
    out = _summary_test(_per_unit(difference, data, "difference"), ">")
    return dict(out, unit=f"mean domain share of {sig['measure']} attributes minus that of all",
                method=_method(data, f"per-session mean share of the {sig['measure']} trials minus the mean share "
                                     "of all trials (sessions without any are left out), averaged per unit"),
                note=f"{len(difference)} sessions with {sig['measure']} trials")


def _chance_or_below(sig, data):
    from scipy.stats import t as student

    shares = _shares(data, "correct")
    values = _per_unit(shares, data, "share").to_numpy(float)
    n = len(values)
    if n < 2:
        raise _Untestable(f"needs at least two units with a value (has {n})")
    mean, sd = float(values.mean()), float(values.std(ddof=1))
    margin = float(sig["threshold"])
    se = sd / np.sqrt(n)
    half = float(student.ppf(1 - _ALPHA, n - 1)) * se
    p = float(student.sf(((0.5 + margin) - mean) / se, n - 1)) if sd > 0 else (0.0 if mean < 0.5 + margin else 1.0)
    return dict(estimate=mean, ci_low=mean - half, ci_high=mean + half, p=p,
                effect_size=(0.5 + margin - mean) / sd if sd > 0 else np.nan,
                reproduced=bool(mean + half <= 0.5 + margin), unit="accuracy",
                method=(f"at chance or below: the upper 90% t bound of accuracy across {_units(data)}s at most "
                        f"0.5 + {margin:g}; p one-sided against 0.5 + {margin:g}; effect size (0.5 + margin − "
                        "accuracy) / SD"))


def _trend(sig, data):
    points = _shares(data, sig["measure"])
    if points["share"].nunique() < 2 and len(points) > 1:
        return dict(reproduced=False, estimate=0.0, unit="share per unit severity",
                    method=_method(data, "slope of the session share on severity", regression=True),
                    note=f"{sig['measure']} share is {points['share'].iloc[0]:g} in every session: no trend")
    out = _slope_test(points, "share", sig["direction"])
    return dict(out, unit=f"{sig['measure']} share per unit severity",
                method=_method(data, "slope of the session share on severity", regression=True))


def _gap_trend(sig, data):
    first, second = sig["contrast"].split(">")
    shares = _shares(data[data["condition"].isin([first, second])], "correct",
                     by=("patient", "session", "severity", "condition"))
    wide = shares.pivot_table(index=["patient", "session", "severity"], columns="condition", values="share",
                              observed=True)
    gap = (wide[first] - wide[second]).rename("gap").reset_index()
    out = _slope_test(gap, "gap", ">")
    return dict(out, unit=f"accuracy gap ({first} − {second}) per unit severity",
                method=_method(data, "slope of the per-session accuracy gap on severity", regression=True))


def _rise_fall(sig, data):
    points = _shares(data, sig["measure"])
    if points["share"].sum() == 0:
        return dict(reproduced=False, estimate=0.0, unit="quadratic coefficient",
                    method=_method(data, "quadratic fit of the session share on severity", regression=True),
                    note=f"no {sig['measure']} response at all in these stages")
    if points["severity"].nunique() < 3:
        raise _Untestable("needs at least three severities in these stages")
    out = _slope_test(points, "share", "<", degree=2)
    mean_curve = points.groupby("severity")["share"].mean()
    b2, b1, _ = np.polyfit(mean_curve.index.to_numpy(float), mean_curve.to_numpy(), 2)
    peak = -b1 / (2 * b2) if b2 != 0 else np.nan
    lo, hi = data["severity"].min(), data["severity"].max()
    inside = bool(lo < peak < hi)
    rise = float(mean_curve.max() - max(mean_curve.iloc[0], mean_curve.iloc[-1]))
    return dict(out, reproduced=bool(out["reproduced"] and inside), unit="quadratic coefficient (share)",
                method=_method(data, "quadratic fit of the session share on severity", regression=True),
                note=(f"peak of the mean curve at severity {peak:.3g} ({'inside' if inside else 'outside'} the "
                      f"range {lo:g}–{hi:g}); its peak share exceeds the larger end by {rise:.3f}"))


def _peak(data, measure):
    shares = data.assign(y=_measure(data, measure)).groupby("severity")["y"].mean()
    return float(shares.idxmax()) if shares.max() > 0 else np.nan


def _peak_order(sig, data, rng):
    later, earlier = sig["contrast"].split(">")
    if data["severity"].nunique() < 2:
        raise _Untestable("needs at least two severities in these stages")
    method = "difference of the severities at which the mean shares peak; patient bootstrap (200)"
    absent = [m for m in (later, earlier) if not _measure(data, m).any()]
    if absent:
        return dict(reproduced=False, method=method, unit="severity",
                    note=f"no {' or '.join(absent)} response at all in these stages, so it has no peak")
    estimate = _peak(data, later) - _peak(data, earlier)
    patients = data["patient"].unique()
    # Per patient and severity: trials and responses of each measure.  A bootstrap sample's mean
    # share at a severity is then a ratio of summed counts, as if its rows were concatenated.
    severities = np.sort(data["severity"].unique())
    counts = {}
    for name, values in (("n", pd.Series(1.0, index=data.index)), (later, _measure(data, later)),
                         (earlier, _measure(data, earlier))):
        table = pd.crosstab(data["patient"], data["severity"], values=values, aggfunc="sum")
        counts[name] = table.reindex(index=patients, columns=severities).fillna(0.0).to_numpy()
    position = {p: k for k, p in enumerate(patients)}
    boots = []
    for _ in range(200):
        rows = [position[p] for p in rng.choice(patients, len(patients))]
        n = counts["n"][rows].sum(0)
        peaks = []
        for measure in (later, earlier):
            with np.errstate(invalid="ignore", divide="ignore"):
                share = np.where(n > 0, counts[measure][rows].sum(0) / n, np.nan)
            peaks.append(float(severities[np.nanargmax(share)]) if np.nanmax(share) > 0 else np.nan)
        boots.append(peaks[0] - peaks[1])
    boots = np.asarray(boots)
    boots = boots[np.isfinite(boots)]
    low, high = (np.quantile(boots, [_ALPHA, 1 - _ALPHA]) if len(boots) else (np.nan, np.nan))
    spread = float(np.std(boots, ddof=1)) if len(boots) > 1 else np.nan
    effect = estimate / spread if spread and np.isfinite(spread) and spread > 0 else np.nan
    note = "effect size: the difference in bootstrap SDs"
    if len(patients) < 2:
        note = "one patient: the bootstrap cannot resample patients, so the interval is degenerate"
    return dict(estimate=estimate, ci_low=float(low), ci_high=float(high), effect_size=effect, unit="severity",
                p=float(np.mean(boots <= 0)) if len(boots) else np.nan,
                reproduced=bool(np.isfinite(estimate) and estimate > 0 and low >= 0), method=method, note=note)


def _dominant(sig, data):
    measure = sig["measure"]
    responses = data.assign(response_class=np.where(data["correct"].astype(bool), "correct", data["error"]))
    shares = pd.crosstab([responses["patient"], responses["session"]], responses["response_class"],
                         normalize="index")
    own = shares[measure] if measure in shares.columns else pd.Series(0.0, index=shares.index)
    others = shares.drop(columns=[measure], errors="ignore")
    margin = (own - (others.max(axis=1) if others.shape[1] else 0.0)).rename("margin").reset_index()
    out = _summary_test(_per_unit(margin, data, "margin"), ">")
    return dict(out, unit=f"{measure} share minus the largest other response share",
                method=_method(data, "per-session margin of the measure over the commonest other response"),
                note=f"{measure} share {float(own.mean()):.2f} on average over sessions")


def _bound(sig, data, upper: bool):
    group = ["stage"] if sig["paradigm"] == "picture_naming" else ["stage", "condition"]
    shares = _shares(data, sig["measure"], by=("patient", "session", *group))
    unit = _units(data)
    per_unit = shares.groupby([unit, *group], observed=True)["share"].mean().reset_index()
    g = per_unit.groupby(group, observed=True)["share"].agg(["mean", "std", "count"])
    pick = g["mean"].idxmax() if upper else g["mean"].idxmin()
    row = g.loc[pick]
    from scipy.stats import t as student

    half = (float(student.ppf(1 - _ALPHA, row["count"] - 1)) * row["std"] / np.sqrt(row["count"])
            if row["count"] > 1 else np.nan)
    threshold = float(sig["threshold"])
    ok = row["mean"] <= threshold if upper else row["mean"] >= threshold
    label = pick if isinstance(pick, str) else " / ".join(map(str, pick))
    return dict(estimate=float(row["mean"]), ci_low=float(row["mean"] - half), ci_high=float(row["mean"] + half),
                reproduced=bool(ok), unit=f"{sig['measure']} share",
                method=(f"{'largest' if upper else 'smallest'} mean share over stages"
                        f"{'' if len(group) == 1 else ' and conditions'} ({unit}s averaged), against the "
                        "threshold; t interval across " + unit + "s; a threshold check, no test"),
                note=f"at {label}")


def _chance(sig, data):
    """Equivalence to chance (TOST): per condition, the 90% t interval of accuracy lies within 0.5 ± threshold."""
    from scipy.stats import t as student

    shares = _shares(data, "correct", by=("patient", "session", "condition"))
    unit = _units(data)
    per_unit = shares.groupby([unit, "condition"], observed=True)["share"].mean().reset_index()
    margin = float(sig["threshold"])
    worst, worst_p, ok, notes, sizes = 0.0, 0.0, True, [], []
    for condition, own in per_unit.groupby("condition", observed=True):
        values = own["share"].to_numpy(float)
        acc, n = float(values.mean()), len(values)
        sd = float(values.std(ddof=1)) if n > 1 else np.nan
        if n > 1 and sd > 0:
            se = sd / np.sqrt(n)
            half = float(student.ppf(1 - _ALPHA, n - 1)) * se
            p = max(float(student.sf((acc - (0.5 - margin)) / se, n - 1)),
                    float(student.sf(((0.5 + margin) - acc) / se, n - 1)))
        else:  # no spread (or one unit): equivalent only if the value itself is within the margin
            half = 0.0 if n > 1 else np.inf
            p = 0.0 if (n > 1 and abs(acc - 0.5) < margin) else 1.0
        low, high = acc - half, acc + half
        worst, worst_p = max(worst, abs(acc - 0.5)), max(worst_p, p)
        ok = ok and 0.5 - margin <= low and high <= 0.5 + margin
        sizes.append(abs(acc - 0.5) / sd if sd and np.isfinite(sd) and sd > 0 else np.nan)
        notes.append(f"{condition} {acc:.2f} [{low:.2f}, {high:.2f}]")
    return dict(estimate=worst, p=worst_p, effect_size=float(np.nanmax(sizes)) if np.isfinite(sizes).any() else np.nan,
                reproduced=bool(ok), unit="distance of accuracy from 0.5",
                method=(f"equivalence to chance (TOST, margin ±{margin:g}): every condition's 90% t interval across "
                        f"{unit}s within 0.5 ± {margin:g}; p is the larger TOST p; effect size: |accuracy − 0.5| / "
                        "SD"),
                note="; ".join(notes))


class _Untestable(Exception):
    pass


# --- item effects (cogsim.analysis.item_effects) -----------------------------------------------------
#: The typicality the naming signatures test (issue 26; the decision is ``studies/typicality_norm.py``): family
#: resemblance to the domain on the battery's coded attributes, a property of the concept (Rosch & Mervis 1975).
CONCEPT_TYPICALITY = "family_resemblance_domain"
#: Visual typicality (cosine of premorbid backbone features to the domain's), the fallback for a battery without
#: coded attributes, and the norm object decision's conditions are built from.
VISUAL_TYPICALITY = "typicality_domain"
#: In a signature table, ``measure`` "typicality" of an error-drift check stands for the naming typicality norm.
TYPICALITY_MEASURE = "typicality"
_NORM_LABELS = {CONCEPT_TYPICALITY: "family resemblance", VISUAL_TYPICALITY: "visual typicality"}
#: How the expected outcome of an item regression names its coefficient.
_MODEL_TERMS = {"frequency": "frequency", "typicality": "typicality", "interaction": "frequency × typicality"}


def _needs_items(ctx) -> pd.DataFrame:
    if ctx.items is None:
        raise _Untestable("needs the battery's item norms: pass items=battery.items")
    return ctx.items


def naming_typicality(items: pd.DataFrame) -> tuple:
    """``(items, column)``: the item table with the typicality norm the naming signatures test, and its column.

    Family resemblance to the domain (:data:`CONCEPT_TYPICALITY`, from
    :func:`cogsim.stimuli.norms.family_resemblance`) when the battery has coded
    attributes and every item has a value; otherwise visual typicality
    (:data:`VISUAL_TYPICALITY`).
    """
    from ..stimuli.norms import family_resemblance

    if CONCEPT_TYPICALITY in items.columns:
        return items, CONCEPT_TYPICALITY
    if any(str(c).startswith("attr_") for c in items.columns):
        concept = family_resemblance(items, "domain").to_numpy()
        if np.isfinite(concept).all():
            return items.assign(**{CONCEPT_TYPICALITY: concept}), CONCEPT_TYPICALITY
    return items, VISUAL_TYPICALITY


def _norm_label(column: str) -> str:
    return f"{column} ({_NORM_LABELS[column]})" if column in _NORM_LABELS else column


def _item_regression(sig, data, ctx):

    term = sig["contrast"]
    if term not in _MODEL_TERMS:
        raise ValueError(f"Signature {sig['signature']!r}: contrast must be one of ['frequency', 'interaction', "
                         f"'typicality'], not {term!r}.")
    items, typicality = naming_typicality(_needs_items(ctx))
    fits = naming_item_model(data, items, typicality=typicality)
    out = _summary_test(fits[term], sig["direction"])
    cells = fits[["low_freq_atypical", "low_freq_typical", "high_freq_atypical", "high_freq_typical"]].mean()
    note = "accuracy by median split (frequency/typicality): " + ", ".join(
        f"{k.replace('_freq_', ' freq ')} {v:.2f}" for k, v in cells.items())
    if term != "frequency":
        note += "; " + _with_other_norm(data, items, typicality, term, sig["direction"])
    note += "; " + _within_domains(data, items, typicality, term, sig["direction"])
    note += "; " + _within_domains(data, items, typicality, term, sig["direction"], by="basic")
    model_term = {"frequency": "freq_en", "typicality": typicality, "interaction": f"freq_en × {typicality}"}[term]
    return dict(out, unit=f"naming accuracy per SD of {model_term}",
                norm="freq_en" if term == "frequency" else _norm_label(typicality),
                method=("per-unit OLS linear-probability model of naming success on z(freq_en), "
                        f"z({typicality}) and their product with one intercept per session; the "
                        f"{term} coefficient tested across {_units(data)}s (one-sided t); effect size d_z"),
                note=note)


def _with_other_norm(data, items, typicality, term, direction) -> str:
    """The same item model with the other typicality norm (issue 26: the report gives both)."""
    other = VISUAL_TYPICALITY if typicality == CONCEPT_TYPICALITY else CONCEPT_TYPICALITY
    if other not in items.columns:
        return f"with {_NORM_LABELS[other]} as the norm: not computed (the battery has no {other!r} norm)"
    try:
        fit = _summary_test(naming_item_model(data, items, typicality=other)[term], direction)
    except (ValueError, KeyError) as error:  # an incomplete norm: say so, keep the verdict
        return f"with {_NORM_LABELS[other]} as the norm: not computed ({error})"
    return f"with {_NORM_LABELS[other]} ({other}) as the typicality norm instead: {fit['estimate']:+.4f} per SD, " \
           f"p {fit['p']:.2g}"


#: How the notes name each grouping of :func:`_within_domains`: ``(groups, what is taken out)``.
_WITHIN = {"domain": ("each domain", "differences between domains out"),
           "basic": ("each basic category", "differences between categories, and their sizes, out")}


def _within_domains(data, items, typicality, term, direction, by: str = "domain") -> str:
    """The same item model with both norms standardised within each domain (or, ``by="basic"``, each basic
    category): the effect without the differences between those groups.

    Descriptive, beside the verdict (which keeps the norms as defined): family
    resemblance sums shares of coded attributes, so a domain coded with many
    shared attributes (animals) scores higher than one coded with few, and a
    pooled fit can read a difference between domains as typicality; inside a
    domain it grows with the size of the item's basic category, so a pooled fit
    can also read the crowding of big categories as typicality
    (docs/item_effects.md, "Between categories of different sizes").
    """
    groups, out = _WITHIN[by]
    missing = [c for c in (by, "freq_en", typicality) if c not in items.columns]
    if missing:
        return f"within {groups}: not computed (the item table has no {missing[0]!r})"
    own = standardised_within_domains(items, ["freq_en", typicality], by=by)
    try:
        fit = _summary_test(naming_item_model(data, own, typicality=typicality)[term], direction)
    except (ValueError, KeyError) as error:
        return f"within {groups}: not computed ({error})"
    return (f"with both norms standardised within {groups} ({out}): "
            f"{fit['estimate']:+.4f} per SD, p {fit['p']:.2g}")


def _task_consistency(sig, data, ctx):

    table = task_consistency(data)
    out = _summary_test(table["consistency"], ">")
    pairs = [c for c in table.columns if c.startswith("r_")]
    return dict(out, unit="mean correlation of item accuracies between tasks",
                method=(f"per {_units(data)}: Pearson r of the items' accuracies for each pair of tasks, averaged; "
                        f"tested against 0 across {_units(data)}s (one-sided t); effect size d_z"),
                note="mean r: " + "; ".join(f"{c[2:].replace('__', ' × ')} {table[c].mean():.2f}" for c in pairs))


def _session_consistency(sig, data, ctx):

    table = session_consistency(data, paradigm=sig["paradigm"])
    out = _summary_test(table["consistency"], ">")
    return dict(out, unit="phi of item success between consecutive sessions",
                method=("per patient: phi coefficient of each item's success in consecutive sessions, averaged "
                        "over its pairs of sessions; tested against 0 across patients (one pair of sessions per "
                        "unit for a single patient); effect size d_z"),
                note=f"{int(table['pairs'].sum())} pairs of sessions")


def _drift_norm(sig, ctx) -> tuple:
    """``(items, column)`` of an error-drift check: its ``measure``, "typicality" standing for the naming norm."""
    items = _needs_items(ctx)
    if sig["measure"] == TYPICALITY_MEASURE:
        return naming_typicality(items)
    return items, sig["measure"]


def _drift_points(sig, data, ctx) -> pd.DataFrame:

    drift = error_drift(data, *_drift_norm(sig, ctx))
    if drift.empty:
        raise _Untestable("no semantic error naming another item in these stages")
    return drift.groupby(["patient", "session", "severity"], observed=True)["drift"].mean().reset_index()


def _other_norm(sig, data, ctx, summarise) -> str:
    """The same drift check with the other typicality norm, for a "typicality" measure (else empty): a note."""
    if sig["measure"] != TYPICALITY_MEASURE:
        return ""
    items, column = _drift_norm(sig, ctx)
    other = VISUAL_TYPICALITY if column == CONCEPT_TYPICALITY else CONCEPT_TYPICALITY
    if other not in items.columns:
        return f"; with {_NORM_LABELS[other]} as the norm: not computed (the battery has no {other!r} norm)"
    try:
        fit = summarise(_drift_points(dict(sig, measure=other), data, ctx._replace(items=items)))
    except (_Untestable, ValueError) as error:
        return f"; with {_NORM_LABELS[other]} as the norm: not computed ({error})"
    return f"; with {_NORM_LABELS[other]} ({other}) as the norm instead: {fit['estimate']:+.4f}, p {fit['p']:.2g}"


def _error_drift(sig, data, ctx):
    points = _drift_points(sig, data, ctx)
    summarise = lambda pts: _summary_test(_per_unit(pts, data, "drift"), ">")  # noqa: E731
    column = _drift_norm(sig, ctx)[1]
    return dict(summarise(points), unit=f"{column} of the name given minus that of its alternatives",
                norm=_norm_label(column),
                method=("semantic errors naming another item: the norm of the name given minus the mean norm of "
                        "the names that would have made the same kind of error (coordinate: the rest of the basic "
                        "category; within-domain: the domain's other categories), averaged per session then per "
                        f"{_units(data)}; one-sided t against 0; effect size d_z"),
                note=f"{len(points)} sessions with such errors" + _other_norm(sig, data, ctx, summarise))


def _error_drift_trend(sig, data, ctx):
    points = _drift_points(sig, data, ctx)
    summarise = lambda pts: _slope_test(pts, "drift", sig["direction"])  # noqa: E731
    column = _drift_norm(sig, ctx)[1]
    return dict(summarise(points), unit=f"drift in {column} per unit severity", norm=_norm_label(column),
                method=_method(data, "slope of the per-session mean drift (see error_drift) on severity; sessions "
                                     "without such errors left out", regression=True),
                note=f"{len(points)} sessions with such errors" + _other_norm(sig, data, ctx, summarise))


class SignatureContext(NamedTuple):
    """What a check may use besides the signature and its trials: ``rng`` (a numpy Generator, for bootstraps)
    and ``items`` (the battery's item table with its norms, or None)."""

    rng: np.random.Generator
    items: pd.DataFrame | None


@dataclass(frozen=True)
class SignatureCheck:
    """A kind of signature test: the ``check`` column of a signature table names one.

    Attributes
    ----------
    name : str
    test : callable ``(signature, trials, context) -> dict``
        *signature* is the table's row (a Series), *trials* the tidy results
        already restricted to its paradigm(s), stages and subset, *context* a
        :class:`SignatureContext`.  Returns the verdict's fields it knows:
        ``estimate``, ``unit``, ``ci_low``, ``ci_high``, ``p``,
        ``effect_size``, ``reproduced`` (True, False or ``pd.NA``), ``method``,
        ``note``.  Raise ``ValueError`` for "could not be estimated".
    expected : callable ``(signature) -> str``
        The expected outcome in words, for the verdict table (the stages are added).
    """

    name: str
    test: Callable
    expected: Callable


def _check_entry(name: str, value) -> None:
    if not isinstance(value, SignatureCheck) or not callable(value.test) or not callable(value.expected):
        raise TypeError("register_signature_check needs callables test(signature, trials, context) and "
                        f"expected(signature); got {value!r}.")


_SIGNATURE_CHECKS: Registry = Registry("signature check", check=_check_entry)


def register_signature_check(name: str, test: Callable, expected: Callable | str, *, replace: bool = False):
    """Register a kind of signature check, usable in the ``check`` column of any signature table.

    Parameters
    ----------
    name : str
        A Python identifier (``"my_check"``).
    test : callable ``(signature, trials, context) -> dict``
        See :class:`SignatureCheck`.
    expected : callable ``(signature) -> str`` or str
        The expected outcome in words (a str is used as it is).
    replace : bool, default False
        Replace a check registered under the same name.

    Returns
    -------
    SignatureCheck

    Examples
    --------
    >>> def at_least(sig, trials, context):
    ...     accuracy = trials.groupby("patient")["correct"].mean()
    ...     return {"estimate": float(accuracy.mean()), "unit": "accuracy",
    ...             "reproduced": bool(accuracy.mean() >= sig["threshold"])}
    >>> check = register_signature_check("accuracy_at_least", at_least,
    ...                                  lambda sig: f"accuracy ≥ {sig['threshold']:g}", replace=True)
    >>> "accuracy_at_least" in list_signature_checks()
    True
    """
    text = expected
    entry = SignatureCheck(name, test, expected if callable(expected) else (lambda sig: text))
    return _SIGNATURE_CHECKS.register(name, entry, replace=replace)


def list_signature_checks() -> list[str]:
    """The registered signature checks, built-in and users', sorted."""
    return _SIGNATURE_CHECKS.names()


def get_signature_check(name: str) -> SignatureCheck:
    """The registered check *name*; an unknown name gets cogsim's "Invalid value" error listing them all."""
    return _SIGNATURE_CHECKS.get(name)


_BUILT_IN = {  # name: (test, expected)
    "level_contrast": (lambda sig, data, ctx: _level_contrast(sig, data),
                       lambda sig: f"{_pair(sig)} ({sig['measure']})"),
    "condition_contrast": (lambda sig, data, ctx: _level_contrast(sig, data),
                           lambda sig: f"{_pair(sig)} ({sig['measure']})"),
    "trend": (lambda sig, data, ctx: _trend(sig, data), lambda sig: f"{sig['measure']} {_rises(sig)} with severity"),
    "gap_trend": (lambda sig, data, ctx: _gap_trend(sig, data),
                  lambda sig: f"gap {_pair(sig, ' − ')} grows with severity"),
    "rise_fall": (lambda sig, data, ctx: _rise_fall(sig, data), lambda sig: f"{sig['measure']} rises then falls"),
    "peak_order": (lambda sig, data, ctx: _peak_order(sig, data, ctx.rng),
                   lambda sig: "{} peaks after {}".format(*sig["contrast"].split(">"))),
    "dominant": (lambda sig, data, ctx: _dominant(sig, data),
                 lambda sig: f"{sig['measure']} is the commonest response"),
    "ceiling": (lambda sig, data, ctx: _bound(sig, data, upper=True),
                lambda sig: f"{sig['measure']} ≤ {sig['threshold']:g} in every stage"),
    "floor": (lambda sig, data, ctx: _bound(sig, data, upper=False),
              lambda sig: f"{sig['measure']} ≥ {sig['threshold']:g} in every condition"),
    "chance": (lambda sig, data, ctx: _chance(sig, data), lambda sig: f"accuracy within {sig['threshold']:g} of 0.5"),
    "chance_or_below": (lambda sig, data, ctx: _chance_or_below(sig, data),
                        lambda sig: f"accuracy at most {0.5 + sig['threshold']:g}"),
    "group_contrast": (lambda sig, data, ctx: _group_contrast(sig, data), _group_pair),
    "share_contrast": (lambda sig, data, ctx: _share_contrast(sig, data),
                       lambda sig: f"{sig['measure']} attributes are commoner in the domain than the rest"),
    "item_regression": (_item_regression,
                        lambda sig: (f"{_MODEL_TERMS.get(sig['contrast'], sig['contrast'])} coefficient of naming "
                                     f"{'> 0' if sig['direction'] == '>' else '< 0'}")),
    "task_consistency": (_task_consistency, lambda sig: "the same items fail across tasks"),
    "session_consistency": (_session_consistency, lambda sig: "the same items fail across sessions"),
    "error_drift": (_error_drift, lambda sig: f"wrong names have a higher {sig['measure']} than their alternatives"),
    "error_drift_trend": (_error_drift_trend,
                          lambda sig: f"the {sig['measure']} drift of wrong names grows with severity"),
    "not_covered": (None, lambda sig: sig["description"]),
}
for _name, (_test, _text) in _BUILT_IN.items():
    register_signature_check(_name, _test or (lambda sig, data, ctx: {}), _text)


#: The columns a signature table must have, and the optional ones.
SIGNATURE_COLUMNS = ("signature", "panel", "paradigm", "check", "measure", "contrast", "direction", "threshold",
                     "stages", "description")
OPTIONAL_SIGNATURE_COLUMNS = ("description_ja", "source", "subset")


def check_signature_table(table: pd.DataFrame, *, where: str = "the signature table", paradigms=None) -> pd.DataFrame:
    """Return *table* if every row can be tested, else raise a ValueError naming *where*, the row and the fix.

    Checked: the required columns (:data:`SIGNATURE_COLUMNS`), unique signature
    names, a registered check, stages among :data:`STAGES`, a numeric threshold,
    and paradigms that are registered (and, with *paradigms*, among those run).
    """
    from ..paradigms import list_paradigms

    missing = [c for c in SIGNATURE_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"{where} lacks the column(s) {', '.join(map(repr, missing))}; a signature table has "
                         f"{', '.join(SIGNATURE_COLUMNS)} (optional: {', '.join(OPTIONAL_SIGNATURE_COLUMNS)}).")
    known, registered = set(list_signature_checks()), set(list_paradigms())
    ran = None if paradigms is None else set(paradigms)
    seen = set()
    for k, row in enumerate(table.itertuples(index=False), start=2):  # row 1 is the header
        label = f"{where}, row {k} ({row.signature!r})"
        if not str(row.signature):
            raise ValueError(f"{where}, row {k}: the 'signature' column is empty; name every signature.")
        if row.signature in seen:
            raise ValueError(f"{label}: the signature name is used twice; names must be unique.")
        seen.add(row.signature)
        if row.check not in known:
            raise ValueError(f"{label}: unknown check {row.check!r}. Registered checks: {', '.join(sorted(known))} "
                             "(add your own with cogsim.analysis.register_signature_check).")
        for paradigm in [p for p in str(row.paradigm).split(";") if p]:
            if paradigm not in registered:
                raise ValueError(f"{label}: unknown paradigm {paradigm!r}. Registered paradigms: "
                                 f"{', '.join(sorted(registered))}.")
            if ran is not None and paradigm not in ran:
                raise ValueError(f"{label}: paradigm {paradigm!r} is not run in this replication (it runs "
                                 f"{', '.join(sorted(ran))}); add it to the paradigms or remove the row.")
        bad = [s for s in str(row.stages).split(";") if s not in STAGES]
        if bad and row.check != "not_covered":
            raise ValueError(f"{label}: unknown stage(s) {', '.join(map(repr, bad))}; stages are "
                             f"{', '.join(STAGES)}, separated by ';'.")
    if not pd.api.types.is_numeric_dtype(table["threshold"]):
        raise ValueError(f"{where}: the 'threshold' column must hold numbers or stay empty.")
    return table


def evaluate_signatures(results: pd.DataFrame, signatures: pd.DataFrame | None = None, *, items=None,
                        random_state=None) -> pd.DataFrame:
    """Test every signature on a cohort's results; one row per signature, whatever its outcome.

    (Called ``test_signatures`` in cogsim 0.1; renamed so that test runners
    do not mistake it for a test.)

    Parameters
    ----------
    results : DataFrame
        Tidy results of the paradigms (concatenated), including picture
        naming (it defines the stages) and, ideally, intact or severity-0
        sessions as controls.
    signatures : DataFrame, optional
        Default: :func:`~cogsim.analysis.reference.load_signatures`.
    items : DataFrame, optional
        The battery's item table (``battery.items``) with its norms; the
        item-effect signatures (panel ``items``) need it and are reported as
        not testable without it.
    random_state : None, int or Generator
        For the bootstrap of ``peak_order`` checks (None: fresh entropy; pass
        an int to make the verdicts reproducible, as ``cogsim replicate`` does).

    Returns
    -------
    DataFrame
        ``signature, panel, paradigm, description, expected, estimate,
        ci_low, ci_high, p, reproduced, n_patients, n_trials, method, note``.
        ``reproduced`` is True/False, or missing when the signature could not
        be tested (no paradigm, no trials in its stages); ``note`` says why.
    """
    signatures = load_signatures() if signatures is None else check_signature_table(signatures)
    staged = add_stages(results)
    ctx = SignatureContext(check_random_state(random_state), items)
    rows = []
    for _, sig in signatures.iterrows():
        if sig["check"] == "not_covered" or not sig["paradigm"]:
            rows.append(_result(sig, note="no cogsim paradigm covers this finding yet"))
            continue
        stages = sig["stages"].split(";")
        paradigms = sig["paradigm"].split(";")  # several for a signature across tasks
        data = staged[staged["paradigm"].isin(paradigms) & staged["stage"].isin(stages)]
        subset = str(sig.get("subset", "") or "")
        if subset:
            column, value = subset.split("=", 1)
            data = data[data[column].astype(str) == value] if column in data.columns else data.iloc[0:0]
        if data.empty:
            present = staged.loc[staged["paradigm"].isin(paradigms), "stage"].astype(str).unique()
            why = (f"no {sig['paradigm']} trials in stage(s) {', '.join(stages)}"
                   + (f"; the results have {', '.join(sorted(present))}" if len(present) else ""))
            rows.append(_result(sig, note=why))
            continue
        counts = dict(n_patients=int(data["patient"].nunique()), n_trials=int(len(data)))
        test = get_signature_check(sig["check"]).test
        try:
            out = test(sig, data, ctx)
        except _Untestable as exc:
            out = dict(note=str(exc))
        except (np.linalg.LinAlgError, ValueError, KeyError, ZeroDivisionError) as exc:
            out = dict(note=f"could not be estimated: {exc}")
        if counts["n_patients"] == 1:
            out["note"] = "; ".join(x for x in (out.get("note", ""), "one patient: sessions are the units, so "
                                    "the test speaks for this patient only") if x)
        rows.append(_result(sig, **counts, **out))
    return pd.DataFrame(rows, columns=_VERDICT_COLUMNS)


