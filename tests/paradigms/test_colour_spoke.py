"""TrainingConfig(colour_spoke=True) and ResponsePolicy(colour_rule="spoke"): colour judgment read from what the
hub's colour spoke expects of each picture (issue 26)."""

import numpy as np
import pytest
import torch

from cogsim.lesions import UnitAblation
from cogsim.paradigms import ColourJudgment
from cogsim.patients import HubConfig, ResponsePolicy, TrainingConfig, build_patient
from cogsim.patients.build import COLOUR_RIDGE, training_pictures
from cogsim.patients.hub import COLOUR_HEAD, forward, has_colour_spoke, hue_vectors

SPOKE = TrainingConfig(epochs=8, augmentations=2, colour_spoke=True)
COMMON = dict(backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(6,)), progress=False)


@pytest.fixture(scope="module")
def spoked(contract):
    return build_patient(contract, training=SPOKE, random_state=4, **COMMON).with_policy(colour_rule="spoke")


def test_the_spoke_is_the_ridge_fit_of_the_intact_states(spoked, contract):
    """Oracle: numpy least squares with the same ridge, on the chromatic items' training pictures."""
    plain = build_patient(contract, training=TrainingConfig(epochs=8, augmentations=2), random_state=4, **COMMON)
    for key in plain.hub:  # the hub is the one trained without the spoke
        assert torch.equal(plain.hub[key], spoked.hub[key]), key
    assert has_colour_spoke(spoked.hub) and not has_colour_spoke(plain.hub)
    _, x, y = training_pictures(plain.backbone, contract, plain.training)
    items = contract.items
    usable = items["chromatic"].astype(bool).to_numpy() & np.isfinite(items["dominant_hue"].to_numpy(float))
    keep = usable[y.numpy()]
    h = forward(plain.hub, x, plain.hub_config.layers, stop=-1).double().numpy()[keep]
    target = hue_vectors(items["dominant_hue"].to_numpy(float))[y.numpy()[keep]]
    hc, tc = h - h.mean(0), target - target.mean(0)
    ridge = COLOUR_RIDGE * np.mean(np.sum(hc ** 2, 0))
    weight = np.linalg.solve(hc.T @ hc + ridge * np.eye(h.shape[1]), hc.T @ tc)
    bias = target.mean(0) - h.mean(0) @ weight
    np.testing.assert_allclose(spoked.hub[f"{COLOUR_HEAD}.weight"].numpy(), weight.T, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(spoked.hub[f"{COLOUR_HEAD}.bias"].numpy(), bias, rtol=1e-4, atol=1e-5)


def test_colour_judgment_compares_each_pictures_hue_with_what_the_spoke_expects(spoked, contract):
    from cogsim.patients.features import picture_features

    paradigm = ColourJudgment()
    trials = paradigm.run(spoked, contract, random_state=0)
    assert set(trials["basis"]) <= {"spoke", "guess"}
    layers, w, b = spoked.hub_config.layers, spoked.hub[f"{COLOUR_HEAD}.weight"], spoked.hub[f"{COLOUR_HEAD}.bias"]

    def expected(pictures):
        with torch.no_grad():
            h = forward(spoked.hub, picture_features(spoked.backbone, contract, pictures), layers, stop=-1)
        return (h @ w.T + b).double().numpy()

    index = {item: i for i, item in enumerate(spoked.lexicon.item_ids)}
    right = expected(None)[[index[i] for i in trials["item"]]]
    wrong = expected(paradigm.pictures(contract))
    oracle = ((right * hue_vectors(trials["true_hue"])).sum(1)
              - (wrong * hue_vectors(trials["distractor_hue"])).sum(1))
    np.testing.assert_allclose(trials["score"], oracle, rtol=1e-5, atol=1e-7)
    assert (trials.loc[trials["score"] != 0, "correct"] == (oracle[trials["score"] != 0] > 0)).all()
    names = paradigm.run(spoked.with_policy(colour_rule="names"), contract, random_state=0)
    assert set(names["basis"]) <= {"item", "basic", "guess"} and not np.allclose(names["score"], trials["score"])
    damaged = paradigm.run(spoked.lesion(UnitAblation(0.6), random_state=0), contract, random_state=0)
    assert not np.allclose(damaged["score"], trials["score"])   # the spoke reads the damaged states


def test_a_patient_with_the_spoke_is_saved_and_read_back(spoked, tmp_path):
    """The cache must read a spoked hub back (it once refused it as damaged and rebuilt it every time)."""
    from cogsim.patients import load_patient

    spoked.save(tmp_path / "p.pt")
    again = load_patient(tmp_path / "p.pt")
    assert has_colour_spoke(again.hub)
    for key in spoked.hub:
        assert torch.equal(again.hub[key], spoked.hub[key]), key


def test_the_spoke_rule_and_option_are_checked(contract):
    plain = build_patient(contract, training=TrainingConfig(epochs=8, augmentations=2), random_state=4, **COMMON)
    with pytest.raises(ValueError, match=r"colour_rule='spoke'.*TrainingConfig\(colour_spoke=True\)"):
        ColourJudgment().run(plain.with_policy(colour_rule="spoke"), contract, random_state=0)
    with pytest.raises(ValueError, match="Invalid value for 'colour_rule'"):
        ResponsePolicy(colour_rule="hue")
    with pytest.raises(TypeError, match="'colour_spoke' parameter of TrainingConfig must be True or False"):
        TrainingConfig(colour_spoke=1)
    with pytest.raises(ValueError, match="colour_spoke is not available with fine_tune"):
        TrainingConfig(colour_spoke=True, fine_tune=1)


def test_a_run_with_the_spoke_rule_and_no_spoke_is_refused_before_the_disk(tmp_path):
    from cogsim.replication import ReplicationConfig, replicate

    config = ReplicationConfig(policy=ResponsePolicy(colour_rule="spoke"), n_patients=2, n_controls=2)
    with pytest.raises(ValueError, match="colour_rule='spoke', which needs hubs with the colour spoke"):
        replicate(tmp_path / "out", config, progress=False, log=lambda *a: None)
    assert not (tmp_path / "out").exists()
