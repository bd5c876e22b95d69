"""Backbone features of a battery's pictures, computed once and cached on disk.

A patient's hub is trained on the features of every canonical picture plus
``augmentations`` augmented copies of it (random resized crop, horizontal flip,
small rotation; colours never change, since colour is knowledge here).  Hub
lesions are then evaluated on cached features only.

特徴量キャッシュ：バックボーンの出力は一度だけ計算して保存する。
"""

from __future__ import annotations

import math
import sys
from dataclasses import asdict, dataclass

import numpy as np
import torch
from PIL import Image
from tqdm.auto import tqdm

from .._version import __version__
from .._cache import code_hash, entry, key_of, load_entry, load_tensors, save_entry
from .._threads import CACHE_THREADS, cache_threads
from .._random import check_random_state
from ..stimuli.battery import _fit_square
from ..stimuli.images import composite
from .backbones import Backbone
from .._validation import plain_numbers

__all__ = ["Augmentation", "FeatureSet", "Recoloured", "battery_features", "picture_features", "augment",
           "canonical_batch", "stage_activation_sds", "visual_prefix"]


@dataclass(frozen=True)
class Augmentation:
    """Parameters of the training augmentation (colours are never touched).

    Attributes
    ----------
    scale : (float, float)
        Range of the crop's area as a share of the picture (RandomResizedCrop).
    ratio : (float, float)
        Range of the crop's aspect ratio.
    max_rotation : float
        Rotation drawn uniformly in [-max_rotation, max_rotation] degrees.
    flip : float
        Probability of a horizontal flip.
    """

    scale: tuple = (0.6, 1.0)
    ratio: tuple = (3 / 4, 4 / 3)
    max_rotation: float = 15.0
    flip: float = 0.5


@dataclass(frozen=True)
class FeatureSet:
    """Features of a battery: ``canonical`` ``(n_items, d)``; ``augmented`` ``(n_items, k, d)``."""

    canonical: torch.Tensor
    augmented: torch.Tensor
    key: str


def canonical_batch(battery, size: int, background="white") -> torch.Tensor:
    """All canonical pictures of a battery as a ``(n, 3, size, size)`` tensor in [0, 1]."""
    return torch.stack([battery.tensor(i, background=background, size=size) for i in battery.item_ids])


@dataclass(frozen=True)
class Recoloured:
    """A set of pictures derived from a battery: items with their dominant hue moved.

    Used by the colour-judgment task for its wrongly coloured pictures.  The
    set is deterministic, so its backbone features are cached like the
    canonical ones.

    Attributes
    ----------
    items : tuple of str
        Item ids, one picture each (an item may appear more than once).
    hues : tuple of float
        The hue in degrees each picture's dominant hue is moved to.
    """

    items: tuple
    hues: tuple

    def __post_init__(self):
        plain_numbers(self)
        object.__setattr__(self, "items", tuple(str(i) for i in self.items))
        object.__setattr__(self, "hues", tuple(round(float(h) % 360.0, 6) for h in self.hues))
        if len(self.items) != len(self.hues):
            raise ValueError(f"Recoloured needs one hue per item: got {len(self.items)} items "
                             f"and {len(self.hues)} hues.")

    def spec(self) -> dict:
        return {"kind": "recoloured", "items": list(self.items), "hues": list(self.hues)}

    def batch(self, battery, size: int, background="white") -> torch.Tensor:
        """The pictures as a ``(n, 3, size, size)`` tensor in [0, 1]."""
        from ..stimuli.images import recolour

        pictures = []
        for item_id, hue in zip(self.items, self.hues):
            rgba = recolour(battery.image(item_id, background=None), hue)
            pictures.append(_to_tensor(composite(_fit_square(rgba, size), background)))
        return torch.stack(pictures) if pictures else torch.zeros(0, 3, size, size)


def feature_code() -> str:
    """Hash of the code that turns a battery's pictures into backbone features (part of every feature key)."""
    from ..stimuli import battery as battery_module
    from ..stimuli import images as images_module
    from . import backbones

    return code_hash(sys.modules[__name__], *backbones.MODULES, battery_module, images_module)


