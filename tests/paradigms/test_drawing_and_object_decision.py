"""Delayed copy and object decision: scoring rules against hand-made oracles, and the recall they share."""

import numpy as np
import pytest

from cogsim.paradigms import DelayedCopy, ObjectDecision
from cogsim.paradigms.delayed_copy import score_drawing
from cogsim.paradigms.retrieval import Retrieved, recalled_beliefs
from cogsim.patients.lexicon import Lexicon
from cogsim.patients.readouts import ReturnPath


def test_drawing_outcomes_oracle():
    present = [1, 1, 0, 0]
    drawn = [1, 0, 1, 0]
    assert score_drawing(present, drawn).tolist() == [0, 1, 2, 3]  # kept, omitted, intruded, absent


def _lexicon():
    return Lexicon(("a1", "a2", "b1", "c1"), ("a1", "a2", "b1", "c1"), ("A", "A", "B", "C"), ("x", "x", "x", "y"),
                   ("a1", "a2", "b1", "c1"), {}, {})


def test_recalled_beliefs_follow_the_level_reached():
    p = np.array([[[0.5, 0.3, 0.1, 0.1]] * 4])  # one patient, four pictures, same beliefs
    level = np.array([[0, 1, 2, 3]])
    got = Retrieved(level, np.array([[1] * 4]), np.array([[0] * 4]), np.array([[0] * 4]), *(np.zeros((1, 4)),) * 3)
    q = recalled_beliefs(p, got, _lexicon())[0]
    assert q[0].tolist() == [0, 1, 0, 0]  # knows the item it settled on (a2), all weight on it
    assert q[1] == pytest.approx([0.5 / 0.8, 0.3 / 0.8, 0, 0])  # knows basic A: its members, renormalised
    assert q[2] == pytest.approx([0.5 / 0.9, 0.3 / 0.9, 0.1 / 0.9, 0])  # knows domain x
    assert q[3] == pytest.approx(p[0, 3])  # knows nothing: everything


def test_a_recollection_of_the_category_draws_its_typical_attributes():
    # attributes: legs_4 (2 of 3 members), hump (1 of 3)
    path = ReturnPath(("legs_4", "hump"), np.array([[1, 1], [1, 0], [0, 0.0]]), np.zeros((3, 2)), np.zeros(2),
                      np.ones(2))
    assert path.drawing(np.array([1, 0, 0.0])).tolist() == [1, 1]  # knows the camel: draws the hump
    assert path.drawing(np.array([1 / 3] * 3)).tolist() == [1, 0]  # knows "mammal": four legs, no hump


def test_familiarity_is_the_cosine_with_the_regenerated_look():
    path = ReturnPath((), np.zeros((2, 0)), np.array([[1.0, 0.0], [0.0, 1.0]]), np.zeros(2), np.ones(2))
    beliefs = np.array([[1.0, 0.0], [0.5, 0.5]])
    got = path.familiarity(beliefs, np.array([[2.0, 0.0], [1.0, 0.0]]))
    assert got == pytest.approx([1.0, 1 / np.sqrt(2)])


def test_familiarity_in_the_backbones_own_space_undoes_the_standardisation():
    """space="features": the picture as the backbone gives it against the belief-weighted mean of the items' raw
    pictures (prototype * std + mean), written out here by hand; "standardised" is the old cosine."""
    mean, std = np.array([1.0, 2.0]), np.array([2.0, 0.5])
    prototypes = np.array([[1.0, 0.0], [0.0, 1.0]])  # standardised; raw looks (3, 2) and (1, 2.5)
    path = ReturnPath((), np.zeros((2, 0)), prototypes, mean, std)
    beliefs = np.array([[1.0, 0.0], [0.5, 0.5]])
    seen = np.array([[3.0, 2.0], [4.0, 4.5]])  # the second: twice the mixed raw look

    def cos(a, b):
        return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))

    assert path.familiarity(beliefs, seen, "features") == pytest.approx(
        [cos(seen[0], np.array([3.0, 2.0])), cos(seen[1], np.array([2.0, 2.25]))])
    assert path.familiarity(beliefs, seen, "features")[1] == pytest.approx(1.0)
    standardised = (seen - mean) / std
    assert path.familiarity(beliefs, seen) == pytest.approx(
        [cos(standardised[0], prototypes[0]), cos(standardised[1], prototypes.mean(0))])
    assert path.familiarity(beliefs, seen)[1] != pytest.approx(1.0)
    with pytest.raises(ValueError, match="Allowed values are 'standardised' and 'features', but got 'pixels'"):
        path.familiarity(beliefs, seen, "pixels")


