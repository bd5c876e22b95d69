"""Virtual patients: a backbone (visual spoke) + a semantic hub + a lexicon.

``build_patient`` trains the hub by transfer learning on cached backbone
features; ``patient.lesion`` returns a damaged copy; ``save``/``load_patient``
store a patient as tensors plus JSON, never pickled code.

仮想患者：バックボーン＋意味ハブ＋語彙。
"""

from __future__ import annotations

import copy
import fnmatch
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np
import torch
from torch import nn

from .. import __version__
from .._cache import entry, key_of, load_tensors, save_tensors
from .._random import int_seed, seed_sequence, spawn, torch_generator
from .._validation import check_fraction
from ..lesions.base import Lesion, layer_generator
from .backbones import DEFAULT_BACKBONE, Backbone, get_backbone
from .features import Augmentation, battery_features, canonical_batch, picture_features
from .lexicon import Lexicon
from .policy import ResponsePolicy

__all__ = ["HubConfig", "TrainingConfig", "Patient", "Probabilities", "build_patient", "build_controls",
           "load_patient"]

PATIENT_FORMAT = "cogsim-patient"
PATIENT_VERSION = 1


@dataclass(frozen=True)
class HubConfig:
    """Shape of the semantic hub: an MLP from backbone features to item names.

    Attributes
    ----------
    hidden : tuple of int, default (256,)
        Sizes of the hidden layers (``hub.hidden1``, …); the output layer
        ``hub.output`` has one unit per item.  The default is two weight layers.
    """

    hidden: tuple = (256,)

    def __post_init__(self):
        hidden = tuple(self.hidden) if isinstance(self.hidden, (list, tuple)) else (self.hidden,)
        if not hidden or not all(isinstance(h, int) and not isinstance(h, bool) and h > 0 for h in hidden):
            raise ValueError(f"The 'hidden' parameter of HubConfig must be a tuple of positive ints. Got {self.hidden!r} instead.")
        object.__setattr__(self, "hidden", hidden)


@dataclass(frozen=True)
class TrainingConfig:
    """How the hub is trained (transfer learning: the backbone stays frozen).

    Attributes
    ----------
    augmentations : int, default 6
        Augmented copies of each picture (random resized crop, flip, rotation;
        colours untouched) added to the canonical picture.
    augmentation : Augmentation
    augmentation_seed : int, default 0
        Seed of the augmented pictures; shared by control patients, whose hubs
        differ only in their training seed.
    epochs : int, default 300
        Full-batch Adam steps.
    learning_rate : float, default 3e-3
    weight_decay : float, default 1e-4
    dropout : float, default 0.2
        Dropout on hidden units during training.
    basic_smoothing, domain_smoothing : float, default 0.0
        Hierarchical label smoothing: the training target gives this much
        probability to the other members of the item's basic category, and to
        the other items of its domain, spread evenly; the item keeps the rest.
        In the calibration study (``docs/calibration.md``) smoothed hubs let
        item names collapse into category names at the first damage; names at
        every level (below) give SD's semantic errors instead.
    basic_names, domain_names : float, default 0.0
        Names at every level, as the Rogers et al. (2004) model learnt them:
        the weight of two extra training losses in which the hub's last
        hidden layer also predicts the item's basic category ("bird") and its
        domain ("animal"), each through its own linear head.  The heads only
        shape the hub while it learns: a patient answers every question from
        its item beliefs (category beliefs are sums over the items), so the
        patient is the same kind of object whatever these weights are.  With
        them, the hub's representations of an item's neighbours stay close,
        and damage drifts toward neighbours instead of toward any item.
    fine_tune : int, default 0
        0 is transfer learning (the backbone frozen).  k > 0 then also trains
        the last k backbone stages together with the hub (fine-tuning, see
        :mod:`cogsim.patients.finetune`).
    fine_tune_epochs : int, default 20
        Mini-batch epochs of fine-tuning.
    fine_tune_learning_rate : float, default 1e-4
        Learning rate of the fine-tuned stages (the hub keeps ``learning_rate``).
    """

    augmentations: int = 6
    augmentation: Augmentation = Augmentation()
    augmentation_seed: int = 0
    epochs: int = 300
    learning_rate: float = 3e-3
    weight_decay: float = 1e-4
    dropout: float = 0.2
    basic_smoothing: float = 0.0
    domain_smoothing: float = 0.0
    basic_names: float = 0.0
    domain_names: float = 0.0
    fine_tune: int = 0
    fine_tune_epochs: int = 20
    fine_tune_learning_rate: float = 1e-4

    def __post_init__(self):
        check_fraction("TrainingConfig", "fine_tune_learning_rate", self.fine_tune_learning_rate, low=1e-8, high=10.0)
        for name in ("augmentations", "epochs", "augmentation_seed", "fine_tune", "fine_tune_epochs"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"The {name!r} parameter of TrainingConfig must be a non-negative int. Got {value!r} instead.")
        check_fraction("TrainingConfig", "dropout", self.dropout, high=0.95)
        check_fraction("TrainingConfig", "learning_rate", self.learning_rate, low=1e-8, high=10.0)
        check_fraction("TrainingConfig", "weight_decay", self.weight_decay, high=10.0)
        check_fraction("TrainingConfig", "basic_smoothing", self.basic_smoothing, high=0.9)
        check_fraction("TrainingConfig", "domain_smoothing", self.domain_smoothing, high=0.9)
        check_fraction("TrainingConfig", "basic_names", self.basic_names, high=100.0)
        check_fraction("TrainingConfig", "domain_names", self.domain_names, high=100.0)
        if self.basic_smoothing + self.domain_smoothing >= 1.0:
            raise ValueError("basic_smoothing + domain_smoothing must be below 1 (the item keeps the rest). "
                             f"Got {self.basic_smoothing} + {self.domain_smoothing}.")


