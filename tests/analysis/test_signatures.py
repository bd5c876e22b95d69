"""Signature tests on synthetic results whose truth is known, and the naming comparison."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cogsim.analysis import (compare_naming, load_rogers2004, load_signatures, naming_rmse, severity_stages,
                             evaluate_signatures)
from cogsim.analysis.reference import RESPONSE_CLASSES
from cogsim.paradigms import check_tidy

SEVERITIES = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]


def _sd_like(severity):
    """Response shares with the SD shape: semantic peaks early, superordinate later, omissions rise."""
    correct = max(0.0, 1 - 1.05 * severity)
    semantic = 0.25 * np.exp(-((severity - 0.45) / 0.18) ** 2)
    superordinate = 0.2 * np.exp(-((severity - 0.75) / 0.2) ** 2)
    rest = max(0.0, 1 - correct - semantic - superordinate)
    return {"correct": correct, "semantic": semantic, "superordinate": superordinate, "cross_domain": 0.0,
            "omission": rest}


def _rows(patient, severity, session, paradigm, conditions, n, rng):
    rows = []
    for trial in range(n):
        condition, p = conditions[trial % len(conditions)]
        rows.append({"patient": patient, "session": session, "severity": severity,
                     "lesion": "none" if severity == 0 else "UnitAblation", "site": "hub", "paradigm": paradigm,
                     "trial": trial + 1, "item": f"i{trial % 20}", "domain": "animal", "basic": "bird",
                     "specific": f"i{trial % 20}", "condition": condition, "target": "x", "response": "y",
                     "correct": int(rng.random() < p), "score": 0.0})
    return rows


def synthetic(profile=_sd_like, colour_atypical_penalty=0.25, n_patients=4, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(n_patients):
        pid = f"P{k + 1:02d}"
        for session, s in enumerate(SEVERITIES, start=1):
            shares = profile(s)
            classes = rng.choice(list(RESPONSE_CLASSES), size=200, p=np.array(list(shares.values())) /
                                 sum(shares.values()))
            for trial, cls in enumerate(classes):
                rows.append({"patient": pid, "session": session, "severity": s,
                             "lesion": "none" if s == 0 else "UnitAblation", "site": "hub",
                             "paradigm": "picture_naming", "trial": trial + 1, "item": f"i{trial}",
                             "domain": "animal", "basic": "bird", "specific": f"i{trial}", "condition": "specific",
                             "target": "x", "response": cls, "correct": int(cls == "correct"), "score": 0.0,
                             "error": cls})
            levels = [("domain", 1 - 0.3 * s), ("basic", 1 - 0.45 * s), ("specific", 1 - 0.6 * s)]
            rows += _rows(pid, s, session, "category_verification", levels, 300, rng)
            chance = s >= 0.8
            colour = [("typical", 0.5 if chance else 1 - 0.3 * s),
                      ("atypical", 0.5 if chance else 1 - 0.3 * s - colour_atypical_penalty * (s > 0))]
            rows += _rows(pid, s, session, "colour_judgment", colour, 200, rng)
            rows += _rows(pid, s, session, "word_picture_matching", [("4AFC", 1 - 0.6 * s)], 100, rng)
    frame = pd.DataFrame(rows)
    frame["error"] = frame["error"].fillna("")
    return frame


@pytest.fixture(scope="module")
def sd_results():
    return synthetic()


def test_synthetic_results_are_tidy(sd_results):
    naming = sd_results[sd_results["paradigm"] == "picture_naming"]
    check_tidy(naming[[c for c in naming.columns]])


def test_every_signature_is_listed_whatever_its_outcome(sd_results):
    verdicts = evaluate_signatures(sd_results, random_state=0)
    assert verdicts["signature"].tolist() == load_signatures()["signature"].tolist()
    untested = verdicts[verdicts["reproduced"].isna()]
    sigs = load_signatures()
    # the synthetic results have no object decision or delayed copy, and no item norms were passed:
    # exactly those signatures are untested, and each says why
    missing_task = set(sigs.loc[sigs["paradigm"].isin(["object_decision", "delayed_copy"]), "signature"])
    needs_norms = set(sigs.loc[sigs["check"].isin(["item_regression", "error_drift", "error_drift_trend"]),
                               "signature"])
    assert set(untested["signature"]) == missing_task | needs_norms
    for _, row in untested.iterrows():
        expected = "trials in stage" if row["signature"] in missing_task else "items=battery.items"
        assert expected in row["note"], row["note"]


def test_sd_shaped_results_reproduce_every_covered_signature(sd_results):
    verdicts = evaluate_signatures(sd_results, random_state=0).set_index("signature")
    # item effects (consistency …) need item-level structure these results lack: tests/analysis/test_item_effects.py
    tested = verdicts[verdicts["reproduced"].notna() & (verdicts["panel"] != "items")]
    failed = tested[~tested["reproduced"].astype(bool)]
    assert failed.empty, failed[["estimate", "p", "note"]]


def test_a_flat_semantic_profile_fails_rise_then_fall():
    def no_peak(s):
        shares = _sd_like(s)
        shares["omission"] += shares["semantic"] + shares["superordinate"]
        shares["semantic"] = shares["superordinate"] = 0.0
        return shares

    verdicts = evaluate_signatures(synthetic(profile=no_peak), random_state=0).set_index("signature")
    assert verdicts.loc["naming_semantic_rises_then_falls", "reproduced"] == False  # noqa: E712
    assert "no semantic response" in verdicts.loc["naming_semantic_rises_then_falls", "note"]
    assert verdicts.loc["naming_superordinate_after_semantic", "reproduced"] == False  # noqa: E712


def test_cross_domain_errors_fail_their_signature():
    def confident_errors(s):
        shares = _sd_like(s)
        moved = shares["omission"] * 0.5
        shares["omission"] -= moved
        shares["cross_domain"] += moved
        return shares

    verdicts = evaluate_signatures(synthetic(profile=confident_errors), random_state=0).set_index("signature")
    assert verdicts.loc["naming_cross_domain_rare", "reproduced"] == False  # noqa: E712
    assert verdicts.loc["naming_cross_domain_rare", "estimate"] > 0.05


def test_no_typicality_effect_fails_the_colour_signature():
    verdicts = evaluate_signatures(synthetic(colour_atypical_penalty=0.0), random_state=0).set_index("signature")
    assert verdicts.loc["colour_typical_over_atypical_mild", "reproduced"] == False  # noqa: E712


def test_stages_come_from_naming_accuracy(sd_results):
    stages = severity_stages(sd_results)
    assert set(stages.loc[stages["severity"] == 0, "stage"]) == {"control"}
    for _, row in stages[stages["severity"] > 0].iterrows():
        a = row["naming_accuracy"]
        expected = "minimal" if a >= 0.9 else "mild" if a >= 0.55 else "moderate" if a >= 0.25 else "severe"
        assert row["stage"] == expected
    with pytest.raises(ValueError, match="include the results of PictureNaming"):
        severity_stages(sd_results[sd_results["paradigm"] != "picture_naming"])


def test_rogers_model_rmse_is_about_0_04():
    table = load_rogers2004()
    patients = table[table["source"] == "patients"][list(RESPONSE_CLASSES)].to_numpy()
    model = table[table["source"] == "model"][list(RESPONSE_CLASSES)].to_numpy()
    independent = np.sqrt(np.mean((patients - model) ** 2))
    comparison = compare_naming(synthetic())
    rmse = naming_rmse(comparison).set_index("response")
    np.testing.assert_allclose(rmse.loc["overall", "rogers_model"], independent, rtol=1e-12)
    assert 0.03 < independent < 0.045


def test_a_profile_equal_to_the_patients_has_zero_rmse():
    table = load_rogers2004()
    patients = table[table["source"] == "patients"].sort_values("correct")
    rows = []
    # One synthetic patient per bin, with exactly the bin's shares over 100 trials.
    for k, (_, row) in enumerate(patients.iterrows()):
        counts = {c: int(round(row[c] * 100)) for c in RESPONSE_CLASSES}
        counts["omission"] += 100 - sum(counts.values())
        errors = [c for c, n in counts.items() for _ in range(n)]
        for trial, error in enumerate(errors):
            rows.append({"patient": "P01", "session": k + 1, "severity": 0.9 - 0.1 * k, "paradigm": "picture_naming",
                         "error": error, "correct": int(error == "correct")})
    comparison = compare_naming(pd.DataFrame(rows))
    rmse = naming_rmse(comparison).set_index("response")
    assert rmse.loc["overall", "cogsim"] < 0.006  # rounding of the reference rows to 100 trials only
    assert rmse.loc["overall", "cells"] == 20


def test_bins_outside_the_simulated_range_are_not_extrapolated():
    rows = [{"patient": "P01", "session": 1, "severity": 0.5, "paradigm": "picture_naming",
             "error": e, "correct": int(e == "correct")} for e in ["correct"] * 9 + ["omission"]]
    comparison = compare_naming(pd.DataFrame(rows))
    assert comparison["cogsim"].isna().all()


def test_one_patient_is_tested_on_its_sessions():
    one = synthetic(n_patients=1)
    verdicts = evaluate_signatures(one, random_state=0).set_index("signature")
    row = verdicts.loc["verification_domain_over_basic"]
    assert row["n_patients"] == 1
    assert "sessions are the units" in row["note"] and "one patient" in row["method"]
    assert bool(row["reproduced"])


def test_summary_test_matches_scipy_and_defines_no_variance():
    """The across-patient test is scipy's one-sample t-test; d_z is mean / SD; no variance gives a defined p."""
    from scipy import stats

    from cogsim.analysis.signatures import _summary_test

    values = np.array([0.12, 0.05, 0.2, -0.01, 0.09])
    out = _summary_test(values, ">")
    assert out["p"] == pytest.approx(stats.ttest_1samp(values, 0, alternative="greater").pvalue, rel=1e-12)
    assert _summary_test(values, "<")["p"] == pytest.approx(stats.ttest_1samp(values, 0, alternative="less").pvalue)
    assert out["effect_size"] == pytest.approx(values.mean() / values.std(ddof=1))
    half = stats.t.ppf(0.95, 4) * values.std(ddof=1) / np.sqrt(5)
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((values.mean() - half, values.mean() + half))
    assert _summary_test([0.0, 0.0], ">")["p"] == 0.5
    assert _summary_test([0.2, 0.2], ">")["p"] == 0.0 and _summary_test([0.2, 0.2], "<")["p"] == 1.0


