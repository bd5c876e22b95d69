"""Virtual patients: pretrained backbones, the semantic hub, building, caching, saving.

======================  ==========================================================
module                  its one job
======================  ==========================================================
``backbones``           pretrained CNNs cut into lesionable stages, with their preprocessing
``features``            backbone features of a battery's pictures, cached on disk
``config``              :class:`HubConfig` and :class:`TrainingConfig`
``hub``                 the hub's forward pass (the only one) and :class:`Probabilities`
``training``            training the hub; ``finetune``: training the last stages with it
``network``             what a lesion may change, and how (:class:`Network`)
``patient``             :class:`Patient`: evaluation, damage, identity
``io``                  saving and loading patients
``build``               :func:`build_patient`, :func:`build_patients`, :func:`build_controls` and their cache
``policy``, ``lexicon``  how answers are given; the names a patient knows
======================  ==========================================================

仮想患者：事前学習済みバックボーンと意味ハブ。
"""

from .backbones import DEFAULT_BACKBONE, Backbone, get_backbone, list_backbones
from .build import build_controls, build_patient, build_patients
from .config import HubConfig, TrainingConfig
from .features import Augmentation, Recoloured, battery_features, picture_features
from .hub import Probabilities
from .patient import load_patient
from .lexicon import Lexicon
from .network import Network
from .patient import Patient
from .policy import ResponsePolicy

__all__ = ["Backbone", "get_backbone", "list_backbones", "DEFAULT_BACKBONE", "Augmentation", "Recoloured",
           "battery_features", "picture_features", "ResponsePolicy", "Lexicon", "HubConfig", "TrainingConfig",
           "Patient", "Probabilities", "Network", "build_patient", "build_patients", "build_controls", "load_patient"]
