"""Building patients: presets, batteries by name or folder, and cache keys that follow the code."""

from __future__ import annotations

import json
import re

import pytest
import torch

from cogsim.patients import HubConfig, ResponsePolicy, TrainingConfig, build_patient, load_patient

SMALL = dict(backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(8,)),
             training=TrainingConfig(augmentations=1, epochs=20), progress=False)


def test_a_changed_training_function_never_serves_an_old_patient(tiny_battery, monkeypatch):
    from cogsim.patients import training

    first = build_patient(tiny_battery, random_state=11, **SMALL)          # trained and cached
    calls = []
    original = training.train_hubs

    def changed(*args, **kwargs):
        calls.append(1)
        out = original(*args, **kwargs)
        for params, _ in out:
            params["hub.output.bias"] = params["hub.output.bias"] + 1.0
        return out

    monkeypatch.setattr(training, "train_hubs", changed)
    second = build_patient(tiny_battery, random_state=11, **SMALL)
    assert calls == [1], "the cached patient of the old code was served"
    assert second.parameter_hash() != first.parameter_hash()
    monkeypatch.undo()
    third = build_patient(tiny_battery, random_state=11, **SMALL)          # the old code's entry again
    assert third.parameter_hash() == first.parameter_hash() and calls == [1]


def test_code_hash_follows_the_source(tmp_path, monkeypatch):
    import importlib
    import os
    import sys

    from cogsim._cache import code_hash

    (tmp_path / "plugin_mod.py").write_text("def f():\n    return 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("plugin_mod")
    before = code_hash(module.f)
    assert code_hash(module) == before
    (tmp_path / "plugin_mod.py").write_text("def f():\n    return 2\n", encoding="utf-8")
    os.utime(tmp_path / "plugin_mod.py", ns=(1, 1))
    assert code_hash(module.f) != before
    sys.modules.pop("plugin_mod", None)


def test_build_patient_from_a_preset(tiny_battery):
    from cogsim.presets import get_preset, list_presets

    preset = get_preset("sd_hub", tiny_battery)  # no word frequencies in this battery: the default without them
    assert preset.name == "sd_hub_v20" and get_preset("sd_hub").name == "sd_hub_v52"
    patient = build_patient(tiny_battery, preset="sd_hub", backbone="tiny_cnn", backbone_weights=None,
                            progress=False)
    assert patient.hub_config == preset.hub and patient.training == preset.training
    assert patient.policy == preset.policy
    own = build_patient(tiny_battery, preset="sd_hub", policy=ResponsePolicy(specific=0.7), backbone="tiny_cnn",
                        backbone_weights=None, progress=False)
    assert own.policy == ResponsePolicy(specific=0.7) and own.parameter_hash() == patient.parameter_hash()
    names = [repr(name) for name in list_presets()]  # the exact list is tests/test_presets.py's
    allowed = ", ".join(names[:-1]) + f" and {names[-1]}"
    with pytest.raises(ValueError, match=re.escape(f"Invalid value for 'preset'. Allowed values are {allowed}, "
                                                   "but got 'sd'.")):
        build_patient(tiny_battery, preset="sd")


def test_battery_by_folder_and_clear_type_errors(tiny_battery_dir):
    patient = build_patient(str(tiny_battery_dir), random_state=2, **SMALL)
    assert len(patient.lexicon.item_ids) == 8
    with pytest.raises(TypeError, match="The 'battery' parameter must be a Battery, a bundled battery name or a "
                                        "battery folder. Got int instead."):
        build_patient(42)
    with pytest.raises(TypeError, match="The 'training' parameter must be a TrainingConfig"):
        build_patient(tiny_battery_dir, training={"epochs": 3})


def test_load_checks_the_format_version(tiny_patient, tmp_path):
    from cogsim._cache import load_tensors, save_tensors

    path = tiny_patient.save(tmp_path / "p.pt")
    data = load_tensors(path)
    meta = json.loads(data["meta"])
    for version, expected in ((1, "format version 1"), (99, "format version 99")):
        save_tensors(tmp_path / "v.pt", {**data, "meta": json.dumps({**meta, "version": version})})
        with pytest.raises(ValueError, match=f"{expected} .*reads version 3. Rebuild the patient"):
            load_patient(tmp_path / "v.pt")
    broken = {k: v for k, v in meta.items() if k != "lexicon"}
    save_tensors(tmp_path / "b.pt", {**data, "meta": json.dumps(broken)})
    with pytest.raises(ValueError, match="incomplete cogsim patient file: it lacks 'lexicon'"):
        load_patient(tmp_path / "b.pt")
    odd = {**meta, "training": {**meta["training"], "basic_names": 1.0}}
    save_tensors(tmp_path / "t.pt", {**data, "meta": json.dumps(odd)})
    with pytest.raises(ValueError, match="Unknown TrainingConfig field\\(s\\) 'basic_names'"):
        load_patient(tmp_path / "t.pt")
    unknown = {**meta, "lesions": [{"lesion": {"type": "stroke", "severity": 0.5, "site": "hub"}, "seed": "1"}]}
    save_tensors(tmp_path / "l.pt", {**data, "meta": json.dumps(unknown)})
    with pytest.raises(ValueError, match="lesion 1 of the patient's history cannot be rebuilt: Unknown lesion type "
                                         "'stroke'.*register_lesion"):
        load_patient(tmp_path / "l.pt")


def test_reads_lesion_class_names_of_older_files(tiny_patient, tmp_path):
    from cogsim._cache import load_tensors, save_tensors
    from cogsim.lesions import UnitAblation

    damaged = tiny_patient.lesion(UnitAblation(0.5), random_state=1)
    data = load_tensors(damaged.save(tmp_path / "d.pt"))
    meta = json.loads(data["meta"])
    meta["lesions"][0]["lesion"]["type"] = "UnitAblation"
    save_tensors(tmp_path / "old.pt", {**data, "meta": json.dumps(meta)})
    assert load_patient(tmp_path / "old.pt").parameter_hash() == damaged.parameter_hash()


def test_parameter_hash_sees_noise_settings(tiny_patient):
    from cogsim.lesions import ActivationNoise, UnitAblation

    a = tiny_patient.lesion(ActivationNoise(0.3), random_state=0)
    b = tiny_patient.lesion(ActivationNoise(0.6), random_state=0)
    c = tiny_patient.lesion(ActivationNoise(0.3, site="conv2"), random_state=0)
    d = tiny_patient.lesion(ActivationNoise(0.6, site="conv2"), random_state=0)
    assert len({p.parameter_hash() for p in (tiny_patient, a, b, c, d)}) == 5
    e = tiny_patient.lesion(UnitAblation(0.3, site="conv2"), random_state=0)
    f = tiny_patient.lesion(UnitAblation(0.3, site="conv2"), random_state=1)
    assert e.parameter_hash() != f.parameter_hash()        # visual unit masks are part of the hash


def test_hub_forward_is_the_one_pass(tiny_patient, tiny_battery):
    """Evaluation equals an independent MLP computation from the stored parameters."""
    f = tiny_patient.features(tiny_battery)
    h = (f - tiny_patient.hub["hub.input.mean"]) / tiny_patient.hub["hub.input.std"]
    h = torch.relu(h @ tiny_patient.hub["hub.hidden1.weight"].T + tiny_patient.hub["hub.hidden1.bias"])
    logits = h @ tiny_patient.hub["hub.output.weight"].T + tiny_patient.hub["hub.output.bias"]
    torch.testing.assert_close(tiny_patient.hub_logits(f), logits, rtol=0, atol=0)
