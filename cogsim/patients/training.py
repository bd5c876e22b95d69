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
from tqdm.auto import tqdm

from .._random import torch_generator
from .._threads import cache_threads
from .config import HubConfig, TrainingConfig, hub_layer_names
from .hub import ATTRIBUTE_HEAD, NAME_HEADS, VISUAL_HEAD, forward
from .lexicon import Lexicon

__all__ = ["train_hub", "train_hubs", "soft_targets", "level_targets", "exposure_weights", "principal_components",
           "logit_scale"]


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


def principal_components(x: torch.Tensor, k: int) -> torch.Tensor:
    """``(k, d)`` orthonormal leading principal directions of the (already centred) rows of *x*.

    Each direction's sign is fixed so that its largest-magnitude entry is
    positive, so that the directions, and a hub initialised in their space, do
    not depend on the sign convention of the SVD routine.
    """
    n, d = x.shape
    if not 0 < k <= min(n, d):
        raise ValueError(f"TrainingConfig.input_components must be between 1 and min(pictures, features) = "
                         f"{min(n, d)} for these training features; got {k}.")
    _, _, vh = torch.linalg.svd(x.double(), full_matrices=False)
    v = vh[:k]
    sign = torch.sign(v.gather(1, v.abs().argmax(1, keepdim=True)))
    return (v * sign).float()


def _uniform(shape, bound: float, generator: torch.Generator) -> torch.Tensor:
    return ((torch.rand(*shape, generator=generator) * 2 - 1) * bound).requires_grad_()


#: Hubs trained together at most (memory: about 6 MB per hub with the default 256 units and 980 pictures).
CHUNK = 32


def train_hub(features: torch.Tensor, targets: torch.Tensor, lexicon: Lexicon, hub: HubConfig,
              training: TrainingConfig, seed: int, *, item_weights=None, attributes=None) -> tuple[dict, float]:
    """Train one hub's parameters (full-batch Adam); returns ``(parameters, final loss)``.

    The same computation as :func:`train_hubs` with one seed.

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
    item_weights : array-like, optional
        ``(n_items,)`` weight of each item's pictures in the losses (the
        exposure of ``TrainingConfig.frequency_exposure``, see
        :func:`exposure_weights`); None weighs them alike.
    attributes : Tensor, optional
        ``(n_items, n_attributes)`` 0/1 coded attributes of the items, the
        targets of the semantic spoke (``TrainingConfig.attribute_weight``).

    Returns
    -------
    (dict, float)
        ``{layer.weight, layer.bias, hub.input.mean, hub.input.std}`` (plus the
        trained name heads ``hub.basic_names.*`` / ``hub.domain_names.*`` when
        their weights are not 0) and the last loss.
    """
    return train_hubs(features, targets, lexicon, hub, training, [seed], item_weights=item_weights,
                      attributes=attributes)[0]


