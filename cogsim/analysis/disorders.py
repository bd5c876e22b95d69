"""Two disorders of semantic cognition: semantic dementia against semantic aphasia.

Jefferies & Lambon Ralph (2006, Brain 129:2132) compared patients with semantic
dementia (SD: the store of conceptual knowledge degrades) and semantic aphasia
(SA: after stroke, the knowledge is there but its controlled retrieval fails).
SD patients are *consistent* (the items they fail in one task they fail in
another and in the next session), *sensitive to frequency* and *little helped
by phonemic cues*; SA patients are inconsistent, insensitive to frequency and
helped by cues.  cogsim models SA with :class:`~cogsim.lesions.RetrievalControl`
(noise where each task selects its answer; the store intact) and SD with the
preset's damage to the store, on the same premorbid patients.

:func:`disorder_measures` gives one row per virtual patient: its measures over
its sessions in the contrast stages (observed by uncued naming accuracy, the
same bounds for both disorders, so patients are compared at matched naming):

========================  =================================================================
measure                   per patient
========================  =================================================================
``task_consistency``      mean correlation of item accuracies between naming, word–picture
                          matching and category verification (:func:`~cogsim.analysis.item_effects.task_consistency`)
``session_consistency``   mean phi of naming success between consecutive sessions
``frequency``             naming success per SD of name frequency (item-level model, one
                          intercept per session; :func:`~cogsim.analysis.item_effects.naming_item_model`)
``cue_benefit``           cued minus uncued naming accuracy, session by session, averaged
                          (:class:`~cogsim.paradigms.CuedNaming` beside :class:`~cogsim.paradigms.PictureNaming`)
========================  =================================================================

:func:`compare_disorders` tests each contrast of :data:`CONTRASTS` across
patients: the difference of the two groups' means in the expected direction,
Welch's t-test (one-sided, α 0.05), its 90% interval and Hedges' g.  Both
directions are reported: each group's mean with its own 90% t interval.  A
baseline (another decline, e.g. visual damage) that differs from SD in the same
direction as the other cohort "reproduces" the contrast; as for the SD
signatures, a reproduced contrast is ``diagnostic`` if at least one tested
baseline fails it and ``not diagnostic`` if every one shows it too (it would
then set SD apart from any decline, not from impaired control in particular).

二つの障害：意味性認知症と意味性失語の対比（一貫性・頻度・音韻キュー）。
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .item_effects import naming_item_model, session_consistency, task_consistency

__all__ = ["CONTRASTS", "CONTRAST_STAGES", "CONTRAST_COLUMNS", "disorder_measures", "cue_benefit",
           "compare_disorders"]

#: Observed stages (by uncued naming accuracy) whose sessions the contrast uses: the SD signatures' stages.
CONTRAST_STAGES = ("mild", "moderate", "severe")
_ALPHA = 0.05

#: The contrasts: measure, which group is expected higher, what the patients show and where it was shown.
CONTRASTS = pd.DataFrame([
    ("consistent_across_tasks", "task_consistency", "sd>sa",
     "SD patients fail the same items across naming, word-picture matching and verification; SA patients much less",
     "SD では呼称・照合・検証で同じ項目を失敗する；SA ではその傾向が弱い"),
    ("consistent_across_sessions", "session_consistency", "sd>sa",
     "SD patients fail the same items from one session to the next; SA patients fail different ones",
     "SD では回をまたいで同じ項目を失敗する；SA では失敗する項目が入れ替わる"),
    ("frequency_sensitive", "frequency", "sd>sa",
     "SD naming depends on word frequency; SA naming much less",
     "SD の呼称は語の頻度に左右される；SA ではその影響が小さい"),
    ("helped_by_cues", "cue_benefit", "sa>sd",
     "Phonemic cues help SA patients name far more than SD patients",
     "音韻キューは SD より SA の呼称を大きく助ける"),
], columns=["signature", "measure", "expected", "description", "description_ja"]).assign(
    source="Jefferies & Lambon Ralph 2006 Brain 129:2132")

#: Columns of :func:`compare_disorders`, before the baselines' columns.
CONTRAST_COLUMNS = ["signature", "measure", "expected", "description", "sd_mean", "sd_ci_low", "sd_ci_high",
                    "other_mean", "other_ci_low", "other_ci_high", "estimate", "ci_low", "ci_high", "p",
                    "effect_size", "reproduced", "n_sd", "n_other", "naming_sd", "naming_other", "note"]


def _stage_sessions(trials: pd.DataFrame, stages) -> pd.DataFrame:
    from .signatures import severity_stages

    st = severity_stages(trials)
    return st[st["stage"].isin(list(stages))][["patient", "session", "naming_accuracy"]]


def cue_benefit(trials: pd.DataFrame) -> pd.DataFrame:
    """Per patient-session: uncued and cued naming accuracy and the cue's benefit (cued − uncued).

    Needs the trials of :class:`~cogsim.paradigms.PictureNaming` and
    :class:`~cogsim.paradigms.CuedNaming` run on the same patient-sessions.
    """
    acc = trials[trials["paradigm"].isin(["picture_naming", "cued_naming"])]
    table = acc.groupby(["patient", "session", "paradigm"], observed=True)["correct"].mean().unstack("paradigm")
    missing = [p for p in ("picture_naming", "cued_naming") if p not in table.columns]
    if missing:
        raise ValueError(f"cue_benefit needs picture_naming and cued_naming trials; missing {', '.join(missing)}.")
    table = table.dropna().rename(columns={"picture_naming": "uncued", "cued_naming": "cued"})
    return table.assign(cue_benefit=table["cued"] - table["uncued"]).reset_index()[
        ["patient", "session", "uncued", "cued", "cue_benefit"]]


def disorder_measures(trials: pd.DataFrame, items: pd.DataFrame, *, stages=CONTRAST_STAGES) -> pd.DataFrame:
    """One row per virtual patient: the measures of :data:`CONTRASTS` over its sessions in *stages*.

    Parameters
    ----------
    trials : DataFrame
        Tidy trials of two or more virtual patients, with picture naming (for
        the stages), cued naming, word–picture matching and category verification.
    items : DataFrame
        The battery's item table (for ``freq_en``).
    stages : sequence of str
        Observed stages (:data:`cogsim.analysis.STAGES`) whose sessions count.

    Returns
    -------
    DataFrame
        ``patient``, ``sessions`` (in the stages), ``naming_accuracy`` (their
        mean uncued naming accuracy) and one column per measure (NaN where a
        patient's sessions do not give one, e.g. every item right).
    """
    if trials["patient"].nunique() < 2:
        raise ValueError("disorder_measures compares patients: it needs the trials of two or more virtual patients.")
    keep = _stage_sessions(trials, stages)
    rows = trials.set_index(["patient", "session"]).index.isin(pd.MultiIndex.from_frame(keep[["patient", "session"]]))
    sub = trials[rows]
    out = keep.groupby("patient", observed=True).agg(sessions=("session", "size"),
                                                     naming_accuracy=("naming_accuracy", "mean"))
    out = out.reset_index()
    if out.empty:
        return out.assign(**{m: [] for m in CONTRASTS["measure"]})
    out["patient"] = out["patient"].astype(str)

    def by_patient(frame, column, name):  # one value per patient (several patients: the unit is the patient)
        return frame.assign(patient=frame["patient"].astype(str)).set_index("patient")[column].rename(name)

    notes, measures = {}, []

    def measure(name, compute):
        try:
            measures.append(compute())
        except ValueError as exc:  # a task or an item norm the trials or the battery lack: said in the note
            notes[name] = str(exc)

    if sub["patient"].nunique() > 1:
        measure("task_consistency", lambda: by_patient(task_consistency(sub), "consistency", "task_consistency"))
        measure("session_consistency",
                lambda: by_patient(session_consistency(sub), "consistency", "session_consistency"))
        measure("frequency", lambda: by_patient(naming_item_model(sub, items), "frequency", "frequency"))
    else:
        notes.update({m: "fewer than two patients have sessions in the contrast stages"
                      for m in ("task_consistency", "session_consistency", "frequency")})
    measure("cue_benefit", lambda: cue_benefit(sub).groupby("patient", observed=True)["cue_benefit"].mean()
            .rename("cue_benefit").rename(index=str))
    out = out.set_index("patient")
    for m in measures:
        out[m.name] = m
    for m in CONTRASTS["measure"]:
        if m not in out.columns:
            out[m] = np.nan
    out = out.reset_index()
    out.attrs["notes"] = notes
    return out


def _mean_ci(values: np.ndarray) -> tuple:
    from scipy.stats import t as student

    n = len(values)
    if n == 0:
        return np.nan, np.nan, np.nan
    mean = float(values.mean())
    if n < 2:
        return mean, np.nan, np.nan
    half = float(student.ppf(1 - _ALPHA, n - 1)) * float(values.std(ddof=1)) / np.sqrt(n)
    return mean, mean - half, mean + half


def _welch(high: np.ndarray, low: np.ndarray) -> dict:
    """One-sided Welch test that mean(high) > mean(low); the difference, its 90% interval, Hedges' g."""
    from scipy.stats import t as student

    n1, n2 = len(high), len(low)
    if n1 < 2 or n2 < 2:
        return dict(estimate=np.nan, ci_low=np.nan, ci_high=np.nan, p=np.nan, effect_size=np.nan, reproduced=None,
                    note=f"needs two or more patients with a value in each group (has {n1} and {n2})")
    diff = float(high.mean() - low.mean())
    v1, v2 = float(high.var(ddof=1)), float(low.var(ddof=1))
    se = np.sqrt(v1 / n1 + v2 / n2)
    pooled = np.sqrt(((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2))
    if pooled > 0:
        g = (diff / pooled) * (1 - 3 / (4 * (n1 + n2) - 9))  # Hedges' small-sample correction
    else:
        g = 0.0 if diff == 0 else float(np.sign(diff) * np.inf)
    if se > 0:
        df = (v1 / n1 + v2 / n2) ** 2 / ((v1 / n1) ** 2 / (n1 - 1) + (v2 / n2) ** 2 / (n2 - 1))
        p = float(student.sf(diff / se, df))
        half = float(student.ppf(1 - _ALPHA, df)) * se
        low_ci, high_ci = diff - half, diff + half
    else:
        p = 0.5 if diff == 0 else (0.0 if diff > 0 else 1.0)
        low_ci = high_ci = diff
    return dict(estimate=diff, ci_low=low_ci, ci_high=high_ci, p=p, effect_size=float(g), reproduced=bool(p < _ALPHA),
                note="")


def compare_disorders(sd_trials: pd.DataFrame, other_trials: pd.DataFrame, items: pd.DataFrame, *,
                      baselines: dict | None = None, stages=CONTRAST_STAGES) -> pd.DataFrame:
    """The SD-versus-semantic-aphasia contrasts (:data:`CONTRASTS`), tested across patients.

    Parameters
    ----------
    sd_trials, other_trials : DataFrame
        Tidy trials of the SD cohort and of the contrasting cohort (semantic
        aphasia), each with picture naming, cued naming, word–picture matching
        and category verification.
    items : DataFrame
        The battery's item table.
    baselines : dict of str to DataFrame, optional
        Other declines' trials (e.g. the replication's ``visual`` baseline);
        each is compared with SD in the same direction as the other cohort.
    stages : sequence of str

    Returns
    -------
    DataFrame
        One row per contrast: :data:`CONTRAST_COLUMNS` (``estimate`` is the
        expected-higher group's mean minus the other's: SD − SA for
        consistency and frequency, SA − SD for cueing), then per baseline
        ``<name>_estimate``, ``<name>_p`` and ``<name>_reproduced``, and
        ``diagnostic``.
    """
    sd = disorder_measures(sd_trials, items, stages=stages)
    other = disorder_measures(other_trials, items, stages=stages)
    base = {name: disorder_measures(frame, items, stages=stages) for name, frame in (baselines or {}).items()}
    rows = []
    for spec in CONTRASTS.itertuples(index=False):
        a = sd[spec.measure].dropna().to_numpy(float)
        b = other[spec.measure].dropna().to_numpy(float)
        high, low = (a, b) if spec.expected == "sd>sa" else (b, a)
        row = dict(signature=spec.signature, measure=spec.measure, expected=spec.expected,
                   description=spec.description)
        row.update(zip(("sd_mean", "sd_ci_low", "sd_ci_high"), _mean_ci(a)))
        row.update(zip(("other_mean", "other_ci_low", "other_ci_high"), _mean_ci(b)))
        row.update(_welch(high, low))
        why = sd.attrs.get("notes", {}).get(spec.measure) or other.attrs.get("notes", {}).get(spec.measure)
        if why:
            row["note"] = why
        else:  # both directions: the expected-higher group's own value, beside the difference
            prefix = "sd" if spec.expected == "sd>sa" else "other"
            who = "SD" if prefix == "sd" else "the other group"
            own_low, own_high = row[f"{prefix}_ci_low"], row[f"{prefix}_ci_high"]
            if np.isfinite(own_low) and own_low <= 0:
                row["note"] = (f"{who}'s own {spec.measure} is not above 0 (90% CI {own_low:.3g} to {own_high:.3g}): "
                               "the difference rests on the other group")
        row.update(n_sd=len(a), n_other=len(b), naming_sd=float(sd["naming_accuracy"].mean()),
                   naming_other=float(other["naming_accuracy"].mean()))
        outcomes = []
        for name, measures in base.items():
            c = measures[spec.measure].dropna().to_numpy(float)
            test = _welch(*((a, c) if spec.expected == "sd>sa" else (c, a)))
            row[f"{name}_estimate"], row[f"{name}_p"] = test["estimate"], test["p"]
            row[f"{name}_reproduced"] = test["reproduced"]
            if test["reproduced"] is not None:
                outcomes.append(test["reproduced"])
        # as for the SD signatures: diagnostic if a baseline fails it, not if every tested baseline shows it too
        if not row["reproduced"]:
            row["diagnostic"] = ""
        elif not outcomes:
            row["diagnostic"] = "undetermined"
        else:
            row["diagnostic"] = "not diagnostic" if all(outcomes) else "diagnostic"
        rows.append(row)
    return pd.DataFrame(rows)
