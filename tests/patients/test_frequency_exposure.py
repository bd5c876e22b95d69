"""Familiarity: TrainingConfig(frequency_exposure=) weighs frequent items more while the hub learns."""

import numpy as np
import pytest
import torch

from cogsim.patients import HubConfig, TrainingConfig, build_patient
from cogsim.patients.lexicon import Lexicon
from cogsim.patients.training import exposure_weights, train_hub
from cogsim.stimuli import load_battery

from ..conftest import TINY_ITEMS, write_battery


def test_exposure_weights_oracle():
    w = exposure_weights([3.0, 4.0, 5.0], 0.5)
    raw = np.array([10 ** 1.5, 10 ** 2.0, 10 ** 2.5])
    assert w == pytest.approx(raw / raw.mean())
    assert exposure_weights([1.0, 6.0], 0.0) == pytest.approx([1.0, 1.0])


def test_equal_weights_train_the_same_hub_as_none(tiny_battery):
    lex = Lexicon.from_battery(tiny_battery)
    n = len(lex.item_ids)
    x = torch.randn(3 * n, 8, generator=torch.Generator().manual_seed(0))
    y = torch.arange(n).repeat(3)
    config = TrainingConfig(epochs=20, dropout=0.0)
    plain, _ = train_hub(x, y, lex, HubConfig(hidden=(6,)), config, seed=1)
    weighted, _ = train_hub(x, y, lex, HubConfig(hidden=(6,)), config, seed=1, item_weights=np.ones(n))
    assert all(torch.allclose(plain[k], weighted[k], atol=1e-6) for k in plain)
    favoured, _ = train_hub(x, y, lex, HubConfig(hidden=(6,)), config, seed=1,
                            item_weights=np.r_[50.0, np.ones(n - 1)])
    assert not torch.allclose(plain["hub.output.weight"], favoured["hub.output.weight"])


def test_exposure_needs_frequencies_and_says_how_to_add_them(tiny_battery):
    with pytest.raises(ValueError, match=r"frequency_exposure=0.5\) needs item norms .*'freq_en' is missing"):
        build_patient(tiny_battery, backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(4,)),
                      training=TrainingConfig(epochs=2, augmentations=0, frequency_exposure=0.5), progress=False)


def test_exposure_is_a_training_setting_with_checks(tmp_path):
    with pytest.raises(ValueError, match="not available with fine_tune"):
        TrainingConfig(frequency_exposure=0.3, fine_tune=1)
    with pytest.raises(ValueError, match="'frequency_language' parameter of TrainingConfig must be 'en' or 'ja'"):
        TrainingConfig(frequency_language="fr")
    freq = {item[0]: {"freq_en": str(2.0 + k)} for k, item in enumerate(TINY_ITEMS)}
    battery = load_battery(write_battery(tmp_path / "f", extra_columns=freq))
    common = dict(backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(4,)), progress=False)
    a = build_patient(battery, training=TrainingConfig(epochs=5, augmentations=0), **common)
    b = build_patient(battery, training=TrainingConfig(epochs=5, augmentations=0, frequency_exposure=0.5), **common)
    assert a.parameter_hash() != b.parameter_hash()
    assert b.training.frequency_exposure == 0.5


def test_name_prior_raises_each_name_bias_by_its_log_frequency(tmp_path):
    freq = {item[0]: {"freq_en": str(1.0 + 0.5 * k)} for k, item in enumerate(TINY_ITEMS)}
    battery = load_battery(write_battery(tmp_path / "f", extra_columns=freq))
    common = dict(backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(4,)), progress=False)
    plain = build_patient(battery, training=TrainingConfig(epochs=5, augmentations=0), **common)
    primed = build_patient(battery, training=TrainingConfig(epochs=5, augmentations=0, name_prior=0.5), **common)
    zipf = battery.items["freq_en"].to_numpy(float)
    shift = (primed.hub["hub.output.bias"] - plain.hub["hub.output.bias"]).double().numpy()
    assert shift == pytest.approx(0.5 * np.log(10) * (zipf - zipf.mean()), abs=1e-5)
    for key in plain.hub:  # nothing else moves: the same training, then the biases
        if key != "hub.output.bias":
            assert torch.equal(plain.hub[key], primed.hub[key]), key
    assert primed.parameter_hash() != plain.parameter_hash()
    # with the hub's own signal gone (every output weight cut), the most frequent name is the answer
    silent = {**primed.hub, "hub.output.weight": torch.zeros_like(primed.hub["hub.output.weight"])}
    logits = silent["hub.output.bias"]
    assert int(logits.argmax()) == int(np.argmax(zipf))


def test_name_prior_needs_frequencies_and_a_sane_value(tiny_battery):
    with pytest.raises(ValueError, match=r"name_prior=1.0\) needs item norms .*'freq_en' is missing"):
        build_patient(tiny_battery, backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(4,)),
                      training=TrainingConfig(epochs=2, augmentations=0, name_prior=1.0), progress=False)
    with pytest.raises(ValueError, match="name_prior"):
        TrainingConfig(name_prior=-1.0)


def test_a_missing_frequency_is_refused_naming_the_item(tmp_path):
    freq = {item[0]: {"freq_en": "" if k == 1 else str(2.0 + k)} for k, item in enumerate(TINY_ITEMS)}
    battery = load_battery(write_battery(tmp_path / "f", extra_columns=freq))
    for option in ("name_prior", "frequency_exposure"):
        with pytest.raises(ValueError, match=rf"{option}=\.\.\.\) needs a finite Zipf frequency .*{TINY_ITEMS[1][0]}"):
            build_patient(battery, backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(4,)),
                          training=TrainingConfig(epochs=2, augmentations=0, **{option: 0.5}), progress=False)
