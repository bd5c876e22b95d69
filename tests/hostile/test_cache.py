"""Hostile caches: a file where the folder should be, an unwritable folder, corrupt entries, stale code."""

from __future__ import annotations

import warnings

import pytest

from cogsim.patients import HubConfig, TrainingConfig, build_patient

SMALL = dict(backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(8,)),
             training=TrainingConfig(augmentations=1, epochs=20), progress=False)


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("COGSIM_CACHE_DIR", str(folder))
    return folder


def test_cache_dir_that_is_a_file(tmp_path, monkeypatch, tiny_battery):
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("COGSIM_CACHE_DIR", str(tmp_path / "file"))
    with pytest.raises(ValueError, match=r"cogsim's cache folder '.*file' .* is a file, not a folder. Set "
                                         r"COGSIM_CACHE_DIR to a folder"):
        build_patient(tiny_battery, **SMALL)


def test_unwritable_cache_fails_before_training(monkeypatch, tiny_battery):
    from cogsim.patients import training

    calls = []
    # building trains through train_hubs (all hubs of a cohort at once); count any call to either
    monkeypatch.setattr(training, "train_hubs", lambda *a, **k: calls.append("train_hubs"))
    monkeypatch.setattr(training, "train_hub", lambda *a, **k: calls.append("train_hub"))
    monkeypatch.setenv("COGSIM_CACHE_DIR", "/proc/self")        # exists, and no one can create files there
    with pytest.raises(ValueError, match=r"cogsim's cache folder '/proc/self/patients' is not writable .*Set "
                                         r"COGSIM_CACHE_DIR to a folder you can write, or pass cache=False"):
        build_patient(tiny_battery, **SMALL)
    assert calls == []


def test_corrupt_cached_patient_is_reported_once_moved_aside_and_rebuilt(own_cache, tiny_battery):
    first = build_patient(tiny_battery, random_state=3, **SMALL)
    [entry] = (own_cache / "patients").glob("*.pt")
    entry.write_bytes(entry.read_bytes()[:100])                   # truncated
    with pytest.warns(RuntimeWarning, match=r"cache entry .*\.pt cannot be read .*moved to .*corrupt.* and is rebuilt"):
        again = build_patient(tiny_battery, random_state=3, **SMALL)
    assert again.parameter_hash() == first.parameter_hash()
    assert len(list((own_cache / "patients").glob("*.corrupt-*"))) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")                             # reported once: the rebuilt entry reads fine
        assert build_patient(tiny_battery, random_state=3, **SMALL).parameter_hash() == first.parameter_hash()


def test_corrupt_features_entry_is_rebuilt(own_cache, tiny_battery):
    from cogsim.patients import get_backbone, picture_features
    from cogsim.patients import features as features_module

    backbone = get_backbone("tiny_cnn", weights=None)
    features_module._MEMORY.clear()                               # read from this test's cache folder
    intact = picture_features(backbone, tiny_battery).clone()
    features_module._MEMORY.clear()
    assert list((own_cache / "features").glob("*.pt"))
    for entry in (own_cache / "features").glob("*.pt"):
        entry.write_bytes(b"not a tensor file")
    with pytest.warns(RuntimeWarning, match="cannot be read"):
        again = picture_features(backbone, tiny_battery)
    assert (again == intact).all()


def test_unwritable_feature_cache_works_without_caching(monkeypatch, tiny_battery):
    from cogsim import _cache
    from cogsim.patients import get_backbone, picture_features
    from cogsim.patients import features as features_module

    features_module._MEMORY.clear()
    monkeypatch.setattr(_cache, "_UNWRITABLE", set())

    def refuse(path, payload):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(_cache, "save_tensors", refuse)
    backbone = get_backbone("tiny_cnn", weights=None)
    with pytest.warns(RuntimeWarning, match="cannot write to its cache folder .*working without caching"):
        features = picture_features(backbone, tiny_battery, background="black")
    assert features.shape == (len(tiny_battery), backbone.feature_dim)
    features_module._MEMORY.clear()


def test_visual_prefix_is_read_back_from_the_disk_cache_and_rebuilt_when_corrupt(own_cache, tiny_battery,
                                                                                 monkeypatch):
    import torch

    from cogsim._cache import load_tensors
    from cogsim.patients import get_backbone
    from cogsim.patients import features as features_module

    backbone = get_backbone("tiny_cnn", weights=None)
    monkeypatch.setattr(features_module, "_PREFIXES", {})
    prefix = features_module.visual_prefix(backbone, tiny_battery, None, 2).clone()
    [entry] = [p for p in (own_cache / "features").glob("*.pt") if "prefix_until" in str(load_tensors(p)["spec"])]
    monkeypatch.setattr(features_module, "_PREFIXES", {})         # a new process: only the disk remembers
    monkeypatch.setattr(backbone, "run", lambda *a, **k: pytest.fail("recomputed instead of read"))
    assert torch.equal(features_module.visual_prefix(backbone, tiny_battery, None, 2), prefix)
    monkeypatch.undo()
    monkeypatch.setenv("COGSIM_CACHE_DIR", str(own_cache))
    monkeypatch.setattr(features_module, "_PREFIXES", {})
    entry.write_bytes(b"not a tensor file")
    with pytest.warns(RuntimeWarning, match="cannot be read"):
        again = features_module.visual_prefix(backbone, tiny_battery, None, 2)
    assert torch.equal(again, prefix)
    assert prefix.shape[0] == len(tiny_battery) and prefix.dim() == 4   # the input of stage 2, not features
