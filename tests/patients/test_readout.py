"""The ``names`` readout: category beliefs from the hub's trained name heads, damaged with the hub."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from cogsim.lesions import UnitAblation
from cogsim.paradigms import CategoryVerification, PictureNaming


@pytest.fixture(scope="module")
def levelled(tiny_battery):
    from cogsim.patients import HubConfig, TrainingConfig, build_patient

    return build_patient(tiny_battery, backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(16,)),
                         training=TrainingConfig(augmentations=2, epochs=200, basic_name_weight=1.0,
                                                 domain_name_weight=1.0), random_state=1, progress=False)


def _names(patient):
    return patient.with_policy(replace(patient.policy, readout="names"))


def _oracle(patient, battery, level):
    """softmax(head(relu(W1 · standardised features + b1))) written out by hand, damage by unit masks only."""
    hub = patient.hub
    x = (patient.features(battery) - hub["hub.input.mean"]) / hub["hub.input.std"]
    h = torch.relu(x @ hub["hub.hidden1.weight"].T + hub["hub.hidden1.bias"])
    mask = patient.unit_masks.get("hub.hidden1")
    if mask is not None:
        h = h * (~mask).float()
    z = h @ hub[f"hub.{level}_names.weight"].T + hub[f"hub.{level}_names.bias"]
    return torch.softmax(z, -1)


def test_heads_are_kept_and_saved(levelled, tmp_path):
    from cogsim.patients import load_patient

    assert levelled.hub["hub.basic_names.weight"].shape == (len(levelled.lexicon.basics), 16)
    assert levelled.hub["hub.domain_names.bias"].shape == (len(levelled.lexicon.domains),)
    loaded = load_patient(levelled.save(tmp_path / "p.pt"))
    for key in ("hub.basic_names.weight", "hub.domain_names.bias"):
        assert torch.equal(loaded.hub[key], levelled.hub[key])


def test_names_readout_equals_the_heads_computed_by_hand(levelled, tiny_battery):
    patient = _names(levelled)
    probs = patient.probabilities(tiny_battery, random_state=0)
    for level in ("basic", "domain"):
        torch.testing.assert_close(getattr(probs, level), _oracle(patient, tiny_battery, level), rtol=1e-5, atol=1e-6)
    items = levelled.probabilities(tiny_battery, random_state=0)
    torch.testing.assert_close(probs.item, items.item)  # item beliefs do not depend on the readout
    torch.testing.assert_close(items.basic, items.item @ levelled.lexicon.membership("basic"))


def test_hub_damage_damages_the_names(levelled, tiny_battery):
    damaged = _names(levelled.lesion(UnitAblation(0.5), random_state=0))
    assert damaged.unit_masks["hub.hidden1"].sum() == 8
    torch.testing.assert_close(damaged.probabilities(tiny_battery, random_state=0).domain,
                               _oracle(damaged, tiny_battery, "domain"), rtol=1e-5, atol=1e-6)
    silent = _names(levelled.lesion(UnitAblation(1.0), random_state=0))
    domain = silent.probabilities(tiny_battery, random_state=0).domain
    expected = torch.softmax(levelled.hub["hub.domain_names.bias"], -1)
    torch.testing.assert_close(domain, expected.expand_as(domain))  # no hub left: only the heads' biases


def test_paradigms_use_the_readout(levelled, tiny_battery):
    """Verification's score is the label's probability: with readout names, the head's."""
    patient = _names(levelled)
    trials = CategoryVerification(levels=("domain",)).run(patient, tiny_battery, random_state=0)
    expected = _oracle(patient, tiny_battery, "domain").numpy()
    domains = sorted(tiny_battery.domains)
    rows = [tiny_battery.item_ids.index(i) for i in trials["item"]]
    label = [domains.index(t) for t in trials["target"]]
    np.testing.assert_allclose(trials["score"].to_numpy(), expected[rows, label], rtol=1e-5)
    # A cohort mixing readouts answers each patient with its own.
    both = PictureNaming().run({"items": levelled, "names": patient}, tiny_battery, random_state=0)
    alone = PictureNaming().run(levelled, tiny_battery, random_state=0)
    assert both[both["patient"] == "items"]["response"].tolist() == alone["response"].tolist()


def test_names_readout_needs_heads(tiny_patient, tiny_battery):
    from cogsim.patients import ResponsePolicy

    with pytest.raises(ValueError, match="has none for basic and domain: build the patient with names at every level"):
        _names(tiny_patient).probabilities(tiny_battery, random_state=0)
    with pytest.raises(ValueError, match="Invalid value for 'readout'"):
        ResponsePolicy(readout="heads")