def _null_contrast(rng, n_patients=5, sessions=2, trials=40, patient_sd=0.12):
    """Verification data with no level effect on average, but each patient its own effect."""
    rows = []
    for k in range(n_patients):
        own = rng.normal(0, patient_sd)
        for session in range(1, sessions + 1):
            for level, p in (("domain", 0.7 + own / 2), ("basic", 0.7 - own / 2)):
                for trial in range(trials):
                    rows.append({"patient": f"P{k}", "session": session, "severity": 0.5 + 0.1 * session,
                                 "condition": level, "correct": int(rng.random() < p), "error": ""})
    return pd.DataFrame(rows)


def test_few_patients_keep_the_false_positive_rate_near_alpha():
    """With 5 patients and no effect on average, the test across patients rejects about 5% of the time;
    trial-level cluster-robust errors (cogsim 0.1) reject far more often."""
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    from cogsim.analysis.signatures import _level_contrast

    sig = {"contrast": "domain>basic", "measure": "correct"}
    rng = np.random.default_rng(0)
    ours, robust = [], []
    for _ in range(300):
        data = _null_contrast(rng)
        ours.append(_level_contrast(sig, data)["p"] < 0.05)
        data["level"] = data["condition"]
        fit = smf.glm("correct ~ C(level, Treatment('basic'))", data, family=sm.families.Binomial()).fit(
            cov_type="cluster", cov_kwds={"groups": pd.factorize(data["patient"])[0]})
        z = fit.params.iloc[1] / fit.bse.iloc[1]
        robust.append(z > 1.6449)
    assert np.mean(ours) <= 0.08
    assert np.mean(robust) > np.mean(ours) + 0.03


