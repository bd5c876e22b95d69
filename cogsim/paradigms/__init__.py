"""Paradigms: the classic tasks of semantic dementia, run on virtual patients.

Each paradigm is a frozen dataclass of its design parameters with one
``run(patients, battery, *, random_state=None)`` returning a tidy DataFrame,
one row per trial, with the shared columns :data:`SHARED_COLUMNS`.

課題：呼称、カテゴリー照合、色判断、語と絵のマッチング。
"""

from .._validation import check_option
from .base import SHARED_COLUMNS, Beliefs, Coded, Paradigm, check_tidy, run_paradigms, summarise, tested_patients
from .colour import ColourJudgment
from .matching import FOIL_TYPES, WordPictureMatching
from .naming import DETAIL_ORDER, ERROR_CLASSES, ERROR_DETAILS, PictureNaming, naming_table
from .verification import LEVELS, CategoryVerification

__all__ = ["Paradigm", "PictureNaming", "CategoryVerification", "ColourJudgment", "WordPictureMatching",
           "SHARED_COLUMNS", "ERROR_CLASSES", "ERROR_DETAILS", "LEVELS", "FOIL_TYPES", "check_tidy", "summarise",
           "tested_patients", "run_paradigms", "Beliefs", "Coded", "DETAIL_ORDER", "naming_table", "list_paradigms", "get_paradigm"]

_REGISTRY = {cls.name: cls for cls in (CategoryVerification, ColourJudgment, PictureNaming, WordPictureMatching)}


def list_paradigms() -> list[str]:
    """Names of the registered paradigms, sorted.

    >>> list_paradigms()
    ['category_verification', 'colour_judgment', 'picture_naming', 'word_picture_matching']
    """
    return sorted(_REGISTRY)


def get_paradigm(name: str, **params) -> Paradigm:
    """A paradigm by name, configured with *params*.

    >>> get_paradigm("naming")
    Traceback (most recent call last):
    ...
    ValueError: Invalid value for 'paradigm'. Allowed values are 'category_verification', 'colour_judgment', 'picture_naming' and 'word_picture_matching', but got 'naming'.
    """
    check_option("paradigm", name, _REGISTRY)
    return _REGISTRY[name](**params)
