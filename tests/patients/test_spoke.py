"""The semantic spoke (issue 26): a hub that learns the items' coded attributes, read by delayed copy."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from cogsim.checks import contract_battery
from cogsim.lesions import UnitAblation, make_cohort
from cogsim.paradigms import get_paradigm
from cogsim.patients import HubConfig, TrainingConfig, build_patient, load_patient
from cogsim.patients.hub import ATTRIBUTE_HEAD, has_attribute_spoke
from cogsim.stimuli.norms import attribute_matrix

TINY = dict(backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(16,)), random_state=1,
            progress=False, cache=False)


@pytest.fixture(scope="module")
def spoked():
    return build_patient(contract_battery(), training=TrainingConfig(augmentations=2, epochs=300,
                                                                     attribute_weight=1.0), **TINY)


def test_the_spoke_learns_each_items_attributes(spoked):
    battery = contract_battery()
    assert has_attribute_spoke(spoked.hub)
    attrs = attribute_matrix(battery.items).loc[list(spoked.lexicon.item_ids)]
    assert spoked.hub[f"{ATTRIBUTE_HEAD}.weight"].shape == (attrs.shape[1], 16)
    _, heads = spoked.logits(battery, random_state=0, heads=True)
    learnt = torch.sigmoid(heads["attributes"]).numpy() >= 0.5
    assert (learnt == attrs.to_numpy().astype(bool)).mean() >= 0.95


def test_without_a_weight_there_is_no_spoke_and_the_hub_is_the_v1_hub():
    plain = build_patient(contract_battery(), training=TrainingConfig(augmentations=2, epochs=30), **TINY)
    zero = build_patient(contract_battery(), training=TrainingConfig(augmentations=2, epochs=30,
                                                                      attribute_weight=0.0), **TINY)
    assert not has_attribute_spoke(plain.hub)
    assert plain.parameter_hash() == zero.parameter_hash()


def test_delayed_copy_draws_what_the_damaged_spoke_outputs(spoked):
    """Intact, the drawings are right; as units are lost, shared attributes outlast the rest, as the spoke's
    output falls back toward what most items have."""
    battery = contract_battery()
    cohort = make_cohort(spoked, UnitAblation(0.0), severities=[0.0, 0.95], n_patients=1, random_state=1)
    drawings = get_paradigm("delayed_copy").run(cohort, battery, random_state=0)
    intact = drawings[drawings["severity"] == 0]
    assert intact["correct"].mean() >= 0.95
    severe = drawings[drawings["severity"] == 0.95]
    assert severe["correct"].mean() < intact["correct"].mean()
    # the paradigm's score is the spoke's output for that attribute of that picture
    assert set(np.unique(severe["drawn"])) <= {0, 1}
    assert ((severe["score"] >= 0.5) == (severe["drawn"] == 1)).all()


def test_the_spoke_is_saved_and_loaded(spoked, tmp_path):
    loaded = load_patient(spoked.save(tmp_path / "spoked.pt"))
    assert has_attribute_spoke(loaded.hub) and loaded.parameter_hash() == spoked.parameter_hash()


def test_a_battery_without_attributes_is_refused_for_the_spoke(tiny_battery):
    with pytest.raises(ValueError, match=r"the semantic spoke\) needs item norms .*'attr_<attribute>' is missing"):
        build_patient(tiny_battery, training=TrainingConfig(augmentations=1, epochs=5, attribute_weight=1.0), **TINY)
