"""Virtual patients: pretrained backbones, the semantic hub, building, caching, saving.

仮想患者：事前学習済みバックボーンと意味ハブ。
"""

from .backbones import DEFAULT_BACKBONE, Backbone, get_backbone, list_backbones
from .features import Augmentation, Recoloured, battery_features, picture_features
from .lexicon import Lexicon
from .patient import (HubConfig, Patient, Probabilities, TrainingConfig, build_controls, build_patient,
                      load_patient)
from .policy import ResponsePolicy

__all__ = ["Backbone", "get_backbone", "list_backbones", "DEFAULT_BACKBONE", "Augmentation", "Recoloured", "battery_features",
           "picture_features", "ResponsePolicy",
           "Lexicon", "HubConfig", "TrainingConfig", "Patient", "Probabilities", "build_patient",
           "build_controls", "load_patient"]
