"""Item norms: typicality, distinctiveness, frequencies and the refusal of batteries without them."""

import numpy as np
import pandas as pd
import pytest

from cogsim.stimuli import load_battery
from cogsim.stimuli.norms import (add_frequencies, attribute_matrix, attribute_typicality, distinctiveness,
                                  family_resemblance,
                                  require_norms, visual_typicality)

from ..conftest import rewrite_manifest, write_battery


def _cos(a, b):
    return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))


def test_visual_typicality_leaves_each_item_out_of_its_own_prototype():
    x = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [5.0, 5.0]])
    groups = ["a", "a", "a", "b"]
    got = visual_typicality(x, groups)
    # oracle: written out by hand
    assert got[0] == pytest.approx(_cos(x[0], (x[1] + x[2]) / 2))
    assert got[1] == pytest.approx(_cos(x[1], (x[0] + x[2]) / 2))
    assert np.isnan(got[3])  # alone in its group


def test_visual_typicality_against_a_reference():
    ref = np.array([[1.0, 0.0], [0.0, 1.0]])
    got = visual_typicality(np.array([[1.0, 1.0], [1.0, 0.0]]), ["g", "h"], reference=ref, reference_groups=["g", "g"])
    assert got[0] == pytest.approx(1.0)
    assert np.isnan(got[1])


def _items():
    return pd.DataFrame({"item_id": ["duck", "owl", "dog", "car"], "domain": ["animal", "animal", "animal", "artefact"],
                         "basic": ["bird", "bird", "mammal", "vehicle"],
                         "attr_wings": [1, 1, 0, 0], "attr_legs_4": [0, 0, 1, 0], "attr_wheels": [0, 0, 0, 1]})


def test_distinctiveness_is_the_share_of_the_domain():
    share = distinctiveness(_items())
    assert share.at["animal", "wings"] == pytest.approx(2 / 3)
    assert share.at["animal", "legs_4"] == pytest.approx(1 / 3)
    assert share.at["artefact", "wheels"] == 1.0


def test_attribute_typicality_oracle():
    typ = attribute_typicality(_items())
    assert typ["duck"] == pytest.approx(_cos(np.array([1, 0, 0.0]), np.array([0.5, 0.5, 0])))
    assert typ["dog"] == pytest.approx(0.0)


def test_family_resemblance_oracle():
    """Hand-computed: each attribute weighted by the share of the *other* members of the group having it."""
    items = _items()
    fr = family_resemblance(items)
    assert fr["duck"] == pytest.approx(1 / 2)        # wings: owl has them, dog not
    assert fr["dog"] == pytest.approx(0.0)           # four legs: no other animal
    assert np.isnan(fr["car"])                       # alone in its domain
    basic = family_resemblance(items, level="basic")
    assert basic["duck"] == pytest.approx(1.0) and np.isnan(basic["dog"])
    with pytest.raises(ValueError, match="Invalid value for 'level'"):
        family_resemblance(items, level="specific")


def test_family_resemblance_on_the_bundled_battery_is_defined_for_every_item(default_battery):
    items = default_battery.items
    for level in ("domain", "basic"):
        fr = family_resemblance(items, level=level)
        alone = items.groupby(level)["item_id"].transform("size") == 1
        assert fr.index.tolist() == items["item_id"].tolist()
        assert fr[~alone.to_numpy()].notna().all() and fr[alone.to_numpy()].isna().all()
        assert (fr.dropna() >= 0).all()


def test_missing_norms_are_named_with_how_to_supply_them():
    items = _items().drop(columns=["attr_wings", "attr_legs_4", "attr_wheels"])
    with pytest.raises(ValueError, match=r"'attr_<attribute>' is missing: add 0/1 columns"):
        attribute_matrix(items)
    with pytest.raises(ValueError, match=r"'freq_en' is missing: fill it with cogsim.stimuli.norms.add_frequencies"):
        require_norms(items, ["freq"], "Something")


def test_a_bad_attribute_value_names_file_row_and_column(tmp_path):
    folder = write_battery(tmp_path / "b")

    def edit(rows):
        for k, row in enumerate(rows):
            row["attr_wings"] = "yes" if k == 1 else "1"
        return rows

    rewrite_manifest(folder, edit)
    with pytest.raises(ValueError, match=r"items.csv row 3 .*attribute attr_wings must be 0 or 1, got 'yes'"):
        load_battery(folder)


def test_frequencies_come_from_wordfreq():
    pytest.importorskip("wordfreq")
    out = add_frequencies(pd.DataFrame({"specific": ["dog", "ostrich"], "name_ja": ["イヌ", "ダチョウ"]}))
    assert out["freq_en"][0] > out["freq_en"][1] > 0
    assert out["freq_ja"][0] > 0


def test_bundled_battery_has_its_norms(default_battery):
    items = default_battery.items
    assert {"freq_en", "freq_ja", "typicality_domain", "typicality_basic", "facing"} <= set(items.columns)
    attrs = attribute_matrix(items)
    assert 25 <= attrs.shape[1] <= 50
    birds = attrs.loc[items.loc[items["basic"] == "bird", "item_id"]]
    assert birds[["feathers", "beak", "wings"]].all().all()  # the coding's own rules, by knowledge
    assert attrs.loc["camel", "hump"] == 1 and attrs.loc["horse", "hump"] == 0
    # legs are one bin at most
    assert (attrs[["legs_2", "legs_4", "legs_6plus"]].sum(axis=1) <= 1).all()
