"""HubConfig(settling="domain"): a state the hub no longer recognises falls into its domain's attractor
(issue 26)."""

from dataclasses import replace

import numpy as np
import pytest
import torch

from cogsim.lesions import Pruning
from cogsim.patients import HubConfig, TrainingConfig, build_patient, load_patient
from cogsim.patients.features import picture_features
from cogsim.patients.hub import forward, settled
from tests.conftest import rewrite_manifest

TRAINING = TrainingConfig(epochs=8, augmentations=2, attribute_weight=1.0, name_spoke=True)
HUB = HubConfig(hidden=(12,), homeostasis=True)


@pytest.fixture(scope="module")
def pair(contract):
    """The same trained weights, without and with the attractor (settling does not change training)."""
    plain = build_patient(contract, hub=HUB, backbone="tiny_cnn", backbone_weights=None, training=TRAINING,
                          random_state=4, progress=False)
    return plain, replace(plain, hub_config=replace(HUB, settling="domain", settling_gate=1.5))


def _hidden(patient, battery, **kw):
    return patient.logits(battery, random_state=0, heads=True, **kw)[1]["hidden"].double().numpy()


def _oracle(params, hidden, prototypes, membership, gate):
    """numpy: the hub's item belief, its most probable domain, and the move toward that domain's prototype."""
    logits = hidden @ params["hub.output.weight"].double().numpy().T + params["hub.output.bias"].double().numpy()
    p = np.exp(logits - logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    basin = (p @ membership).argmax(1)
    lam = (1 - p.max(1)) ** gate
    return hidden + lam[:, None] * (prototypes[basin] - hidden)


def test_settled_matches_a_numpy_oracle_and_keeps_a_recognised_state():
    rng = np.random.default_rng(0)
    params = {"hub.output.weight": torch.from_numpy(rng.normal(size=(6, 5))),
              "hub.output.bias": torch.from_numpy(rng.normal(size=6))}
    membership = np.repeat(np.eye(2), 3, axis=0)  # items 0-2 in domain 0, 3-5 in domain 1
    prototypes = rng.normal(size=(2, 5))
    hidden = rng.normal(size=(7, 5))
    got = settled(params, torch.from_numpy(hidden), torch.from_numpy(prototypes), torch.from_numpy(membership), 2.0)
    want = _oracle(params, hidden, prototypes, membership, 2.0)
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-10)
    assert not np.allclose(want, hidden)  # the oracle moves these states: the test can fail
    # a state the output layer is certain of does not move; a state it cannot tell apart moves most of the way
    sure = {"hub.output.weight": torch.eye(6, 5, dtype=torch.float64) * 200,
            "hub.output.bias": torch.zeros(6, dtype=torch.float64)}
    h = torch.zeros(1, 5, dtype=torch.float64)
    h[0, 1] = 1.0
    np.testing.assert_allclose(settled(sure, h, torch.from_numpy(prototypes), torch.from_numpy(membership), 1.0),
                               h, atol=1e-12)
    blank = torch.zeros(1, 5, dtype=torch.float64)  # every item equally likely: lam = 5/6, basin = domain 0 (tie)
    np.testing.assert_allclose(settled(sure, blank, torch.from_numpy(prototypes), torch.from_numpy(membership), 1.0),
                               5 / 6 * prototypes[:1], rtol=1e-10)


def test_prototypes_are_each_domains_mean_intact_state_and_every_path_settles(pair, contract):
    plain, settling = pair
    prototypes, membership, gate = settling.settling(contract)
    assert gate == 1.5 and plain.settling(contract) is None
    states = forward(plain.hub, picture_features(plain.backbone, contract, None), plain.hub_config.layers,
                     stop=-1).double().numpy()
    domains = np.array(contract.items["domain"])
    for k, name in enumerate(settling.lexicon.domains):
        np.testing.assert_allclose(prototypes[k].double().numpy(), states[domains == name].mean(0), rtol=1e-5)
    for patient in (plain, plain.lesion(Pruning(0.6), random_state=3)):  # intact and damaged, pictures and names
        moved = replace(patient, hub_config=settling.hub_config)
        np.testing.assert_allclose(_hidden(moved, contract),
                                   _oracle(patient.hub, _hidden(patient, contract), prototypes.double().numpy(),
                                           membership.double().numpy(), 1.5), rtol=1e-4, atol=1e-5)
        heard_raw = patient.heard(battery=contract, random_state=0)[1]["hidden"].double().numpy()
        heard = moved.heard(battery=contract, random_state=0)[1]["hidden"].double().numpy()
        np.testing.assert_allclose(heard, _oracle(patient.hub, heard_raw, prototypes.double().numpy(),
                                                  membership.double().numpy(), 1.5), rtol=1e-4, atol=1e-5)
    damaged = replace(plain.lesion(Pruning(0.6), random_state=3), hub_config=settling.hub_config)
    assert not np.allclose(_hidden(damaged, contract), _hidden(plain.lesion(Pruning(0.6), random_state=3), contract))