@dataclass(frozen=True)
class Probabilities:
    """A patient's beliefs about a set of pictures.

    Attributes
    ----------
    item, basic, domain : torch.Tensor
        ``(n_pictures, n_items | n_basic | n_domains)`` probabilities; basic
        and domain probabilities are sums of item probabilities over the hierarchy.
    lexicon : Lexicon
    """

    item: torch.Tensor
    basic: torch.Tensor
    domain: torch.Tensor
    lexicon: Lexicon
    logits: torch.Tensor | None = field(default=None, repr=False)

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
        return log_odds(self.logits, self.lexicon, level, pictures, categories)


def log_odds(logits: torch.Tensor, lexicon: Lexicon, level: str, pictures, categories) -> np.ndarray:
    """``log(p / (1 - p))`` of ``categories[t]`` for picture ``pictures[t]`` from logits ``(..., n, n_items)``.

    Computed as a difference of log-sum-exps over the category's items and
    the rest, so it does not saturate when p is near 1.  Leading dimensions
    (patients) are kept: the result is ``(..., T)``.
    """
    pictures = torch.tensor(np.array(pictures, dtype=np.int64))
    categories = torch.tensor(np.array(categories, dtype=np.int64))
    z = logits.double()[..., pictures, :]
    if level == "item":
        inside = torch.zeros(len(pictures), z.shape[-1], dtype=torch.bool)
        inside[torch.arange(len(pictures)), categories] = True
    else:
        inside = lexicon.membership(level).bool().T[categories]
    neg = torch.tensor(float("-inf"), dtype=z.dtype)
    return (torch.logsumexp(torch.where(inside, z, neg), -1)
            - torch.logsumexp(torch.where(inside, neg, z), -1)).numpy()


def _hub_layer_names(hub: HubConfig) -> list[str]:
    return [f"hub.hidden{i + 1}" for i in range(len(hub.hidden))] + ["hub.output"]


class _UnitMask(nn.Module):
    """A visual stage whose output channels are multiplied by a 0/1 mask."""

    def __init__(self, stage, keep: torch.Tensor):
        super().__init__()
        self.stage, self.keep = stage, keep

    def forward(self, x):
        y = self.stage(x)
        shape = (1, -1) + (1,) * (y.dim() - 2)
        return y * self.keep.view(shape).to(y.dtype)


