"""Impaired control of retrieval (semantic aphasia): the store untouched, fresh selection noise in every task."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from cogsim.lesions import Compound, RetrievalControl, UnitAblation, get_lesion
from cogsim.paradigms import CuedNaming, PictureNaming, WordPictureMatching, run_paradigms


def test_the_store_is_left_as_it_was(tiny_patient, tiny_battery):
    damaged = tiny_patient.lesion(RetrievalControl(0.5, sd=2.0), random_state=1)
    assert damaged.retrieval_noise == pytest.approx(1.0) and tiny_patient.retrieval_noise == 0.0
    for name, tensor in tiny_patient.hub.items():
        assert torch.equal(damaged.hub[name], tensor), name
    assert not damaged.unit_masks and not damaged.activation_noise
    # what the store holds, read outside any task, is the premorbid patient's
    torch.testing.assert_close(damaged.logits(tiny_battery, random_state=0),
                               tiny_patient.logits(tiny_battery, random_state=0), rtol=0, atol=0)
    assert damaged.parameter_hash() != tiny_patient.parameter_hash()
    assert tiny_patient.lesion(RetrievalControl(0.0), random_state=1).parameter_hash() == tiny_patient.parameter_hash()


def test_control_damage_scales_with_severity_and_refuses_other_sites():
    assert RetrievalControl(0.5, sd=4.0).relative_sd() == 2.0
    with pytest.raises(ValueError, match="its site must be 'hub', but got 'visual'"):
        RetrievalControl(0.5, site="visual")
    assert get_lesion("retrieval_control", severity=0.2) == RetrievalControl(0.2)


def test_two_control_lesions_add_in_variance(tiny_patient):
    both = Compound(1.0, parts=(RetrievalControl(0.0, sd=3.0), RetrievalControl(0.0, sd=4.0)), scales=(1.0, 1.0))
    assert tiny_patient.lesion(both, random_state=0).retrieval_noise == pytest.approx(5.0)
    mixed = tiny_patient.lesion(Compound(0.5, parts=(UnitAblation(0.0), RetrievalControl(0.0, sd=2.0)),
                                         scales=(1.0, 1.0)), random_state=0)
    assert mixed.retrieval_noise == pytest.approx(1.0) and mixed.unit_masks


def test_saved_patients_keep_their_control_damage(tiny_patient, tmp_path):
    from cogsim.patients import load_patient

    damaged = tiny_patient.lesion(RetrievalControl(0.7, sd=2.0), random_state=3)
    damaged.save(tmp_path / "sa.pt")
    again = load_patient(tmp_path / "sa.pt")
    assert again.retrieval_noise == pytest.approx(1.4)
    assert again.parameter_hash() == damaged.parameter_hash()


def test_each_task_draws_its_own_noise_reproducibly(tiny_patient, tiny_battery):
    """Naming and cued naming see the same pictures: with control damage their beliefs differ (each task's own
    noise), without it they are the same; the same seed gives the same trials."""
    tests = [PictureNaming(), CuedNaming()]
    damaged = tiny_patient.lesion(RetrievalControl(1.0, sd=3.0), random_state=0)
    out = run_paradigms(tests, damaged, tiny_battery, random_state=4)
    again = run_paradigms(tests, damaged, tiny_battery, random_state=4)
    for name in out:
        assert out[name].equals(again[name])
    # the score is the target's probability in the beliefs each task answered from
    assert not np.allclose(out["picture_naming"]["score"], out["cued_naming"]["score"])
    other_seed = run_paradigms(tests, damaged, tiny_battery, random_state=5)["picture_naming"]
    assert not np.allclose(other_seed["score"], out["picture_naming"]["score"])
    intact = run_paradigms(tests, tiny_patient, tiny_battery, random_state=4)
    np.testing.assert_array_equal(intact["picture_naming"]["score"], intact["cued_naming"]["score"])


def test_selection_noise_is_per_patient_and_leaves_others_alone(tiny_patient, tiny_battery):
    """A patient with intact control answers the same beside a patient without it; the damaged patient's rows do
    not depend on who is tested with it."""
    damaged = tiny_patient.lesion(RetrievalControl(1.0, sd=3.0), random_state=0)
    tests = [PictureNaming(), WordPictureMatching()]
    together = run_paradigms(tests, {"A": tiny_patient, "B": damaged}, tiny_battery, random_state=2)
    alone_a = run_paradigms(tests, {"A": tiny_patient}, tiny_battery, random_state=2)
    alone_b = run_paradigms(tests, {"B": damaged}, tiny_battery, random_state=2)
    for name in together:
        both = together[name]
        for pid, alone in (("A", alone_a), ("B", alone_b)):
            mine = both[both["patient"] == pid].reset_index(drop=True)
            np.testing.assert_array_equal(mine["correct"], alone[name]["correct"])


def test_adding_cued_naming_changes_no_other_result(tiny_patient, tiny_battery):
    """The replication adds cued naming beside Figure 2's paradigms; the other paradigms' trials stay bit-identical."""
    patient = tiny_patient.lesion(UnitAblation(0.5), random_state=1)
    alone = run_paradigms([PictureNaming(), WordPictureMatching()], patient, tiny_battery, random_state=7)
    with_cue = run_paradigms([PictureNaming(), WordPictureMatching(), CuedNaming()], patient, tiny_battery,
                             random_state=7)
    for name in alone:
        assert alone[name].equals(with_cue[name])
