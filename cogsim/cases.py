"""Case series: place each real patient on the virtual course of the disease, and predict what else they show.

A neuropsychologist places a patient on the course of semantic dementia from a
few test scores and asks what else the patient should show.  :func:`fit_cases`
does this with virtual patients:

1. **The course** (:func:`virtual_course`): several premorbid virtual patients
   (so premorbid variation counts) damaged by the preset's lesion at a grid of
   severities, tested on the tasks of the table; per virtual patient, severity
   and test, the number of trials and of correct answers.
2. **The fit** (:func:`fit_course`): for each real patient, a binomial likelihood
   of the observed scores at every severity of a fine grid (101 points; each
   virtual patient's accuracy interpolated linearly between its tested
   severities, smoothed as ``(correct + 0.5) / (trials + 1)`` so a perfect
   virtual score does not make one error impossible), averaged over the
   premorbid virtual patients (a mixture: each is equally likely a priori), with
   a uniform prior on the severity grid.  Output: the posterior mean, median and
   95% interval of the severity.
3. **Predictions**: for every test of the course, the patient's posterior
   predictive accuracy and its 95% interval on that test's number of items
   (the patient's own where given, else the course's).
4. **Goodness of fit**: a posterior predictive check of the binomial deviance
   (Gelman, Meng & Stern 1996): ``ppc_p`` is the share of simulated patients,
   drawn from the posterior, whose scores fit worse than the real patient's.
   Below 0.05 the patient's profile is one this damage rarely produces
   (``fits`` is False).  With a single test every profile fits: the check needs
   two or more.
5. **Which course**: ``log_evidence``, the log of the patient's likelihood
   averaged over the premorbid virtual patients and the grid (the marginal
   likelihood); :func:`compare_fits` turns the fits of one table to several
   courses (SD, semantic aphasia) into posterior probabilities and Bayes factors.

症例シリーズ：実際の患者を仮想の病期上に置き、他の検査の成績を予測する。
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ._random import check_random_state
from ._validation import check_int

__all__ = ["CASE_COLUMNS", "read_cases", "virtual_course", "course_from_trials", "fit_course", "fit_cases",
           "CaseFit", "plot_cases", "plot_agreement", "example_cases", "compare_fits"]

#: The columns of a case table; ``condition`` is optional (empty: every trial of the test).
CASE_COLUMNS = ["patient", "test", "n_items", "n_correct"]
#: Severity grid of the fit.
GRID = np.linspace(0.0, 1.0, 101)
_CREDIBLE = (0.025, 0.975)


def example_cases() -> Path:
    """The shipped example: the four SD naming bins of Rogers et al. (2004) as four cases (see its README)."""
    return Path(__file__).parent / "data" / "examples" / "sd_naming_bins.csv"


def read_cases(cases, *, where: str | None = None) -> pd.DataFrame:
    """A case table (a DataFrame or a CSV path) checked and in canonical form, or a ValueError naming the row.

    Columns: ``patient``, ``test`` (a registered paradigm name), ``n_items`` and
    either ``n_correct`` or ``accuracy`` (a proportion, turned into
    ``round(accuracy * n_items)``); optionally ``condition`` (e.g. ``basic`` for
    category verification, ``typical`` for colour judgment).  One row per
    patient × test × condition.
    """
    from .paradigms import list_paradigms

    if isinstance(cases, (str, os.PathLike)):
        where = where or str(cases)
        if not Path(cases).is_file():
            raise ValueError(f"No case table at {str(cases)!r} (a CSV file with columns {', '.join(CASE_COLUMNS)}).")
        try:
            cases = pd.read_csv(cases, dtype={"patient": str, "test": str, "condition": str})
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
            raise ValueError(f"{where} cannot be read as a CSV table: {exc}") from None
    if not isinstance(cases, pd.DataFrame):
        raise TypeError(f"The 'cases' parameter must be a DataFrame or a CSV path. Got {type(cases).__name__} instead.")
    where = where or "the case table"
    table = cases.copy()
    if "n_correct" not in table and "accuracy" in table and "n_items" in table:
        accuracy = pd.to_numeric(table["accuracy"], errors="coerce")
        table["n_correct"] = (accuracy * pd.to_numeric(table["n_items"], errors="coerce")).round()
    missing = [c for c in CASE_COLUMNS if c not in table]
    if missing:
        raise ValueError(f"{where} lacks the column(s) {', '.join(map(repr, missing))}; a case table has "
                         f"{', '.join(CASE_COLUMNS)} (or 'accuracy' instead of 'n_correct'), optionally 'condition'.")
    table["condition"] = table["condition"].fillna("").astype(str) if "condition" in table else ""
    known = list_paradigms()
    for k, row in enumerate(table.itertuples(index=False), start=2):
        n, x = pd.to_numeric(pd.Series([row.n_items, row.n_correct]), errors="coerce")
        problem = (f"test {row.test!r} is not a paradigm (one of {', '.join(known)})" if row.test not in known else
                   "n_items must be a whole number ≥ 1" if not (n >= 1 and float(n).is_integer()) else
                   f"n_correct must be a whole number between 0 and n_items ({n:g})"
                   if not (0 <= x <= n and float(x).is_integer()) else "")
        if problem:
            raise ValueError(f"{where}, row {k} (patient {row.patient!r}): {problem}.")
    table["n_items"] = table["n_items"].astype(int)
    table["n_correct"] = table["n_correct"].astype(int)
    table["patient"] = table["patient"].astype(str)
    duplicated = table.duplicated(["patient", "test", "condition"])
    if duplicated.any():
        row = table[duplicated].iloc[0]
        raise ValueError(f"{where}: patient {row['patient']!r} has test {row['test']!r} (condition "
                         f"{row['condition']!r}) more than once; one row per patient × test × condition.")
    return table[["patient", "test", "condition", "n_items", "n_correct"]].reset_index(drop=True)


def course_from_trials(trials: pd.DataFrame, tests) -> pd.DataFrame:
    """Per virtual patient, severity and (test, condition): trials and correct answers (``""``: all trials)."""
    rows = []
    for test, condition in tests:
        part = trials[trials["paradigm"] == test]
        if condition:
            part = part[part["condition"].astype(str) == condition]
        if part.empty:
            raise ValueError(f"The virtual course has no trials of test {test!r}"
                             + (f" in condition {condition!r}" if condition else "") + ": check the condition "
                             "name against the paradigm's conditions (docs/paradigms/).")
        counts = part.groupby(["patient", "severity"], observed=True)["correct"].agg(["size", "sum"]).reset_index()
        counts = counts.rename(columns={"patient": "virtual", "size": "n_trials", "sum": "n_correct"})
        rows.append(counts.assign(test=test, condition=condition))
    course = pd.concat(rows, ignore_index=True)
    course["accuracy"] = course["n_correct"] / course["n_trials"]
    return course[["virtual", "severity", "test", "condition", "n_trials", "n_correct", "accuracy"]]


def virtual_course(tests, *, battery=None, preset: str = "sd_hub", n_patients: int = 4, severities=None,
                   backbone: str = "efficientnet_lite0", random_state=0, progress: bool = True) -> pd.DataFrame:
    """Damage *n_patients* premorbid virtual patients along the preset's severities and test them.

    *tests* is a sequence of ``(paradigm, condition)``; each paradigm runs once.
    The patients, their lesion streams and the trial design derive from
    *random_state* (children 0, 1 and 2 of its seed sequence).
    """
    from ._random import seed_sequence
    from .lesions import make_cohort
    from .paradigms import get_paradigm, run_paradigms
    from .patients import build_patients
    from .presets import get_preset
    from .stimuli import load_battery

    check_int("fit_cases", "n_patients", n_patients, low=1)
    battery = load_battery(battery)
    chosen = get_preset(preset, battery)
    patients_seed, lesion_seed, design_seed = seed_sequence(random_state).spawn(3)
    seeds = [int(s.generate_state(1)[0]) for s in patients_seed.spawn(n_patients)]
    premorbid = build_patients(battery, seeds, backbone=backbone, hub=chosen.hub, training=chosen.training,
                               policy=chosen.policy, progress=progress)
    cohort = make_cohort(premorbid, chosen.lesion, severities=severities or chosen.severities,
                         random_state=lesion_seed)
    paradigms = [get_paradigm(name) for name in dict.fromkeys(t for t, _ in tests)]
    results = run_paradigms(paradigms, cohort, battery, random_state=design_seed, progress=progress)
    return course_from_trials(pd.concat(results.values(), ignore_index=True), tests)


def _curves(course: pd.DataFrame, tests: list, virtuals: list) -> tuple[np.ndarray, np.ndarray]:
    """``p[k, t, g]`` (smoothed accuracy on the grid) and ``n[t]`` (the course's trials per session)."""
    p = np.empty((len(virtuals), len(tests), len(GRID)))
    n = np.empty(len(tests), dtype=int)
    for t, (test, condition) in enumerate(tests):
        part = course[(course["test"] == test) & (course["condition"] == condition)]
        n[t] = int(part["n_trials"].median())
        for k, virtual in enumerate(virtuals):
            own = part[part["virtual"] == virtual].sort_values("severity")
            smoothed = (own["n_correct"] + 0.5) / (own["n_trials"] + 1)
            p[k, t] = np.interp(GRID, own["severity"], smoothed)
    return p, n


def _deviance(x, n, p):
    """Binomial deviance of counts *x* out of *n* at probabilities *p*, summed over the last axis."""
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(x > 0, x * np.log(x / (n * p)), 0.0)
        b = np.where(n - x > 0, (n - x) * np.log((n - x) / (n * (1 - p))), 0.0)
    return 2 * (a + b).sum(-1)


def _fit_one(own: pd.DataFrame, tests: list, p: np.ndarray, n_course: np.ndarray, rng, draws: int,
             predict_items: np.ndarray | None = None):
    index = [tests.index((t, c)) for t, c in zip(own["test"], own["condition"])]
    x, n = own["n_correct"].to_numpy(float), own["n_items"].to_numpy(float)
    pk = p[:, index, :]                                               # (K, J, G)
    loglik = (x[None, :, None] * np.log(pk) + (n - x)[None, :, None] * np.log1p(-pk)).sum(1)   # (K, G)
    top = loglik.max()
    weights = np.exp(loglik - top)
    evidence = float(top + np.log(weights.sum()) - np.log(weights.size))  # log mean likelihood over virtuals × grid
    weights /= weights.sum()
    severity = weights.sum(0)
    cdf = np.cumsum(severity)
    summary = {"severity_mean": float(GRID @ severity), "severity_median": float(GRID[np.searchsorted(cdf, 0.5)]),
               "severity_low": float(GRID[np.searchsorted(cdf, _CREDIBLE[0])]),
               "severity_high": float(GRID[min(np.searchsorted(cdf, _CREDIBLE[1]), len(GRID) - 1)])}
    pick = rng.choice(weights.size, size=draws, p=weights.ravel())
    k, g = np.unravel_index(pick, weights.shape)
    drawn = p[k, :, g]                                                # (draws, T)
    observed_p = drawn[:, index]
    replicated = rng.binomial(n.astype(int), observed_p)
    summary["ppc_p"] = float(np.mean(_deviance(replicated, n, observed_p) >= _deviance(x, n, observed_p)))
    summary["fits"] = bool(summary["ppc_p"] >= 0.05) if len(index) > 1 else True
    summary["n_tests"] = len(index)
    summary["log_evidence"] = evidence
    items = (n_course if predict_items is None else predict_items).copy()
    items[index] = n.astype(int)
    counts = rng.binomial(items, drawn) / items
    predictions = pd.DataFrame({"test": [t for t, _ in tests], "condition": [c for _, c in tests],
                                "given": [t in index for t in range(len(tests))], "n_items": items,
                                "predicted": drawn.mean(0), "predicted_low": np.quantile(counts, _CREDIBLE[0], 0),
                                "predicted_high": np.quantile(counts, _CREDIBLE[1], 0)})
    observed = dict(zip(index, x / n))
    predictions["observed"] = [observed.get(t, np.nan) for t in range(len(tests))]
    return summary, predictions


def _left_out(own: pd.DataFrame, tests: list, p, n_course, rng, draws: int, predicted: pd.DataFrame) -> pd.DataFrame:
    """Each given test predicted from the patient's *other* tests (``loo_*``; nan with a single test): a check of
    the course that the patient's own score cannot pass by construction."""
    predicted = predicted.assign(loo_predicted=np.nan, loo_low=np.nan, loo_high=np.nan)
    if len(own) < 2:
        return predicted
    for k in range(len(own)):
        test, condition = own["test"].iloc[k], own["condition"].iloc[k]
        t = tests.index((test, condition))
        items = n_course.copy()
        items[t] = int(own["n_items"].iloc[k])            # predicted on the patient's own number of items
        _, others = _fit_one(own.drop(own.index[k]), tests, p, n_course, rng, draws, predict_items=items)
        row = others.iloc[t]
        predicted.loc[predicted.index[t], ["loo_predicted", "loo_low", "loo_high"]] = [
            row["predicted"], row["predicted_low"], row["predicted_high"]]
    return predicted


@dataclass
class CaseFit:
    """The fit of a case series: one row per patient in :attr:`severities`, one per patient × test in
    :attr:`predictions` (given tests with their observed accuracy, the others predicted), the course used."""

    severities: pd.DataFrame
    predictions: pd.DataFrame
    course: pd.DataFrame
    cases: pd.DataFrame
    info: dict = field(default_factory=dict)

    def plot(self, ax=None):
        """:func:`plot_cases` of this fit."""
        return plot_cases(self, ax=ax)

    def save(self, folder, *, overwrite: bool = False) -> Path:
        """Write ``case_severities.csv``, ``case_predictions.csv``, ``case_course.csv`` and ``cases.png``."""
        from ._reportdir import write_table

        folder = Path(folder)
        names = ["case_severities.csv", "case_predictions.csv", "case_course.csv", "cases.png"]
        existing = [n for n in names if (folder / n).exists()]
        if existing and not overwrite:
            raise ValueError(f"{folder} already holds {', '.join(existing)}: choose another folder or pass "
                             "overwrite=True (--overwrite).")
        folder.mkdir(parents=True, exist_ok=True)
        write_table(folder / names[0], self.severities)
        write_table(folder / names[1], self.predictions)
        write_table(folder / names[2], self.course)
        self.plot().savefig(folder / names[3], dpi=110)
        return folder


def fit_course(cases, course: pd.DataFrame, *, random_state=0, draws: int = 4000) -> CaseFit:
    """Fit every patient of *cases* (see :func:`read_cases`) to a virtual *course* (:func:`virtual_course`)."""
    cases = read_cases(cases)
    check_int("fit_course", "draws", draws, low=100)
    tests = list(dict.fromkeys(zip(course["test"], course["condition"])))
    absent = sorted({f"{t}{':' + c if c else ''}" for t, c in zip(cases["test"], cases["condition"])}
                    - {f"{t}{':' + c if c else ''}" for t, c in tests})
    if absent:
        raise ValueError(f"The case table has test(s) {', '.join(absent)} that the virtual course did not run.")
    virtuals = sorted(course["virtual"].unique())
    p, n_course = _curves(course, tests, virtuals)
    rng = check_random_state(random_state)
    rows, predictions = [], []
    for patient, own in cases.groupby("patient", sort=False):
        summary, predicted = _fit_one(own, tests, p, n_course, rng, draws)
        rows.append({"patient": patient, **summary})
        predictions.append(_left_out(own, tests, p, n_course, rng, draws, predicted).assign(patient=patient))
    predictions = pd.concat(predictions, ignore_index=True)
    predictions = predictions[["patient"] + [c for c in predictions.columns if c != "patient"]]
    info = {"virtual_patients": virtuals, "grid": [float(GRID[0]), float(GRID[-1]), len(GRID)], "draws": draws}
    return CaseFit(pd.DataFrame(rows), predictions, course, cases, info)


def fit_cases(cases, *, battery=None, preset: str = "sd_hub", n_patients: int = 4, severities=None,
              backbone: str = "efficientnet_lite0", extra_tests=None, random_state=0, progress: bool = True) -> CaseFit:
    """Fit each real patient of *cases* to virtual patients: severity with a 95% interval, predictions, fit.

    Parameters
    ----------
    cases : DataFrame or path
        One row per patient × test (:func:`read_cases`).
    battery, preset, n_patients, severities, backbone
        The virtual course (:func:`virtual_course`): by default 4 premorbid
        patients of the ``sd_hub`` preset on the bundled battery.
    extra_tests : sequence of str or (str, str), optional
        Tests to predict beside those of the table (default: picture naming,
        word–picture matching, category verification at its three levels and
        colour judgment in both conditions).
    random_state : int, default 0
        The course (patients, lesions, design) and the posterior draws.

    Examples
    --------
    >>> # fit = cogsim.fit_cases(cogsim.cases.example_cases()); fit.severities; fit.save("cases")
    """
    from ._random import seed_sequence

    cases = read_cases(cases)
    default = [("picture_naming", ""), ("word_picture_matching", ""), ("category_verification", "domain"),
               ("category_verification", "basic"), ("category_verification", "specific"),
               ("colour_judgment", "typical"), ("colour_judgment", "atypical")]
    extra = default if extra_tests is None else [(t, "") if isinstance(t, str) else tuple(t) for t in extra_tests]
    tests = list(dict.fromkeys([*zip(cases["test"], cases["condition"]), *extra]))
    course_seed, draw_seed = seed_sequence(random_state).spawn(2)
    course = virtual_course(tests, battery=battery, preset=preset, n_patients=n_patients, severities=severities,
                            backbone=backbone, random_state=course_seed, progress=progress)
    fit = fit_course(cases, course, random_state=draw_seed)
    fit.info.update(preset=preset, n_patients=n_patients, backbone=backbone, random_state=random_state)
    return fit


def compare_fits(fits: dict) -> pd.DataFrame:
    """Which disorder's course explains each patient better: the fits of one case table to several courses.

    *fits* maps a name (e.g. ``"sd_hub"``, ``"semantic_aphasia"``) to the
    :class:`CaseFit` of the *same* case table on that course.  Each fit's
    ``log_evidence`` is the log of the patient's likelihood averaged over the
    course's premorbid virtual patients and the severity grid (the marginal
    likelihood under the fit's uniform prior, up to the binomial coefficients,
    which are the same for every course), so their differences are log Bayes
    factors.

    Returns
    -------
    DataFrame
        One row per patient: ``log_evidence_<name>``, ``fits_<name>`` (the
        posterior predictive check of that fit) and ``p_<name>`` (the posterior
        probability of each course, the courses equally likely a priori) per
        course, ``best`` (the most probable course) and ``log_bf`` (its log
        Bayes factor over the next best).
    """
    if not isinstance(fits, dict) or len(fits) < 2:
        raise ValueError("compare_fits needs a dict of two or more CaseFit objects, by course name.")
    names = list(fits)
    first = fits[names[0]].cases.reset_index(drop=True)
    for name in names[1:]:
        other = fits[name].cases.reset_index(drop=True)
        if not first.equals(other):
            raise ValueError(f"The fits {names[0]!r} and {name!r} are of different case tables: evidence is only "
                             "comparable for the same patients and scores.")
    table = None
    for name in names:
        part = fits[name].severities.set_index("patient")[["log_evidence", "fits"]]
        part = part.rename(columns={"log_evidence": f"log_evidence_{name}", "fits": f"fits_{name}"})
        table = part if table is None else table.join(part)
    evidence = table[[f"log_evidence_{n}" for n in names]].to_numpy(float)
    posterior = np.exp(evidence - evidence.max(1, keepdims=True))
    posterior /= posterior.sum(1, keepdims=True)
    for k, name in enumerate(names):
        table[f"p_{name}"] = posterior[:, k]
    order = np.argsort(-evidence, axis=1)
    table["best"] = [names[i] for i in order[:, 0]]
    table["log_bf"] = evidence[np.arange(len(table)), order[:, 0]] - evidence[np.arange(len(table)), order[:, 1]]
    return table.reset_index()


def plot_cases(fit: CaseFit, *, ax=None):
    """Patients placed on the virtual course, and (without *ax*, when some patient took two tests or more) each
    given score against its prediction from the patient's other tests (:func:`plot_agreement`).

    Returns the Figure, or *ax* when given (the course panel only).
    """
    if ax is not None:
        return _plot_course(fit, ax)
    from matplotlib.figure import Figure

    two = fit.predictions["loo_predicted"].notna().any()
    fig = Figure(figsize=(12.5 if two else 7.5, 4.5), layout="constrained")
    axes = fig.subplots(1, 2, width_ratios=(1.7, 1)) if two else [fig.subplots()]
    _plot_course(fit, axes[0])
    if two:
        plot_agreement(fit, ax=axes[1])
    return fig


def _plot_course(fit: CaseFit, axes):
    course = fit.course.assign(label=[t + (f" ({c})" if c else "") for t, c in zip(fit.course["test"],
                                                                                   fit.course["condition"])])
    mean = course.groupby(["label", "severity"])["accuracy"].mean().reset_index()
    colours = {}
    for label, part in mean.groupby("label"):
        line, = axes.plot(part["severity"], part["accuracy"], lw=1.2, alpha=0.7, label=label)
        colours[label] = line.get_color()
    given = fit.predictions[fit.predictions["given"]].merge(fit.severities, on="patient")
    for row in given.itertuples():
        label = row.test + (f" ({row.condition})" if row.condition else "")
        axes.errorbar(row.severity_median, row.observed, xerr=[[row.severity_median - row.severity_low],
                                                               [row.severity_high - row.severity_median]],
                      fmt="o", color=colours.get(label, "k"), mec="red" if not row.fits else "white", capsize=2)
        axes.annotate(str(row.patient), (row.severity_median, row.observed), xytext=(3, 3),
                      textcoords="offset points", fontsize=7)
    axes.set(xlabel="lesion severity (virtual course)", ylabel="proportion correct", ylim=(-0.02, 1.02),
             title="Cases on the virtual course (points: observed; bars: 95% severity interval; red edge: poor fit)")
    axes.title.set_fontsize(9)
    axes.legend(fontsize=7, loc="lower left")
    return axes


def plot_agreement(fit: CaseFit, *, ax=None):
    """Each given score against its prediction from the patient's other tests, with the 95% predictive interval.

    Returns the Figure, or *ax* when given.
    """
    from .analysis.figures import _axes

    fig, axes = _axes(ax, (4.5, 4.5))
    rows = fit.predictions[fit.predictions["loo_predicted"].notna()]
    inside = (rows["loo_low"] <= rows["observed"]) & (rows["observed"] <= rows["loo_high"])
    axes.plot([0, 1], [0, 1], ls="--", c="grey", lw=1)
    axes.errorbar(rows["loo_predicted"], rows["observed"],
                  xerr=[rows["loo_predicted"] - rows["loo_low"], rows["loo_high"] - rows["loo_predicted"]],
                  fmt="none", ecolor="#999", lw=0.8)
    axes.scatter(rows["loo_predicted"], rows["observed"], c=np.where(inside, "#2a6b21", "#a3271a"), s=18, zorder=3)
    axes.set(xlim=(-0.02, 1.02), ylim=(-0.02, 1.02), xlabel="predicted from the other tests",
             ylabel="observed", title=f"Observed against predicted: {int(inside.sum())} of {len(rows)} inside the "
                                      "95% interval")
    axes.title.set_fontsize(9)
    return fig if ax is None else ax
