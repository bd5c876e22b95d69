"""Building patients: train a hub on cached backbone features, or load it from the cache.

:func:`build_patient` trains one intact patient (transfer learning, and
optionally fine-tuning); :func:`build_controls` a control sample of patients
that differ only in their training seed.  Trained patients are cached under a
hash of everything that determines them, including the cogsim version and a
hash of the code that trains them.

患者の作成（学習またはキャッシュからの読み込み）。
"""

from __future__ import annotations

import sys
from dataclasses import asdict

import numpy as np
import pandas as pd
import torch

from .._version import __version__
from .._cache import check_writable, code_hash, entry, key_of, load_entry
from .._random import int_seed, spawn
from .._threads import CACHE_THREADS, cache_threads
from .._validation import check_int
from ..stimuli.battery import as_battery
from . import training as training_module
from .backbones import DEFAULT_BACKBONE, get_backbone
from .config import HubConfig, TrainingConfig, training_to_dict
from .features import battery_features, feature_code
from .hub import activation_sds
from .io import PATIENT_VERSION
from .patient import load_patient
from .lexicon import Lexicon
from .patient import Patient
from .policy import ResponsePolicy

__all__ = ["build_patient", "build_patients", "build_controls", "patient_cache_key", "MIN_ITEMS"]

#: The fewest items a patient can learn.
MIN_ITEMS = 2


def _training_code() -> str:
    """Hash of the code that turns features into a trained patient (looked up when called)."""
    from . import config, finetune, hub, io, lexicon

    # What makes the stored entry: this module, training, fine-tuning, the forward pass, the configs, the
    # lexicon and the file format (evaluation and damage code do not change what is stored).
    return code_hash(sys.modules[__name__], training_module.train_hubs, finetune.fine_tune, hub.forward, config,
                     io, lexicon)


def _resolve_config(preset, hub, training, policy, battery=None):
    if preset is not None:
        from .presets import get_preset

        chosen = get_preset(preset, battery)  # an alias: the version this battery can train (its norms)
        hub = chosen.hub if hub is None else hub
        training = chosen.training if training is None else training
        policy = chosen.policy if policy is None else policy
    hub = HubConfig() if hub is None else hub
    training = TrainingConfig() if training is None else training
    for name, value, cls in (("hub", hub, HubConfig), ("training", training, TrainingConfig),
                             ("policy", policy, ResponsePolicy)):
        if value is not None and not isinstance(value, cls):
            raise TypeError(f"The {name!r} parameter must be a {cls.__name__}. Got {value!r} instead.")
    return hub, training, policy


def _item_weights(battery, training: TrainingConfig):
    """The exposure weights of ``training.frequency_exposure`` (None when it is 0)."""
    if not training.frequency_exposure:
        return None
    return training_module.exposure_weights(_zipf(battery, training, "frequency_exposure"),
                                            training.frequency_exposure)


def _zipf(battery, training: TrainingConfig, option: str) -> np.ndarray:
    """The items' Zipf frequencies in ``training.frequency_language``, in battery order, for *option*'s error."""
    from ..stimuli.norms import FREQUENCY_COLUMNS, zipf_frequencies

    language = training.frequency_language
    if FREQUENCY_COLUMNS[language] in battery.items.columns:  # values checked there, the column named by option
        return zipf_frequencies(battery, language, f"TrainingConfig({option}=...)")
    try:
        return zipf_frequencies(battery, language, f"TrainingConfig({option}={getattr(training, option)})")
    except ValueError as exc:
        if option != "frequency_exposure":
            raise
        from .presets import ALIASES, WITHOUT_FREQUENCIES

        # the default version's training: say what trains without it
        raise ValueError(f"{exc} Frequency exposure is part of the default's training ({ALIASES['sd_hub']}, sd_hub on "
                         f"batteries with word frequencies); on this battery preset 'sd_hub' runs "
                         f"'{WITHOUT_FREQUENCIES['sd_hub']}', the default's patient before familiarity entered its "
                         "training, or add the frequencies (docs/batteries.md, 'Item norms').") from None


