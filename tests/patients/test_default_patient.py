"""Integration tests on the bundled battery and the pretrained default backbone."""

import pytest
import torch

import cogsim
from cogsim.lesions import UnitAblation, WeightNoise
from cogsim.patients.features import canonical_batch


@pytest.fixture(scope="module")
def battery(default_battery):
    return default_battery


@pytest.fixture(scope="module")
def patient(default_patient):
    return default_patient


def test_default_patient_names_every_canonical_picture(patient, battery):
    probs = patient.probabilities(battery)
    predicted = probs.item.argmax(1)
    wrong = [battery.item_ids[i] for i in range(len(battery)) if predicted[i] != i]
    assert wrong == []
    assert patient.backbone.name == "efficientnet_lite0"
    assert patient.backbone.weights_id.startswith("sha256:")


def test_cached_patient_loads_identically(patient, battery):
    again = cogsim.build_patient(battery, progress=False)
    assert again.parameter_hash() == patient.parameter_hash()


def test_hub_damage_degrades_naming_and_spares_premorbid(patient, battery):
    before = patient.parameter_hash()
    accuracy = []
    for severity in (0.0, 0.9, 0.98):
        damaged = patient.lesion(UnitAblation(severity), random_state=7)
        accuracy.append(float((damaged.probabilities(battery).item.argmax(1) == torch.arange(len(battery))).float().mean()))
    assert accuracy[0] == 1.0 and accuracy[2] < accuracy[0]
    assert patient.parameter_hash() == before


def test_visual_lesion_recomputes_from_the_lesioned_layer_only(patient, battery):
    damaged = patient.lesion(WeightNoise(0.5, site="block14"), random_state=1)
    shortcut = damaged.features(battery)
    x = patient.backbone.preprocess(canonical_batch(battery, patient.backbone.input_size))
    full = patient.backbone.run(x, overrides=damaged.stage_overrides)
    torch.testing.assert_close(shortcut, full, rtol=1e-4, atol=1e-4)
    assert not torch.allclose(shortcut, patient.features(battery))
