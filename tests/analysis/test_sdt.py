import numpy as np
import pytest
from scipy.stats import norm

from cogsim.analysis import d_prime


def test_d_prime_against_the_formula():
    rng = np.random.default_rng(0)
    for _ in range(50):
        n_s, n_n = rng.integers(1, 60, 2)
        h, f = rng.integers(0, n_s + 1), rng.integers(0, n_n + 1)
        expected = norm.ppf((h + 0.5) / (n_s + 1)) - norm.ppf((f + 0.5) / (n_n + 1))
        np.testing.assert_allclose(d_prime(h, n_s, f, n_n), expected, rtol=1e-12)
    assert d_prime(8, 10, 2, 10, correction="none") == pytest.approx(2 * norm.ppf(0.8))
    assert np.isinf(d_prime(10, 10, 0, 10, correction="none"))


def test_d_prime_rejects_impossible_counts():
    with pytest.raises(ValueError, match="between 0 and the number of trials"):
        d_prime(11, 10, 0, 10)
    with pytest.raises(ValueError, match="Allowed values are 'loglinear' and 'none'"):
        d_prime(1, 10, 0, 10, correction="hautus")
