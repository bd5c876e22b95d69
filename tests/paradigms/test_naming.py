"""Picture naming: the response policy and the error classes, checked against an independent oracle."""

from __future__ import annotations

import numpy as np
import pytest

from cogsim.lesions import ActivationNoise, UnitAblation, progression
from cogsim.paradigms import ERROR_CLASSES, ERROR_DETAILS, PictureNaming, naming_table
from cogsim.patients import ResponsePolicy


def _oracle(row, items):
    """Error detail from the response id and level alone, written independently of the paradigm."""
    target = items.loc[row["item"]]
    if row["response_level"] == "none":
        return "omission"
    if row["response_level"] == "specific":
        given = items.loc[row["response_id"]]
        if row["response_id"] == row["item"]:
            return "correct"
        if given["domain"] != target["domain"]:
            return "cross_domain"
        return "coordinate" if given["basic"] == target["basic"] else "within_domain"
    if row["response_level"] == "basic":
        if row["response_id"] == target["basic"]:
            return "superordinate_basic"
        domain = items.loc[items["basic"] == row["response_id"], "domain"].iloc[0]
        return "within_domain" if domain == target["domain"] else "cross_domain"
    return "superordinate_domain" if row["response_id"] == target["domain"] else "cross_domain"


@pytest.mark.parametrize("severity", [0.0, 0.5, 0.9])
def test_error_classes_match_an_independent_oracle(tiny_patient, tiny_battery, severity):
    patient = tiny_patient.lesion(ActivationNoise(severity, sd=4.0), random_state=2)
    policy = ResponsePolicy(specific=0.6, basic=0.5, domain=0.4)
    df = PictureNaming(policy=policy).run(patient, tiny_battery, random_state=3)
    items = tiny_battery.items.set_index("item_id")
    assert [_oracle(r, items) for _, r in df.iterrows()] == df["error_detail"].tolist()
    assert [ERROR_DETAILS[d] for d in df["error_detail"]] == df["error"].tolist()
    assert set(df["error"]) <= set(ERROR_CLASSES)
    assert (df["correct"] == (df["error"] == "correct")).all()


def test_policy_answers_at_the_most_specific_confident_level(tiny_patient, tiny_battery):
    patient = tiny_patient.lesion(UnitAblation(0.6), random_state=4)
    probs = patient.probabilities(tiny_battery)
    policy = ResponsePolicy(specific=0.7, basic=0.6, domain=0.5)
    df = PictureNaming(policy=policy).run(patient, tiny_battery, random_state=0)
    p_item = probs.item.max(1).values.numpy()
    p_basic = probs.basic.max(1).values.numpy()
    p_domain = probs.domain.max(1).values.numpy()
    expected = np.where(p_item >= 0.7, "specific", np.where(p_basic >= 0.6, "basic",
                                                            np.where(p_domain >= 0.5, "domain", "none")))
    assert df["response_level"].tolist() == expected.tolist()
    np.testing.assert_allclose(df["score"], probs.item.numpy()[np.arange(8), np.arange(8)], rtol=1e-6)


def test_patient_policy_is_used_unless_the_paradigm_overrides_it(tiny_patient, tiny_battery):
    strict = tiny_patient.with_policy(specific=0.999999, basic=0.999999, domain=0.999999)
    df = PictureNaming().run(strict, tiny_battery, random_state=0)
    assert (df["error"] == "omission").mean() > 0.5
    relaxed = PictureNaming(policy=ResponsePolicy(specific=0.01)).run(strict, tiny_battery, random_state=0)
    assert set(relaxed["response_level"]) == {"specific"}
    assert tiny_patient.policy == ResponsePolicy()


def test_omission_text_and_language(tiny_patient, tiny_battery):
    strict = tiny_patient.with_policy(specific=0.999999, basic=0.999999, domain=0.999999)
    en = PictureNaming().run(strict, tiny_battery, random_state=0)
    ja = PictureNaming(language="ja").run(strict, tiny_battery, random_state=0)
    assert set(en.loc[en["error"] == "omission", "response"]) == {"don't know"}
    assert set(ja.loc[ja["error"] == "omission", "response"]) == {"わからない"}
    assert en["error"].tolist() == ja["error"].tolist()


def test_bad_policy_arguments():
    with pytest.raises(ValueError, match=r"The 'basic' parameter of ResponsePolicy must be a float in \(0, 1\). "
                                         r"Got 0 instead."):
        ResponsePolicy(basic=0)
    with pytest.raises(TypeError, match="must be a ResponsePolicy or None"):
        PictureNaming(policy={"specific": 0.5})


def test_naming_table_marks_correct_names_with_plus(tiny_patient, tiny_battery):
    sessions = progression(tiny_patient, UnitAblation(0.0), [0.0, 0.7, 0.95], random_state=1, patient_id="JL")
    df = PictureNaming().run(sessions, tiny_battery, random_state=0)
    table = naming_table(df)
    assert table.shape == (8, 3)
    assert list(table.columns) == ["session 1 (severity 0)", "session 2 (severity 0.7)",
                                   "session 3 (severity 0.95)"]
    for (_, row), cell in zip(df[df["session"] == 3].iterrows(), table.iloc[:, 2]):
        assert cell == ("+" if row["correct"] else row["response"])
    sub = naming_table(df, items=["crow", "robin"])
    assert list(sub.index) == ["crow", "robin"]
    with pytest.raises(ValueError, match="Unknown item"):
        naming_table(df, items=["eagle"])


