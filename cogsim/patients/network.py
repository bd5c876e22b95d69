"""What a lesion may change in a patient, and how: the :class:`Network` a lesion works on.

``patient.lesion(lesion)`` makes a :class:`Network` from the patient, calls
``lesion.apply(network, seed)``, and turns the network into a new patient.
A lesion family therefore needs no change to :class:`~cogsim.patients.Patient`:
it reads and changes the network through the few methods below.

==================  ================================================================
what a lesion does  Network method
==================  ================================================================
find its layers     :meth:`Network.resolve` (``"hub"``, ``"visual"``, a layer name or glob)
change weights      :meth:`Network.weights`, :meth:`Network.set_weight`
silence units       :meth:`Network.n_units`, :meth:`Network.silence`
add run-time noise  :meth:`Network.add_noise` (SD relative to the layer's activation SD)
weaken control      :meth:`Network.weaken_control` (noise where a task selects its answer)
==================  ================================================================

The patient the network came from never changes: hub tensors are replaced,
never written in place, and a visual stage is copied before its first change.

損傷が患者のどこをどう変えるか：損傷はこの Network を通して働く。
"""

from __future__ import annotations

import copy
import fnmatch

import numpy as np
import torch
from torch import nn

from .hub import NAME_INPUT

__all__ = ["Network", "UnitMask", "resolve_site", "check_sites"]


class UnitMask(nn.Module):
    """A visual stage whose output channels are multiplied by a 0/1 mask ``keep``."""

    def __init__(self, stage, keep: torch.Tensor):
        super().__init__()
        self.stage, self.keep = stage, keep

    def forward(self, x):
        y = self.stage(x)
        shape = (1, -1) + (1,) * (y.dim() - 2)
        return y * self.keep.view(shape).to(y.dtype)


def resolve_site(site: str, touches: str, visual_layers, hub_layers) -> list[str]:
    """The layers a lesion that *touches* weights, units or activations damages at *site* (see :meth:`Network.resolve`)."""
    if site == "hub":
        return list(hub_layers) if touches == "weights" else list(hub_layers[:-1])
    if site == "visual":
        return list(visual_layers)
    layers = list(visual_layers) + list(hub_layers)
    names = [n for n in layers if fnmatch.fnmatchcase(n, site)]
    if not names:
        options = ["hub", "visual"] + layers
        raise ValueError(
            f"Invalid value for 'site'. Allowed values are {', '.join(map(repr, options))} "
            f"(or a glob pattern matching layer names), but got {site!r}."
        )
    return names


def check_sites(lesion, visual_layers, hub_layers) -> None:
    """Raise the error :meth:`Network.resolve` would raise for any site of *lesion*, without a patient."""
    for part in lesion.parts_with_sites():
        resolve_site(part.site, part.touches, visual_layers, hub_layers)


