"""The naming profile against the SD patients of Rogers et al. (2004), aligned by naming accuracy.

呼称プロフィールの比較：全体の正答率で患者群のビンに合わせる。
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .reference import RESPONSE_CLASSES, load_rogers2004
from .._languages import renamed_keyword

__all__ = ["naming_profile", "compare_naming", "naming_rmse", "naming_rmse_interval", "describe_naming_fit",
           "naming_effects", "NAMING_EFFECTS", "INFORMATIVE", "DIGITISATION_ERROR"]

#: The response classes whose cells are informative once a profile is aligned by naming accuracy: an
#: aligned profile's ``correct`` cell equals the bin's accuracy by construction.
INFORMATIVE = tuple(c for c in RESPONSE_CLASSES if c != "correct")
#: The reference proportions were read off a published figure: about this much either way.
DIGITISATION_ERROR = 0.02


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


def _align(accuracy: np.ndarray, values: np.ndarray, target: float) -> float:
    """*values* at naming accuracy *target* along a profile ordered from mild to severe.

    Walking from the mildest point, the bin is placed where accuracy first falls to *target* and
    *values* are interpolated linearly (in accuracy) between the two points around it; an exact
    match earlier on the walk wins.  Never reached: NaN (no extrapolation).
    """
    crossing = [k for k in range(1, len(accuracy)) if accuracy[k] <= target <= accuracy[k - 1]]
    exact = [k for k in range(len(accuracy)) if accuracy[k] == target]
    if exact and (not crossing or exact[0] <= crossing[0]):
        return float(values[exact[0]])
    if crossing:
        k = crossing[0]
        span = accuracy[k - 1] - accuracy[k]
        w = 0.0 if span == 0 else (accuracy[k - 1] - target) / span
        return float(values[k - 1] + w * (values[k] - values[k - 1]))
    return float("nan")


def _model_curve(model: pd.DataFrame) -> pd.DataFrame:
    """The Rogers et al. model's published points, mild to severe, with its intact point (all correct) first."""
    intact = {cls: (1.0 if cls == "correct" else 0.0) for cls in RESPONSE_CLASSES}
    return pd.concat([pd.DataFrame([intact]), model[list(RESPONSE_CLASSES)]], ignore_index=True)