def test_naming_table_needs_one_patient(tiny_patient, tiny_battery):
    df = PictureNaming().run([tiny_patient, tiny_patient], tiny_battery, random_state=0)
    with pytest.raises(ValueError, match="choose one with patient="):
        naming_table(df)
    assert naming_table(df, patient="P02").shape == (8, 1)


def _top_down_oracle(p_item, items, lexicon, policy):
    """The top-down retrieval rule, picture by picture with dicts, written apart from the paradigm."""
    out = []
    for row, probs in enumerate(p_item):
        by_item = dict(zip(lexicon.item_ids, probs))
        by_domain, by_basic = {}, {}
        for item_id, p in by_item.items():
            by_domain[items.loc[item_id, "domain"]] = by_domain.get(items.loc[item_id, "domain"], 0.0) + p
            by_basic[items.loc[item_id, "basic"]] = by_basic.get(items.loc[item_id, "basic"], 0.0) + p
        domain = max(sorted(by_domain), key=lambda d: by_domain[d])
        if by_domain[domain] < policy.domain:
            out.append(("none", ""))
            continue
        inside = sorted({items.loc[i, "basic"] for i in by_item if items.loc[i, "domain"] == domain})
        basic = max(inside, key=lambda b: by_basic[b])
        if by_basic[basic] < policy.basic:
            out.append(("domain", domain))
            continue
        members = [i for i in lexicon.item_ids if items.loc[i, "basic"] == basic]
        item = max(members, key=lambda i: by_item[i])
        if by_item[item] / by_basic[basic] >= policy.specific:
            out.append(("specific", item))
        else:
            out.append(("basic", basic))
    return out


def test_top_down_naming_matches_an_independent_oracle(tiny_patient, tiny_battery):
    """Random beliefs of 3 x 40 patients (flat to peaked) answered by the paradigm and by the oracle."""
    import torch

    from cogsim.paradigms.base import Beliefs, child_stream

    lexicon = tiny_patient.lexicon
    policy = ResponsePolicy(specific=0.7, basic=0.4, domain=0.5, naming="top_down")
    paradigm = PictureNaming()
    design = paradigm.design(tiny_battery, np.random.default_rng(0))
    streams = [child_stream(np.random.SeedSequence(0), k) for k in range(40)]
    items = tiny_battery.items.set_index("item_id")
    rows = [lexicon.item_ids.index(i) for i in design["item"]]
    seen = set()
    for seed, scale in enumerate((0.5, 2.0, 8.0)):
        logits = scale * torch.from_numpy(np.random.default_rng(seed).standard_normal((40, 8, 8))).float()
        out = paradigm.respond({"canonical": Beliefs(logits, lexicon)}, design, streams, [policy] * 40)
        level = np.array(["specific", "basic", "domain", "none"])[out["response_level"].codes]
        response_id = np.array(out["response_id"].categories, dtype=object)[out["response_id"].codes]
        probs = torch.softmax(logits, -1).numpy()
        for k in range(40):
            assert list(zip(level[k], response_id[k])) == _top_down_oracle(probs[k][rows], items, lexicon, policy)
        seen |= set(level.ravel())
    assert seen == {"specific", "basic", "domain", "none"}  # every branch was compared


def test_top_down_names_only_inside_the_domain_it_knows(tiny_patient, tiny_battery):
    from cogsim.lesions import WeightNoise

    policy = ResponsePolicy(specific=0.05, basic=0.05, domain=0.05, naming="top_down")
    patients = [tiny_patient.lesion(WeightNoise(0.9, sd=4.0), random_state=s).with_policy(policy) for s in range(6)]
    df = PictureNaming().run(patients, tiny_battery, random_state=0)
    items = tiny_battery.items.set_index("item_id")
    for (pid, _), part in df.groupby(["patient", "session"], observed=True):
        patient = patients[int(pid[1:]) - 1]
        p_domain = patient.probabilities(tiny_battery).domain.numpy()
        top_domain = np.array(patient.lexicon.domains)[p_domain.argmax(1)]
        named = part[part["response_level"] == "specific"]
        # every specific name belongs to the domain the patient believes in most
        rows = [patient.lexicon.item_ids.index(i) for i in named["item"]]
        assert [items.loc[r, "domain"] for r in named["response_id"]] == list(top_domain[rows])
    assert (df["error"] == "semantic").any()  # the rule does make semantic errors here


def test_naming_rule_is_per_patient_in_one_batch(tiny_patient, tiny_battery):
    damaged = tiny_patient.lesion(UnitAblation(0.7), random_state=1)
    mixed = [damaged.with_policy(naming="top_down"), damaged]
    together = PictureNaming().run(mixed, tiny_battery, random_state=0)
    alone_td = PictureNaming().run(mixed[0], tiny_battery, random_state=0)
    alone_ms = PictureNaming().run(mixed[1], tiny_battery, random_state=0)
    cols = ["response", "error_detail", "response_level"]
    assert together[together["patient"] == "P01"][cols].astype(str).values.tolist() == \
        alone_td[cols].astype(str).values.tolist()
    assert together[together["patient"] == "P02"][cols].astype(str).values.tolist() == \
        alone_ms[cols].astype(str).values.tolist()


def test_bad_naming_rule():
    with pytest.raises(ValueError, match="Invalid value for 'naming'. Allowed values are 'most_specific' and "
                                         "'top_down', but got 'sample'."):
        ResponsePolicy(naming="sample")
    with pytest.raises(ValueError, match="Invalid value for 'colour_fallback'"):
        ResponsePolicy(colour_fallback="domain")
