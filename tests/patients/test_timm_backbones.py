"""Backbones from timm (``backbone="timm:<model>"``): timm's own features, configuration and weights files.

No test touches the network: weights are files the tests write from a model
timm builds with random weights, and the Hugging Face cache points at an empty
temporary folder.
"""

from __future__ import annotations

import sys

import pytest
import torch

from cogsim.patients import backbones
from cogsim.patients.backbones import describe_backbones, get_backbone

import timm  # noqa: E402 - in the test extra (pip install -e ".[test]")

# One small model of each family cogsim splits into visual layers.
FAMILIES = {"resnet10t": ["stem", "layer1", "layer2", "layer3", "layer4", "head"],
            "mobilenetv3_small_050": None, "tf_efficientnet_lite0": None, "convnext_atto": None}


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    monkeypatch.setattr(backbones, "_LOADED", {})
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hf"))  # an empty Hugging Face cache
    return tmp_path


def _weights_file(name, folder, seed=7):
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = timm.create_model(name, pretrained=False).eval()
    path = folder / f"{name}.pth"
    torch.save(model.state_dict(), path)
    return model, path


@pytest.mark.parametrize("name", list(FAMILIES))
def test_timm_backbone_gives_timms_own_features_with_its_configuration(fresh, name):
    model, path = _weights_file(name, fresh)
    bb = get_backbone(f"timm:{name}", weights=path)
    cfg = timm.models.get_pretrained_cfg(name).to_dict()
    assert bb.name == f"timm:{name}" and bb.input_size == cfg["input_size"][-1]
    assert bb.mean == tuple(cfg["mean"]) and bb.std == tuple(cfg["std"])
    if FAMILIES[name]:
        assert bb.visual_layers == FAMILIES[name]
    assert bb.visual_layers[0] == "stem" and bb.visual_layers[-1] == "head"
    images = torch.rand(3, 3, bb.input_size, bb.input_size, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():  # the oracle: timm's forward on timm's normalisation
        x = (images - torch.tensor(cfg["mean"]).view(1, 3, 1, 1)) / torch.tensor(cfg["std"]).view(1, 3, 1, 1)
        expected = model.forward_head(model.forward_features(x), pre_logits=True)
    got = bb.features(images)
    assert got.shape == (3, bb.feature_dim)
    torch.testing.assert_close(got, expected, atol=1e-5, rtol=1e-4)
    other, other_path = _weights_file(name, fresh / "..", seed=8)
    assert get_backbone(f"timm:{name}", weights=other_path).weights_id != bb.weights_id


def test_a_patient_on_a_timm_backbone_can_be_damaged_in_its_visual_layers(fresh, tiny_battery):
    from cogsim.lesions import WeightNoise
    from cogsim.paradigms import PictureNaming
    from cogsim.patients import HubConfig, TrainingConfig, build_patient, load_patient

    _, path = _weights_file("resnet10t", fresh)
    patient = build_patient(tiny_battery, backbone="timm:resnet10t", backbone_weights=path,
                            hub=HubConfig(hidden=(16,)), training=TrainingConfig(augmentations=1, epochs=60),
                            progress=False, random_state=3)
    assert patient.backbone.name == "timm:resnet10t"
    damaged = patient.lesion(WeightNoise(severity=1.0, site="layer3"), random_state=0)
    assert damaged.parameter_hash() != patient.parameter_hash()
    naming = PictureNaming().run({"intact": patient, "damaged": damaged}, tiny_battery, random_state=0)
    assert set(naming["patient"]) == {"intact", "damaged"}
    saved = fresh / "patient.pt"
    patient.save(saved)
    assert load_patient(saved).parameter_hash() == patient.parameter_hash()


def test_pretrained_weights_missing_offline_give_the_clear_error(fresh, monkeypatch):
    calls = []
    monkeypatch.setattr(timm, "create_model", lambda *a, **k: calls.append(a))
    with pytest.raises(ValueError, match=r"Pretrained weights of 'timm:resnet10t' are not on this machine: "
                                         r"cogsim looked in the Hugging Face cache .*downloads are off"):
        get_backbone("timm:resnet10t")
    assert calls == []  # nothing built, nothing downloaded


def test_pretrained_weights_in_the_hugging_face_cache_are_used_offline(fresh):
    """A file where timm's download leaves it is found without any network call, and fingerprinted."""
    model, path = _weights_file("resnet10t", fresh)
    repo = timm.models.get_pretrained_cfg("resnet10t").to_dict()["hf_hub_id"]
    snapshot = fresh / "hf" / f"models--{repo.replace('/', '--')}" / "snapshots" / "abc123"
    snapshot.mkdir(parents=True)
    (fresh / "hf" / f"models--{repo.replace('/', '--')}" / "refs").mkdir()
    (fresh / "hf" / f"models--{repo.replace('/', '--')}" / "refs" / "main").write_text("abc123")
    (snapshot / "pytorch_model.bin").write_bytes(path.read_bytes())
    bb = get_backbone("timm:resnet10t")  # COGSIM_OFFLINE is set for the whole suite
    assert bb.weights_id == get_backbone("timm:resnet10t", weights=path).weights_id
    images = torch.rand(2, 3, bb.input_size, bb.input_size, generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        expected = model.forward_head(model.forward_features(bb.preprocess(images)), pre_logits=True)
    torch.testing.assert_close(bb.features(images), expected)


def test_a_failed_download_names_the_model_and_the_way_out(fresh, monkeypatch):
    monkeypatch.delenv("COGSIM_OFFLINE")

    def no_network(*args, **kwargs):
        raise OSError("Name or service not known")

    monkeypatch.setattr(timm, "create_model", no_network)
    with pytest.raises(ValueError, match=r"downloading them failed: OSError: Name or service not known\. .*"
                                         r"weights='path/to/model\.safetensors'"):
        get_backbone("timm:resnet10t")


def test_unknown_and_unsupported_timm_models_are_refused_clearly(fresh):
    with pytest.raises(ValueError, match="timm has no model 'resnet_nonexistent'"):
        get_backbone("timm:resnet_nonexistent", weights=None)
    with pytest.raises(ValueError, match=r"cannot yet split timm model 'vit_tiny_patch16_224' \(VisionTransformer\)"):
        get_backbone("timm:vit_tiny_patch16_224", weights=None)
    with pytest.raises(ValueError, match="Weights file for backbone 'timm:resnet10t' not found"):
        get_backbone("timm:resnet10t", weights=fresh / "missing.pth")


def test_without_timm_the_error_says_how_to_get_it(fresh, monkeypatch):
    monkeypatch.setitem(sys.modules, "timm", None)  # import timm now fails
    with pytest.raises(ValueError, match=r"need the timm library, which is not installed: pip install timm"):
        get_backbone("timm:resnet10t", weights=None)
    monkeypatch.setattr(backbones.timm_models.importlib.util, "find_spec", lambda name: None)
    row = {r["backbone"]: r for r in describe_backbones()}["timm:<model>"]
    assert row["weights"] == "timm not installed: pip install timm"