def test_response_policy_refuses_an_unknown_look_space():
    from cogsim.patients import ResponsePolicy

    assert ResponsePolicy().look_space == "standardised"
    with pytest.raises(ValueError, match="Invalid value for 'look_space'.*'features' and 'standardised', but got 'pixels'"):
        ResponsePolicy(look_space="pixels")


def test_delayed_copy_refuses_a_battery_without_attributes(tiny_patient, tiny_battery):
    with pytest.raises(ValueError, match="Delayed copy needs item norms .*attr_<attribute>"):
        DelayedCopy().run(tiny_patient, tiny_battery)
    with pytest.raises(ValueError, match="Object decision needs item norms .*'facing'"):
        ObjectDecision().run(tiny_patient, tiny_battery)


def test_object_decision_design_crosses_typicality(default_battery):
    design = ObjectDecision().design(default_battery, np.random.default_rng(0))
    assert set(design["condition"]) == {"real_typical", "real_atypical"}
    typical = design["real_typicality"] > design["chimera_typicality"]
    assert (design["condition"].eq("real_typical") == typical).all()
    facing = dict(zip(default_battery.item_ids, default_battery.items["facing"]))
    assert {facing[i] for i in design["item"]} <= {"left", "right"}
    assert (design["item"] != design["donor"]).all()


def test_delayed_copy_design_is_every_attribute_its_domain_has_item_by_item(default_battery):
    """The design (vectorised) against the plain loop it replaced: the same rows, order, values and dtypes."""
    import pandas as pd

    from cogsim.stimuli.norms import attribute_matrix, distinctiveness

    attrs, share = attribute_matrix(default_battery.items), distinctiveness(default_battery.items)
    domain = dict(zip(default_battery.item_ids, default_battery.items["domain"]))
    rows = [(item, a, int(attrs.at[item, a]), float(share.at[domain[item], a]))
            for item in default_battery.item_ids for a in attrs.columns if share.at[domain[item], a] > 0]
    expected = pd.DataFrame(rows, columns=["item", "attribute", "target", "share"])
    design = DelayedCopy().design(default_battery, np.random.default_rng(0))
    assert len(design) < len(default_battery.item_ids) * attrs.shape[1]  # some attributes are left out
    pd.testing.assert_frame_equal(design[expected.columns], expected, check_exact=True)


def test_delayed_copy_rows_and_conditions(default_patient, default_battery):
    df = DelayedCopy().run(default_patient, default_battery, random_state=0)
    own = df[df["item"] == "camel"].set_index("attribute")
    assert own.loc["hump", "condition"] == "distinctive" and own.loc["wings", "condition"] == "absent"
    assert own.loc["eyes", "condition"] == "shared"
    assert "wheels" not in own.index  # no animal has wheels: not a trial for an animal
    assert df["response"].isin(["kept", "omitted", "intruded", "absent"]).all()


def test_category_beliefs_weigh_every_member_of_what_was_retrieved_alike():
    """ResponsePolicy(object_decision="category"): the retrieved category as a whole, not the patient's own
    (damaged) beliefs about its members."""
    from cogsim.paradigms.retrieval import category_beliefs

    level = np.array([[0, 1, 2, 3]])
    got = Retrieved(level, np.array([[1] * 4]), np.array([[0] * 4]), np.array([[0] * 4]), *(np.zeros((1, 4)),) * 3)
    q = category_beliefs(got, _lexicon())[0]
    assert q[0].tolist() == [0, 1, 0, 0]                       # the item: itself
    assert q[1] == pytest.approx([0.5, 0.5, 0, 0])             # basic A: its two members alike
    assert q[2] == pytest.approx([1 / 3, 1 / 3, 1 / 3, 0])     # domain x: its three members alike
    assert q[3] == pytest.approx([0.25] * 4)                   # nothing: the whole battery
    # the task names domain x: what lies outside it (c1 of domain y, or nothing) becomes domain x as a whole
    level = np.array([[0, 0, 2, 3]])
    got = Retrieved(level, np.array([[1, 3, 0, 0]]), np.array([[0] * 4]), np.array([[0, 0, 1, 0]]),
                    *(np.zeros((1, 4)),) * 3)
    q = category_beliefs(got, _lexicon(), within="x")[0]
    assert q[0].tolist() == [0, 1, 0, 0]                       # a2, inside x: itself
    for row in q[1:]:                                          # c1, domain y, nothing: all of x alike
        assert row == pytest.approx([1 / 3, 1 / 3, 1 / 3, 0])
    with pytest.raises(ValueError, match="'z' is not a domain"):
        category_beliefs(got, _lexicon(), within="z")


