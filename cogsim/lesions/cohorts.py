"""Progression and cohorts: one patient declining over sessions; many patients over severities.

進行（縦断的患者）とコホート。
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator, Sequence

import pandas as pd

from .._random import seed_sequence, spawn
from .._validation import check_fraction, check_int
from .base import Lesion

__all__ = ["LongitudinalPatient", "Cohort", "progression", "make_cohort"]


def _check_severities(severities) -> tuple:
    severities = tuple(severities)
    if not severities:
        raise ValueError("The 'severities' parameter must name at least one severity.")
    return tuple(check_fraction("progression", "severities", s) for s in severities)


@dataclass(frozen=True, eq=False)
class LongitudinalPatient:
    """One patient seen at successive sessions of growing damage (nested lesions).

    Attributes
    ----------
    premorbid : Patient
    lesion : Lesion
        The lesion family and site; its severity is replaced session by session.
    severities : tuple of float
    sessions : tuple of Patient
        ``sessions[k]`` is the patient at ``severities[k]``; every session
        uses the same random stream, so damage only accumulates.
    patient_id : str
    """

    premorbid: object
    lesion: Lesion
    severities: tuple
    sessions: tuple
    patient_id: str = "P01"

    def __iter__(self):
        return iter(self.sessions)

    def __len__(self):
        return len(self.sessions)


def progression(patient, lesion: Lesion, severities: Sequence[float], *, random_state=None,
                patient_id: str = "P01") -> LongitudinalPatient:
    """Damage one patient at each severity with one random stream: sessions 1..k of a decline.

    *severities* must not decrease (a decline); a decreasing list is refused.

    Examples
    --------
    >>> from cogsim.lesions import UnitAblation
    >>> # sessions = progression(patient, UnitAblation(0.0), [0.1, 0.3, 0.5], random_state=3)
    """
    severities = _check_severities(severities)
    if any(later < earlier for earlier, later in zip(severities, severities[1:])):
        raise ValueError("The 'severities' parameter of progression lists the sessions of a decline, so it must "
                         f"not decrease; got {list(severities)}. Sort it (sorted(severities)), or damage each "
                         "severity separately with patient.lesion() to compare unrelated patients.")
    seq = seed_sequence(random_state)
    sessions = tuple(patient.lesion(replace(lesion, severity=s), random_state=seq) for s in severities)
    return LongitudinalPatient(patient, lesion, severities, sessions, patient_id)


@dataclass(frozen=True, eq=False)
class Cohort:
    """Virtual patients × severities.  Iterating yields ``(patient_id, severity, patient)``."""

    members: tuple
    lesion: Lesion

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.members)

    def __len__(self) -> int:
        return len(self.members)

    @property
    def patients(self) -> list:
        return [m[2] for m in self.members]

    def to_frame(self) -> pd.DataFrame:
        """One row per member: patient, severity, lesion, site, premorbid seed."""
        return pd.DataFrame({
            "patient": [m[0] for m in self.members],
            "severity": [m[1] for m in self.members],
            "lesion": type(self.lesion).__name__,
            "site": self.lesion.site,
            "premorbid_seed": [m[2].seed for m in self.members],
        })


def make_cohort(premorbid, lesion: Lesion, *, severities: Sequence[float], n_patients: int = 10,
                random_state=None) -> Cohort:
    """n patients × severities, each patient with its own stream from ``SeedSequence.spawn``.

    Parameters
    ----------
    premorbid : Patient or sequence of Patient
        One premorbid patient shared by all, or one per virtual patient
        (individual differences, e.g. from :func:`cogsim.build_controls`).
    lesion : Lesion
        Family and site; severity is taken from *severities*.
    severities : sequence of float in [0, 1]
    n_patients : int, default 10
        Ignored when *premorbid* is a sequence (its length is used).
    random_state : None, int, SeedSequence or Generator

    Returns
    -------
    Cohort
        Patient k at every severity is damaged with the same stream, so within
        a patient the damage is nested across severities.
    """
    severities = _check_severities(severities)
    if isinstance(premorbid, (list, tuple)):
        bases = list(premorbid)
    else:
        check_int("make_cohort", "n_patients", n_patients)
        bases = [premorbid] * n_patients
    streams = spawn(random_state, len(bases))
    members = []
    for k, (base, stream) in enumerate(zip(bases, streams)):
        for s in severities:
            members.append((f"P{k + 1:02d}", s, base.lesion(replace(lesion, severity=s), random_state=stream)))
    return Cohort(tuple(members), lesion)