def test_settling_needs_the_battery_it_learnt_and_is_saved(pair, contract, tmp_path):
    _, settling = pair
    with pytest.raises(ValueError, match=r"settling='domain'.*pass the battery"):
        settling.hub_logits(picture_features(settling.backbone, contract, None), random_state=0)
    with pytest.raises(ValueError, match=r"pass the battery"):
        settling.heard(random_state=0)
    one = contract.subset([i for i, d in zip(contract.item_ids, contract.items["domain"]) if d == contract.domains[0]])
    with pytest.raises(ValueError, match=r"has no pictures of domain"):
        settling.settling(one)
    damaged = settling.lesion(Pruning(0.4), random_state=1)
    damaged.save(tmp_path / "p.pt")
    again = load_patient(tmp_path / "p.pt")
    assert again.hub_config == damaged.hub_config and again.hub_config.settling == "domain"
    assert torch.equal(again.logits(contract, random_state=0), damaged.logits(contract, random_state=0))


@pytest.mark.parametrize("bad, error, match", [
    (dict(settling="item"), ValueError, "Invalid value for 'settling'"),
    (dict(settling_gate=0), ValueError, "must be above 0"),
    (dict(settling_gate=-1.0), ValueError, "'settling_gate' parameter of HubConfig"),
    (dict(settling_gate="2"), TypeError, "'settling_gate' parameter of HubConfig"),
    (dict(settling_prototype="median"), ValueError, "Invalid value for 'settling_prototype'"),
])
def test_hub_config_refuses_a_bad_attractor(bad, error, match):
    with pytest.raises(error, match=match):
        HubConfig(**bad)


def test_with_domain_attributes_only_the_semantic_spoke_reads_the_settled_state(pair, contract):
    """settling='domain_attributes': names, hidden state (matching) and heard names are the unsettled hub's;
    the attributes are the spoke's output at the settled state."""
    from cogsim.patients.hub import attribute_logits

    plain, _ = pair
    damaged = plain.lesion(Pruning(0.6), random_state=3)
    drawing = replace(damaged, hub_config=replace(HUB, settling="domain_attributes", settling_gate=1.5))
    prototypes, membership, _ = drawing.settling(contract)
    logits, heads = damaged.logits(contract, random_state=0, heads=True)
    logits_d, heads_d = drawing.logits(contract, random_state=0, heads=True)
    assert torch.equal(logits, logits_d) and torch.equal(heads["hidden"], heads_d["hidden"])
    want = attribute_logits(damaged.hub, torch.from_numpy(_oracle(
        damaged.hub, heads["hidden"].double().numpy(), prototypes.double().numpy(), membership.double().numpy(),
        1.5)).float())
    np.testing.assert_allclose(heads_d["attributes"].numpy(), want.numpy(), rtol=1e-4, atol=1e-4)
    assert not np.allclose(heads_d["attributes"].numpy(), heads["attributes"].numpy(), atol=1e-3)
    heard, heard_d = damaged.heard(battery=contract, random_state=0), drawing.heard(battery=contract, random_state=0)
    assert torch.equal(heard[0], heard_d[0]) and not torch.equal(heard[1]["attributes"], heard_d[1]["attributes"])


def test_a_familiar_prototype_is_the_frequency_weighted_mean_intact_state(pair, contract, tmp_path):
    """settling_prototype='familiar': each domain's prototype weighs its members by 10 ** freq_en."""
    import shutil

    from cogsim.stimuli import load_battery

    plain, settling = pair
    familiar = replace(settling, hub_config=replace(settling.hub_config, settling_prototype="familiar"))
    with pytest.raises(ValueError, match=r"freq_en"):  # the contract battery has no frequencies
        familiar.settling(contract)
    folder = tmp_path / "with_freq"
    shutil.copytree(contract.root, folder)
    zipf = np.linspace(2.0, 6.0, len(contract))[::-1]  # unequal within every domain
    rewrite_manifest(folder, lambda rows: [{**r, "freq_en": f"{z:.3f}"} for r, z in zip(rows, zipf)])
    battery = load_battery(folder)
    prototypes, membership, gate = familiar.settling(battery)
    mean_prototypes = settling.settling(battery)[0]
    states = forward(plain.hub, picture_features(plain.backbone, battery, None), plain.hub_config.layers,
                     stop=-1).double().numpy()
    domains = np.array(battery.items["domain"])
    weights = 10.0 ** np.round(zipf, 3)
    for k, name in enumerate(familiar.lexicon.domains):
        own = domains == name
        want = (states[own] * weights[own, None]).sum(0) / weights[own].sum()
        np.testing.assert_allclose(prototypes[k].double().numpy(), want, rtol=1e-5, atol=1e-6)
    assert not np.allclose(prototypes.numpy(), mean_prototypes.numpy(), atol=1e-4)  # the weighting matters here
    damaged = familiar.lesion(Pruning(0.6), random_state=3)
    np.testing.assert_allclose(_hidden(damaged, battery), _oracle(
        damaged.hub, _hidden(replace(damaged, hub_config=HUB), battery), prototypes.double().numpy(),
        membership.double().numpy(), gate), rtol=1e-4, atol=1e-5)
    damaged.save(tmp_path / "f.pt")
    assert load_patient(tmp_path / "f.pt").hub_config.settling_prototype == "familiar"
