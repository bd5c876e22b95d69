"""HubConfig(homeostasis=True): after damage, each last hidden unit keeps its premorbid mean and SD over the
battery's pictures (synaptic scaling, issue 26)."""

import numpy as np
import pytest
import torch

from cogsim.lesions import ActivationNoise, Pruning, UnitAblation
from cogsim.patients import HubConfig, TrainingConfig, build_patient, load_patient
from cogsim.patients.features import picture_features
from cogsim.patients.hub import forward

TRAINING = TrainingConfig(epochs=8, augmentations=2, attribute_weight=1.0, name_spoke=True)
COMMON = dict(backbone="tiny_cnn", backbone_weights=None, training=TRAINING, random_state=4, progress=False)


@pytest.fixture(scope="module")
def pair(contract):
    """The same hub with and without homeostasis."""
    plain = build_patient(contract, hub=HubConfig(hidden=(12,)), **COMMON)
    kept = build_patient(contract, hub=HubConfig(hidden=(12,), homeostasis=True), **COMMON)
    return plain, kept


def _hidden(patient, battery):
    _, heads = patient.logits(battery, random_state=0, heads=True)
    return heads["hidden"].double().numpy()


def test_the_damaged_units_get_their_premorbid_mean_and_sd_back(pair, contract):
    """Oracle: without run-time noise the corrected states have exactly the premorbid per-unit statistics."""
    plain, kept = pair
    for key in plain.hub:  # homeostasis does not change training
        assert torch.equal(plain.hub[key], kept.hub[key]), key
    before = forward(kept.hub, picture_features(kept.backbone, contract, None), kept.hub_config.layers,
                     stop=-1).double().numpy()
    damaged = kept.lesion(Pruning(0.5), random_state=1)
    after = _hidden(damaged, contract)
    live = after.std(0) > 1e-6
    assert live.sum() >= 2
    np.testing.assert_allclose(after.mean(0)[live], before.mean(0)[live], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(after.std(0)[live], before.std(0)[live], rtol=1e-4, atol=1e-5)
    raw = _hidden(plain.lesion(Pruning(0.5), random_state=1), contract)  # without it the states shrink
    assert raw.std(0)[live].mean() < 0.9 * before.std(0)[live].mean()
    # the correction is an affine map of the uncorrected states, unit by unit
    gain = before.std(0)[live] / raw.std(0)[live]
    np.testing.assert_allclose(after[:, live], (raw[:, live] - raw.mean(0)[live]) * gain + before.mean(0)[live],
                               rtol=1e-4, atol=1e-4)


def test_silenced_units_stay_silent_and_the_intact_patient_is_unchanged(pair, contract):
    plain, kept = pair
    assert kept.homeostasis(contract) is None  # premorbid: nothing to correct
    np.testing.assert_array_equal(_hidden(kept, contract), _hidden(plain, contract))
    silenced = kept.lesion(UnitAblation(0.5), random_state=2)
    dead = silenced.unit_masks["hub.hidden1"].numpy()
    assert dead.any() and (_hidden(silenced, contract)[:, dead] == 0).all()
    noisy = kept.lesion(ActivationNoise(0.8), random_state=2)
    a, b = noisy.logits(contract, random_state=5), noisy.logits(contract, random_state=5)
    assert torch.equal(a, b)  # the correction is measured once, with its own fixed noise draw
    assert not torch.equal(a, plain.lesion(ActivationNoise(0.8), random_state=2).logits(contract, random_state=5))


def test_heard_names_get_the_same_correction(pair, contract):
    _, kept = pair
    damaged = kept.lesion(Pruning(0.6), random_state=3)
    mean_damaged, gain, mean_premorbid = damaged.homeostasis(contract)
    raw = damaged._read(*_heard_raw(damaged), names=False, heads=True)[1]["hidden"]
    _, heads = damaged.heard(battery=contract, random_state=0)
    np.testing.assert_allclose(heads["hidden"].numpy(), ((raw - mean_damaged) * gain + mean_premorbid).numpy(),
                               rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match=r"HubConfig\(homeostasis=True\).*pass the battery"):
        damaged.heard(random_state=0)
    with pytest.raises(ValueError, match="pass the battery"):
        damaged.hub_logits(picture_features(damaged.backbone, contract, None), random_state=0)


def _heard_raw(patient):
    from cogsim.patients.hub import heard_first_layer

    layers = patient.hub_config.layers
    kept: dict = {}
    damage = patient._damage(0, kept)
    h = heard_first_layer(patient.hub, layers, range(len(patient.lexicon.item_ids)))
    return forward(patient.hub, damage(layers[0], h), layers, start=1, after=damage), kept


def test_a_homeostatic_patient_is_saved_and_read_back(pair, contract, tmp_path):
    _, kept = pair
    damaged = kept.lesion(Pruning(0.4), random_state=1)
    damaged.save(tmp_path / "p.pt")
    again = load_patient(tmp_path / "p.pt")
    assert again.hub_config == damaged.hub_config and again.hub_config.homeostasis
    assert torch.equal(again.logits(contract, random_state=0), damaged.logits(contract, random_state=0))
    with pytest.raises(TypeError, match="'homeostasis' parameter of HubConfig must be True or False"):
        HubConfig(homeostasis="yes")
