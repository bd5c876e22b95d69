"""SD against semantic aphasia: the per-patient measures and the contrasts, on cohorts whose processes are known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cogsim.analysis.disorders import CONTRASTS, compare_disorders, cue_benefit, disorder_measures

TASKS = ("picture_naming", "cued_naming", "word_picture_matching", "category_verification")


def _cohort(items: pd.DataFrame, kind: str, seed: int, n_patients: int = 6, frequency: float = 0.25) -> pd.DataFrame:
    """Tidy trials of a cohort whose failures follow a known process.

    ``store``: each patient has a fixed strength per item (higher for frequent names); an item fails in every task
    and session once the severity passes it, and the cue rescues few items.  ``control``: every trial fails at random
    with the same probability, afresh in each task and session, and the cue rescues most failures.
    """
    rng = np.random.default_rng(seed)
    z = ((items["freq_en"] - items["freq_en"].mean()) / items["freq_en"].std()).to_numpy()
    rows = []
    for k in range(n_patients):
        strength = frequency * z + rng.normal(size=len(items))
        for session, severity in enumerate((0.0, 0.3, 0.45, 0.6), start=1):
            cut = np.quantile(strength, severity)
            for task in TASKS:
                if kind == "store":
                    ok = (strength >= cut) ^ (rng.random(len(items)) < 0.05)  # 5% slips either way
                    if task == "cued_naming":
                        ok = ok | (rng.random(len(items)) < 0.1)
                else:
                    ok = rng.random(len(items)) >= severity
                    if task == "cued_naming":
                        ok = ok | (rng.random(len(items)) < 0.7)
                rows.append(pd.DataFrame({"patient": f"P{k + 1:02d}", "session": session, "severity": severity,
                                          "lesion": "none" if severity == 0 else kind, "paradigm": task,
                                          "item": items["item_id"].to_numpy(), "correct": ok.astype(int)}))
    return pd.concat(rows, ignore_index=True)


@pytest.fixture(scope="module")
def items(default_battery):
    return default_battery.items


def test_measures_recover_the_processes(items):
    store, control = disorder_measures(_cohort(items, "store", 1), items), \
        disorder_measures(_cohort(items, "control", 2), items)
    assert len(store) == len(control) == 6 and set(CONTRASTS["measure"]) <= set(store.columns)
    assert (store["task_consistency"] > 0.6).all() and (control["task_consistency"].abs() < 0.2).all()
    assert (store["session_consistency"] > 0.4).all() and (control["session_consistency"].abs() < 0.2).all()
    assert store["frequency"].mean() > 0.05 and abs(control["frequency"].mean()) < 0.03
    assert store["cue_benefit"].mean() < 0.1 < 0.2 < control["cue_benefit"].mean()


def test_contrasts_separate_the_two_and_not_two_alike(items):
    store = _cohort(items, "store", 1)
    table = compare_disorders(store, _cohort(items, "control", 2), items).set_index("signature")
    assert table["reproduced"].all(), table[["estimate", "p"]]
    assert (table["estimate"] > 0).all() and (table["diagnostic"] == "undetermined").all()
    # the expected-higher group first: SA − SD for the cue
    cue = table.loc["helped_by_cues"]
    assert cue["estimate"] == pytest.approx(cue["other_mean"] - cue["sd_mean"])
    # two cohorts of the same process differ by chance only: far less than the two processes do
    alike = compare_disorders(store, _cohort(items, "store", 3), items).set_index("signature")
    assert (alike["estimate"].abs() < 0.25 * table["estimate"]).all(), alike[["estimate", "p"]]


def test_a_baseline_that_shows_the_contrast_too_makes_it_not_diagnostic(items):
    store, control = _cohort(items, "store", 1), _cohort(items, "control", 2)
    table = compare_disorders(store, control, items, baselines={"random": _cohort(items, "control", 4)})
    assert (table["diagnostic"] == "not diagnostic").all()
    table = compare_disorders(store, control, items, baselines={"random": _cohort(items, "control", 4),
                                                                 "store": _cohort(items, "store", 5)})
    assert (table["diagnostic"] == "diagnostic").all() and not table["store_reproduced"].any()


def test_cue_benefit_needs_both_namings_and_missing_norms_are_said(items):
    trials = _cohort(items, "control", 2)
    benefit = cue_benefit(trials)
    one = trials[(trials["patient"] == "P01") & (trials["session"] == 2)]
    expected = one[one["paradigm"] == "cued_naming"]["correct"].mean() - \
        one[one["paradigm"] == "picture_naming"]["correct"].mean()
    assert benefit.set_index(["patient", "session"]).loc[("P01", 2), "cue_benefit"] == pytest.approx(expected)
    with pytest.raises(ValueError, match="missing cued_naming"):
        cue_benefit(trials[trials["paradigm"] != "cued_naming"])
    table = compare_disorders(_cohort(items, "store", 1), trials, items.drop(columns=["freq_en"]))
    row = table.set_index("signature").loc["frequency_sensitive"]
    assert pd.isna(row["reproduced"]) and "freq_en" in row["note"]


def test_the_note_says_when_a_contrast_rests_on_the_other_group(items):
    """Both directions: SD without its own frequency effect gets a note, whatever the difference's verdict."""
    table = compare_disorders(_cohort(items, "store", 1, frequency=0.0), _cohort(items, "control", 2), items)
    row = table.set_index("signature").loc["frequency_sensitive"]
    assert row["sd_ci_low"] <= 0 and "SD's own frequency is not above 0" in row["note"]
    table = compare_disorders(_cohort(items, "store", 1), _cohort(items, "control", 2), items)
    assert not table["note"].fillna("").str.contains("not above 0").any()


def test_one_patient_is_refused(items):
    trials = _cohort(items, "store", 1, n_patients=1)
    with pytest.raises(ValueError, match="two or more virtual patients"):
        disorder_measures(trials, items)


def test_a_replication_of_one_patient_says_why_it_has_no_contrasts(items):
    from cogsim.replication import contrast_table

    one = _cohort(items, "store", 1, n_patients=1)
    table = contrast_table(one, {"semantic_aphasia": _cohort(items, "control", 2)}, {}, items)
    assert table["signature"].tolist() == CONTRASTS["signature"].tolist()
    assert table["reproduced"].isna().all() and table["note"].str.contains("two or more virtual patients").all()
    assert contrast_table(one, {}, {}, items) is None