class _Noisy(nn.Module):
    """A visual stage with Gaussian noise on its output, drawn from a fixed seed."""

    def __init__(self, stage, sd: float, seed: int):
        super().__init__()
        self.stage, self.sd, self.seed = stage, sd, seed

    def forward(self, x):
        y = self.stage(x)
        noise = torch.randn(y.shape, generator=torch_generator(self.seed))
        return y + self.sd * noise


_PREFIX_CACHE: dict = {}
_HUB_PREFIX: dict = {}  # (features, premorbid first-layer weight) -> first-layer activations


@dataclass(frozen=True, eq=False)
class Patient:
    """A virtual patient.  Never changes: :meth:`lesion` returns a new one.

    Build one with :func:`build_patient`; load one with :func:`load_patient`.

    Attributes
    ----------
    backbone : Backbone
        Shared and read-only.
    hub : dict of str to torch.Tensor
        Hub parameters (``hub.hidden1.weight`` …, plus the input standardisation).
    lexicon : Lexicon
    hub_config : HubConfig
    training : TrainingConfig
    seed : int
        The premorbid training seed.
    battery_fingerprint : str
        The battery it learnt.
    lesions : tuple
        ``(lesion, seed)`` pairs applied in order; empty for a premorbid patient.
    tuned_stages : tuple of int
        Backbone stages fine-tuned with the hub (their weights are in
        ``stage_overrides`` from birth); empty for transfer learning.
    policy : ResponsePolicy
        How the patient turns its beliefs into answers (naming thresholds,
        the verification criterion, the colour-judgment rule).  Change it with
        :meth:`with_policy`; it is not learnt, so it is not part of the cache key.
    """

    backbone: Backbone
    hub: dict
    lexicon: Lexicon
    hub_config: HubConfig
    training: TrainingConfig
    seed: int
    battery_fingerprint: str
    activation_sd: dict
    backbone_weights: object = "DEFAULT"
    lesions: tuple = ()
    unit_masks: dict = field(default_factory=dict)
    activation_noise: dict = field(default_factory=dict)
    stage_overrides: dict = field(default_factory=dict)
    premorbid_hub: dict | None = field(default=None, repr=False)
    policy: ResponsePolicy = field(default_factory=ResponsePolicy)
    tuned_stages: tuple = ()
    premorbid_stages: dict | None = field(default=None, repr=False)

    # --- identity -------------------------------------------------------------------------
    @property
    def is_premorbid(self) -> bool:
        return not self.lesions

    @property
    def layers(self) -> list[str]:
        """All lesionable layer names: visual stages, then hub layers."""
        return self.backbone.visual_layers + _hub_layer_names(self.hub_config)

    def parameter_hash(self) -> str:
        """SHA-256 of every parameter the patient uses (hub and backbone), for provenance and tests."""
        digest = hashlib.sha256()
        for name in sorted(self.hub):
            digest.update(name.encode())
            digest.update(self.hub[name].detach().cpu().numpy().tobytes())
        for i, (name, stage) in enumerate(self.backbone.stages):
            module = self.stage_overrides.get(i, stage)
            for pname, p in module.state_dict().items():
                digest.update(f"{name}.{pname}".encode())
                digest.update(p.detach().cpu().numpy().tobytes())
        for name in sorted(self.unit_masks):
            digest.update(self.unit_masks[name].numpy().tobytes())
        return digest.hexdigest()

    def __repr__(self) -> str:
        damage = ", ".join(f"{type(l).__name__}({l.severity:g}, {l.site!r})" for l, _ in self.lesions) or "premorbid"
        return (f"<Patient {self.backbone.name} + hub{list(self.hub_config.hidden)}, "
                f"{len(self.lexicon.item_ids)} items, seed {self.seed}, {damage}>")

    # --- evaluation -----------------------------------------------------------------------
    def hub_logits(self, features: torch.Tensor, *, random_state=None) -> torch.Tensor:
        """Output logits of the hub for ``(n, d)`` backbone features.

        The first hub layer's activations are shared with the premorbid
        patient whenever this patient's damage starts after them (unit
        ablation, activation noise, damage to later layers): they are computed
        once per premorbid hub and set of features and kept in memory, so a
        cohort with hub damage costs little more than the layers downstream of
        the lesion.  The result is the same, bit for bit, as computing everything.
        """
        names = _hub_layer_names(self.hub_config)
        first = names[0]
        base = self.hub if self.premorbid_hub is None else self.premorbid_hub
        shared = all(self.hub[k] is base[k] for k in ("hub.input.mean", "hub.input.std", f"{first}.weight",
                                                       f"{first}.bias"))
        h = None
        if shared:
            key = (id(features), id(base[f"{first}.weight"]))
            hit = _HUB_PREFIX.get(key)
            if hit is not None and hit[0] is base[f"{first}.weight"] and hit[1] is features:
                h = hit[2]
        if h is None:
            h = (features - self.hub["hub.input.mean"]) / self.hub["hub.input.std"]
            h = h @ self.hub[f"{first}.weight"].T + self.hub[f"{first}.bias"]
            if first != "hub.output":
                h = torch.relu(h)
            if shared:
                if len(_HUB_PREFIX) >= 64:
                    _HUB_PREFIX.pop(next(iter(_HUB_PREFIX)))
                _HUB_PREFIX[key] = (base[f"{first}.weight"], features, h)
        noise_rng = None
        for i, name in enumerate(names):
            if i > 0:
                h = h @ self.hub[f"{name}.weight"].T + self.hub[f"{name}.bias"]
                if name != "hub.output":
                    h = torch.relu(h)
            if name in self.activation_noise:
                if noise_rng is None:
                    noise_rng = np.random.default_rng(seed_sequence(
                        random_state if random_state is not None else self.lesions[-1][1]))
                noise = torch.from_numpy(noise_rng.standard_normal(h.shape).astype(np.float32))
                h = h + self.activation_noise[name] * noise
            if name in self.unit_masks:
                h = h * (~self.unit_masks[name]).to(h.dtype)
        return h

    def with_policy(self, policy: ResponsePolicy | None = None, **changes) -> "Patient":
        """The same patient with another response policy (or with some thresholds changed).

        >>> # strict = patient.with_policy(specific=0.8)
        """
        policy = self.policy if policy is None else policy
        if not isinstance(policy, ResponsePolicy):
            raise TypeError(f"The 'policy' parameter must be a ResponsePolicy. Got {policy!r} instead.")
        return replace(self, policy=replace(policy, **changes))

    def features(self, battery, pictures=None) -> torch.Tensor:
        """Backbone features ``(n_pictures, d)`` through this patient's (possibly damaged) visual layers.

        Parameters
        ----------
        battery : Battery
        pictures : None or cogsim.patients.features.Recoloured
            None for the battery's canonical pictures (in item order).

        Undamaged layers come from the cache; with visual damage only the
        layers from the first damaged one onward are recomputed.
        """
        intact = picture_features(self.backbone, battery, pictures)
        if not self.stage_overrides:
            return intact
        start = min(self.stage_overrides)
        spec = None if pictures is None else repr(pictures.spec())
        key = (id(self.backbone), battery.fingerprint, spec, start)
        if key not in _PREFIX_CACHE:
            size = self.backbone.input_size
            batch = canonical_batch(battery, size) if pictures is None else pictures.batch(battery, size)
            if len(_PREFIX_CACHE) >= 4:  # a few prefixes in memory at a time
                _PREFIX_CACHE.pop(next(iter(_PREFIX_CACHE)))
            with torch.no_grad():
                _PREFIX_CACHE[key] = self.backbone.run(self.backbone.preprocess(batch), 0, start)
        with torch.no_grad():
            return self.backbone.run(_PREFIX_CACHE[key], start, overrides=self.stage_overrides).float()

    def probabilities(self, battery=None, *, features: torch.Tensor | None = None, random_state=None) -> Probabilities:
        """Item, basic and domain probabilities for a battery's pictures (or given features)."""
        if features is None:
            if battery is None:
                raise ValueError("Pass a battery or features to Patient.probabilities.")
            features = self.features(battery)
        with torch.no_grad():
            logits = self.hub_logits(features, random_state=random_state)
            item = torch.softmax(logits, dim=1)
        return Probabilities(item, item @ self.lexicon.membership("basic"),
                             item @ self.lexicon.membership("domain"), self.lexicon, logits)

    # --- damage ---------------------------------------------------------------------------
    def _resolve_site(self, site: str, target: str) -> list[str]:
        visual = self.backbone.visual_layers
        hub_all = _hub_layer_names(self.hub_config)
        hub_hidden = hub_all[:-1]
        if site == "hub":
            return hub_all if target == "weights" else hub_hidden
        if site == "visual":
            return list(visual)
        names = [n for n in self.layers if fnmatch.fnmatchcase(n, site)]
        if not names:
            options = ["hub", "visual"] + self.layers
            raise ValueError(
                f"Invalid value for 'site'. Allowed values are {', '.join(map(repr, options))} "
                f"(or a glob pattern matching layer names), but got {site!r}."
            )
        return names

    def lesion(self, lesion: Lesion, *, random_state=None) -> "Patient":
        """A new patient with *lesion* applied; this patient is left unchanged.

        Parameters
        ----------
        lesion : Lesion
            E.g. ``UnitAblation(severity=0.4, site="hub")``.
        random_state : None, int, SeedSequence or numpy Generator
            Decides which units, connections and noise; the same random_state
            gives nested damage across severities.

        Returns
        -------
        Patient
        """
        if not isinstance(lesion, Lesion):
            raise TypeError(f"Patient.lesion expects a Lesion (e.g. UnitAblation(severity=0.4)). Got {lesion!r}.")
        seed = int(seed_sequence(random_state).generate_state(2, dtype=np.uint64)[0] >> 1)
        return self._apply(lesion, seed)

    def _apply(self, lesion: Lesion, seed: int) -> "Patient":
        if lesion.target == "compound":
            patient = self
            for k, part in enumerate(lesion.components()):
                part_seed = int(np.random.SeedSequence([seed, k]).generate_state(2, dtype=np.uint64)[0] >> 1)
                patient = patient._apply(part, part_seed)
            # one entry in the history: the compound itself (replayed as a whole when loading)
            return replace(patient, lesions=self.lesions + ((lesion, seed),))
        layers = self._resolve_site(lesion.site, lesion.target)
        hub = dict(self.hub)
        unit_masks = dict(self.unit_masks)
        act_noise = dict(self.activation_noise)
        overrides = dict(self.stage_overrides)
        visual = self.backbone.visual_layers
        for layer in layers:
            if layer.startswith("hub."):
                if lesion.target == "weights":
                    key = f"{layer}.weight"
                    hub[key] = lesion.damage_weight(hub[key], layer_generator(seed, layer, "weight")).float()
                elif lesion.target == "units":
                    n = hub[f"{layer}.bias"].numel()
                    dead = torch.from_numpy(lesion.dead_units(n, layer_generator(seed, layer)))
                    unit_masks[layer] = dead | unit_masks.get(layer, torch.zeros(n, dtype=torch.bool))
                else:
                    act_noise[layer] = lesion.noise_sd(self.activation_sd.get(layer, 1.0))
                continue
            index = visual.index(layer)
            stage = copy.deepcopy(overrides.get(index, self.backbone.stages[index][1]))
            if lesion.target == "weights":
                for pname, p in stage.named_parameters():
                    if pname.endswith("weight") and p.dim() >= 2:  # conv/linear, not batch norm
                        p.data.copy_(lesion.damage_weight(p.data, layer_generator(seed, layer, pname)))
            elif lesion.target == "units":
                probe = self._stage_channels(index)
                dead = torch.from_numpy(lesion.dead_units(probe, layer_generator(seed, layer)))
                stage = _UnitMask(stage, (~dead).float())
            else:
                stage = _Noisy(stage, lesion.noise_sd(1.0), int(layer_generator(seed, layer).integers(2**62)))
            overrides[index] = stage
        return replace(self, hub=hub, unit_masks=unit_masks, activation_noise=act_noise,
                       stage_overrides=overrides, lesions=self.lesions + ((lesion, seed),),
                       premorbid_hub=self.hub if self.premorbid_hub is None else self.premorbid_hub,
                       premorbid_stages=({i: self.stage_overrides[i] for i in self.tuned_stages}
                                         if self.premorbid_stages is None else self.premorbid_stages))

    def _stage_channels(self, index: int) -> int:
        size = self.backbone.input_size
        x = self.backbone.preprocess(torch.zeros(1, 3, size, size))
        return int(self.backbone.run(x, 0, index + 1).shape[1])

    # --- storage --------------------------------------------------------------------------
    def _meta(self) -> dict:
        return {"format": PATIENT_FORMAT, "version": PATIENT_VERSION, "cogsim": __version__,
                "backbone": self.backbone.name, "backbone_weights": self.backbone_weights,
                "weights_id": self.backbone.weights_id,
                "hub_config": asdict(self.hub_config), "training": _training_to_dict(self.training),
                "seed": self.seed, "battery_fingerprint": self.battery_fingerprint,
                "activation_sd": self.activation_sd, "lexicon": self.lexicon.to_dict(),
                "policy": asdict(self.policy), "tuned_stages": list(self.tuned_stages),
                "lesions": [{"lesion": l.to_dict(), "seed": str(s)} for l, s in self.lesions]}

    def save(self, path: str | os.PathLike) -> Path:
        """Save to one file of tensors and JSON (loaded with ``weights_only=True``).

        A damaged patient is stored as its premorbid hub plus its lesion
        history (lesions and seeds); loading replays the history exactly.
        """
        premorbid = self.hub if self.premorbid_hub is None else self.premorbid_hub
        path = Path(path)
        data = {"meta": json.dumps(self._meta()), "hub": {k: v.clone() for k, v in premorbid.items()}}
        if self.tuned_stages:
            data["tuned"] = {str(i): {k: v.clone() for k, v in self._tuned_module(i).state_dict().items()}
                             for i in self.tuned_stages}
        save_tensors(path, data)
        return path

    def _tuned_module(self, index: int):
        """The fine-tuned (premorbid) module of stage *index*."""
        stages = self.stage_overrides if self.premorbid_stages is None else self.premorbid_stages
        return stages[index]


