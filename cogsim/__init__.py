"""cogsim: virtual patients for cognitive neuropsychology.

Pretrained CNNs with a semantic hub receive progressive lesions that model
semantic dementia; paradigm modules run the classic tasks on them.

cogsim：認知神経心理学のための仮想患者ライブラリ。
"""

from .stimuli import Battery, list_batteries, load_battery

__version__ = "0.1.0"

__all__ = ["__version__", "Battery", "load_battery", "list_batteries"]