def _feature_base(backbone: Backbone, battery, background) -> dict:
    return {"cogsim": __version__, "code": feature_code(), "backbone": backbone.name,
            "weights": backbone.weights_id, "battery": battery.fingerprint, "size": backbone.input_size,
            "background": str(background), "threads": CACHE_THREADS}


_MEMORY: dict = {}  # key -> features, so a study of many patients reads the disk once


def _remember(key: str, value: torch.Tensor) -> None:
    if len(_MEMORY) >= 32:  # a few MB each at most; forget the oldest
        _MEMORY.pop(next(iter(_MEMORY)))
    _MEMORY[key] = value


def _on_disk(spec: dict, field: str, compute, key: str | None = None):
    """The feature cache's entry for *spec* (its *field*), or ``compute()``, saved there, when the entry is
    absent or cannot be read."""
    path = entry("features", key_of(spec) if key is None else key)
    value = load_entry(path, lambda p: load_tensors(p)[field]) if path.is_file() else None
    if value is None:
        with cache_threads():  # an entry must not depend on the threads of whoever computed it first
            value = compute()
        save_entry(path, {field: value, "spec": str(spec)})
    return value


def picture_features(backbone: Backbone, battery, pictures=None, *, background="white") -> torch.Tensor:
    """Intact backbone features of a set of pictures, from memory or the disk cache when possible.

    Parameters
    ----------
    backbone : Backbone
    battery : Battery
    pictures : None or Recoloured
        None: the battery's canonical pictures, in item order.
    background : colour, default "white"

    Returns
    -------
    torch.Tensor
        ``(n_pictures, feature_dim)``.
    """
    if pictures is None:
        return battery_features(backbone, battery, augmentations=0, background=background, progress=False).canonical
    spec = dict(_feature_base(backbone, battery, background), pictures=pictures.spec())
    key = key_of(spec)
    if key in _MEMORY:
        return _MEMORY[key]
    result = _on_disk(spec, "features", lambda: backbone.features(pictures.batch(battery, backbone.input_size,
                                                                               background)), key)
    _remember(key, result)
    return result


def augment(image: Image.Image, size: int, aug: Augmentation, rng: np.random.Generator,
            background="white") -> Image.Image:
    """One augmented copy of an RGBA picture: rotate, random resized crop, flip, composite.

    Every random draw comes from *rng*, so the same generator state gives the same picture.
    """
    canvas = _fit_square(image.convert("RGBA"), max(image.size))
    angle = float(rng.uniform(-aug.max_rotation, aug.max_rotation))
    canvas = canvas.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=(0, 0, 0, 0))
    side = canvas.width
    area = side * side
    for _ in range(10):
        target = area * rng.uniform(*aug.scale)
        ratio = math.exp(rng.uniform(math.log(aug.ratio[0]), math.log(aug.ratio[1])))
        w, h = int(round(math.sqrt(target * ratio))), int(round(math.sqrt(target / ratio)))
        if 0 < w <= side and 0 < h <= side:
            left, top = int(rng.integers(0, side - w + 1)), int(rng.integers(0, side - h + 1))
            break
    else:
        w = h = side
        left = top = 0
    crop = canvas.crop((left, top, left + w, top + h)).resize((size, size), Image.Resampling.BILINEAR)
    if rng.random() < aug.flip:
        crop = crop.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    return composite(crop, background)


def augmented_batches(battery, size: int, augmentations: int, augmentation: Augmentation, random_state,
                      background="white"):
    """Yield, item by item, the ``(augmentations, 3, size, size)`` augmented pictures of the training set.

    The same arguments always give the same pictures (one generator, items in order).
    """
    rng = check_random_state(random_state)
    for item_id in battery.item_ids:
        picture = battery.image(item_id, background=None)
        yield torch.stack([_to_tensor(augment(picture, size, augmentation, rng, background))
                           for _ in range(augmentations)])


def _to_tensor(image: Image.Image) -> torch.Tensor:
    return torch.from_numpy(np.asarray(image, dtype=np.float32) / 255.0).permute(2, 0, 1)


