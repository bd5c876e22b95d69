"""Compound lesions: several families driven by one severity, nested, saved and replayed."""

import numpy as np
import pytest
import torch

from cogsim.lesions import ActivationNoise, Compound, UnitAblation, WeightNoise, lesion_from_dict, progression
from cogsim.patients import load_patient


def compound(severity=0.0):
    return Compound(severity, parts=(WeightNoise(0.0, sd=2.0), UnitAblation(0.0)), scales=(1.0, 0.5))


def test_parts_follow_the_severity_and_premorbid_is_untouched(tiny_patient):
    before = tiny_patient.parameter_hash()
    damaged = tiny_patient.lesion(compound(0.8), random_state=3)
    assert tiny_patient.parameter_hash() == before
    assert damaged.unit_masks["hub.hidden1"].sum().item() == round(0.4 * 16)
    assert not torch.equal(damaged.hub["hub.hidden1.weight"], tiny_patient.hub["hub.hidden1.weight"])
    assert [type(l).__name__ for l, _ in damaged.lesions] == ["Compound"]


def test_progression_is_nested_for_every_part(tiny_patient):
    sessions = progression(tiny_patient, compound(), [0.2, 0.6, 1.0], random_state=5)
    masks = [s.unit_masks["hub.hidden1"] for s in sessions]
    assert all(bool((a & ~b).sum() == 0) for a, b in zip(masks, masks[1:]))
    deltas = [s.hub["hub.output.weight"] - tiny_patient.hub["hub.output.weight"] for s in sessions]
    for d, s in zip(deltas, [0.2, 0.6, 1.0]):  # the same noise direction, growing
        np.testing.assert_allclose(d.numpy(), (deltas[-1] * s).numpy(), rtol=1e-4, atol=1e-6)


def test_save_and_load_replay_the_compound(tiny_patient, tmp_path):
    damaged = tiny_patient.lesion(compound(0.7), random_state=9)
    again = load_patient(damaged.save(tmp_path / "p.pt"))
    assert again.parameter_hash() == damaged.parameter_hash()
    assert lesion_from_dict(compound(0.3).to_dict()) == compound(0.3)


def test_compound_errors():
    with pytest.raises(TypeError, match="non-empty tuple of \\(non-compound\\) lesions"):
        Compound(0.5, parts=())
    with pytest.raises(ValueError, match="one non-negative scale per part"):
        Compound(0.5, parts=(ActivationNoise(0.0),), scales=(1.0, 2.0))
