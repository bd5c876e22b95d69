"""What every paradigm shares: who is tested, how trials are sampled, the tidy result shape.

A paradigm is a frozen dataclass of its design parameters with one
:meth:`Paradigm.run`.  ``run`` accepts a patient, a list of patients, a
:class:`~cogsim.lesions.Cohort` or a :class:`~cogsim.lesions.LongitudinalPatient`
and returns one tidy DataFrame with one row per trial.

Randomness: the trial design (distractors, positions) is drawn once per run
from ``random_state`` and is the same for every patient, as in a real study
where every patient sees the same test sheet.  Each tested patient-session then
gets its own stream (for guesses and activation noise), derived from
``random_state``, the patient id and the session, so a patient's rows do not
depend on which other patients are tested alongside it, in which order, or in
how many pieces a study is run.

課題の共通部分：被検者の正規化、試行の乱数、整然データの形。
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

import numpy as np
import pandas as pd
import torch
from tqdm.auto import tqdm

from .._random import child_stream, seed_sequence
from .._registry import Registry
from .._validation import check_int

__all__ = ["Paradigm", "Beliefs", "Coded", "Tested", "SHARED_COLUMNS", "check_tidy", "tested_patients", "summarise",
           "child_stream", "run_paradigms", "register_paradigm", "list_paradigms", "get_paradigm",
           "FewTrialsWarning", "MIN_TRIALS_PER_CONDITION"]

#: A condition with fewer trials than this per patient-session gets a :class:`FewTrialsWarning`: one trial
#: more or less moves its accuracy by 20 points or more, so it means little on its own.
MIN_TRIALS_PER_CONDITION = 5


class FewTrialsWarning(UserWarning):
    """A paradigm's design on this battery has too few trials of a condition to mean much."""


def _warn_few_trials(name: str, design: pd.DataFrame, battery) -> None:
    counts = design["condition"].astype(str).value_counts()
    few = counts[counts < MIN_TRIALS_PER_CONDITION].sort_index()
    if len(few):
        listed = ", ".join(f"{condition!r} {n}" for condition, n in few.items())
        warnings.warn(f"{name} on battery {getattr(battery, 'name', '?')!r} has fewer than "
                      f"{MIN_TRIALS_PER_CONDITION} trials per patient-session in condition(s) {listed}: accuracy "
                      "there moves by 1/n per trial and means little. Use a larger battery (more items per "
                      "condition), or read those conditions pooled over patients and sessions.",
                      FewTrialsWarning, stacklevel=3)

def _check_paradigm_class(name: str, cls) -> None:
    if not (isinstance(cls, type) and issubclass(cls, Paradigm)) or not cls.name:
        raise TypeError("register_paradigm registers subclasses of Paradigm that set a class attribute "
                        f"'name'. Got {cls!r} instead.")
    if cls.name != name:
        raise ValueError(f"Paradigm {cls.__name__} has name {cls.name!r} but was offered as {name!r}: "
                         "a paradigm is registered under its own name.")


_PARADIGMS: Registry = Registry("paradigm", entry_points="cogsim.paradigms", check=_check_paradigm_class)

#: Columns every paradigm's result starts with, in this order.
SHARED_COLUMNS = ["patient", "session", "severity", "lesion", "site", "paradigm", "trial", "item", "domain",
                  "basic", "specific", "condition", "target", "response", "correct", "score"]



class Tested(NamedTuple):
    """One tested patient at one session."""

    patient_id: str
    session: int
    severity: float
    lesion: str
    site: str
    patient: object


def _describe(patient) -> tuple[float, str, str]:
    if not patient.lesions:
        return 0.0, "none", "none"
    last, _ = patient.lesions[-1]
    return float(last.severity), type(last).__name__, str(last.site)


