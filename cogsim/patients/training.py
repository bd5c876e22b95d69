"""Training the semantic hub by transfer learning on cached backbone features.

One function, :func:`train_hub`, learns the hub's parameters from features
and item targets (full-batch Adam), with optional hierarchical label smoothing
and the names-at-every-level losses of :class:`~cogsim.patients.TrainingConfig`.
It uses the hub's one forward pass (:func:`cogsim.patients.hub.forward`), with
dropout as its per-layer hook.

ハブの学習（転移学習）。
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from .._random import torch_generator
from .config import HubConfig, TrainingConfig, hub_layer_names
from .hub import NAME_HEADS, forward
from .lexicon import Lexicon

__all__ = ["train_hub", "soft_targets", "level_targets"]


def soft_targets(lexicon: Lexicon, training: TrainingConfig) -> torch.Tensor | None:
    """``(n_items, n_items)`` target distributions with hierarchical label smoothing (None without smoothing)."""
    if not (training.basic_smoothing or training.domain_smoothing):
        return None
    basic = np.array(lexicon.basic)
    domain = np.array(lexicon.domain)
    same_basic = (basic[:, None] == basic[None, :]) & ~np.eye(len(basic), dtype=bool)
    same_domain = (domain[:, None] == domain[None, :]) & (basic[:, None] != basic[None, :])
    target = np.eye(len(basic))
    for mask, share in ((same_basic, training.basic_smoothing), (same_domain, training.domain_smoothing)):
        counts = mask.sum(1, keepdims=True)
        spread = np.where(counts > 0, share, 0.0)  # an item with no such neighbour keeps the share
        target += np.where(mask, spread / np.maximum(counts, 1), 0.0)
        target[np.arange(len(basic)), np.arange(len(basic))] -= spread[:, 0]
    return torch.from_numpy(target).float()


def level_targets(lexicon: Lexicon, targets: torch.Tensor) -> dict:
    """Basic-category and domain indices of each training picture's item."""
    return {level: lexicon.membership(level).argmax(1)[targets] for level in ("basic", "domain")}


def _uniform(shape, bound: float, generator: torch.Generator) -> torch.Tensor:
    return ((torch.rand(*shape, generator=generator) * 2 - 1) * bound).requires_grad_()


def train_hub(features: torch.Tensor, targets: torch.Tensor, lexicon: Lexicon, hub: HubConfig,
              training: TrainingConfig, seed: int) -> tuple[dict, float]:
    """Train the hub's parameters (full-batch Adam); returns ``(parameters, final loss)``.

    Parameters
    ----------
    features : Tensor
        ``(n_pictures, d)`` backbone features of the training pictures.
    targets : Tensor
        ``(n_pictures,)`` item index of each picture.
    lexicon : Lexicon
        The items and their hierarchy (for smoothing and the category heads).
    hub, training : HubConfig, TrainingConfig
    seed : int
        Initialisation, dropout and nothing else.

    Returns
    -------
    (dict, float)
        ``{layer.weight, layer.bias, hub.input.mean, hub.input.std}`` (plus the
        trained name heads ``hub.basic_names.*`` / ``hub.domain_names.*`` when
        their weights are not 0) and the last loss.
    """
    g = torch_generator(seed)
    n_items = len(lexicon.item_ids)
    mean, std = features.mean(0), features.std(0).clamp_min(1e-6)
    sizes = [features.shape[1], *hub.hidden, n_items]
    layers = hub_layer_names(hub)
    params = {"hub.input.mean": mean, "hub.input.std": std}
    for name, fan_in, fan_out in zip(layers, sizes[:-1], sizes[1:]):
        bound = 1.0 / fan_in ** 0.5
        params[f"{name}.weight"] = _uniform((fan_out, fan_in), bound, g)
        params[f"{name}.bias"] = _uniform((fan_out,), bound, g)
    # Heads that name the basic category and the domain from the last hidden layer (training only).
    weights = {"basic": training.basic_name_weight, "domain": training.domain_name_weight}
    levels = level_targets(lexicon, targets)
    heads = {}
    for level, weight in weights.items():
        if weight:
            n_out, fan_in = int(levels[level].max()) + 1, sizes[-2]
            heads[level] = (_uniform((n_out, fan_in), 1.0 / fan_in ** 0.5, g), torch.zeros(n_out, requires_grad=True))
    soft = soft_targets(lexicon, training)
    trained = [v for k, v in params.items() if not k.startswith("hub.input")]
    trained += [t for head in heads.values() for t in head]
    optimiser = torch.optim.Adam(trained, lr=training.learning_rate, weight_decay=training.weight_decay)
    last_hidden = layers[-2] if len(layers) > 1 else None
    kept: dict = {}

    def dropout(name, h):
        if name != "hub.output" and training.dropout:
            keep = (torch.rand(h.shape, generator=g) >= training.dropout).float()
            h = h * keep / (1.0 - training.dropout)
        if name == last_hidden:
            kept["hidden"] = h
        return h

    for _ in range(training.epochs):
        optimiser.zero_grad()
        logits = forward(params, features, layers, after=dropout)
        loss = nn.functional.cross_entropy(logits, targets if soft is None else soft[targets])
        for level, (weight_matrix, bias) in heads.items():
            loss = loss + weights[level] * nn.functional.cross_entropy(kept["hidden"] @ weight_matrix.T + bias,
                                                                       levels[level])
        loss.backward()
        optimiser.step()
    out = {k: v.detach().clone() for k, v in params.items() if not k.startswith("hub.input")}
    out["hub.input.mean"], out["hub.input.std"] = mean, std
    for level, (weight_matrix, bias) in heads.items():  # the name units of each level, kept for readout="names"
        out[f"{NAME_HEADS[level]}.weight"] = weight_matrix.detach().clone()
        out[f"{NAME_HEADS[level]}.bias"] = bias.detach().clone()
    return out, float(loss.detach()) if training.epochs else float("nan")
