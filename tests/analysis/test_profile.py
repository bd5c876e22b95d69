"""The naming comparison scores both models the same way: constructed profiles with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cogsim.analysis import (INFORMATIVE, RESPONSE_CLASSES, compare_naming, load_rogers2004, naming_rmse,
                             naming_rmse_interval)

TRIALS = 10_000


def _patients():
    table = load_rogers2004()
    return table[table["source"] == "patients"].sort_values("severity_bin")


def _fed(shares_by_bin):
    """The class shares a profile really has: the reference rows sum to 0.99-1.00, the rest goes to omissions."""
    out = []
    for shares in shares_by_bin:
        counts = {c: int(round(shares[c] * TRIALS)) for c in RESPONSE_CLASSES}
        counts["omission"] += TRIALS - sum(counts.values())
        out.append({c: n / TRIALS for c, n in counts.items()})
    return out


def _expected(shares_by_bin, classes):
    fed = _fed(shares_by_bin)
    reference = [dict(r) for _, r in _patients().iterrows()]
    return np.sqrt(np.mean([(f[c] - r[c]) ** 2 for f, r in zip(fed, reference) for c in classes]))


def _profile_rows(shares_by_bin, patient="P01"):
    """Trials of one virtual patient whose session k has the given class shares (TRIALS trials)."""
    rows = []
    for k, shares in enumerate(_fed(shares_by_bin)):
        counts = {c: int(round(shares[c] * TRIALS)) for c in RESPONSE_CLASSES}
        for cls, n in counts.items():
            rows.append(pd.DataFrame({"patient": patient, "session": k + 1, "severity": 0.2 + 0.2 * k,
                                      "paradigm": "picture_naming", "error": [cls] * n,
                                      "correct": int(cls == "correct")}))
    return pd.concat(rows, ignore_index=True)


def test_a_copy_of_the_patients_scores_zero():
    """Zero up to the reference's own rounding (its rows sum to 0.99-1.00), computed independently."""
    copy = [dict(r) for _, r in _patients().iterrows()]
    rmse = naming_rmse(compare_naming(_profile_rows(copy))).set_index("response")
    np.testing.assert_allclose(rmse.loc["informative", "cogsim"], _expected(copy, INFORMATIVE), atol=1e-12)
    np.testing.assert_allclose(rmse.loc["overall", "cogsim"], _expected(copy, RESPONSE_CLASSES), atol=1e-12)
    assert rmse.loc["overall", "cogsim"] < 0.005 and rmse.loc["overall", "cells"] == 20


def test_a_shifted_copy_scores_the_shift():
    shift = {"correct": 0.0, "semantic": 0.03, "superordinate": 0.02, "cross_domain": 0.0, "omission": -0.05}
    shifted = [{c: r[c] + shift[c] for c in RESPONSE_CLASSES} for _, r in _patients().iterrows()]
    rmse = naming_rmse(compare_naming(_profile_rows(shifted))).set_index("response")
    np.testing.assert_allclose(rmse.loc["informative", "cogsim"], _expected(shifted, INFORMATIVE), atol=1e-12)
    np.testing.assert_allclose(rmse.loc["overall", "cogsim"], _expected(shifted, RESPONSE_CLASSES), atol=1e-12)
    # the shift itself, up to the reference's rounding
    np.testing.assert_allclose(rmse.loc["informative", "cogsim"],
                               np.sqrt(np.mean([shift[c] ** 2 for c in INFORMATIVE])), atol=0.005)


def test_the_rogers_model_is_aligned_like_cogsim():
    """Independent computation: the model's curve (intact point first) interpolated at each bin's accuracy."""
    table = load_rogers2004()
    model = table[table["source"] == "model"].sort_values("severity_bin")
    patients = _patients()
    accuracy = np.r_[1.0, model["correct"].to_numpy()]
    comparison = compare_naming(_profile_rows([dict(r) for _, r in patients.iterrows()])).set_index(
        ["severity_bin", "response"])
    errors = {"aligned": [], "own": []}
    for _, row in patients.iterrows():
        for cls in RESPONSE_CLASSES:
            curve = np.r_[1.0 if cls == "correct" else 0.0, model[cls].to_numpy()]
            expected = np.interp(row["correct"], accuracy[::-1], curve[::-1])
            got = comparison.loc[(row["severity_bin"], cls), "rogers_aligned"]
            np.testing.assert_allclose(got, expected, rtol=1e-12)
            errors["aligned"].append((cls, expected - row[cls]))
    rmse = naming_rmse(comparison.reset_index()).set_index("response")
    informative = np.sqrt(np.mean([e ** 2 for c, e in errors["aligned"] if c in INFORMATIVE]))
    overall = np.sqrt(np.mean([e ** 2 for _, e in errors["aligned"]]))
    np.testing.assert_allclose(rmse.loc["informative", "rogers_aligned"], informative, rtol=1e-12)
    np.testing.assert_allclose(rmse.loc["overall", "rogers_aligned"], overall, rtol=1e-12)
    assert round(overall, 3) == 0.026 and round(informative, 3) == 0.029      # as in science.md
    assert rmse.loc["correct", "rogers_aligned"] < 1e-12                        # by construction
    assert 0.035 < rmse.loc["overall", "rogers_model"] < 0.04                   # the model at its own accuracies


def test_bootstrap_interval_over_virtual_patients():
    patients = _patients()
    same = [dict(r) for _, r in patients.iterrows()]
    twins = pd.concat([_profile_rows(same, "P01"), _profile_rows(same, "P02")], ignore_index=True)
    interval = naming_rmse_interval(twins, n_boot=50, random_state=0).set_index("response")
    assert (interval["ci_low"] == interval["ci_high"]).all()                    # identical patients: no spread
    off = [{c: r[c] + (0.04 if c == "semantic" else -0.04 if c == "omission" else 0.0) for c in RESPONSE_CLASSES}
           for _, r in patients.iterrows()]
    mixed = pd.concat([_profile_rows(same, "P01"), _profile_rows(off, "P02"), _profile_rows(same, "P03")],
                      ignore_index=True)
    a = naming_rmse_interval(mixed, n_boot=200, random_state=1).set_index("response")
    b = naming_rmse_interval(mixed, n_boot=200, random_state=1).set_index("response")
    pd.testing.assert_frame_equal(a, b)
    row = a.loc["informative"]
    assert row["ci_low"] < row["estimate"] < row["ci_high"] and row["n_patients"] == 3
    point = naming_rmse(compare_naming(mixed)).set_index("response").loc["informative", "cogsim"]
    np.testing.assert_allclose(row["estimate"], point, rtol=1e-9)
    with pytest.raises(ValueError, match="needs the results of PictureNaming"):
        naming_rmse_interval(mixed.assign(paradigm="colour_judgment"))


def test_interval_of_a_profile_that_reaches_no_bin_is_missing_not_an_error():
    near_ceiling = [{c: (0.99 if c == "correct" else 0.0025) for c in RESPONSE_CLASSES}] * 2
    rows = pd.concat([_profile_rows(near_ceiling, "P01"), _profile_rows(near_ceiling, "P02")], ignore_index=True)
    interval = naming_rmse_interval(rows, n_boot=20, random_state=0)
    assert interval[["estimate", "ci_low", "ci_high"]].isna().all().all()
