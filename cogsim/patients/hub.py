"""The semantic hub's forward pass, written once, and what it produces (:class:`Probabilities`).

The hub is an MLP: standardised backbone features, then ``hub.hidden1`` …
(affine + ReLU), then ``hub.output`` (affine: one logit per item).  Training,
evaluation, fine-tuning and the activation statistics all call
:func:`forward`; what differs between them (dropout while training, noise and
silenced units after damage, recording activations) is passed in as the
``after`` hook, applied to each layer's output.

意味ハブの順伝播（一か所だけに書く）。
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import numpy as np
import torch

from .lexicon import Lexicon

__all__ = ["forward", "standardise", "activation_sds", "first_layer", "Probabilities", "log_odds", "NAME_HEADS",
           "settled", "READOUTS", "name_logits", "category_logits", "ATTRIBUTE_HEAD", "attribute_logits",
           "has_attribute_spoke", "VISUAL_HEAD", "has_visual_spoke", "visual_output", "visual_target", "stored_patterns", "familiarity",
           "COLOUR_HEAD", "has_colour_spoke", "colour_output", "hue_vectors", "NAME_INPUT", "has_name_spoke",
           "heard_first_layer"]

Hook = Callable[[str, torch.Tensor], torch.Tensor]

#: The trained name heads of a hub with names at every level (``TrainingConfig.basic_name_weight`` /
#: ``domain_name_weight``): linear read-outs of the last hidden layer, like the name units of Rogers et al.
NAME_HEADS = {"basic": "hub.basic_names", "domain": "hub.domain_names"}
#: The semantic spoke (``TrainingConfig.attribute_weight``): one logit per coded attribute, from the last hidden layer.
ATTRIBUTE_HEAD = "hub.attributes"
#: The visual spoke (``TrainingConfig.visual_weight``): the picture regenerated from the last hidden layer, in
#: the directions ``hub.visual.directions`` (principal directions of the training features, unit variance).
VISUAL_HEAD = "hub.visual"
#: The colour spoke (``TrainingConfig.colour_spoke``): the unit vector (cos, sin) of an item's hue, from the last
#: hidden layer.
COLOUR_HEAD = "hub.colour"
#: The name spoke's input connections (``TrainingConfig.name_spoke``): ``{first hidden layer}.names``, hidden units
#: x items; a heard name drives the first hidden layer through them.
NAME_INPUT = "names"
#: How a patient's basic-category and domain beliefs are read out (``ResponsePolicy.readout``).
READOUTS = ("items", "names")


def name_logits(params: Mapping[str, torch.Tensor], hidden: torch.Tensor) -> dict:
    """``{level: (..., n, n_categories)}`` logits of the trained name heads from the last hidden layer.

    Raises ValueError when the hub has no heads (it was trained without names at every level).
    """
    missing = [level for level, head in NAME_HEADS.items() if f"{head}.weight" not in params]
    if missing:
        raise ValueError("readout='names' reads category names from the hub's trained name heads, but this hub "
                         f"has none for {' and '.join(missing)}: build the patient with names at every level "
                         "(TrainingConfig(basic_name_weight=1, domain_name_weight=1), as the sd_hub preset does), "
                         "or use readout='items'.")
    return {level: hidden @ params[f"{head}.weight"].T + params[f"{head}.bias"] for level, head in NAME_HEADS.items()}


def has_attribute_spoke(params: Mapping[str, torch.Tensor]) -> bool:
    """Whether the hub was trained with the semantic spoke (an attribute head)."""
    return f"{ATTRIBUTE_HEAD}.weight" in params


def has_visual_spoke(params: Mapping[str, torch.Tensor]) -> bool:
    """Whether the hub was trained with the visual spoke (a head that regenerates the picture)."""
    return f"{VISUAL_HEAD}.weight" in params


def visual_output(params: Mapping[str, torch.Tensor], hidden: torch.Tensor) -> torch.Tensor:
    """``(..., n, k)`` what the visual spoke regenerates from the (possibly damaged) last hidden layer."""
    return hidden @ params[f"{VISUAL_HEAD}.weight"].T + params[f"{VISUAL_HEAD}.bias"]


def visual_target(params: Mapping[str, torch.Tensor], features: torch.Tensor) -> torch.Tensor:
    """``(..., n, k)`` the pictures themselves in the visual spoke's directions: what an intact spoke regenerates."""
    return standardise(params, features) @ params[f"{VISUAL_HEAD}.directions"].T


