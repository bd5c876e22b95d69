import numpy as np
import pytest
import torch

import cogsim
from cogsim.patients import (HubConfig, TrainingConfig, build_controls, build_patient, get_backbone,
                             list_backbones, load_patient)


def test_registry_lists_and_rejects():
    names = list_backbones()
    assert {"efficientnet_lite0", "resnet18", "alexnet", "vgg16", "mobilenet_v3_large", "tiny_cnn"} <= set(names)
    with pytest.raises(ValueError, match=r"Invalid value for 'backbone'\. Allowed values are 'alexnet', "):
        get_backbone("resnet1000")


def test_missing_torchvision_weights_say_where_cogsim_looked(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    with pytest.raises(ValueError) as info:
        get_backbone("resnet18", weights="DEFAULT")
    text = str(info.value)
    assert str(tmp_path) in text and "downloads are off" in text and "weights=None" in text


def test_torchvision_weights_from_a_file(tmp_path):
    random = get_backbone("alexnet", weights=None, random_state=3)
    path = tmp_path / "alexnet.pth"
    from torchvision.models import alexnet
    model = alexnet()
    torch.save(model.state_dict(), path)
    loaded = get_backbone("alexnet", weights=str(path))
    assert loaded.weights_id.startswith("sha256:") and random.weights_id == f"random:{random.weights_id[7:]}"
    assert loaded.feature_dim == 4096


def test_backbone_preprocessing_belongs_to_backbone():
    lite = get_backbone("efficientnet_lite0")
    assert lite.mean == (0.5, 0.5, 0.5) and lite.std == (0.5, 0.5, 0.5)
    x = torch.full((1, 3, 2, 2), 1.0)
    assert torch.allclose(lite.preprocess(x), torch.ones(1, 3, 2, 2))
    assert get_backbone("resnet18", weights=None).mean == (0.485, 0.456, 0.406)


def test_random_backbone_leaves_global_rng_alone():
    state = torch.random.get_rng_state()
    get_backbone("tiny_cnn", weights=None, random_state=12345)
    assert torch.equal(state, torch.random.get_rng_state())


def test_tiny_patient_names_its_battery(tiny_patient, tiny_battery):
    probs = tiny_patient.probabilities(tiny_battery)
    assert probs.item.shape == (len(tiny_battery), len(tiny_battery))
    np.testing.assert_allclose(probs.item.sum(1).numpy(), 1.0, rtol=1e-5)
    np.testing.assert_allclose(probs.basic.sum(1).numpy(), 1.0, rtol=1e-5)
    # basic = sum of its items
    lex = tiny_patient.lexicon
    birds = [i for i, b in enumerate(lex.basic) if b == "bird"]
    j = lex.basics.index("bird")
    np.testing.assert_allclose(probs.basic[:, j].numpy(), probs.item[:, birds].sum(1).numpy(), rtol=1e-5)
    assert (probs.item.argmax(1) == torch.arange(len(tiny_battery))).all()


def test_build_is_deterministic_and_cached(tiny_battery):
    kwargs = dict(backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(8,)),
                  training=TrainingConfig(augmentations=1, epochs=20), random_state=5, progress=False)
    a = build_patient(tiny_battery, cache=False, **kwargs)
    b = build_patient(tiny_battery, cache=False, **kwargs)
    assert a.parameter_hash() == b.parameter_hash()
    c = build_patient(tiny_battery, **kwargs)   # writes the cache
    d = build_patient(tiny_battery, **kwargs)   # reads it
    assert c.parameter_hash() == d.parameter_hash() == a.parameter_hash()
    other = build_patient(tiny_battery, cache=False, **dict(kwargs, random_state=6))
    assert other.parameter_hash() != a.parameter_hash()


def test_controls_differ_only_in_seed(tiny_battery):
    controls = build_controls(tiny_battery, n=3, random_state=2, backbone="tiny_cnn", backbone_weights=None,
                              hub=HubConfig(hidden=(8,)), training=TrainingConfig(augmentations=1, epochs=10),
                              progress=False)
    assert len({c.seed for c in controls}) == 3
    assert len({c.parameter_hash() for c in controls}) == 3
    again = build_controls(tiny_battery, n=3, random_state=2, backbone="tiny_cnn", backbone_weights=None,
                           hub=HubConfig(hidden=(8,)), training=TrainingConfig(augmentations=1, epochs=10),
                           progress=False)
    assert [c.parameter_hash() for c in controls] == [c.parameter_hash() for c in again]
    with pytest.raises(ValueError, match="'n' parameter of build_controls must be a positive int"):
        build_controls(tiny_battery, n=0)


def test_save_and_load_round_trip(tiny_patient, tmp_path):
    from cogsim.lesions import UnitAblation, WeightNoise

    damaged = tiny_patient.lesion(WeightNoise(0.5), random_state=3).lesion(UnitAblation(0.25), random_state=4)
    path = damaged.save(tmp_path / "p.pt")
    loaded = load_patient(path)
    assert loaded.parameter_hash() == damaged.parameter_hash()
    assert [type(l).__name__ for l, _ in loaded.lesions] == ["WeightNoise", "UnitAblation"]
    # plain torch.load with weights_only=True reads it: no code is unpickled
    torch.load(path, weights_only=True)


