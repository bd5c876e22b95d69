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
    assert set(untested["signature"]) == {"object_decision_typicality", "drawing_intrusions"}
    assert all("no cogsim paradigm" in note for note in untested["note"])


def test_sd_shaped_results_reproduce_every_covered_signature(sd_results):
    verdicts = evaluate_signatures(sd_results, random_state=0).set_index("signature")
    tested = verdicts[verdicts["reproduced"].notna()]
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


def test_one_patient_is_tested_without_clusters():
    one = synthetic(n_patients=1)
    verdicts = evaluate_signatures(one, random_state=0).set_index("signature")
    assert verdicts.loc["verification_domain_over_basic", "n_patients"] == 1
    assert "not clustered" in verdicts.loc["verification_domain_over_basic", "note"]
    assert bool(verdicts.loc["verification_domain_over_basic", "reproduced"])


def test_a_fit_without_variance_gives_a_defined_p():
    """Zero estimate and zero standard error (a constant outcome) is 'no effect' (p = 0.5), not NaN."""
    from types import SimpleNamespace

    from cogsim.analysis.signatures import _directional

    frame = pd.DataFrame({"lower": [0.0], "upper": [0.0]}, index=["severity"])
    fit = SimpleNamespace(params=pd.Series({"severity": 0.0}), bse=pd.Series({"severity": 0.0}),
                          conf_int=lambda alpha: frame)
    assert _directional(fit, "severity", ">")[3:] == (0.5, False)
    fit.params = pd.Series({"severity": 0.2})
    assert _directional(fit, "severity", ">")[3:] == (0.0, True)
    assert _directional(fit, "severity", "<")[3:] == (1.0, False)