def compare_naming(results: pd.DataFrame, reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """Simulated naming profile at each patient bin's accuracy, beside the patients and the Rogers model.

    Alignment follows Rogers et al. (2004): bins are matched by overall naming
    accuracy, not by lesion size.  The simulated profile is the mean over
    patients at each lesion severity; it is placed at each bin's accuracy by
    :func:`_align` (walk from mild to severe, interpolate linearly in accuracy,
    never extrapolate: an unreached bin's cells are NaN).

    The Rogers et al. model is given twice: ``rogers_aligned`` is its profile
    aligned **the same way** (interpolated along its own accuracy curve, intact
    point included), the like-for-like comparison; ``rogers_model`` is its
    published points at their own accuracies (.86/.38/.19/.01), which are not
    the bins' accuracies.

    Returns
    -------
    DataFrame
        One row per bin and response class: ``severity_bin``, ``bin_accuracy``,
        ``response``, ``patients``, ``rogers_aligned``, ``rogers_model``, ``cogsim``.
    """
    reference = load_rogers2004() if reference is None else reference
    profile = naming_profile(results).sort_values("severity").reset_index(drop=True)
    patients = reference[reference["source"] == "patients"].set_index("severity_bin")
    model = reference[reference["source"] == "model"].set_index("severity_bin")
    curve = _model_curve(model)
    rows = []
    for bin_, row in patients.iterrows():
        target = float(row["correct"])
        for cls in RESPONSE_CLASSES:
            rows.append({"severity_bin": int(bin_), "bin_accuracy": target, "response": cls,
                         "patients": float(row[cls]),
                         "rogers_aligned": (_align(curve["correct"].to_numpy(), curve[cls].to_numpy(), target)
                                            if len(model) else float("nan")),
                         "rogers_model": float(model.loc[bin_, cls]) if bin_ in model.index else float("nan"),
                         "cogsim": _align(profile["correct"].to_numpy(), profile[cls].to_numpy(), target)})
    return pd.DataFrame(rows)


def _rmse(model: np.ndarray, patients: np.ndarray) -> float:
    d = model - patients
    d = d[~np.isnan(d)]
    return float(np.sqrt(np.mean(d ** 2))) if len(d) else float("nan")


def naming_rmse(comparison: pd.DataFrame) -> pd.DataFrame:
    """Root-mean-square error against the patients, per response class, over the 16 informative cells
    and over all 20, for cogsim and the Rogers et al. (2004) model.

    Parameters
    ----------
    comparison : DataFrame
        Output of :func:`compare_naming`.

    Returns
    -------
    DataFrame
        ``response`` (each class, then ``"informative"``: the classes of
        :data:`INFORMATIVE`, then ``"overall"``: all cells), ``cogsim``,
        ``rogers_aligned`` (the like-for-like comparison), ``rogers_model``
        (the model at its own accuracies), ``cells`` (how many bins entered
        cogsim's RMSE).

    Examples
    --------
    >>> fake = pd.DataFrame({"response": ["correct", "omission"], "patients": [0.5, 0.2],
    ...                      "rogers_aligned": [0.5, 0.3], "rogers_model": [0.6, 0.2], "cogsim": [0.5, 0.2]})
    >>> naming_rmse(fake)[["response", "cogsim", "rogers_aligned", "rogers_model"]].round(3).values.tolist()
    [['correct', 0.0, 0.0, 0.1], ['omission', 0.0, 0.1, 0.0], ['informative', 0.0, 0.1, 0.0], ['overall', 0.0, 0.071, 0.071]]
    """
    columns = [c for c in ("cogsim", "rogers_aligned", "rogers_model") if c in comparison.columns]

    def row(name, frame):
        out = {"response": name}
        out.update({c: _rmse(frame[c].to_numpy(float), frame["patients"].to_numpy(float)) for c in columns})
        out["cells"] = int(frame["cogsim"].notna().sum())
        return out

    rows = [row(cls, frame) for cls, frame in comparison.groupby("response", sort=False)]
    rows.append(row("informative", comparison[comparison["response"].isin(INFORMATIVE)]))
    rows.append(row("overall", comparison))
    return pd.DataFrame(rows)


def naming_rmse_interval(results: pd.DataFrame, reference: pd.DataFrame | None = None, *, n_boot: int = 2000,
                         conf_level: float = 0.95, random_state=None) -> pd.DataFrame:
    """Bootstrap intervals of cogsim's naming RMSE over virtual patients.

    Virtual patients are resampled with replacement (each keeps all its
    sessions); each resample's profile is aligned to the bins as in
    :func:`compare_naming` and scored as in :func:`naming_rmse`.  The interval
    says how much the RMSE depends on which virtual patients were drawn; it
    does not include the reference's own digitisation error
    (:data:`DIGITISATION_ERROR`).

    Returns
    -------
    DataFrame
        ``response`` ("informative", "overall"), ``estimate``, ``ci_low``,
        ``ci_high``, ``n_patients``, ``n_boot``.
    """
    from .._random import check_random_state
    from .._validation import check_int, check_open_fraction

    check_int("naming_rmse_interval", "n_boot", n_boot)
    check_open_fraction("naming_rmse_interval", "conf_level", conf_level)
    rng = check_random_state(random_state)
    reference = load_rogers2004() if reference is None else reference
    patients = reference[reference["source"] == "patients"].set_index("severity_bin")
    naming = results[results["paradigm"] == "picture_naming"]
    if naming.empty:
        raise ValueError("naming_rmse_interval needs the results of PictureNaming.run.")
    counts = (naming.groupby(["patient", "severity", "error"], observed=True).size()
              .unstack("error", fill_value=0).reindex(columns=list(RESPONSE_CLASSES), fill_value=0))
    ids = list(dict.fromkeys(counts.index.get_level_values("patient")))
    severities = sorted(set(counts.index.get_level_values("severity")))
    cube = np.zeros((len(ids), len(severities), len(RESPONSE_CLASSES)))
    for (pid, severity), values in counts.iterrows():
        cube[ids.index(pid), severities.index(severity)] = values.to_numpy()
    target = patients[list(RESPONSE_CLASSES)].to_numpy(float)             # (4 bins, 5 classes)
    informative = np.array([c in INFORMATIVE for c in RESPONSE_CLASSES])

    def score(weights) -> tuple[float, float]:
        summed = np.tensordot(weights, cube, axes=1)                       # (severities, classes)
        shares = summed / summed.sum(1, keepdims=True)
        accuracy = shares[:, list(RESPONSE_CLASSES).index("correct")]
        aligned = np.array([[_align(accuracy, shares[:, j], float(t)) for j in range(len(RESPONSE_CLASSES))]
                            for t in patients["correct"]])
        return _rmse(aligned[:, informative], target[:, informative]), _rmse(aligned, target)

    estimate = score(np.ones(len(ids)))
    draws = np.array([score(np.bincount(rng.integers(0, len(ids), len(ids)), minlength=len(ids)))
                      for _ in range(n_boot)])
    alpha = (1 - conf_level) / 2
    rows = []
    for k, name in enumerate(("informative", "overall")):
        finite = draws[np.isfinite(draws[:, k]), k]   # no bin reached: no interval
        low, high = np.quantile(finite, [alpha, 1 - alpha]) if len(finite) else (np.nan, np.nan)
        rows.append({"response": name, "estimate": estimate[k], "ci_low": float(low), "ci_high": float(high),
                     "n_patients": len(ids), "n_boot": n_boot})
    return pd.DataFrame(rows)


@renamed_keyword("lang", "language")
def describe_naming_fit(rmse: pd.DataFrame, interval: pd.DataFrame | None = None, language: str = "en") -> str:
    """One paragraph saying what the naming comparison shows, for reports and logs (``language="ja"``: Japanese).

    Both models are scored aligned the same way; the headline is the 16
    informative cells; the interval (if given) is over virtual patients; a
    difference smaller than the reference's digitisation error
    (:data:`DIGITISATION_ERROR`) is not called a better fit.
    """
    from .i18n import Text

    T = Text(language)
    table = rmse.set_index("response")
    info, overall = table.loc["informative"], table.loc["overall"]
    band, outside = "", ""
    if interval is not None:
        row = interval.set_index("response").loc["informative"]
        band = T(f" (95% interval over {int(row['n_patients'])} virtual patients "
                 f"{row['ci_low']:.3f}-{row['ci_high']:.3f})",
                 f"（仮想患者 {int(row['n_patients'])} 人での 95% 区間 {row['ci_low']:.3f}–{row['ci_high']:.3f}）")
        if info["rogers_aligned"] < row["ci_low"]:
            outside = T("The model's RMSE lies below cogsim's interval, but the",
                        "モデルの RMSE は cogsim の区間より下にあるが、")
        elif info["rogers_aligned"] > row["ci_high"]:
            outside = T("The model's RMSE lies above cogsim's interval, but the",
                        "モデルの RMSE は cogsim の区間より上にあるが、")
    diff = info["cogsim"] - info["rogers_aligned"]
    if not np.isfinite(diff):
        verdict = T("The comparison is incomplete: some bins lie outside the simulated range of naming accuracy.",
                    "比較は不完全：一部のビンがシミュレーションの呼称正答率の範囲外にある。")
    elif abs(diff) < DIGITISATION_ERROR:
        verdict = T(f"{outside or 'The'} difference ({diff:+.3f}) is smaller than the reference's digitisation "
                    f"error (about +/-{DIGITISATION_ERROR:.2f}): neither model is shown to fit better.",
                    f"{outside}差（{diff:+.3f}）は参照データの読み取り誤差（約 ±{DIGITISATION_ERROR:.2f}）より"
                    "小さく、どちらのモデルがよく当てはまるとも言えない。")
    else:
        better = T("The Rogers et al. model" if diff > 0 else "cogsim",
                   "Rogers et al. のモデル" if diff > 0 else "cogsim")
        verdict = T(f"{better} fits better by {abs(diff):.3f}, more than the reference's digitisation error.",
                    f"{better}のほうが {abs(diff):.3f} よく当てはまり、参照データの読み取り誤差より大きい。")
    return T(f"Naming profile against the SD patients' four bins (Rogers et al. 2004), both models aligned by "
             f"naming accuracy: RMSE over the 16 informative cells cogsim {info['cogsim']:.3f}{band}, Rogers et al. "
             f"model {info['rogers_aligned']:.3f}; over all 20 cells {overall['cogsim']:.3f} and "
             f"{overall['rogers_aligned']:.3f}. {verdict} (The model's published points at their own accuracies "
             f"score {overall['rogers_model']:.3f} over 20 cells; that number is not comparable with an aligned one.)",
             f"SD 患者の 4 つのビン（Rogers et al. 2004）に対する呼称プロフィール（両モデルとも呼称正答率で位置合わせ）："
             f"情報をもつ 16 セルの RMSE は cogsim {info['cogsim']:.3f}{band}、Rogers et al. のモデル "
             f"{info['rogers_aligned']:.3f}；全 20 セルでは {overall['cogsim']:.3f} と {overall['rogers_aligned']:.3f}。"
             f"{verdict}（モデルの公表点をそれ自身の正答率で採点すると 20 セルで {overall['rogers_model']:.3f}。"
             "この値は位置合わせした値とは比較できない。）")


#: The naming signatures whose size can be read off the patients' four bins, and how.
NAMING_EFFECTS = {
    "naming_omissions_rise": ("omission share, most severe bin minus mildest", "share"),
    "naming_omissions_dominate_late": ("omission share minus the commonest other response, most severe bin",
                                       "share"),
    "naming_semantic_rises_then_falls": ("peak semantic share minus the larger of the two end bins", "share"),
    "naming_superordinate_after_semantic": ("bin of the superordinate peak minus bin of the semantic peak", "bins"),
    "naming_cross_domain_rare": ("largest cross-domain share in any bin", "share"),
}


def _effect(signature: str, table: pd.DataFrame) -> float:
    """*table*: bins (rows, mildest first) × response classes."""
    if table.isna().to_numpy().any():
        return float("nan")
    first, last = table.index[0], table.index[-1]
    if signature == "naming_omissions_rise":
        return float(table.loc[last, "omission"] - table.loc[first, "omission"])
    if signature == "naming_omissions_dominate_late":
        return float(table.loc[last, "omission"] - table.loc[last].drop("omission").max())
    if signature == "naming_semantic_rises_then_falls":
        semantic = table["semantic"]
        return float(semantic.max() - max(semantic.iloc[0], semantic.iloc[-1]))
    if signature == "naming_superordinate_after_semantic":
        return float(table["superordinate"].idxmax() - table["semantic"].idxmax())
    if signature == "naming_cross_domain_rare":
        return float(table["cross_domain"].max())
    raise ValueError(f"No patient effect is defined for signature {signature!r}; see NAMING_EFFECTS.")


def naming_effects(comparison: pd.DataFrame) -> pd.DataFrame:
    """The size of each naming signature in the patients' bins, in cogsim and in the Rogers et al. model.

    The same statistic (:data:`NAMING_EFFECTS`) is computed on the four
    bins of the SD patients (Rogers et al. 2004), on cogsim's profile aligned
    to those bins and on the Rogers et al. model aligned the same way
    (:func:`compare_naming`), so the three are comparable like for like.
    An effect is NaN when a bin lies outside the simulated range.

    Returns
    -------
    DataFrame
        ``signature, effect, unit, patients, cogsim, rogers_aligned``.
    """
    rows = []
    tables = {source: comparison.pivot(index="severity_bin", columns="response", values=source).sort_index()
              for source in ("patients", "cogsim", "rogers_aligned")}
    for signature, (effect, unit) in NAMING_EFFECTS.items():
        rows.append({"signature": signature, "effect": effect, "unit": unit,
                     **{source: _effect(signature, table) for source, table in tables.items()}})
    return pd.DataFrame(rows)