def train_hubs(features: torch.Tensor, targets: torch.Tensor, lexicon: Lexicon, hub: HubConfig,
               training: TrainingConfig, seeds, *, chunk: int = CHUNK, progress: bool = False,
               item_weights=None, attributes=None) -> list[tuple[dict, float]]:
    """Train one hub per seed on the same pictures, together: one batched computation per epoch.

    Each hub gets exactly the parameters it gets when trained alone
    (:func:`train_hub`): its own generator draws its initialisation and
    dropout masks in the same order, its own Adam state updates its own
    tensors, and its own loss is computed as when alone.  The first layer of
    all hubs is one broadcast product with the shared features (whose slices
    and gradients equal each hub's own); later layers are multiplied hub by
    hub, because a batched product's gradient differs from ``mm``'s in the
    last bits (see :func:`cogsim.patients.hub.forward`).  ``tests/patients/test_batched_training.py`` checks the
    equality bit for bit against a one-at-a-time loop; floating-point
    libraries that split a product differently by its size could break it,
    and that test would say so.

    What is shared is only work: the standardised features are computed
    once, and the first layer (the largest cost of training) runs for all hubs
    in one call.  ``benchmarks/bench_training.py`` measures
    the speed-up.

    Parameters
    ----------
    features, targets, lexicon, hub, training
        As for :func:`train_hub`.
    seeds : sequence of int
        One hub per seed (duplicates allowed).
    chunk : int, default 32
        At most this many hubs at once (memory); the result does not depend on it.
    progress : bool, default False
        A progress bar over the epochs of each group of hubs.
    item_weights, attributes : optional
        As for :func:`train_hub`.

    Returns
    -------
    list of (dict, float)
        ``(parameters, final loss)`` per seed, in the order of *seeds*.
    """
    seeds = [int(s) for s in seeds]
    chunk = max(int(chunk), 1)
    weights = None
    if item_weights is not None:
        weights = torch.as_tensor(np.asarray(item_weights, dtype=np.float32))
        if weights.shape != (len(lexicon.item_ids),) or not bool(torch.all(weights > 0)):
            raise ValueError(f"item_weights must hold one positive weight per item ({len(lexicon.item_ids)}); "
                             f"got shape {tuple(weights.shape)}.")
        weights = weights[targets]
    spoke = None
    if training.attribute_weight:
        if attributes is None:
            raise ValueError("TrainingConfig.attribute_weight needs the items' coded attributes (attributes=, "
                             "from the battery's attr_* columns); this battery has none.")
        spoke = torch.from_numpy(np.array(attributes, dtype=np.float32))  # a copy: writable, ours
        if spoke.shape[0] != len(lexicon.item_ids):
            raise ValueError(f"attributes must have one row per item ({len(lexicon.item_ids)}); got "
                             f"{tuple(spoke.shape)}.")
        spoke = spoke[targets]
    if training.visual_weight and not training.input_components:
        raise ValueError("TrainingConfig.visual_weight needs input_components > 0.")
    out = []
    for begin in range(0, len(seeds), chunk):
        group = seeds[begin:begin + chunk]
        label = f"training {len(group)} hub{'s' if len(group) > 1 else ''}"
        if len(seeds) > chunk:
            label += f" ({begin + 1}-{begin + len(group)} of {len(seeds)})"
        with cache_threads():  # the same hubs whatever the caller's threads (cogsim._threads)
            out.extend(_train_together(features, targets, lexicon, hub, training, group, weights, spoke,
                                       tqdm(total=training.epochs, desc=label, unit="epoch", disable=not progress,
                                            leave=False)))
    return out


def exposure_weights(frequencies, exposure: float) -> np.ndarray:
    """Per-item training weights ``(10 ** zipf) ** exposure``, normalised to a mean of 1.

    *frequencies* are Zipf values (``freq_en``); ``exposure`` 0 gives all ones.
    """
    zipf = np.asarray(frequencies, dtype=float)
    if zipf.ndim != 1 or not np.all(np.isfinite(zipf)):
        raise ValueError("Item frequencies must be one finite Zipf value per item; "
                         f"got {zipf.tolist()[:5]}{' …' if zipf.size > 5 else ''}.")
    w = 10.0 ** (exposure * (zipf - zipf.max()))  # relative to the commonest item: no overflow
    return w / w.mean()


def _loss(logits, goal, weights):
    if weights is None:
        return nn.functional.cross_entropy(logits, goal)
    return (nn.functional.cross_entropy(logits, goal, reduction="none") * weights).sum() / weights.sum()


def _spoke_loss(logits, goal, weights):
    loss = nn.functional.binary_cross_entropy_with_logits(logits, goal, reduction="none").mean(-1)
    return loss.mean() if weights is None else (loss * weights).sum() / weights.sum()


def _regeneration_loss(output, goal, weights):
    loss = ((output - goal) ** 2).mean(-1)
    return loss.mean() if weights is None else (loss * weights).sum() / weights.sum()


def logit_scale(params, features: torch.Tensor, layers) -> float:
    """A hub's logit scale on *features*: the SD of its item logits across items, averaged over the pictures."""
    with torch.no_grad():
        return float(forward(params, features, layers).std(1).mean())


def _rescale_output(trained: dict, features: torch.Tensor, layers, target: float) -> None:
    """``TrainingConfig.output_scale``: multiply the output layer so that the hub's logit scale on its training
    pictures is *target* (in place, on the trained copies)."""
    factor = target / logit_scale(trained, features, layers)
    for kind in ("weight", "bias"):
        key = f"hub.output.{kind}"
        trained[key] = trained[key] * factor