def test_chance_needs_the_interval_inside_the_margin():
    """Equivalence to chance: accuracy at 0.5 with small spread passes; 0.62, or too few patients to be sure, fails."""
    from cogsim.analysis.signatures import _chance

    sig = {"threshold": 0.1}

    def frame(accuracies):
        return pd.DataFrame([{"patient": f"P{k}", "session": 1, "condition": c, "correct": int(j < 100 * a),
                              "error": ""} for k, a in enumerate(accuracies) for c in ("typical", "atypical")
                             for j in range(100)])

    assert _chance(sig, frame([0.5, 0.48, 0.52, 0.5, 0.49]))["reproduced"]
    assert not _chance(sig, frame([0.62, 0.6, 0.64, 0.63, 0.61]))["reproduced"]
    assert not _chance(sig, frame([0.3, 0.7]))["reproduced"]  # mean 0.5, but the interval is far too wide


# --- delayed copy and object decision: the new checks on data that must pass and data that must fail -------------
def _drawing_and_decision(intrusion_share, animal_rate, artefact_rate, atypical_accuracy, seed=0):
    """Naming (for the stages) plus delayed-copy absent-attribute trials and object-decision trials.

    Intruded attributes have domain share *intrusion_share* (the other absent ones 0.1); intrusions happen at
    *animal_rate* / *artefact_rate* per absent attribute once damaged; object decision is at *atypical_accuracy*
    for real_atypical pairs.
    """
    rng = np.random.default_rng(seed)
    frame = synthetic(seed=seed)
    frame = frame[frame["paradigm"] == "picture_naming"]
    rows = []
    for (pid, session, s), _ in frame.groupby(["patient", "session", "severity"]):
        for trial in range(200):
            domain = "animal" if trial % 2 else "artefact"
            rate = (animal_rate if domain == "animal" else artefact_rate) if s > 0 else 0.0
            intruded = rng.random() < rate
            rows.append({"patient": pid, "session": session, "severity": s, "lesion": "none" if s == 0 else "X",
                         "site": "hub", "paradigm": "delayed_copy", "trial": trial + 1, "item": f"i{trial}",
                         "domain": domain, "basic": "b", "specific": f"i{trial}", "condition": "absent", "target": 0,
                         "response": "intruded" if intruded else "absent", "correct": int(not intruded), "score": 0.0,
                         "share": intrusion_share if intruded else 0.1})
        for trial in range(100):
            p = 1.0 if s == 0 else atypical_accuracy
            rows.append({"patient": pid, "session": session, "severity": s, "lesion": "none" if s == 0 else "X",
                         "site": "hub", "paradigm": "object_decision", "trial": trial + 1, "item": f"i{trial}",
                         "domain": "animal", "basic": "b", "specific": f"i{trial}", "condition": "real_atypical",
                         "target": "real", "response": "real", "correct": int(rng.random() < p), "score": 0.0})
    return pd.concat([frame, pd.DataFrame(rows)], ignore_index=True)