def tested_patients(patients) -> list[Tested]:
    """Normalise what ``run`` accepts into a flat list of :class:`Tested`.

    Parameters
    ----------
    patients : Patient, LongitudinalPatient, Cohort, dict or sequence of Patient/LongitudinalPatient
        A single patient is "P01" at session 1.  A dict maps patient ids to
        patients (e.g. ``{"C01": control, ...}``), each at session 1.  A longitudinal patient's
        sessions are 1..k.  A cohort's patient k at its j-th severity is
        session j (its damage is nested across severities, like sessions).
        In a list, patient k is "P{k:02d}" unless it is a longitudinal patient
        with its own id.
    """
    from ..lesions.cohorts import Cohort, LongitudinalPatient
    from ..patients.patient import Patient

    if isinstance(patients, Patient):
        return [Tested("P01", 1, *_describe(patients), patients)]
    if isinstance(patients, LongitudinalPatient):
        return [Tested(patients.patient_id, k + 1, float(s), type(patients.lesion).__name__,
                       str(patients.lesion.site), p)
                for k, (s, p) in enumerate(zip(patients.severities, patients.sessions))]
    if isinstance(patients, Cohort):
        out, seen = [], {}
        for pid, severity, p in patients:
            seen[pid] = seen.get(pid, 0) + 1
            out.append(Tested(pid, seen[pid], float(severity), type(patients.lesion).__name__,
                              str(patients.lesion.site), p))
        return out
    if isinstance(patients, dict) and patients:
        out = []
        for pid, p in patients.items():
            if not isinstance(p, Patient):
                raise TypeError(f"patients[{pid!r}] is a {type(p).__name__}; expected a Patient.")
            out.append(Tested(str(pid), 1, *_describe(p), p))
        return out
    if isinstance(patients, (list, tuple)) and patients:
        out = []
        for k, p in enumerate(patients):
            if isinstance(p, LongitudinalPatient):
                out.extend(tested_patients(p))
            elif isinstance(p, Patient):
                out.append(Tested(f"P{k + 1:02d}", 1, *_describe(p), p))
            else:
                raise TypeError(f"patients[{k}] is a {type(p).__name__}; expected a Patient or LongitudinalPatient.")
        return out
    what = f"an empty {type(patients).__name__}" if isinstance(patients, (list, tuple, dict)) else \
        type(patients).__name__
    raise TypeError("The 'patients' parameter must be a Patient, a non-empty list or dict of patients, a Cohort "
                    f"or a LongitudinalPatient. Got {what} instead.")


def _id_key(patient_id: str) -> int:
    """A stable 32-bit key for a patient id (the same in every process and run)."""
    return int.from_bytes(hashlib.sha256(str(patient_id).encode("utf-8")).digest()[:4], "little")


def _generator(seq: np.random.SeedSequence) -> np.random.Generator:
    return np.random.default_rng(seq)


def _eval_seed(seq: np.random.SeedSequence, tag: int) -> int:
    """An int seed for one evaluation of one patient (activation noise), from its stream."""
    return int(child_stream(seq, tag).generate_state(2, dtype=np.uint64)[0] >> 1)


class Coded(NamedTuple):
    """A string column as integer codes ``(P, T)`` into ``categories`` (cheap for big studies)."""

    codes: np.ndarray
    categories: list


