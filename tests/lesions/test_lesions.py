"""Contract tests over every registered lesion, plus each family's own promises."""

import numpy as np
import pytest
import torch

from cogsim.lesions import (ActivationNoise, Pruning, UnitAblation, WeightNoise, WeightScaling, get_lesion,
                            list_lesions, make_cohort, progression)

ALL = [WeightNoise, Pruning, UnitAblation, ActivationNoise, WeightScaling]
SITES = ["hub", "visual", "conv2", "hub.hidden1"]


def _outputs(patient, battery):
    return patient.probabilities(battery, random_state=0).item


@pytest.mark.parametrize("cls", ALL)
@pytest.mark.parametrize("site", SITES)
def test_lesion_returns_new_patient_and_never_touches_premorbid(tiny_patient, tiny_battery, cls, site):
    before = tiny_patient.parameter_hash()
    before_out = _outputs(tiny_patient, tiny_battery)
    damaged = tiny_patient.lesion(cls(severity=0.7, site=site), random_state=11)
    assert damaged is not tiny_patient
    assert tiny_patient.parameter_hash() == before
    assert torch.equal(_outputs(tiny_patient, tiny_battery), before_out)
    assert not torch.allclose(_outputs(damaged, tiny_battery), before_out)
    assert len(damaged.lesions) == 1 and tiny_patient.is_premorbid


@pytest.mark.parametrize("cls", ALL)
def test_same_random_state_same_result(tiny_patient, tiny_battery, cls):
    a = tiny_patient.lesion(cls(severity=0.5), random_state=3)
    b = tiny_patient.lesion(cls(severity=0.5), random_state=3)
    assert a.parameter_hash() == b.parameter_hash()
    assert torch.equal(_outputs(a, tiny_battery), _outputs(b, tiny_battery))
    c = tiny_patient.lesion(cls(severity=0.5), random_state=4)
    same_evaluation = dict(random_state=0)          # run-time noise held fixed: only the lesion seed differs
    a_out = a.probabilities(tiny_battery, **same_evaluation).item
    c_out = c.probabilities(tiny_battery, **same_evaluation).item
    if cls in (WeightScaling, ActivationNoise):
        # deterministic damage (scaling) or noise drawn at evaluation (activation noise): the lesion seed
        # has nothing to decide, so it must not change anything...
        assert torch.equal(a_out, c_out)
    else:
        # ...while a random weight lesion drawn from another seed is another patient
        assert a.parameter_hash() != c.parameter_hash()
        assert not torch.equal(a_out, c_out)


def test_activation_noise_is_drawn_from_the_evaluation_seed(tiny_patient, tiny_battery):
    damaged = tiny_patient.lesion(ActivationNoise(severity=0.5), random_state=3)
    first = damaged.probabilities(tiny_battery, random_state=0).item
    assert torch.equal(first, damaged.probabilities(tiny_battery, random_state=0).item)
    assert not torch.equal(first, damaged.probabilities(tiny_battery, random_state=1).item)


@pytest.mark.parametrize("cls", ALL)
def test_zero_severity_changes_nothing(tiny_patient, tiny_battery, cls):
    damaged = tiny_patient.lesion(cls(severity=0.0), random_state=1)
    np.testing.assert_allclose(_outputs(damaged, tiny_battery).numpy(),
                               _outputs(tiny_patient, tiny_battery).numpy(), atol=1e-6)


@pytest.mark.parametrize("cls", ALL)
def test_bad_severity_message(cls):
    with pytest.raises(ValueError, match=rf"The 'severity' parameter of {cls.__name__} must be a float in \[0, 1\]\. Got 1\.5 instead\."):
        cls(severity=1.5)


def test_unknown_site_lists_valid_ones(tiny_patient):
    with pytest.raises(ValueError) as info:
        tiny_patient.lesion(UnitAblation(0.3, site="hippocampus"), random_state=0)
    assert str(info.value) == (
        "Invalid value for 'site'. Allowed values are 'hub', 'visual', 'conv1', 'conv2', 'conv3', "
        "'hub.hidden1', 'hub.output' (or a glob pattern matching layer names), but got 'hippocampus'.")


def test_glob_site(tiny_patient):
    damaged = tiny_patient.lesion(WeightNoise(0.5, site="conv*"), random_state=0)
    assert sorted(damaged.stage_overrides) == [0, 1, 2]


def test_registry():
    assert list_lesions() == ["activation_noise", "compound", "pruning", "retrieval_control", "unit_ablation",
                              "weight_noise", "weight_scaling"]
    assert get_lesion("unit_ablation", severity=0.4) == UnitAblation(0.4)
    with pytest.raises(ValueError, match=r"Invalid value for 'lesion'\. Allowed values are 'activation_noise', "):
        get_lesion("stroke", severity=0.1)


def test_pruning_method_checked():
    with pytest.raises(ValueError, match=r"Allowed values are 'magnitude' and 'random', but got 'largest'"):
        Pruning(0.2, method="largest")


def test_lesion_argument_type(tiny_patient):
    with pytest.raises(TypeError, match="Patient.lesion expects a Lesion"):
        tiny_patient.lesion("UnitAblation")


# --- nested progression ----------------------------------------------------------------

def test_unit_ablation_nested(tiny_patient):
    masks = [tiny_patient.lesion(UnitAblation(s), random_state=9).unit_masks["hub.hidden1"] for s in (0.2, 0.5, 0.8)]
    assert masks[0].sum() < masks[1].sum() < masks[2].sum()
    assert bool((masks[0] <= masks[1]).all() and (masks[1] <= masks[2]).all())