#: The smallest normal float32; gradient entries below it are flushed by ``TrainingConfig(flush_subnormals=True)``.
TINY = torch.finfo(torch.float32).tiny


def _flush_subnormal(grad: torch.Tensor) -> torch.Tensor:
    """*grad* with its subnormal entries (``|g| < TINY``, zeros included) set to exactly 0: a gradient hook."""
    return torch.where(grad.abs() < TINY, torch.zeros((), dtype=grad.dtype), grad)


def _flushed(logits: torch.Tensor, training) -> torch.Tensor:
    """*logits*, whose gradient is flushed of subnormals when *training* asks for it (identity otherwise)."""
    if training.flush_subnormals and logits.requires_grad:
        logits.register_hook(_flush_subnormal)
    return logits


def _mask_drawer(training, seeds, generators):
    """``draw(shape) -> (hubs, *shape)`` keep-masks (1.0 kept, 0.0 dropped), one hub's from its own stream."""
    if training.mask_generator == "torch":
        return lambda shape: torch.stack([(torch.rand(shape, generator=g) >= training.dropout).float()
                                          for g in generators])
    streams = [np.random.Generator(np.random.PCG64(seed)) for seed in seeds]
    cut = round(training.dropout * 65536)
    dtype = np.dtype("<u2")

    def draw(shape):
        count = int(np.prod(shape))
        bits = np.stack([np.frombuffer(rng.bytes(2 * count), dtype=dtype) for rng in streams])
        return torch.from_numpy(bits >= cut).reshape(len(streams), *shape).float()

    return draw