def has_colour_spoke(params: Mapping[str, torch.Tensor]) -> bool:
    """Whether the hub has the colour spoke (``TrainingConfig.colour_spoke``)."""
    return f"{COLOUR_HEAD}.weight" in params


def colour_output(params: Mapping[str, torch.Tensor], hidden: torch.Tensor) -> torch.Tensor:
    """``(..., n, 2)`` the hue vector the colour spoke expects from the (possibly damaged) last hidden layer."""
    return hidden @ params[f"{COLOUR_HEAD}.weight"].T + params[f"{COLOUR_HEAD}.bias"]


def has_name_spoke(params: Mapping[str, torch.Tensor]) -> bool:
    """Whether the hub has the name spoke's input connections (``TrainingConfig.name_spoke``)."""
    return any(k.endswith(f".{NAME_INPUT}") for k in params)


def heard_first_layer(params: Mapping[str, torch.Tensor], layers: Sequence[str], items) -> torch.Tensor:
    """``(len(items), hidden)`` the first hidden layer's output when the names of *items* (lexicon rows) are heard:
    ``relu(names[:, i] + bias)`` (no picture: the visual input is silent)."""
    first = layers[0]
    names = params[f"{first}.{NAME_INPUT}"]
    index = torch.as_tensor(np.asarray(items, dtype=np.int64))
    return torch.relu(names.T[index] + params[f"{first}.bias"])


def hue_vectors(hues) -> np.ndarray:
    """``(n, 2)`` unit vectors ``(cos, sin)`` of hues in degrees."""
    radians = np.deg2rad(np.asarray(hues, dtype=np.float64))
    return np.stack([np.cos(radians), np.sin(radians)], -1)


def stored_patterns(params: Mapping[str, torch.Tensor], temperature: float) -> tuple:
    """``(patterns, tau)``: the item patterns and temperature of a prototype read-out, read back from its output layer.

    ``TrainingConfig(name_readout="prototype")`` folds ``-|h - m_i|^2 / tau`` into the item output
    layer as ``weight_i = 2 m_i / tau`` (the bias holds ``-|m_i|^2 / tau`` and any name prior), with
    ``tau`` = *temperature* x the patterns' mean squared spread.  So ``m_i = tau weight_i / 2`` and
    ``tau = 4 / (temperature x the mean squared spread of the weight rows)``: both are recovered from
    the weights alone (float64), whatever prior the biases carry.  Pass the premorbid hub's parameters
    to read what the intact read-out stored.
    """
    weight = params["hub.output.weight"].double()
    tau = 4.0 / (float(temperature) * float((weight - weight.mean(0)).pow(2).sum(1).mean()))
    return tau * weight / 2.0, tau


def familiarity(hidden: torch.Tensor, patterns: torch.Tensor, tau: float) -> torch.Tensor:
    """``(..., n)`` how likely each (possibly damaged) last hidden state is under the stored item patterns:
    ``log sum_i exp(-|h - m_i|^2 / tau)`` (float64; see :func:`stored_patterns`)."""
    h = hidden.double()
    distance = h.pow(2).sum(-1, keepdim=True) - 2.0 * h @ patterns.T + patterns.pow(2).sum(-1)
    return torch.logsumexp(-distance / tau, -1)


def attribute_logits(params: Mapping[str, torch.Tensor], hidden: torch.Tensor) -> torch.Tensor:
    """``(..., n, n_attributes)`` logits of the semantic spoke from the (possibly damaged) last hidden layer."""
    return hidden @ params[f"{ATTRIBUTE_HEAD}.weight"].T + params[f"{ATTRIBUTE_HEAD}.bias"]


def settled(params: Mapping[str, torch.Tensor], hidden: torch.Tensor, prototypes: torch.Tensor,
            membership: torch.Tensor, gate: float) -> torch.Tensor:
    """The last hidden layer after the domain attractor (``HubConfig(settling="domain")``).

    ``p = softmax(hub.output(hidden))`` is the hub's own item belief; the
    basin is the domain with the largest ``p @ membership``; the state moves
    toward that domain's row of *prototypes* by ``lam = (1 - max p) ** gate``:
    ``hidden + lam * (prototype - hidden)``, row by row.
    """
    p = torch.softmax(_affine(hidden, params["hub.output.weight"], params["hub.output.bias"]), -1)
    basin = (p @ membership).argmax(-1)
    lam = (1.0 - p.max(-1).values).clamp(0.0, 1.0).pow(gate).unsqueeze(-1)
    return hidden + lam * (prototypes[basin] - hidden)


