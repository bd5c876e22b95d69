"""Integration tests on the bundled battery and the pretrained default backbone."""

import torch

import cogsim
from cogsim.lesions import UnitAblation, WeightNoise
from cogsim.patients.features import canonical_batch


def test_default_patient_names_every_canonical_picture(default_patient, default_battery):
    probs = default_patient.probabilities(default_battery)
    predicted = probs.item.argmax(1)
    wrong = [default_battery.item_ids[i] for i in range(len(default_battery)) if predicted[i] != i]
    assert wrong == []
    assert default_patient.backbone.name == "efficientnet_lite0"
    assert default_patient.backbone.weights_id.startswith("sha256:")


def test_cached_patient_loads_identically(default_patient, default_battery):
    again = cogsim.build_patient(default_battery, progress=False)
    assert again.parameter_hash() == default_patient.parameter_hash()


def test_hub_damage_degrades_naming_and_spares_premorbid(default_patient, default_battery):
    before = default_patient.parameter_hash()
    accuracy = []
    for severity in (0.0, 0.9, 0.98):
        damaged = default_patient.lesion(UnitAblation(severity), random_state=7)
        accuracy.append(float((damaged.probabilities(default_battery).item.argmax(1) == torch.arange(len(default_battery))).float().mean()))
    assert accuracy[0] == 1.0 and accuracy[2] < accuracy[0]
    assert default_patient.parameter_hash() == before


def test_visual_lesion_recomputes_from_the_lesioned_layer_only(default_patient, default_battery):
    damaged = default_patient.lesion(WeightNoise(0.5, site="block14"), random_state=1)
    shortcut = damaged.features(default_battery)
    x = default_patient.backbone.preprocess(canonical_batch(default_battery, default_patient.backbone.input_size))
    full = default_patient.backbone.run(x, overrides=damaged.stage_overrides)
    torch.testing.assert_close(shortcut, full, rtol=1e-4, atol=1e-4)
    assert not torch.allclose(shortcut, default_patient.features(default_battery))