def _train_together(features, targets, lexicon, hub, training, seeds, weights, spoke, bar):
    S = len(seeds)
    if S == 0:
        return []
    generators = [torch_generator(seed) for seed in seeds]
    n_items = len(lexicon.item_ids)
    mean, std = features.mean(0), features.std(0).clamp_min(1e-6)
    x = (features - mean) / std  # what hub.standardise computes, once for every hub and epoch
    components = directions = picture = None
    if training.input_components:  # the first layer learns in the leading principal directions only
        components = principal_components(x, training.input_components)
        if training.visual_weight:  # the visual spoke regenerates the picture in those directions, unit variance
            projected = x @ components.T
            directions = components / projected.std(0).clamp_min(1e-6)[:, None]
            picture = x @ directions.T
        # hub by hub (a per-hub input): a broadcast product's gradient over so few inputs is split differently
        # by the number of hubs, and each hub must be the hub it is alone; in k dimensions this costs little
        x = (x @ components.T).expand(S, -1, -1)
    sizes = [x.shape[-1], *hub.hidden, n_items]
    layers = hub_layer_names(hub)
    head_weights = {"basic": training.basic_name_weight, "domain": training.domain_name_weight}
    levels = level_targets(lexicon, targets)
    # Each hub's own leaf tensors, drawn from its own generator in the order train_hub always used.
    own = []
    for g in generators:
        params = {}
        for name, fan_in, fan_out in zip(layers, sizes[:-1], sizes[1:]):
            bound = 1.0 / fan_in ** 0.5
            params[f"{name}.weight"] = _uniform((fan_out, fan_in), bound, g)
            params[f"{name}.bias"] = _uniform((fan_out,), bound, g)
        # Heads that name the basic category and the domain from the last hidden layer (training only).
        for level, weight in head_weights.items():
            if weight:
                n_out, fan_in = int(levels[level].max()) + 1, sizes[-2]
                params[f"{NAME_HEADS[level]}.weight"] = _uniform((n_out, fan_in), 1.0 / fan_in ** 0.5, g)
                params[f"{NAME_HEADS[level]}.bias"] = torch.zeros(n_out, requires_grad=True)
        if spoke is not None:  # drawn after everything v1 draws, so a hub without the spoke is unchanged
            fan_in = sizes[-2]
            params[f"{ATTRIBUTE_HEAD}.weight"] = _uniform((spoke.shape[1], fan_in), 1.0 / fan_in ** 0.5, g)
            params[f"{ATTRIBUTE_HEAD}.bias"] = torch.zeros(spoke.shape[1], requires_grad=True)
        if picture is not None:  # drawn last: a hub without the visual spoke is unchanged
            fan_in = sizes[-2]
            params[f"{VISUAL_HEAD}.weight"] = _uniform((picture.shape[1], fan_in), 1.0 / fan_in ** 0.5, g)
            params[f"{VISUAL_HEAD}.bias"] = torch.zeros(picture.shape[1], requires_grad=True)
        own.append(params)
    heads = [level for level, weight in head_weights.items() if weight]
    soft = soft_targets(lexicon, training)
    goal = targets if soft is None else soft[targets]
    layer_keys = [f"{name}.{kind}" for name in layers for kind in ("weight", "bias")]
    # Every tensor of all hubs as one leaf (hubs first): Adam's update is elementwise, so each hub's slice is
    # updated exactly as its own tensor would be (tests/patients/test_batched_training.py), and the layers need
    # not be stacked again every epoch; each hub reads its own slices.
    stacked = {key: torch.stack([params[key].detach() for params in own]).requires_grad_() for key in own[0]}
    for s, params in enumerate(own):
        params.update({key: leaf[s] for key, leaf in stacked.items()})
    optimiser = torch.optim.Adam(list(stacked.values()), lr=training.learning_rate, weight_decay=training.weight_decay)
    last_hidden = layers[-2] if len(layers) > 1 else None
    kept: dict = {}
    loss_values = [float("nan")] * S

    masks = _mask_drawer(training, seeds, generators)

    def dropout(name, h):  # h: (hubs, pictures, units); each hub's mask from its own generator
        if name != "hub.output" and training.dropout:
            h = h * masks(h.shape[1:]) / (1.0 - training.dropout)
        if name == last_hidden:
            kept["hidden"] = h
        return h

    for _ in range(training.epochs):
        optimiser.zero_grad()
        logits = _flushed(forward(stacked, x, layers, after=dropout, standardised=True), training)
        losses = []
        # each hub's loss exactly as when trained alone; their sum has each one's gradient (unbind, not
        # indexing: an indexed slice's gradient is a full-size tensor per hub)
        hidden = kept["hidden"].unbind(0) if heads or spoke is not None or picture is not None else None
        for s, hub_logits in enumerate(logits.unbind(0)):
            loss = _loss(hub_logits, goal, weights)
            for level in heads:
                head = NAME_HEADS[level]
                level_logits = _flushed(hidden[s] @ own[s][f"{head}.weight"].T + own[s][f"{head}.bias"], training)
                loss = loss + head_weights[level] * _loss(level_logits, levels[level], weights)
            if spoke is not None:
                attribute_logits = _flushed(hidden[s] @ own[s][f"{ATTRIBUTE_HEAD}.weight"].T
                                            + own[s][f"{ATTRIBUTE_HEAD}.bias"], training)
                loss = loss + training.attribute_weight * _spoke_loss(attribute_logits, spoke, weights)
            if picture is not None:
                regenerated = _flushed(hidden[s] @ own[s][f"{VISUAL_HEAD}.weight"].T + own[s][f"{VISUAL_HEAD}.bias"],
                                       training)
                loss = loss + training.visual_weight * _regeneration_loss(regenerated, picture, weights)
            losses.append(loss)
        (torch.stack(losses).sum() if S > 1 else losses[0]).backward()
        optimiser.step()
        loss_values = [float(loss.detach()) for loss in losses]
        bar.update()
    bar.close()
    results = []
    for params, loss in zip(own, loss_values):
        trained = {k: params[k].detach().clone() for k in layer_keys}
        if components is not None:  # folded back: an ordinary first layer over every backbone feature
            first = f"{layers[0]}.weight"
            trained[first] = trained[first] @ components
        trained["hub.input.mean"], trained["hub.input.std"] = mean, std
        if training.output_scale:
            _rescale_output(trained, features, layers, training.output_scale)
        if directions is not None:
            trained[f"{VISUAL_HEAD}.directions"] = directions
        # the name units of each level, kept for readout="names"
        trained.update({k: v.detach().clone() for k, v in params.items() if k not in trained})
        results.append((trained, loss))
    return results