class Beliefs:
    """What a batch of patients believes about one set of pictures.

    Attributes
    ----------
    logits : torch.Tensor
        ``(P, n_pictures, n_items)`` hub output logits of P patients.
    lexicon : Lexicon
    item : torch.Tensor
        ``(P, n_pictures, n_items)`` item probabilities.
    basic, domain : torch.Tensor
        Category probabilities (categories sorted): sums over the hierarchy,
        or the softmax of ``level_logits`` (the ``names`` readout).
    level_logits : dict or None
        ``{"basic": (P, n, n_basic), "domain": ...}`` when some patient reads
        categories from its name heads (patients with the ``items`` readout get
        the log-sum-exp of their item logits, whose softmax is the same sum).
    patients : list of Patient, optional
        The P patients, for paradigms that use what a patient knows beyond its
        beliefs (the return path of :mod:`cogsim.patients.readouts`).
    battery : Battery, optional
    features : numpy.ndarray, optional
        ``(P, n_pictures, feature_dim)`` backbone features each patient saw
        (through its own visual damage), kept for paradigms whose
        ``needs_features`` is True.
    attributes : list, optional
        Per patient, the ``(n_pictures, n_attributes)`` probabilities its
        semantic spoke outputs for the pictures (the same pass, the same
        damage and noise), or None for a patient without the spoke.
    visual : list, optional
        Per patient, ``(regenerated, seen)``: the ``(n_pictures, k)`` pictures
        its visual spoke regenerates (the same pass) and the pictures it saw in
        the same directions, or None for a patient without the spoke.
    colour : list, optional
        Per patient, ``(n_pictures, 2)`` the hue vector its colour spoke
        expects for each picture (the same pass), or None for a patient
        without the spoke.
    familiarity : list, optional
        Per patient, ``(n_pictures,)`` how likely its damaged hub state for
        each picture is under its prototype read-out's stored item patterns
        (the same pass), or None for a patient without that read-out.
    hidden : list, optional
        Per patient with the name spoke (``TrainingConfig(name_spoke=True)``),
        ``(n_pictures, hidden)`` its damaged last hidden states for the
        pictures (the same pass); None for others.
    heard : list, optional
        Per patient with the name spoke, what its damaged hub makes of every
        item's name heard alone (:meth:`~cogsim.patients.Patient.heard`, in
        lexicon order, its own noise draw): ``{"hidden": (n_items, hidden),
        "logits": (n_items, n_items), "attributes": (n_items, n_attributes)
        or None}``; None for others.
    """

    def __init__(self, logits: torch.Tensor, lexicon, level_logits: dict | None = None, *, patients=None,
                 battery=None, features=None, attributes=None, visual=None, familiarity=None, colour=None,
                 hidden=None, heard=None):
        self.logits = logits
        self.lexicon = lexicon
        self.level_logits = level_logits
        self.patients = patients
        self.battery = battery
        self.features = features
        self.attributes = attributes
        self.visual = visual
        self.familiarity = familiarity
        self.colour = colour
        self.hidden = hidden
        self.heard = heard
        self.item = torch.softmax(logits, dim=-1)
        self._levels: dict = {}

    def level(self, level: str) -> torch.Tensor:
        """Probabilities at ``"item"``, ``"basic"`` or ``"domain"`` level."""
        if level == "item":
            return self.item
        if level not in self._levels:
            if self.level_logits:
                self._levels[level] = torch.softmax(self.level_logits[level], dim=-1)
            else:
                self._levels[level] = self.item @ self.lexicon.membership(level)
        return self._levels[level]

    @property
    def basic(self) -> torch.Tensor:
        return self.level("basic")

    @property
    def domain(self) -> torch.Tensor:
        return self.level("domain")

    def log_odds(self, level: str, pictures, categories) -> np.ndarray:
        """``(P, T)`` log-odds ``log(p / (1 − p))`` of ``categories[t]`` for picture ``pictures[t]``.

        Computed from the logits, so it does not saturate when p is near 1.
        """
        from ..patients.hub import log_odds

        return log_odds(self.logits, self.lexicon, level, pictures, categories, self.level_logits)