def _training_to_dict(t: TrainingConfig) -> dict:
    d = asdict(t)
    d["augmentation"] = {k: list(v) if isinstance(v, tuple) else v for k, v in d["augmentation"].items()}
    return d


def _training_from_dict(d: dict) -> TrainingConfig:
    d = dict(d)
    aug = {k: tuple(v) if isinstance(v, list) else v for k, v in d.pop("augmentation").items()}
    return TrainingConfig(augmentation=Augmentation(**aug), **d)


def _soft_targets(lexicon: Lexicon, training: TrainingConfig) -> torch.Tensor:
    """``(n_items, n_items)`` target distributions with hierarchical label smoothing."""
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


def _level_targets(lexicon: Lexicon, targets: torch.Tensor) -> dict:
    """Basic-category and domain indices of each training picture's item."""
    return {level: lexicon.membership(level).argmax(1)[targets] for level in ("basic", "domain")}


def _train_hub(features, targets, n_items, hub: HubConfig, training: TrainingConfig, seed: int,
               soft: torch.Tensor | None = None, levels: dict | None = None):
    """Train the hub's parameters (full-batch Adam); returns ``(parameters, final loss)``.

    *levels* maps "basic" and "domain" to each picture's category index; it is
    needed when ``training.basic_names`` or ``training.domain_names`` is set.
    """
    g = torch_generator(seed)
    mean, std = features.mean(0), features.std(0).clamp_min(1e-6)
    x = (features - mean) / std
    sizes = [features.shape[1], *hub.hidden, n_items]
    names = _hub_layer_names(hub)
    params = {}
    for name, fan_in, fan_out in zip(names, sizes[:-1], sizes[1:]):
        bound = 1.0 / fan_in ** 0.5
        params[f"{name}.weight"] = ((torch.rand(fan_out, fan_in, generator=g) * 2 - 1) * bound).requires_grad_()
        params[f"{name}.bias"] = ((torch.rand(fan_out, generator=g) * 2 - 1) * bound).requires_grad_()
    # Heads that name the basic category and the domain from the last hidden layer (training only).
    weights = {"basic": training.basic_names, "domain": training.domain_names}
    heads = {}
    for level, weight in weights.items():
        if weight:
            if levels is None:
                raise ValueError(f"Training with {level}_names needs the pictures' category targets.")
            n_out, fan_in = int(levels[level].max()) + 1, sizes[-2]
            bound = 1.0 / fan_in ** 0.5
            heads[level] = (((torch.rand(n_out, fan_in, generator=g) * 2 - 1) * bound).requires_grad_(),
                            torch.zeros(n_out, requires_grad=True))
    trained = list(params.values()) + [t for head in heads.values() for t in head]
    optimiser = torch.optim.Adam(trained, lr=training.learning_rate, weight_decay=training.weight_decay)
    for _ in range(training.epochs):
        optimiser.zero_grad()
        h = x
        for name in names:
            if name == "hub.output":
                hidden = h
            h = h @ params[f"{name}.weight"].T + params[f"{name}.bias"]
            if name != "hub.output":
                h = torch.relu(h)
                if training.dropout:
                    keep = (torch.rand(h.shape, generator=g) >= training.dropout).float()
                    h = h * keep / (1.0 - training.dropout)
        loss = nn.functional.cross_entropy(h, targets if soft is None else soft[targets])
        for level, (weight_matrix, bias) in heads.items():
            loss = loss + weights[level] * nn.functional.cross_entropy(hidden @ weight_matrix.T + bias, levels[level])
        loss.backward()
        optimiser.step()
    out = {k: v.detach().clone() for k, v in params.items()}
    out["hub.input.mean"], out["hub.input.std"] = mean, std
    return out, float(loss.detach())


