"""TrainingConfig(fitted_attributes=True): a semantic spoke fitted to a trained hub, read by delayed copy alone
(issue 26, studies/fitted_spoke.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import torch

from cogsim.checks import contract_battery
from cogsim.lesions import ActivationNoise, Compound, UnitAblation, make_cohort
from cogsim.paradigms import get_paradigm
from cogsim.patients import HubConfig, TrainingConfig, build_patient, load_patient
from cogsim.patients.build import COLOUR_RIDGE, FITTED_GAIN, training_pictures
from cogsim.patients.hub import ATTRIBUTE_HEAD, forward, has_attribute_spoke
from cogsim.stimuli.norms import attribute_matrix

TINY = dict(backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(16,)), random_state=2,
            progress=False, cache=False)
PLAIN = TrainingConfig(augmentations=2, epochs=200)
FITTED = TrainingConfig(augmentations=2, epochs=200, fitted_attributes=True)


@pytest.fixture(scope="module")
def pair():
    battery = contract_battery()
    return battery, build_patient(battery, training=PLAIN, **TINY), build_patient(battery, training=FITTED, **TINY)


def test_the_hub_is_the_hub_trained_without_it_and_the_spoke_is_the_ridge_fit(pair):
    """Oracle: numpy least squares with the colour spoke's ridge, on every training picture, as logits."""
    battery, plain, fitted = pair
    assert not has_attribute_spoke(plain.hub) and has_attribute_spoke(fitted.hub)
    for key in plain.hub:
        assert torch.equal(plain.hub[key], fitted.hub[key]), key
    assert set(fitted.hub) - set(plain.hub) == {f"{ATTRIBUTE_HEAD}.weight", f"{ATTRIBUTE_HEAD}.bias"}
    _, x, y = training_pictures(plain.backbone, battery, plain.training)
    h = forward(plain.hub, x, plain.hub_config.layers, stop=-1).double().numpy()
    target = attribute_matrix(battery.items).loc[list(plain.lexicon.item_ids)].to_numpy(float)[y.numpy()]
    hc, tc = h - h.mean(0), target - target.mean(0)
    ridge = COLOUR_RIDGE * np.mean(np.sum(hc ** 2, 0))
    weight = np.linalg.solve(hc.T @ hc + ridge * np.eye(h.shape[1]), hc.T @ tc)
    bias = target.mean(0) - h.mean(0) @ weight
    np.testing.assert_allclose(fitted.hub[f"{ATTRIBUTE_HEAD}.weight"].numpy(), FITTED_GAIN * weight.T,
                               rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(fitted.hub[f"{ATTRIBUTE_HEAD}.bias"].numpy(), FITTED_GAIN * (bias - 0.5),
                               rtol=1e-4, atol=1e-4)


def test_only_delayed_copy_changes_and_it_draws_what_the_damaged_spoke_outputs(pair):
    battery, plain, fitted = pair
    lesion = Compound(0.0, parts=(ActivationNoise(0.0, sd=2.0), UnitAblation(0.0)), scales=(1.0, 1.0))
    runs = {}
    for name, patient in (("plain", plain), ("fitted", fitted)):
        cohort = make_cohort(patient, lesion, severities=[0.0, 0.5, 0.9], n_patients=1, random_state=3)
        runs[name] = {p: get_paradigm(p).run(cohort, battery, random_state=0)
                      for p in ("picture_naming", "word_picture_matching", "delayed_copy")}
    for paradigm in ("picture_naming", "word_picture_matching"):
        pd.testing.assert_frame_equal(runs["plain"][paradigm], runs["fitted"][paradigm])
    drawn = runs["fitted"]["delayed_copy"]
    assert not drawn["drawn"].equals(runs["plain"]["delayed_copy"]["drawn"])  # the look-up is no longer read
    assert drawn.loc[drawn["severity"] == 0, "correct"].mean() >= 0.9
    assert ((drawn["score"] >= 0.5) == (drawn["drawn"] == 1)).all()
    damaged = drawn[drawn["severity"] == 0.9]
    assert not np.allclose(damaged["score"], drawn.loc[drawn["severity"] == 0, "score"])


def test_a_fitted_spoke_is_saved_and_read_back(pair, tmp_path):
    _, _, fitted = pair
    again = load_patient(fitted.save(tmp_path / "fitted.pt"))
    assert again.training.fitted_attributes and has_attribute_spoke(again.hub)
    for key in fitted.hub:
        assert torch.equal(again.hub[key], fitted.hub[key]), key


def test_the_option_is_checked():
    with pytest.raises(TypeError, match="'fitted_attributes' parameter of TrainingConfig must be True or False"):
        TrainingConfig(fitted_attributes=1)
    with pytest.raises(ValueError, match="fitted_attributes .* and attribute_weight .* choose one"):
        TrainingConfig(fitted_attributes=True, attribute_weight=1.0)
    with pytest.raises(ValueError, match="fitted_attributes is not available with fine_tune"):
        TrainingConfig(fitted_attributes=True, fine_tune=1)


def test_a_battery_without_attributes_is_refused_before_any_training(tiny_battery, monkeypatch):
    from cogsim.patients import training as training_module

    monkeypatch.setattr(training_module, "train_hubs", lambda *a, **k: pytest.fail("trained before the check"))
    with pytest.raises(ValueError, match=r"fitted_attributes=True"):
        build_patient(tiny_battery, training=FITTED, **TINY)


def test_fallback_spoke_draws_the_spoke_only_where_nothing_is_retrieved(pair):
    """ResponsePolicy(drawing="fallback_spoke") (studies/fallback_spoke.py): trials retrieving something are the
    plain hub's drawings; trials retrieving nothing are the spoke's output, thresholded."""
    battery, plain, fitted = pair
    lesion = Compound(0.0, parts=(ActivationNoise(0.0, sd=2.0), UnitAblation(0.0)), scales=(1.0, 1.0))
    runs = {}
    for name, patient in (("plain", plain), ("spoke", fitted), ("fallback", fitted.with_policy(drawing="fallback_spoke"))):
        cohort = make_cohort(patient, lesion, severities=[0.0, 0.6, 0.9, 1.0], n_patients=1, random_state=3)
        runs[name] = get_paradigm("delayed_copy").run(cohort, battery, random_state=0)
    fallback, plain_run, spoke = runs["fallback"], runs["plain"], runs["spoke"]
    none = (fallback["level"] == "none").to_numpy()
    assert none.any() and (~none).any()  # both kinds of trial occur, so both halves below are tested
    for column in ("drawn", "score", "response"):
        pd.testing.assert_series_equal(fallback.loc[~none, column], plain_run.loc[~none, column])
        pd.testing.assert_series_equal(fallback.loc[none, column], spoke.loc[none, column])
    assert ((fallback["score"] >= 0.5) == (fallback["drawn"] == 1)).all()


def test_fallback_spoke_needs_a_spoke(pair):
    battery, plain, _ = pair
    cohort = make_cohort(plain.with_policy(drawing="fallback_spoke"), UnitAblation(0.0), severities=[0.5],
                         n_patients=1, random_state=3)
    with pytest.raises(ValueError, match=r"drawing='fallback_spoke'.*has no semantic spoke"):
        get_paradigm("delayed_copy").run(cohort, battery, random_state=0)
