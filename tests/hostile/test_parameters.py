"""Hostile arguments: wrong types, empty inputs, out-of-range values, a patient on the wrong battery."""

from __future__ import annotations

import math
import shutil

import pytest

from cogsim.lesions import ActivationNoise, UnitAblation, WeightNoise, make_cohort
from cogsim.paradigms import CategoryVerification, PictureNaming, get_paradigm, run_paradigms
from cogsim.patients import HubConfig, ResponsePolicy, TrainingConfig
from cogsim.stimuli import load_battery


@pytest.mark.parametrize("make, error, message", [
    (lambda: UnitAblation(float("nan")), ValueError, "The 'severity' parameter of UnitAblation must be a float in [0, 1]. Got nan instead."),
    (lambda: UnitAblation("0.5"), TypeError, "The 'severity' parameter of UnitAblation must be a float in [0, 1]. Got '0.5' of type str instead."),
    (lambda: UnitAblation(0.5, site=""), TypeError, "The 'site' parameter of UnitAblation must be a non-empty string. Got '' instead."),
    (lambda: WeightNoise(0.5, sd=math.inf), ValueError, "The 'sd' parameter of WeightNoise must be a float in [0, 100]. Got inf instead."),
    (lambda: ActivationNoise(0.5, sd=-1), ValueError, "The 'sd' parameter of ActivationNoise must be a float in [0, 100]. Got -1 instead."),
    (lambda: TrainingConfig(epochs=1.5), TypeError, "The 'epochs' parameter of TrainingConfig must be a non-negative int. Got 1.5 of type float instead."),
    (lambda: TrainingConfig(augmentation={"scale": 1}), TypeError, "The 'augmentation' parameter of TrainingConfig must be an Augmentation."),
    (lambda: HubConfig(hidden=(8, -1)), ValueError, "The 'hidden' parameter of HubConfig must be a tuple of positive ints."),
    (lambda: ResponsePolicy(specific=1.0), ValueError, "The 'specific' parameter of ResponsePolicy must be a float in (0, 1). Got 1.0 instead."),
    (lambda: CategoryVerification(levels=()), ValueError, "The 'levels' parameter must name at least one level."),
    (lambda: get_paradigm("naming"), ValueError, "Invalid value for 'paradigm'."),
])
def test_bad_values_are_named(make, error, message):
    with pytest.raises(error) as info:
        make()
    assert str(info.value).startswith(message)


def test_bad_patients_argument(tiny_patient, tiny_battery):
    with pytest.raises(TypeError, match="The 'patients' parameter must be a Patient, a non-empty list or dict of "
                                        "patients, a Cohort or a LongitudinalPatient. Got an empty list instead."):
        PictureNaming().run([], tiny_battery)
    with pytest.raises(TypeError, match="Got an empty dict instead"):
        PictureNaming().run({}, tiny_battery)
    with pytest.raises(TypeError, match=r"patients\[1\] is a str; expected a Patient or LongitudinalPatient"):
        PictureNaming().run([tiny_patient, "P02"], tiny_battery)


def test_bad_battery_argument(tiny_patient, tiny_battery_dir):
    with pytest.raises(TypeError, match="The 'battery' parameter must be a Battery, a bundled battery name or a "
                                        "battery folder. Got int instead."):
        PictureNaming().run(tiny_patient, 42)
    # a name or a folder is accepted where a battery is expected ...
    by_folder = PictureNaming().run(tiny_patient, str(tiny_battery_dir), random_state=0)
    assert len(by_folder) == 8
    # ... and the default battery (None) is another battery than the one this patient learnt: a clear refusal
    with pytest.raises(ValueError, match=r"Patient P01 \(session 1\) learnt another battery than 'tuxpaint': its "
                                         r"lexicon has 8 items, the battery 140; the patient knows 'robin'"):
        PictureNaming().run(tiny_patient, None)


def test_bad_paradigms_argument(tiny_patient, tiny_battery):
    with pytest.raises(TypeError, match="must hold Paradigm objects"):
        run_paradigms(["picture_naming"], tiny_patient, tiny_battery)
    with pytest.raises(ValueError, match="Each paradigm may appear once"):
        run_paradigms([PictureNaming(), PictureNaming()], tiny_patient, tiny_battery)


def _copy_with(tiny_battery, tmp_path, change):
    from tests.conftest import rewrite_manifest

    folder = tmp_path / "copy"
    shutil.copytree(tiny_battery.root, folder)
    rewrite_manifest(folder, change)
    return load_battery(folder)


def test_swapped_pictures_are_refused_unless_new_pictures(tiny_patient, tiny_battery, tmp_path):
    def swap(rows):
        pics = {r["item_id"]: r["image"] for r in rows}
        for r in rows:
            if r["item_id"] in ("robin", "apple"):
                r["image"] = pics["apple" if r["item_id"] == "robin" else "robin"]
        return rows

    swapped = _copy_with(tiny_battery, tmp_path, swap)
    with pytest.raises(ValueError, match=r"Patient P01 \(session 1\) learnt the same items as battery 'copy' but "
                                         r"other pictures .* pass new_pictures=True"):
        PictureNaming().run(tiny_patient, swapped, random_state=0)
    on_new = PictureNaming().run(tiny_patient, swapped, random_state=0, new_pictures=True)
    named = on_new.set_index("item")["response"].astype(str)
    assert named["robin"] == "apple" and named["apple"] == "robin"   # as asked for: scored on what it sees
    assert on_new.set_index("item").loc["robin", "correct"] == 0


def test_moved_item_is_refused_even_with_new_pictures(tiny_patient, tiny_battery, tmp_path):
    moved = _copy_with(tiny_battery, tmp_path,
                       lambda rows: [dict(r, basic="fish") if r["item_id"] == "robin" else r for r in rows])
    for new_pictures in (False, True):
        with pytest.raises(ValueError, match=r"learnt item 'robin' with basic 'bird', but battery 'copy' gives it "
                                             r"basic 'fish'"):
            CategoryVerification().run(tiny_patient, moved, random_state=0, new_pictures=new_pictures)


def test_cohort_and_sweep_arguments(tiny_patient, tiny_battery):
    from cogsim.sweeps import run_sweep

    with pytest.raises(ValueError, match="The 'n_patients' parameter of make_cohort must be a positive int. Got 0"):
        make_cohort(tiny_patient, UnitAblation(0.0), severities=[0.5], n_patients=0)
    with pytest.raises(ValueError, match="The 'severities' parameter must name at least one severity"):
        make_cohort(tiny_patient, UnitAblation(0.0), severities=[])
    with pytest.raises(TypeError, match="The 'threads_per_task' parameter of run_sweep must be a positive int"):
        run_sweep(tiny_battery, threads_per_task="2")
    with pytest.raises(TypeError, match="'lesions' must hold lesion names or Lesion objects"):
        run_sweep(tiny_battery, backbones=["tiny_cnn"], backbone_weights=None, lesions=[3])


def test_replication_config_types():
    from cogsim.replication import ReplicationConfig

    with pytest.raises(TypeError, match="The 'n_patients' parameter of ReplicationConfig must be a positive int. "
                                        "Got True of type bool instead."):
        ReplicationConfig(n_patients=True)
    with pytest.raises(TypeError, match="The 'lesion' parameter of ReplicationConfig must be a lesion name or a Lesion"):
        ReplicationConfig(lesion=3)