def test_category_object_decision_compares_pictures_with_the_category_look(contract, monkeypatch):
    """With nothing retrieved, every patient compares both pictures with the battery's average look
    ("category") or the animals' ("task_domain"), so two different hubs answer alike; recalled beliefs (the
    default rule) keep each hub's own guesses apart."""
    from dataclasses import replace

    import cogsim.paradigms.object_decision as od
    from cogsim.paradigms.retrieval import Retrieved as R
    from cogsim.patients import HubConfig, ResponsePolicy, TrainingConfig, build_patient

    real_retrieve = od.retrieve

    def nothing(item_p, basic_p, domain_p, lex, policies):
        got = real_retrieve(item_p, basic_p, domain_p, lex, policies)
        return R(np.full_like(got.level, 3), *got[1:])

    monkeypatch.setattr(od, "retrieve", nothing)
    common = dict(backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(8,)),
                  training=TrainingConfig(augmentations=2, epochs=30), progress=False)
    patients = [build_patient(contract, random_state=seed, **common) for seed in (1, 2)]
    scores = {}
    for rule in ("recalled", "category", "task_domain"):
        policy = replace(ResponsePolicy(), object_decision=rule)
        scores[rule] = [ObjectDecision().run(p.with_policy(policy), contract, random_state=0)["score"].to_numpy()
                        for p in patients]
    assert np.allclose(scores["category"][0], scores["category"][1])
    assert np.allclose(scores["task_domain"][0], scores["task_domain"][1])   # the animals' look, for everyone
    assert not np.allclose(scores["task_domain"][0], scores["category"][0])  # not the whole battery's
    assert not np.allclose(scores["recalled"][0], scores["recalled"][1])


def test_generic_drawing_draws_what_most_of_the_leaned_to_domain_has(contract, monkeypatch):
    """ResponsePolicy(drawing="category"): retrieving nothing, the patient draws the generic member of the domain
    its hub leans to (here forced to the first domain): the attributes at least half of that domain's items have."""
    from dataclasses import replace

    import cogsim.paradigms.delayed_copy as dc
    from cogsim.patients import HubConfig, ResponsePolicy, TrainingConfig, build_patient
    from cogsim.stimuli.norms import attribute_matrix

    real_retrieve = dc.retrieve

    def nothing(*args):
        got = real_retrieve(*args)
        return got._replace(level=np.full_like(got.level, 3), domain=np.zeros_like(got.domain))

    monkeypatch.setattr(dc, "retrieve", nothing)
    patient = build_patient(contract, backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(8,)),
                            training=TrainingConfig(augmentations=2, epochs=30), random_state=1, progress=False)
    df = DelayedCopy().run(patient.with_policy(replace(ResponsePolicy(), drawing="category")), contract,
                           random_state=0)
    ids = list(patient.lexicon.item_ids)
    domains = contract.items.set_index("item_id").loc[ids, "domain"].to_numpy()
    attrs = attribute_matrix(contract.items).loc[ids]
    generic = attrs[domains == patient.lexicon.domains[0]].mean() >= 0.5
    assert set(df["level"]) == {"none"}                          # what was retrieved is still reported
    assert (df["drawn"].to_numpy() == df["attribute"].map(generic).astype(int).to_numpy()).all()
    assert 0 < df["drawn"].mean() < 1


def test_domain_mixture_shares_each_domains_belief_among_its_members():
    from types import SimpleNamespace

    from cogsim.paradigms.retrieval import domain_mixture

    lex = SimpleNamespace(basics=["b1", "b2", "b3"], domains=["animal", "tool"], basic=("b1", "b1", "b2", "b3"),
                          domain=("animal", "animal", "animal", "tool"))
    p = np.array([[[0.6, 0.4], [2.0, 0.0]]])  # a second row not normalised: normalised here
    got = domain_mixture(p, lex)
    assert np.allclose(got, [[[0.2, 0.2, 0.2, 0.4], [1 / 3, 1 / 3, 1 / 3, 0.0]]])
    with pytest.raises(ValueError, match="3 domain probabilities for a lexicon with 2 domains"):
        domain_mixture(np.ones((1, 1, 3)), lex)