class Network:
    """A working copy of the damageable parts of a patient.

    Attributes
    ----------
    hub_layers : list of str
        ``hub.hidden1`` … ``hub.output``.
    visual_layers : list of str
        The backbone's stages, in order.
    """

    def __init__(self, patient):
        self._patient = patient
        self.hub_layers = patient.hub_config.layers
        self.visual_layers = patient.backbone.visual_layers
        self._hub = dict(patient.hub)
        self._unit_masks = dict(patient.unit_masks)
        self._hub_noise = dict(patient.activation_noise)
        self._visual_noise = dict(patient.visual_noise)
        self._stages = dict(patient.stage_overrides)
        self._retrieval_noise = float(patient.retrieval_noise)
        self._private: set = set()  # stage indices whose module in _stages belongs to this network only

    # --- where ----------------------------------------------------------------------------
    @property
    def layers(self) -> list[str]:
        """Every lesionable layer: visual stages, then hub layers."""
        return self.visual_layers + self.hub_layers

    def resolve(self, site: str, touches: str) -> list[str]:
        """The layers a lesion at *site* damages.

        ``"hub"`` is every hub layer for weights, the hidden layers for units
        and activations (the output units are the names themselves; name
        ``"hub.output"`` explicitly to damage them); ``"visual"`` is every
        backbone stage; otherwise a layer name or a glob pattern over layer names.
        """
        return resolve_site(site, touches, self.visual_layers, self.hub_layers)

    def is_hub(self, layer: str) -> bool:
        return layer in self.hub_layers

    def _index(self, layer: str) -> int:
        return self.visual_layers.index(layer)

    def _writable_stage(self, index: int) -> nn.Module:
        if index not in self._private:
            self._stages[index] = copy.deepcopy(self._stages.get(index, self._patient.backbone.stages[index][1]))
            self._private.add(index)
        return self._stages[index]

    # --- weights --------------------------------------------------------------------------
    def weights(self, layer: str) -> list[tuple[str, torch.Tensor]]:
        """``(tag, tensor)`` of each weight matrix or kernel of *layer* (not biases, not batch norm).

        The tag names the parameter (``"weight"`` in the hub, e.g.
        ``"0.weight"`` in a visual stage); pass it back to :meth:`set_weight`
        and use it to key random streams.
        """
        if self.is_hub(layer):
            # the name spoke's connections into the layer (TrainingConfig.name_spoke) are its weights too
            return [(tag, self._hub[f"{layer}.{tag}"]) for tag in ("weight", NAME_INPUT)
                    if f"{layer}.{tag}" in self._hub]
        stage = self._stages.get(self._index(layer), self._patient.backbone.stages[self._index(layer)][1])
        return [(name, p.data) for name, p in stage.named_parameters() if name.endswith("weight") and p.dim() >= 2]

    def set_weight(self, layer: str, tag: str, value: torch.Tensor) -> None:
        """Replace weight *tag* of *layer* with *value* (same shape)."""
        if self.is_hub(layer):
            key = f"{layer}.{tag}" if tag == NAME_INPUT else f"{layer}.weight"
            old = self._hub[key]
            if value.shape != old.shape:
                raise ValueError(f"A damaged weight of {layer} must keep its shape {tuple(old.shape)}; "
                                 f"got {tuple(value.shape)}.")
            self._hub[key] = value.float()
            return
        stage = self._writable_stage(self._index(layer))
        dict(stage.named_parameters())[tag].data.copy_(value)

    # --- units ----------------------------------------------------------------------------
    def n_units(self, layer: str) -> int:
        """Units of a hub layer, or output channels of a visual stage."""
        if self.is_hub(layer):
            return int(self._hub[f"{layer}.bias"].numel())
        return self._patient.stage_channels(self._index(layer))

    def silence(self, layer: str, dead) -> None:
        """Silence the units marked True in *dead* (they stay silenced by later lesions)."""
        dead = torch.as_tensor(np.asarray(dead, dtype=bool))
        if dead.shape != (self.n_units(layer),):
            raise ValueError(f"{layer} has {self.n_units(layer)} units; got a mask of shape {tuple(dead.shape)}.")
        if self.is_hub(layer):
            self._unit_masks[layer] = dead | self._unit_masks.get(layer, torch.zeros(len(dead), dtype=torch.bool))
            return
        index = self._index(layer)
        stage = self._stages.get(index, self._patient.backbone.stages[index][1])
        self._stages[index] = UnitMask(stage, (~dead).float())  # wraps; the inner stage is not written

    # --- run-time noise -------------------------------------------------------------------
    def add_noise(self, layer: str, relative_sd: float) -> None:
        """Gaussian noise on *layer*'s activations at every evaluation, with SD ``relative_sd`` times
        the intact layer's activation SD over the training battery.

        Noise added twice to one layer adds in variance.
        """
        relative_sd = float(relative_sd)
        if self.is_hub(layer):
            sd = relative_sd * float(self._patient.activation_sd.get(layer, 1.0))
            old = self._hub_noise.get(layer)
            self._hub_noise[layer] = sd if old is None else float(np.hypot(old, sd))
        else:
            index = self._index(layer)
            old = self._visual_noise.get(index)
            self._visual_noise[index] = relative_sd if old is None else float(np.hypot(old, relative_sd))

    # --- control of retrieval ------------------------------------------------------------
    def weaken_control(self, relative_sd: float) -> None:
        """Selection noise on the hub's output logits, drawn afresh by every task, with SD ``relative_sd``
        times the intact output's SD over the training battery; the store itself is unchanged.

        Weakened twice, the noise adds in variance.
        """
        self._retrieval_noise = float(np.hypot(self._retrieval_noise, float(relative_sd)))

    # --- the result -----------------------------------------------------------------------
    def patient(self, lesion, seed: int):
        """The damaged patient: the original with this network's parts and *lesion* in its history."""
        from dataclasses import replace

        p = self._patient
        return replace(p, hub=self._hub, unit_masks=self._unit_masks, activation_noise=self._hub_noise,
                       visual_noise=self._visual_noise, stage_overrides=self._stages,
                       retrieval_noise=self._retrieval_noise,
                       lesions=p.lesions + ((lesion, seed),),
                       premorbid_hub=p.hub if p.premorbid_hub is None else p.premorbid_hub,
                       premorbid_stages=({i: p.stage_overrides[i] for i in p.tuned_stages}
                                         if p.premorbid_stages is None else p.premorbid_stages))