@dataclass(frozen=True)
class Paradigm:
    """Base class of paradigms.  Subclasses define :meth:`design` and :meth:`respond`.

    ``respond`` answers for a batch of patients at once from their
    :class:`Beliefs`, so a study of many patients is a few array operations
    per paradigm rather than a loop of small ones.
    """

    #: The name it is registered and reported under (the ``paradigm`` column).
    name: ClassVar[str] = ""
    #: The human study the paradigm mirrors, shown in the replication report's list of paradigms.
    mirrors: ClassVar[str] = ""
    #: The same in Japanese (``cogsim replicate --language ja``); empty falls back to :attr:`mirrors`.
    mirrors_ja: ClassVar[str] = ""
    #: Whether :meth:`respond` needs the backbone features each patient saw (``Beliefs.features``).
    needs_features: ClassVar[bool] = False

    # --- to override ----------------------------------------------------------------------
    def check_battery(self, battery) -> None:
        """Raise a ValueError if *battery* cannot be used with this paradigm."""

    def design(self, battery, rng: np.random.Generator) -> pd.DataFrame:
        """The trials, the same for every patient: one row per trial with at least
        ``item``, ``condition`` and ``target``."""
        raise NotImplementedError

    def picture_sets(self, battery) -> dict:
        """Picture sets the paradigm shows, by name: ``{"canonical": None}`` unless overridden."""
        return {"canonical": None}

    def respond(self, beliefs: dict, design: pd.DataFrame, streams: list, policies: list) -> dict:
        """Answers of a batch of P patients to *design*.

        Parameters
        ----------
        beliefs : dict of str to Beliefs
            One per picture set of :meth:`picture_sets`.
        design : DataFrame
            T trials.
        streams : list of SeedSequence
            One per patient, for guesses.
        policies : list of ResponsePolicy

        Returns
        -------
        dict
            Column name to a ``(P, T)`` array or :class:`Coded`; at least
            ``response``, ``correct`` and ``score``.
        """
        raise NotImplementedError

    # --- shared ---------------------------------------------------------------------------
    def run(self, patients, battery, *, random_state=None, progress: bool = False,
            new_pictures: bool = False) -> pd.DataFrame:
        """Test *patients* on *battery*: one tidy DataFrame, one row per trial.

        Parameters
        ----------
        patients : Patient, list or dict of Patient, Cohort or LongitudinalPatient
        battery : Battery, str or path
            The battery the patients learnt (or its bundled name or folder).
        random_state : None, int, SeedSequence or Generator
            Draws the trial design and each patient's guesses and noise.
        progress : bool, default False
            Show a progress bar over tested patients.
        new_pictures : bool, default False
            Allow a battery with the patients' items and hierarchy but other
            pictures (new exemplars or views of known items).  Without it, a
            battery whose pictures differ from those the patients learnt is
            refused: a swapped picture would silently be scored as its new name.

        Returns
        -------
        pandas.DataFrame
            :data:`SHARED_COLUMNS` first, then the paradigm's own columns.
            String columns are categorical.
        """
        return run_paradigms([self], patients, battery, random_state=random_state, progress=progress,
                             new_pictures=new_pictures)[self.name]


