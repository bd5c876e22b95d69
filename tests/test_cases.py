"""Case series (cogsim.cases): severities recovered with their intervals at the nominal rate on held-out virtual
cases, an impossible profile flagged, clear errors for bad tables, and the command on a generated battery."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cogsim.cases import GRID, fit_course, read_cases

TESTS = [("picture_naming", ""), ("word_picture_matching", ""), ("category_verification", "specific")]
#: Where each test's accuracy halves on the course (naming and specific verification fall first), and its floor.
MIDPOINT = {"picture_naming": 0.35, "word_picture_matching": 0.65, "category_verification": 0.45}
FLOOR = {"picture_naming": 0.0, "word_picture_matching": 0.25, "category_verification": 0.5}


def _accuracy(test, severity, shift):
    p = 1 / (1 + np.exp((severity - MIDPOINT[test] - shift) / 0.07))
    return FLOOR[test] + (1 - FLOOR[test]) * p


def synthetic_course(shifts, n_trials=80, rng=None):
    """Virtual patients whose curves are shifted by *shifts* (premorbid variation), tested at 21 severities."""
    rows = []
    for k, shift in enumerate(shifts):
        for s in np.linspace(0, 1, 21):
            for test, condition in TESTS:
                p = _accuracy(test, s, shift)
                correct = rng.binomial(n_trials, p) if rng is not None else round(p * n_trials)
                rows.append({"virtual": f"P{k + 1:02d}", "severity": s, "test": test, "condition": condition,
                             "n_trials": n_trials, "n_correct": correct, "accuracy": correct / n_trials})
    return pd.DataFrame(rows)


def test_known_severities_are_recovered_within_their_intervals_at_the_nominal_rate():
    rng = np.random.default_rng(7)
    course = synthetic_course(rng.normal(0, 0.04, 6), rng=rng)
    truths, rows = {}, []
    for case in range(60):
        shift, severity = rng.normal(0, 0.04), rng.uniform(0.15, 0.85)    # a held-out premorbid patient
        truths[f"c{case}"] = severity
        for test, condition in TESTS:
            n = 40
            rows.append({"patient": f"c{case}", "test": test, "condition": condition, "n_items": n,
                         "n_correct": rng.binomial(n, _accuracy(test, severity, shift))})
    fit = fit_course(pd.DataFrame(rows), course, random_state=1)
    s = fit.severities.set_index("patient")
    truth = pd.Series(truths)
    covered = ((s["severity_low"] <= truth) & (truth <= s["severity_high"])).mean()
    assert 0.85 <= covered <= 1.0, covered                       # nominal 0.95, 60 cases
    assert (s["severity_mean"] - truth).abs().median() < 0.05
    assert s["fits"].mean() >= 0.85                               # profiles the damage produces fit
    given = fit.predictions[fit.predictions["given"]]
    inside = (given["loo_low"] <= given["observed"]) & (given["observed"] <= given["loo_high"])
    assert given["loo_predicted"].notna().all() and inside.mean() >= 0.85   # each test from the other two


def test_a_profile_the_damage_cannot_produce_is_flagged_and_the_others_are_predicted():
    course = synthetic_course([-0.03, 0.0, 0.03])
    cases = pd.DataFrame([
        # naming intact while word–picture matching (which falls later on the course) is at chance: not SD-like
        {"patient": "odd", "test": "picture_naming", "n_items": 48, "n_correct": 46},
        {"patient": "odd", "test": "word_picture_matching", "n_items": 48, "n_correct": 12},
        # a plausible moderate case: naming poor, matching still good
        {"patient": "typical", "test": "picture_naming", "n_items": 48, "n_correct": 10},
        {"patient": "typical", "test": "word_picture_matching", "n_items": 48, "n_correct": 44},
    ])
    fit = fit_course(cases, course, random_state=0)
    s = fit.severities.set_index("patient")
    assert not s.loc["odd", "fits"] and s.loc["odd", "ppc_p"] < 0.05
    odd = fit.predictions.set_index(["patient", "test"]).loc[("odd", "word_picture_matching")]
    assert odd["loo_low"] > odd["observed"]           # naming 46/48 predicts matching far above the 12/48 seen
    assert s.loc["typical", "fits"] and 0.3 < s.loc["typical", "severity_median"] < 0.6
    predicted = fit.predictions.set_index(["patient", "test"])
    row = predicted.loc[("typical", "category_verification")]
    assert not row["given"] and np.isnan(row["observed"])
    truth = _accuracy("category_verification", s.loc["typical", "severity_median"], 0)
    assert row["predicted_low"] <= truth <= row["predicted_high"]
    assert predicted.loc[("typical", "picture_naming"), "observed"] == pytest.approx(10 / 48)


def test_one_test_fits_any_profile_and_says_so():
    course = synthetic_course([0.0, 0.02])
    fit = fit_course(pd.DataFrame([{"patient": "a", "test": "picture_naming", "n_items": 48, "n_correct": 20}]),
                     course, random_state=0)
    row = fit.severities.iloc[0]
    assert row["n_tests"] == 1 and row["fits"] and fit.predictions["loo_predicted"].isna().all()
    assert GRID[0] <= row["severity_low"] < row["severity_median"] < row["severity_high"] <= GRID[-1]


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.drop(columns=["n_items"]), r"lacks the column\(s\) 'n_items'"),
    (lambda t: t.assign(test="naming"), r"row 2 \(patient 'a'\): test 'naming' is not a paradigm"),
    (lambda t: t.assign(n_correct=60), r"row 2 \(patient 'a'\): n_correct must be a whole number between 0 and"),
    (lambda t: t.assign(n_items=0), r"n_items must be a whole number ≥ 1"),
    (lambda t: pd.concat([t, t]), r"patient 'a' has test 'picture_naming' .* more than once"),
])
def test_a_bad_case_table_is_refused_naming_the_file_and_row(tmp_path, edit, message):
    table = pd.DataFrame([{"patient": "a", "test": "picture_naming", "n_items": 48, "n_correct": 20}])
    path = tmp_path / "cases.csv"
    edit(table).to_csv(path, index=False)
    with pytest.raises(ValueError, match=message) as info:
        read_cases(path)
    assert str(path) in str(info.value)


def test_accuracy_may_replace_counts_and_a_missing_file_is_named(tmp_path):
    table = read_cases(pd.DataFrame([{"patient": 7, "test": "picture_naming", "n_items": 48, "accuracy": 0.79}]))
    assert table.loc[0, "n_correct"] == 38 and table.loc[0, "patient"] == "7" and table.loc[0, "condition"] == ""
    with pytest.raises(ValueError, match="No case table at '.*nothing.csv'"):
        read_cases(tmp_path / "nothing.csv")


def _fit_cases_argv(rows, battery_dir, folder, *options):
    """``cogsim fit-cases`` on a case table of *rows* written into *folder*, on the tiny backbone; (argv, output)."""
    pd.DataFrame(rows).to_csv(folder / "cases.csv", index=False)
    out = folder / "fit"
    return ["fit-cases", str(folder / "cases.csv"), "--battery", str(battery_dir), "--backbone", "tiny_cnn",
            "--patients", "2", "--output", str(out), "--no-progress", *options], out


def test_fit_cases_command_on_a_generated_battery(tiny_battery_dir, tmp_path, capsys):
    from cogsim.cli import main

    argv, out = _fit_cases_argv([{"patient": "mild", "test": "picture_naming", "n_items": 8, "n_correct": 8},
                                 {"patient": "severe", "test": "picture_naming", "n_items": 8, "n_correct": 0}],
                                tiny_battery_dir, tmp_path, "--severities", "0,0.3,0.6,0.9")
    assert main(argv) == 0
    severities = pd.read_csv(out / "case_severities.csv").set_index("patient")
    assert severities.loc["mild", "severity_median"] < severities.loc["severe", "severity_median"]
    predictions = pd.read_csv(out / "case_predictions.csv")
    assert {"word_picture_matching", "category_verification", "colour_judgment"} <= set(predictions["test"])
    assert (out / "cases.png").stat().st_size > 10_000
    assert "severe" in capsys.readouterr().out
    assert main(argv) == 2                                        # refuses to replace the earlier fit
    assert "already holds case_severities.csv" in capsys.readouterr().err


def _flat_course(shifts, n_trials=80):
    """A course of another disorder: every test declines together (no test falls before another)."""
    rows = []
    for k, shift in enumerate(shifts):
        for s in np.linspace(0, 1, 21):
            for test, condition in TESTS:
                p = FLOOR[test] + (1 - FLOOR[test]) / (1 + np.exp((s - 0.5 - shift) / 0.07))
                rows.append({"virtual": f"P{k + 1:02d}", "severity": s, "test": test, "condition": condition,
                             "n_trials": n_trials, "n_correct": round(p * n_trials), "accuracy": p})
    return pd.DataFrame(rows).assign(accuracy=lambda t: t["n_correct"] / t["n_trials"])


def test_two_courses_are_compared_and_the_generating_one_wins():
    from cogsim.cases import compare_fits

    rng = np.random.default_rng(3)
    staggered, flat = synthetic_course([-0.03, 0.0, 0.03]), _flat_course([-0.03, 0.0, 0.03])
    rows, truth = [], {}
    for case in range(30):
        kind = "staggered" if case % 2 == 0 else "flat"
        severity = rng.uniform(0.3, 0.6)
        truth[f"c{case}"] = kind
        for test, condition in TESTS:
            p = _accuracy(test, severity, 0.0) if kind == "staggered" else \
                FLOOR[test] + (1 - FLOOR[test]) / (1 + np.exp((severity - 0.5) / 0.07))
            rows.append({"patient": f"c{case}", "test": test, "condition": condition, "n_items": 48,
                         "n_correct": rng.binomial(48, p)})
    cases = pd.DataFrame(rows)
    table = compare_fits({"staggered": fit_course(cases, staggered, random_state=0),
                          "flat": fit_course(cases, flat, random_state=0)}).set_index("patient")
    assert set(table.columns) >= {"log_evidence_staggered", "p_flat", "fits_flat", "best", "log_bf"}
    np.testing.assert_allclose(table["p_staggered"] + table["p_flat"], 1.0)
    right = (table["best"] == pd.Series(truth)).mean()
    assert right >= 0.8, table[["best", "log_bf"]]
    assert (table["log_bf"] >= 0).all()
    with pytest.raises(ValueError, match="different case tables"):
        compare_fits({"a": fit_course(cases, flat, random_state=0),
                      "b": fit_course(cases[cases["patient"] != "c0"], flat, random_state=0)})


def test_fit_cases_command_compares_two_courses(tiny_battery_dir, tmp_path, capsys):
    from cogsim.cli import main

    argv, out = _fit_cases_argv([{"patient": "a", "test": "picture_naming", "n_items": 8, "n_correct": 4},
                                 {"patient": "a", "test": "word_picture_matching", "n_items": 8, "n_correct": 7}],
                                tiny_battery_dir, tmp_path, "--severities", "0,0.5,1",
                                "--preset", "sd_hub,semantic_aphasia")
    assert main(argv) == 0
    for preset in ("sd_hub", "semantic_aphasia"):
        assert (out / preset / "case_severities.csv").is_file()
    comparison = pd.read_csv(out / "case_comparison.csv")
    assert comparison["best"].iloc[0] in {"sd_hub", "semantic_aphasia"}
    assert comparison[["p_sd_hub", "p_semantic_aphasia"]].sum(axis=1).round(9).eq(1).all()
    assert "comparison:" in capsys.readouterr().out
    assert main(argv) == 2                                        # nothing is fitted over an earlier comparison
    assert "case_comparison.csv already exists" in capsys.readouterr().err
