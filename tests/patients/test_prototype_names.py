"""TrainingConfig(name_readout="prototype"): item names read by closeness to each item's stored hub pattern."""

import numpy as np
import pytest
import torch

from cogsim.patients import HubConfig, TrainingConfig, build_patient
from cogsim.patients.build import training_pictures
from cogsim.patients.hub import forward

COMMON = dict(backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(6,)), progress=False)


def _pair(battery, **readout):
    plain = build_patient(battery, training=TrainingConfig(epochs=8, augmentations=2), **COMMON)
    folded = build_patient(battery, training=TrainingConfig(epochs=8, augmentations=2, **readout), **COMMON)
    return plain, folded


def test_the_output_layer_is_the_prototype_fold_of_the_trained_hub(tiny_battery):
    plain, folded = _pair(tiny_battery, name_readout="prototype", prototype_temperature=0.2)
    for key in plain.hub:  # the trained hub is the same; only the item read-out is replaced
        if not key.startswith("hub.output."):
            assert torch.equal(plain.hub[key], folded.hub[key]), key
    # oracle: each item's mean last-hidden activation over its training pictures, by a plain loop
    _, x, y = training_pictures(plain.backbone, tiny_battery, plain.training)
    hidden = forward(plain.hub, x, plain.hub_config.layers, stop=-1).double().numpy()
    patterns = np.stack([hidden[y.numpy() == i].mean(0) for i in range(len(tiny_battery))])
    tau = 0.2 * np.mean(((patterns - patterns.mean(0)) ** 2).sum(1))
    np.testing.assert_allclose(folded.hub["hub.output.weight"].numpy(), 2 * patterns / tau, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(folded.hub["hub.output.bias"].numpy(), -(patterns ** 2).sum(1) / tau, rtol=1e-5,
                               atol=1e-5)
    # and the fold is the nearest-pattern rule: the same probabilities as softmax(-|h - m|^2 / tau) for any state
    h = torch.rand(5, hidden.shape[1], dtype=torch.float64) * float(np.abs(hidden).max())
    logits = h @ folded.hub["hub.output.weight"].double().T + folded.hub["hub.output.bias"].double()
    direct = -torch.cdist(h, torch.tensor(patterns)) ** 2 / tau
    torch.testing.assert_close(torch.softmax(logits, -1), torch.softmax(direct, -1), rtol=1e-4, atol=1e-6)
    assert folded.parameter_hash() != plain.parameter_hash()


def test_the_prior_is_added_to_the_prototype_biases(tmp_path):
    from cogsim.stimuli import load_battery

    from ..conftest import TINY_ITEMS, write_battery

    freq = {item[0]: {"freq_en": str(1.0 + 0.5 * k)} for k, item in enumerate(TINY_ITEMS)}
    battery = load_battery(write_battery(tmp_path / "f", extra_columns=freq))
    _, folded = _pair(battery, name_readout="prototype")
    _, both = _pair(battery, name_readout="prototype", name_prior=1.0)
    zipf = battery.items["freq_en"].to_numpy(float)
    shift = (both.hub["hub.output.bias"] - folded.hub["hub.output.bias"]).double().numpy()
    np.testing.assert_allclose(shift, np.log(10) * (zipf - zipf.mean()), atol=1e-4)


def test_the_read_out_is_checked():
    with pytest.raises(ValueError, match="'name_readout' parameter of TrainingConfig must be 'trained' or 'prototype'"):
        TrainingConfig(name_readout="nearest")
    with pytest.raises(ValueError, match="prototype_temperature"):
        TrainingConfig(name_readout="prototype", prototype_temperature=0.0)
    with pytest.raises(ValueError, match="not available with fine_tune"):
        TrainingConfig(name_readout="prototype", fine_tune=1)
