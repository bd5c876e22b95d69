"""Named study configurations (presets): see :mod:`cogsim.patients.presets`, where they live.

A preset bundles a hub, its training, a lesion, severities and a response
policy, so it sits with the patients it builds; this module keeps the public
name ``cogsim.presets``.

プリセット（較正済みの研究設定）。
"""

from .patients.presets import *  # noqa: F401,F403
from .patients.presets import __all__  # noqa: F401
