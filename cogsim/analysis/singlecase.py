"""Case–control statistics of Crawford and Garthwaite: one patient against a small control sample.

Neuropsychologists compare a single case with a handful of controls using
these methods, not z-scores (which treat the control mean and SD as
population values).  In cogsim the controls are intact patients that differ
only in their training seed (:func:`cogsim.build_controls`), so a virtual
patient is reported exactly as a real case would be.

==================================  ==========================================================
function                            method
==================================  ==========================================================
:func:`crawford_howell`             test for a deficit (Crawford & Howell 1998), Z-CC with a
                                    noncentral-t interval (Crawford & Garthwaite 2002)
:func:`bayesian_deficit`            Bayesian test for a deficit (Crawford & Garthwaite 2007)
:func:`unstandardised_difference`   unstandardised difference test (Crawford & Garthwaite 2005)
:func:`revised_standardised_difference`  revised standardised difference test (Garthwaite &
                                    Crawford 2004; Crawford & Garthwaite 2005)
:func:`bayesian_standardised_difference`  Bayesian standardised difference test (Crawford &
                                    Garthwaite 2007), calibrated prior by default
==================================  ==========================================================

Controls are given either as raw scores (``controls=[...]``) or as summary
statistics (``mean=, sd=, n=``; for two tasks also ``r=``).  Tests are
one-tailed for a deficit (``alternative="less"``) by default.

事例対照統計（Crawford & Garthwaite の方法）。
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats

from .._random import check_random_state
from .._validation import check_option

__all__ = ["SingleCaseResult", "crawford_howell", "bayesian_deficit", "unstandardised_difference",
           "revised_standardised_difference", "bayesian_standardised_difference", "case_control_table"]

ALTERNATIVES = ("greater", "less", "two-sided")


@dataclass(frozen=True)
class SingleCaseResult:
    """The result of a case–control test.

    Attributes
    ----------
    method : str
    alternative : str
    statistic : float
        t (frequentist tests) or the mean of the simulated z (Bayesian tests).
    df : float or None
    p_value : float
        One-tailed for "less"/"greater"; for the Bayesian tests, the posterior
        mean of the tail probability.
    effect : float
        Z-CC (one task) or Z-DCC (two tasks); for the unstandardised test the
        difference of the case's deviations.
    effect_ci : (float, float)
    abnormality : float
        Percentage of the control population expected to be more extreme than
        the case in the tested direction (below it for "less").
    abnormality_ci : (float, float)
    n : int
        Control sample size.
    """

    method: str
    alternative: str
    statistic: float
    df: float | None
    p_value: float
    effect: float
    effect_ci: tuple
    abnormality: float
    abnormality_ci: tuple
    n: int

    def as_series(self) -> pd.Series:
        d = asdict(self)
        d["effect_ci_low"], d["effect_ci_high"] = d.pop("effect_ci")
        d["abnormality_ci_low"], d["abnormality_ci_high"] = d.pop("abnormality_ci")
        return pd.Series(d)


# --- input handling ------------------------------------------------------------------------------
def _summary(controls, mean, sd, n, task: str = "") -> tuple[float, float, int, np.ndarray | None]:
    label = f" for task {task}" if task else ""
    if controls is not None:
        if mean is not None or sd is not None:
            raise ValueError(f"Give the controls{label} either as raw scores or as mean/sd/n, not both.")
        values = np.asarray(controls, dtype=float).ravel()
        if values.size < 2:
            raise ValueError(f"The control sample{label} needs at least 2 scores; got {values.size}.")
        if not np.isfinite(values).all():
            raise ValueError(f"The control scores{label} contain NaN or infinite values.")
        mean, sd, n = float(values.mean()), float(values.std(ddof=1)), int(values.size)
    else:
        if mean is None or sd is None or n is None:
            raise ValueError(f"Give the controls{label} as raw scores (controls=...) or as mean=, sd= and n=.")
        values = None
        mean, sd = float(mean), float(sd)
        if isinstance(n, bool) or int(n) != n or n < 2:
            raise ValueError(f"The 'n' parameter{label} must be an int of at least 2. Got {n!r} instead.")
        n = int(n)
    if not sd > 0:
        raise ValueError(f"The control SD{label} is {sd:g}: with no variance among controls (e.g. all at "
                         "ceiling) a case cannot be compared with them.")
    return mean, sd, n, values


def _check_case(case, name: str = "case") -> float:
    if isinstance(case, bool) or not isinstance(case, (int, float, np.integer, np.floating)) or not np.isfinite(case):
        raise ValueError(f"The {name!r} parameter must be one finite number. Got {case!r} instead.")
    return float(case)


def _p_from_t(t: float, df: float, alternative: str) -> float:
    if alternative == "less":
        return float(stats.t.cdf(t, df))
    if alternative == "greater":
        return float(stats.t.sf(t, df))
    return float(2 * stats.t.sf(abs(t), df))


def _abnormality(p: float, alternative: str) -> float:
    return 100 * (p / 2 if alternative == "two-sided" else p)


def _zcc_interval(zcc: float, n: int, conf_level: float) -> tuple[float, float]:
    """Noncentral-t limits for Z-CC (Crawford & Garthwaite 2002): δ/√n where the observed
    zcc·√n is the upper (lower) alpha/2 quantile of t(n−1, δ)."""
    df, observed, alpha = n - 1, zcc * np.sqrt(n), 1 - conf_level

    def cdf(delta):
        value = stats.nct.cdf(observed, df, delta)
        if np.isnan(value):  # far tails, where scipy gives up: the cdf is 0 or 1 there
            value = 0.0 if delta > observed else 1.0
        return value

    def limit(prob):
        width = 2.0
        while cdf(observed - width) < prob or cdf(observed + width) > prob:  # cdf falls as delta grows
            width *= 2
        return optimize.brentq(lambda delta: cdf(delta) - prob, observed - width, observed + width, xtol=1e-12)

    return limit(1 - alpha / 2) / np.sqrt(n), limit(alpha / 2) / np.sqrt(n)


def _interval_to_abnormality(ci: tuple, alternative: str, effect: float) -> tuple[float, float]:
    below = 100 * stats.norm.cdf(np.asarray(ci))
    if alternative == "greater" or (alternative == "two-sided" and effect > 0):
        return float(100 - below[1]), float(100 - below[0])
    return float(below[0]), float(below[1])


def _check_common(alternative, conf_level):
    check_option("alternative", alternative, ALTERNATIVES)
    if not 0 < conf_level < 1:
        raise ValueError(f"The 'conf_level' parameter must be a float in (0, 1). Got {conf_level!r} instead.")


# --- one task ------------------------------------------------------------------------------------
def crawford_howell(case, controls=None, *, mean=None, sd=None, n=None, alternative: str = "less",
                    conf_level: float = 0.95) -> SingleCaseResult:
    """Crawford & Howell (1998) test for a deficit, with Z-CC and its interval.

    ``t = (case − mean) / (sd · √((n + 1) / n))`` on ``n − 1`` df.  The
    one-tailed p also estimates the share of controls expected to score below
    the case.  Z-CC = (case − mean) / sd; its interval comes from the
    noncentral t distribution (Crawford & Garthwaite 2002).

    Parameters
    ----------
    case : float
    controls : array-like, optional
        Raw control scores; or give ``mean``, ``sd`` and ``n``.
    alternative : {"less", "greater", "two-sided"}, default "less"
    conf_level : float, default 0.95

    Examples
    --------
    >>> r = crawford_howell(-2, mean=0, sd=1, n=15)
    >>> round(r.statistic, 3), r.df, round(r.p_value, 4)
    (-1.936, 14, 0.0366)
    """
    _check_common(alternative, conf_level)
    case = _check_case(case)
    mean, sd, n, _ = _summary(controls, mean, sd, n)
    t = (case - mean) / (sd * np.sqrt((n + 1) / n))
    p = _p_from_t(t, n - 1, alternative)
    zcc = (case - mean) / sd
    ci = _zcc_interval(zcc, n, conf_level)
    return SingleCaseResult("Crawford-Howell test for a deficit", alternative, float(t), n - 1, p, float(zcc),
                            tuple(map(float, ci)), _abnormality(p, alternative),
                            _interval_to_abnormality(ci, alternative, zcc), n)


def bayesian_deficit(case, controls=None, *, mean=None, sd=None, n=None, alternative: str = "less",
                     conf_level: float = 0.95, n_samples: int = 100_000, random_state=None) -> SingleCaseResult:
    """Bayesian test for a deficit (Crawford & Garthwaite 2007), by seeded Monte Carlo.

    Draws the control variance ``σ² = (n − 1) s² / χ²(n − 1)`` and mean
    ``μ ~ N(mean, σ² / n)``, computes ``z = (case − μ) / σ`` and the tail
    probability of each draw.  The point estimate of p (and of abnormality)
    is the mean tail probability; intervals are percentiles.  With enough
    samples the p value equals that of :func:`crawford_howell`.

    Parameters
    ----------
    n_samples : int, default 100000
    random_state : None, int or Generator
    """
    _check_common(alternative, conf_level)
    case = _check_case(case)
    mean, sd, n, _ = _summary(controls, mean, sd, n)
    rng = check_random_state(random_state)
    variance = (n - 1) * sd ** 2 / rng.chisquare(n - 1, size=n_samples)
    mu = mean + rng.standard_normal(n_samples) * np.sqrt(variance / n)
    z = (case - mu) / np.sqrt(variance)
    tail = _tail(z, alternative)
    alpha = 1 - conf_level
    p = float(tail.mean())
    tail_for_ci = tail / 2 if alternative == "two-sided" else tail
    return SingleCaseResult("Bayesian test for a deficit", alternative, float(z.mean()), n - 1, p,
                            float((case - mean) / sd), tuple(np.quantile(z, [alpha / 2, 1 - alpha / 2]).tolist()),
                            _abnormality(p, alternative),
                            tuple((100 * np.quantile(tail_for_ci, [alpha / 2, 1 - alpha / 2])).tolist()), n)


def _tail(z: np.ndarray, alternative: str) -> np.ndarray:
    if alternative == "less":
        return stats.norm.cdf(z)
    if alternative == "greater":
        return stats.norm.sf(z)
    return 2 * stats.norm.sf(np.abs(z))


# --- two tasks -----------------------------------------------------------------------------------
def _two_tasks(case_a, case_b, controls_a, controls_b, mean, sd, n, r):
    case_a, case_b = _check_case(case_a, "case_a"), _check_case(case_b, "case_b")
    if controls_a is not None or controls_b is not None:
        if controls_a is None or controls_b is None:
            raise ValueError("Give raw scores for both tasks (controls_a and controls_b), or summaries for both.")
        a, b = np.asarray(controls_a, float).ravel(), np.asarray(controls_b, float).ravel()
        if a.size != b.size:
            raise ValueError(f"controls_a and controls_b must hold the same controls; got {a.size} and {b.size} "
                             "scores.")
        ma, sa, n, _ = _summary(a, None, None, None, "a")
        mb, sb, _, _ = _summary(b, None, None, None, "b")
        r = float(np.corrcoef(a, b)[0, 1])
    else:
        if mean is None or sd is None or r is None:
            raise ValueError("Give raw control scores (controls_a=, controls_b=) or mean=(ma, mb), sd=(sa, sb), "
                             "n= and r=.")
        ma, sa, n, _ = _summary(None, mean[0], sd[0], n, "a")
        mb, sb, _, _ = _summary(None, mean[1], sd[1], n, "b")
        r = float(r)
    if not -1 < r < 1:
        raise ValueError(f"The correlation between tasks must lie strictly between -1 and 1. Got {r!r} instead.")
    return case_a, case_b, ma, mb, sa, sb, n, r


def unstandardised_difference(case_a, case_b, controls_a=None, controls_b=None, *, mean=None, sd=None, n=None,
                              r=None, alternative: str = "two-sided") -> SingleCaseResult:
    """Unstandardised difference test (Crawford & Garthwaite 2005), for tasks on the same scale.

    ``t = ((a − mean_a) − (b − mean_b)) / √((s_a² + s_b² − 2 r s_a s_b)(n + 1) / n)`` on ``n − 1`` df.
    """
    check_option("alternative", alternative, ALTERNATIVES)
    a, b, ma, mb, sa, sb, n, r = _two_tasks(case_a, case_b, controls_a, controls_b, mean, sd, n, r)
    diff = (a - ma) - (b - mb)
    t = diff / np.sqrt((sa ** 2 + sb ** 2 - 2 * r * sa * sb) * (n + 1) / n)
    p = _p_from_t(t, n - 1, alternative)
    nan = float("nan")
    return SingleCaseResult("Unstandardised difference test", alternative, float(t), n - 1, p, float(diff),
                            (nan, nan), _abnormality(p, alternative), (nan, nan), n)


def revised_standardised_difference(case_a, case_b, controls_a=None, controls_b=None, *, mean=None, sd=None,
                                    n=None, r=None, alternative: str = "two-sided") -> SingleCaseResult:
    """Revised standardised difference test (Garthwaite & Crawford 2004; Crawford & Garthwaite 2005).

    The statistic ψ solves ``a·ψ⁴ + b·ψ² + c = 0`` with ``a = (1 + r)(1 − r²)``,
    ``b = (1 − r)(4(n − 1)² + 4(1 + r)(n − 1) + (1 + r)(5 + r))`` and
    ``c = −2 (z_a − z_b)² n (n − 1)² / (n + 1)``, and is referred to t on
    ``n − 1`` df with the sign of ``z_a − z_b``.  The effect size is
    Z-DCC = (z_a − z_b) / √(2 − 2r).
    """
    check_option("alternative", alternative, ALTERNATIVES)
    a_, b_, ma, mb, sa, sb, n, r = _two_tasks(case_a, case_b, controls_a, controls_b, mean, sd, n, r)
    za, zb = (a_ - ma) / sa, (b_ - mb) / sb
    qa = (1 + r) * (1 - r ** 2)
    qb = (1 - r) * (4 * (n - 1) ** 2 + 4 * (1 + r) * (n - 1) + (1 + r) * (5 + r))
    qc = -2 * (za - zb) ** 2 * n * (n - 1) ** 2 / (n + 1)
    psi = np.sign(za - zb) * np.sqrt((-qb + np.sqrt(qb ** 2 - 4 * qa * qc)) / (2 * qa))
    p = _p_from_t(psi, n - 1, alternative)
    zdcc = (za - zb) / np.sqrt(2 - 2 * r)
    nan = float("nan")
    return SingleCaseResult("Revised standardised difference test", alternative, float(psi), n - 1, p,
                            float(zdcc), (nan, nan), _abnormality(p, alternative), (nan, nan), n)


def bayesian_standardised_difference(case_a, case_b, controls_a=None, controls_b=None, *, mean=None, sd=None,
                                     n=None, r=None, alternative: str = "two-sided", conf_level: float = 0.95,
                                     n_samples: int = 50_000, calibrated: bool = True,
                                     random_state=None) -> SingleCaseResult:
    """Bayesian standardised difference test (Crawford & Garthwaite 2007), by seeded Monte Carlo.

    Draws the controls' covariance Σ from an inverse Wishart posterior and
    their means ``μ ~ N(mean, Σ / n)``; for each draw computes the case's
    z-scores on both tasks and ``z* = (z_a − z_b) / √(2 − 2ρ)``.  With
    ``calibrated=True`` (the default, as in singcar) Σ is drawn with
    ``n − 2`` df from ``(n − 2) A / (n − 1)`` and accepted with probability
    ``√(1 − ρ²)`` (the prior of Berger & Sun 2008); otherwise with ``n`` df from
    ``A``, the sums of squares and products.
    """
    _check_common(alternative, conf_level)
    a_, b_, ma, mb, sa, sb, n, r = _two_tasks(case_a, case_b, controls_a, controls_b, mean, sd, n, r)
    rng = check_random_state(random_state)
    A = (n - 1) * np.array([[sa ** 2, r * sa * sb], [r * sa * sb, sb ** 2]])
    if calibrated:
        if n < 4:
            raise ValueError("The calibrated Bayesian standardised difference test needs at least 4 controls.")
        kept = []
        while sum(len(k) for k in kept) < n_samples:
            draws = stats.invwishart.rvs(df=n - 2, scale=(n - 2) * A / (n - 1), size=n_samples, random_state=rng)
            rho = draws[:, 0, 1] / np.sqrt(draws[:, 0, 0] * draws[:, 1, 1])
            kept.append(draws[rng.random(n_samples) ** 2 <= 1 - rho ** 2])
        sigma = np.concatenate(kept)[:n_samples]
    else:
        sigma = stats.invwishart.rvs(df=n, scale=A, size=n_samples, random_state=rng)
    chol = np.linalg.cholesky(sigma)
    mu = np.array([ma, mb]) + np.einsum("kij,kj->ki", chol, rng.standard_normal((n_samples, 2))) / np.sqrt(n)
    za = (a_ - mu[:, 0]) / np.sqrt(sigma[:, 0, 0])
    zb = (b_ - mu[:, 1]) / np.sqrt(sigma[:, 1, 1])
    rho = sigma[:, 0, 1] / np.sqrt(sigma[:, 0, 0] * sigma[:, 1, 1])
    z = (za - zb) / np.sqrt(2 - 2 * rho)
    tail = _tail(z, alternative)
    p = float(tail.mean())
    alpha = 1 - conf_level
    tail_for_ci = tail / 2 if alternative == "two-sided" else tail
    zdcc = ((a_ - ma) / sa - (b_ - mb) / sb) / np.sqrt(2 - 2 * r)
    return SingleCaseResult("Bayesian standardised difference test", alternative, float(z.mean()), None, p,
                            float(zdcc), tuple(np.quantile(z, [alpha / 2, 1 - alpha / 2]).tolist()),
                            _abnormality(p, alternative),
                            tuple((100 * np.quantile(tail_for_ci, [alpha / 2, 1 - alpha / 2])).tolist()), n)


# --- applied to a study --------------------------------------------------------------------------
def case_control_table(results: pd.DataFrame, controls: pd.DataFrame, *, alternative: str = "less",
                       n_samples: int = 20_000, random_state=None) -> pd.DataFrame:
    """Test every patient-session's accuracy on every paradigm against the intact controls.

    Parameters
    ----------
    results : DataFrame
        Tidy results of the virtual patients (one or more paradigms).
    controls : DataFrame
        Tidy results of the intact control patients on the same paradigms.
    alternative : str, default "less"
    n_samples : int
        Monte Carlo samples of the Bayesian test.
    random_state : None, int or Generator
        For the Bayesian test's draws (None: fresh entropy; ``cogsim replicate`` passes its own).

    Returns
    -------
    DataFrame
        One row per patient, session and paradigm: the case's accuracy, the
        controls' mean, SD and n, then the Crawford–Howell t, df, p, Z-CC with
        its interval, abnormality, and the Bayesian p.  When the controls have
        no variance (all at the same score) the tests are undefined: the
        statistics are NaN and ``note`` says why.
    """
    key = ["patient", "session", "severity", "paradigm"]
    cases = results.groupby(key, sort=True, observed=True)["correct"].mean().rename("case").reset_index()
    ctrl = controls.groupby(["patient", "paradigm"], observed=True)["correct"].mean().reset_index()
    rows = []
    for _, row in cases.iterrows():
        scores = ctrl.loc[ctrl["paradigm"] == row["paradigm"], "correct"].to_numpy()
        out = dict(row)
        out.update(control_mean=scores.mean() if len(scores) else np.nan,
                   control_sd=scores.std(ddof=1) if len(scores) > 1 else np.nan, n_controls=len(scores))
        try:
            ch = crawford_howell(row["case"], scores, alternative=alternative)
            bd = bayesian_deficit(row["case"], scores, alternative=alternative, n_samples=n_samples,
                                  random_state=random_state)
            out.update(t=ch.statistic, df=ch.df, p=ch.p_value, zcc=ch.effect, zcc_ci_low=ch.effect_ci[0],
                       zcc_ci_high=ch.effect_ci[1], abnormality=ch.abnormality, bayes_p=bd.p_value, note="")
        except ValueError as exc:
            out.update(t=np.nan, df=np.nan, p=np.nan, zcc=np.nan, zcc_ci_low=np.nan, zcc_ci_high=np.nan,
                       abnormality=np.nan, bayes_p=np.nan, note=str(exc))
        rows.append(out)
    return pd.DataFrame(rows)