def run_paradigms(paradigms, patients, battery, *, random_state=None, progress: bool = False,
                  batch_size: int = 128, new_pictures: bool = False) -> dict:
    """Run several paradigms on the same patients, sharing each patient's evaluation.

    Each patient-session's beliefs about each set of pictures are computed
    once and shared by every paradigm that shows those pictures; patients are
    answered in batches of *batch_size*.  The results are the same as running
    each paradigm on its own with the same ``random_state``, whatever the
    batch size.  *battery* and *new_pictures* are as in :meth:`Paradigm.run`.

    Returns
    -------
    dict of str to DataFrame
        One tidy DataFrame per paradigm, by paradigm name.
    """
    paradigms = list(paradigms)
    for paradigm in paradigms:
        if not isinstance(paradigm, Paradigm):
            raise TypeError("The 'paradigms' parameter must hold Paradigm objects (e.g. PictureNaming(), or "
                            f"get_paradigm(name)). Got {paradigm!r} instead.")
    names = [p.name for p in paradigms]
    if len(set(names)) != len(names):
        raise ValueError(f"Each paradigm may appear once in a study; got {names}.")
    check_int("run_paradigms", "batch_size", batch_size)
    from ..stimuli.battery import as_battery

    battery = as_battery(battery)
    tested = tested_patients(patients)
    for paradigm in paradigms:
        paradigm.check_battery(battery)
    checked: set = set()
    for t in tested:
        key = (id(t.patient.lexicon), t.patient.battery_fingerprint)
        if key not in checked:
            _check_battery_of(t, battery, new_pictures)
            checked.add(key)
    seq = seed_sequence(random_state)
    items = battery.items.set_index("item_id")
    designs, sets = {}, {}
    for paradigm in paradigms:
        design = paradigm.design(battery, _generator(child_stream(seq, 0))).reset_index(drop=True)
        design.insert(0, "trial", np.arange(1, len(design) + 1))
        _warn_few_trials(paradigm.name, design, battery)
        for column in ("domain", "basic", "specific"):
            design[column] = items.loc[design["item"], column].to_numpy()
        designs[paradigm.name] = design
        for set_name, pictures in paradigm.picture_sets(battery).items():
            sets[set_name] = pictures
    tags = {name: k for k, name in enumerate(sets)}  # evaluation noise tag of each picture set
    keep = {name for p in paradigms if p.needs_features for name in p.picture_sets(battery)}
    answers: dict = {p.name: {} for p in paradigms}
    bar = tqdm(total=len(tested), desc="+".join(names), unit="patient", disable=not progress, leave=False)
    for start in range(0, len(tested), batch_size):
        chunk = tested[start:start + batch_size]
        streams = [child_stream(seq, 1, _id_key(t.patient_id), t.session) for t in chunk]
        beliefs = {name: _beliefs([t.patient for t in chunk], battery, pictures, streams, tags[name], name in keep)
                   for name, pictures in sets.items()}
        policies = [t.patient.policy for t in chunk]
        controlled = any(t.patient.retrieval_noise for t in chunk)
        for paradigm in paradigms:
            wanted = {name: beliefs[name] for name in paradigm.picture_sets(battery)}
            if controlled:  # impaired control: this task's own selection noise
                wanted = {name: _with_selection_noise(b, streams, _task_key(paradigm.name, name))
                          for name, b in wanted.items()}
            out = paradigm.respond(wanted, designs[paradigm.name], streams, policies)
            for column, value in out.items():
                answers[paradigm.name].setdefault(column, []).append(value)
        bar.update(len(chunk))
    bar.close()
    return {p.name: _assemble(p.name, tested, designs[p.name], answers[p.name]) for p in paradigms}


def _beliefs(patients, battery, pictures, streams, tag, keep_features: bool = False) -> Beliefs:
    from ..patients.hub import (category_logits, has_attribute_spoke, has_colour_spoke, has_name_spoke,
                                has_visual_spoke, visual_target)

    names = [p.policy.readout == "names" for p in patients]
    looks = [has_visual_spoke(p.hub) for p in patients]  # the visual spoke is compared with the features seen
    prototypes = [p.training.name_readout == "prototype" for p in patients]  # their heads give the familiarity
    hearing = [has_name_spoke(p.hub) for p in patients]  # the reverse direction: names heard alone
    spokes = [has_attribute_spoke(p.hub) or has_colour_spoke(p.hub) or look or proto or hears
              for p, look, proto, hears in zip(patients, looks, prototypes, hearing)]
    outs, seen, attributes, visual, familiar, colour, hidden, heard = [], [], [], [], [], [], [], []
    for p, s, n, spoke, look in zip(patients, streams, names, spokes, looks):
        out = p.logits(battery, pictures, random_state=_eval_seed(s, tag), names=n and not spoke,
                       return_features=keep_features or look, heads=spoke)
        if keep_features or look:
            out, features = out
            if keep_features:
                seen.append(features.numpy())
        attributes.append(None)
        visual.append(None)
        familiar.append(None)
        colour.append(None)
        hidden.append(None)
        heard.append(None)
        if spoke:  # the same pass gives the spokes' outputs and (for the names readout) the name heads
            logits, heads = out
            if "attributes" in heads:
                attributes[-1] = torch.sigmoid(heads.pop("attributes")).numpy()
            if "visual" in heads:
                visual[-1] = (heads.pop("visual").numpy(), visual_target(p.hub, features).numpy())
            if "familiarity" in heads:
                familiar[-1] = heads.pop("familiarity").numpy()
            if "colour" in heads:
                colour[-1] = heads.pop("colour").numpy()
            if "hidden" in heads:
                hidden[-1] = heads.pop("hidden").numpy()
                heard[-1] = _heard(p, _eval_seed(s, tag), battery)
            out = (logits, heads) if n else logits
        outs.append(out)
    extra = {"patients": list(patients), "battery": battery, "features": np.stack(seen) if keep_features else None,
             "attributes": attributes if any(a is not None for a in attributes) else None,
             "visual": visual if any(v is not None for v in visual) else None,
             "familiarity": familiar if any(f is not None for f in familiar) else None,
             "colour": colour if any(c is not None for c in colour) else None,
             "hidden": hidden if any(h is not None for h in hidden) else None,
             "heard": heard if any(h is not None for h in heard) else None}
    if not any(names):
        return Beliefs(torch.stack(outs), patients[0].lexicon, **extra)
    logits = torch.stack([o[0] if n else o for o, n in zip(outs, names)])
    lexicon = patients[0].lexicon
    levels = {level: torch.stack([o[1][level] if n else category_logits(o, lexicon, level)
                                  for o, n in zip(outs, names)]) for level in ("basic", "domain")}
    return Beliefs(logits, lexicon, levels, **extra)


