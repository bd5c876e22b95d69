"""ResponsePolicy(object_decision="evidence"): object decision by how likely a picture's hub state is under the
item patterns a prototype read-out stores (issue 26, studies/object_decision_policy.py)."""

import numpy as np
import pytest
import torch

from cogsim.lesions import UnitAblation, WeightNoise
from cogsim.paradigms import ObjectDecision
from cogsim.patients import HubConfig, ResponsePolicy, TrainingConfig, build_patient
from cogsim.patients.build import training_pictures
from cogsim.patients.hub import familiarity, forward, stored_patterns

PROTOTYPE = TrainingConfig(epochs=8, augmentations=2, name_readout="prototype", prototype_temperature=0.2)
COMMON = dict(backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(6,)), progress=False)
EVIDENCE = ResponsePolicy(object_decision="evidence")


@pytest.fixture(scope="module")
def patient(contract):
    return build_patient(contract, training=PROTOTYPE, random_state=3, **COMMON).with_policy(EVIDENCE)


def _oracle(hidden: np.ndarray, patterns: np.ndarray, tau: float) -> np.ndarray:
    """log sum_i exp(-|h - m_i|^2 / tau), by a plain loop over pictures."""
    out = []
    for h in hidden:
        d = -((patterns - h) ** 2).sum(1) / tau
        out.append(d.max() + np.log(np.exp(d - d.max()).sum()))
    return np.array(out)


def test_the_stored_patterns_are_read_back_from_the_output_layer(tmp_path):
    from cogsim.stimuli import load_battery

    from ..conftest import TINY_ITEMS, write_battery

    freq = {item[0]: {"freq_en": str(1.0 + 0.5 * k)} for k, item in enumerate(TINY_ITEMS)}
    battery = load_battery(write_battery(tmp_path / "f", extra_columns=freq))
    for prior in (0.0, 1.0):  # the prior moves the biases, not what is read back
        built = build_patient(battery, training=TrainingConfig(epochs=8, augmentations=2, name_readout="prototype",
                                                               prototype_temperature=0.2, name_prior=prior), **COMMON)
        _, x, y = training_pictures(built.backbone, battery, built.training)
        hidden = forward(built.hub, x, built.hub_config.layers, stop=-1).double().numpy()
        oracle = np.stack([hidden[y.numpy() == i].mean(0) for i in range(len(battery))])
        tau = 0.2 * np.mean(((oracle - oracle.mean(0)) ** 2).sum(1))
        patterns, got_tau = stored_patterns(built.hub, 0.2)
        assert got_tau == pytest.approx(tau, rel=1e-5)
        np.testing.assert_allclose(patterns.numpy(), oracle, rtol=1e-4, atol=1e-5)


def test_familiarity_is_the_log_sum_of_the_pattern_likelihoods():
    rng = np.random.default_rng(0)
    patterns, hidden = rng.normal(size=(5, 4)) * 3, rng.normal(size=(7, 4)) * 3
    got = familiarity(torch.tensor(hidden), torch.tensor(patterns), 2.5).numpy()
    np.testing.assert_allclose(got, _oracle(hidden, patterns, 2.5), rtol=1e-10)
    # a state far from every stored pattern is less familiar than one on a pattern
    states = torch.tensor(np.stack([patterns[0], patterns[0] + 50.0]))
    near, far = familiarity(states, torch.tensor(patterns), 2.5).numpy()
    assert near > far


