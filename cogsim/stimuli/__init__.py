"""Stimuli: batteries of pictures, their manifests and image operations.

刺激：画像バッテリー、マニフェスト、画像操作。
"""

from .battery import (
    COLOUR_COLUMNS,
    MANIFEST_NAME,
    REQUIRED_COLUMNS,
    MAX_PIXELS,
    SUPPORTED_MODES,
    WORKING_SIDE,
    Battery,
    Item,
    add_colour_metadata,
    list_batteries,
    load_battery,
    open_picture,
    read_manifest,
)
from .colour import ColourStats, colour_stats, colour_typicality, hue_distance, typical_hue
from .images import composite, recolour
from .views import NEW_VIEWS, new_views, transform_view

__all__ = [
    "new_views",
    "transform_view",
    "NEW_VIEWS",
    "Battery",
    "Item",
    "load_battery",
    "list_batteries",
    "read_manifest",
    "add_colour_metadata",
    "composite",
    "recolour",
    "colour_stats",
    "ColourStats",
    "colour_typicality",
    "hue_distance",
    "typical_hue",
    "MANIFEST_NAME",
    "REQUIRED_COLUMNS",
    "COLOUR_COLUMNS",
    "SUPPORTED_MODES",
    "MAX_PIXELS",
    "WORKING_SIDE",
    "open_picture",
]