def prototype_patterns(params, x: torch.Tensor, y: torch.Tensor, layers, temperature: float) -> tuple:
    """``(patterns, tau)`` of the prototype read-out: each item's mean last-hidden activation over its training
    pictures *x* (labels *y*) in the hub *params*, and ``tau`` = *temperature* x their mean squared spread (float64)."""
    from .hub import forward

    with torch.no_grad():
        hidden = forward(params, x, layers, stop=-1).double()  # the intact last hidden layer, every training picture
        n = int(y.max()) + 1
        patterns = torch.zeros(n, hidden.shape[1], dtype=torch.float64).index_add_(0, y, hidden)
        patterns /= torch.bincount(y, minlength=n).unsqueeze(1).double()
        return patterns, temperature * (patterns - patterns.mean(0)).pow(2).sum(1).mean()


def _with_prototype_names(params: dict, x: torch.Tensor, y: torch.Tensor, layers, training: TrainingConfig) -> dict:
    """*params* with the item output layer replaced by the prototype read-out (``training.name_readout``)."""
    if training.name_readout != "prototype":
        return params
    patterns, tau = prototype_patterns(params, x, y, layers, training.prototype_temperature)
    weight, bias = 2.0 * patterns / tau, -patterns.pow(2).sum(1) / tau
    return {**params, "hub.output.weight": weight.float(), "hub.output.bias": bias.float()}


#: Ridge of the colour spoke's fit, relative to the mean variance of the hidden units times their number.
COLOUR_RIDGE = 1e-3


def _with_colour_spoke(params: dict, x: torch.Tensor, y: torch.Tensor, layers, battery,
                       training: TrainingConfig) -> dict:
    """*params* with the colour spoke fitted (``training.colour_spoke``): ridge regression from the intact last
    hidden states of the chromatic items' training pictures to the unit vectors of their dominant hues."""
    if not training.colour_spoke:
        return params
    from .hub import forward, hue_vectors

    t = battery.items
    missing = [c for c in ("chromatic", "dominant_hue") if c not in t.columns]
    if missing:
        raise ValueError(f"TrainingConfig(colour_spoke=True) needs the battery's colour columns, but battery "
                         f"{battery.name!r} lacks {', '.join(map(repr, missing))}; load it with cogsim.load_battery.")
    chromatic = t["chromatic"].astype(bool).to_numpy()
    hues = pd.to_numeric(t["dominant_hue"], errors="coerce").to_numpy(np.float64)
    usable = chromatic & np.isfinite(hues)
    if usable.sum() < 2:
        raise ValueError(f"TrainingConfig(colour_spoke=True) needs at least two chromatic items with a dominant hue; "
                         f"battery {battery.name!r} has {int(usable.sum())}.")
    targets = torch.from_numpy(hue_vectors(np.where(usable, hues, 0.0)))  # battery order is the lexicon's
    rows = torch.from_numpy(usable)[y]
    with torch.no_grad():
        hidden = forward(params, x[rows], layers, stop=-1).double()
    weight, bias = _ridge(hidden, targets[y[rows]])
    return {**params, "hub.colour.weight": weight.T.float().contiguous(), "hub.colour.bias": bias.float()}


def _ridge(hidden: torch.Tensor, target: torch.Tensor) -> tuple:
    """``(weight, bias)`` of the ridge regression of *target* on *hidden* (float64 rows), ridge :data:`COLOUR_RIDGE`
    times the mean variance of the centred hidden units times their number: ``target ~ hidden @ weight + bias``."""
    h_mean, t_mean = hidden.mean(0), target.mean(0)
    hc = hidden - h_mean
    gram = hc.T @ hc
    ridge = COLOUR_RIDGE * float(torch.diagonal(gram).mean())
    weight = torch.linalg.solve(gram + ridge * torch.eye(gram.shape[0], dtype=gram.dtype), hc.T @ (target - t_mean))
    return weight, t_mean - h_mean @ weight


