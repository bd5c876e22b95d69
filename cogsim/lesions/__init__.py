"""Lesions that damage a patient: weight noise, pruning, unit ablation, activation noise, scaling.

Each lesion is a frozen dataclass with ``severity`` in [0, 1] and a ``site``;
``patient.lesion(lesion, random_state=...)`` returns a new damaged patient.

損傷：重みノイズ・刈り込み・ユニット除去・活動ノイズ・重み縮小。
"""

from .._validation import check_option
from .ablation import UnitAblation
from .base import Lesion
from .compound import Compound
from .cohorts import Cohort, LongitudinalPatient, make_cohort, progression
from .noise import ActivationNoise, WeightNoise
from .pruning import Pruning
from .scaling import WeightScaling

_LESIONS = {cls.__name__: cls for cls in (ActivationNoise, Pruning, UnitAblation, WeightNoise, WeightScaling)}
_COMPOUND = {"Compound": Compound}
_ALIASES = {"activation_noise": "ActivationNoise", "pruning": "Pruning", "unit_ablation": "UnitAblation",
            "weight_noise": "WeightNoise", "weight_scaling": "WeightScaling"}


def list_lesions() -> list[str]:
    """Registered lesion names (snake_case), sorted."""
    return sorted(_ALIASES)


def get_lesion(name: str, **params) -> Lesion:
    """Make a lesion by name: ``get_lesion("unit_ablation", severity=0.4)``."""
    check_option("lesion", name, list_lesions())
    return _LESIONS[_ALIASES[name]](**params)


def lesion_from_dict(d: dict) -> Lesion:
    """Rebuild a lesion from :meth:`Lesion.to_dict`."""
    d = dict(d)
    kind = check_option("lesion type", d.pop("type"), sorted({**_LESIONS, **_COMPOUND}))
    if kind == "Compound":
        d["parts"] = tuple(lesion_from_dict(p) for p in d["parts"])
        d["scales"] = tuple(d.get("scales", ()))
        return Compound(**d)
    return _LESIONS[kind](**d)


__all__ = ["Lesion", "Compound", "WeightNoise", "ActivationNoise", "Pruning", "UnitAblation", "WeightScaling",
           "list_lesions", "get_lesion", "lesion_from_dict", "Cohort", "LongitudinalPatient",
           "make_cohort", "progression"]
