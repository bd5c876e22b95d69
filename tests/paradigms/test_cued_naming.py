"""Cued naming: the phonemic cue narrows the competition between names; it adds no knowledge."""

from __future__ import annotations

import numpy as np
import torch

from cogsim.paradigms import Beliefs, CuedNaming, PictureNaming, phonemic_cue
from cogsim.patients import ResponsePolicy


def test_the_cue_is_the_first_letter():
    cue = phonemic_cue(["crow", "Cod", "robin", " apple"])
    assert cue.tolist() == [[True, True, False, False], [True, True, False, False], [False, False, True, False],
                            [False, False, False, True]]


def _answers(paradigm, patient, battery, logits, naming="most_specific"):
    beliefs = Beliefs(torch.tensor(logits, dtype=torch.float32)[None], patient.lexicon)
    design = paradigm.design(battery, np.random.default_rng(0))
    out = paradigm.respond({"canonical": beliefs}, design, [np.random.SeedSequence(0)],
                           [ResponsePolicy(specific=0.5, basic=0.5, domain=0.5, naming=naming)])
    response = np.array(out["response"].categories)[out["response"].codes[0]]
    return dict(zip(design["item"], response)), dict(zip(design["item"], out["correct"][0]))


def test_a_cue_rescues_a_competitor_win_but_not_a_lost_item(tiny_patient, tiny_battery):
    items = list(tiny_patient.lexicon.item_ids)
    logits = np.zeros((len(items), len(items)))
    for k in range(len(items)):
        logits[k, k] = 6.0  # every picture known …
    crow, robin, cod, apple = (items.index(x) for x in ("crow", "robin", "cod", "apple"))
    logits[crow, robin] = 8.0  # … but the crow loses to its competitor, the robin
    logits[apple] = 0.0  # and the apple is lost: nothing stands out for it
    uncued, ok_uncued = _answers(PictureNaming(), tiny_patient, tiny_battery, logits)
    cued, ok_cued = _answers(CuedNaming(categories="cued"), tiny_patient, tiny_battery, logits)
    assert uncued["crow"] == "robin" and not ok_uncued["crow"]
    assert cued["crow"] == "crow" and ok_cued["crow"]  # "c…": robin is out of the competition
    # the apple: uncued, nothing stands out (1/8 each); the cue "a…" leaves one name in this closed set of eight,
    # so the cue alone names it.  In a small battery a first letter nearly identifies a name: docs/disorders.md
    assert not ok_uncued["apple"] and ok_cued["apple"]
    for item in ("robin", "cod", "trout", "lime", "hammer", "saw"):
        assert ok_uncued[item] and ok_cued[item]


def test_a_cue_cannot_name_what_the_cue_leaves_ambiguous(tiny_patient, tiny_battery):
    items = list(tiny_patient.lexicon.item_ids)
    logits = np.zeros((len(items), len(items)))
    crow, cod = items.index("crow"), items.index("cod")
    logits[crow, crow], logits[crow, cod] = 3.0, 3.3  # the store confuses the crow with the cod, a little more cod
    for cue in ("cued", "uncued"):
        cued, ok = _answers(CuedNaming(categories=cue), tiny_patient, tiny_battery, logits)
        assert cued["crow"] == "cod" and not ok["crow"]  # both begin with "c": the cue cannot tell them apart either


def test_an_uncued_category_keeps_a_lost_item_lost_and_still_rescues_a_competitor_win(tiny_patient, tiny_battery):
    """categories="uncued": the cue narrows the names only; a patient naming top-down (domain, then category, then
    item, as sd_hub's policy does) keeps the category beliefs it has without the cue."""
    import pytest

    items = list(tiny_patient.lexicon.item_ids)
    logits = np.zeros((len(items), len(items)))
    for k in range(len(items)):
        logits[k, k] = 6.0
    crow, robin, apple = (items.index(x) for x in ("crow", "robin", "apple"))
    logits[crow, robin] = 8.0
    logits[apple] = 0.0
    cued, ok = _answers(CuedNaming(categories="uncued"), tiny_patient, tiny_battery, logits, naming="top_down")
    assert cued["crow"] == "crow" and ok["crow"]  # the bird is known: the cue picks the right bird
    uncued, _ = _answers(PictureNaming(), tiny_patient, tiny_battery, logits, naming="top_down")
    # nothing stands out for the apple: the cue "a…" does not say it is a fruit, so the answer is the uncued one
    assert not ok["apple"] and cued["apple"] == uncued["apple"] != "apple"
    assert CuedNaming().categories == "uncued"  # the default since studies/cue_default.py
    default, _ = _answers(CuedNaming(), tiny_patient, tiny_battery, logits, naming="top_down")
    assert default == cued
    # with the categories summed from the cued names (cogsim's cue before), the same patient is told it is a fruit
    told, ok_told = _answers(CuedNaming(categories="cued"), tiny_patient, tiny_battery, logits, naming="top_down")
    assert ok_told["apple"] and told["apple"] == "apple"
    with pytest.raises(ValueError, match="'categories'"):
        CuedNaming(categories="all")
