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
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from .._random import seed_sequence

__all__ = ["Paradigm", "Tested", "SHARED_COLUMNS", "check_tidy", "tested_patients", "summarise", "child_stream"]

#: Columns every paradigm's result starts with, in this order.
SHARED_COLUMNS = ["patient", "session", "severity", "lesion", "site", "paradigm", "trial", "item", "domain",
                  "basic", "specific", "condition", "target", "response", "correct", "score"]

_INT_COLUMNS = ("session", "trial", "correct")


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
    raise TypeError("The 'patients' parameter must be a Patient, a list of patients, a Cohort or a "
                    f"LongitudinalPatient. Got {type(patients).__name__} instead.")


def child_stream(seq: np.random.SeedSequence, *key: int) -> np.random.SeedSequence:
    """The child of *seq* at path *key*, the same whatever else was spawned (order-free ``spawn``)."""
    return np.random.SeedSequence(seq.entropy, spawn_key=tuple(seq.spawn_key) + tuple(int(k) for k in key))


def _id_key(patient_id: str) -> int:
    """A stable 32-bit key for a patient id (the same in every process and run)."""
    return int.from_bytes(hashlib.sha256(str(patient_id).encode("utf-8")).digest()[:4], "little")


def _generator(seq: np.random.SeedSequence) -> np.random.Generator:
    return np.random.default_rng(seq)


def _eval_seed(seq: np.random.SeedSequence, tag: int) -> int:
    """An int seed for one evaluation of one patient (activation noise), from its stream."""
    return int(child_stream(seq, tag).generate_state(2, dtype=np.uint64)[0] >> 1)


@dataclass(frozen=True)
class Paradigm:
    """Base class of paradigms.  Subclasses define :meth:`design` and :meth:`respond`."""

    name: ClassVar[str] = ""
    #: Human study the paradigm mirrors (shown in docs and reports).
    mirrors: ClassVar[str] = ""

    # --- to override ----------------------------------------------------------------------
    def check_battery(self, battery) -> None:
        """Raise a ValueError if *battery* cannot be used with this paradigm."""

    def design(self, battery, rng: np.random.Generator) -> pd.DataFrame:
        """The trials, the same for every patient: one row per trial with at least
        ``item``, ``condition`` and ``target``."""
        raise NotImplementedError

    def respond(self, patient, battery, design: pd.DataFrame, stream: np.random.SeedSequence) -> pd.DataFrame:
        """One patient's answers to *design*: a frame aligned with it, with at least
        ``response``, ``correct`` and ``score``."""
        raise NotImplementedError

    # --- shared ---------------------------------------------------------------------------
    def run(self, patients, battery, *, random_state=None, progress: bool = False) -> pd.DataFrame:
        """Test *patients* on *battery*: one tidy DataFrame, one row per trial.

        Parameters
        ----------
        patients : Patient, list of Patient, Cohort or LongitudinalPatient
        battery : Battery
            The battery the patients learnt (its items must be the patients' lexicon).
        random_state : None, int, SeedSequence or Generator
            Draws the trial design and each patient's guesses and noise.
        progress : bool, default False
            Show a progress bar over tested patients.

        Returns
        -------
        pandas.DataFrame
            :data:`SHARED_COLUMNS` first, then the paradigm's own columns.
        """
        tested = tested_patients(patients)
        self.check_battery(battery)
        for t in tested:
            _check_lexicon(t, battery)
        seq = seed_sequence(random_state)
        design = self.design(battery, _generator(child_stream(seq, 0)))
        design = design.reset_index(drop=True)
        design.insert(0, "trial", np.arange(1, len(design) + 1))
        items = battery.items.set_index("item_id")
        for column in ("domain", "basic", "specific"):
            design[column] = items.loc[design["item"], column].to_numpy()
        frames = []
        for t in tqdm(tested, desc=self.name, unit="patient", disable=not progress, leave=False):
            answers = self.respond(t.patient, battery, design, child_stream(seq, 1, _id_key(t.patient_id), t.session))
            frame = design.copy()
            for column in answers.columns:
                frame[column] = answers[column].to_numpy()
            frame.insert(0, "patient", t.patient_id)
            frame.insert(1, "session", t.session)
            frame.insert(2, "severity", t.severity)
            frame.insert(3, "lesion", t.lesion)
            frame.insert(4, "site", t.site)
            frame.insert(5, "paradigm", self.name)
            frames.append(frame)
        result = pd.concat(frames, ignore_index=True)
        extra = [c for c in result.columns if c not in SHARED_COLUMNS]
        result = result[SHARED_COLUMNS + extra]
        for column in _INT_COLUMNS:
            result[column] = result[column].astype("int64")
        result["severity"] = result["severity"].astype("float64")
        result["score"] = result["score"].astype("float64")
        check_tidy(result)
        return result


def _check_lexicon(t: Tested, battery) -> None:
    if tuple(t.patient.lexicon.item_ids) != tuple(battery.item_ids):
        raise ValueError(
            f"Patient {t.patient_id} (session {t.session}) learnt another battery than {battery.name!r}: "
            f"its lexicon has {len(t.patient.lexicon.item_ids)} items, the battery {len(battery)}. "
            "Test a patient on the battery it was built from."
        )


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