#: The stream path of the heard names' pass (its own activation noise), under a picture set's evaluation seed.
_HEARD_STREAM = 2


def _heard(patient, seed: int, battery) -> dict:
    """What *patient*'s damaged hub makes of every item's name heard alone (for :class:`Beliefs`)."""
    logits, heads = patient.heard(random_state=child_stream(np.random.SeedSequence(seed), _HEARD_STREAM),
                                  battery=battery)
    attributes = heads.get("attributes")
    return {"hidden": heads["hidden"].numpy(), "logits": logits.numpy(),
            "attributes": None if attributes is None else torch.sigmoid(attributes).numpy()}


#: The stream path of selection noise (impaired control), apart from the paths paradigms use for guesses.
_SELECTION_STREAM = 7919


def _task_key(paradigm: str, picture_set: str) -> int:
    """A stable 31-bit key for one paradigm's retrieval from one picture set."""
    digest = hashlib.sha256(f"{paradigm}/{picture_set}".encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "little") >> 1


def _with_selection_noise(b: Beliefs, streams, key: int) -> Beliefs:
    """*b* as a task selects from it when control is impaired (:class:`~cogsim.lesions.RetrievalControl`).

    Each patient with ``retrieval_noise`` gets Gaussian noise on its item logits
    (and name-head logits) of SD ``retrieval_noise`` times its intact output SD,
    drawn from its own stream and the task's *key*: afresh for every task and
    session, the same for the same seed.  Other patients' beliefs are untouched.
    """
    logits = b.logits.clone()
    levels = {level: value.clone() for level, value in b.level_logits.items()} if b.level_logits else None
    for i, (patient, stream) in enumerate(zip(b.patients, streams)):
        if not patient.retrieval_noise:
            continue
        sd = float(patient.retrieval_noise) * float(patient.activation_sd.get("hub.output", 1.0))
        rng = _generator(child_stream(stream, _SELECTION_STREAM, key))
        logits[i] += sd * torch.from_numpy(rng.standard_normal(tuple(logits.shape[1:])).astype(np.float32))
        for level in sorted(levels or {}):
            shape = tuple(levels[level].shape[1:])
            levels[level][i] += sd * torch.from_numpy(rng.standard_normal(shape).astype(np.float32))
    return Beliefs(logits, b.lexicon, levels, patients=b.patients, battery=b.battery, features=b.features,
                   attributes=b.attributes, visual=b.visual, familiarity=b.familiarity, colour=b.colour,
                   hidden=b.hidden, heard=b.heard)


def _categorical(values) -> pd.Categorical:
    return values if isinstance(values, pd.Categorical) else pd.Categorical(values)


