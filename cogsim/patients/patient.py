"""A virtual patient: a backbone (visual spoke) + a semantic hub + a lexicon + a response policy.

A :class:`Patient` never changes: :meth:`Patient.lesion` returns a new,
damaged patient and :meth:`Patient.with_policy` a patient with other response
thresholds.  Build one with :func:`cogsim.build_patient`, load one with
:func:`cogsim.load_patient`.

仮想患者：バックボーン＋意味ハブ＋語彙＋応答方針。
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

import numpy as np
import torch

from .._random import child_stream, seed_sequence
from .backbones import Backbone
from .config import HubConfig, TrainingConfig
from .hub import (NAME_HEADS, Probabilities, attribute_logits, colour_output, familiarity, first_layer, forward,
                  has_attribute_spoke, has_colour_spoke, has_name_spoke, has_visual_spoke, heard_first_layer,
                  name_logits, settled, stored_patterns, visual_output)
from .io import read_patient, save_patient
from .lexicon import Lexicon
from .policy import ResponsePolicy

__all__ = ["Patient", "load_patient"]

#: Homeostatic corrections of damaged patients (HubConfig(homeostasis=True)), keyed by patient and battery; each
#: entry holds its patient, so a key recycled by Python after a patient is freed never matches.
_HOMEOSTASIS: dict = {}
#: Domain prototypes of :meth:`Patient.settling`, by (intact hub, battery).
_SETTLING: dict = {}


@dataclass(frozen=True, eq=False)
class Patient:
    """A virtual patient.  Never changes: :meth:`lesion` returns a new one.

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
        The premorbid training seed (the int its ``random_state`` gave).
    battery_fingerprint : str
        The battery it learnt.
    activation_sd : dict of str to float
        SD of each hub layer's activations over the training battery, intact:
        the reference for activation noise.
    backbone_weights : "DEFAULT", str or None
        How the backbone's weights were chosen (see :func:`cogsim.patients.get_backbone`).
    lesions : tuple
        ``(lesion, seed)`` pairs applied in order; empty for a premorbid patient.
    unit_masks : dict of str to bool Tensor
        Silenced units of hub layers.
    activation_noise : dict of str to float
        SD of the run-time noise on hub layers.
    visual_noise : dict of int to float
        Run-time noise on visual stages (by index), as a multiple of the
        stage's activation SD over the battery.
    stage_overrides : dict of int to Module
        Visual stages that differ from the shared backbone (damaged or fine-tuned).
    policy : ResponsePolicy
        How the patient turns its beliefs into answers (naming thresholds,
        the verification criterion, the colour-judgment rule).  Change it with
        :meth:`with_policy`; it is not learnt, so it is not part of the cache key.
    retrieval_noise : float
        Impaired control of retrieval (:class:`~cogsim.lesions.RetrievalControl`):
        SD of the noise every task's selection adds to the hub's output logits,
        as a multiple of the intact output's SD; 0 for intact control.
    tuned_stages : tuple of int
        Backbone stages fine-tuned with the hub (their weights are in
        ``stage_overrides`` from birth); empty for transfer learning.
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
    visual_noise: dict = field(default_factory=dict)
    stage_overrides: dict = field(default_factory=dict)
    premorbid_hub: dict | None = field(default=None, repr=False)
    policy: ResponsePolicy = field(default_factory=ResponsePolicy)
    tuned_stages: tuple = ()
    premorbid_stages: dict | None = field(default=None, repr=False)
    retrieval_noise: float = 0.0

    # --- identity -------------------------------------------------------------------------
    @property
    def is_premorbid(self) -> bool:
        return not self.lesions

    @property
    def layers(self) -> list[str]:
        """All lesionable layer names: visual stages, then hub layers."""
        return self.backbone.visual_layers + self.hub_config.layers

    def parameter_hash(self) -> str:
        """SHA-256 of everything that decides the patient's answers but its policy: hub and backbone
        parameters, silenced units and run-time noise settings (for provenance and tests)."""
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
        for name, stage in sorted(self.stage_overrides.items()):
            keep = getattr(stage, "keep", None)
            if keep is not None:
                digest.update(f"mask:{name}".encode())
                digest.update(keep.numpy().tobytes())
        for name in sorted(self.activation_noise):
            digest.update(f"noise:{name}={self.activation_noise[name]!r}".encode())
        for index in sorted(self.visual_noise):
            digest.update(f"visual-noise:{index}={self.visual_noise[index]!r}".encode())
        if self.retrieval_noise:
            digest.update(f"retrieval-noise={self.retrieval_noise!r}".encode())
        return digest.hexdigest()

    def __repr__(self) -> str:
        damage = ", ".join(f"{type(l).__name__}({l.severity:g}, {l.site!r})" for l, _ in self.lesions) or "premorbid"
        return (f"<Patient {self.backbone.name} + hub{list(self.hub_config.hidden)}, "
                f"{len(self.lexicon.item_ids)} items, seed {self.seed}, {damage}>")

    def with_policy(self, policy: ResponsePolicy | None = None, **changes) -> "Patient":
        """The same patient with another response policy (or with some thresholds changed).

        >>> # strict = patient.with_policy(specific=0.8)
        """
        policy = self.policy if policy is None else policy
        if not isinstance(policy, ResponsePolicy):
            raise TypeError(f"The 'policy' parameter must be a ResponsePolicy. Got {policy!r} instead.")
        return replace(self, policy=replace(policy, **changes))

    # --- evaluation -----------------------------------------------------------------------
    def features(self, battery, pictures=None, *, random_state=None) -> torch.Tensor:
        """Backbone features ``(n_pictures, d)`` through this patient's (possibly damaged) visual layers.

        Parameters
        ----------
        battery : Battery
        pictures : None or cogsim.patients.features.Recoloured
            None for the battery's canonical pictures (in item order).
        random_state : None, int, SeedSequence or Generator
            Draws the run-time noise of visual activation-noise lesions
            (None: fresh entropy); unused without such damage.

        Undamaged layers come from the cache; with visual damage only the
        layers from the first damaged one onward are recomputed.
        """
        from .features import picture_features, stage_activation_sds, visual_prefix

        if not self.stage_overrides and not self.visual_noise:
            return picture_features(self.backbone, battery, pictures)
        start = min(set(self.stage_overrides) | set(self.visual_noise))
        noise, rng = None, None
        if self.visual_noise:
            sds = stage_activation_sds(self.backbone, battery)
            noise = {i: rel * sds[self.backbone.visual_layers[i]] for i, rel in self.visual_noise.items()}
            rng = np.random.default_rng(seed_sequence(random_state))
        prefix = visual_prefix(self.backbone, battery, pictures, start)
        with torch.no_grad():
            return self.backbone.run(prefix, start, overrides=self.stage_overrides, noise=noise, rng=rng).float()

    def hub_logits(self, features: torch.Tensor, *, random_state=None, names: bool = False, memo: bool = True,
                   heads: bool = False, battery=None):
        """Output logits of the hub for ``(n, d)`` backbone features.

        Parameters
        ----------
        features : Tensor
        random_state : None, int, SeedSequence or Generator
            Draws the run-time noise of hub activation-noise lesions (None:
            fresh entropy); unused without such damage.
        names : bool, default False
            Also return ``{level: logits}`` of the trained name heads, read
            from the same (damaged) last hidden layer in the same pass
            (:func:`~cogsim.patients.hub.name_logits`): ``(logits, names)``.
        memo : bool, default True
            Reuse the premorbid first layer's memoised activations (below);
            False computes them here (for gradients, as :mod:`cogsim.explain` needs).
        heads : bool, default False
            Return ``(logits, {head: logits})`` with every trained head the hub
            has, read from the same (damaged) last hidden layer: ``basic`` and
            ``domain`` (names), ``attributes`` (the semantic spoke) and
            ``visual`` (the visual spoke: the picture regenerated), ``colour`` (the
            colour spoke: the hue vector expected), and for a hub
            with the prototype read-out ``familiarity``, ``(n,)`` how likely the
            damaged state is under the intact read-out's stored item patterns
            (:func:`~cogsim.patients.hub.familiarity`, at the policy's
            ``evidence_temperature`` times the read-out's temperature).
        battery : Battery, optional
            The battery the patient knows; needed only by a damaged hub with
            ``HubConfig(homeostasis=True)``, whose units are rescaled to their
            premorbid statistics over the battery's pictures (:meth:`homeostasis`).

        The first hub layer's activations are shared with the premorbid
        patient whenever this patient's damage starts after them (unit
        ablation, activation noise, damage to later layers): they are computed
        once per premorbid hub and set of features and kept in memory, so a
        cohort with hub damage costs little more than the layers downstream of
        the lesion.  The result is the same, bit for bit, as computing everything.
        """
        layers = self.hub_config.layers
        base = self.hub if self.premorbid_hub is None else self.premorbid_hub
        shared = memo and all(self.hub[k] is base[k] for k in ("hub.input.mean", "hub.input.std", f"{layers[0]}.weight",
                                                       f"{layers[0]}.bias"))
        h = first_layer(self.hub, features, layers) if shared else forward(self.hub, features, layers, stop=1)
        logits, kept = self._pass(h, random_state, self.homeostasis(battery), self.settling(battery))
        return self._read(logits, kept, names=names, heads=heads)

    def _pass(self, first: torch.Tensor, random_state, correction: tuple | None = None,
              settle: tuple | None = None) -> tuple:
        """``(logits, kept)``: the damaged pass from the first hidden layer's output *first* (before its damage) to
        the item logits, ``kept["hidden"]`` the last hidden layer's output (see :meth:`_damage`)."""
        layers = self.hub_config.layers
        kept: dict = {}
        damage = self._damage(random_state, kept, correction, settle)
        return forward(self.hub, damage(layers[0], first), layers, start=1, after=damage), kept

    def homeostasis(self, battery) -> tuple | None:
        """``(mean_damaged, gain, mean_premorbid)`` of the last hidden units (``HubConfig(homeostasis=True)``),
        or None for a hub without homeostasis or a premorbid patient.

        Measured once per damaged patient and battery (kept in memory): the
        premorbid hub on the battery's canonical pictures, and this patient
        on the same pictures through its own damage with the run-time noise
        of one fixed draw (seed 0); ``gain = sd_premorbid / sd_damaged``, 0
        for units the damage has silenced.
        """
        if not self.hub_config.homeostasis or self.premorbid_hub is None:
            return None
        if battery is None:
            raise ValueError("This patient's hub keeps its units' premorbid statistics over the battery's pictures "
                             "(HubConfig(homeostasis=True)): pass the battery it knows (hub_logits(..., battery=), "
                             "heard(..., battery=), or Patient.logits / probabilities with a battery).")
        if self.tuned_stages:
            raise ValueError("HubConfig(homeostasis=True) is not available for a fine-tuned patient (its premorbid "
                             "features are not the cached ones); use a transfer-learned patient.")
        key = (id(self), battery.fingerprint)
        hit = _HOMEOSTASIS.get(key)
        if hit is not None and hit[0] is self:
            return hit[1]
        from .features import picture_features

        layers = self.hub_config.layers
        with torch.no_grad():
            before = forward(self.premorbid_hub, picture_features(self.backbone, battery, None), layers, stop=-1)
            first = forward(self.hub, self.features(battery, random_state=0), layers, stop=1)
            after = self._pass(first, 0)[1]["hidden"]
        live = after.std(0) > 1e-6
        gain = torch.where(live, before.std(0) / torch.where(live, after.std(0), torch.ones(())), torch.zeros(()))
        value = (after.mean(0), gain, torch.where(live, before.mean(0), torch.zeros(())))
        if len(_HOMEOSTASIS) >= 64:
            _HOMEOSTASIS.pop(next(iter(_HOMEOSTASIS)))
        _HOMEOSTASIS[key] = (self, value)
        return value

    def settling(self, battery) -> tuple | None:
        """``(prototypes, membership, gate)`` of the domain attractor (``HubConfig(settling="domain"`` or
        ``"domain_attributes")``), or None.

        ``prototypes`` ``(domains, hidden)``: each domain's mean last hidden
        state over its members' canonical pictures in the intact hub (the
        premorbid one for a damaged patient), domains in the lexicon's order;
        with ``HubConfig(settling_prototype="familiar")`` the mean is weighted
        by ``10 ** freq_en`` of each picture's item;
        ``membership`` ``(items, domains)``: the lexicon's item-to-domain
        matrix; ``gate``: ``HubConfig.settling_gate``.  Computed once per
        intact hub and battery (kept in memory); see :func:`settled`.
        """
        if self.hub_config.settling == "none":
            return None
        if battery is None:
            raise ValueError("This patient's hub settles into its domain's attractor, whose prototypes are its "
                             "intact states for the battery's pictures (HubConfig(settling="
                             f"{self.hub_config.settling!r})): pass the battery it knows (hub_logits(..., "
                             "battery=), heard(..., battery=), or Patient.logits / probabilities with a battery).")
        if self.tuned_stages:
            raise ValueError(f"HubConfig(settling={self.hub_config.settling!r}) is not available for a fine-tuned "
                             "patient (its premorbid features are not the cached ones); use a transfer-learned "
                             "patient.")
        base = self.hub if self.premorbid_hub is None else self.premorbid_hub
        familiar = self.hub_config.settling_prototype == "familiar"
        key = (id(base), battery.fingerprint, familiar)
        hit = _SETTLING.get(key)
        if hit is not None and hit[0] is base:
            return hit[1] + (self.hub_config.settling_gate,)
        from .features import picture_features

        domains = list(battery.items["domain"])
        missing = sorted(set(self.lexicon.domains) - set(domains))
        if missing:
            raise ValueError(f"HubConfig(settling={self.hub_config.settling!r}): battery {battery.name!r} has no "
                             f"pictures of domain(s) {missing} that this patient knows; test it on the battery it "
                             "learnt.")
        if familiar:
            import pandas as pd

            from ..stimuli.norms import require_norms

            require_norms(battery.items, ["freq"], 'HubConfig(settling_prototype="familiar")')
            zipf = pd.to_numeric(battery.items["freq_en"], errors="coerce").to_numpy(dtype=float)
            if not np.isfinite(zipf).all():
                bad = list(battery.items["item_id"][~np.isfinite(zipf)][:3])
                raise ValueError(f'HubConfig(settling_prototype="familiar") weighs each item by its frequency, but '
                                 f"battery {battery.name!r} has no freq_en value for item(s) {bad}.")
            weights = torch.as_tensor(10.0 ** (zipf - zipf.max()), dtype=torch.float64)  # same ratios, no overflow
        with torch.no_grad():
            states = forward(base, picture_features(self.backbone, battery, None), self.hub_config.layers, stop=-1)
        if familiar:
            prototypes = []
            for name in self.lexicon.domains:
                member = torch.as_tensor([d == name for d in domains])
                w = weights[member]
                prototypes.append(((states[member].double() * w[:, None]).sum(0) / w.sum()).to(states.dtype))
            prototypes = torch.stack(prototypes)
        else:
            prototypes = torch.stack([states[[d == name for d in domains]].mean(0) for name in self.lexicon.domains])
        value = (prototypes, self.lexicon.membership("domain").to(states.dtype))
        if len(_SETTLING) >= 64:
            _SETTLING.pop(next(iter(_SETTLING)))
        _SETTLING[key] = (base, value)
        return value + (self.hub_config.settling_gate,)

    def _damage(self, random_state, kept: dict, correction: tuple | None = None, settle: tuple | None = None):
        """The ``after`` hook of a damaged pass: activation noise (drawn from *random_state* when first needed)
        and silenced units on each layer, then the *correction* of :meth:`homeostasis` and the attractor of
        :meth:`settling` (*settle*) on the last hidden layer, whose output is kept in ``kept["hidden"]``."""
        layers = self.hub_config.layers
        rng: list = []
        last_hidden = layers[-2] if len(layers) > 1 else None

        def damage(name, h):
            sd = self.activation_noise.get(name)
            if sd is not None:
                if not rng:
                    rng.append(np.random.default_rng(seed_sequence(random_state)))
                h = h + sd * torch.from_numpy(rng[0].standard_normal(h.shape).astype(np.float32))
            mask = self.unit_masks.get(name)
            if mask is not None:
                h = h * (~mask).to(h.dtype)
            if name == last_hidden:
                if correction is not None:
                    mean_damaged, gain, mean_premorbid = correction
                    h = (h - mean_damaged) * gain + mean_premorbid
                if settle is not None:
                    moved = settled(self.hub, h, *settle)
                    if self.hub_config.settling == "domain_attributes":  # only the semantic spoke reads it
                        kept["settled"] = moved
                    else:
                        h = moved
                kept["hidden"] = h
            return h

        return damage

    def _read(self, logits, kept: dict, *, names: bool, heads: bool):
        """What :meth:`hub_logits` returns from one pass's *logits* and kept last hidden layer."""
        base = self.hub if self.premorbid_hub is None else self.premorbid_hub
        if not (names or heads):
            return logits
        if "hidden" not in kept:
            raise ValueError("readout='names' needs a hub with a hidden layer.")
        if not heads:
            return logits, name_logits(self.hub, kept["hidden"])
        out = name_logits(self.hub, kept["hidden"]) if all(f"{h}.weight" in self.hub for h in NAME_HEADS.values()) \
            else {}
        if has_attribute_spoke(self.hub):
            out["attributes"] = attribute_logits(self.hub, kept.get("settled", kept["hidden"]))
        if has_visual_spoke(self.hub):
            out["visual"] = visual_output(self.hub, kept["hidden"])
        if has_colour_spoke(self.hub):
            out["colour"] = colour_output(self.hub, kept["hidden"])
        if self.training.name_readout == "prototype":
            patterns, tau = stored_patterns(base, self.training.prototype_temperature)
            out["familiarity"] = familiarity(kept["hidden"], patterns, tau * self.policy.evidence_temperature)
        if has_name_spoke(self.hub):  # word–picture matching compares these states with those a name evokes
            out["hidden"] = kept["hidden"]
        return logits, out

    def heard(self, items=None, *, random_state=None, heads: bool = True, battery=None):
        """What the (damaged) hub makes of heard names, with no picture: the reverse direction.

        Needs a hub with the name spoke (``TrainingConfig(name_spoke=True)``):
        each name drives the first hidden layer through its own connections
        (:func:`~cogsim.patients.hub.heard_first_layer`); from there the pass is
        the picture path's, with this patient's damage (silenced units,
        activation noise drawn from *random_state*, pruned or noisy weights,
        the names' connections included).

        Parameters
        ----------
        items : sequence of int or str, optional
            Lexicon rows or item ids of the names heard (default: every item, in lexicon order).
        random_state : None, int, SeedSequence or Generator
            Draws the run-time activation noise (None: fresh entropy).
        heads : bool, default True
            Return ``(logits, {head: ...})`` as :meth:`hub_logits` does
            (``attributes``, ``hidden`` ...); False: the item logits only.
            For example ``patient.heard(["duck"])[1]["attributes"].sigmoid()``
            is what the patient would draw on hearing "duck" (docs/patients.md).
        battery : Battery, optional
            Needed only by a damaged hub with ``HubConfig(homeostasis=True)``.
        """
        if not has_name_spoke(self.hub):
            raise ValueError("Patient.heard needs a hub with the name spoke (a heard name's connections into the "
                             "hub): build the patient with TrainingConfig(name_spoke=True).")
        ids = list(self.lexicon.item_ids)
        if items is None:
            rows = list(range(len(ids)))
        else:
            rows = []
            for item in items:
                if isinstance(item, str):
                    if item not in ids:
                        raise ValueError(f"Patient.heard: {item!r} is not an item this patient knows.")
                    rows.append(ids.index(item))
                else:
                    rows.append(int(item))
            bad = [r for r in rows if not 0 <= r < len(ids)]
            if bad:
                raise ValueError(f"Patient.heard: item rows {bad} are outside 0..{len(ids) - 1}.")
        with torch.no_grad():
            first = heard_first_layer(self.hub, self.hub_config.layers, rows)
            logits, kept = self._pass(first, random_state, self.homeostasis(battery), self.settling(battery))
            return self._read(logits, kept, names=False, heads=heads)

    def logits(self, battery, pictures=None, *, random_state=None, names: bool = False,
               return_features: bool = False, heads: bool = False):
        """Hub logits ``(n_pictures, n_items)`` for a set of the battery's pictures: one evaluation.

        *random_state* draws this evaluation's run-time noise (None: fresh
        entropy): the hub's from its stream, the visual layers' from a child of it.
        With ``names=True``, ``(logits, {level: name-head logits})`` (see :meth:`hub_logits`).
        With ``return_features=True``, ``(that, features)``: also the backbone
        features the hub saw, through this patient's visual damage.
        """
        seq = seed_sequence(random_state)
        with torch.no_grad():
            features = self.features(battery, pictures, random_state=child_stream(seq, 1))
            out = self.hub_logits(features, random_state=seq, names=names, heads=heads, battery=battery)
        return (out, features) if return_features else out

    def probabilities(self, battery=None, *, features: torch.Tensor | None = None, random_state=None) -> Probabilities:
        """Item, basic and domain probabilities for a battery's canonical pictures (or given features).

        Basic and domain probabilities follow the policy's ``readout``: sums of
        item probabilities (``"items"``) or the trained name heads (``"names"``).

        *random_state* draws run-time noise, if the patient has any (None: fresh entropy).
        """
        names = self.policy.readout == "names"
        if features is None:
            if battery is None:
                raise ValueError("Pass a battery or features to Patient.probabilities.")
            out = self.logits(battery, random_state=random_state, names=names)
        else:
            with torch.no_grad():
                out = self.hub_logits(features, random_state=random_state, names=names, battery=battery)
        logits, levels = out if names else (out, None)
        return Probabilities.from_logits(logits, self.lexicon, levels)

    # --- damage ---------------------------------------------------------------------------
    def lesion(self, lesion, *, random_state=None) -> "Patient":
        """A new patient with *lesion* applied; this patient is left unchanged.

        Parameters
        ----------
        lesion : Lesion
            E.g. ``UnitAblation(severity=0.4, site="hub")``.
        random_state : None, int, SeedSequence or numpy Generator
            Decides which units, connections and noise directions; the same
            random_state gives nested damage across severities.

        Returns
        -------
        Patient
        """
        from ..lesions.base import Lesion

        if not isinstance(lesion, Lesion):
            raise TypeError(f"Patient.lesion expects a Lesion (e.g. UnitAblation(severity=0.4)). Got {lesion!r}.")
        seed = int(seed_sequence(random_state).generate_state(2, dtype=np.uint64)[0] >> 1)
        return self._apply(lesion, seed)

    def _apply(self, lesion, seed: int) -> "Patient":
        from .network import Network

        network = Network(self)
        lesion.apply(network, seed)
        return network.patient(lesion, seed)

    def stage_channels(self, index: int) -> int:
        """Output channels of visual stage *index* (what unit ablation counts there)."""
        size = self.backbone.input_size
        x = self.backbone.preprocess(torch.zeros(1, 3, size, size))
        return int(self.backbone.run(x, 0, index + 1).shape[1])

    # --- storage --------------------------------------------------------------------------
    def save(self, path):
        """Save to one file of tensors and JSON (see :func:`cogsim.patients.io.save_patient`)."""
        return save_patient(self, path)

    def tuned_module(self, index: int):
        """The fine-tuned (premorbid) module of stage *index*."""
        stages = self.stage_overrides if self.premorbid_stages is None else self.premorbid_stages
        return stages[index]


def load_patient(path):
    """Load a patient saved by :meth:`Patient.save` (tensors and JSON only; no code is unpickled).

    The file is read and checked by :func:`cogsim.patients.io.read_patient`; the
    patient's fine-tuned stages are restored and its lesion history replayed exactly.

    Raises
    ------
    TypeError
        *path* is not a path.
    ValueError
        No such file; not a patient file; written by another format version;
        missing or unknown fields; a lesion family that is not registered;
        backbone weights that differ from those the patient was trained on.
    """
    import copy

    parts = read_patient(path)
    bb = parts["backbone"]
    patient = Patient(bb, parts["hub"], parts["lexicon"], parts["hub_config"], parts["training"], parts["seed"],
                      parts["battery_fingerprint"], parts["activation_sd"], backbone_weights=parts["backbone_weights"],
                      policy=parts["policy"])
    if parts["tuned"]:
        stages = {}
        for i, state in parts["tuned"].items():
            module = copy.deepcopy(bb.stages[i][1])
            module.load_state_dict(state)
            module.eval()
            stages[i] = module
        patient = replace(patient, stage_overrides=stages, tuned_stages=tuple(sorted(stages)))
    for lesion, seed in parts["lesions"]:
        patient = patient._apply(lesion, seed)
    return patient
