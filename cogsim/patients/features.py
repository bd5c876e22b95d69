"""Backbone features of a battery's pictures, computed once and cached on disk.

A patient's hub is trained on the features of every canonical picture plus
``augmentations`` augmented copies of it (random resized crop, horizontal flip,
small rotation; colours never change, since colour is knowledge here).  Hub
lesions are then evaluated on cached features only.

特徴量キャッシュ：バックボーンの出力は一度だけ計算して保存する。
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import torch
from PIL import Image
from tqdm.auto import tqdm

from .._cache import entry, key_of, load_tensors, save_tensors
from .._random import check_random_state
from ..stimuli.battery import _fit_square
from ..stimuli.images import composite
from .backbones import Backbone

__all__ = ["Augmentation", "FeatureSet", "battery_features", "augment", "canonical_batch"]

FEATURE_VERSION = 2


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


def _to_tensor(image: Image.Image) -> torch.Tensor:
    return torch.from_numpy(np.asarray(image, dtype=np.float32) / 255.0).permute(2, 0, 1)


def battery_features(backbone: Backbone, battery, *, augmentations: int = 6, augmentation: Augmentation = Augmentation(),
                     seed: int = 0, background="white", progress: bool = True) -> FeatureSet:
    """Canonical and augmented features of every picture, from the disk cache when possible.

    The cache key hashes the backbone (name and weights), the battery's
    fingerprint, the input size, background, augmentation parameters, the
    number of augmentations and their seed.
    """
    base = {"v": FEATURE_VERSION, "backbone": backbone.name, "weights": backbone.weights_id,
            "battery": battery.fingerprint, "size": backbone.input_size, "background": str(background)}
    size, n, d = backbone.input_size, len(battery), backbone.feature_dim
    # Canonical features are their own entry, shared by every augmentation setting.
    canonical_path = entry("features", key_of(base))
    if canonical_path.is_file():
        canonical = load_tensors(canonical_path)["features"]
    else:
        canonical = backbone.features(canonical_batch(battery, size, background))
        save_tensors(canonical_path, {"features": canonical, "spec": str(base)})
    if not augmentations:
        return FeatureSet(canonical, torch.zeros(n, 0, d), key_of(base))
    spec = dict(base, augmentation=asdict(augmentation), k=int(augmentations), seed=int(seed))
    key = key_of(spec)
    path = entry("features", key)
    if path.is_file():
        return FeatureSet(canonical, load_tensors(path)["augmented"], key)
    rng = check_random_state(seed)
    bar = tqdm(total=n * augmentations, desc=f"features {backbone.name}", unit="img",
               disable=not progress, leave=False)
    augmented = []
    for item_id in battery.item_ids:
        picture = battery.image(item_id, background=None)
        batch = [_to_tensor(augment(picture, size, augmentation, rng, background)) for _ in range(augmentations)]
        augmented.append(backbone.features(torch.stack(batch)))
        bar.update(len(batch))
    bar.close()
    result = FeatureSet(canonical, torch.stack(augmented), key)
    save_tensors(path, {"augmented": result.augmented, "spec": str(spec)})
    return result