def _activation_sd(hub_params, hub: HubConfig, features) -> dict:
    h = (features - hub_params["hub.input.mean"]) / hub_params["hub.input.std"]
    sds = {}
    for name in _hub_layer_names(hub):
        h = h @ hub_params[f"{name}.weight"].T + hub_params[f"{name}.bias"]
        if name != "hub.output":
            h = torch.relu(h)
        sds[name] = float(h.std())
    return sds


def build_patient(battery=None, *, backbone: str = DEFAULT_BACKBONE, backbone_weights="DEFAULT",
                  hub: HubConfig = HubConfig(), training: TrainingConfig = TrainingConfig(),
                  random_state=0, cache: bool = True, progress: bool = True) -> Patient:
    """Build (or load from the cache) an intact patient that knows *battery*.

    Parameters
    ----------
    battery : Battery, optional
        Default: the bundled battery.
    backbone : str, default "efficientnet_lite0"
        A name from :func:`cogsim.patients.list_backbones`.
    backbone_weights : "DEFAULT", path or None
        See :func:`cogsim.patients.get_backbone`.
    hub : HubConfig
    training : TrainingConfig
    random_state : int, default 0
        The premorbid seed (hub initialisation and dropout).  Unlike elsewhere
        the default is 0, not None, so that the default patient is one
        reproducible, cacheable patient.
    cache : bool, default True
        Read and write the trained patient in the cache folder
        (``$COGSIM_CACHE_DIR``), keyed by a hash of everything that determines it.
    progress : bool, default True

    Returns
    -------
    Patient
    """
    from ..stimuli import load_battery

    battery = load_battery() if battery is None else battery
    seed = int_seed(random_state)
    bb = get_backbone(backbone, weights=backbone_weights, random_state=0 if backbone_weights is None else None)
    spec = {"v": PATIENT_VERSION, "backbone": bb.name, "weights": bb.weights_id, "battery": battery.fingerprint,
            "hub": asdict(hub), "training": _training_to_dict(training), "seed": seed}
    path = entry("patients", key_of(spec))
    if cache and path.is_file():
        return load_patient(path)
    feats = battery_features(bb, battery, augmentations=training.augmentations, augmentation=training.augmentation,
                             seed=training.augmentation_seed, progress=progress)
    n = len(battery)
    x = torch.cat([feats.canonical, feats.augmented.reshape(-1, bb.feature_dim)])
    y = torch.cat([torch.arange(n), torch.arange(n).repeat_interleave(training.augmentations)])
    lexicon = Lexicon.from_battery(battery)
    soft = None if not (training.basic_smoothing or training.domain_smoothing) else _soft_targets(lexicon, training)
    params, _ = _train_hub(x, y, n, hub, training, seed, soft, _level_targets(lexicon, y))
    tuned = {}
    if training.fine_tune:
        from .finetune import fine_tune

        params, tuned = fine_tune(bb, battery, params, _hub_layer_names(hub), training, y, soft, seed, progress)
    patient = Patient(bb, params, lexicon, hub, training, seed, battery.fingerprint,
                      _activation_sd(params, hub, feats.canonical),
                      backbone_weights=None if backbone_weights is None else str(backbone_weights),
                      stage_overrides=dict(tuned), tuned_stages=tuple(sorted(tuned)))
    if cache:
        patient.save(path)
    return patient