NEW_CHECKS = ["drawing_intrusions_domain_typical", "drawing_intrusions_animals_over_artefacts",
              "object_decision_atypical_chance_when_severe"]


def _new_verdicts(results):
    sigs = load_signatures()
    return evaluate_signatures(results, sigs[sigs["signature"].isin(NEW_CHECKS)], random_state=0).set_index("signature")


def test_new_drawing_and_decision_signatures_pass_on_data_that_shows_them():
    v = _new_verdicts(_drawing_and_decision(intrusion_share=0.6, animal_rate=0.3, artefact_rate=0.1,
                                            atypical_accuracy=0.45))
    assert v["reproduced"].tolist() == [True, True, True], v[["estimate", "p", "note"]]
    # oracle: intruded share 0.6 minus the mean share of all absent trials, 0.2 × 0.6 + 0.8 × 0.1 = 0.2
    assert v.loc["drawing_intrusions_domain_typical", "estimate"] == pytest.approx(0.4, abs=0.03)


def test_new_drawing_and_decision_signatures_fail_on_data_that_does_not():
    v = _new_verdicts(_drawing_and_decision(intrusion_share=0.1, animal_rate=0.1, artefact_rate=0.3,
                                            atypical_accuracy=0.9))
    assert v["reproduced"].tolist() == [False, False, False], v[["estimate", "p", "note"]]
