"""What the hub gives back to the visual spoke: an item's attributes ("drawings") and its look.

In the hub-and-spoke model of Rogers et al. (2004) the hub is connected back
to the visual units: from the hub alone the network regenerates an object's
visual properties (delayed copy drawing, Bozeat et al. 2003), and how well it
regenerates the picture it sees is its sense of familiarity (object
decision).  cogsim's hub maps pictures to names; the return path adds what
each item it knows looks like:

``attributes``
    ``(items, attributes)``: the item's coded visual attributes (``attr_*``
    columns of the battery, :mod:`cogsim.stimuli.norms`).
``prototypes``
    ``(items, feature_dim)``: the mean of the item's learnt pictures
    (canonical and augmented) in the hub's standardised input space.

The patient recalls from the beliefs its retrieval leaves it
(:func:`cogsim.paradigms.retrieval.recalled_beliefs`: the item it knows, or
the members of the category it still knows, weighted by its beliefs), and
the return path turns them into a drawing (belief-weighted attributes, kept
above 0.5) or a regenerated look (belief-weighted prototype).  Damage to the
hub changes the beliefs, never the return path, as lesions of the hub in the
Rogers et al. model spared the visual units; the return path is learnt from
the pictures alone, so the calibrated hub (``sd_hub``) is unchanged.

ハブから視覚スポークへの戻り経路：項目の属性（「描画」）と見た目のプロトタイプ。
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

__all__ = ["ReturnPath", "return_path"]


@dataclass(frozen=True)
class ReturnPath:
    """Per-item visual knowledge of a battery: attributes and feature prototypes.

    Attributes
    ----------
    attribute_names : tuple of str
    attributes : numpy.ndarray
        ``(items, attributes)`` 0/1.
    prototypes : numpy.ndarray
        ``(items, feature_dim)`` mean standardised features of each item's training pictures.
    mean, std : numpy.ndarray
        The standardisation of the hub's input (``hub.input.mean`` / ``std``).
    """

    attribute_names: tuple
    attributes: np.ndarray
    prototypes: np.ndarray
    mean: np.ndarray
    std: np.ndarray

    def drawing(self, beliefs: np.ndarray, threshold: float = 0.5) -> np.ndarray:
        """0/1 attributes drawn from ``(..., items)`` beliefs: those with belief-weighted share >= *threshold*."""
        return (beliefs @ self.attributes >= threshold).astype(np.int8)

    def familiarity(self, beliefs: np.ndarray, features: np.ndarray, space: str = "standardised") -> np.ndarray:
        """Cosine of each picture's *features* ``(..., d)`` with the look its beliefs regenerate, both standardised
        as the hub's input (*space* ``"standardised"``) or both as the backbone gives them (``"features"``: the
        regenerated look is the belief-weighted mean of the items' pictures' features)."""
        if space == "features":
            x = features
            regenerated = beliefs @ (self.prototypes * self.std + self.mean)
        elif space == "standardised":
            x = (features - self.mean) / self.std
            regenerated = beliefs @ self.prototypes
        else:
            raise ValueError(f"Invalid value for 'space'. Allowed values are 'standardised' and 'features', but got "
                             f"{space!r}.")
        num = (x * regenerated).sum(-1)
        den = np.linalg.norm(x, axis=-1) * np.linalg.norm(regenerated, axis=-1)
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


_MEMORY: dict = {}


def return_path(patient, battery, *, attributes: bool = True) -> ReturnPath:
    """The return path of *patient* on the battery it learnt (kept in memory per backbone, training and battery).

    Raises ValueError for a battery without coded attributes (with
    ``attributes=True``; see :func:`cogsim.stimuli.norms.require_norms`) or a
    fine-tuned patient (its premorbid visual features are not the cached ones).
    """
    from ..stimuli.norms import attribute_matrix, require_norms
    from .features import battery_features

    if attributes:
        require_norms(battery.items, ["attr"], "Delayed copy (the hub's attribute read-out)")
    if patient.tuned_stages:
        raise ValueError("The return path is learnt from the cached backbone features, which a fine-tuned patient "
                         "does not see; use a transfer-learned patient (TrainingConfig(fine_tune=0)).")
    t = patient.training
    params = patient.hub if patient.premorbid_hub is None else patient.premorbid_hub
    key = (patient.backbone.name, patient.backbone.weights_id, battery.fingerprint, t.augmentations, t.augmentation,
           t.augmentation_random_state, attributes)
    hit = _MEMORY.get(key)
    if hit is not None:
        return hit
    feats = battery_features(patient.backbone, battery, augmentations=t.augmentations, augmentation=t.augmentation,
                             random_state=t.augmentation_random_state, progress=False)
    mean, std = params["hub.input.mean"].numpy(), params["hub.input.std"].numpy()
    pictures = torch.cat([feats.canonical[:, None, :], feats.augmented], dim=1).numpy()  # (items, 1 + k, d)
    prototypes = ((pictures - mean) / std).mean(1)
    attrs = attribute_matrix(battery.items) if attributes else None
    out = ReturnPath(tuple(attrs.columns) if attrs is not None else (),
                     attrs.to_numpy(np.float64) if attrs is not None else np.zeros((len(battery), 0)),
                     prototypes.astype(np.float64), mean.astype(np.float64), std.astype(np.float64))
    if len(_MEMORY) >= 16:
        _MEMORY.pop(next(iter(_MEMORY)))
    _MEMORY[key] = out
    return out
