"""``tiny_cnn``: a three-layer random-weight CNN for tests and teaching (builds in milliseconds)."""

from __future__ import annotations

from torch import nn

from .base import Backbone, Flatten, Seq, random_init

__all__ = ["tiny_cnn", "describe_tiny_cnn"]


def tiny_cnn(weights, random_state, download=None) -> Backbone:
    if weights not in (None, "DEFAULT"):
        raise ValueError("The 'tiny_cnn' backbone has random weights only: pass weights=None.")

    def build():
        return nn.ModuleList([
            Seq(nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.ReLU()),
            Seq(nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU()),
            Seq(nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), Flatten()),
        ])

    layers, weights_id = random_init(build, random_state)
    stages = [(f"conv{i + 1}", m) for i, m in enumerate(layers)]
    return Backbone("tiny_cnn", stages, 32, 32, (0.5, 0.5, 0.5), (0.5, 0.5, 0.5), weights_id,
                    "32-d global average of conv3 (random weights)")


def describe_tiny_cnn() -> dict:
    return {"weights": "random (tests and teaching)", "licence": "-", "input": 32,
            "normalisation": "mean 0.5, std 0.5 ([-1, 1])"}
