"""Torchvision weights arrive as torchvision users expect (once, hash-checked, into torch's cache), never in
tests: a fake download stands in for the network."""

from __future__ import annotations

import pytest
import torch

from cogsim.patients import backbones
from cogsim.patients.backbones import describe_backbones, get_backbone

NAME = "mobilenet_v3_small"


@pytest.fixture
def torch_home(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    monkeypatch.setattr(backbones, "_LOADED", {})
    return tmp_path


def _fake_download(calls):
    def download(url, path, progress):
        from torchvision.models import get_model

        calls.append((url, path))
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(0)
            torch.save(get_model(NAME, weights=None).state_dict(), path)

    return download


def test_missing_weights_are_downloaded_once_into_torchs_cache(torch_home, monkeypatch):
    calls = []
    monkeypatch.delenv("COGSIM_OFFLINE")
    monkeypatch.setattr(backbones.downloads, "download", _fake_download(calls))
    bb = get_backbone(NAME)
    [(url, path)] = calls
    assert url.startswith("https://download.pytorch.org/models/mobilenet_v3_small-")
    assert path == torch_home / "hub" / "checkpoints" / url.rsplit("/", 1)[1] and path.is_file()
    assert bb.weights_id.startswith("sha256:") and bb.feature_dim == 576
    monkeypatch.setattr(backbones, "_LOADED", {})
    assert get_backbone(NAME).weights_id == bb.weights_id and len(calls) == 1       # from the cache, not again
    row = {r["backbone"]: r for r in describe_backbones()}[NAME]
    assert row["weights"].startswith("on this machine")


def test_offline_gives_the_clear_error_and_never_downloads(torch_home, monkeypatch):
    calls = []
    monkeypatch.setattr(backbones.downloads, "download", _fake_download(calls))
    with pytest.raises(ValueError, match=r"not on this machine: cogsim looked for '.*mobilenet_v3_small-.*\.pth' "
                                         r"\(torch's cache, set by \$TORCH_HOME\), and downloads are off"):
        get_backbone(NAME)
    monkeypatch.delenv("COGSIM_OFFLINE")
    with pytest.raises(ValueError, match="downloads are off"):
        get_backbone(NAME, download=False)
    assert calls == []
    row = {r["backbone"]: r for r in describe_backbones()}[NAME]
    assert row["weights"] == "downloaded on first use"


def test_a_failed_download_says_which_file_and_where(torch_home, monkeypatch):
    from urllib.error import URLError

    def no_network(url, path, progress):
        raise URLError("Temporary failure in name resolution")

    monkeypatch.delenv("COGSIM_OFFLINE")
    monkeypatch.setattr(backbones.downloads, "download", no_network)
    with pytest.raises(ValueError, match=r"downloading them failed: URLError: .*name resolution.*Copy the file "
                                         r"mobilenet_v3_small-.*\.pth there \(it is https://download"):
        get_backbone(NAME)


def test_the_backbones_command(capsys):
    from cogsim.cli import main

    assert main(["backbones"]) == 0
    out = capsys.readouterr().out
    assert "efficientnet_lite0" in out and "Apache-2.0" in out and "ImageNet mean/std" in out
    assert "COGSIM_OFFLINE" in out


def test_register_backbone_makes_a_users_cnn_a_first_class_backbone(tiny_battery, monkeypatch):
    """A registered family is listed, built by name (by build_patient too) and described; unknown names list it."""
    from cogsim.patients import TrainingConfig, build_patient
    from cogsim.patients.backbones import _BACKBONES, list_backbones, register_backbone

    snapshot = _BACKBONES.snapshot()
    monkeypatch.setattr(backbones, "_LOADED", {})
    try:
        @register_backbone("shallow_cnn", describe=lambda: {"weights": "random", "licence": "mine", "input": 32,
                                                             "normalisation": "mean 0.5, std 0.5"})
        def shallow(weights, random_state, download=None):
            tiny = get_backbone("tiny_cnn", weights=None, random_state=random_state)
            return backbones.Backbone("shallow_cnn", tiny.stages[:2] + [("pool", backbones.Seq(
                torch.nn.AdaptiveAvgPool2d(1), backbones.Flatten()))], 16, 32, tiny.mean, tiny.std,
                tiny.weights_id, "16-d pooled conv2")

        assert "shallow_cnn" in list_backbones()
        assert get_backbone("shallow_cnn", weights=None).visual_layers == ["conv1", "conv2", "pool"]
        row = {r["backbone"]: r for r in describe_backbones()}["shallow_cnn"]
        assert row["licence"] == "mine"
        patient = build_patient(tiny_battery, backbone="shallow_cnn", backbone_weights=None, progress=False,
                                cache=False, training=TrainingConfig(epochs=5))
        assert patient.backbone.name == "shallow_cnn"
        register_backbone("broken_cnn", lambda w, r, d=None: "not a backbone")
        with pytest.raises(TypeError, match="returned str, not a cogsim Backbone"):
            get_backbone("broken_cnn", weights=None)
        with pytest.raises(ValueError, match="A backbone named 'shallow_cnn' is already registered"):
            register_backbone("shallow_cnn", shallow)
    finally:
        _BACKBONES.restore(snapshot)
    with pytest.raises(ValueError, match="Invalid value for 'backbone'"):
        get_backbone("shallow_cnn")
