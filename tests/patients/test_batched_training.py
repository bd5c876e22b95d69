"""Hubs trained together are bit for bit the hubs trained alone.

The oracle is written here, independently of cogsim's trainer: the plain loop
that trains one hub (its own generator, ``h @ W.T + b`` layer by layer,
dropout, the name heads, full-batch Adam), as cogsim did before hubs were
batched.  The fast path must give exactly its parameters, for every seed, in
any grouping.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import torch
from torch import nn

from cogsim.patients import HubConfig, TrainingConfig, build_patient, build_patients
from cogsim.patients.lexicon import Lexicon
from cogsim.patients.training import level_targets, soft_targets, train_hub, train_hubs


def oracle(features, targets, lexicon, hidden, training, seed):
    """One hub, one plain loop: the reference computation."""
    g = torch.Generator().manual_seed(int(seed))

    def uniform(shape, bound):
        return ((torch.rand(*shape, generator=g) * 2 - 1) * bound).requires_grad_()

    mean, std = features.mean(0), features.std(0).clamp_min(1e-6)
    sizes = [features.shape[1], *hidden, len(lexicon.item_ids)]
    names = [f"hub.hidden{i + 1}" for i in range(len(hidden))] + ["hub.output"]
    params = {}
    for name, fan_in, fan_out in zip(names, sizes[:-1], sizes[1:]):
        params[f"{name}.weight"] = uniform((fan_out, fan_in), fan_in ** -0.5)
        params[f"{name}.bias"] = uniform((fan_out,), fan_in ** -0.5)
    levels = level_targets(lexicon, targets)
    heads = {}
    for level, weight in (("basic", training.basic_name_weight), ("domain", training.domain_name_weight)):
        if weight:
            n_out = int(levels[level].max()) + 1
            heads[level] = (weight, uniform((n_out, sizes[-2]), sizes[-2] ** -0.5),
                            torch.zeros(n_out, requires_grad=True))
    soft = soft_targets(lexicon, training)
    goal = targets if soft is None else soft[targets]
    tensors = list(params.values()) + [t for _, w, b in heads.values() for t in (w, b)]
    optimiser = torch.optim.Adam(tensors, lr=training.learning_rate, weight_decay=training.weight_decay)
    tiny = torch.finfo(torch.float32).tiny

    def flushed(logits):  # TrainingConfig(flush_subnormals=True): subnormal gradient entries become 0
        if training.flush_subnormals:
            logits.register_hook(lambda g: torch.where(g.abs() < tiny, torch.zeros(()), g))
        return logits

    for _ in range(training.epochs):
        optimiser.zero_grad()
        h = (features - mean) / std
        for name in names:
            h = h @ params[f"{name}.weight"].T + params[f"{name}.bias"]
            if name != "hub.output":
                h = torch.relu(h)
                if training.dropout:
                    h = h * (torch.rand(h.shape, generator=g) >= training.dropout).float() / (1 - training.dropout)
                hidden_out = h
        loss = nn.functional.cross_entropy(flushed(h), goal)
        for level, (weight, w, b) in heads.items():
            loss = loss + weight * nn.functional.cross_entropy(flushed(hidden_out @ w.T + b), levels[level])
        loss.backward()
        optimiser.step()
    out = {k: v.detach() for k, v in params.items()}
    for level, (_, w, b) in heads.items():
        out[f"hub.{level}_names.weight"], out[f"hub.{level}_names.bias"] = w.detach(), b.detach()
    return out, float(loss.detach())


@pytest.fixture(scope="module")
def problem(tiny_battery):
    g = torch.Generator().manual_seed(3)
    lexicon = Lexicon.from_battery(tiny_battery)
    n = len(lexicon.item_ids)
    features = torch.randn(5 * n, 96, generator=g) * 2 + 0.5
    targets = torch.arange(n).repeat(5)
    return features, targets, lexicon


def _same(a, b):
    (pa, la), (pb, lb) = a, b
    assert la == lb
    for key in pa:
        if key.startswith("hub.input"):
            continue
        assert torch.equal(pa[key], pb[key]), f"{key} differs by {float((pa[key] - pb[key]).abs().max()):.3g}"


@pytest.mark.parametrize("hidden, training", [
    ((32,), TrainingConfig(epochs=40, basic_name_weight=1.0, domain_name_weight=1.0)),
    ((24, 12), TrainingConfig(epochs=30, basic_smoothing=0.1, domain_smoothing=0.05, dropout=0.3)),
    ((16,), TrainingConfig(epochs=25, dropout=0.0, weight_decay=0.0)),
    ((32,), TrainingConfig(epochs=60, learning_rate=5e-2, basic_name_weight=1.0, domain_name_weight=1.0,
                           flush_subnormals=True)),
])
def test_hubs_trained_together_equal_the_oracle_bit_for_bit(problem, hidden, training):
    features, targets, lexicon = problem
    seeds = [5, 2**62 + 7, 0, 5, 91]  # a duplicate seed too
    together = train_hubs(features, targets, lexicon, HubConfig(hidden=hidden), training, seeds)
    assert len(together) == len(seeds)
    for seed, got in zip(seeds, together):
        _same(oracle(features, targets, lexicon, hidden, training, seed), got)
    # any grouping gives the same hubs, and one hub alone is the same hub
    _same(together[3], train_hub(features, targets, lexicon, HubConfig(hidden=hidden), training, 5))
    for got, again in zip(together, train_hubs(features, targets, lexicon, HubConfig(hidden=hidden), training, seeds,
                                               chunk=2)):
        _same(got, again)


def test_the_oracle_can_tell_hubs_apart(problem):
    """The equality above is not vacuous: another seed, or one more epoch, is another hub."""
    features, targets, lexicon = problem
    training = TrainingConfig(epochs=10)
    a, b = train_hubs(features, targets, lexicon, HubConfig(hidden=(16,)), training, [1, 2])
    longer = oracle(features, targets, lexicon, (16,), TrainingConfig(epochs=11), 1)
    with pytest.raises(AssertionError):
        _same(a, b)
    with pytest.raises(AssertionError):
        _same(a, longer)


SMALL = dict(backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(8,)),
             training=TrainingConfig(augmentations=1, epochs=20), progress=False)


def test_build_patients_gives_each_patient_as_built_alone(tiny_battery):
    alone = [build_patient(tiny_battery, random_state=s, cache=False, **SMALL) for s in (31, 32, 33)]
    cached = build_patient(tiny_battery, random_state=32, **SMALL)       # one of them already in the cache
    together = build_patients(tiny_battery, [31, 32, 33, 31], **SMALL)   # trains 31 and 33 together
    assert [p.seed for p in together] == [p.seed for p in alone + alone[:1]]
    assert [p.parameter_hash() for p in together] == [p.parameter_hash() for p in alone + alone[:1]]
    assert together[1].parameter_hash() == cached.parameter_hash()
    # build_patient finds what build_patients stored
    assert build_patient(tiny_battery, random_state=33, **SMALL).parameter_hash() == alone[2].parameter_hash()


def test_build_patients_trains_only_what_the_cache_lacks(tiny_battery, monkeypatch):
    from cogsim.patients import training

    first = build_patients(tiny_battery, [41, 42], **SMALL)
    groups = []
    original = training._train_together

    def spy(features, targets, lexicon, hub, training_config, seeds, weights, spoke, bar):
        groups.append(list(seeds))
        return original(features, targets, lexicon, hub, training_config, seeds, weights, spoke, bar)

    # (replacing train_hubs itself would change the cache key: the code that trains is part of it)
    monkeypatch.setattr(training, "_train_together", spy)
    again = build_patients(tiny_battery, [41, 43, 42, 44], **SMALL)
    new = [p.seed for p in again if p.seed not in {q.seed for q in first}]
    assert len(new) == 2 and groups == [new]
    assert [p.parameter_hash() for p in (again[0], again[2])] == [p.parameter_hash() for p in first]


def test_build_patients_refuses_a_single_random_state(tiny_battery):
    with pytest.raises(TypeError, match="random_states"):
        build_patients(tiny_battery, 3, **SMALL)


@pytest.mark.parametrize("hidden, scale", [((32,), 3.6), ((24, 12), 0.5)])
def test_output_scale_sets_the_intact_logit_scale_and_nothing_else(problem, hidden, scale):
    """TrainingConfig(output_scale=s): the oracle's hub with its output layer multiplied by s / (the oracle's own
    logit scale on the training pictures), the hidden layers and name heads bit for bit the oracle's, argmax names
    unchanged; batched, alone and in chunks alike."""
    from cogsim.patients.hub import forward
    from cogsim.patients.training import logit_scale

    features, targets, lexicon = problem
    plain = TrainingConfig(epochs=30, basic_name_weight=1.0, domain_name_weight=1.0)
    scaled = TrainingConfig(epochs=30, basic_name_weight=1.0, domain_name_weight=1.0, output_scale=scale)
    layers = [f"hub.hidden{i + 1}" for i in range(len(hidden))] + ["hub.output"]
    seeds = [4, 11]
    together = train_hubs(features, targets, lexicon, HubConfig(hidden=hidden), scaled, seeds)
    for seed, (params, loss) in zip(seeds, together):
        reference, reference_loss = oracle(features, targets, lexicon, hidden, plain, seed)
        assert loss == reference_loss  # the training itself is the oracle's
        reference.update({"hub.input.mean": features.mean(0), "hub.input.std": features.std(0).clamp_min(1e-6)})
        # by hand: the SD of the item logits across items, averaged over the pictures
        with torch.no_grad():
            h = (features - reference["hub.input.mean"]) / reference["hub.input.std"]
            for name in layers:
                h = h @ reference[f"{name}.weight"].T + reference[f"{name}.bias"]
                h = torch.relu(h) if name != "hub.output" else h
        factor = scale / float(h.std(1).mean())
        for key, value in reference.items():
            if key.startswith("hub.output."):
                assert torch.equal(params[key], value * factor), key
            elif not key.startswith("hub.input"):
                assert torch.equal(params[key], value), key
        assert logit_scale(params, features, layers) == pytest.approx(scale, rel=1e-5)
        with torch.no_grad():
            assert torch.equal(forward(params, features, layers).argmax(1), h.argmax(1))
    _same(together[1], train_hub(features, targets, lexicon, HubConfig(hidden=hidden), scaled, 11))
    for got, again in zip(together, train_hubs(features, targets, lexicon, HubConfig(hidden=hidden), scaled, seeds,
                                               chunk=1)):
        _same(got, again)


def test_output_scale_is_refused_where_it_cannot_be_measured():
    with pytest.raises(ValueError, match="output_scale"):
        TrainingConfig(output_scale=-1.0)
    with pytest.raises(ValueError, match="output_scale is not available with fine_tune"):
        TrainingConfig(output_scale=3.6, fine_tune=1)


def test_flushing_sets_exactly_the_subnormal_gradient_entries_to_zero():
    from cogsim.patients.training import TINY, _flush_subnormal

    g = torch.tensor([TINY, -TINY, TINY / 2, -TINY / 4, 1e-45, 0.0, 3.0, -1e-30])
    assert bool((g[2:5] != 0).all())  # subnormal, not zero, before
    assert _flush_subnormal(g).tolist() == [TINY, -TINY, 0.0, 0.0, 0.0, 0.0, 3.0, g[7].item()]


def test_flushing_acts_where_the_hubs_grow_confident(problem, monkeypatch):
    """The flag hooks every loss's logits, and these hubs (a high rate, many steps) do produce subnormal gradient
    entries for it to flush; the hubs it trains are the oracle's with the same flush (above)."""
    import cogsim.patients.training as training_module

    features, targets, lexicon = problem
    flushed, original = [], training_module._flush_subnormal

    def counting(grad):  # how many subnormal entries each hook call meets
        flushed.append(int(((grad != 0) & (grad.abs() < training_module.TINY)).sum()))
        return original(grad)

    monkeypatch.setattr(training_module, "_flush_subnormal", counting)
    config = TrainingConfig(epochs=60, learning_rate=5e-2, basic_name_weight=1.0, domain_name_weight=1.0,
                            flush_subnormals=True)
    train_hubs(features, targets, lexicon, HubConfig(hidden=(32,)), config, [1, 2])
    assert len(flushed) == 60 * (1 + 2 * 2)  # per step: the item logits of both hubs at once, two heads per hub
    assert sum(flushed) > 0
    flushed.clear()
    train_hubs(features, targets, lexicon, HubConfig(hidden=(32,)), replace(config, flush_subnormals=False), [1, 2])
    assert flushed == []


def test_flush_subnormals_must_be_a_bool():
    with pytest.raises(TypeError, match="flush_subnormals"):
        TrainingConfig(flush_subnormals="yes")
    assert TrainingConfig(flush_subnormals=True).flush_subnormals is True
