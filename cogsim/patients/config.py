"""What a hub is and how it learns: :class:`HubConfig` and :class:`TrainingConfig`.

Both are frozen dataclasses validated on creation; change them with
``dataclasses.replace``.  They are part of every trained patient's cache key
and of its saved file.

ハブの形と学習方法の設定。
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from .._validation import plain_numbers, check_fraction, check_int, check_option, check_range
from .features import Augmentation

__all__ = ["HubConfig", "TrainingConfig", "hub_layer_names", "training_to_dict", "training_from_dict"]


@dataclass(frozen=True)
class HubConfig:
    """Shape of the semantic hub: an MLP from backbone features to item names.

    Attributes
    ----------
    hidden : tuple of int, default (256,)
        Sizes of the hidden layers (``hub.hidden1``, …); the output layer
        ``hub.output`` has one unit per item.  The default is two weight layers.
    homeostasis : bool, default False
        Synaptic scaling (issue 26): after damage, each unit of the last
        hidden layer is given back the mean and SD its activity had over the
        battery's canonical pictures before the damage, ``h' = (h - mean_damaged)
        * sd_premorbid / sd_damaged + mean_premorbid`` (units the damage has
        silenced stay silent).  The damaged statistics are measured once per
        damaged patient and battery, on its own (visually damaged) features,
        with the run-time noise of one fixed draw (seed 0); the correction then
        applies to every picture, heard name and run-time noise draw.  Damage
        that only shrinks the hub's states (pruning) then no longer silences the
        names by itself; what it removes is the item-specific part of the
        states.  Needs the battery at evaluation (``Patient.logits``,
        ``Patient.heard(battery=)``, ``hub_logits(battery=)``).  Does not change
        training.
    settling : {"none", "domain", "domain_attributes"}, default "none"
        An attractor on the last hidden layer (issue 26): with ``"domain"``,
        a state the hub no longer recognises falls into its domain's basin.
        The hub's own item output gives ``p`` (softmax of the item logits from
        that state); the domain with the largest summed ``p`` is the basin, and
        the state moves toward that domain's prototype (the mean last hidden
        state of its members' canonical pictures in the intact hub) by
        ``(1 - max(p)) ** settling_gate``: ``h' = h + lam (prototype - h)``.
        A recognised item (``max(p)`` near 1) stays where it is; as
        recognition fails the state becomes the domain's generic member, so
        what is drawn keeps what the domain shares, loses what is distinctive,
        and adds shared attributes the item lacks (Bozeat et al. 2003; Rogers
        et al. 2004).  Applies after homeostasis, to every patient (the intact
        one too), on pictures and heard names alike.  Needs the battery at
        evaluation, as homeostasis.  Does not change training.  With
        ``"domain_attributes"`` only the semantic spoke (what delayed copy and
        drawing to name draw) reads the settled state; the names, matching
        and object decision read the state before it settles
        (``studies/drawing_settling.py``).
    settling_gate : float > 0, default 1.0
        The exponent of ``1 - max(p)``: larger keeps the item's basin longer.
    settling_prototype : {"mean", "familiar"}, default "mean"
        What each domain's prototype is.  ``"mean"``: the plain mean of its
        members' intact states.  ``"familiar"``: their mean weighted by how
        often each item's name occurs (``10 ** freq_en``, the battery's Zipf
        frequency), as an attractor formed by experience would be, where
        familiar members count most (``studies/familiar_attractor.py``).  In
        the bundled battery most animals have no four legs (0.37 of them), but
        weighted by familiarity most do (0.66): dogs, cats and horses weigh
        more than wrens.  Needs the battery's ``freq_en`` norm.
    """

    hidden: tuple = (256,)
    homeostasis: bool = False
    settling: str = "none"
    settling_gate: float = 1.0
    settling_prototype: str = "mean"

    def __post_init__(self):
        plain_numbers(self)
        hidden = tuple(self.hidden) if isinstance(self.hidden, (list, tuple)) else (self.hidden,)
        if not hidden or not all(isinstance(h, (int, np.integer)) and not isinstance(h, (bool, np.bool_)) and h > 0
                                 for h in hidden):
            raise ValueError(f"The 'hidden' parameter of HubConfig must be a tuple of positive ints. Got {self.hidden!r} instead.")
        object.__setattr__(self, "hidden", tuple(int(h) for h in hidden))  # numpy ints become ints (JSON, hashes)
        if not isinstance(self.homeostasis, bool):
            raise TypeError(f"The 'homeostasis' parameter of HubConfig must be True or False. "
                            f"Got {self.homeostasis!r} instead.")
        check_option("settling", self.settling, SETTLINGS)
        gate = check_range("HubConfig", "settling_gate", self.settling_gate, low=0.0, high=float("inf"))
        if gate == 0.0:
            raise ValueError("The 'settling_gate' parameter of HubConfig must be above 0 (the exponent of "
                             "1 - max item probability). Got 0.0 instead.")
        object.__setattr__(self, "settling_gate", gate)
        check_option("settling_prototype", self.settling_prototype, SETTLING_PROTOTYPES)

    @property
    def layers(self) -> list[str]:
        """Names of the hub's weight layers, input to output."""
        return hub_layer_names(self)