def build_controls(battery=None, *, n: int = 8, random_state=0, **kwargs) -> list[Patient]:
    """*n* intact patients differing only in their training seed: the control sample.

    Seeds come from ``SeedSequence(random_state).spawn(n)``; backbone features
    (and their augmentations) are shared, so each control costs one hub training.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"The 'n' parameter of build_controls must be a positive int. Got {n!r} instead.")
    return [build_patient(battery, random_state=s, **kwargs) for s in spawn(random_state, n)]


def load_patient(path: str | os.PathLike) -> Patient:
    """Load a patient saved by :meth:`Patient.save` (tensors and JSON only; no code is unpickled)."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"No patient file at {str(path)!r}.")
    try:
        data = load_tensors(path)
        meta = json.loads(data["meta"])
    except Exception as exc:  # noqa: BLE001 - any failure means "not a patient file"
        raise ValueError(f"{path} is not a cogsim patient file: {exc}") from None
    if meta.get("format") != PATIENT_FORMAT:
        raise ValueError(f"{path} is not a cogsim patient file (format {meta.get('format')!r}).")
    from ..lesions import lesion_from_dict

    weights = meta["backbone_weights"]
    bb = get_backbone(meta["backbone"], weights=weights, random_state=0 if weights is None else None)
    if bb.weights_id != meta["weights_id"]:
        raise ValueError(f"{path} was trained on {meta['backbone']} weights {meta['weights_id']}, "
                         f"but the weights found now are {bb.weights_id}.")
    hub = HubConfig(hidden=tuple(meta["hub_config"]["hidden"]))
    patient = Patient(bb, data["hub"], Lexicon.from_dict(meta["lexicon"]), hub,
                      _training_from_dict(meta["training"]), int(meta["seed"]), meta["battery_fingerprint"],
                      meta["activation_sd"], backbone_weights=weights,
                      policy=ResponsePolicy(**meta.get("policy", {})))
    if meta.get("tuned_stages"):
        stages = {}
        for i in meta["tuned_stages"]:
            module = copy.deepcopy(bb.stages[int(i)][1])
            module.load_state_dict(data["tuned"][str(i)])
            module.eval()
            stages[int(i)] = module
        patient = replace(patient, stage_overrides=stages, tuned_stages=tuple(sorted(stages)))
    for record in meta["lesions"]:
        patient = patient._apply(lesion_from_dict(record["lesion"]), int(record["seed"]))
    return patient