def test_weight_noise_grows_in_one_direction(tiny_patient):
    w0 = tiny_patient.hub["hub.hidden1.weight"]
    d1 = tiny_patient.lesion(WeightNoise(0.2), random_state=9).hub["hub.hidden1.weight"] - w0
    d2 = tiny_patient.lesion(WeightNoise(0.6), random_state=9).hub["hub.hidden1.weight"] - w0
    np.testing.assert_allclose(d2.numpy(), 3.0 * d1.numpy(), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("method", ["random", "magnitude"])
def test_pruning_nested(tiny_patient, method):
    cut = [(tiny_patient.lesion(Pruning(s, method=method), random_state=9).hub["hub.hidden1.weight"] == 0)
           for s in (0.1, 0.4, 0.7)]
    assert bool((cut[0] <= cut[1]).all() and (cut[1] <= cut[2]).all())
    n = cut[0].numel()
    assert abs(int(cut[1].sum()) - round(0.4 * n)) <= 1


def test_magnitude_pruning_cuts_smallest_first(tiny_patient):
    w = tiny_patient.hub["hub.output.weight"]
    pruned = tiny_patient.lesion(Pruning(0.3, site="hub.output", method="magnitude"), random_state=0).hub["hub.output.weight"]
    cut = pruned == 0
    assert w[cut].abs().max() <= w[~cut].abs().min()


def test_progression_declines_and_is_nested(tiny_patient, tiny_battery):
    long = progression(tiny_patient, UnitAblation(0.0, site="visual"), [0.2, 0.5, 0.9], random_state=5)
    assert len(long) == 3 and long.severities == (0.2, 0.5, 0.9)
    masks = [s.stage_overrides[1].keep for s in long.sessions]
    assert bool(((masks[1] == 0) >= (masks[0] == 0)).all() and ((masks[2] == 0) >= (masks[1] == 0)).all())
    again = progression(tiny_patient, UnitAblation(0.0, site="visual"), [0.2, 0.5, 0.9], random_state=5)
    assert [s.parameter_hash() for s in long] == [s.parameter_hash() for s in again]


# --- cohorts ----------------------------------------------------------------------------

def test_cohort_streams(tiny_patient):
    cohort = make_cohort(tiny_patient, UnitAblation(0.0), severities=[0.3, 0.6], n_patients=3, random_state=8)
    frame = cohort.to_frame()
    assert list(frame["patient"]) == ["P01", "P01", "P02", "P02", "P03", "P03"]
    masks = {(pid, s): p.unit_masks["hub.hidden1"] for pid, s, p in cohort}
    # different patients, different damage; within a patient, nested
    assert not torch.equal(masks[("P01", 0.6)], masks[("P02", 0.6)])
    assert bool((masks[("P02", 0.3)] <= masks[("P02", 0.6)]).all())
    same = make_cohort(tiny_patient, UnitAblation(0.0), severities=[0.3, 0.6], n_patients=3, random_state=8)
    assert [p.parameter_hash() for p in cohort.patients] == [p.parameter_hash() for p in same.patients]


def test_cohort_with_individual_premorbid(tiny_patient, tiny_battery):
    from cogsim.patients import HubConfig, TrainingConfig, build_controls

    controls = build_controls(tiny_battery, n=2, random_state=0, backbone="tiny_cnn", backbone_weights=None,
                              hub=HubConfig(hidden=(16,)), training=TrainingConfig(augmentations=1, epochs=20),
                              progress=False)
    cohort = make_cohort(controls, WeightNoise(0.0), severities=[0.5], random_state=1)
    assert list(cohort.to_frame()["premorbid_seed"]) == [c.seed for c in controls]


def test_activation_noise_uses_the_evaluation_stream(tiny_patient, tiny_battery):
    noisy = tiny_patient.lesion(ActivationNoise(0.8), random_state=0)
    a = noisy.probabilities(tiny_battery, random_state=1).item
    b = noisy.probabilities(tiny_battery, random_state=1).item
    c = noisy.probabilities(tiny_battery, random_state=2).item
    assert torch.equal(a, b) and not torch.equal(a, c)


def test_visual_activation_noise_scales_with_the_stage_and_is_drawn_per_evaluation(tiny_patient, tiny_battery):
    """Visual activation noise behaves as documented: SD = severity x sd x the stage's intact activation SD
    over the battery's pictures, drawn anew at each evaluation from the evaluation's random_state."""
    from cogsim.patients.features import canonical_batch, stage_activation_sds

    backbone = tiny_patient.backbone
    sds = stage_activation_sds(backbone, tiny_battery)
    x = backbone.preprocess(canonical_batch(tiny_battery, backbone.input_size))
    with torch.no_grad():
        outputs = []
        for _, stage in backbone.stages:
            x = stage(x)
            outputs.append(float(x.std()))
    np.testing.assert_allclose([sds[n] for n in backbone.visual_layers], outputs, rtol=1e-6)
    noisy = tiny_patient.lesion(ActivationNoise(0.5, site="conv3", sd=2.0), random_state=0)
    assert noisy.visual_noise == {2: 1.0} and not noisy.stage_overrides
    intact = tiny_patient.features(tiny_battery)
    a, b, c = (noisy.features(tiny_battery, random_state=r) for r in (1, 1, 2))
    assert torch.equal(a, b) and not torch.equal(a, c)
    residual = torch.cat([a - intact, c - intact]).std().item()     # conv3 is the last stage: pure noise
    assert 0.8 < residual / sds["conv3"] < 1.2
    stronger = tiny_patient.lesion(ActivationNoise(1.0, site="conv3", sd=2.0), random_state=0)
    ratio = (stronger.features(tiny_battery, random_state=1) - intact).std() / (a - intact).std()
    np.testing.assert_allclose(float(ratio), 2.0, rtol=1e-5)          # same draw, twice the SD
