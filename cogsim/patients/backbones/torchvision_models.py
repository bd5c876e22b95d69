"""torchvision models (``resnet18``, ``alexnet``, ``vgg16``, ``mobilenet_v3_large`` …) with weights from torch's cache."""

from __future__ import annotations

import os
from pathlib import Path

import torch
from torch import nn

from ..._cache import file_sha256
from . import downloads
from .base import IMAGENET_MEAN, IMAGENET_STD, Backbone, Flatten, Seq, random_init
from .downloads import OFFLINE_VAR, downloads_allowed

__all__ = ["TORCHVISION_MODELS", "torchvision_backbone", "torchvision_weights_path", "describe_torchvision"]

#: The torchvision models cogsim cuts into stages.
TORCHVISION_MODELS = ("alexnet", "mobilenet_v3_large", "mobilenet_v3_small", "resnet18", "resnet34",
                      "resnet50", "vgg11", "vgg16", "efficientnet_b0")


def torchvision_weights_path(name: str, weights="DEFAULT") -> tuple[Path, object]:
    """Where torch's cache keeps the weights *weights* of torchvision model *name*, and the weights' enum member."""
    from torchvision.models import get_model_weights

    enum = get_model_weights(name)
    chosen = enum.DEFAULT if weights == "DEFAULT" else getattr(enum, weights)
    return Path(torch.hub.get_dir()) / "checkpoints" / os.path.basename(chosen.url), chosen


def _torchvision_weights_file(name: str, weights, download: bool | None = None,
                              progress: bool = True) -> tuple[Path | None, object]:
    from torchvision.models import get_model_weights

    enum = get_model_weights(name)
    if weights == "DEFAULT" or (isinstance(weights, str) and hasattr(enum, weights)):
        path, chosen = torchvision_weights_path(name, weights)
        filename = path.name
        how = (f"Copy the file {filename} there (it is {chosen.url}), or pass weights='path/to/{filename}', "
               "or weights=None for random weights.")
        if not path.is_file():
            if not downloads_allowed(download):
                raise ValueError(
                    f"Weights {chosen} for backbone {name!r} are not on this machine: cogsim looked for "
                    f"{str(path)!r} (torch's cache, set by $TORCH_HOME), and downloads are off "
                    f"(${OFFLINE_VAR} or download=False). {how}")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                downloads.download(chosen.url, path, progress)
            except Exception as exc:  # noqa: BLE001 - no network, a refused connection, a bad hash ...
                reason = str(exc).rstrip(".")
                raise ValueError(
                    f"Weights {chosen} for backbone {name!r} are not on this machine ({str(path)!r}, torch's cache, "
                    f"set by $TORCH_HOME), and downloading them failed: {type(exc).__name__}: {reason}. {how}") from None
        return path, chosen
    return Path(weights), None


def torchvision_backbone(name: str):
    def factory(weights, random_state, download=None) -> Backbone:
        from torchvision.models import get_model

        if weights is None:
            model, weights_id = random_init(lambda: get_model(name, weights=None), random_state)
        else:
            path, _ = _torchvision_weights_file(name, weights, download)
            if not path.is_file():
                raise ValueError(f"Weights file for backbone {name!r} not found: looked for {str(path)!r}.")
            model, _ = random_init(lambda: get_model(name, weights=None), 0)
            model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
            weights_id = f"sha256:{file_sha256(path)[:16]}"
        pool = ("pool", Seq(nn.AdaptiveAvgPool2d(1), Flatten()))
        if name.startswith("resnet"):
            stages = [("stem", Seq(model.conv1, model.bn1, model.relu, model.maxpool))]
            stages += [(f"layer{i}", getattr(model, f"layer{i}")) for i in range(1, 5)]
            stages.append(pool)
            dim, what = model.fc.in_features, "global-average-pooled layer4 output"
        elif name.startswith(("vgg", "alexnet")):
            stages = [(f"features.{i}", m) for i, m in enumerate(model.features)]
            head = list(model.classifier.children())[:-1]
            stages.append(("classifier", Seq(model.avgpool, Flatten(), *head)))
            dim, what = model.classifier[-1].in_features, "penultimate fully connected layer"
        else:  # mobilenet_v3_*, efficientnet_b*
            stages = [(f"features.{i}", m) for i, m in enumerate(model.features)]
            stages.append(pool)
            first = [m for m in model.classifier.modules() if isinstance(m, nn.Linear)][0]
            dim, what = first.in_features, "global-average-pooled last convolutional block"
        return Backbone(name, stages, dim, 224, IMAGENET_MEAN, IMAGENET_STD, weights_id, f"{dim}-d {what}")

    return factory


def describe_torchvision(name: str):
    """The inventory row of torchvision model *name*: are its weights in torch's cache?"""
    def describe() -> dict:
        path, _ = torchvision_weights_path(name)
        weights = (f"on this machine ({path})" if path.is_file()
                   else "downloaded on first use" if downloads_allowed() else f"missing ({path}); downloads off")
        return {"weights": weights, "licence": "torchvision's terms (BSD-3-Clause code)", "input": 224,
                "normalisation": "ImageNet mean/std"}

    return describe
