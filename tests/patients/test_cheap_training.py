"""Cheaper training (issue 26): the first layer learnt in principal directions, and PCG64 dropout masks."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from cogsim.patients import HubConfig, TrainingConfig
from cogsim.patients.hub import forward
from cogsim.patients.lexicon import Lexicon
from cogsim.patients.training import _mask_drawer, principal_components, train_hub, train_hubs


@pytest.fixture(scope="module")
def problem(tiny_battery):
    g = torch.Generator().manual_seed(4)
    lexicon = Lexicon.from_battery(tiny_battery)
    n = len(lexicon.item_ids)
    targets = torch.arange(n).repeat(6)
    prototypes = torch.randn(n, 40, generator=g) * 2 + 0.5  # pictures of one item resemble each other
    return prototypes[targets] + torch.randn(6 * n, 40, generator=g), targets, lexicon


def test_principal_components_span_the_leading_directions_with_fixed_signs():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(50, 12, generator=g) @ torch.randn(12, 12, generator=g)
    x = x - x.mean(0)
    c = principal_components(x, 4)
    assert c.shape == (4, 12)
    assert torch.allclose(c @ c.T, torch.eye(4), atol=1e-5)
    # the same subspace as numpy's eigenvectors of the covariance with the 4 largest eigenvalues
    values, vectors = np.linalg.eigh(np.cov(x.double().numpy().T))
    top = vectors[:, np.argsort(values)[::-1][:4]]
    assert np.allclose(np.abs(top.T @ c.double().numpy().T), np.eye(4), atol=1e-4)
    # the largest entry of each direction is positive, so a flipped input gives the same directions
    assert bool(torch.all(c.gather(1, c.abs().argmax(1, keepdim=True)) > 0))
    assert torch.allclose(principal_components(-x, 4), c, atol=1e-5)
    with pytest.raises(ValueError, match=r"input_components must be between 1 and min\(pictures, features\) = 12"):
        principal_components(x, 13)


def test_a_hub_trained_on_components_is_an_ordinary_full_width_hub(problem):
    features, targets, lexicon = problem
    training = TrainingConfig(epochs=80, input_components=7)
    params, _ = train_hub(features, targets, lexicon, HubConfig(hidden=(16,)), training, 3)
    weight = params["hub.hidden1.weight"]
    assert weight.shape == (16, 40)  # reads every feature
    assert int(torch.linalg.matrix_rank(weight)) == 7  # but learnt in 7 directions only
    x = (features - params["hub.input.mean"]) / params["hub.input.std"]
    c = principal_components(x, 7)
    assert torch.allclose(weight @ (torch.eye(40) - c.T @ c), torch.zeros(16, 40), atol=1e-5)
    full = train_hub(features, targets, lexicon, HubConfig(hidden=(16,)), TrainingConfig(epochs=80), 3)[0]
    assert int(torch.linalg.matrix_rank(full["hub.hidden1.weight"])) == 16
    # and it still learns the items
    assert float((forward(params, features, ["hub.hidden1", "hub.output"]).argmax(1) == targets).float().mean()) > 0.9


@pytest.mark.parametrize("training", [
    TrainingConfig(epochs=12, mask_generator="pcg64", basic_name_weight=1.0, domain_name_weight=1.0),
    TrainingConfig(epochs=12, mask_generator="pcg64", input_components=6, dropout=0.3),
    TrainingConfig(epochs=12, input_components=8),
])
def test_cheap_hubs_trained_together_equal_each_hub_trained_alone(problem, training):
    features, targets, lexicon = problem
    seeds = [7, 2**40 + 1, 7, 0]
    together = train_hubs(features, targets, lexicon, HubConfig(hidden=(16,)), training, seeds, chunk=3)
    for seed, (params, loss) in zip(seeds, together):
        alone, alone_loss = train_hub(features, targets, lexicon, HubConfig(hidden=(16,)), training, seed)
        assert loss == alone_loss
        assert all(torch.equal(params[k], alone[k]) for k in alone)
    a, b = together[0][0], together[1][0]
    assert not torch.equal(a["hub.output.weight"], b["hub.output.weight"])


def test_pcg64_masks_drop_the_asked_fraction_per_hub_and_differ_by_seed():
    training = TrainingConfig(dropout=0.25, mask_generator="pcg64")
    draw = _mask_drawer(training, [1, 2], None)
    masks = draw((200, 300))
    assert masks.shape == (2, 200, 300) and set(masks.unique().tolist()) == {0.0, 1.0}
    assert abs(float(1 - masks.mean()) - 0.25) < 0.01
    assert not torch.equal(masks[0], masks[1])
    assert torch.equal(_mask_drawer(training, [1], None)((200, 300))[0], masks[0])  # hub 1's own stream
    torch_masks = _mask_drawer(TrainingConfig(dropout=0.25), [1], [torch.Generator().manual_seed(1)])((200, 300))
    assert not torch.equal(torch_masks[0], masks[0])  # another generator


def test_cheap_training_options_are_checked():
    with pytest.raises(ValueError, match="mask_generator.*'torch' or 'pcg64'.*'mt'"):
        TrainingConfig(mask_generator="mt")
    with pytest.raises(ValueError, match="input_components"):
        TrainingConfig(input_components=-1)
    with pytest.raises(ValueError, match="input_components is not available with fine_tune"):
        TrainingConfig(input_components=8, fine_tune=1)