def _assemble(name: str, tested: list, design: pd.DataFrame, answers: dict) -> pd.DataFrame:
    n_patients, n_trials = len(tested), len(design)
    columns: dict = {}
    ids = [t.patient_id for t in tested]
    patient = pd.Categorical(ids, categories=list(dict.fromkeys(ids)))
    columns["patient"] = pd.Categorical.from_codes(np.repeat(patient.codes, n_trials), patient.categories)
    columns["session"] = np.repeat(np.array([t.session for t in tested], dtype=np.int64), n_trials)
    columns["severity"] = np.repeat(np.array([t.severity for t in tested], dtype=np.float64), n_trials)
    for column in ("lesion", "site"):
        cat = _categorical([getattr(t, column) for t in tested])
        columns[column] = pd.Categorical.from_codes(np.repeat(cat.codes, n_trials), cat.categories)
    columns["paradigm"] = pd.Categorical.from_codes(np.zeros(n_patients * n_trials, dtype=np.int8), [name])
    for column in design.columns:
        values = design[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values) or isinstance(values.dtype,
                                                                                         pd.CategoricalDtype):
            cat = _categorical(values.astype(str).to_numpy())
            columns[column] = pd.Categorical.from_codes(np.tile(cat.codes, n_patients), cat.categories)
        else:
            columns[column] = np.tile(values.to_numpy(), n_patients)
    for column, parts in answers.items():
        if isinstance(parts[0], Coded):
            categories = parts[0].categories
            codes = np.concatenate([np.asarray(p.codes).reshape(-1) for p in parts])
            columns[column] = pd.Categorical.from_codes(codes, categories)
        else:
            columns[column] = np.concatenate([np.asarray(p).reshape(-1) for p in parts])
    columns["correct"] = columns["correct"].astype(np.int64)
    columns["score"] = columns["score"].astype(np.float64)
    ordered = SHARED_COLUMNS + [c for c in columns if c not in SHARED_COLUMNS]
    result = pd.DataFrame({c: columns[c] for c in ordered})
    check_tidy(result)
    return result


def _check_battery_of(t: Tested, battery, new_pictures: bool) -> None:
    """Refuse a battery whose items, names or hierarchy differ from the patient's, or whose pictures
    differ unless *new_pictures*; the message says what differs."""
    from ..patients.lexicon import Lexicon

    who = f"Patient {t.patient_id} (session {t.session})"
    mine, theirs = t.patient.lexicon, Lexicon.from_battery(battery)
    if tuple(mine.item_ids) != tuple(theirs.item_ids):
        missing = [i for i in mine.item_ids if i not in set(theirs.item_ids)][:5]
        extra = [i for i in theirs.item_ids if i not in set(mine.item_ids)][:5]
        detail = (f"; the patient knows {', '.join(map(repr, missing))} that the battery lacks" if missing else "") + \
                 (f"; the battery has {', '.join(map(repr, extra))} that the patient never learnt" if extra else "")
        raise ValueError(f"{who} learnt another battery than {battery.name!r}: its lexicon has "
                         f"{len(mine.item_ids)} items, the battery {len(theirs.item_ids)}{detail or ' (in another order)'}. "
                         "Test a patient on the battery it was built from.")
    for level in ("specific", "basic", "domain"):
        for item, a, b in zip(mine.item_ids, getattr(mine, level), getattr(theirs, level)):
            if a != b:
                raise ValueError(f"{who} learnt item {item!r} with {level} {a!r}, but battery {battery.name!r} "
                                 f"gives it {level} {b!r}: answers would be scored against a hierarchy the patient "
                                 "never learnt. Test it on the battery it was built from.")
    if t.patient.battery_fingerprint != battery.fingerprint and not new_pictures:
        raise ValueError(f"{who} learnt the same items as battery {battery.name!r} but other pictures (battery "
                         f"fingerprint {t.patient.battery_fingerprint[:12]} learnt, {battery.fingerprint[:12]} "
                         "given): a changed or swapped picture would be scored as its new name. To test the patient "
                         "on new pictures of the items it knows, pass new_pictures=True.")


