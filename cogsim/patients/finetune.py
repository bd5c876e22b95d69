"""Fine-tuning the last backbone stages together with the hub (as opposed to transfer learning alone).

The course distinguishes the two: in transfer learning the pretrained backbone
is frozen and only the new hub learns; in fine-tuning the last stages of the
backbone learn as well, at a lower learning rate.  cogsim first trains the hub
on cached features (transfer learning), then, with ``TrainingConfig(fine_tune=k)``,
trains the last *k* stages and the hub together for ``fine_tune_epochs`` on the
same pictures.  Batch-norm statistics stay frozen, so the stages keep their
pretrained normalisation.

ファインチューニング：最後の数ステージをハブと一緒に学習する。
"""

from __future__ import annotations

import copy

import torch
from torch import nn

from .._cache import entry, key_of, load_entry, load_tensors, save_entry
from .._threads import cache_threads
from .._random import torch_generator
from .features import _feature_base, augmented_batches, canonical_batch
from .hub import forward

__all__ = ["fine_tune"]


def _prefix(backbone, battery, training, start: int, progress: bool) -> torch.Tensor:
    """Activations entering stage *start* for the canonical and augmented training pictures (cached)."""
    spec = dict(_feature_base(backbone, battery, "white"), kind="prefix", start=start, k=training.augmentations,
                seed=training.augmentation_random_state, augmentation=repr(training.augmentation))
    path = entry("features", key_of(spec))
    cached = load_entry(path, lambda p: load_tensors(p)["prefix"]) if path.is_file() else None
    if cached is not None:
        return cached
    size = backbone.input_size
    parts = []
    with torch.no_grad(), cache_threads():
        parts.append(backbone.run(backbone.preprocess(canonical_batch(battery, size)), 0, start))
        augmented = [backbone.run(backbone.preprocess(b), 0, start)
                     for b in augmented_batches(battery, size, training.augmentations, training.augmentation,
                                                training.augmentation_random_state)]
    if augmented:
        parts.append(torch.cat(augmented))
    prefix = torch.cat(parts).float()
    save_entry(path, {"prefix": prefix, "spec": str(spec)})
    return prefix


def fine_tune(backbone, battery, hub_params: dict, hub_layers: list, training, targets: torch.Tensor,
              soft: torch.Tensor | None, seed: int, progress: bool = False) -> tuple[dict, dict]:
    """Train the last ``training.fine_tune`` stages and the hub together.

    Returns
    -------
    (hub_params, stages)
        The new hub parameters and ``{stage index: tuned module}``.
    """
    k = training.fine_tune
    n_stages = len(backbone.stages)
    if k > n_stages:
        raise ValueError(f"TrainingConfig(fine_tune={k}) asks for more stages than backbone {backbone.name!r} "
                         f"has ({n_stages}).")
    start = n_stages - k
    x = _prefix(backbone, battery, training, start, progress)
    stages = {i: copy.deepcopy(backbone.stages[i][1]) for i in range(start, n_stages)}
    for module in stages.values():
        module.eval()  # frozen batch-norm statistics
        for p in module.parameters():
            p.requires_grad_(True)
    hub = {k_: (v.detach().clone().requires_grad_() if not k_.startswith("hub.input") else v.clone())
           for k_, v in hub_params.items()}
    optimiser = torch.optim.Adam([
        {"params": [p for m in stages.values() for p in m.parameters()], "lr": training.fine_tune_learning_rate},
        {"params": [v for k_, v in hub.items() if not k_.startswith("hub.input")], "lr": training.learning_rate},
    ], weight_decay=training.weight_decay)
    g = torch_generator(seed + 1)
    batch = 64
    for _ in range(training.fine_tune_epochs):
        order = torch.randperm(len(x), generator=g)
        for i in range(0, len(x), batch):
            idx = order[i:i + batch]
            h = x[idx]
            for j in range(start, n_stages):
                h = stages[j](h)
            h = forward(hub, h.float(), hub_layers)
            y = targets[idx]
            loss = nn.functional.cross_entropy(h, y if soft is None else soft[y])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    for module in stages.values():
        for p in module.parameters():
            p.requires_grad_(False)
    return {k_: v.detach().clone() for k_, v in hub.items()}, stages
