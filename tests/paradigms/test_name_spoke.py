"""TrainingConfig(name_spoke=True): a heard name drives the hub (the reverse direction, issue 26); word–picture
matching with ResponsePolicy(matching="hub") and drawing to name with DelayedCopy(cue="name") read it."""

import numpy as np
import pytest
import torch

from cogsim.lesions import Pruning, UnitAblation
from cogsim.paradigms import DelayedCopy, WordPictureMatching
from cogsim.patients import HubConfig, ResponsePolicy, TrainingConfig, build_patient
from cogsim.patients.build import training_pictures
from cogsim.patients.hub import NAME_INPUT, attribute_logits, forward, has_name_spoke, standardise

SPOKE = TrainingConfig(epochs=8, augmentations=2, attribute_weight=1.0, name_spoke=True)
COMMON = dict(backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(6,)), progress=False)


@pytest.fixture(scope="module")
def spoked(contract):
    return build_patient(contract, training=SPOKE, random_state=4, **COMMON).with_policy(matching="hub")


def test_each_name_gives_the_first_layer_the_mean_input_of_its_pictures(spoked, contract):
    """Oracle: the mean pre-activation of each item's training pictures, in numpy; the hub is otherwise unchanged."""
    plain = build_patient(contract, training=TrainingConfig(epochs=8, augmentations=2, attribute_weight=1.0),
                          random_state=4, **COMMON)
    for key in plain.hub:
        assert torch.equal(plain.hub[key], spoked.hub[key]), key
    assert has_name_spoke(spoked.hub) and not has_name_spoke(plain.hub)
    _, x, y = training_pictures(plain.backbone, contract, plain.training)
    w, b = plain.hub["hub.hidden1.weight"].double().numpy(), plain.hub["hub.hidden1.bias"].double().numpy()
    pre = standardise(plain.hub, x).double().numpy() @ w.T + b
    mean = np.stack([pre[y.numpy() == i].mean(0) for i in range(len(contract))])
    np.testing.assert_allclose(spoked.hub[f"hub.hidden1.{NAME_INPUT}"].numpy(), (mean - b).T, rtol=1e-5, atol=1e-5)
    # hearing a name: relu(mean input) through the same heads
    logits, heads = spoked.heard()
    h = np.maximum(mean, 0.0)
    np.testing.assert_allclose(heads["hidden"].numpy(), h, rtol=1e-5, atol=1e-5)
    expected = attribute_logits(spoked.hub, torch.from_numpy(h).float())
    np.testing.assert_allclose(heads["attributes"].numpy(), expected.numpy(), rtol=1e-4, atol=1e-5)
    one, _ = spoked.heard([contract.item_ids[2]])
    np.testing.assert_allclose(one.numpy()[0], logits.numpy()[2], rtol=1e-5, atol=1e-6)


def test_damage_reaches_the_names_connections_and_leaves_the_intact_patient_alone(spoked, contract):
    key = f"hub.hidden1.{NAME_INPUT}"
    before = spoked.hub[key].clone()
    pruned = spoked.lesion(Pruning(0.5), random_state=3)
    cut = (pruned.hub[key] == 0).float().mean().item()
    assert cut == pytest.approx(0.5, abs=0.05) and torch.equal(spoked.hub[key], before)
    # the picture path's connections are pruned from their own stream, exactly as without the name spoke
    plain = build_patient(contract, training=TrainingConfig(epochs=8, augmentations=2, attribute_weight=1.0),
                          random_state=4, **COMMON)
    assert torch.equal(plain.lesion(Pruning(0.5), random_state=3).hub["hub.hidden1.weight"],
                       pruned.hub["hub.hidden1.weight"])
    silenced = spoked.lesion(UnitAblation(0.5), random_state=3)  # silenced hub units are silent for names too
    _, heads = silenced.heard()
    dead = silenced.unit_masks["hub.hidden1"]
    assert dead.any() and (heads["hidden"][:, dead] == 0).all()
    assert not torch.allclose(pruned.heard(random_state=0)[0], spoked.heard(random_state=0)[0])


