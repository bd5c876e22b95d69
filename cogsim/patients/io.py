"""Saving and loading patients: one file of tensors and JSON, read with ``weights_only=True``.

A damaged patient is stored as its premorbid hub (and fine-tuned stages) plus
its lesion history (each lesion's registered name, parameters and seed);
loading replays the history exactly, so any lesion family registered with
:func:`cogsim.lesions.register_lesion` saves and loads like a built-in one.

患者の保存と読み込み（テンソル＋JSON、コードは復元しない）。
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, replace
from pathlib import Path

from .._version import __version__
from .._cache import load_tensors, save_tensors
from .backbones import get_backbone
from .config import HubConfig, training_from_dict, training_to_dict
from .lexicon import Lexicon
from .policy import ResponsePolicy

__all__ = ["save_patient", "read_patient", "PATIENT_FORMAT", "PATIENT_VERSION"]

PATIENT_FORMAT = "cogsim-patient"
#: Version 2: registered lesion names, visual activation noise per evaluation, renamed training fields.
#: Version 3: the trained name heads of hubs with names at every level are kept (``readout="names"``).
PATIENT_VERSION = 3
_REQUIRED = ("backbone", "backbone_weights", "weights_id", "hub_config", "training", "seed", "battery_fingerprint",
             "activation_sd", "lexicon", "lesions")


def _meta(patient) -> dict:
    from ..lesions import lesion_to_dict

    return {"format": PATIENT_FORMAT, "version": PATIENT_VERSION, "cogsim": __version__,
            "backbone": patient.backbone.name, "backbone_weights": patient.backbone_weights,
            "weights_id": patient.backbone.weights_id,
            "hub_config": asdict(patient.hub_config), "training": training_to_dict(patient.training),
            "seed": patient.seed, "battery_fingerprint": patient.battery_fingerprint,
            "activation_sd": patient.activation_sd, "lexicon": patient.lexicon.to_dict(),
            "policy": asdict(patient.policy), "tuned_stages": list(patient.tuned_stages),
            "lesions": [{"lesion": lesion_to_dict(l), "seed": str(s)} for l, s in patient.lesions]}


def save_patient(patient, path: str | os.PathLike) -> Path:
    """Save *patient* to *path* (written atomically); return the path.

    Raises
    ------
    ValueError
        If one of its lesions is of a family that is not registered (it could not be loaded back).
    """
    premorbid = patient.hub if patient.premorbid_hub is None else patient.premorbid_hub
    path = Path(path)
    data = {"meta": json.dumps(_meta(patient)), "hub": {k: v.clone() for k, v in premorbid.items()}}
    if patient.tuned_stages:
        data["tuned"] = {str(i): {k: v.clone() for k, v in patient.tuned_module(i).state_dict().items()}
                         for i in patient.tuned_stages}
    save_tensors(path, data)
    return path


def _check_hub_tensors(path, tensors, hub: HubConfig, feature_dim: int, lexicon: Lexicon, training) -> None:
    """Refuse hub tensors whose names or shapes do not fit the described hub (e.g. a damaged file)."""
    import torch

    from .hub import ATTRIBUTE_HEAD, COLOUR_HEAD, NAME_HEADS, NAME_INPUT, VISUAL_HEAD

    sizes = [feature_dim, *hub.hidden, len(lexicon.item_ids)]
    expected = {"hub.input.mean": (feature_dim,), "hub.input.std": (feature_dim,)}
    for name, fan_in, fan_out in zip(hub.layers, sizes[:-1], sizes[1:]):
        expected[f"{name}.weight"] = (fan_out, fan_in)
        expected[f"{name}.bias"] = (fan_out,)
    weights = {"basic": training.basic_name_weight, "domain": training.domain_name_weight}
    for level, head in NAME_HEADS.items():
        if weights[level] and len(sizes) > 2:
            n = lexicon.membership(level).shape[1]
            expected[f"{head}.weight"] = (n, sizes[-2])
            expected[f"{head}.bias"] = (n,)
    if (getattr(training, "attribute_weight", 0) or getattr(training, "fitted_attributes", False)) \
            and len(sizes) > 2 and isinstance(tensors, dict):
        # the semantic spoke, learnt or fitted: one unit per coded attribute of the battery (its count is the tensor's)
        spoke = tensors.get(f"{ATTRIBUTE_HEAD}.weight")
        n = int(spoke.shape[0]) if isinstance(spoke, torch.Tensor) and spoke.dim() == 2 else -1
        expected[f"{ATTRIBUTE_HEAD}.weight"] = (n, sizes[-2])
        expected[f"{ATTRIBUTE_HEAD}.bias"] = (n,)
    if getattr(training, "visual_weight", 0) and len(sizes) > 2:
        # the visual spoke: the picture regenerated in the first layer's principal directions
        k = training.input_components
        expected[f"{VISUAL_HEAD}.weight"] = (k, sizes[-2])
        expected[f"{VISUAL_HEAD}.bias"] = (k,)
        expected[f"{VISUAL_HEAD}.directions"] = (k, feature_dim)
    if getattr(training, "colour_spoke", False) and len(sizes) > 2:
        # the colour spoke: the unit vector (cos, sin) of an item's hue from the last hidden layer
        expected[f"{COLOUR_HEAD}.weight"] = (2, sizes[-2])
        expected[f"{COLOUR_HEAD}.bias"] = (2,)
    if getattr(training, "name_spoke", False):
        # the name spoke: each item's name's connections into the first hidden layer
        expected[f"{hub.layers[0]}.{NAME_INPUT}"] = (sizes[1], len(lexicon.item_ids))
    if not isinstance(tensors, dict) or set(tensors) != set(expected):
        got = sorted(tensors) if isinstance(tensors, dict) else type(tensors).__name__
        raise ValueError(f"{path} has hub tensors {got}, but its description needs {sorted(expected)}.")
    for name, shape in expected.items():
        t = tensors[name]
        if not isinstance(t, torch.Tensor) or tuple(t.shape) != shape or not torch.isfinite(t).all():
            raise ValueError(f"{path}: hub tensor {name!r} should be a finite tensor of shape {shape}; got "
                             f"{tuple(t.shape) if isinstance(t, torch.Tensor) else type(t).__name__}"
                             f"{'' if not isinstance(t, torch.Tensor) or torch.isfinite(t).all() else ' with non-finite values'}.")


def read_patient(path: str | os.PathLike) -> dict:
    """Read and check a patient file; return what :func:`cogsim.patients.patient.load_patient` builds from.

    The keys are the :class:`~cogsim.patients.patient.Patient` fields (``backbone``, ``hub``, ``lexicon``,
    ``hub_config``, ``training``, ``seed``, ``battery_fingerprint``, ``activation_sd``, ``backbone_weights``,
    ``policy``), plus ``tuned`` (stage index to state dict) and ``lesions`` (``(lesion, seed)`` pairs to replay).
    This module never imports the patient class: the file format sits below it.

    Raises
    ------
    TypeError
        *path* is not a path.
    ValueError
        No such file; not a patient file; written by another format version;
        missing or unknown fields; a lesion family that is not registered;
        backbone weights that differ from those the patient was trained on.
    """
    from ..lesions import lesion_from_dict

    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"The 'path' parameter of load_patient must be a file path (str or Path). Got {path!r} of "
                        f"type {type(path).__name__} instead.")
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"No patient file at {str(path)!r}.")
    try:
        data = load_tensors(path)
    except Exception as exc:  # noqa: BLE001 - any failure to read means "not a patient file"
        # torch's own message suggests weights_only=False, unsafe advice for a file from elsewhere: not shown
        raise ValueError(f"{path} is not a cogsim patient file: it cannot be read as one ({type(exc).__name__}). "
                         "cogsim reads only files written by save_patient / Patient.save, and never unpickles "
                         "code from a file.") from None
    try:
        meta = json.loads(data["meta"])
        if not isinstance(meta, dict):
            raise ValueError("its metadata is not a JSON object")
    except Exception as exc:  # noqa: BLE001
        raise ValueError(f"{path} is not a cogsim patient file: {exc}") from None
    if meta.get("format") != PATIENT_FORMAT:
        raise ValueError(f"{path} is not a cogsim patient file (format {meta.get('format')!r}).")
    version = meta.get("version")
    if version != PATIENT_VERSION:
        raise ValueError(f"{path} is a cogsim patient file of format version {version!r} (written by cogsim "
                         f"{meta.get('cogsim', '?')}); this cogsim {__version__} reads version {PATIENT_VERSION}. "
                         "Rebuild the patient with this version (build_patient with the same arguments).")
    missing = [k for k in _REQUIRED if k not in meta]
    if missing or "hub" not in data:
        raise ValueError(f"{path} is an incomplete cogsim patient file: it lacks "
                         f"{', '.join(map(repr, missing + ([] if 'hub' in data else ['hub'])))}.")
    try:
        training = training_from_dict(meta["training"])
        hub = HubConfig(hidden=tuple(meta["hub_config"]["hidden"]),
                        homeostasis=meta["hub_config"].get("homeostasis", False),
                        settling=meta["hub_config"].get("settling", "none"),
                        settling_gate=meta["hub_config"].get("settling_gate", 1.0),
                        settling_prototype=meta["hub_config"].get("settling_prototype", "mean"))
        lexicon = Lexicon.from_dict(meta["lexicon"])
        policy = ResponsePolicy(**meta.get("policy", {}))
    except (TypeError, KeyError, ValueError) as exc:
        raise ValueError(f"{path} has an invalid patient description: {exc}") from None
    weights = meta["backbone_weights"]
    bb = get_backbone(meta["backbone"], weights=weights, random_state=0 if weights is None else None)
    if bb.weights_id != meta["weights_id"]:
        raise ValueError(f"{path} was trained on {meta['backbone']} weights {meta['weights_id']}, "
                         f"but the weights found now are {bb.weights_id}.")
    _check_hub_tensors(path, data["hub"], hub, bb.feature_dim, lexicon, training)
    lesions = []
    for k, record in enumerate(meta["lesions"]):
        try:
            lesions.append((lesion_from_dict(record["lesion"]), int(record["seed"])))
        except (TypeError, KeyError, ValueError) as exc:
            raise ValueError(f"{path}: lesion {k + 1} of the patient's history cannot be rebuilt: {exc}") from None
    tuned = {int(i): data["tuned"][str(i)] for i in meta.get("tuned_stages") or ()}
    return {"backbone": bb, "hub": data["hub"], "lexicon": lexicon, "hub_config": hub, "training": training,
            "seed": int(meta["seed"]), "battery_fingerprint": meta["battery_fingerprint"],
            "activation_sd": meta["activation_sd"], "backbone_weights": weights, "policy": policy,
            "tuned": tuned, "lesions": lesions}
