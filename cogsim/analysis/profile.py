"""The naming profile against the SD patients of Rogers et al. (2004), aligned by naming accuracy.

呼称プロフィールの比較：全体の正答率で患者群のビンに合わせる。
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .reference import RESPONSE_CLASSES, load_rogers2004

__all__ = ["naming_profile", "compare_naming", "naming_rmse"]


def naming_profile(results: pd.DataFrame, by=("severity",)) -> pd.DataFrame:
    """Proportions of the five response classes per group (default: per lesion severity, over patients).

    Returns
    -------
    DataFrame
        The grouping columns, ``n`` trials, then one column per class of
        :data:`~cogsim.analysis.reference.RESPONSE_CLASSES`.
    """
    naming = results[results["paradigm"] == "picture_naming"]
    if naming.empty or "error" not in naming.columns:
        raise ValueError("naming_profile needs the results of PictureNaming.run.")
    by = list(by)
    shares = pd.crosstab([naming[c] for c in by], naming["error"], normalize="index")
    shares = shares.reindex(columns=list(RESPONSE_CLASSES), fill_value=0.0)
    shares.columns.name = None
    counts = naming.groupby(by, observed=True).size().rename("n")
    return pd.concat([counts, shares], axis=1).reset_index()


def compare_naming(results: pd.DataFrame, reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """Simulated naming profile at each patient bin's accuracy, beside the patients and the Rogers model.

    Alignment follows Rogers et al. (2004): bins are matched by overall naming
    accuracy, not by lesion size.  The simulated profile is the mean over
    patients at each lesion severity.  Walking from the mildest severity to
    the most severe, each bin is placed where naming accuracy first falls to
    the bin's accuracy, and each class share is interpolated linearly (in
    accuracy) between the two severities around that point.  A bin whose
    accuracy the simulation never reaches is not extrapolated: its cells are NaN.

    Returns
    -------
    DataFrame
        One row per bin and response class: ``severity_bin``, ``bin_accuracy``,
        ``response``, ``patients``, ``rogers_model``, ``cogsim``.
    """
    reference = load_rogers2004() if reference is None else reference
    profile = naming_profile(results).sort_values("severity").reset_index(drop=True)
    accuracy = profile["correct"].to_numpy()
    patients = reference[reference["source"] == "patients"].set_index("severity_bin")
    model = reference[reference["source"] == "model"].set_index("severity_bin")
    rows = []
    for bin_, row in patients.iterrows():
        target = float(row["correct"])
        # Walk from mild to severe to the first severity whose accuracy has fallen to the bin's;
        # interpolate between it and the one before (in accuracy).
        crossing = [k for k in range(1, len(accuracy)) if accuracy[k] <= target <= accuracy[k - 1]]
        exact = [k for k in range(len(accuracy)) if accuracy[k] == target]
        for cls in RESPONSE_CLASSES:
            values = profile[cls].to_numpy()
            if exact and (not crossing or exact[0] <= crossing[0]):
                simulated = float(values[exact[0]])
            elif crossing:
                k = crossing[0]
                span = accuracy[k - 1] - accuracy[k]
                w = 0.0 if span == 0 else (accuracy[k - 1] - target) / span
                simulated = float(values[k - 1] + w * (values[k] - values[k - 1]))
            else:
                simulated = np.nan
            rows.append({"severity_bin": int(bin_), "bin_accuracy": target, "response": cls,
                         "patients": float(row[cls]), "rogers_model": float(model.loc[bin_, cls]),
                         "cogsim": simulated})
    return pd.DataFrame(rows)


def naming_rmse(comparison: pd.DataFrame) -> pd.DataFrame:
    """Root-mean-square error against the patients, per response class and overall, for cogsim and the
    Rogers et al. (2004) model.

    Parameters
    ----------
    comparison : DataFrame
        Output of :func:`compare_naming`.

    Returns
    -------
    DataFrame
        ``response`` (each class, then "overall"), ``cogsim``, ``rogers_model``,
        ``cells`` (how many bins entered cogsim's RMSE).

    Examples
    --------
    >>> from cogsim.analysis.reference import load_rogers2004
    >>> ref = load_rogers2004()
    >>> fake = pd.DataFrame({"response": ["correct"], "patients": [0.5], "rogers_model": [0.6], "cogsim": [0.5]})
    >>> naming_rmse(fake)[["response", "cogsim", "rogers_model"]].round(3).values.tolist()
    [['correct', 0.0, 0.1], ['overall', 0.0, 0.1]]
    """
    def rmse(frame, column):
        d = (frame[column] - frame["patients"]).dropna()
        return float(np.sqrt(np.mean(d ** 2))) if len(d) else np.nan

    rows = []
    for cls, frame in comparison.groupby("response", sort=False):
        rows.append({"response": cls, "cogsim": rmse(frame, "cogsim"), "rogers_model": rmse(frame, "rogers_model"),
                     "cells": int(frame["cogsim"].notna().sum())})
    rows.append({"response": "overall", "cogsim": rmse(comparison, "cogsim"),
                 "rogers_model": rmse(comparison, "rogers_model"), "cells": int(comparison["cogsim"].notna().sum())})
    return pd.DataFrame(rows)