#: Logit per unit of the fitted semantic spoke's regressed value (``TrainingConfig.fitted_attributes``): the logit
#: is ``FITTED_GAIN * (r - 0.5)``, so r = 1 gives sigmoid 0.98 and r = 0 gives 0.02.  Only the ``score`` of a
#: drawing depends on it; what is drawn (sigmoid at least 0.5) does not.
FITTED_GAIN = 8.0


def _with_fitted_attributes(params: dict, x: torch.Tensor, y: torch.Tensor, layers, attributes,
                            training: TrainingConfig) -> dict:
    """*params* with the semantic spoke fitted (``training.fitted_attributes``): ridge regression from the intact
    last hidden states of every training picture *x* (items *y*) to its item's coded 0/1 *attributes* (items in
    lexicon order, :func:`_attribute_targets`), stored as logits."""
    if not training.fitted_attributes:
        return params
    from .hub import ATTRIBUTE_HEAD, forward

    with torch.no_grad():
        hidden = forward(params, x, layers, stop=-1).double()
    weight, bias = _ridge(hidden, torch.from_numpy(np.asarray(attributes, dtype=np.float64))[y])
    return {**params, f"{ATTRIBUTE_HEAD}.weight": (FITTED_GAIN * weight.T).float().contiguous(),
            f"{ATTRIBUTE_HEAD}.bias": (FITTED_GAIN * (bias - 0.5)).float()}


def _with_name_spoke(params: dict, x: torch.Tensor, y: torch.Tensor, layers, training: TrainingConfig) -> dict:
    """*params* with the name spoke's input connections (``training.name_spoke``): for each item, the mean
    first-layer input (pre-activation) of its training pictures in the intact hub, less the layer's bias, so that
    hearing the name gives the first hidden layer that input."""
    if not training.name_spoke:
        return params
    from .hub import NAME_INPUT, standardise

    first = layers[0]
    weight, bias = params[f"{first}.weight"].double(), params[f"{first}.bias"].double()
    with torch.no_grad():
        pre = standardise(params, x).double() @ weight.T + bias  # (pictures, hidden)
    n = int(y.max()) + 1
    mean = torch.zeros(n, pre.shape[1], dtype=torch.float64).index_add_(0, y, pre)
    mean /= torch.bincount(y, minlength=n).unsqueeze(1).double()
    return {**params, f"{first}.{NAME_INPUT}": (mean - bias).T.float().contiguous()}


def _with_name_prior(params: dict, battery, training: TrainingConfig) -> dict:
    """*params* with ``training.name_prior`` added to the item output biases (the same dict when it is 0)."""
    if not training.name_prior:
        return params
    zipf = _zipf(battery, training, "name_prior")  # battery order is the lexicon's (Lexicon.from_battery)
    prior = torch.tensor(training.name_prior * np.log(10.0) * (zipf - zipf.mean()), dtype=torch.float32)
    return {**params, "hub.output.bias": params["hub.output.bias"] + prior}


def training_pictures(bb, battery, training: TrainingConfig, *, progress: bool = False):
    """``(features, x, y)``: the battery's cached features, and the training set they make.

    *x* stacks the canonical pictures' features and their augmented copies'
    (``(n_items * (1 + augmentations), d)``), *y* the item index of each row.
    """
    feats = battery_features(bb, battery, augmentations=training.augmentations, augmentation=training.augmentation,
                             random_state=training.augmentation_random_state, progress=progress)
    n = len(battery)
    x = torch.cat([feats.canonical, feats.augmented.reshape(-1, bb.feature_dim)])
    y = torch.cat([torch.arange(n), torch.arange(n).repeat_interleave(training.augmentations)])
    return feats, x, y