def battery_features(backbone: Backbone, battery, *, augmentations: int = 6, augmentation: Augmentation = Augmentation(),
                     random_state: int = 0, background="white", progress: bool = True) -> FeatureSet:
    """Canonical and augmented features of every picture, from the disk cache when possible.

    The cache key hashes the backbone (name and weights), the battery's
    fingerprint, the input size, background, augmentation parameters, the
    number of augmentations and their *random_state* (an int: the entry must be
    reproducible), the cogsim version and the feature code.
    """
    from .._validation import check_int

    check_int("battery_features", "random_state", random_state, low=0)
    base = _feature_base(backbone, battery, background)
    size, n, d = backbone.input_size, len(battery), backbone.feature_dim
    # Canonical features are their own entry, shared by every augmentation setting.
    canonical_key = key_of(base)
    canonical = _MEMORY.get(canonical_key)
    if canonical is None:
        canonical = _on_disk(base, "features", lambda: backbone.features(canonical_batch(battery, size, background)),
                             canonical_key)
    _remember(canonical_key, canonical)
    if not augmentations:
        return FeatureSet(canonical, torch.zeros(n, 0, d), key_of(base))
    spec = dict(base, augmentation=asdict(augmentation), k=int(augmentations), seed=int(random_state))
    key = key_of(spec)
    # With Backbone.chunks, several items' pictures go in one call so that the chunks stay full: the same numbers
    # as item by item (checked for efficientnet_lite0), as long as no item alone was a batch of one picture.
    # Other backbones keep item by item: their convolutions may round differently with the batch size.
    together = 32 if backbone.chunks and augmentations > 1 else 1

    def compute():
        bar = tqdm(total=n * augmentations, desc=f"features {backbone.name}", unit="img",
                   disable=not progress, leave=False)
        augmented, waiting = [], []

        def flush():
            augmented.extend(backbone.features(torch.cat(waiting)).split(augmentations))
            bar.update(sum(len(b) for b in waiting))
            waiting.clear()

        for batch in augmented_batches(battery, size, augmentations, augmentation, random_state, background):
            waiting.append(batch)
            if len(waiting) * augmentations >= together:
                flush()
        if waiting:
            flush()
        bar.close()
        return torch.stack(augmented)

    return FeatureSet(canonical, _on_disk(spec, "augmented", compute, key), key)


_PREFIXES: dict = {}  # (backbone, battery, pictures, start) -> input of stage *start*, a few at a time


def _pictures_batch(backbone: Backbone, battery, pictures) -> torch.Tensor:
    size = backbone.input_size
    return canonical_batch(battery, size) if pictures is None else pictures.batch(battery, size)


def visual_prefix(backbone: Backbone, battery, pictures, start: int) -> torch.Tensor:
    """The intact activations entering visual stage *start* for a set of pictures (in memory and the disk cache).

    A patient with visual damage from stage *start* on recomputes only the
    stages from there; this is the shared input of those stages.  The disk
    entry is keyed like the features (backbone, weights, battery, pictures,
    feature code) and the stage.
    """
    key = (id(backbone), backbone.weights_id, battery.fingerprint,
           None if pictures is None else repr(pictures.spec()), start)
    if key not in _PREFIXES:
        if len(_PREFIXES) >= 4:
            _PREFIXES.pop(next(iter(_PREFIXES)))
        spec = dict(_feature_base(backbone, battery, "white"), pictures=None if pictures is None else pictures.spec(),
                    prefix_until=int(start))
        _PREFIXES[key] = _on_disk(spec, "prefix", lambda: backbone.run(
            backbone.preprocess(_pictures_batch(backbone, battery, pictures)), 0, start))
    return _PREFIXES[key]


def stage_activation_sds(backbone: Backbone, battery, *, background="white") -> dict:
    """SD of each visual stage's output over the battery's canonical pictures, intact (cached).

    The reference of visual activation noise, as the hub layers' activation
    SDs are of hub activation noise.
    """
    spec = dict(_feature_base(backbone, battery, background), kind="stage_sd")
    key = key_of(spec)
    if key in _MEMORY:
        return _MEMORY[key]

    def compute():
        sds = {}
        with torch.no_grad():
            x = backbone.preprocess(canonical_batch(battery, backbone.input_size, background))
            for name, module in backbone.stages:
                x = module(x)
                sds[name] = float(x.float().std())
        return sds

    sds = dict(_on_disk(spec, "sds", compute, key))
    _remember(key, sds)
    return sds
