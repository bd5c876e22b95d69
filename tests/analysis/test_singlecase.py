"""Case–control statistics against independent formula computations and a published value."""

import numpy as np
import pytest
from scipy import stats

from cogsim.analysis import (bayesian_deficit, bayesian_standardised_difference, case_control_table,
                             crawford_howell, revised_standardised_difference, unstandardised_difference)

CONTROLS = np.array([52.0, 61, 57, 49, 66, 58, 54, 60, 63, 55])


def test_crawford_howell_matches_the_formula():
    case = 41.0
    m, s, n = CONTROLS.mean(), CONTROLS.std(ddof=1), len(CONTROLS)
    t = (case - m) / (s * np.sqrt((n + 1) / n))
    result = crawford_howell(case, CONTROLS)
    np.testing.assert_allclose(result.statistic, t, rtol=1e-12)
    np.testing.assert_allclose(result.p_value, stats.t.cdf(t, n - 1), rtol=1e-12)
    np.testing.assert_allclose(result.effect, (case - m) / s, rtol=1e-12)
    np.testing.assert_allclose(result.abnormality, 100 * stats.t.cdf(t, n - 1), rtol=1e-12)
    assert result.df == n - 1
    two = crawford_howell(case, CONTROLS, alternative="two-sided")
    np.testing.assert_allclose(two.p_value, 2 * stats.t.cdf(t, n - 1), rtol=1e-12)
    summary = crawford_howell(case, mean=m, sd=s, n=n)
    np.testing.assert_allclose(summary.statistic, result.statistic, rtol=1e-12)


def test_crawford_howell_published_value():
    # Case 2 SD below a control mean of 0 (SD 1, n = 15): t = -1.936 (singcar's test suite).
    assert round(crawford_howell(-2, mean=0, sd=1, n=15).statistic, 3) == -1.936


@pytest.mark.parametrize("zcc,n", [(-2.0, 15), (-0.5, 5), (-4.0, 30), (1.5, 10)])
def test_zcc_interval_is_the_noncentral_t_inversion(zcc, n):
    result = crawford_howell(zcc, mean=0, sd=1, n=n)
    low, high = result.effect_ci
    observed = zcc * np.sqrt(n)
    np.testing.assert_allclose(stats.nct.cdf(observed, n - 1, low * np.sqrt(n)), 0.975, atol=1e-6)
    np.testing.assert_allclose(stats.nct.cdf(observed, n - 1, high * np.sqrt(n)), 0.025, atol=1e-6)
    assert low < zcc < high
    np.testing.assert_allclose(result.abnormality_ci, 100 * stats.norm.cdf([low, high]), rtol=1e-9)


def test_bayesian_deficit_agrees_with_the_frequentist_p():
    # Crawford & Garthwaite (2007): the Bayesian p equals the Crawford-Howell p.
    freq = crawford_howell(-2.2, mean=0, sd=1, n=12)
    bayes = bayesian_deficit(-2.2, mean=0, sd=1, n=12, n_samples=400_000, random_state=1)
    assert abs(bayes.p_value - freq.p_value) < 0.002
    again = bayesian_deficit(-2.2, mean=0, sd=1, n=12, n_samples=400_000, random_state=1)
    assert again == bayes


def test_unstandardised_difference_formula():
    a = CONTROLS
    b = np.array([50.0, 58, 59, 45, 62, 55, 57, 56, 60, 50])
    r = np.corrcoef(a, b)[0, 1]
    n = len(a)
    expected = ((40 - a.mean()) - (55 - b.mean())) / np.sqrt(
        (a.var(ddof=1) + b.var(ddof=1) - 2 * r * a.std(ddof=1) * b.std(ddof=1)) * (n + 1) / n)
    result = unstandardised_difference(40, 55, a, b)
    np.testing.assert_allclose(result.statistic, expected, rtol=1e-12)
    np.testing.assert_allclose(result.p_value, 2 * stats.t.sf(abs(expected), n - 1), rtol=1e-12)


@pytest.mark.parametrize("za,zb,r,n", [(-3.857, -1.875, 0.68, 20), (-1.0, 1.0, 0.2, 8), (2.5, -0.5, -0.3, 40)])
def test_rsdt_solves_its_defining_equation(za, zb, r, n):
    # Crawford & Garthwaite (2005): psi = (za - zb) / denominator(psi); the exact statistic is its fixed point.
    result = revised_standardised_difference(za, zb, mean=(0, 0), sd=(1, 1), n=n, r=r)
    psi = result.statistic
    denom = np.sqrt((n + 1) / n * ((2 - 2 * r) + 2 * (1 - r ** 2) / (n - 1)
                                   + (5 + psi ** 2) * (1 - r ** 2) / (2 * (n - 1) ** 2)
                                   + r * (1 + psi ** 2) * (1 - r ** 2) / (2 * (n - 1) ** 2)))
    np.testing.assert_allclose(psi, (za - zb) / denom, rtol=1e-9)
    np.testing.assert_allclose(result.effect, (za - zb) / np.sqrt(2 - 2 * r), rtol=1e-12)
    np.testing.assert_allclose(result.p_value, 2 * stats.t.sf(abs(psi), n - 1), rtol=1e-12)


@pytest.mark.parametrize("calibrated", [True, False])
def test_bsdt_approaches_normal_theory_with_many_controls(calibrated):
    result = bayesian_standardised_difference(-2.0, 0.5, mean=(0, 0), sd=(1, 1), n=3000, r=0.0,
                                              n_samples=20_000, calibrated=calibrated, random_state=2)
    expected = 2 * stats.norm.sf(abs(-2.5 / np.sqrt(2)))
    assert abs(result.p_value - expected) < 0.01
    np.testing.assert_allclose(result.effect, -2.5 / np.sqrt(2), rtol=1e-12)


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="control SD is 0: with no variance among controls"):
        crawford_howell(0.5, [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="Allowed values are 'greater', 'less' and 'two-sided', but got 'lower'"):
        crawford_howell(0.5, CONTROLS, alternative="lower")
    with pytest.raises(ValueError, match="either as raw scores or as mean/sd/n"):
        crawford_howell(0.5, CONTROLS, mean=1, sd=1, n=5)
    with pytest.raises(ValueError, match="same controls; got 10 and 3"):
        unstandardised_difference(1, 2, CONTROLS, [1.0, 2.0, 3.0])


def test_case_control_table_tests_each_patient_session(tiny_patient, tiny_battery):
    from cogsim.lesions import ActivationNoise, UnitAblation, make_cohort
    from cogsim.paradigms import PictureNaming

    controls = {f"C{k}": tiny_patient.lesion(ActivationNoise(0.3 + 0.1 * k, sd=2.0), random_state=k)
                for k in range(5)}
    cohort = make_cohort(tiny_patient, UnitAblation(0.0), severities=[0.2, 0.9], n_patients=2, random_state=0)
    results = PictureNaming().run(cohort, tiny_battery, random_state=0)
    control_results = PictureNaming().run(controls, tiny_battery, random_state=0)
    table = case_control_table(results, control_results, n_samples=2000, random_state=0)
    assert len(table) == 4
    scores = control_results.groupby("patient")["correct"].mean().to_numpy()
    for _, row in table.iterrows():
        if scores.std() == 0:
            assert np.isnan(row["t"]) and "no variance" in row["note"]
        else:
            np.testing.assert_allclose(row["t"], crawford_howell(row["case"], scores).statistic, rtol=1e-12)