def category_logits(logits: torch.Tensor, lexicon: Lexicon, level: str) -> torch.Tensor:
    """Category logits whose softmax is the sum of the item probabilities (the ``items`` readout)."""
    inside = lexicon.membership(level).bool().T  # (n_categories, n_items)
    neg = torch.tensor(float("-inf"), dtype=logits.dtype)
    return torch.logsumexp(torch.where(inside, logits.unsqueeze(-2), neg), -1)


def standardise(params: Mapping[str, torch.Tensor], features: torch.Tensor) -> torch.Tensor:
    """Backbone features standardised with the hub's stored training mean and SD."""
    return (features - params["hub.input.mean"]) / params["hub.input.std"]


def _affine(h: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
    """``h @ weight.T + bias``, for one hub or for hubs stacked along a leading dimension.

    Stacked hubs compute exactly what each computes alone: a shared 2-D input
    is one broadcast product, whose slices and gradients equal each hub's own;
    per-hub inputs are multiplied hub by hub, because a batched product's
    gradient is laid out differently from ``mm``'s and differs in the last bits.
    """
    if weight.dim() == 2:
        return h @ weight.T + bias
    if h.dim() == 2:
        return h @ weight.transpose(-1, -2) + bias.unsqueeze(-2)
    # unbind, not h[s]: indexing's gradient would be a full-size tensor per hub (quadratic in hubs)
    return torch.stack([hs @ ws.T for hs, ws in zip(h.unbind(0), weight.unbind(0))]) + bias.unsqueeze(-2)


def forward(params: Mapping[str, torch.Tensor], x: torch.Tensor, layers: Sequence[str], *, start: int = 0,
            stop: int | None = None, after: Hook | None = None, standardised: bool = False) -> torch.Tensor:
    """Run hub layers ``layers[start:stop]`` on *x*.

    Parameters
    ----------
    params : mapping of str to Tensor
        ``{layer}.weight``, ``{layer}.bias`` and the input standardisation.
    x : Tensor
        With ``start == 0``, backbone features ``(n, d)`` (standardised here);
        otherwise the activations entering ``layers[start]``.
    layers : sequence of str
        The hub's layer names (:func:`cogsim.patients.config.hub_layer_names`).
    start, stop : int
        The slice of layers to run (``stop`` None: to the output).
    after : callable ``(layer, h) -> h``, optional
        Applied to each layer's output (after the ReLU of hidden layers).
    standardised : bool, default False
        *x* is already standardised (with ``start == 0``): skip that step.

    Weights may carry a leading dimension, ``(hubs, out, in)`` with biases
    ``(hubs, out)``: then every hub runs on the same *x* at once and the
    result is ``(hubs, n, out)`` (batched training, :func:`cogsim.patients.training.train_hubs`).

    Returns
    -------
    Tensor
        The output of ``layers[stop - 1]``: logits when the slice ends at ``hub.output``.
    """
    h = standardise(params, x) if start == 0 and not standardised else x
    for name in layers[start:stop]:
        h = _affine(h, params[f"{name}.weight"], params[f"{name}.bias"])
        if name != "hub.output":
            h = torch.relu(h)
        if after is not None:
            h = after(name, h)
    return h


def activation_sds(params: Mapping[str, torch.Tensor], features: torch.Tensor, layers: Sequence[str]) -> dict:
    """SD of every layer's activations over *features* (the reference for activation noise)."""
    sds: dict = {}

    def record(name, h):
        sds[name] = float(h.std())
        return h

    forward(params, features, layers, after=record)
    return sds


class _FirstLayerMemory:
    """First-layer activations of a premorbid hub on a set of features, kept in memory.

    Keyed by the identity of the features tensor and of the premorbid first-layer
    weight (both are long-lived objects shared by every damaged copy of a patient);
    each entry holds the objects themselves, so a key recycled by Python after an
    object is freed never matches.  A cohort with hub damage downstream of the first
    layer thus computes that layer once per premorbid patient.
    """

    def __init__(self, size: int = 64):
        self.size = size
        self._entries: dict = {}

    def get(self, params: Mapping[str, torch.Tensor], features: torch.Tensor, layers: Sequence[str]) -> torch.Tensor:
        weight = params[f"{layers[0]}.weight"]
        key = (id(features), id(weight))
        hit = self._entries.get(key)
        if hit is not None and hit[0] is weight and hit[1] is features:
            return hit[2]
        h = forward(params, features, layers, stop=1)
        if len(self._entries) >= self.size:
            self._entries.pop(next(iter(self._entries)))
        self._entries[key] = (weight, features, h)
        return h


_FIRST_LAYER = _FirstLayerMemory()


def first_layer(params: Mapping[str, torch.Tensor], features: torch.Tensor, layers: Sequence[str]) -> torch.Tensor:
    """The first hub layer's output on *features*, memoised for a premorbid hub's parameters."""
    return _FIRST_LAYER.get(params, features, layers)


@dataclass(frozen=True)
class Probabilities:
    """A patient's beliefs about a set of pictures.

    Attributes
    ----------
    item, basic, domain : torch.Tensor
        ``(n_pictures, n_items | n_basic | n_domains)`` probabilities; with the
        ``items`` readout basic and domain probabilities are sums of item
        probabilities over the hierarchy, with the ``names`` readout the
        softmax of the hub's trained name heads.
    lexicon : Lexicon
    logits : torch.Tensor
        ``(n_pictures, n_items)`` hub output logits.
    level_logits : dict, optional
        ``{"basic": ..., "domain": ...}`` category logits of the ``names`` readout.
    """

    item: torch.Tensor
    basic: torch.Tensor
    domain: torch.Tensor
    lexicon: Lexicon
    logits: torch.Tensor | None = field(default=None, repr=False)
    level_logits: dict | None = field(default=None, repr=False)

    @classmethod
    def from_logits(cls, logits: torch.Tensor, lexicon: Lexicon, level_logits: dict | None = None) -> "Probabilities":
        item = torch.softmax(logits, dim=-1)
        if level_logits:
            return cls(item, torch.softmax(level_logits["basic"], -1), torch.softmax(level_logits["domain"], -1),
                       lexicon, logits, level_logits)
        return cls(item, item @ lexicon.membership("basic"), item @ lexicon.membership("domain"), lexicon, logits)

    def log_odds(self, level: str, pictures, categories) -> np.ndarray:
        """``log(p / (1 - p))`` of ``categories[k]`` for picture ``pictures[k]``, from the logits.

        Unlike the probabilities, log-odds do not saturate at 1, so two
        pictures that are both recognised almost surely can still be compared.

        Parameters
        ----------
        level : {"item", "basic", "domain"}
        pictures, categories : sequences of int
            Row indices of pictures and column indices of items / categories
            (basic and domain categories are in sorted order, as in ``basic``).
        """
        if self.logits is None:
            raise ValueError("These probabilities were made without logits; log-odds need them.")
        return log_odds(self.logits, self.lexicon, level, pictures, categories, self.level_logits)


def log_odds(logits: torch.Tensor, lexicon: Lexicon, level: str, pictures, categories,
             level_logits: dict | None = None) -> np.ndarray:
    """``log(p / (1 - p))`` of ``categories[t]`` for picture ``pictures[t]`` from logits ``(..., n, n_items)``.

    Computed as a difference of log-sum-exps over the category's items and
    the rest, so it does not saturate when p is near 1.  Leading dimensions
    (patients) are kept: the result is ``(..., T)``.  With *level_logits*
    (the ``names`` readout) basic and domain log-odds come from those
    category logits instead.
    """
    pictures = torch.tensor(np.array(pictures, dtype=np.int64))
    categories = torch.tensor(np.array(categories, dtype=np.int64))
    if level != "item" and level_logits:
        z = level_logits[level].double()[..., pictures, :]
        inside = torch.zeros(len(pictures), z.shape[-1], dtype=torch.bool)
        inside[torch.arange(len(pictures)), categories] = True
        neg = torch.tensor(float("-inf"), dtype=z.dtype)
        return (torch.logsumexp(torch.where(inside, z, neg), -1)
                - torch.logsumexp(torch.where(inside, neg, z), -1)).numpy()
    z = logits.double()[..., pictures, :]
    if level == "item":
        inside = torch.zeros(len(pictures), z.shape[-1], dtype=torch.bool)
        inside[torch.arange(len(pictures)), categories] = True
    else:
        inside = lexicon.membership(level).bool().T[categories]
    neg = torch.tensor(float("-inf"), dtype=z.dtype)
    return (torch.logsumexp(torch.where(inside, z, neg), -1)
            - torch.logsumexp(torch.where(inside, neg, z), -1)).numpy()
