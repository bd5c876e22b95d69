"""cogsim: virtual patients for cognitive neuropsychology.

Pretrained CNNs with a semantic hub receive progressive lesions that model
semantic dementia; paradigm modules run the classic tasks on them.

cogsim：認知神経心理学のための仮想患者ライブラリ。
"""

from ._version import __version__  # noqa: E402

from .patients import build_controls, build_patient, build_patients, get_backbone, list_backbones, load_patient  # noqa: E402
from .stimuli import Battery, list_batteries, load_battery  # noqa: E402
from .replication import Replication, ReplicationConfig, replicate  # noqa: E402
from .cases import CaseFit, fit_cases  # noqa: E402

__all__ = ["__version__", "fit_cases", "CaseFit", "Battery", "load_battery", "list_batteries", "build_patient", "build_patients", "build_controls",
           "load_patient", "get_backbone", "list_backbones", "replicate", "Replication", "ReplicationConfig"]
