"""Integration: the four paradigms on the bundled battery and the pretrained default patient."""

import pytest

from cogsim.lesions import ActivationNoise, UnitAblation
from cogsim.paradigms import PictureNaming, get_paradigm, list_paradigms


@pytest.fixture(scope="module")
def moderate(default_patient):
    # Hub damage of moderate severity: noisy hub units, half of them then lost.
    noisy = default_patient.lesion(ActivationNoise(1.0, sd=3.0), random_state=5)
    return [noisy.lesion(UnitAblation(0.5), random_state=s) for s in (1, 2, 3)]


@pytest.mark.parametrize("name", list_paradigms())
def test_intact_default_patient_is_at_ceiling(name, default_patient, default_battery):
    df = get_paradigm(name).run(default_patient, default_battery, random_state=0)
    assert df["correct"].mean() >= 0.95, df.groupby("condition")["correct"].mean()


@pytest.mark.parametrize("name", list_paradigms())
def test_moderate_hub_damage_shows_errors(name, moderate, default_battery):
    df = get_paradigm(name).run(moderate, default_battery, random_state=0)
    assert 0.0 < df["correct"].mean() <= 0.98  # at least 2% errors


def test_moderate_damage_gives_omission_superordinate_and_semantic_errors(moderate, default_battery):
    df = PictureNaming().run(moderate, default_battery, random_state=0)
    shares = df["error"].value_counts(normalize=True)
    for error in ("omission", "superordinate", "semantic"):
        assert shares.get(error, 0.0) >= 0.03, shares


def test_japanese_responses(default_patient, default_battery):
    df = PictureNaming(language="ja").run(default_patient, default_battery, random_state=0)
    names = dict(zip(default_battery.items["item_id"], default_battery.items["name_ja"]))
    assert df["response"].tolist() == [names[i] for i in df["item"]]
