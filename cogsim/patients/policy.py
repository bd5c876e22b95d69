"""The response policy: how a patient turns its beliefs into answers.

応答方針：確信の持てる最も具体的なレベルで答え、なければ「わからない」。
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .._validation import plain_numbers, check_open_fraction, check_option, check_range

__all__ = ["ResponsePolicy", "NAMING_RULES", "COLOUR_FALLBACKS", "COLOUR_RULES", "OBJECT_DECISION_RULES",
           "MATCHING_RULES", "DRAWING_RULES", "LOOK_SPACES"]

#: How naming retrieves a name (see :class:`ResponsePolicy`).
NAMING_RULES = ("most_specific", "top_down")
#: What colour judgment does when the patient does not recognise the item.
COLOUR_FALLBACKS = ("basic", "guess")
#: What colour judgment compares (see :class:`ResponsePolicy`).
COLOUR_RULES = ("names", "spoke")
#: How object decision tells the real picture from the chimera (see :class:`ResponsePolicy`).
OBJECT_DECISION_RULES = ("recalled", "evidence", "category", "task_domain", "pair")
#: How word–picture matching finds the named picture (see :class:`ResponsePolicy`).
MATCHING_RULES = ("names", "hub")
#: What delayed copy draws from what the patient retrieves (see :class:`ResponsePolicy`).
DRAWING_RULES = ("recalled", "category", "mixture", "fallback_spoke")
#: Where object decision compares a picture with a recalled look (``ResponsePolicy.look_space``).
LOOK_SPACES = ("standardised", "features")


@dataclass(frozen=True)
class ResponsePolicy:
    """Thresholds a patient answers with.  Part of the patient, not learnt.

    Naming answers at the most specific level the patient is confident
    about, or says "don't know" (an omission).  SD patients say "don't know"
    rather than guess; a network that must always answer would produce
    confident random errors instead.  Two retrieval rules (``naming``):

    ``"most_specific"`` (default)
        The most probable item's name if its probability is at least
        ``specific``, else the most probable basic category's name if its
        summed probability is at least ``basic``, else the most probable
        domain's name at ``domain``, else "don't know".
    ``"top_down"``
        Coarse to fine: the most probable domain (known at ``domain``), then
        the most probable basic category inside that domain (known at
        ``basic``), then the most probable item inside that category, named
        when its probability *given the category* is at least ``specific``.
        The patient says the most specific name it reached, or "don't know"
        when it does not know the domain.  A patient who knows it is looking
        at a bird but not which bird names the bird it finds likeliest
        (a semantic error) or says "bird" (a superordinate response).

    Attributes
    ----------
    specific, basic, domain : float in (0, 1), default 0.5
        Naming thresholds at each level.
    naming : {"most_specific", "top_down"}, default "most_specific"
        The retrieval rule.
    verification : float in (0, 1), default 0.5
        Category verification says "yes" when the summed probability of the
        label's category is at least this criterion.
    recognition : float in (0, 1), default 0.1
        Colour judgment compares the two pictures by the item's name while
        either picture gives that name at least this probability; below it
        the patient no longer recognises the item (see ``colour_fallback``).
    colour_fallback : {"basic", "guess"}, default "basic"
        Colour judgment for an item the patient does not recognise:
        ``"basic"`` compares the pictures by the item's basic category (which
        picture looks more like a vegetable), ``"guess"`` picks at random:
        colour is knowledge about the item, lost with it.
    colour_rule : {"names", "spoke"}, default "names"
        What colour judgment compares.  ``"names"``: which picture gives the
        item's name (or, unrecognised, its category) the higher log-odds, as
        above.  ``"spoke"``: which picture's hue agrees better (dot product of
        hue vectors) with the hue the patient's colour spoke expects from that
        picture through its damaged hub (hubs trained with
        ``TrainingConfig(colour_spoke=True)`` only); ``recognition`` and
        ``colour_fallback`` are then unused.
    readout : {"items", "names"}, default "items"
        Where basic-category and domain beliefs come from.  ``"items"``: sums
        of the item probabilities over the battery's (intact) hierarchy.
        ``"names"``: the hub's own trained category-name outputs (the heads
        learnt with ``TrainingConfig(basic_name_weight=, domain_name_weight=)``,
        like the name units of the Rogers et al. 2004 model), read from the
        damaged last hidden layer, so the taxonomy itself can be damaged.  It
        is a property of the patient: a paradigm's own ``policy=`` changes
        thresholds, not the readout.
    object_decision : {"recalled", "evidence", "category", "task_domain", "pair"}, default "recalled"
        How object decision tells the real picture from the chimera.
        ``"recalled"``: each picture is compared with the look the patient
        regenerates from what its retrieval leaves (or with what its visual
        spoke regenerates): the item; or the items of the category it
        retrieves, weighed by its own beliefs about them.  ``"category"``:
        the same, but a retrieved category is recalled as a whole: every
        member weighs the same, so the look is the category's average one
        (the battery's, when nothing is retrieved).  ``"task_domain"``: as
        ``"category"``, but the patient knows what the task says, that both
        pictures are of the task's domain (animals): what it retrieves
        outside that domain, or nothing, becomes the domain as a whole
        (``sd_hub_v20``, ``sd_hub_v22``, ``sd_hub_v29`` to ``v33`` and the default ``sd_hub``).  ``"pair"``: as
        ``"task_domain"``, but each picture is also compared with the look recalled from the *other* picture
        of the pair, and its better match counts (explored in ``studies/pair_look.py``).  ``"evidence"``: each
        picture is as familiar as its (damaged) hub state is likely under
        the item patterns the hub's
        prototype read-out stores (:func:`~cogsim.patients.hub.familiarity`);
        only for hubs trained with ``TrainingConfig(name_readout="prototype")``.
    evidence_temperature : float in [0.01, 100], default 1.0
        For ``object_decision="evidence"``: the familiarity's temperature, as a
        multiple of the read-out's own ``tau``.  Small: a picture is familiar
        when its hub state lies near one stored item; large: when it lies
        near what many items share.
    matching : {"names", "hub"}, default "names"
        How word–picture matching finds the named picture.  ``"names"``: the
        picture that gives the heard name the highest log-odds (picture to
        name).  ``"hub"``: the picture whose (damaged) hub state is most like
        (cosine) the state the heard name itself evokes in the damaged hub
        (name to hub, the reverse direction; hubs trained with
        ``TrainingConfig(name_spoke=True)`` only).
    drawing : {"recalled", "category", "mixture", "fallback_spoke"}, default "recalled"
        What delayed copy draws.  ``"recalled"``: the attributes of what the
        patient retrieves, a category's items weighed by its own beliefs
        about them.  ``"category"``: a retrieved category recalled as a
        whole (the attributes most of its members have: its generic member),
        and, retrieving nothing, the generic member of the domain the hub
        still leans to (its most probable domain, without naming's
        threshold: drawing says no word).  ``"mixture"``: a retrieved
        category as in ``"category"``; retrieving nothing, every domain's
        generic member weighed by the hub's belief in that domain (an
        attribute is drawn when the belief-weighted share of the domains'
        members holding it reaches delayed copy's threshold), so a hub split
        between domains draws only what they share.  ``"fallback_spoke"``
        (hubs with a semantic spoke only): what is retrieved is drawn as in
        ``"recalled"``; retrieving nothing, the patient draws what its
        (damaged) semantic spoke outputs for the picture, not the whole
        battery's belief-weighted average.  With any other rule a hub with
        the semantic spoke draws what the spoke outputs in every case.
    name_prior : float in [0, 10], default 0.0
        A frequency prior on *producing* a specific name: in picture naming
        (and cued naming) each item's probability is multiplied by
        ``10 ** (name_prior * (zipf - mean zipf))`` (the word frequency of its
        name in the naming's language) and renormalised *within its basic
        category*, so the category's own probability, and with it whether
        the patient reaches "bird" or "don't know", is unchanged: the prior
        decides only which member is named and whether that member is sure
        enough (``specific``).  The resting level of a name follows how often
        it is said, as in interactive-activation accounts of word
        production.  Only naming produces a name, so no other task reads it.
        0: no prior.  命名のみに効く語頻度の事前分布。
    look_space : {"standardised", "features"}, default "standardised"
        Where object decision compares a picture with the look the patient
        recalls (every rule but ``"evidence"`` and a visual spoke's).
        ``"standardised"``: both in the hub's standardised input space (each
        backbone feature centred and scaled by its spread over the training
        pictures), as before.  ``"features"``: both in the backbone's own
        feature space, where the recalled look is the belief-weighted mean
        of the items' pictures' features: the picture as the visual system
        sees it, not as the hub's input layer rescales it.  The visual
        typicality that sorts the task's pairs (``pair_typicality``) is a
        cosine in that space.  Only object decision reads it
        (``studies/look_space.py``).  物体判断で絵と想起された見た目を比べる空間。

    Examples
    --------
    >>> ResponsePolicy(specific=0.7)
    ResponsePolicy(specific=0.7, basic=0.5, domain=0.5, verification=0.5, recognition=0.1, naming='most_specific', colour_fallback='basic', readout='items', object_decision='recalled', evidence_temperature=1.0, colour_rule='names', matching='names', drawing='recalled', name_prior=0.0, look_space='standardised')
    >>> ResponsePolicy(naming="guess")
    Traceback (most recent call last):
    ...
    ValueError: Invalid value for 'naming'. Allowed values are 'most_specific' and 'top_down', but got 'guess'.
    >>> ResponsePolicy(specific=1.5)
    Traceback (most recent call last):
    ...
    ValueError: The 'specific' parameter of ResponsePolicy must be a float in (0, 1). Got 1.5 instead.
    """

    specific: float = 0.5
    basic: float = 0.5
    domain: float = 0.5
    verification: float = 0.5
    recognition: float = 0.1
    naming: str = "most_specific"
    colour_fallback: str = "basic"
    readout: str = "items"
    object_decision: str = "recalled"
    evidence_temperature: float = 1.0
    colour_rule: str = "names"
    matching: str = "names"
    drawing: str = "recalled"
    name_prior: float = 0.0
    look_space: str = "standardised"

    def __post_init__(self):
        plain_numbers(self)
        from .hub import READOUTS

        check_option("naming", self.naming, NAMING_RULES)
        check_option("colour_fallback", self.colour_fallback, COLOUR_FALLBACKS)
        check_option("readout", self.readout, READOUTS)
        check_option("object_decision", self.object_decision, OBJECT_DECISION_RULES)
        check_option("colour_rule", self.colour_rule, COLOUR_RULES)
        check_option("matching", self.matching, MATCHING_RULES)
        check_option("drawing", self.drawing, DRAWING_RULES)
        check_option("look_space", self.look_space, LOOK_SPACES)
        object.__setattr__(self, "evidence_temperature", check_range("ResponsePolicy", "evidence_temperature",
                                                                     self.evidence_temperature, low=0.01, high=100.0))
        object.__setattr__(self, "name_prior", check_range("ResponsePolicy", "name_prior", self.name_prior,
                                                           low=0.0, high=10.0))
        for f in fields(self):
            if f.name not in ("naming", "colour_fallback", "readout", "object_decision", "evidence_temperature",
                              "colour_rule", "matching", "drawing", "name_prior", "look_space"):
                object.__setattr__(self, f.name, check_open_fraction("ResponsePolicy", f.name, getattr(self, f.name)))
