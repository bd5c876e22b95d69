"""ResponsePolicy(name_prior=...): frequent names win inside a category, and nothing else changes."""

from __future__ import annotations

import numpy as np
import pytest

from cogsim.lesions import UnitAblation
from cogsim.paradigms import CuedNaming, PictureNaming, with_name_prior
from cogsim.patients import ResponsePolicy

from ..conftest import TINY_ITEMS, write_battery

# Zipf frequencies: in each basic category the second member is the more frequent one
ZIPF = {"robin": 3.0, "crow": 4.5, "cod": 2.5, "trout": 3.5, "apple": 5.0, "lime": 3.0, "hammer": 3.2, "saw": 4.0}


@pytest.fixture(scope="module")
def battery(tmp_path_factory):
    from cogsim.stimuli import load_battery

    extra = {i: {"freq_en": ZIPF[i], "freq_ja": 6.0 - ZIPF[i]} for i, *_ in TINY_ITEMS}
    return load_battery(write_battery(tmp_path_factory.mktemp("freq") / "freq", extra_columns=extra))


@pytest.fixture(scope="module")
def damaged(battery):
    from cogsim.patients import HubConfig, TrainingConfig, build_patient

    patient = build_patient(battery, backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(16,)),
                            training=TrainingConfig(augmentations=2, epochs=200), random_state=1, progress=False)
    return patient.lesion(UnitAblation(0.7), random_state=5)  # deterministic: probabilities() is what naming reads


def _oracle_tilt(p, items, zipf, basic, w):
    """The prior written out item by item: tilt, then rescale each category back to its own mass."""
    out = np.zeros_like(p)
    mean = np.mean([zipf[i] for i in items])
    for t in range(p.shape[0]):
        for cat in set(basic.values()):
            members = [k for k, i in enumerate(items) if basic[i] == cat]
            tilted = {k: p[t, k] * 10 ** (w * (zipf[items[k]] - mean)) for k in members}
            total = sum(tilted.values())
            for k in members:
                out[t, k] = tilted[k] / total * sum(p[t, m] for m in members) if total > 0 else 0.0
    return out


def test_the_prior_matches_an_item_by_item_oracle_and_keeps_each_category(damaged, battery):
    lex = damaged.lexicon
    p = damaged.probabilities(battery).item.numpy().astype(np.float64)
    basic = dict(zip(battery.item_ids, battery.items["basic"]))
    got = with_name_prior(p[None], battery, lex, [ResponsePolicy(name_prior=0.7)])[0]
    np.testing.assert_allclose(got, _oracle_tilt(p, list(lex.item_ids), ZIPF, basic, 0.7), rtol=1e-10, atol=1e-14)
    member = lex.membership("basic").numpy()
    np.testing.assert_allclose(got @ member, p @ member, rtol=1e-10, atol=1e-14)
    # a patient without the prior keeps its beliefs exactly, beside one with it
    both = with_name_prior(np.stack([p, p]), battery, lex, [ResponsePolicy(), ResponsePolicy(name_prior=0.7)])
    assert np.array_equal(both[0], p) and not np.allclose(both[1], p)


def test_frequent_names_win_and_the_category_level_answers_do_not_move(damaged, battery):
    base = ResponsePolicy(specific=0.5, basic=0.4, domain=0.4, naming="top_down")
    plain = PictureNaming().run(damaged.with_policy(base), battery, random_state=0)
    strong = PictureNaming().run(damaged.with_policy(specific=0.5, basic=0.4, domain=0.4, naming="top_down",
                                                     name_prior=5.0), battery, random_state=0)
    # the category's probability is unchanged, so whoever answered "bird", "animal" or "don't know" only
    # because the category was unsure still does; answers at the item or basic level may swap
    coarse = plain["response_level"].isin(["domain", "none"])
    assert coarse.any(), "the lesion should leave some pictures below the basic level"
    assert strong.loc[coarse, "response"].tolist() == plain.loc[coarse, "response"].tolist()
    # each specific name is the member the tilted beliefs favour inside the category reached
    lex = damaged.lexicon
    items = list(lex.item_ids)
    basic = dict(zip(battery.item_ids, battery.items["basic"]))
    p = damaged.probabilities(battery).item.numpy().astype(np.float64)
    tilted = _oracle_tilt(p, items, ZIPF, basic, 5.0)
    named = strong[strong["response_level"] == "specific"]
    assert len(named) > 0
    for t, row in named.iterrows():
        members = [k for k, i in enumerate(items) if basic[i] == basic[row["response_id"]]]
        assert row["response_id"] == items[max(members, key=lambda k: tilted[items.index(row["item"]), k])]
    # and the specific names given are more frequent words than without the prior
    def zipf_of_names(df):
        return df.loc[df["response_level"] == "specific", "response_id"].map(ZIPF).mean()
    assert zipf_of_names(strong) > zipf_of_names(plain)
    # the score column stays the belief in the target before the prior
    np.testing.assert_array_equal(strong["score"].to_numpy(), plain["score"].to_numpy())


def test_the_naming_language_chooses_the_frequencies(damaged, battery):
    policy = dict(specific=0.5, basic=0.4, domain=0.4, naming="top_down", name_prior=5.0)
    ja = PictureNaming(language="ja").run(damaged.with_policy(**policy), battery, random_state=0)
    en = PictureNaming().run(damaged.with_policy(**policy), battery, random_state=0)
    # freq_ja = 6 - freq_en reverses every category's order, so the two languages' names drift apart
    zipf = lambda df: df.loc[df["response_level"] == "specific", "response_id"].map(ZIPF).mean()  # noqa: E731
    assert zipf(ja) < zipf(en)
    assert ja["response_level"].tolist() != en["response_level"].tolist() or \
        ja["response_id"].tolist() != en["response_id"].tolist()


def test_the_prior_cannot_revive_a_name_the_cue_excluded(damaged, battery):
    kwargs = dict(specific=0.5, basic=0.4, domain=0.4, naming="top_down")
    plain = CuedNaming().run(damaged.with_policy(**kwargs), battery, random_state=0)
    assert plain.equals(CuedNaming().run(damaged.with_policy(**kwargs, name_prior=0.0), battery, random_state=0))
    # here each first sound leaves at most one name per category, so a prior (which only moves belief
    # inside a category) has nothing to choose between: cued naming is the same with or without it
    strong = CuedNaming().run(damaged.with_policy(**kwargs, name_prior=5.0), battery, random_state=0)
    assert strong.equals(plain)
    uncued = PictureNaming().run(damaged.with_policy(**kwargs, name_prior=5.0), battery, random_state=0)
    assert not uncued["response"].equals(PictureNaming().run(damaged.with_policy(**kwargs), battery,
                                                             random_state=0)["response"])


def test_a_battery_without_frequencies_gets_a_clear_error(tiny_patient, tiny_battery):
    with pytest.raises(ValueError, match=r"name_prior=0\.5.*'freq_en' is missing.*with_policy\(name_prior=0\)"):
        PictureNaming().run(tiny_patient.with_policy(name_prior=0.5), tiny_battery, random_state=0)


def test_bad_name_prior_values():
    with pytest.raises(ValueError, match=r"'name_prior' parameter of ResponsePolicy must be a float in \[0, 10\]"):
        ResponsePolicy(name_prior=-1)
    with pytest.raises(TypeError, match="name_prior"):
        ResponsePolicy(name_prior="high")
