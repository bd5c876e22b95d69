"""Observed stages of damage, from naming accuracy (shared by the signatures and the item analyses).

病期：呼称正答率から決める。
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["STAGES", "STAGE_BOUNDS", "severity_stages", "add_stages"]

#: Observed stages, mildest first.
STAGES = ("control", "minimal", "mild", "moderate", "severe")
#: Naming-accuracy bounds of the damaged stages: minimal ≥ 0.9 > mild ≥ 0.55 > moderate ≥ 0.25 > severe.
STAGE_BOUNDS = {"minimal": 0.9, "mild": 0.55, "moderate": 0.25}


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