#: What the last hidden layer settles into (``HubConfig.settling``).
SETTLINGS = ("none", "domain", "domain_attributes")
#: What a domain's prototype is (``HubConfig.settling_prototype``).
SETTLING_PROTOTYPES = ("mean", "familiar")


def hub_layer_names(hub: HubConfig) -> list[str]:
    """``["hub.hidden1", …, "hub.output"]`` for *hub*."""
    return [f"hub.hidden{i + 1}" for i in range(len(hub.hidden))] + ["hub.output"]


#: What can draw the dropout masks (``TrainingConfig.mask_generator``).
MASK_GENERATORS = ("torch", "pcg64")
#: How the item names are read from the hub (``TrainingConfig.name_readout``).
NAME_READOUTS = ("trained", "prototype")


@dataclass(frozen=True)
class TrainingConfig:
    """How the hub is trained (transfer learning: the backbone stays frozen).

    Attributes
    ----------
    augmentations : int, default 6
        Augmented copies of each picture (random resized crop, flip, rotation;
        colours untouched) added to the canonical picture.
    augmentation : Augmentation
    augmentation_random_state : int, default 0
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
    basic_name_weight, domain_name_weight : float, default 0.0
        Names at every level, as the Rogers et al. (2004) model learnt them:
        the weight of two extra training losses in which the hub's last
        hidden layer also predicts the item's basic category ("bird") and its
        domain ("animal"), each through its own linear head.  0 leaves the
        loss out.  The heads are kept with the patient: by default
        (``ResponsePolicy(readout="items")``) a patient answers from its item
        beliefs (category beliefs are sums over the items) and the heads only
        shaped the hub while it learnt; with ``readout="names"`` its category
        beliefs come from the heads, read from the damaged hub.  With them,
        the hub's representations of an item's neighbours stay close, and
        damage drifts toward neighbours
        instead of toward any item.
    fine_tune : int, default 0
        0 is transfer learning (the backbone frozen).  k > 0 then also trains
        the last k backbone stages together with the hub (fine-tuning, see
        :mod:`cogsim.patients.finetune`).
    fine_tune_epochs : int, default 20
        Mini-batch epochs of fine-tuning.
    fine_tune_learning_rate : float, default 1e-4
        Learning rate of the fine-tuned stages (the hub keeps ``learning_rate``).
    frequency_exposure : float, default 0.0
        Familiarity, as the Rogers et al. (2004) model learnt it: frequent
        items are seen more often.  Each item's pictures weigh
        ``(10 ** zipf) ** frequency_exposure`` in every training loss
        (normalised to a mean of 1 over the items), where ``zipf`` is the
        item's lexical frequency (``freq_en`` or ``freq_ja`` of the battery,
        see :mod:`cogsim.stimuli.norms`).  0 (the default) weighs every item
        alike; 0.25 makes an item with a Zipf frequency 4 weigh 1.8 times an
        item with Zipf 3; 1 would follow raw word counts (a 10-fold weight per
        Zipf unit).  Not available with ``fine_tune``.
    frequency_language : {"en", "ja"}, default "en"
        Which name's frequency the exposure (and ``name_prior``) follows.
    name_prior : float, default 0.0
        Familiar names come to mind first (issue 26): after training, each
        item name's output bias is raised by ``name_prior * ln(10) * (zipf -
        mean zipf)``, the log of the name's frequency relative to the
        battery's average (``freq_en`` or ``freq_ja``).  The resting level of a
        name unit then follows how often the name is met, as frequency is
        modelled in interactive-activation accounts of word production, and as
        a classifier trained on items in proportion to their frequency would
        learn it in its biases (a prior over names).  An intact hub's margin
        between the right name and the next is far larger (a median of about
        12 logits on the bundled battery) than the prior's spread (SD 2 logits
        at 1.0), so intact naming barely changes; once damage flattens the
        hub's output inside a category, the familiar member's name wins.
        Damage removes connections, not biases, so the prior itself is spared.
        0 (the default) changes nothing.
    name_readout : {"trained", "prototype"}, default "trained"
        How item names are read from the hub's last hidden layer.
        ``"trained"`` (the default): the output layer learnt with the rest of
        the hub, a discriminative read-out that weighs what tells an item from
        its neighbours.  ``"prototype"`` (issue 26): after training, the output
        layer is replaced by a generative one, each name scored by how close
        the hub's state ``h`` is to that item's stored pattern ``m_i`` (the
        mean last-hidden activation of the item's training pictures, canonical
        and augmented, in the intact hub): logit ``-|h - m_i|^2 / tau``, folded
        into an ordinary layer (weight ``2 m_i / tau``, bias ``-|m_i|^2 / tau``;
        the term in ``|h|^2`` is the same for every name).  ``tau`` is
        ``prototype_temperature`` times the mean squared distance of the
        patterns from their mean.  A damaged state that has drifted toward the
        centre of the patterns is then closest to the items nearest that centre,
        so these survive and are given as wrong names, where a discriminative
        read-out loses them first (``docs/calibration.md``).  Lesions see an
        ordinary output layer.  ``name_prior`` is added after it.
    prototype_temperature : float, default 0.1
        ``tau`` of the prototype read-out, relative to the patterns' spread.
    colour_spoke : bool, default False
        The colour spoke (issue 26): after training, a linear head
        ``hub.colour`` from the hub's last hidden layer to the unit vector of
        each chromatic item's dominant hue (``cos``, ``sin``), fitted by ridge
        regression (ridge ``1e-3`` times the number of pictures times the mean
        variance of the hidden units) on the intact hub's states for the
        training pictures of the battery's chromatic items.  The hub is unchanged;
        damage acts on the states the spoke reads.  Colour judgment reads it
        with ``ResponsePolicy(colour_rule="spoke")``.  Needs the battery's
        ``chromatic`` and ``dominant_hue`` columns.
    name_spoke : bool, default False
        The reverse direction (issue 26): a heard name drives the hub.  After
        training, each item's name gets input connections into the first hidden
        layer, ``hub.hidden1.names`` (hidden units x items), set so that the
        name alone gives that layer the mean input (pre-activation) the item's
        training pictures give it in the intact hub.  A name then reaches the
        heads (the semantic spoke, the names) through the same hidden units, so
        damage to them (unit loss, activation noise) reaches both directions,
        and weight lesions of the first layer damage the names' connections in
        the same proportion (their own random stream, tag ``"names"``).  The
        hub's picture path is unchanged.  Word–picture matching reads it with
        ``ResponsePolicy(matching="hub")``, drawing from a name with
        ``DelayedCopy(cue="name")`` (:meth:`Patient.heard`).
    attribute_weight : float, default 0.0
        The semantic spoke (issue 26): with a weight above 0 the hub also
        learns each item's coded visual attributes (the battery's ``attr_*``
        columns) through a linear head ``hub.attributes`` on its last hidden
        layer, one sigmoid unit per attribute, with this weight on its binary
        cross-entropy.  Damage then acts on what the network itself produces:
        delayed copy draws the attributes this spoke outputs.  0 (the default,
        the ``sd_hub_v1`` preset) trains no such head.
    visual_weight : float, default 0.0
        The visual spoke (issue 26): with a weight above 0 the hub also learns
        to regenerate, from its last hidden layer, the picture it sees: a
        linear head ``hub.visual`` whose outputs are the picture's standardised
        features in the first layer's principal directions, each scaled to unit
        variance over the training pictures (so every direction counts alike),
        with this weight on the mean squared error.  Object decision then
        compares each picture with what the (damaged) hub regenerates from it.
        Needs ``input_components`` (the directions).  0 (the default) trains no
        such head.
    input_components : int, default 0
        Cheaper training (issue 26): with k > 0 the first hub layer learns
        from the k leading principal components of the standardised training
        features (one SVD of the training pictures, shared by every hub of a
        batch; each component's sign fixed so that its largest entry is
        positive) instead of from all of them, and is then folded back
        (``weight @ components``) into an ordinary full-width first layer.
        The trained patient reads the same backbone features and every lesion
        and paradigm sees an ordinary hub; only what the first layer *could*
        learn is restricted to those k directions.  0 (the default, the
        ``sd_hub_v1`` preset) trains on every feature.
    mask_generator : {"torch", "pcg64"}, default "torch"
        What draws the dropout masks.  ``"torch"`` (the default, bit-identical
        to cogsim 0.1) draws uniform floats from each hub's Mersenne-Twister
        torch generator; ``"pcg64"`` draws 16-bit random integers from a numpy
        PCG64 generator seeded with the hub's seed (a unit is dropped when its
        integer is below ``round(dropout * 65536)``), several times cheaper.
    output_scale : float, default 0.0
        The intact hub's confidence, fixed (issue 26, ``studies/output_scale.py``).
        With a value s > 0, each hub's output layer (weights and bias) is
        multiplied after training by ``s / c``, where c is the intact hub's
        logit scale: the standard deviation of its item logits across items,
        averaged over its training pictures.  Every hub then starts with logit
        scale s, whatever its training made of it: a temperature of the item
        read-out set on the intact hub, before any damage.  Argmax names, the
        hidden layers and the name heads are unchanged; the probabilities every
        paradigm reads are sharper or flatter.  0 (the default) leaves the
        output layer as trained.
    flush_subnormals : bool, default False
        Speed only (issue 26, ``studies/flushed_subnormals.py``).  With True,
        the gradient of every loss of the hub's training (not fine-tuning)
        with respect to its logits has its subnormal entries (magnitude below
        1.18e-38, the smallest normal float32) set to exactly 0 before it
        flows back.  A confident hub's softmax puts such tiny probabilities on
        wrong items, and processors multiply subnormal operands many times
        slower: ``sd_hub_v31``'s hubs end with a fifth of their training
        probabilities subnormal, and train 2.2 times slower per hub for it on
        this project's machine.  Entries that small are below what float32 can
        add to a normal-sized sum, so the trained parameters are usually the
        same bit for bit (they were for ``sd_hub_v1``, ``v22``, ``v29`` and
        ``v31`` on the bundled battery, and for ``v31`` on ``clipart``), but
        that is checked, not promised: a hub trained with the flag is another
        configuration, with its own cache entry.  False (the default) trains
        as before.
    fitted_attributes : bool, default False
        The semantic spoke fitted to a trained hub instead of learnt with it
        (issue 26, ``studies/fitted_spoke.py``).  With True, after training
        (and ``output_scale``) a linear head ``hub.attributes`` is fitted by
        ridge regression (the colour spoke's ridge, :data:`cogsim.patients.build.COLOUR_RIDGE`)
        from the intact last hidden states of every training picture to its
        item's coded 0/1 attributes (the battery's ``attr_*`` columns), and
        stored as logits ``FITTED_GAIN * (r - 0.5)`` of the regressed value
        ``r``, so an attribute is drawn (sigmoid at least 0.5) where ``r`` is
        at least 0.5.  The hub itself is the hub trained without it, bit for
        bit, so every task but those that read the spoke (delayed copy,
        drawing to name) is unchanged; damage to the hidden units reaches the
        spoke's outputs.  Not with ``attribute_weight`` above 0 (the spoke
        learnt with the hub) or ``fine_tune``.  False (the default) fits no
        such head.
    """

    augmentations: int = 6
    augmentation: Augmentation = Augmentation()
    augmentation_random_state: int = 0
    epochs: int = 300
    learning_rate: float = 3e-3
    weight_decay: float = 1e-4
    dropout: float = 0.2
    basic_smoothing: float = 0.0
    domain_smoothing: float = 0.0
    basic_name_weight: float = 0.0
    domain_name_weight: float = 0.0
    fine_tune: int = 0
    fine_tune_epochs: int = 20
    fine_tune_learning_rate: float = 1e-4
    frequency_exposure: float = 0.0
    frequency_language: str = "en"
    attribute_weight: float = 0.0
    visual_weight: float = 0.0
    input_components: int = 0
    mask_generator: str = "torch"
    name_prior: float = 0.0
    name_readout: str = "trained"
    prototype_temperature: float = 0.1
    colour_spoke: bool = False
    name_spoke: bool = False
    output_scale: float = 0.0
    flush_subnormals: bool = False
    fitted_attributes: bool = False

    def __post_init__(self):
        plain_numbers(self)
        for name in ("augmentations", "epochs", "augmentation_random_state", "fine_tune", "fine_tune_epochs",
                     "input_components"):
            check_int("TrainingConfig", name, getattr(self, name), low=0)
        if not isinstance(self.augmentation, Augmentation):
            raise TypeError(f"The 'augmentation' parameter of TrainingConfig must be an Augmentation. "
                            f"Got {self.augmentation!r} instead.")
        check_fraction("TrainingConfig", "dropout", self.dropout, high=0.95)
        check_range("TrainingConfig", "learning_rate", self.learning_rate, low=1e-8, high=10.0)
        check_range("TrainingConfig", "fine_tune_learning_rate", self.fine_tune_learning_rate, low=1e-8, high=10.0)
        check_range("TrainingConfig", "weight_decay", self.weight_decay, low=0.0, high=10.0)
        check_fraction("TrainingConfig", "basic_smoothing", self.basic_smoothing, high=0.9)
        check_fraction("TrainingConfig", "domain_smoothing", self.domain_smoothing, high=0.9)
        check_range("TrainingConfig", "basic_name_weight", self.basic_name_weight, low=0.0, high=100.0)
        check_range("TrainingConfig", "domain_name_weight", self.domain_name_weight, low=0.0, high=100.0)
        check_range("TrainingConfig", "frequency_exposure", self.frequency_exposure, low=0.0, high=2.0)
        check_range("TrainingConfig", "attribute_weight", self.attribute_weight, low=0.0, high=100.0)
        check_range("TrainingConfig", "visual_weight", self.visual_weight, low=0.0, high=100.0)
        check_range("TrainingConfig", "name_prior", self.name_prior, low=0.0, high=10.0)
        check_range("TrainingConfig", "prototype_temperature", self.prototype_temperature, low=1e-4, high=100.0)
        check_range("TrainingConfig", "output_scale", self.output_scale, low=0.0, high=1000.0)
        if not isinstance(self.flush_subnormals, (bool, np.bool_)):
            raise TypeError("The 'flush_subnormals' parameter of TrainingConfig must be True or False. "
                            f"Got {self.flush_subnormals!r} instead.")
        object.__setattr__(self, "flush_subnormals", bool(self.flush_subnormals))
        if self.output_scale and self.fine_tune:
            raise ValueError("TrainingConfig: output_scale is not available with fine_tune (the scale is measured on "
                             "the features training saw, which fine-tuning changes); set one of them to 0.")
        if self.name_readout not in NAME_READOUTS:
            raise ValueError("The 'name_readout' parameter of TrainingConfig must be 'trained' or 'prototype'. "
                             f"Got {self.name_readout!r} instead.")
        if self.visual_weight and not self.input_components:
            raise ValueError("TrainingConfig: visual_weight needs input_components > 0 (the visual spoke "
                             "regenerates the picture in the first layer's principal directions).")
        if self.frequency_language not in ("en", "ja"):
            raise ValueError("The 'frequency_language' parameter of TrainingConfig must be 'en' or 'ja'. "
                             f"Got {self.frequency_language!r} instead.")
        if self.mask_generator not in MASK_GENERATORS:
            raise ValueError("The 'mask_generator' parameter of TrainingConfig must be 'torch' or 'pcg64'. "
                             f"Got {self.mask_generator!r} instead.")
        if self.input_components and self.fine_tune:
            raise ValueError("TrainingConfig: input_components is not available with fine_tune (fine-tuning "
                             "changes the features the components were computed from); set one of them to 0.")
        if self.frequency_exposure and self.fine_tune:
            raise ValueError("TrainingConfig: frequency_exposure is not available with fine_tune (fine-tuning "
                             "weighs every picture alike); set one of them to 0.")
        for spoke in ("colour_spoke", "name_spoke", "fitted_attributes"):  # fitted to the intact states after training
            if not isinstance(getattr(self, spoke), bool):
                raise TypeError(f"The '{spoke}' parameter of TrainingConfig must be True or False. "
                                f"Got {getattr(self, spoke)!r} instead.")
            if getattr(self, spoke) and self.fine_tune:
                raise ValueError(f"TrainingConfig: {spoke} is not available with fine_tune (it is fitted to states of "
                                 "features the fine-tuned stages no longer give); set one of them to its default.")
        if self.fitted_attributes and self.attribute_weight:
            raise ValueError("TrainingConfig: fitted_attributes fits the semantic spoke after training and "
                             "attribute_weight learns it with the hub; choose one (set attribute_weight=0 or "
                             "fitted_attributes=False).")
        if self.name_readout != "trained" and self.fine_tune:
            raise ValueError("TrainingConfig: name_readout='prototype' is not available with fine_tune (the stored "
                             "patterns would come from features the fine-tuned stages no longer give); set one of "
                             "them to its default.")
        if self.basic_smoothing + self.domain_smoothing >= 1.0:
            raise ValueError("basic_smoothing + domain_smoothing must be below 1 (the item keeps the rest). "
                             f"Got {self.basic_smoothing} + {self.domain_smoothing}.")


def training_to_dict(t: TrainingConfig) -> dict:
    """JSON-ready fields of *t* (tuples as lists)."""
    d = asdict(t)
    d["augmentation"] = {k: list(v) if isinstance(v, tuple) else v for k, v in d["augmentation"].items()}
    return d


def training_from_dict(d: dict) -> TrainingConfig:
    """The inverse of :func:`training_to_dict`; unknown or missing fields raise a ValueError naming them."""
    from dataclasses import fields

    d = dict(d)
    known = {f.name for f in fields(TrainingConfig)}
    unknown = sorted(set(d) - known)
    if unknown:
        raise ValueError(f"Unknown TrainingConfig field(s) {', '.join(map(repr, unknown))}; "
                         f"known fields are {', '.join(sorted(known))}.")
    aug = {k: tuple(v) if isinstance(v, list) else v for k, v in d.pop("augmentation", {}).items()}
    return TrainingConfig(augmentation=Augmentation(**aug), **d)
