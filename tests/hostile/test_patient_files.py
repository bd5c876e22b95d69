"""Hostile patient files: each is refused at load with one clear error naming the file."""

from __future__ import annotations

import json
import pickle

import pytest
import torch

from cogsim._cache import load_tensors, save_tensors
from cogsim.patients import load_patient


@pytest.fixture
def saved(tiny_patient, tmp_path):
    path = tiny_patient.save(tmp_path / "p.pt")
    data = load_tensors(path)
    return path, data, json.loads(data["meta"])


def _write(tmp_path, data, meta=None, name="x.pt"):
    payload = dict(data)
    if meta is not None:
        payload["meta"] = json.dumps(meta)
    save_tensors(tmp_path / name, payload)
    return tmp_path / name


def test_truncated_file(saved, tmp_path):
    path, _, _ = saved
    cut = tmp_path / "cut.pt"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ValueError, match=f"{cut} is not a cogsim patient file"):
        load_patient(cut)


def test_pickled_code_is_never_run(tmp_path):
    class Payload:
        def __reduce__(self):
            return (print, ("pwned",))

    bad = tmp_path / "evil.pt"
    bad.write_bytes(pickle.dumps({"meta": Payload()}))
    with pytest.raises(ValueError, match="is not a cogsim patient file"):
        load_patient(bad)


def test_a_folder_is_not_a_patient(tmp_path):
    with pytest.raises(ValueError, match="No patient file at"):
        load_patient(tmp_path)


def test_meta_that_is_not_an_object(saved, tmp_path):
    _, data, _ = saved
    with pytest.raises(ValueError, match="is not a cogsim patient file: its metadata is not a JSON object"):
        load_patient(_write(tmp_path, dict(data, meta="[1, 2]")))


def test_newer_format_version(saved, tmp_path):
    _, data, meta = saved
    with pytest.raises(ValueError, match="format version 4 .*reads version 3. Rebuild the patient"):
        load_patient(_write(tmp_path, data, dict(meta, version=4)))


def test_wrong_hub_shape(saved, tmp_path):
    _, data, meta = saved
    hub = dict(data["hub"])
    hub["hub.output.weight"] = hub["hub.output.weight"][:3]
    with pytest.raises(ValueError, match=r"hub tensor 'hub.output.weight' should be a finite tensor of shape "
                                         r"\(8, 16\); got \(3, 16\)"):
        load_patient(_write(tmp_path, dict(data, hub=hub)))


def test_non_finite_weights(saved, tmp_path):
    _, data, _ = saved
    hub = dict(data["hub"])
    hub["hub.hidden1.bias"] = hub["hub.hidden1.bias"].clone()
    hub["hub.hidden1.bias"][0] = float("nan")
    with pytest.raises(ValueError, match="hub tensor 'hub.hidden1.bias'.*with non-finite values"):
        load_patient(_write(tmp_path, dict(data, hub=hub)))


def test_missing_hub_tensor(saved, tmp_path):
    _, data, _ = saved
    hub = {k: v for k, v in data["hub"].items() if k != "hub.input.std"}
    with pytest.raises(ValueError, match="has hub tensors .* but its description needs"):
        load_patient(_write(tmp_path, dict(data, hub=hub)))


def test_bad_policy_in_file(saved, tmp_path):
    _, data, meta = saved
    with pytest.raises(ValueError, match="has an invalid patient description: .*'specific' parameter of "
                                         "ResponsePolicy must be a float in \\(0, 1\\)"):
        load_patient(_write(tmp_path, data, dict(meta, policy=dict(meta["policy"], specific=7))))


def test_other_backbone_weights(saved, tmp_path):
    _, data, meta = saved
    with pytest.raises(ValueError, match="was trained on tiny_cnn weights random:1, but the weights found now"):
        load_patient(_write(tmp_path, data, dict(meta, weights_id="random:1")))


def test_lesion_with_bad_parameters(saved, tmp_path):
    _, data, meta = saved
    record = {"lesion": {"type": "unit_ablation", "severity": 7, "site": "hub"}, "seed": "1"}
    with pytest.raises(ValueError, match="lesion 1 of the patient's history cannot be rebuilt: The 'severity' "
                                         "parameter of UnitAblation must be a float in \\[0, 1\\]"):
        load_patient(_write(tmp_path, data, dict(meta, lesions=[record])))


def test_saved_damaged_patient_round_trips_with_noise(tiny_patient, tiny_battery, tmp_path):
    """The round trip sees noise settings (they are in the parameter hash) and gives the same answers."""
    from cogsim.lesions import ActivationNoise

    noisy = (tiny_patient.lesion(ActivationNoise(0.4, site="conv2"), random_state=3)
             .lesion(ActivationNoise(0.2), random_state=4))
    again = load_patient(noisy.save(tmp_path / "n.pt"))
    assert again.parameter_hash() == noisy.parameter_hash()
    assert again.visual_noise == noisy.visual_noise and again.activation_noise == noisy.activation_noise
    assert torch.equal(again.logits(tiny_battery, random_state=1), noisy.logits(tiny_battery, random_state=1))