def test_matching_by_the_hub_compares_picture_states_with_the_heard_names_state(spoked, contract):
    paradigm = WordPictureMatching()
    trials = paradigm.run(spoked, contract, random_state=0)
    index = {item: i for i, item in enumerate(spoked.lexicon.item_ids)}
    with torch.no_grad():
        seen = forward(spoked.hub, spoked.features(contract), spoked.hub_config.layers, stop=-1).double().numpy()
    heard = spoked.heard()[1]["hidden"].double().numpy()

    def cos(a, b):
        den = np.linalg.norm(a) * np.linalg.norm(b)
        return a @ b / den if den > 0 else 0.0

    unique = 0
    for _, row in trials.iterrows():
        pictures = row["pictures"].split("|")
        scores = np.array([cos(seen[index[p]], heard[index[row["item"]]]) for p in pictures])
        best = [p for p, v in zip(pictures, scores) if np.isclose(v, scores.max(), rtol=0, atol=1e-9)]
        assert row["response"] in best  # exact ties are guesses
        unique += len(best) == 1
    assert unique >= len(trials) // 2
    names = paradigm.run(spoked.with_policy(matching="names"), contract, random_state=0)
    damaged = UnitAblation(0.8)
    a = paradigm.run(spoked.lesion(damaged, random_state=1), contract, random_state=0)
    b = paradigm.run(spoked.with_policy(matching="names").lesion(damaged, random_state=1), contract, random_state=0)
    assert len(names) == len(trials) and not a["response"].equals(b["response"])  # the option is not ignored


def test_drawing_to_name_draws_what_the_spoke_outputs_from_the_heard_name(spoked, contract):
    trials = DelayedCopy(cue="name").run(spoked, contract, random_state=0)
    assert set(trials["cue"]) == {"name"}
    expected = torch.sigmoid(spoked.heard()[1]["attributes"]).numpy()
    index = {item: i for i, item in enumerate(spoked.lexicon.item_ids)}
    from cogsim.stimuli.norms import attribute_matrix

    column = {a: k for k, a in enumerate(attribute_matrix(contract.items).columns)}
    oracle = expected[trials["item"].map(index).to_numpy(), trials["attribute"].map(column).to_numpy()]
    np.testing.assert_allclose(trials["score"], oracle, rtol=1e-5, atol=1e-6)
    assert (trials["drawn"] == (oracle >= 0.5)).all()
    copied = DelayedCopy().run(spoked, contract, random_state=0)
    assert set(copied["cue"]) == {"picture"} and not np.allclose(copied["score"], trials["score"])


def test_the_reverse_direction_is_refused_clearly_without_the_spoke(contract, tmp_path):
    plain = build_patient(contract, training=TrainingConfig(epochs=8, augmentations=2), random_state=4, **COMMON)
    with pytest.raises(ValueError, match=r"matching='hub'.*TrainingConfig\(name_spoke=True\)"):
        WordPictureMatching().run(plain.with_policy(matching="hub"), contract, random_state=0)
    with pytest.raises(ValueError, match=r"cue='name'.*name_spoke=True"):
        DelayedCopy(cue="name").run(plain, contract, random_state=0)
    with pytest.raises(ValueError, match=r"Patient.heard needs a hub with the name spoke"):
        plain.heard()
    with pytest.raises(ValueError, match="Invalid value for 'matching'"):
        ResponsePolicy(matching="picture")
    with pytest.raises(ValueError, match="Invalid value for 'cue'"):
        DelayedCopy(cue="word")
    with pytest.raises(TypeError, match="'name_spoke' parameter of TrainingConfig must be True or False"):
        TrainingConfig(name_spoke="yes")
    with pytest.raises(ValueError, match="name_spoke is not available with fine_tune"):
        TrainingConfig(name_spoke=True, fine_tune=1)
    from cogsim.replication import ReplicationConfig, replicate

    config = ReplicationConfig(policy=ResponsePolicy(matching="hub"), n_patients=2, n_controls=2)
    with pytest.raises(ValueError, match="matching='hub', which needs hubs with the name spoke"):
        replicate(tmp_path / "out", config, progress=False, log=lambda *a: None)
    assert not (tmp_path / "out").exists()


def test_a_patient_with_the_name_spoke_is_saved_and_read_back_with_its_damage(spoked, tmp_path):
    from cogsim.patients import load_patient

    pruned = spoked.lesion(Pruning(0.4), random_state=2)
    pruned.save(tmp_path / "p.pt")
    again = load_patient(tmp_path / "p.pt")
    for key in pruned.hub:
        assert torch.equal(again.hub[key], pruned.hub[key]), key
    assert torch.equal(again.heard(random_state=0)[0], pruned.heard(random_state=0)[0])