def test_load_rejects_other_files(tmp_path):
    bad = tmp_path / "x.pt"
    torch.save({"meta": "{}"}, bad)
    with pytest.raises(ValueError, match="is not a cogsim patient file"):
        load_patient(bad)
    with pytest.raises(ValueError, match="No patient file at"):
        load_patient(tmp_path / "none.pt")


@pytest.mark.parametrize("kwargs, message", [
    (dict(hidden=()), "'hidden' parameter of HubConfig must be a tuple of positive ints"),
    (dict(hidden=(0,)), "'hidden' parameter of HubConfig must be a tuple of positive ints"),
])
def test_hub_config_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        HubConfig(**kwargs)


def test_training_config_errors():
    with pytest.raises(ValueError, match="'epochs' parameter of TrainingConfig must be a non-negative int. Got -1"):
        TrainingConfig(epochs=-1)
    with pytest.raises(ValueError, match="'dropout' parameter of TrainingConfig must be a float in \\[0, 0.95\\]"):
        TrainingConfig(dropout=0.99)


def test_top_level_verbs():
    assert cogsim.build_patient is build_patient and cogsim.load_patient is load_patient


def test_fine_tuning_trains_the_last_stages_and_leaves_the_backbone(tiny_battery, tmp_path):
    from cogsim.lesions import UnitAblation
    from cogsim.patients import HubConfig, TrainingConfig, build_patient, load_patient

    training = TrainingConfig(augmentations=2, epochs=100, fine_tune=1, fine_tune_epochs=10,
                              fine_tune_learning_rate=1e-3)
    tuned = build_patient(tiny_battery, backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(16,)),
                          training=training, random_state=1, progress=False)
    backbone_before = {k: v.clone() for k, v in tuned.backbone.stages[2][1].state_dict().items()}
    assert tuned.tuned_stages == (2,) and tuned.is_premorbid
    changed = [not torch.equal(tuned.stage_overrides[2].state_dict()[k], backbone_before[k]) for k in backbone_before]
    assert any(changed)
    # the shared backbone object is untouched
    for k, v in tuned.backbone.stages[2][1].state_dict().items():
        assert torch.equal(v, backbone_before[k])
    probs = tuned.probabilities(tiny_battery)
    assert (probs.item.argmax(1) == torch.arange(len(tiny_battery))).float().mean() == 1.0
    # saved and loaded, intact or damaged, it is the same patient
    again = load_patient(tuned.save(tmp_path / "tuned.pt"))
    assert again.parameter_hash() == tuned.parameter_hash()
    damaged = tuned.lesion(UnitAblation(0.5, site="conv3"), random_state=2)
    assert load_patient(damaged.save(tmp_path / "d.pt")).parameter_hash() == damaged.parameter_hash()
    with pytest.raises(ValueError, match="more stages than backbone 'tiny_cnn' has"):
        build_patient(tiny_battery, backbone="tiny_cnn", backbone_weights=None,
                      training=TrainingConfig(augmentations=1, epochs=5, fine_tune=9), progress=False)


def _category_gap(patient, battery):
    """Mean cosine of hidden patterns of same-basic items minus that of items of different domains."""
    f = patient.features(battery)
    h = torch.relu(((f - patient.hub["hub.input.mean"]) / patient.hub["hub.input.std"])
                   @ patient.hub["hub.hidden1.weight"].T + patient.hub["hub.hidden1.bias"])
    h = torch.nn.functional.normalize(h, dim=1)
    cosine = (h @ h.T).numpy()
    basic, domain = np.array(patient.lexicon.basic), np.array(patient.lexicon.domain)
    same_basic = (basic[:, None] == basic[None, :]) & ~np.eye(len(basic), dtype=bool)
    other_domain = domain[:, None] != domain[None, :]
    return cosine[same_basic].mean() - cosine[other_domain].mean()


def test_names_at_every_level_group_the_hub_by_category(tiny_battery, tmp_path):
    kwargs = dict(backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(16,)), progress=False,
                  cache=False)
    for seed in (0, 1):
        plain = build_patient(tiny_battery, training=TrainingConfig(augmentations=2, epochs=200),
                              random_state=seed, **kwargs)
        levels = build_patient(tiny_battery, training=TrainingConfig(augmentations=2, epochs=200, basic_name_weight=3.0,
                                                                     domain_name_weight=3.0), random_state=seed, **kwargs)
        # the patient has a plain one's parameters plus the trained name heads (for readout="names")
        assert sorted(levels.hub) == sorted([*plain.hub, "hub.basic_names.weight", "hub.basic_names.bias",
                                             "hub.domain_names.weight", "hub.domain_names.bias"])
        assert (levels.probabilities(tiny_battery).item.argmax(1) == torch.arange(len(tiny_battery))).all()
        assert _category_gap(levels, tiny_battery) > _category_gap(plain, tiny_battery) + 0.1
    loaded = load_patient(levels.with_policy(naming="top_down", colour_fallback="guess").save(tmp_path / "l.pt"))
    assert loaded.training.basic_name_weight == 3.0 and loaded.training.domain_name_weight == 3.0
    assert loaded.policy.naming == "top_down" and loaded.policy.colour_fallback == "guess"
    assert loaded.parameter_hash() == levels.parameter_hash()
    with pytest.raises(ValueError, match="'basic_name_weight' parameter of TrainingConfig must be a float in \\[0, 100\\]"):
        TrainingConfig(basic_name_weight=-1.0)
