"""Paradigm registry and cohort handling on a tiny random-weight patient and generated battery.

The contract every paradigm keeps (tidy rows, seeds, independence of other patients, shared design, pieces)
is checked by :func:`cogsim.checks.check_paradigm`, run on every registered paradigm in tests/test_checks.py."""

from __future__ import annotations

import pandas as pd
import pytest

from cogsim.lesions import ActivationNoise, UnitAblation, make_cohort, progression
from cogsim.paradigms import check_tidy, get_paradigm, list_paradigms

#: Paradigms that need item norms (attributes, facing, typicality) the generated battery does not have; they are
#: tested on the bundled battery (tests/paradigms/test_drawing_and_object_decision.py, test_default_paradigms.py).
NEEDS_NORMS = ("delayed_copy", "object_decision")
PARADIGMS = [name for name in list_paradigms() if name not in NEEDS_NORMS]


def plain(df: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as strings, to compare results whose category sets differ."""
    return df.astype({c: str for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)})


def test_registry_lists_the_seven_tasks():
    assert list_paradigms() == ["category_verification", "colour_judgment", "cued_naming", "delayed_copy",
                                "object_decision", "picture_naming", "word_picture_matching"]


@pytest.mark.parametrize("name", list_paradigms())
def test_exactly_the_normed_paradigms_refuse_a_battery_without_norms(name, tiny_battery):
    if name in NEEDS_NORMS:
        with pytest.raises(ValueError, match="needs item norms"):
            get_paradigm(name).check_battery(tiny_battery)
    else:
        get_paradigm(name).check_battery(tiny_battery)


@pytest.mark.parametrize("name", PARADIGMS)
def test_accepts_cohort_and_longitudinal_patient(name, tiny_patient, tiny_battery):
    cohort = make_cohort(tiny_patient, UnitAblation(0.0), severities=[0.1, 0.5, 0.9], n_patients=2, random_state=1)
    df = get_paradigm(name).run(cohort, tiny_battery, random_state=0)
    members = df.drop_duplicates(["patient", "session"])[["patient", "session", "severity"]]
    assert members.values.tolist() == [["P01", 1, 0.1], ["P01", 2, 0.5], ["P01", 3, 0.9],
                                       ["P02", 1, 0.1], ["P02", 2, 0.5], ["P02", 3, 0.9]]
    assert set(df["lesion"]) == {"UnitAblation"} and set(df["site"]) == {"hub"}
    sessions = progression(tiny_patient, UnitAblation(0.0), [0.2, 0.4], random_state=2, patient_id="JL")
    df = get_paradigm(name).run(sessions, tiny_battery, random_state=0)
    assert set(df["patient"]) == {"JL"} and sorted(set(df["session"])) == [1, 2]


@pytest.mark.parametrize("name", PARADIGMS)
def test_patient_from_another_battery_is_refused(name, tiny_patient, tiny_battery):
    other = tiny_battery.subset(tiny_battery.item_ids[:-1])
    with pytest.raises(ValueError, match="learnt another battery"):
        get_paradigm(name).run(tiny_patient, other)


def test_unknown_paradigm_lists_every_name():
    with pytest.raises(ValueError) as info:
        get_paradigm("naming")
    assert str(info.value) == (
        "Invalid value for 'paradigm'. Allowed values are 'category_verification', 'colour_judgment', "
        "'cued_naming', 'delayed_copy', 'object_decision', 'picture_naming' and 'word_picture_matching', but got 'naming'.")


def test_check_tidy_rejects_duplicate_trials_and_missing_columns(tiny_patient, tiny_battery):
    df = get_paradigm("picture_naming").run(tiny_patient, tiny_battery, random_state=0)
    with pytest.raises(ValueError, match="one row per trial"):
        check_tidy(pd.concat([df, df.iloc[:1]], ignore_index=True))
    with pytest.raises(ValueError, match="lack the shared column"):
        check_tidy(df.drop(columns=["score"]))
    with pytest.raises(ValueError, match="only 0 and 1"):
        check_tidy(df.assign(correct=2))


def test_batch_size_and_sharing_do_not_change_results(tiny_patient, tiny_battery):
    from cogsim.paradigms import run_paradigms

    noisy = tiny_patient.lesion(ActivationNoise(1.0, sd=3.0), random_state=9)
    cohort = make_cohort(noisy, UnitAblation(0.0), severities=[0.2, 0.6, 0.9], n_patients=3, random_state=2)
    paradigms = [get_paradigm(n) for n in PARADIGMS]
    one = run_paradigms(paradigms, cohort, tiny_battery, random_state=4, batch_size=1)
    many = run_paradigms(paradigms, cohort, tiny_battery, random_state=4, batch_size=4)
    for p in paradigms:
        pd.testing.assert_frame_equal(one[p.name], many[p.name])
        pd.testing.assert_frame_equal(one[p.name], p.run(cohort, tiny_battery, random_state=4))
    with pytest.raises(ValueError, match="'batch_size' parameter of run_paradigms must be a positive int"):
        run_paradigms(paradigms, cohort, tiny_battery, batch_size=0)


def test_hub_prefix_reuse_is_exact(tiny_patient, tiny_battery):
    import torch

    from cogsim.patients import picture_features

    features = picture_features(tiny_patient.backbone, tiny_battery)
    damaged = tiny_patient.lesion(UnitAblation(0.5), random_state=1)
    cached = damaged.hub_logits(features)
    fresh = damaged.hub_logits(features.clone())  # another tensor: no reuse
    torch.testing.assert_close(cached, fresh, rtol=0, atol=0)
