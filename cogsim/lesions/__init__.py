"""Lesions that damage a patient: weight noise, pruning, unit ablation, activation noise, scaling, compounds,
and the control lesion of semantic aphasia.

Each lesion is a frozen dataclass with ``severity`` in [0, 1] and a ``site``
that carries its own mechanics (``apply``, see :mod:`cogsim.lesions.base`);
``patient.lesion(lesion, random_state=...)`` returns a new damaged patient.
Add a family of your own with :func:`register_lesion` (docs/lesions.md).

損傷：重みノイズ・刈り込み・ユニット除去・活動ノイズ・重み縮小・複合損傷。
"""

from .ablation import UnitAblation
from .base import (ActivationLesion, Lesion, UnitLesion, WeightLesion, get_lesion, lesion_from_dict, lesion_to_dict,
                   list_lesions, register_lesion)
from .cohorts import Cohort, LongitudinalPatient, make_cohort, progression
from .compound import Compound
from .control import RetrievalControl
from .noise import ActivationNoise, WeightNoise
from .pruning import Pruning
from .scaling import WeightScaling

__all__ = ["Lesion", "WeightLesion", "UnitLesion", "ActivationLesion", "Compound", "WeightNoise", "ActivationNoise",
           "Pruning", "UnitAblation", "WeightScaling", "RetrievalControl", "register_lesion", "list_lesions",
           "get_lesion", "lesion_to_dict", "lesion_from_dict", "Cohort", "LongitudinalPatient", "make_cohort",
           "progression"]
