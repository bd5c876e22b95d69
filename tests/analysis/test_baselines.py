"""Baselines: the undifferentiated decline against an independent oracle, the signatures it must fail,
and the diagnostic status."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cogsim.analysis import diagnostic_status, evaluate_signatures, undifferentiated_decline
from cogsim.paradigms import SHARED_COLUMNS, check_tidy

SEVERITIES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def _hierarchy():
    rows = []
    for domain, basics in (("animal", ("bird", "dog", "fish")), ("fruit", ("apple", "berry")),
                           ("tool", ("hammer", "saw"))):
        for basic in basics:
            for k in range(4):
                rows.append({"item": f"{basic}{k}", "basic": basic, "domain": domain, "specific": f"{basic}{k}"})
    return pd.DataFrame(rows)


def intact_results(n_patients=5):
    """Premorbid patients answering everything correctly, in the four Figure 2 paradigms."""
    items = _hierarchy()
    rows = []
    shared = {"session": 1, "severity": 0.0, "lesion": "none", "site": "hub", "score": 1.0}
    for p in range(n_patients):
        pid = f"P{p + 1:02d}"
        trial = 0
        for _, it in items.iterrows():
            base = {"patient": pid, **shared, "item": it["item"], "domain": it["domain"], "basic": it["basic"],
                    "specific": it["specific"]}
            trial += 1
            rows.append({**base, "paradigm": "picture_naming", "trial": trial, "condition": "specific",
                         "target": it["specific"], "response": it["specific"], "correct": 1, "error": "correct",
                         "error_detail": "correct", "response_id": it["item"], "response_level": "specific"})
            for level in ("domain", "basic", "specific"):
                for matches in (1, 0):
                    rows.append({**base, "paradigm": "category_verification", "trial": trial, "condition": level,
                                 "target": it[level], "response": "yes" if matches else "no", "correct": 1,
                                 "label_matches": matches})
            rows.append({**base, "paradigm": "colour_judgment", "trial": trial,
                         "condition": "typical" if it["domain"] != "fruit" else "atypical", "target": "left",
                         "response": "left", "correct": 1})
            rows.append({**base, "paradigm": "word_picture_matching", "trial": trial, "condition": "4AFC",
                         "target": it["item"], "response": it["item"], "correct": 1})
    frame = pd.DataFrame(rows)
    return frame[SHARED_COLUMNS + [c for c in frame.columns if c not in SHARED_COLUMNS]]


@pytest.fixture(scope="module")
def intact():
    return intact_results()


@pytest.fixture(scope="module")
def declined(intact):
    return undifferentiated_decline(intact, SEVERITIES, random_state=0)


def test_each_severity_replaces_that_share_of_trials(intact, declined):
    assert len(declined) == len(intact) * len(SEVERITIES)
    for s, frame in declined.groupby("severity"):
        assert frame["replaced"].mean() == pytest.approx(s, abs=0.04)
    assert (declined["replacement"] == declined["severity"]).all()
    zero = declined[declined["severity"] == 0].drop(columns=["replaced", "replacement"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(zero, intact.reset_index(drop=True), check_dtype=False)
    assert set(declined.loc[declined["severity"] > 0, "lesion"]) == {"undifferentiated"}
    check_tidy(declined[declined["paradigm"] == "picture_naming"].drop(columns=["label_matches"]))


def test_random_names_are_scored_against_the_hierarchy(declined):
    """Oracle: a row-by-row classification written independently of the vectorised code."""
    items = _hierarchy().set_index("specific")
    naming = declined[(declined["paradigm"] == "picture_naming") & (declined["replaced"] == 1)]
    for _, row in naming.iterrows():
        if row["response"] == "don't know":
            expected = "omission"
        else:
            said = items.loc[row["response"]]
            expected = ("correct" if said["item"] == row["item"] else "semantic" if said["domain"] == row["domain"]
                        else "cross_domain")
        assert row["error"] == expected
        assert row["correct"] == int(expected == "correct")
        # the item named, for item-level analyses (error drift)
        assert row["response_id"] == ("" if expected == "omission" else items.loc[row["response"], "item"])
    severe = naming[naming["severity"] == 1.0]
    assert (severe["error"] == "omission").mean() == pytest.approx(0.5, abs=0.08)


def test_random_choices_are_at_chance(declined):
    severe = declined[(declined["severity"] == 1.0)]
    for paradigm, chance in (("category_verification", 0.5), ("colour_judgment", 0.5),
                             ("word_picture_matching", 0.25)):
        assert severe.loc[severe["paradigm"] == paradigm, "correct"].mean() == pytest.approx(chance, abs=0.08)
    verification = severe[severe["paradigm"] == "category_verification"]
    said_yes = verification["response"] == "yes"
    assert ((said_yes == verification["label_matches"].astype(bool)) == verification["correct"].astype(bool)).all()


def test_the_undifferentiated_baseline_fails_the_structured_signatures(declined):
    """No levels, no typicality, no neighbours: it must fail the signatures that need them, and it still
    declines (so a decline alone is not diagnostic)."""
    verdicts = evaluate_signatures(declined, random_state=0).set_index("signature")["reproduced"]
    for signature in ("verification_domain_over_basic", "verification_basic_over_specific",
                      "verification_gap_widens", "naming_superordinate_after_semantic",
                      "naming_semantic_rises_then_falls", "naming_cross_domain_rare",
                      "colour_typical_over_atypical_mild", "items_consistent_across_tasks",
                      "naming_consistent_across_sessions"):
        assert verdicts[signature] == False, signature  # noqa: E712
    for signature in ("naming_correct_declines", "matching_declines", "colour_declines",
                      "verification_controls_at_ceiling"):
        assert verdicts[signature] == True, signature  # noqa: E712


def test_it_is_reproducible_and_refuses_bad_input(intact):
    a = undifferentiated_decline(intact, (0.0, 0.5), random_state=3)
    b = undifferentiated_decline(intact, (0.0, 0.5), random_state=3)
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(ValueError, match="severities"):
        undifferentiated_decline(intact, (0.5, 1.5))
    with pytest.raises(ValueError, match="severity 0"):
        undifferentiated_decline(intact.assign(severity=0.3), (0.5,))
    bad = intact.copy()
    bad.loc[bad["paradigm"] == "word_picture_matching", "condition"] = "many"
    with pytest.raises(ValueError, match="AFC' for a random answer; got \\['many'\\]"):
        undifferentiated_decline(bad, (1.0,), random_state=0)


def test_diagnostic_status():
    verdicts = pd.DataFrame({"signature": list("abcde"), "reproduced": [True, True, True, False, pd.NA]})
    one = pd.DataFrame({"signature": list("abcde"), "reproduced": [True, False, pd.NA, True, True]})
    two = pd.DataFrame({"signature": list("abcde"), "reproduced": [True, True, True, True, True]})
    out = diagnostic_status(verdicts, {"x": one, "y": two}).set_index("signature")
    assert out["diagnostic"].tolist() == ["not diagnostic", "diagnostic", "undetermined", "", ""]
    assert out.loc["b", "baseline_x"] == False and out.loc["b", "baseline_y"] == True  # noqa: E712
    assert diagnostic_status(verdicts, {})["diagnostic"].tolist() == [""] * 5
    sized = diagnostic_status(verdicts, {"x": one.assign(estimate=[0.1, 0.2, 0.3, 0.4, 0.5])})
    assert sized["estimate_x"].tolist() == [0.1, 0.2, 0.3, 0.4, 0.5]


def _with_drawings_and_decisions(intact):
    """The intact frame plus object-decision trials and delayed-copy drawings (4 attributes per item)."""
    rows = []
    items = intact.drop_duplicates("item")[["item", "domain", "basic", "specific"]]
    attributes = ["eyes", "legs_4", "wings", "wheels"]
    for patient in intact["patient"].unique():
        base = {"patient": patient, "session": 1, "severity": 0.0, "lesion": "none", "site": "none", "score": 1.0}
        for k, it in enumerate(items.itertuples()):
            rows.append({**base, "paradigm": "object_decision", "trial": k + 1, "item": it.item, "domain": it.domain,
                         "basic": it.basic, "specific": it.specific, "condition": "real_typical", "target": "real",
                         "response": "real", "correct": 1, "donor": it.item})
            has = {"eyes": it.domain == "animal", "legs_4": it.basic == "mammal", "wings": it.basic == "bird",
                   "wheels": it.domain == "artefact"}
            for j, attribute in enumerate(attributes):
                present = int(has[attribute])
                rows.append({**base, "paradigm": "delayed_copy", "trial": 4 * k + j + 1, "item": it.item,
                             "domain": it.domain, "basic": it.basic, "specific": it.specific,
                             "condition": "shared" if present else "absent", "target": present,
                             "response": "kept" if present else "absent", "correct": 1, "attribute": attribute,
                             "drawn": float(present), "level": "item"})
    extra = pd.DataFrame(rows)
    full = pd.concat([intact, extra], ignore_index=True)
    # as the replication holds them in memory: delayed copy's retrieval level is categorical
    return full.astype({"level": "category"})


def test_object_decision_and_drawings_decline_without_structure_and_leave_the_other_draws_alone(intact):
    full = _with_drawings_and_decisions(intact)
    declined = undifferentiated_decline(full, (0.0, 1.0), random_state=5)
    alone = undifferentiated_decline(intact, (0.0, 1.0), random_state=5)
    others = declined[~declined["paradigm"].isin(["object_decision", "delayed_copy"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(others[alone.columns], alone, check_dtype=False)  # the same draws as without them
    zero = declined[(declined["severity"] == 0) & declined["paradigm"].isin(["object_decision", "delayed_copy"])]
    assert (zero["replaced"] == 0).all() and (zero["correct"] == 1).all()
    severe = declined[declined["severity"] == 1]
    decisions = severe[severe["paradigm"] == "object_decision"]
    assert (decisions["replaced"] == 1).all() and 0.25 < decisions["correct"].mean() < 0.75
    drawings = severe[severe["paradigm"] == "delayed_copy"]
    assert (drawings["replaced"] == 1).all() and (drawings["level"] == "replaced").all()
    intact_drawings = {tuple(g.sort_values("attribute")["drawn"])
                       for _, g in full[full["paradigm"] == "delayed_copy"].groupby(["patient", "item"])}
    for _, drawing in drawings.groupby(["patient", "item"]):   # each replaced drawing is some item's whole drawing
        assert tuple(drawing.sort_values("attribute")["drawn"]) in intact_drawings
    kept = drawings["response"].isin(["kept", "absent"]) == drawings["correct"].astype(bool)
    assert kept.all() and drawings["response"].isin(["omitted", "intruded"]).any()


def test_object_decision_declines_without_any_delayed_copy(intact):
    """A run whose paradigms include object decision but not delayed copy has no drawing columns at all: its
    decisions still decline (a replication with ReplicationConfig(paradigms=...) but no delayed copy crashed here)."""
    full = _with_drawings_and_decisions(intact)
    decisions_only = full[full["paradigm"] != "delayed_copy"].drop(columns=["attribute", "drawn", "level"])
    retrieval = ["real_level", "chimera_level", "real_top_item", "chimera_top_item"]
    decisions_only = decisions_only.assign(**{c: "item" for c in retrieval[:2]},
                                           **{c: decisions_only["item"] for c in retrieval[2:]})
    decisions_only = decisions_only.astype({c: "category" for c in retrieval})  # as a replication holds them
    declined = undifferentiated_decline(decisions_only, (0.0, 1.0), random_state=5)
    assert "delayed_copy" not in set(declined["paradigm"])
    decisions = declined[declined["paradigm"] == "object_decision"]
    intact_ones = decisions[decisions["severity"] == 0]
    assert (intact_ones["replaced"] == 0).all() and (intact_ones["real_level"] == "item").all()
    severe = decisions[decisions["severity"] == 1]
    assert (severe["replaced"] == 1).all() and 0.25 < severe["correct"].mean() < 0.75
    assert (severe[retrieval] == "replaced").all().all()  # a random choice retrieved nothing from the pictures


def test_matched_replacement_gives_the_cohorts_naming_accuracy(intact):
    """A cohort whose patients name fewer items session by session: the matched decline's naming accuracy per
    patient-session is the cohort's (within sampling error), and the draws are those of the plain decline."""
    from cogsim.analysis import matched_replacement

    rng = np.random.default_rng(5)
    sessions = []
    for s in SEVERITIES:
        frame = intact.copy()
        frame["severity"] = s
        naming = frame["paradigm"] == "picture_naming"
        keep = rng.random(len(frame)) < (1.0 - 0.8 * s) ** 2  # its own, steeper, decline
        frame.loc[naming & ~keep, "correct"] = 0
        sessions.append(frame)
    cohort = pd.concat(sessions, ignore_index=True)
    table = matched_replacement(cohort)
    assert set(table.columns) == {"patient", "severity", "naming_accuracy", "replacement"}
    assert (table.loc[table["severity"] == 0, "replacement"] == 0).all()
    matched = undifferentiated_decline(intact, SEVERITIES, random_state=0, replacement=table)
    got = matched[matched["paradigm"] == "picture_naming"].groupby("severity")["correct"].mean()
    want = table.groupby("severity")["naming_accuracy"].mean()
    assert np.abs(got - want.loc[got.index]).max() < 0.15  # 140 naming trials per severity: SE about 0.04
    assert np.abs(got - want.loc[got.index]).mean() < 0.05
    plain_accuracy = undifferentiated_decline(intact, SEVERITIES, random_state=0).query(
        "paradigm == 'picture_naming'").groupby("severity")["correct"].mean()
    assert np.abs(plain_accuracy - want.loc[plain_accuracy.index]).max() > 0.2  # unmatched, it is far off
    # the same uniform draws as the plain decline: with the severities as the table, the very same trials
    plain = undifferentiated_decline(intact, SEVERITIES, random_state=0)
    same = table.assign(replacement=table["severity"])
    pd.testing.assert_frame_equal(undifferentiated_decline(intact, SEVERITIES, random_state=0, replacement=same),
                                  plain)


def test_matched_replacement_refuses_what_it_cannot_match(intact):
    from cogsim.analysis import matched_replacement

    with pytest.raises(ValueError, match="picture naming"):
        matched_replacement(intact[intact["paradigm"] != "picture_naming"])
    damaged = intact.assign(severity=0.5)
    with pytest.raises(ValueError, match="intact"):
        matched_replacement(damaged)
    table = matched_replacement(intact)
    with pytest.raises(ValueError, match=r"no probability for patient .* at severity 0.3"):
        undifferentiated_decline(intact, [0.0, 0.3], replacement=table)
