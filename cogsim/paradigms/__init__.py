"""Paradigms: the classic tasks of semantic dementia, run on virtual patients.

Each paradigm is a frozen dataclass of its design parameters with one
``run(patients, battery, *, random_state=None)`` returning a tidy DataFrame,
one row per trial, with the shared columns :data:`SHARED_COLUMNS`.

課題：呼称、カテゴリー照合、色判断、語と絵のマッチング、物体判断、遅延模写。
"""

from .base import (MIN_TRIALS_PER_CONDITION, SHARED_COLUMNS, Beliefs, Coded, FewTrialsWarning, Paradigm, check_tidy,
                   get_paradigm, list_paradigms, register_paradigm, run_paradigms, summarise, tested_patients)
from .colour import ColourJudgment
from .delayed_copy import OUTCOMES, DelayedCopy
from .matching import FOIL_TYPES, WordPictureMatching
from .naming import DETAIL_ORDER, ERROR_CLASSES, ERROR_DETAILS, CuedNaming, PictureNaming, naming_table, phonemic_cue, with_name_prior
from .object_decision import ObjectDecision
from .verification import LEVELS, CategoryVerification

__all__ = ["Paradigm", "PictureNaming", "CuedNaming", "phonemic_cue", "with_name_prior", "CategoryVerification", "ColourJudgment",
           "WordPictureMatching", "ObjectDecision", "DelayedCopy", "OUTCOMES",
           "SHARED_COLUMNS", "ERROR_CLASSES", "ERROR_DETAILS", "LEVELS", "FOIL_TYPES", "check_tidy", "summarise",
           "tested_patients", "run_paradigms", "Beliefs", "Coded", "DETAIL_ORDER", "naming_table", "list_paradigms", "get_paradigm",
           "register_paradigm", "FewTrialsWarning", "MIN_TRIALS_PER_CONDITION"]