def test_mixture_drawing_draws_the_belief_weighted_generic_members(contract, monkeypatch):
    """ResponsePolicy(drawing="mixture"): retrieving nothing, an attribute is drawn when the hub's belief in each
    domain, times the share of that domain's items holding it, sums to at least the threshold; computed here from
    the patient's own item probabilities, independently of the paradigm."""
    from dataclasses import replace

    import pandas as pd
    import torch

    import cogsim.paradigms.delayed_copy as dc
    from cogsim.patients import HubConfig, ResponsePolicy, TrainingConfig, build_patient
    from cogsim.stimuli.norms import attribute_matrix

    real_retrieve = dc.retrieve

    def nothing(*args):
        got = real_retrieve(*args)
        return got._replace(level=np.full_like(got.level, 3))

    monkeypatch.setattr(dc, "retrieve", nothing)
    patient = build_patient(contract, backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(8,)),
                            training=TrainingConfig(augmentations=2, epochs=30), random_state=1, progress=False)
    ids = list(patient.lexicon.item_ids)
    item_p = torch.softmax(patient.logits(contract, random_state=0), -1).double().numpy()
    domains = contract.items.set_index("item_id").loc[ids, "domain"].to_numpy()
    attrs = attribute_matrix(contract.items).loc[ids]
    names = list(patient.lexicon.domains)
    domain_p = np.stack([item_p[:, domains == d].sum(1) for d in names], 1)           # (items, domains)
    share = np.stack([attrs[domains == d].mean().to_numpy() for d in names])           # (domains, attributes)
    expected = pd.DataFrame(domain_p @ share >= 0.5, index=ids, columns=attrs.columns)
    df = DelayedCopy().run(patient.with_policy(replace(ResponsePolicy(), drawing="mixture")), contract,
                           random_state=0)
    want = np.array([expected.at[i, a] for i, a in zip(df["item"], df["attribute"])]).astype(int)
    assert set(df["level"]) == {"none"}
    assert (df["drawn"].to_numpy() == want).all()
    leaning = DelayedCopy().run(patient.with_policy(replace(ResponsePolicy(), drawing="category")), contract,
                                random_state=0)
    assert not (leaning["drawn"].to_numpy() == want).all()  # not the most probable domain's generic member


def test_object_decision_says_what_each_picture_retrieved(contract, monkeypatch):
    """real_level / chimera_level and real_top_item / chimera_top_item are what retrieval reached from each
    picture (the real one first, then the chimera), trial by trial."""
    import cogsim.paradigms.object_decision as od
    from cogsim.paradigms.retrieval import Retrieved as R
    from cogsim.patients import HubConfig, TrainingConfig, build_patient

    real_retrieve, calls = od.retrieve, []

    def scripted(item_p, basic_p, domain_p, lex, policies):
        got = real_retrieve(item_p, basic_p, domain_p, lex, policies)
        n = got.level.shape[1]
        first = not calls       # the real pictures: levels 0, 1, 2, 3, ...; the chimeras: the reverse
        level = np.arange(n)[None, :] % 4 if first else (3 - np.arange(n)[None, :] % 4)
        item = (np.arange(n)[None, :] + (0 if first else 1)) % len(lex.item_ids)
        calls.append(item)
        return R(level, item, *got[2:])

    monkeypatch.setattr(od, "retrieve", scripted)
    patient = build_patient(contract, backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(8,)),
                            training=TrainingConfig(augmentations=2, epochs=30), progress=False, random_state=1)
    df = ObjectDecision().run(patient, contract, random_state=0)
    ids = list(patient.lexicon.item_ids)
    n = len(df)
    assert df["real_level"].astype(str).tolist() == [["item", "basic", "domain", "none"][k % 4] for k in range(n)]
    assert df["chimera_level"].astype(str).tolist() == [["none", "domain", "basic", "item"][k % 4] for k in range(n)]
    assert df["real_top_item"].astype(str).tolist() == [ids[k % len(ids)] for k in range(n)]
    assert df["chimera_top_item"].astype(str).tolist() == [ids[(k + 1) % len(ids)] for k in range(n)]


