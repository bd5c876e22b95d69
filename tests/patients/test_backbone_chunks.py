"""Backbone.run takes a few pictures at a time per stage; for EfficientNet-Lite0 the numbers must not depend on how many."""

from __future__ import annotations

import copy
from dataclasses import replace

import numpy as np
import pytest
import torch

from cogsim.patients.backbones import base, get_backbone


def _pictures(n, size, seed=0):
    """Smooth random pictures in [-1, 1] (a preprocessed batch), not white noise."""
    rng = np.random.default_rng(seed)
    coarse = torch.from_numpy(rng.uniform(-1, 1, size=(n, 3, size // 16, size // 16)).astype(np.float32))
    return torch.nn.functional.interpolate(coarse, size=(size, size), mode="bilinear", align_corners=False)


@pytest.fixture(scope="module")
def lite0():
    return get_backbone("efficientnet_lite0")


@pytest.mark.parametrize("chunks", [(2, 2), (3, 5)])
def test_efficientnet_lite0_chunks_give_the_numbers_of_one_pass(lite0, chunks):
    x = _pictures(7, lite0.input_size)  # 7 = 2 + 2 + 3 and 3 + 4: never a chunk of one
    one_pass = replace(lite0, chunks=None)
    assert torch.equal(replace(lite0, chunks=chunks).run(x), one_pass.run(x))


def test_chunks_keep_the_noise_draws_and_the_damage_of_one_pass(lite0):
    x = _pictures(6, lite0.input_size, seed=1)
    start = len(lite0.stages) - 3
    prefix = lite0.run(x, 0, start)
    damaged = copy.deepcopy(lite0.stages[start][1])
    with torch.no_grad():
        for p in damaged.parameters():
            p.mul_(0.9)

    def run(backbone, noise):
        return backbone.run(prefix, start, overrides={start: damaged}, noise=noise,
                            rng=np.random.default_rng(7))

    noise = {start: 0.3, start + 1: 0.1}
    chunked = run(replace(lite0, chunks=(2, 2)), noise)
    assert torch.equal(chunked, run(replace(lite0, chunks=None), noise))
    assert not torch.equal(chunked, run(lite0, None))  # the noise is really there


def test_chunk_size_is_small_for_large_pictures_larger_for_small_ones_and_whole_without_chunks():
    assert base.chunk_size(torch.zeros(8, 3, 224, 224), (4, 16)) == 4
    assert base.chunk_size(torch.zeros(40, 192, 7, 7), (4, 16)) == 16
    assert base.chunk_size(torch.zeros(40, 192, 7, 7), None) == 40
    assert base.chunk_size(torch.zeros(0, 3, 8, 8), (4, 16)) == 1
    assert base.chunk_size(torch.zeros(8, 3, 8, 8), (1, 1)) == 2  # never one picture at a time


def test_a_last_chunk_of_one_picture_joins_the_one_before():
    assert base.chunk_starts(9, 4) == [0, 4]
    assert base.chunk_starts(10, 4) == [0, 4, 8]
    assert base.chunk_starts(1, 4) == [0]
    assert base.chunk_starts(0, 4) == [0]


def test_augmented_features_grouped_across_items_equal_item_by_item(lite0, tiny_battery, monkeypatch, tmp_path):
    from cogsim.patients.features import Augmentation, augmented_batches, battery_features

    monkeypatch.setenv("COGSIM_CACHE_DIR", str(tmp_path))
    grouped = battery_features(lite0, tiny_battery, augmentations=5, progress=False).augmented
    by_item = torch.stack([lite0.features(batch) for batch in augmented_batches(
        tiny_battery, lite0.input_size, 5, Augmentation(), 0)])
    assert len(tiny_battery) * 5 > 32  # more than one group, so the grouping is exercised
    assert torch.equal(grouped, by_item)
