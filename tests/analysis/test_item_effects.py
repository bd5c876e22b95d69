"""Item effects: the measures against independent oracles, and their signatures on data that must pass or fail."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cogsim.analysis import evaluate_signatures, load_signatures
from cogsim.analysis.item_effects import error_drift, naming_item_model, session_consistency, task_consistency

SEVERITIES = [0.0, 0.3, 0.5, 0.7, 0.9]


def _items(seed=0):
    """40 items: two domains × four basic categories × five items, with random norms."""
    rng = np.random.default_rng(seed)
    rows = []
    for d, domain in enumerate(("animal", "artefact")):
        for b in range(4):
            for k in range(5):
                rows.append({"item_id": f"{domain}_{b}_{k}", "specific": f"{domain}{b}{k}", "basic": f"{domain}_{b}",
                             "domain": domain})
    items = pd.DataFrame(rows)
    items["freq_en"] = rng.normal(4.0, 1.0, len(items))
    items["typicality_domain"] = rng.normal(0.5, 0.1, len(items))
    return items


def _row(pid, session, s, paradigm, trial, item, items, correct, **more):
    own = items.loc[item]
    return {"patient": pid, "session": session, "severity": s, "lesion": "none" if s == 0 else "X", "site": "hub",
            "paradigm": paradigm, "trial": trial, "item": item, "domain": own["domain"], "basic": own["basic"],
            "specific": own["specific"], "condition": "specific", "target": own["specific"], "response": "",
            "correct": int(correct), "score": 0.0, **more}


def cohort(items, *, effects=(0.6, 0.4, -0.3), shared=True, drift=3.0, n_patients=5, seed=0):
    """Synthetic results of naming, word–picture matching and verification.

    Each patient has a latent vulnerability per item, ``-(b_f·zf + b_t·zt + b_ft·zf·zt)`` plus patient noise;
    in a session of severity *s* the items above the (1 − s) quantile fail.  With ``shared`` the same
    vulnerability holds in every task and session; otherwise it is drawn afresh each time.  A naming failure
    is a semantic error naming another item of the basic category, chosen with weights exp(drift × z(norm));
    *drift* may be a dict severity → drift.
    """
    rng = np.random.default_rng(seed)
    table = items.set_index("item_id")
    zf = (table["freq_en"] - table["freq_en"].mean()) / table["freq_en"].std(ddof=0)
    zt = (table["typicality_domain"] - table["typicality_domain"].mean()) / table["typicality_domain"].std(ddof=0)
    b_f, b_t, b_ft = effects
    structure = -(b_f * zf + b_t * zt + b_ft * zf * zt)
    ids = list(table.index)
    drifts = drift if isinstance(drift, dict) else {s: drift for s in SEVERITIES}
    rows = []
    for k in range(n_patients):
        pid = f"P{k + 1:02d}"
        fixed = structure + rng.normal(0, 0.5, len(ids))
        for session, s in enumerate(SEVERITIES, start=1):
            for paradigm in ("picture_naming", "word_picture_matching", "category_verification"):
                latent = fixed if shared else structure.sample(frac=1.0, random_state=rng.integers(1 << 31)).set_axis(
                    ids) + rng.normal(0, 0.5, len(ids))
                cut = np.quantile(latent, 1 - s) if s > 0 else np.inf
                for trial, item in enumerate(ids, start=1):
                    ok = latent[item] <= cut
                    if paradigm != "picture_naming":
                        rows.append(_row(pid, session, s, paradigm, trial, item, table, ok))
                        continue
                    extra = {"error": "", "error_detail": "correct", "response_level": "specific", "response_id": item}
                    if not ok:
                        others = [i for i in ids if table.loc[i, "basic"] == table.loc[item, "basic"] and i != item]
                        w = np.exp(drifts[s] * ((zf + zt) / 2)[others].to_numpy())
                        named = others[rng.choice(len(others), p=w / w.sum())]
                        extra = {"error": "semantic", "error_detail": "coordinate", "response_level": "specific",
                                 "response_id": named}
                    rows.append(_row(pid, session, s, paradigm, trial, item, table, ok, **extra))
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def items():
    return _items()


@pytest.fixture(scope="module")
def sd(items):
    return cohort(items)


@pytest.fixture(scope="module")
def unstructured(items):
    return cohort(items, effects=(0.0, 0.0, 0.0), shared=False, drift=0.0)


# --- the measures against oracles ----------------------------------------------------------------------------------
def test_item_model_matches_statsmodels_ols_with_session_intercepts(sd, items):
    import statsmodels.formula.api as smf

    fits = naming_item_model(sd, items).set_index("patient")
    table = items.set_index("item_id")
    z = lambda c: (table[c] - table[c].mean()) / table[c].std(ddof=0)  # noqa: E731
    naming = sd[sd["paradigm"] == "picture_naming"].assign(zf=lambda d: z("freq_en").loc[d["item"]].to_numpy(),
                                                           zt=lambda d: z("typicality_domain").loc[d["item"]].to_numpy())
    for pid, own in naming.groupby("patient"):
        oracle = smf.ols("correct ~ C(session) + zf * zt", data=own).fit().params
        assert fits.loc[pid, "frequency"] == pytest.approx(oracle["zf"], abs=1e-9)
        assert fits.loc[pid, "typicality"] == pytest.approx(oracle["zt"], abs=1e-9)
        assert fits.loc[pid, "interaction"] == pytest.approx(oracle["zf:zt"], abs=1e-9)
    cells = ["low_freq_atypical", "low_freq_typical", "high_freq_atypical", "high_freq_typical"]
    assert fits[cells].mean().idxmin() == "low_freq_atypical"


def test_consistency_is_one_for_identical_and_minus_one_for_opposite_item_results():
    rows = []
    for task, flip in (("picture_naming", False), ("word_picture_matching", False), ("category_verification", True)):
        for i in range(10):
            ok = (i % 3 == 0) != flip
            rows.append({"patient": "P01", "session": 1, "paradigm": task, "item": f"i{i}", "correct": int(ok)})
    frame = pd.DataFrame(rows)
    out = task_consistency(frame).iloc[0]
    assert out["r_picture_naming__word_picture_matching"] == pytest.approx(1.0)
    assert out["r_picture_naming__category_verification"] == pytest.approx(-1.0)
    assert out["consistency"] == pytest.approx((1 - 1 - 1) / 3)
    # two sessions of one patient: the same failures, then the opposite ones
    sessions = pd.DataFrame([{"patient": "P01", "session": s, "paradigm": "picture_naming", "item": f"i{i}",
                              "correct": int((i % 3 == 0) != (s == 3))} for s in (1, 2, 3) for i in range(10)])
    assert session_consistency(sessions)["consistency"].tolist() == pytest.approx([1.0, -1.0])


def test_error_drift_compares_the_name_given_with_the_names_of_the_same_error():
    items = pd.DataFrame({"item_id": ["a1", "a2", "a3", "b1", "b2"], "basic": ["a", "a", "a", "b", "b"],
                          "domain": "animal", "freq_en": [1.0, 2.0, 4.0, 0.0, 3.0]})
    results = pd.DataFrame({"patient": "P01", "session": 1, "severity": 0.5, "paradigm": "picture_naming",
                            "item": ["a1", "a1", "a1", "b1"], "correct": 0,
                            "error_detail": ["coordinate", "within_domain", "omission", "coordinate"],
                            "response_level": ["specific", "specific", "none", "specific"],
                            "response_id": ["a3", "b2", "", "b2"]})
    drift = error_drift(results, items, "freq_en")
    # a1 → a3: 4 − mean(a2, a3) = 1; a1 → b2: 3 − mean(b1, b2) = 1.5; b1 → b2: 3 − 3 = 0; the omission is left out
    assert drift["drift"].tolist() == pytest.approx([1.0, 1.5, 0.0])
    assert drift["target_norm"].tolist() == [1.0, 1.0, 0.0]


def test_missing_norms_are_refused_with_the_column_named(sd, items):
    with pytest.raises(ValueError, match="freq_en"):
        naming_item_model(sd, items.drop(columns="freq_en"))
    with pytest.raises(ValueError, match="typicality_domain"):
        error_drift(sd, items.drop(columns="typicality_domain"), "typicality_domain")
    broken = items.copy()
    broken.loc[3, "freq_en"] = np.nan
    with pytest.raises(ValueError, match=r"freq_en.*animal_0_3"):
        naming_item_model(sd, broken)


# --- signatures: data that must pass and data that must fail ----------------------------------------------------------
ITEM_SIGNATURES = ["naming_frequency_effect", "naming_typicality_effect", "naming_frequency_by_typicality",
                   "items_consistent_across_tasks", "naming_consistent_across_sessions",
                   "naming_errors_to_familiar_names", "naming_errors_to_typical_names"]


def _verdicts(results, items):
    sigs = load_signatures()
    assert set(ITEM_SIGNATURES) <= set(sigs.loc[sigs["panel"] == "items", "signature"])
    return evaluate_signatures(results, sigs[sigs["signature"].isin(ITEM_SIGNATURES)], items=items,
                               random_state=0).set_index("signature")


def test_item_signatures_pass_on_data_with_item_effects(sd, items):
    v = _verdicts(sd, items)
    assert v["reproduced"].astype(bool).all(), v[["estimate", "p", "note"]]
    assert (v["effect_size"].abs() > 0).all()


def test_item_signatures_fail_on_data_without_item_effects(unstructured, items):
    v = _verdicts(unstructured, items)
    assert not v["reproduced"].astype(bool).any(), v[["estimate", "p", "note"]]


def test_drift_grows_only_when_the_pull_grows_with_severity(items):
    sigs = load_signatures().set_index("signature").loc[["naming_error_drift_grows"]].reset_index()
    flat = evaluate_signatures(cohort(items, drift=3.0), sigs, items=items, random_state=0)
    assert not bool(flat["reproduced"].iloc[0])
    # the pull toward typical names rises with severity: rebuild naming errors with drift ∝ severity
    growing = cohort(items, drift=dict(zip(SEVERITIES, (0.0, 0.0, 1.5, 3.0, 6.0))), seed=1)
    grown = evaluate_signatures(growing, sigs, items=items, random_state=0)
    assert bool(grown["reproduced"].iloc[0]), grown[["estimate", "p", "note"]]


def test_item_signatures_without_norms_are_reported_not_testable(sd, items):
    sigs = load_signatures()
    v = evaluate_signatures(sd, sigs[sigs["signature"] == "naming_frequency_effect"], random_state=0)
    assert v["reproduced"].isna().all()
    assert "items=battery.items" in v["note"].iloc[0]


def _other_norm_estimate(note: str, label: str) -> float:
    import re

    found = re.search(label + r" \([a-z_]+\) as the (?:typicality )?norm instead: ([+-][0-9.]+)", note)
    assert found, note
    return float(found.group(1))


def _coded(items):
    """*items* with 8 coded attributes, shared more or less widely within each domain (family resemblance varies)."""
    rng = np.random.default_rng(5)
    coded = items.copy()
    for k in range(8):
        coded[f"attr_a{k}"] = (rng.random(len(coded)) < np.where(coded["domain"] == "animal", 0.15 + 0.1 * k,
                                                                 0.85 - 0.1 * k)).astype(int)
    return coded


def test_typicality_signatures_use_family_resemblance_and_report_visual_typicality_too(items):
    """With coded attributes the verdict tests family resemblance (issue 26) and its note gives the visual fit;
    without them it falls back to visual typicality and says so."""
    from cogsim.stimuli.norms import family_resemblance

    coded = _coded(items)
    concept = family_resemblance(coded, "domain").to_numpy()
    assert abs(np.corrcoef(concept, coded["typicality_domain"])[0, 1]) < 0.5  # two different norms
    sigs = load_signatures()
    sig = sigs[sigs["signature"] == "naming_typicality_effect"]
    # success driven by family resemblance only: the verdict sees it, the visual norm in the note little
    by_concept = cohort(coded.assign(typicality_domain=concept), effects=(0.0, 0.8, 0.0), seed=2)
    v = evaluate_signatures(by_concept, sig, items=coded, random_state=0).iloc[0]
    assert v["norm"] == "family_resemblance_domain (family resemblance)"
    assert bool(v["reproduced"]) and v["estimate"] > 2 * abs(_other_norm_estimate(v["note"], "visual typicality"))
    # driven by the visual norm only: the verdict fails, the note shows the visual effect
    by_look = cohort(coded, effects=(0.0, 0.8, 0.0), seed=2)
    w = evaluate_signatures(by_look, sig, items=coded, random_state=0).iloc[0]
    assert not bool(w["reproduced"]) and _other_norm_estimate(w["note"], "visual typicality") > 2 * abs(w["estimate"])
    # a battery without coded attributes tests visual typicality and says why the second fit is missing
    plain = evaluate_signatures(by_look, sig, items=items, random_state=0).iloc[0]
    assert plain["norm"] == "typicality_domain (visual typicality)" and bool(plain["reproduced"])
    assert "family resemblance as the norm: not computed" in plain["note"]


def test_drift_toward_typical_names_uses_the_same_norm(items):
    """Wrong names drifting toward high family resemblance pass with coded attributes; toward visually typical
    names they pass only on a battery without attributes (the fallback), and each note gives the other norm."""
    from cogsim.stimuli.norms import family_resemblance

    coded = _coded(items)
    concept = family_resemblance(coded, "domain").to_numpy()
    sigs = load_signatures()
    sig = sigs[sigs["signature"] == "naming_errors_to_typical_names"]
    assert sig["measure"].iloc[0] == "typicality"
    to_concept = cohort(coded.assign(typicality_domain=concept), seed=3)  # errors weighted by exp(3 z(concept))
    v = evaluate_signatures(to_concept, sig, items=coded, random_state=0).iloc[0]
    assert v["norm"] == "family_resemblance_domain (family resemblance)" and bool(v["reproduced"])
    assert "visual typicality (typicality_domain) as the norm instead" in v["note"]
    to_look = cohort(coded, seed=3)
    w = evaluate_signatures(to_look, sig, items=coded, random_state=0).iloc[0]
    assert _other_norm_estimate(w["note"], "visual typicality") > w["estimate"]
    fallback = evaluate_signatures(to_look, sig, items=items, random_state=0).iloc[0]
    assert fallback["norm"] == "typicality_domain (visual typicality)" and bool(fallback["reproduced"])


# --- the anatomy of the frequency × typicality pattern ------------------------------------------------------------
def _cells_cohort(items, shares, n=200):
    """One patient, one damaged session: for each median-split cell, ``shares[cell] = (reached, chosen)`` turned
    into exact counts over *n* trials per cell (items of the cell in turn); unreached trials are omissions."""
    table = items.set_index("item_id")
    f, t = table["freq_en"], table["typicality_domain"]
    cell_of = (np.where(f > f.median(), "high_freq_", "low_freq_") + np.where(t > t.median(), "typical", "atypical"))
    rows, trial = [], 0
    for cell, (reached, chosen) in shares.items():
        members = list(table.index[cell_of == cell])
        n_reached = int(round(reached * n))
        n_right = int(round(chosen * n_reached))
        for k in range(n):
            trial += 1
            level = "specific" if k < n_reached else "none"
            ok = k < n_right
            rows.append(_row("P01", 1, 0.5, "picture_naming", trial, members[k % len(members)], table, ok,
                             response_level=level))
    for k, item in enumerate(table.index):  # the intact session: every item named
        rows.append(_row("P01", 0, 0.0, "picture_naming", 10_000 + k, item, table, True, response_level="specific"))
    return pd.DataFrame(rows)


def test_anatomy_matches_counts_and_correct_is_reached_times_chosen(sd, items):
    from cogsim.analysis.item_effects import naming_item_anatomy

    rng = np.random.default_rng(3)
    data = sd[sd["paradigm"] == "picture_naming"].copy()
    stop = (data["correct"] == 0) & (rng.random(len(data)) < 0.5)  # half the failures become "don't know"
    data.loc[stop, "response_level"] = "none"
    table = naming_item_anatomy(data, items)
    cells = table[table["cell"] != "interaction"]
    assert np.allclose(cells["correct"], cells["reached"] * cells["chosen"])
    # oracle: the same shares by plain counting, stages as the signatures define them
    from cogsim.analysis import add_stages

    staged = add_stages(data)
    staged = staged[staged["stage"].astype(str) != "control"]
    norms = items.set_index("item_id")
    hf = (norms["freq_en"] > norms["freq_en"].median()).loc[staged["item"]].to_numpy()
    ht = (norms["typicality_domain"] > norms["typicality_domain"].median()).loc[staged["item"]].to_numpy()
    staged = staged.assign(cell=np.where(hf, "high_freq_", "low_freq_") + np.where(ht, "typical", "atypical"))
    for (stage, cell), own in staged.groupby(["stage", "cell"], observed=True):
        row = cells[(cells["stage"] == str(stage)) & (cells["cell"] == cell)].iloc[0]
        assert row["trials"] == len(own)
        assert row["correct"] == pytest.approx(own["correct"].mean())
        assert row["reached"] == pytest.approx((own["response_level"] == "specific").mean())
    assert set(table["stage"]) == {str(s) for s in staged["stage"].unique()}


def test_anatomy_puts_the_interaction_in_the_part_that_carries_it(items):
    from cogsim.analysis.item_effects import naming_item_anatomy

    # typical low-frequency items stop short of a name; the choice of name is the same in every cell
    crowded = {"low_freq_atypical": (0.6, 0.5), "low_freq_typical": (0.3, 0.5),
               "high_freq_atypical": (0.8, 0.5), "high_freq_typical": (0.8, 0.5)}
    row = naming_item_anatomy(_cells_cohort(items, crowded), items).query("cell == 'interaction'").iloc[0]
    assert row["reached"] == pytest.approx(0.3)
    assert row["chosen"] == pytest.approx(0.0)
    assert row["correct"] == pytest.approx(0.15)
    # everything reaches a name; typicality helps the choice most for low-frequency items (the patients' pattern)
    patients_like = {"low_freq_atypical": (1.0, 0.2), "low_freq_typical": (1.0, 0.6),
                     "high_freq_atypical": (1.0, 0.7), "high_freq_typical": (1.0, 0.8)}
    row = naming_item_anatomy(_cells_cohort(items, patients_like), items).query("cell == 'interaction'").iloc[0]
    assert row["reached"] == pytest.approx(0.0)
    assert row["chosen"] == pytest.approx(-0.3)
    assert row["correct"] == pytest.approx(-0.3)


def test_anatomy_log_odds_interaction_is_zero_for_additive_log_odds_at_the_floor(items):
    from cogsim.analysis.item_effects import naming_item_anatomy

    # additive on the log-odds scale, near the floor: the probability scale shows a positive interaction
    logit = {"low_freq_atypical": -4.0, "low_freq_typical": -3.0, "high_freq_atypical": -2.0, "high_freq_typical": -1.0}
    shares = {cell: (1.0, 1.0 / (1.0 + np.exp(-v))) for cell, v in logit.items()}
    row = naming_item_anatomy(_cells_cohort(items, shares, n=4000), items).query("cell == 'interaction'").iloc[0]
    assert row["correct"] > 0.1
    assert row["correct_logit"] == pytest.approx(0.0, abs=0.05)


def test_anatomy_refuses_results_without_response_levels(sd, items):
    from cogsim.analysis.item_effects import naming_item_anatomy

    with pytest.raises(ValueError, match="response_level"):
        naming_item_anatomy(sd.drop(columns="response_level"), items)
    with pytest.raises(ValueError, match="picture naming"):
        naming_item_anatomy(sd[sd["paradigm"] != "picture_naming"], items)


def _within_estimate(note: str, groups: str) -> float:
    """The estimate a naming item signature's note gives "with both norms standardised within each <groups> (...)"
    (*groups* may include the parenthesis's opening words)."""
    import re

    found = re.search(rf"standardised within each {re.escape(groups)}[^:]*: ([+-][0-9.]+)", note)
    assert found, note
    return float(found.group(1))


def test_item_signature_notes_give_the_effect_within_domains(items):
    """A typicality norm that mostly separates domains (family resemblance sums shared coded attributes, and animals
    are coded with more) can pass the pooled fit on a difference between domains alone; the note says what is left
    with both norms standardised within each domain."""
    from cogsim.analysis.signatures import CONCEPT_TYPICALITY

    rng = np.random.default_rng(8)
    animal = (items["domain"] == "animal").to_numpy(float)
    within = rng.normal(0.0, 1.0, len(items))
    sig = load_signatures()
    sig = sig[sig["signature"] == "naming_typicality_effect"]

    # success differs between the domains only; the norm is high for animals, its spread inside a domain unrelated
    between = items.assign(typicality_domain=animal, **{CONCEPT_TYPICALITY: 2.0 * animal + 0.3 * within})
    v = evaluate_signatures(cohort(between, effects=(0.0, 0.8, 0.0), seed=3), sig, items=between,
                            random_state=0).iloc[0]
    assert bool(v["reproduced"]) and v["estimate"] > 0.05
    domains = "domain (differences between domains out)"
    assert abs(_within_estimate(v["note"], domains)) < 0.3 * v["estimate"], v["note"]
    # success follows the norm inside each domain: the within-domain fit keeps the effect
    inside = items.assign(typicality_domain=within, **{CONCEPT_TYPICALITY: within})
    w = evaluate_signatures(cohort(inside, effects=(0.0, 0.8, 0.0), seed=3), sig, items=inside,
                            random_state=0).iloc[0]
    assert bool(w["reproduced"]) and _within_estimate(w["note"], domains) > 0.7 * w["estimate"], w["note"]


def test_item_signature_notes_give_the_effect_within_basic_categories(items):
    """Family resemblance grows with the size of the item's basic category, so a pooled fit can pass on differences
    between categories alone; the note says what is left with both norms standardised within each basic category,
    and keeps an effect that lives inside the categories."""
    from cogsim.analysis.signatures import CONCEPT_TYPICALITY

    rng = np.random.default_rng(9)
    crowded = items["basic"].str.endswith(("_0", "_1")).to_numpy(float)  # half the categories of each domain
    within = rng.normal(0.0, 1.0, len(items))
    sig = load_signatures()
    sig = sig[sig["signature"] == "naming_typicality_effect"]

    # success differs between categories only; inside each domain the norm is high for those categories
    between = items.assign(typicality_domain=crowded, **{CONCEPT_TYPICALITY: 2.0 * crowded + 0.3 * within})
    v = evaluate_signatures(cohort(between, effects=(0.0, 0.8, 0.0), seed=3), sig, items=between,
                            random_state=0).iloc[0]
    assert bool(v["reproduced"]) and v["estimate"] > 0.05
    assert abs(_within_estimate(v["note"], "basic category")) < 0.3 * v["estimate"], v["note"]
    # inside a domain the categories still differ
    assert _within_estimate(v["note"], "domain") > 0.5 * v["estimate"], v["note"]
    # success follows the norm inside each category: the within-category fit keeps the effect
    inside = items.assign(typicality_domain=within, **{CONCEPT_TYPICALITY: within})
    w = evaluate_signatures(cohort(inside, effects=(0.0, 0.8, 0.0), seed=3), sig, items=inside,
                            random_state=0).iloc[0]
    assert bool(w["reproduced"]) and _within_estimate(w["note"], "basic category") > 0.7 * w["estimate"], w["note"]
