"""Signal detection for yes/no tasks: d′ with a correction for rates of 0 or 1.

信号検出理論：d′（ヒット率・誤警報率が 0 や 1 のときの補正付き）。
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from .._validation import check_option

__all__ = ["d_prime", "verification_summary"]

CORRECTIONS = ("loglinear", "none")


def d_prime(hits, n_signal, false_alarms, n_noise, *, correction: str = "loglinear"):
    """Sensitivity d′ = z(hit rate) − z(false-alarm rate).

    Parameters
    ----------
    hits, false_alarms : int or array of int
        "Yes" answers on signal (matching) and noise (non-matching) trials.
    n_signal, n_noise : int or array of int
        Numbers of signal and noise trials.
    correction : {"loglinear", "none"}, default "loglinear"
        "loglinear" adds 0.5 to each count and 1 to each number of trials
        (Hautus 1995), so rates of 0 or 1 give finite d′; "none" uses the raw
        rates (infinite at 0 or 1).

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(float(d_prime(9, 10, 1, 10)), 4)
    2.1936
    >>> round(float(d_prime(10, 10, 0, 10)), 4)   # perfect, yet finite
    3.3812
    """
    check_option("correction", correction, CORRECTIONS)
    hits, n_signal = np.asarray(hits, float), np.asarray(n_signal, float)
    false_alarms, n_noise = np.asarray(false_alarms, float), np.asarray(n_noise, float)
    if np.any(n_signal <= 0) or np.any(n_noise <= 0):
        raise ValueError("d_prime needs at least one signal and one noise trial.")
    if np.any((hits < 0) | (hits > n_signal)) or np.any((false_alarms < 0) | (false_alarms > n_noise)):
        raise ValueError("Counts must lie between 0 and the number of trials.")
    if correction == "loglinear":
        h, f = (hits + 0.5) / (n_signal + 1), (false_alarms + 0.5) / (n_noise + 1)
    else:
        h, f = hits / n_signal, false_alarms / n_noise
    return norm.ppf(h) - norm.ppf(f)


def verification_summary(results: pd.DataFrame, by=("patient", "session", "severity", "condition"),
                         *, correction: str = "loglinear") -> pd.DataFrame:
    """Accuracy, hit and false-alarm rates and d′ per level of category verification.

    Parameters
    ----------
    results : DataFrame
        Output of :meth:`cogsim.paradigms.CategoryVerification.run` (other paradigms' rows are ignored).
    by : sequence of str
        Grouping columns; ``condition`` is the label level.

    Returns
    -------
    DataFrame
        One row per group: ``n``, ``accuracy``, ``hit_rate``, ``false_alarm_rate``, ``d_prime``.
    """
    if "paradigm" in results.columns:
        results = results[results["paradigm"] == "category_verification"]
    if "label_matches" not in results.columns or results.empty:
        raise ValueError("verification_summary needs the results of CategoryVerification.run "
                         "(a 'label_matches' column).")
    yes = results["response"].eq("yes")
    frame = results.assign(_yes=yes.astype(int), _signal=results["label_matches"].astype(int))
    frame = frame.assign(_hit=frame["_yes"] * frame["_signal"], _fa=frame["_yes"] * (1 - frame["_signal"]))
    g = frame.groupby(list(by), sort=True, observed=True).agg(
        n=("correct", "size"), accuracy=("correct", "mean"), hits=("_hit", "sum"), n_signal=("_signal", "sum"),
        false_alarms=("_fa", "sum"))
    g["n_noise"] = g["n"] - g["n_signal"]
    g["hit_rate"] = g["hits"] / g["n_signal"]
    g["false_alarm_rate"] = g["false_alarms"] / g["n_noise"]
    g["d_prime"] = d_prime(g["hits"], g["n_signal"], g["false_alarms"], g["n_noise"], correction=correction)
    return g.reset_index()[[*by, "n", "accuracy", "hit_rate", "false_alarm_rate", "d_prime"]]