def patient_cache_key(backbone, battery, hub: HubConfig, training: TrainingConfig, seed: int) -> str:
    """The cache key of a trained patient: everything that determines its parameters."""
    return key_of({"format": PATIENT_VERSION, "cogsim": __version__, "code": _training_code(),
                   "features": feature_code(), "backbone": backbone.name, "weights": backbone.weights_id,
                   "battery": battery.fingerprint, "hub": asdict(hub), "training": training_to_dict(training),
                   "seed": int(seed), "threads": CACHE_THREADS})


def build_patient(battery=None, *, preset: str | None = None, backbone: str = DEFAULT_BACKBONE,
                  backbone_weights="DEFAULT", hub: HubConfig | None = None, training: TrainingConfig | None = None,
                  policy: ResponsePolicy | None = None, random_state=0, cache: bool = True,
                  progress: bool = True) -> Patient:
    """Build (or load from the cache) an intact patient that knows *battery*.

    Parameters
    ----------
    battery : Battery, str or path, optional
        A battery, a bundled battery's name or a battery folder.  Default: the bundled battery.
    preset : str, optional
        A name from :func:`cogsim.presets.list_presets`: its hub, training and
        response policy (``"sd_hub"`` is the calibrated semantic-dementia
        patient).  *hub*, *training* and *policy* given explicitly win over the preset's.
    backbone : str, default "efficientnet_lite0"
        A name from :func:`cogsim.patients.list_backbones`.
    backbone_weights : "DEFAULT", path or None
        See :func:`cogsim.patients.get_backbone`.
    hub : HubConfig, optional
        Default ``HubConfig()`` (or the preset's).
    training : TrainingConfig, optional
        Default ``TrainingConfig()`` (or the preset's).
    policy : ResponsePolicy, optional
        Default ``ResponsePolicy()`` (or the preset's); not learnt, so not part of the cache key.
    random_state : None, int, SeedSequence or Generator, default 0
        The premorbid training seed (hub initialisation and dropout).  None
        draws a fresh patient; the default 0 makes the default patient one
        reproducible, cacheable patient (the int actually used is ``patient.seed``).
    cache : bool, default True
        Read and write the trained patient in the cache folder
        (``$COGSIM_CACHE_DIR``), keyed by :func:`patient_cache_key`.  The
        folder is checked for writing before any training; a cached patient
        that cannot be read is reported once, moved aside and rebuilt.
    progress : bool, default True
        A progress bar while backbone features are computed.

    Returns
    -------
    Patient

    Examples
    --------
    >>> # patient = build_patient(preset="sd_hub")   # the calibrated SD patient
    """
    return build_patients(battery, [random_state], preset=preset, backbone=backbone,
                          backbone_weights=backbone_weights, hub=hub, training=training, policy=policy, cache=cache,
                          progress=progress)[0]


