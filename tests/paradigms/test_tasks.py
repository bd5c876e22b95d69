"""Designs of category verification, colour judgment and word–picture matching."""

from __future__ import annotations

import numpy as np
import pytest

from cogsim.analysis import d_prime, verification_summary
from cogsim.lesions import UnitAblation
from cogsim.paradigms import CategoryVerification, ColourJudgment, WordPictureMatching


def test_verification_design_half_match_with_nearest_distractors(tiny_patient, tiny_battery):
    df = CategoryVerification().run(tiny_patient, tiny_battery, random_state=0)
    items = tiny_battery.items.set_index("item_id")
    assert len(df) == 8 * 3 * 2 and df["label_matches"].mean() == 0.5
    for _, row in df.iterrows():
        item = items.loc[row["item"]]
        if row["label_matches"]:
            expected = {"domain": item["domain"], "basic": item["basic"], "specific": item["specific"]}
            assert row["target"] == expected[row["condition"]]
            continue
        if row["condition"] == "domain":
            assert row["target"] in set(items["domain"]) - {item["domain"]}
        elif row["condition"] == "basic":   # another basic category of the same domain when there is one
            others = set(items.loc[items["domain"] == item["domain"], "basic"]) - {item["basic"]}
            assert row["target"] in (others or set(items["basic"]) - {item["basic"]})
        else:
            coordinates = set(items.loc[items["basic"] == item["basic"], "specific"]) - {item["specific"]}
            assert row["target"] in coordinates


def test_verification_says_yes_at_the_criterion(tiny_patient, tiny_battery):
    damaged = tiny_patient.lesion(UnitAblation(0.7), random_state=2)
    df = CategoryVerification(criterion=0.3).run(damaged, tiny_battery, random_state=1)
    assert ((df["score"] >= 0.3) == (df["response"] == "yes")).all()
    assert (df["correct"] == ((df["response"] == "yes") == (df["label_matches"] == 1))).all()


def test_verification_summary_matches_hand_counts(tiny_patient, tiny_battery):
    damaged = tiny_patient.lesion(UnitAblation(0.7), random_state=2)
    df = CategoryVerification().run(damaged, tiny_battery, random_state=1)
    summary = verification_summary(df, by=["condition"])
    for _, row in summary.iterrows():
        part = df[df["condition"] == row["condition"]]
        hits = ((part["response"] == "yes") & (part["label_matches"] == 1)).sum()
        fas = ((part["response"] == "yes") & (part["label_matches"] == 0)).sum()
        assert row["accuracy"] == part["correct"].mean()
        np.testing.assert_allclose(row["d_prime"], d_prime(hits, 8, fas, 8), rtol=1e-12)


def test_verification_bad_arguments():
    with pytest.raises(ValueError, match="Allowed values are 'basic', 'domain' and 'specific', but got 'sub'"):
        CategoryVerification(levels=("sub",))
    with pytest.raises(ValueError, match=r"'criterion' parameter of CategoryVerification must be a float in \(0, 1\)"):
        CategoryVerification(criterion=1.0)


def test_colour_design_follows_typicality(tiny_patient, tiny_battery):
    df = ColourJudgment().run(tiny_patient, tiny_battery, random_state=0)
    items = tiny_battery.items.set_index("item_id")
    used = items[items["colour_typicality"].isin(["typical", "atypical"]) & items["chromatic"]]
    assert sorted(df["item"]) == sorted(used.index)
    for _, row in df.iterrows():
        typical_hue = items.loc[row["item"], "domain_typical_hue"]
        expected = (typical_hue + 180) % 360 if row["condition"] == "typical" else typical_hue
        assert row["distractor_hue"] == pytest.approx(expected)
        assert row["condition"] == items.loc[row["item"], "colour_typicality"]
    assert set(df["target"]) <= {"left", "right"}
    assert ((df["response"] == df["target"]) == (df["correct"] == 1)).all()
    assert set(df["basis"]) <= {"item", "basic", "guess"}


def test_colour_ties_are_guesses(tiny_patient, tiny_battery):
    # Every hub unit dead: both pictures give the same output, so every trial is a guess.
    dead = tiny_patient.lesion(UnitAblation(1.0), random_state=0)
    df = ColourJudgment().run([dead] * 6, tiny_battery, random_state=0)
    assert set(df["basis"]) == {"guess"}
    assert 0.2 < df["correct"].mean() < 0.8


def test_colour_fallback_for_unrecognised_items(tiny_patient, tiny_battery):
    damaged = tiny_patient.lesion(UnitAblation(0.6), random_state=3)
    by_basic = ColourJudgment().run(damaged.with_policy(recognition=0.9), tiny_battery, random_state=0)
    by_guess = ColourJudgment().run(damaged.with_policy(recognition=0.9, colour_fallback="guess"), tiny_battery,
                                    random_state=0)
    assert (by_basic["basis"] == "basic").any()  # some items are not recognised at 0.9
    recognised = by_basic["basis"] == "item"
    assert (by_guess.loc[recognised, "basis"] == "item").all()
    assert (by_guess.loc[~recognised, "basis"] == "guess").all()
    assert (by_guess.loc[~recognised, "score"] == 0).all()
    assert by_guess.loc[recognised, "correct"].tolist() == by_basic.loc[recognised, "correct"].tolist()


def test_colour_needs_colour_metadata(tiny_patient, tiny_battery):
    from cogsim.stimuli import Battery

    bare = Battery(tiny_battery.name, tiny_battery.root, tiny_battery.items.drop(columns=["colour_typicality"]))
    with pytest.raises(ValueError, match="needs colour metadata, but battery 'tiny' lacks column"):
        ColourJudgment().run(tiny_patient, bare)
    flat = Battery(tiny_battery.name, tiny_battery.root, tiny_battery.items.assign(colour_typicality=""))
    with pytest.raises(ValueError, match="has none"):
        ColourJudgment().run(tiny_patient, flat)
    with pytest.raises(ValueError, match=r"'unusual_offset' parameter of ColourJudgment must be a float in \[45, 180\]"):
        ColourJudgment(unusual_offset=10)


def test_matching_foils_are_of_the_documented_kinds(tiny_patient, tiny_battery):
    df = WordPictureMatching().run(tiny_patient, tiny_battery, random_state=0)
    items = tiny_battery.items.set_index("item_id")
    assert set(df["condition"]) == {"4AFC"}
    for _, row in df.iterrows():
        pictures, kinds = row["pictures"].split("|"), row["picture_kinds"].split("|")
        assert sorted(kinds).count("target") == 1 and pictures[kinds.index("target")] == row["item"]
        assert len(set(pictures)) == 4
        target = items.loc[row["item"]]
        for picture, kind in zip(pictures, kinds):
            other = items.loc[picture]
            if kind == "coordinate":
                assert other["basic"] == target["basic"] or other["domain"] == target["domain"]
            elif kind == "within_domain":
                assert other["domain"] == target["domain"]
            elif kind == "cross_domain":
                assert other["domain"] != target["domain"]
        assert row["response"] in pictures
        assert row["correct"] == int(row["response"] == row["item"])


def test_matching_bad_foils():
    with pytest.raises(ValueError, match="Allowed values are 'coordinate', 'cross_domain' and 'within_domain'"):
        WordPictureMatching(foils=("unrelated",))
