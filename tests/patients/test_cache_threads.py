"""What goes into the cache does not depend on the caller's number of torch threads.

A hub trained with one thread differs in the last bits from one trained with
two (MKL splits the products differently), and cache keys do not hold the
thread count: whichever process trained an entry first decided what every
later run was served.  Hub training, a patient's fits and the cached backbone
computations run with ``cogsim._threads.CACHE_THREADS`` threads, and the
caller's setting comes back afterwards.
"""

from __future__ import annotations

import pytest
import torch

from cogsim._threads import CACHE_THREADS, cache_threads
from cogsim.patients import HubConfig, TrainingConfig, build_patient
from cogsim.patients.lexicon import Lexicon
from cogsim.patients.training import train_hubs


@pytest.fixture
def caller_threads():
    """Restore the session's torch threads whatever a test sets."""
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


def test_cache_threads_sets_and_restores(caller_threads):
    torch.set_num_threads(1)
    with cache_threads():
        assert torch.get_num_threads() == CACHE_THREADS
    assert torch.get_num_threads() == 1
    with pytest.raises(RuntimeError), cache_threads():  # restored on the way out of an error too
        raise RuntimeError
    assert torch.get_num_threads() == 1


def test_hubs_are_the_same_whatever_the_callers_threads(tiny_battery, caller_threads):
    # Large enough that MKL splits the products across threads (a hub of 8 units on 16-d features is
    # computed by one thread either way and would prove nothing): without cache_threads in train_hubs
    # the two trainings below differ.
    lexicon = Lexicon.from_battery(tiny_battery)
    g = torch.Generator().manual_seed(0)
    n = len(lexicon.item_ids)
    targets = torch.arange(n).repeat(125)  # 1000 pictures: at 480 both counts happen to agree here
    features = torch.randn(len(targets), 1280, generator=g) + torch.randn(n, 1280, generator=g)[targets]
    training = TrainingConfig(epochs=5)
    hub = HubConfig(hidden=(256,))
    trained = {}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        trained[threads] = train_hubs(features, targets, lexicon, hub, training, [4, 5])
        assert torch.get_num_threads() == threads, "the caller's threads were not restored"
    for (one, _), (two, _) in zip(trained[1], trained[2]):
        assert one.keys() == two.keys()
        assert all(torch.equal(one[k], two[k]) for k in one), "the hubs depend on the caller's threads"


def test_a_patient_and_its_features_are_computed_with_the_cache_threads(tiny_battery, caller_threads, monkeypatch,
                                                                         tmp_path):
    from cogsim.patients import build as build_module
    from cogsim.patients import training as training_module
    from cogsim.patients import features as features_module
    from cogsim.patients.backbones import base as backbone_base

    monkeypatch.setenv("COGSIM_CACHE_DIR", str(tmp_path))  # nothing cached yet: features and hub are computed
    monkeypatch.setattr(features_module, "_MEMORY", {})      # nor remembered by this process
    seen = {"train": [], "features": [], "fits": []}
    train, features = training_module.train_hubs, backbone_base.Backbone.features
    fit = build_module._with_fitted_attributes

    def recording_train(*args, **kwargs):
        seen["train"].append(torch.get_num_threads())
        return train(*args, **kwargs)

    def recording_features(self, *args, **kwargs):
        seen["features"].append(torch.get_num_threads())
        return features(self, *args, **kwargs)

    def recording_fit(*args, **kwargs):
        seen["fits"].append(torch.get_num_threads())
        return fit(*args, **kwargs)

    monkeypatch.setattr(training_module, "train_hubs", recording_train)
    monkeypatch.setattr(backbone_base.Backbone, "features", recording_features)
    monkeypatch.setattr(build_module, "_with_fitted_attributes", recording_fit)
    torch.set_num_threads(1)
    build_patient(tiny_battery, backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(8,)),
                  training=TrainingConfig(augmentations=1, epochs=3), random_state=2, progress=False)
    assert seen["train"] == [CACHE_THREADS] and seen["fits"] == [CACHE_THREADS]
    assert seen["features"] and set(seen["features"]) == {CACHE_THREADS}
    assert torch.get_num_threads() == 1