def test_object_decision_pair_takes_each_pictures_better_match_of_the_two_recalled_looks(contract, monkeypatch):
    """object_decision="pair": each picture's familiarity is the larger of its cosine with the look recalled from
    itself (task_domain's) and with the look recalled from the other picture of its pair.  Scripted retrieval: the
    real picture retrieves nothing (the animals' look), the chimera its real item (that item's own look)."""
    from dataclasses import replace

    import cogsim.paradigms.object_decision as od
    from cogsim.paradigms.retrieval import Retrieved, category_beliefs
    from cogsim.patients import HubConfig, ResponsePolicy, TrainingConfig, build_patient
    from cogsim.patients.readouts import return_path
    from cogsim.stimuli.chimeras import Chimeras

    patient = build_patient(contract, backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(8,)),
                            training=TrainingConfig(augmentations=2, epochs=30), progress=False, random_state=1)
    lex = patient.lexicon
    pairs = od.chimera_pairs(contract, "animal")
    real_items = np.array([list(lex.item_ids).index(r) for r, _ in pairs])
    real_retrieve = od.retrieve

    def scripted(item_p, basic_p, domain_p, lex, policies):
        got = real_retrieve(item_p, basic_p, domain_p, lex, policies)
        chimera = scripted.calls % 2 == 1  # real pictures first, then the chimeras, at each run
        scripted.calls += 1
        level = np.zeros_like(got.level) if chimera else np.full_like(got.level, 3)
        return got._replace(level=level, item=np.broadcast_to(real_items, got.item.shape).copy())
    scripted.calls = 0

    monkeypatch.setattr(od, "retrieve", scripted)
    policy = replace(ResponsePolicy(), object_decision="task_domain")
    own = ObjectDecision().run(patient.with_policy(policy), contract, random_state=0)
    pair = ObjectDecision().run(patient.with_policy(replace(policy, object_decision="pair")), contract,
                                random_state=0)
    assert set(own["real_level"].astype(str)) == {"none"} and set(own["chimera_level"].astype(str)) == {"item"}
    # the oracle: the two looks and the cosines, written from the return path
    path = return_path(patient, contract, attributes=False)
    none = Retrieved(*(np.full((1, len(pairs)), 3) if k == 0 else np.zeros((1, len(pairs)), int) for k in range(7)))
    animals = category_beliefs(none, lex, "animal")[0]
    item_look = np.eye(len(lex.item_ids))[real_items]
    real_seen = patient.features(contract).numpy()[real_items].astype(np.float64)
    chimera_seen = patient.features(contract, Chimeras(pairs)).numpy().astype(np.float64)
    np.testing.assert_allclose(own["real_familiarity"], path.familiarity(animals, real_seen), rtol=1e-6)
    np.testing.assert_allclose(own["chimera_familiarity"], path.familiarity(item_look, chimera_seen), rtol=1e-6)
    np.testing.assert_allclose(pair["real_familiarity"], np.maximum(path.familiarity(animals, real_seen),
                                                                    path.familiarity(item_look, real_seen)), rtol=1e-6)
    np.testing.assert_allclose(pair["chimera_familiarity"], np.maximum(path.familiarity(item_look, chimera_seen),
                                                                       path.familiarity(animals, chimera_seen)),
                               rtol=1e-6)
    # here the real picture, compared with its own item's look, gains: the rule is not a no-op
    assert (pair["real_familiarity"] > own["real_familiarity"] + 1e-9).any()
    # look_space="features": the same looks, compared in the backbone's own space, for both rules
    for rule, trials in (("task_domain", own), ("pair", pair)):
        raw = ObjectDecision().run(patient.with_policy(replace(policy, object_decision=rule, look_space="features")),
                                   contract, random_state=0)
        real = path.familiarity(animals, real_seen, "features")
        chimera = path.familiarity(item_look, chimera_seen, "features")
        if rule == "pair":
            real, chimera = (np.maximum(real, path.familiarity(item_look, real_seen, "features")),
                             np.maximum(chimera, path.familiarity(animals, chimera_seen, "features")))
        np.testing.assert_allclose(raw["real_familiarity"], real, rtol=1e-6)
        np.testing.assert_allclose(raw["chimera_familiarity"], chimera, rtol=1e-6)
        assert not np.allclose(raw["real_familiarity"], trials["real_familiarity"])
