"""Signature tests: does a virtual cohort show the findings of Patterson et al. (2007), Figure 2?

Each signature in :func:`~cogsim.analysis.reference.load_signatures` is tested
on tidy paradigm results with statsmodels, and the outcome is reported whatever
it is.  Severity is handled as the human studies handle it: sessions are
grouped into observed stages by naming accuracy (:func:`severity_stages`),
and trends are modelled on the lesion severity within those stages.

======================  =================================================================
check                   test
======================  =================================================================
``level_contrast``      binomial GLM ``correct ~ C(level) + severity`` on the stages,
                        cluster-robust errors by patient; the log-odds difference
``condition_contrast``  the same with colour typicality as the condition
``trend``               binomial GLM ``measure ~ severity``; the slope
``gap_trend``           OLS of the per-session accuracy gap between two levels on
                        severity, cluster-robust; the slope (accuracy per unit severity)
``rise_fall``           binomial GLM ``measure ~ severity + severity²``; the quadratic
                        term must be negative with its peak inside the range tested
``peak_order``          severity of the peak of the mean share of each of two measures;
                        the difference, with a patient-cluster bootstrap interval
``dominant``            share of the measure minus the largest other error share
``ceiling`` / ``floor`` the largest (smallest) share per stage and condition, against
                        the threshold, with Wilson intervals
``chance``              per condition, accuracy within ``threshold`` of 0.5 and a
                        Wilson interval that includes 0.5
``not_covered``         no cogsim paradigm tests it yet; reported as such
======================  =================================================================

Directional tests are one-sided at α = 0.05.  With few patients the
cluster-robust errors are rough; ``n_patients`` is reported with each verdict.

徴候テスト：仮想コホートが図2の所見を再現するか。
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf
from statsmodels.stats.proportion import proportion_confint

from .._random import check_random_state
from .reference import load_signatures

__all__ = ["severity_stages", "add_stages", "evaluate_signatures", "STAGES", "STAGE_BOUNDS"]

#: Observed stages, mildest first.
STAGES = ("control", "minimal", "mild", "moderate", "severe")
#: Naming-accuracy bounds of the damaged stages: minimal ≥ 0.9 > mild ≥ 0.55 > moderate ≥ 0.25 > severe.
STAGE_BOUNDS = {"minimal": 0.9, "mild": 0.55, "moderate": 0.25}

_ALPHA = 0.05
_VERDICT_COLUMNS = ["signature", "panel", "paradigm", "description", "expected", "estimate", "ci_low", "ci_high",
                    "p", "reproduced", "n_patients", "n_trials", "method", "note"]


def severity_stages(results: pd.DataFrame) -> pd.DataFrame:
    """The observed stage of every tested patient-session, from its naming accuracy.

    Intact patients (lesion "none") and sessions of severity 0 are
    ``control``; damaged sessions are ``minimal``, ``mild``, ``moderate`` or
    ``severe`` by naming accuracy (:data:`STAGE_BOUNDS`).

    Returns
    -------
    DataFrame
        ``patient``, ``session``, ``severity``, ``naming_accuracy``, ``stage``.
    """
    naming = results[results["paradigm"] == "picture_naming"]
    if naming.empty:
        raise ValueError("Severity stages come from naming accuracy: include the results of PictureNaming.")
    acc = naming.groupby(["patient", "session", "severity", "lesion"], observed=True)["correct"].mean()
    acc = acc.rename("naming_accuracy").reset_index()
    control = (acc["lesion"] == "none") | (acc["severity"] == 0)
    a = acc["naming_accuracy"]
    stage = np.select([control, a >= STAGE_BOUNDS["minimal"], a >= STAGE_BOUNDS["mild"], a >= STAGE_BOUNDS["moderate"]],
                      ["control", "minimal", "mild", "moderate"], default="severe")
    acc["stage"] = pd.Categorical(stage, categories=STAGES, ordered=True)
    return acc.drop(columns="lesion")


def add_stages(results: pd.DataFrame) -> pd.DataFrame:
    """*results* with ``naming_accuracy`` and ``stage`` columns added (see :func:`severity_stages`)."""
    stages = severity_stages(results)
    return results.merge(stages, on=["patient", "session", "severity"], how="left", validate="many_to_one")


# --- helpers -------------------------------------------------------------------------------------
def _fit(formula: str, data: pd.DataFrame, family=None):
    groups = pd.factorize(data["patient"])[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # perfect separation, few clusters: reported in the note instead
        if family is None:
            model = smf.ols(formula, data)
        else:
            model = smf.glm(formula, data, family=family)
        if len(set(groups)) < 2:  # one patient: no clusters to be robust over
            return model.fit(cov_type="HC0")
        return model.fit(cov_type="cluster", cov_kwds={"groups": groups})


def _directional(fit, term: str, direction: str):
    estimate = float(fit.params[term])
    low, high = (float(v) for v in fit.conf_int(alpha=2 * _ALPHA).loc[term])  # 90% two-sided = 95% one-sided
    if fit.bse[term] > 0:
        z = estimate / float(fit.bse[term])
    else:  # no variance: a nonzero estimate is certain in its direction; a zero one shows no effect (p = 0.5)
        z = 0.0 if estimate == 0 else np.sign(estimate) * np.inf
    from scipy.stats import norm

    p = float(norm.sf(z) if direction == ">" else norm.cdf(z))
    reproduced = bool(p < _ALPHA)
    return estimate, low, high, p, reproduced


def _measure(frame: pd.DataFrame, measure: str) -> pd.Series:
    if measure == "correct":
        return frame["correct"].astype(int)
    return (frame["error"] == measure).astype(int)


def _result(sig, **values) -> dict:
    out = {"signature": sig["signature"], "panel": sig["panel"], "paradigm": sig["paradigm"],
           "description": sig["description"], "expected": _expected(sig), "estimate": np.nan, "ci_low": np.nan,
           "ci_high": np.nan, "p": np.nan, "reproduced": pd.NA, "n_patients": 0, "n_trials": 0, "method": "",
           "note": ""}
    out.update(values)
    return out


def _expected(sig) -> str:
    stages = sig["stages"].replace(";", ", ")
    check, measure, contrast = sig["check"], sig["measure"], sig["contrast"]
    if check in ("level_contrast", "condition_contrast", "gap_trend"):
        text = f"{contrast.replace('>', ' > ')} ({measure})"
        if check == "gap_trend":
            text = f"gap {contrast.replace('>', ' − ')} grows with severity"
    elif check == "trend":
        text = f"{measure} {'rises' if sig['direction'] == '>' else 'falls'} with severity"
    elif check == "rise_fall":
        text = f"{measure} rises then falls"
    elif check == "peak_order":
        first, second = contrast.split(">")
        text = f"{first} peaks after {second}"
    elif check == "dominant":
        text = f"{measure} is the commonest response"
    elif check == "ceiling":
        text = f"{measure} ≤ {sig['threshold']:g} in every stage"
    elif check == "floor":
        text = f"{measure} ≥ {sig['threshold']:g} in every condition"
    elif check == "chance":
        text = f"accuracy within {sig['threshold']:g} of 0.5"
    else:
        text = sig["description"]
    return f"{text} [{stages}]"


# --- checks --------------------------------------------------------------------------------------
def _level_contrast(sig, data):
    first, second = sig["contrast"].split(">")
    data = data[data["condition"].isin([first, second])].copy()
    data["y"] = _measure(data, sig["measure"])
    data["level"] = data["condition"]
    formula = f"y ~ C(level, Treatment({second!r}))" + (" + severity" if data["severity"].nunique() > 1 else "")
    fit = _fit(formula, data, sm.families.Binomial())
    term = f"C(level, Treatment({second!r}))[T.{first}]"
    est, low, high, p, ok = _directional(fit, term, ">")
    return dict(estimate=est, ci_low=low, ci_high=high, p=p, reproduced=ok,
                method="binomial GLM, cluster-robust by patient; log-odds difference")


def _trend(sig, data):
    data = data.assign(y=_measure(data, sig["measure"]))
    if data["severity"].nunique() < 2:
        raise _Untestable("needs at least two severities in these stages")
    if data["y"].nunique() < 2:
        return dict(reproduced=False, estimate=0.0, method="binomial GLM, cluster-robust by patient",
                    note=f"{sig['measure']} is {data['y'].iloc[0]} on every trial in these stages: no trend")
    fit = _fit("y ~ severity", data, sm.families.Binomial())
    est, low, high, p, ok = _directional(fit, "severity", sig["direction"])
    return dict(estimate=est, ci_low=low, ci_high=high, p=p, reproduced=ok,
                method="binomial GLM, cluster-robust by patient; slope (log-odds per unit severity)")


def _gap_trend(sig, data):
    first, second = sig["contrast"].split(">")
    acc = data[data["condition"].isin([first, second])].groupby(
        ["patient", "session", "severity", "condition"], observed=True)["correct"].mean().unstack("condition")
    gap = (acc[first] - acc[second]).rename("gap").reset_index()
    if gap["severity"].nunique() < 2:
        raise _Untestable("needs at least two severities in these stages")
    fit = _fit("gap ~ severity", gap)
    est, low, high, p, ok = _directional(fit, "severity", ">")
    return dict(estimate=est, ci_low=low, ci_high=high, p=p, reproduced=ok,
                method="OLS of the per-session accuracy gap, cluster-robust by patient; slope")


def _rise_fall(sig, data):
    data = data.assign(y=_measure(data, sig["measure"]))
    if data["severity"].nunique() < 3:
        raise _Untestable("needs at least three severities in these stages")
    if data["y"].sum() == 0:
        return dict(reproduced=False, estimate=0.0, method="binomial GLM with a quadratic severity term",
                    note=f"no {sig['measure']} response at all in these stages")
    fit = _fit("y ~ severity + I(severity ** 2)", data, sm.families.Binomial())
    est, low, high, p, ok = _directional(fit, "I(severity ** 2)", "<")
    b1, b2 = float(fit.params["severity"]), est
    peak = -b1 / (2 * b2) if b2 != 0 else np.nan
    lo, hi = data["severity"].min(), data["severity"].max()
    inside = bool(lo < peak < hi)
    return dict(estimate=est, ci_low=low, ci_high=high, p=p, reproduced=bool(ok and inside),
                method="binomial GLM with a quadratic severity term, cluster-robust; quadratic coefficient",
                note=f"peak at severity {peak:.3g} ({'inside' if inside else 'outside'} the range {lo:g}–{hi:g})")


def _peak(data, measure):
    shares = data.assign(y=_measure(data, measure)).groupby("severity")["y"].mean()
    return float(shares.idxmax()) if shares.max() > 0 else np.nan


def _peak_order(sig, data, rng):
    later, earlier = sig["contrast"].split(">")
    if data["severity"].nunique() < 2:
        raise _Untestable("needs at least two severities in these stages")
    absent = [m for m in (later, earlier) if not _measure(data, m).any()]
    if absent:
        return dict(reproduced=False, method="difference of the severities at which the mean shares peak",
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
    return dict(estimate=estimate, ci_low=float(low), ci_high=float(high),
                p=float(np.mean(boots <= 0)) if len(boots) else np.nan,
                reproduced=bool(np.isfinite(estimate) and estimate > 0 and low >= 0),
                method="difference of the severities at which the mean shares peak; patient bootstrap (200)")


def _dominant(sig, data):
    errors = data[data["error"] != "correct"]["error"].value_counts(normalize=False)
    shares = data["error"].value_counts(normalize=True)
    measure = sig["measure"]
    own = float(shares.get(measure, 0.0))
    others = [float(shares.get(e, 0.0)) for e in shares.index if e not in (measure,)]
    estimate = own - max(others) if others else own
    n = len(data)
    low, high = proportion_confint(round(own * n), n, alpha=2 * _ALPHA, method="wilson")
    return dict(estimate=estimate, ci_low=float(low - max(others or [0])), ci_high=float(high - max(others or [0])),
                reproduced=bool(estimate > 0), method="share of the measure minus the largest other share",
                note=f"{measure} {own:.2f}; responses counted: {int(errors.sum())} errors of {n}")


def _bound(sig, data, upper: bool):
    group = ["stage"] if sig["paradigm"] == "picture_naming" else ["stage", "condition"]
    data = data.assign(y=_measure(data, sig["measure"]))
    g = data.groupby(group, observed=True)["y"].agg(["sum", "count"])
    g["share"] = g["sum"] / g["count"]
    pick = g["share"].idxmax() if upper else g["share"].idxmin()
    row = g.loc[pick]
    low, high = proportion_confint(int(row["sum"]), int(row["count"]), alpha=2 * _ALPHA, method="wilson")
    threshold = float(sig["threshold"])
    ok = row["share"] <= threshold if upper else row["share"] >= threshold
    label = pick if isinstance(pick, str) else " / ".join(map(str, pick))
    return dict(estimate=float(row["share"]), ci_low=float(low), ci_high=float(high), reproduced=bool(ok),
                method=f"{'largest' if upper else 'smallest'} share over stages{'' if len(group) == 1 else ' and conditions'}",
                note=f"at {label}")


def _chance(sig, data):
    g = data.groupby("condition", observed=True)["correct"].agg(["sum", "count"])
    worst, ok, notes = 0.0, True, []
    for condition, row in g.iterrows():
        acc = row["sum"] / row["count"]
        low, high = proportion_confint(int(row["sum"]), int(row["count"]), alpha=_ALPHA, method="wilson")
        worst = max(worst, abs(acc - 0.5))
        ok = ok and abs(acc - 0.5) <= float(sig["threshold"]) and low <= 0.5 <= high
        notes.append(f"{condition} {acc:.2f} [{low:.2f}, {high:.2f}]")
    return dict(estimate=worst, reproduced=bool(ok),
                method="largest distance of accuracy from 0.5; Wilson 95% intervals per condition in the note",
                note="; ".join(notes))


class _Untestable(Exception):
    pass


def evaluate_signatures(results: pd.DataFrame, signatures: pd.DataFrame | None = None, *,
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
    signatures = load_signatures() if signatures is None else signatures
    staged = add_stages(results)
    rng = check_random_state(random_state)
    rows = []
    for _, sig in signatures.iterrows():
        if sig["check"] == "not_covered" or not sig["paradigm"]:
            rows.append(_result(sig, note="no cogsim paradigm covers this finding yet"))
            continue
        stages = sig["stages"].split(";")
        data = staged[(staged["paradigm"] == sig["paradigm"]) & staged["stage"].isin(stages)]
        if data.empty:
            present = staged.loc[staged["paradigm"] == sig["paradigm"], "stage"].astype(str).unique()
            why = (f"no {sig['paradigm']} trials in stage(s) {', '.join(stages)}"
                   + (f"; the results have {', '.join(sorted(present))}" if len(present) else ""))
            rows.append(_result(sig, note=why))
            continue
        counts = dict(n_patients=int(data["patient"].nunique()), n_trials=int(len(data)))
        one_patient = counts["n_patients"] == 1
        try:
            check = sig["check"]
            if check in ("level_contrast", "condition_contrast"):
                out = _level_contrast(sig, data)
            elif check == "trend":
                out = _trend(sig, data)
            elif check == "gap_trend":
                out = _gap_trend(sig, data)
            elif check == "rise_fall":
                out = _rise_fall(sig, data)
            elif check == "peak_order":
                out = _peak_order(sig, data, rng)
            elif check == "dominant":
                out = _dominant(sig, data)
            elif check in ("ceiling", "floor"):
                out = _bound(sig, data, upper=check == "ceiling")
            elif check == "chance":
                out = _chance(sig, data)
            else:
                raise ValueError(f"Signature {sig['signature']!r} has an unknown check {check!r}.")
        except _Untestable as exc:
            out = dict(note=str(exc))
        except (np.linalg.LinAlgError, ValueError, KeyError, ZeroDivisionError) as exc:
            if isinstance(exc, ValueError) and "unknown check" in str(exc):
                raise
            out = dict(note=f"could not be estimated: {exc}")
        if one_patient and "note" not in out:
            out["note"] = "one patient in these stages: errors are not clustered"
        rows.append(_result(sig, **counts, **out))
    return pd.DataFrame(rows, columns=_VERDICT_COLUMNS)