def check_tidy(results: pd.DataFrame) -> pd.DataFrame:
    """Check that *results* has the shared tidy shape; return it unchanged.

    One row per trial: the shared columns present and first, no missing
    value in them, ``correct`` 0/1, and (patient, session, paradigm, trial) unique.

    Raises
    ------
    ValueError
        Naming the first problem found.
    """
    if not isinstance(results, pd.DataFrame):
        raise TypeError(f"Expected a pandas DataFrame. Got {type(results).__name__} instead.")
    missing = [c for c in SHARED_COLUMNS if c not in results.columns]
    if missing:
        raise ValueError(f"Results lack the shared column(s) {', '.join(map(repr, missing))}.")
    if list(results.columns[:len(SHARED_COLUMNS)]) != SHARED_COLUMNS:
        raise ValueError(f"The shared columns must come first, in the order {SHARED_COLUMNS}.")
    blank = [c for c in SHARED_COLUMNS if results[c].isna().any()]
    if blank:
        raise ValueError(f"Results have missing values in column(s) {', '.join(map(repr, blank))}.")
    if not results["correct"].isin([0, 1]).all():
        raise ValueError("The 'correct' column must hold only 0 and 1.")
    keys = ["patient", "session", "paradigm", "trial"]
    duplicated = results.duplicated(keys)
    if duplicated.any():
        row = results.loc[duplicated].iloc[0]
        raise ValueError(f"More than one row for trial {row['trial']} of patient {row['patient']} "
                         f"session {row['session']} ({row['paradigm']}): results must have one row per trial.")
    return results


def summarise(results: pd.DataFrame, by=("patient", "session", "severity", "paradigm", "condition")) -> pd.DataFrame:
    """Accuracy per group: ``n`` trials, ``accuracy`` (mean of ``correct``) and mean ``score``.

    Parameters
    ----------
    results : DataFrame
        Tidy results of one or more paradigms.
    by : sequence of str
        Grouping columns.

    Examples
    --------
    >>> import pandas as pd
    >>> summarise(pd.DataFrame({"condition": ["a", "a", "b"], "correct": [1, 0, 1], "score": [0.5, 0.1, 0.9]}),
    ...           by=["condition"])
      condition  n  accuracy  score
    0         a  2       0.5    0.3
    1         b  1       1.0    0.9
    """
    by = list(by)
    missing = [c for c in by + ["correct", "score"] if c not in results.columns]
    if missing:
        raise ValueError(f"Cannot summarise: results lack column(s) {', '.join(map(repr, missing))}.")
    grouped = results.groupby(by, sort=True, observed=True)
    return grouped.agg(n=("correct", "size"), accuracy=("correct", "mean"), score=("score", "mean")).reset_index()


def register_paradigm(cls: type | None = None, *, replace: bool = False):
    """Register a paradigm class under its ``name``; usable as a class decorator.

    A registered paradigm is listed by :func:`list_paradigms`, made by
    :func:`get_paradigm`, run by ``run_sweep`` and by ``cogsim replicate``
    (``ReplicationConfig(paradigms=...)``).
    """
    def add(cls):
        return _PARADIGMS.register(getattr(cls, "name", "") or "unnamed", cls, replace=replace)

    return add if cls is None else add(cls)


def list_paradigms() -> list[str]:
    """Names of the registered paradigms, sorted.

    >>> list_paradigms()
    ['category_verification', 'colour_judgment', 'cued_naming', 'delayed_copy', 'object_decision', 'picture_naming', 'word_picture_matching']
    """
    return _PARADIGMS.names()


def get_paradigm(name: str, **params) -> Paradigm:
    """A paradigm by name, configured with *params*.

    >>> get_paradigm("naming")
    Traceback (most recent call last):
    ...
    ValueError: Invalid value for 'paradigm'. Allowed values are 'category_verification', 'colour_judgment', 'cued_naming', 'delayed_copy', 'object_decision', 'picture_naming' and 'word_picture_matching', but got 'naming'.
    """
    return _PARADIGMS.get(name)(**params)
