"""The visual spoke (issue 26): the hub regenerates the picture it sees, and object decision reads what it regenerates."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from cogsim.lesions import UnitAblation
from cogsim.patients import HubConfig, TrainingConfig, build_patient
from cogsim.patients.hub import VISUAL_HEAD, has_visual_spoke, visual_target

SPOKE = TrainingConfig(augmentations=2, epochs=200, input_components=8, mask_generator="pcg64", visual_weight=1.0)


def _cosines(patient, battery, pictures=None):
    with torch.no_grad():
        (_, heads), features = patient.logits(battery, pictures, random_state=0, heads=True, return_features=True)
        regenerated, seen = heads["visual"].numpy(), visual_target(patient.hub, features).numpy()
    return (regenerated * seen).sum(-1) / (np.linalg.norm(regenerated, axis=-1) * np.linalg.norm(seen, axis=-1))


@pytest.fixture(scope="module")
def spoked(tiny_battery):
    return build_patient(tiny_battery, backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(16,)),
                         training=SPOKE, random_state=1, progress=False)


def test_the_spoke_needs_the_principal_directions():
    with pytest.raises(ValueError, match="visual_weight needs input_components"):
        TrainingConfig(visual_weight=1.0)


def test_the_spoke_regenerates_what_it_learnt_and_damage_blurs_it(spoked, tiny_battery):
    assert has_visual_spoke(spoked.hub)
    assert spoked.hub[f"{VISUAL_HEAD}.weight"].shape == (8, 16)
    directions = spoked.hub[f"{VISUAL_HEAD}.directions"]
    assert directions.shape == (8, spoked.hub["hub.input.mean"].numel())
    intact = _cosines(spoked, tiny_battery)
    assert intact.mean() > 0.6, intact
    damaged = _cosines(spoked.lesion(UnitAblation(0.9), random_state=0), tiny_battery)
    assert damaged.mean() < intact.mean() - 0.1, (intact, damaged)


def test_a_hub_without_the_spoke_has_no_such_head(tiny_battery):
    from dataclasses import replace

    plain = build_patient(tiny_battery, backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(16,)),
                          training=replace(SPOKE, visual_weight=0.0), random_state=1, progress=False)
    assert not has_visual_spoke(plain.hub) and not any(k.startswith(VISUAL_HEAD) for k in plain.hub)


def test_object_decision_compares_each_picture_with_what_the_hub_regenerates():
    """The familiarity columns are the cosines of each picture with its regeneration, computed here from the hub."""
    from cogsim.checks import contract_battery
    from cogsim.paradigms import ObjectDecision
    from cogsim.paradigms.object_decision import chimera_pairs
    from cogsim.stimuli.chimeras import Chimeras

    battery = contract_battery()
    patient = build_patient(battery, backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(16,)),
                            training=SPOKE, random_state=2, progress=False)
    trials = ObjectDecision().run(patient, battery, random_state=0)
    index = {item: i for i, item in enumerate(patient.lexicon.item_ids)}
    real = _cosines(patient, battery)[[index[i] for i in trials["item"]]]
    chimera = _cosines(patient, battery, Chimeras(chimera_pairs(battery)))[trials["pair"].to_numpy()]
    np.testing.assert_allclose(trials["real_familiarity"], real, rtol=1e-5)
    np.testing.assert_allclose(trials["chimera_familiarity"], chimera, rtol=1e-5)
    assert (trials["correct"] == (real > chimera)).all()


def test_a_patient_with_the_spoke_saves_and_loads(spoked, tiny_battery, tmp_path):
    from cogsim.patients import load_patient

    spoked.save(tmp_path / "v.pt")
    again = load_patient(tmp_path / "v.pt")
    assert again.parameter_hash() == spoked.parameter_hash()
    np.testing.assert_allclose(_cosines(again, tiny_battery), _cosines(spoked, tiny_battery))
