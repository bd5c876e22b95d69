"""cogsim.explain: class activation maps checked against independent computations."""

from __future__ import annotations

import sys

import numpy as np
import pytest
import torch
from torch import nn

from cogsim.explain import _cam, _library_cam, _Recorder, _scaled, explain, map_agreement, plot_explanations
from cogsim.lesions import UnitAblation, WeightNoise


class LinearHeadNet(nn.Module):
    """conv -> ReLU -> global average pooling -> linear: the network CAM was defined for."""

    def __init__(self):
        super().__init__()
        g = torch.Generator().manual_seed(0)
        self.conv = nn.Conv2d(3, 6, 3, padding=1)
        self.fc = nn.Linear(6, 4)
        with torch.no_grad():
            for p in self.parameters():
                p.copy_(torch.randn(p.shape, generator=g))
        self.recorder = _Recorder()
        self.target_layer = self.recorder

    def forward(self, x):
        return self.fc(self.recorder(torch.relu(self.conv(x))).mean(dim=(-2, -1)))


@pytest.mark.parametrize("method", ["cam", "gradcam"])
def test_maps_of_a_linear_head_are_its_weighted_feature_maps(method):
    net = LinearHeadNet()
    x = torch.rand(1, 3, 12, 12, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        features = torch.relu(net.conv(x))[0]                              # (6, 12, 12)
    for c in range(4):
        oracle = np.maximum(torch.einsum("k,khw->hw", net.fc.weight[c].detach(), features).numpy(), 0)
        oracle = oracle - oracle.min()
        oracle = oracle / (1e-7 + oracle.max())  # (all zeros when no location supports the class)
        oracle = oracle / (1e-7 + oracle.max())  # (the library scales again after resizing: a no-op here)
        score = (lambda z, c=c: z[..., c])
        x_in = x.clone().requires_grad_(True)
        if method == "cam":
            got = _scaled(_cam(_Wrapped(net), x_in, [score])[0], 12)  # 12 x 12 maps: no resizing
        else:
            got = _library_cam(_Wrapped(net), x_in, [score], "gradcam")[0]
        np.testing.assert_allclose(got, oracle, atol=1e-5)


class _Wrapped(nn.Module):
    """The test network with the attributes cogsim.explain reads (recorder, target_layer)."""

    def __init__(self, net):
        super().__init__()
        self.net, self.recorder, self.target_layer = net, net.recorder, net.target_layer

    def forward(self, x):
        if torch.is_grad_enabled() and not x.requires_grad:
            x = x.detach().requires_grad_(True)
        return self.net(x)


def test_patient_maps_equal_an_independent_grad_cam_through_the_hub(tiny_patient, tiny_battery):
    """Through the patient: CAM (by hand) and Grad-CAM (the library) equal a map computed here step by step."""
    items = ["robin", "apple", "saw"]
    bb = tiny_patient.backbone
    cam = explain(tiny_patient, tiny_battery, items, method="cam")
    grad = explain(tiny_patient, tiny_battery, items, method="gradcam")
    for k, item in enumerate(items):
        x = bb.preprocess(tiny_battery.tensor(item, size=bb.input_size)[None])
        conv1, conv2, conv3 = (stage for _, stage in bb.stages)
        with torch.no_grad():
            h = conv2(conv1(x))
        maps = torch.relu(conv3[0](h)).detach().requires_grad_(True)           # conv3 before pooling
        logits = tiny_patient.hub_logits(maps.mean(dim=(-2, -1)), memo=False)
        target = tiny_patient.lexicon.item_ids.index(item)
        gradient, = torch.autograd.grad(logits[0, target], maps)
        oracle = torch.relu((gradient.mean(dim=(-2, -1))[0][:, None, None] * maps[0].detach()).sum(0)).numpy()
        expected = _scaled(oracle, bb.input_size)
        np.testing.assert_allclose(cam.maps[k], expected, atol=1e-4)
        np.testing.assert_allclose(grad.maps[k], expected, atol=1e-4)


def test_the_explained_model_is_the_patient_damage_included(tiny_patient, tiny_battery):
    damaged = tiny_patient.lesion(UnitAblation(severity=0.5, site="hub"), random_state=0)
    for patient in (tiny_patient, damaged):
        ex = explain(patient, tiny_battery, method="cam")
        probs = patient.probabilities(tiny_battery).item.numpy()
        ids = patient.lexicon.item_ids
        rows = [tiny_battery.item_ids.index(i) for i in ex.frame["item_id"]]
        np.testing.assert_allclose(ex.frame["target_probability"], probs[rows, [ids.index(t) for t in ex.frame["target"]]],
                                   rtol=1e-5)
        assert list(ex.frame["answer"]) == [ids[k] for k in probs[rows].argmax(1)]


def test_run_time_noise_is_the_patients_own_for_the_same_random_state(tiny_patient, tiny_battery):
    """Visual and hub activation noise: explain's forward pass draws what the patient draws."""
    from cogsim.lesions import ActivationNoise

    for site in ("conv2", "hub"):
        noisy = tiny_patient.lesion(ActivationNoise(severity=0.8, site=site), random_state=4)
        ex = explain(noisy, tiny_battery, method="cam", random_state=9)
        probs = noisy.probabilities(tiny_battery, random_state=9).item.numpy()
        ids = noisy.lexicon.item_ids
        np.testing.assert_allclose(ex.frame["target_probability"],
                                   probs[np.arange(len(ids)), [ids.index(t) for t in ex.frame["target"]]], rtol=1e-4)
        other = explain(noisy, tiny_battery, method="cam", random_state=10)
        assert not np.allclose(ex.frame["target_probability"], other.frame["target_probability"])


def test_hub_damage_leaves_the_map_visual_damage_moves_it(tiny_patient, tiny_battery):
    intact = explain(tiny_patient, tiny_battery)
    hub = explain(tiny_patient.lesion(UnitAblation(severity=0.5, site="hub"), random_state=0), tiny_battery)
    visual = explain(tiny_patient.lesion(WeightNoise(severity=1.0, site="conv3"), random_state=0), tiny_battery)
    same, moved = map_agreement(intact, hub), map_agreement(intact, visual)
    assert np.allclose(map_agreement(intact, intact), 1.0)
    assert same.mean() > 0.6 and moved.mean() < same.mean() - 0.3, (same.mean(), moved.mean())


def test_targets_levels_and_errors(tiny_patient, tiny_battery):
    ex = explain(tiny_patient, tiny_battery, ["robin", "crow"], target="bird", method="cam")
    assert list(ex.frame["target_level"]) == ["basic", "basic"]
    probs = tiny_patient.probabilities(tiny_battery)
    bird = tiny_patient.lexicon.basics.index("bird")
    np.testing.assert_allclose(ex.frame["target_probability"], probs.basic[[0, 1], bird].numpy(), rtol=1e-5)
    answer = explain(tiny_patient, tiny_battery, ["cod"], target="answer", method="cam")
    assert answer.frame.loc[0, "target"] == answer.frame.loc[0, "answer"]
    with pytest.raises(ValueError, match="Unknown target 'whale'.*basic categories bird, fish"):
        explain(tiny_patient, tiny_battery, ["cod"], target="whale")
    with pytest.raises(ValueError, match="Unknown item"):
        explain(tiny_patient, tiny_battery, ["whale"])
    with pytest.raises(ValueError, match="'method'"):
        explain(tiny_patient, tiny_battery, ["cod"], method="lime")


def test_without_the_library_grad_cam_says_how_and_cam_still_works(tiny_patient, tiny_battery, monkeypatch):
    monkeypatch.setitem(sys.modules, "pytorch_grad_cam", None)
    monkeypatch.setitem(sys.modules, "pytorch_grad_cam.utils.image", None)
    with pytest.raises(ValueError, match=r"pip install grad-cam"):
        explain(tiny_patient, tiny_battery, ["cod"], method="gradcam")
    ex = explain(tiny_patient, tiny_battery, ["cod"], method="cam")
    assert ex.maps.shape == (1, 32, 32) and 0 <= ex.maps.min() and ex.maps.max() <= 1


def test_plot_explanations_draws_one_panel_per_picture_and_row(tiny_patient, tiny_battery):
    rows = [explain(tiny_patient, tiny_battery, ["robin", "saw"], method="cam") for _ in range(2)]
    fig = plot_explanations(rows, labels=["a", "b"], language="ja", lexicon_names={"robin": "コマドリ"})
    assert len(fig.axes) == 4
    assert fig.axes[0].get_title().startswith("答え: コマドリ")


def test_plot_explanations_draws_into_given_axes_and_returns_them(tiny_patient, tiny_battery):
    from matplotlib.figure import Figure

    rows = [explain(tiny_patient, tiny_battery, ["robin", "saw"], method="cam")]
    fig = Figure()
    axes = fig.subplots(1, 2)
    assert plot_explanations(rows, ax=axes) is axes
    assert axes[1].get_title().startswith("answer: ")
    with pytest.raises(ValueError, match=r"draws 1 row\(s\) x 2 picture\(s\) = 2 panels; the 'ax' parameter holds "
                                         r"1 Axes"):
        plot_explanations(rows, ax=axes[0])
    with pytest.warns(FutureWarning, match="'names' parameter is now called 'language'"):
        plot_explanations(rows, names="ja")
