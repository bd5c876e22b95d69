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
    monkeypatch.setattr(backbones, "_download", _fake_download(calls))
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
    monkeypatch.setattr(backbones, "_download", _fake_download(calls))
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
    monkeypatch.setattr(backbones, "_download", no_network)
    with pytest.raises(ValueError, match=r"downloading them failed: URLError: .*name resolution.*Copy the file "
                                         r"mobilenet_v3_small-.*\.pth there \(it is https://download"):
        get_backbone(NAME)


def test_the_backbones_command(capsys):
    from cogsim.cli import main

    assert main(["backbones"]) == 0
    out = capsys.readouterr().out
    assert "efficientnet_lite0" in out and "Apache-2.0" in out and "ImageNet mean/std" in out
    assert "COGSIM_OFFLINE" in out