def build_patients(battery=None, random_states=(0,), *, preset: str | None = None,
                   backbone: str = DEFAULT_BACKBONE, backbone_weights="DEFAULT", hub: HubConfig | None = None,
                   training: TrainingConfig | None = None, policy: ResponsePolicy | None = None, cache: bool = True,
                   progress: bool = True) -> list[Patient]:
    """Build (or load from the cache) one intact patient per random state, training the missing ones together.

    Every patient is exactly the patient :func:`build_patient` gives for its
    random state (same parameters bit for bit, same cache entry): the hubs
    that are not in the cache are trained in one batched computation
    (:func:`cogsim.patients.training.train_hubs`), which shares the backbone
    features and the largest matrix product between them.

    Parameters
    ----------
    battery
        As for :func:`build_patient`.
    random_states : sequence
        One premorbid training seed per patient (None, int, SeedSequence or
        Generator, as ``random_state`` of :func:`build_patient`).
    preset, backbone, backbone_weights, hub, training, policy, cache, progress
        As for :func:`build_patient`; *progress* also shows the training's epochs.

    Returns
    -------
    list of Patient
        In the order of *random_states*.
    """
    battery = as_battery(battery)
    if len(battery) < MIN_ITEMS:
        raise ValueError(f"A patient needs a battery of at least {MIN_ITEMS} items: with one item there is nothing to "
                         f"tell apart, and it is named whatever the damage. Battery {battery.name!r} has "
                         f"{len(battery)}.")
    hub, training, policy = _resolve_config(preset, hub, training, policy, battery)
    if isinstance(random_states, (str, bytes)) or not hasattr(random_states, "__iter__"):
        raise TypeError("The 'random_states' parameter of build_patients must be a sequence of random states "
                        f"(one per patient). Got {random_states!r} instead.")
    seeds = [int_seed(r) for r in random_states]
    bb = get_backbone(backbone, weights=backbone_weights, random_state=0 if backbone_weights is None else None)
    found: dict = {}
    paths: dict = {}
    if cache:
        check_writable("patients")  # before training, not after it
        for seed in dict.fromkeys(seeds):
            paths[seed] = entry("patients", patient_cache_key(bb, battery, hub, training, seed))
            patient = load_entry(paths[seed], load_patient) if paths[seed].is_file() else None
            if patient is not None:
                found[seed] = patient
    missing = [seed for seed in dict.fromkeys(seeds) if seed not in found]
    if missing:
        # training and the fits that finish a patient, with the cache's threads: the entry must not depend on
        # the threads of whoever trained it first (cogsim._threads)
        with cache_threads():
            feats, x, y = training_pictures(bb, battery, training, progress=progress)
            lexicon = Lexicon.from_battery(battery)
            attributes = _attribute_targets(battery, lexicon, training)  # checked before any training
            trained = training_module.train_hubs(x, y, lexicon, hub, training, missing, progress=progress,
                                                 item_weights=_item_weights(battery, training),
                                                 attributes=attributes if training.attribute_weight else None)
            for seed, (params, _) in zip(missing, trained):
                tuned = {}
                if training.fine_tune:
                    from .finetune import fine_tune
                    from .training import soft_targets

                    params, tuned = fine_tune(bb, battery, params, hub.layers, training, y,
                                              soft_targets(lexicon, training), seed, progress)
                params = _with_prototype_names(params, x, y, hub.layers, training)
                params = _with_name_prior(params, battery, training)
                params = _with_colour_spoke(params, x, y, hub.layers, battery, training)
                params = _with_name_spoke(params, x, y, hub.layers, training)
                params = _with_fitted_attributes(params, x, y, hub.layers, attributes, training)
                patient = Patient(bb, params, lexicon, hub, training, seed, battery.fingerprint,
                                  activation_sds(params, feats.canonical, hub.layers),
                                  backbone_weights=None if backbone_weights is None else str(backbone_weights),
                                  stage_overrides=dict(tuned), tuned_stages=tuple(sorted(tuned)))
                if cache:
                    patient.save(paths[seed])
                found[seed] = patient
    return [found[seed] if policy is None else found[seed].with_policy(policy) for seed in seeds]


def _attribute_targets(battery, lexicon, training):
    """The items' coded attributes in lexicon order, when the semantic spoke is trained or fitted (else None)."""
    if not (training.attribute_weight or training.fitted_attributes):
        return None
    from ..stimuli.norms import attribute_matrix, require_norms

    option = "attribute_weight=..." if training.attribute_weight else "fitted_attributes=True"
    require_norms(battery.items, ["attr"], f"TrainingConfig({option}) (the semantic spoke)")
    return attribute_matrix(battery.items).loc[list(lexicon.item_ids)].to_numpy(np.float32)


def build_controls(battery=None, *, n: int = 8, random_state=0, **kwargs) -> list[Patient]:
    """*n* intact patients differing only in their training seed: the control sample.

    Seeds come from ``SeedSequence(random_state).spawn(n)``; backbone features
    (and their augmentations) are shared, and the hubs missing from the cache
    are trained together (:func:`build_patients`).  Other keyword arguments go
    to :func:`build_patient`.
    """
    check_int("build_controls", "n", n)
    return build_patients(battery, spawn(random_state, n), **kwargs)