def test_object_decision_reads_the_hub_state_of_each_picture(patient, contract):
    """The familiarity columns are the oracle's, computed here from the hub's last hidden layer of each picture."""
    from cogsim.paradigms.object_decision import chimera_pairs
    from cogsim.patients.features import picture_features
    from cogsim.stimuli.chimeras import Chimeras

    trials = ObjectDecision().run(patient, contract, random_state=0)
    patterns, tau = stored_patterns(patient.hub, 0.2)
    layers = patient.hub_config.layers

    def evidence(pictures):
        with torch.no_grad():
            h = forward(patient.hub, picture_features(patient.backbone, contract, pictures), layers, stop=-1)
        return _oracle(h.double().numpy(), patterns.numpy(), tau)

    index = {item: i for i, item in enumerate(patient.lexicon.item_ids)}
    real = evidence(None)[[index[i] for i in trials["item"]]]
    chimera = evidence(Chimeras(chimera_pairs(contract)))[trials["pair"].to_numpy()]
    np.testing.assert_allclose(trials["real_familiarity"], real, rtol=1e-6)
    np.testing.assert_allclose(trials["chimera_familiarity"], chimera, rtol=1e-6)
    assert (trials["correct"] == (real > chimera)).all()
    recalled = ObjectDecision().run(patient.with_policy(object_decision="recalled"), contract, random_state=0)
    assert not np.allclose(recalled["real_familiarity"], trials["real_familiarity"])  # the rule is the policy's


def test_the_evidence_temperature_scales_the_read_outs(patient, contract):
    """evidence_temperature=k: the same oracle at k times the read-out's temperature; naming untouched."""
    from cogsim.paradigms import PictureNaming
    from cogsim.patients.features import picture_features

    broad = patient.with_policy(evidence_temperature=3.0)
    trials = ObjectDecision().run(broad, contract, random_state=0)
    patterns, tau = stored_patterns(patient.hub, 0.2)
    with torch.no_grad():
        h = forward(patient.hub, picture_features(patient.backbone, contract), patient.hub_config.layers, stop=-1)
    index = {item: i for i, item in enumerate(patient.lexicon.item_ids)}
    expected = _oracle(h.double().numpy(), patterns.numpy(), 3.0 * tau)[[index[i] for i in trials["item"]]]
    np.testing.assert_allclose(trials["real_familiarity"], expected, rtol=1e-6)
    assert not np.allclose(ObjectDecision().run(patient, contract, random_state=0)["real_familiarity"], expected)
    naming = [PictureNaming().run(p, contract, random_state=0) for p in (patient, broad)]
    assert naming[0]["response"].equals(naming[1]["response"])
    with pytest.raises(ValueError, match="'evidence_temperature' parameter of ResponsePolicy must be a float in"):
        ResponsePolicy(evidence_temperature=0.0)


def test_the_patterns_are_the_intact_read_outs(patient, contract):
    """Damage to the item output layer alone leaves the hub state, and so object decision, as it was;
    damage to the hidden layer changes it."""
    intact = ObjectDecision().run(patient, contract, random_state=0)
    output_only = patient.lesion(WeightNoise(0.9, site="hub.output"), random_state=1)
    hidden = patient.lesion(UnitAblation(0.5, site="hub.hidden1"), random_state=1)
    np.testing.assert_allclose(ObjectDecision().run(output_only, contract, random_state=0)["real_familiarity"],
                               intact["real_familiarity"], rtol=1e-9)
    assert not np.allclose(ObjectDecision().run(hidden, contract, random_state=0)["real_familiarity"],
                           intact["real_familiarity"])


def test_the_rule_needs_a_prototype_read_out(contract):
    with pytest.raises(ValueError, match="Invalid value for 'object_decision'"):
        ResponsePolicy(object_decision="familiar")
    trained = build_patient(contract, training=TrainingConfig(epochs=8, augmentations=2), random_state=3, **COMMON)
    with pytest.raises(ValueError, match=r"object_decision='evidence'.*name_readout='trained'"):
        ObjectDecision().run(trained.with_policy(EVIDENCE), contract, random_state=0)


def test_a_run_with_the_rule_and_a_trained_read_out_is_refused_before_the_disk(tmp_path):
    from cogsim.replication import ReplicationConfig, replicate

    config = ReplicationConfig(preset="sd_hub_v11", training=TrainingConfig(), n_patients=2, n_controls=2)
    with pytest.raises(ValueError, match="object_decision='evidence', which needs hubs with the prototype read-out"):
        replicate(tmp_path / "out", config, progress=False, log=lambda *a: None)
    assert not (tmp_path / "out").exists()
