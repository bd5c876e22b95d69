"""Naming of new pictures of known items: premorbid generalisation and the SD decline on other views.

Ikeda et al. (2006, Neuropsychologia 44:566) found SD patients impaired at
recognising another exemplar, view or colour of an object they know.  With
:func:`cogsim.stimuli.new_views` every patient-session is also tested on
pictures the hub never trained on; :func:`compare_views` sets the two side by
side, stage by stage.

新しい見えの呼称：病前の汎化と、SDでの低下。
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import t as student

from .signatures import STAGES, severity_stages

__all__ = ["compare_views"]


def compare_views(trained: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Naming accuracy on the trained pictures and on new views, per observed stage.

    Stages come from naming of the trained pictures (as everywhere in
    cogsim), so a session is compared with itself.  The difference (new −
    trained) is averaged per patient and summarised across patients with a
    95% t interval.

    Parameters
    ----------
    trained, new : DataFrame
        Picture-naming trials of the same patient-sessions on the battery's
        pictures and on new views (other paradigms are ignored).

    Returns
    -------
    DataFrame
        ``stage, patients, sessions, trained, new_views, difference, ci_low,
        ci_high``, stages in order, empty stages left out.
    """
    keys = ["patient", "session", "severity"]
    naming = [f[f["paradigm"] == "picture_naming"] for f in (trained, new)]
    if any(f.empty for f in naming):
        raise ValueError("compare_views needs picture-naming trials on both the trained pictures and the new views.")
    accuracy = [f.groupby(keys, observed=True)["correct"].mean() for f in naming]
    sessions = pd.concat(accuracy, axis=1, keys=["trained", "new_views"]).dropna().reset_index()
    if sessions.empty:
        raise ValueError("The trained and new-view results share no patient-session.")
    stages = severity_stages(trained)[keys + ["stage"]]
    sessions = sessions.merge(stages, on=keys, how="left")
    sessions["difference"] = sessions["new_views"] - sessions["trained"]
    rows = []
    for stage in STAGES:
        own = sessions[sessions["stage"] == stage]
        if own.empty:
            continue
        per_patient = own.groupby("patient")[["trained", "new_views", "difference"]].mean()
        n = len(per_patient)
        mean = float(per_patient["difference"].mean())
        half = (float(student.ppf(0.975, n - 1)) * float(per_patient["difference"].std(ddof=1)) / np.sqrt(n)
                if n > 1 else np.nan)
        rows.append({"stage": stage, "patients": n, "sessions": len(own),
                     "trained": float(per_patient["trained"].mean()),
                     "new_views": float(per_patient["new_views"].mean()),
                     "difference": mean, "ci_low": mean - half, "ci_high": mean + half})
    return pd.DataFrame(rows)
