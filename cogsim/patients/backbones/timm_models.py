"""``timm:<model>``: CNNs of the timm library (ResNet, EfficientNet, MobileNetV3, ConvNeXt families)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import torch
from torch import nn

from ..._cache import file_sha256
from .base import IMAGENET_MEAN, IMAGENET_STD, Backbone, Seq, random_init
from .downloads import OFFLINE_VAR, downloads_allowed

__all__ = ["TIMM_PREFIX", "TIMM_FAMILIES", "timm_backbone", "describe_timm"]


#: Prefix of backbones from the timm library: ``"timm:<model name>"``.
TIMM_PREFIX = "timm:"
#: The timm model classes whose stages cogsim knows (their ``forward_features`` split into visual layers).
TIMM_FAMILIES = ("ResNet (resnet*, resnet10t …)", "EfficientNet (efficientnet_*, tf_efficientnet_*, mnasnet_*)",
                 "MobileNetV3 (mobilenetv3_*)", "ConvNeXt (convnext_*)")


class _PreLogits(nn.Module):
    """ConvNeXt's last stage: ``norm_pre`` then the head's pooled, normalised features (no classifier)."""

    def __init__(self, norm_pre: nn.Module, head: nn.Module):
        super().__init__()
        self.norm_pre, self.head = norm_pre, head

    def forward(self, x):
        return self.head(self.norm_pre(x), pre_logits=True)


def _timm_stages(name: str, model: nn.Module) -> list:
    """Split a timm model into named visual layers that compose to ``forward_head(forward_features(x), pre_logits=True)``."""
    if all(hasattr(model, a) for a in ("conv1", "bn1", "act1", "maxpool", "layer4", "global_pool")):  # ResNet
        stages = [("stem", Seq(model.conv1, model.bn1, model.act1, model.maxpool))]
        stages += [(f"layer{i}", getattr(model, f"layer{i}")) for i in range(1, 5)]
        return stages + [("head", Seq(model.global_pool))]
    if all(hasattr(model, a) for a in ("conv_stem", "bn1", "blocks", "conv_head", "global_pool")):
        stages = [("stem", Seq(model.conv_stem, model.bn1))]
        stages += [(f"blocks.{i}", block) for i, block in enumerate(model.blocks)]
        if hasattr(model, "bn2"):  # EfficientNet: conv_head and bn2 end forward_features, then pooling
            return stages + [("head", Seq(model.conv_head, model.bn2, model.global_pool))]
        if all(hasattr(model, a) for a in ("norm_head", "act2", "flatten")):  # MobileNetV3: pooling first
            return stages + [("head", Seq(model.global_pool, model.conv_head, model.norm_head, model.act2,
                                            model.flatten))]
    if all(hasattr(model, a) for a in ("stem", "stages", "norm_pre", "head")):  # ConvNeXt
        stages = [("stem", model.stem)] + [(f"stages.{i}", stage) for i, stage in enumerate(model.stages)]
        return stages + [("head", _PreLogits(model.norm_pre, model.head))]
    raise ValueError(f"cogsim cannot yet split timm model {name!r} ({type(model).__name__}) into visual layers: "
                     f"it knows the families {'; '.join(TIMM_FAMILIES)}. Choose one of those, or a backbone of "
                     "cogsim.patients.list_backbones().")


def _timm_module():
    try:
        import timm
    except ImportError:
        raise ValueError("Backbones 'timm:<name>' need the timm library, which is not installed: "
                         "pip install timm (or pip install 'cogsim[timm]'). Without it, use a backbone of "
                         "cogsim.patients.list_backbones().") from None
    return timm


def _timm_cached_file(pretrained_cfg) -> Path | None:
    """The pretrained weights file of *pretrained_cfg* in the Hugging Face cache, if it is there (no network)."""
    repo = (pretrained_cfg or {}).get("hf_hub_id")
    if not repo:
        return None
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:  # pragma: no cover - timm depends on it
        return None
    for filename in ("model.safetensors", "pytorch_model.bin", "open_clip_pytorch_model.bin"):
        found = try_to_load_from_cache(repo, filename)
        if isinstance(found, str) and os.path.isfile(found):
            return Path(found)
    return None


def timm_backbone(model_name: str, weights, random_state, download=None) -> Backbone:
    timm = _timm_module()
    name = TIMM_PREFIX + model_name
    if not timm.is_model(model_name):
        close = timm.list_models(f"*{model_name[:4]}*")[:8] if model_name else []
        raise ValueError(f"timm has no model {model_name!r} (backbone {name!r})"
                         + (f"; similar names: {', '.join(close)}." if close else ".")
                         + " timm.list_models(pretrained=True) lists them.")
    cfg = timm.models.get_pretrained_cfg(model_name)
    cfg_dict = cfg.to_dict() if cfg is not None else {}
    if weights is None:
        model, weights_id = random_init(lambda: timm.create_model(model_name, pretrained=False), random_state)
    else:
        if weights == "DEFAULT":
            path = _timm_cached_file(cfg_dict)
            where = f"the Hugging Face cache (repository {cfg_dict.get('hf_hub_id')!r}, set by $HF_HOME)"
            how = ("Run once on a machine with a network and downloads on, copy the Hugging Face cache, or pass "
                   "weights='path/to/model.safetensors' (or .pth/.bin), or weights=None for random weights.")
            if path is None and not downloads_allowed(download):
                raise ValueError(f"Pretrained weights of {name!r} are not on this machine: cogsim looked in {where}, "
                                 f"and downloads are off (${OFFLINE_VAR} or download=False). {how}")
            if path is None:
                try:  # timm's own download (Hugging Face hub, cached there)
                    timm.create_model(model_name, pretrained=True)
                except Exception as exc:  # noqa: BLE001 - no network, a refused connection, a missing file ...
                    reason = str(exc).strip().splitlines()[0].rstrip(".") if str(exc).strip() else ""
                    raise ValueError(f"Pretrained weights of {name!r} are not on this machine ({where}), and "
                                     f"downloading them failed: {type(exc).__name__}: {reason}. {how}") from None
                path = _timm_cached_file(cfg_dict)
                if path is None:
                    raise ValueError(f"timm loaded {name!r} but cogsim cannot find its weights file in {where} to "
                                     "fingerprint it; pass weights='path/to/file'.")
        else:
            path = Path(weights)
            if not path.is_file():
                raise ValueError(f"Weights file for backbone {name!r} not found: looked for {str(path)!r}.")
        model, _ = random_init(lambda: timm.create_model(model_name, pretrained=True,
                                                         pretrained_cfg_overlay=dict(file=str(path))), 0)
        weights_id = f"sha256:{file_sha256(path)[:16]}"
    model.eval()
    stages = _timm_stages(model_name, model)
    size = int(cfg_dict.get("input_size", (3, 224, 224))[-1])
    mean = tuple(float(v) for v in cfg_dict.get("mean", IMAGENET_MEAN))
    std = tuple(float(v) for v in cfg_dict.get("std", IMAGENET_STD))
    # The split must give exactly timm's own pre-logits features: checked once, on a small random batch.
    with torch.no_grad(), torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        probe = torch.randn(2, 3, size, size)
        expected = model.forward_head(model.forward_features(probe), pre_logits=True)
        staged = probe
        for _, module in stages:
            staged = module(staged)
    if staged.shape != expected.shape or not torch.allclose(staged, expected, atol=1e-5, rtol=1e-4):
        raise ValueError(f"cogsim's visual layers of {name!r} do not reproduce timm's features (a timm version "
                         "with another model layout?): report this with your timm version.")
    dim = int(expected.shape[1])
    return Backbone(name, stages, dim, size, mean, std, weights_id,
                    f"{dim}-d pre-logits features of timm's {type(model).__name__} (forward_head, pre_logits=True)")


def describe_timm() -> dict:
    installed = importlib.util.find_spec("timm") is not None
    return {"weights": ("Hugging Face cache, downloaded by timm on first use"
                        + ("" if downloads_allowed() else " (downloads off)") if installed
                        else "timm not installed: pip install timm"),
            "licence": "per model (timm's pretrained_cfg 'license')",
            "input": "per model (pretrained_cfg)", "normalisation": "per model (pretrained_cfg)"}
