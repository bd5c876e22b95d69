"""New pictures of known items: other views of every picture of a battery, never seen in training.

SD patients fail to recognise other versions of objects they know (another
exemplar, view or colour; Ikeda et al. 2006, Neuropsychologia 44:566).  The
bundled battery has one photograph per item (the source, Debian's
tuxpaint-stamps-default, has no second exemplar of the same item), so the
second set is a documented transformation of each picture, chosen **outside**
the range of the training augmentation (:class:`cogsim.patients.Augmentation`:
crops of 60–100% of the area, rotations within ±15°, horizontal flips):

- rotation by 25–40° (sign at random): beyond the ±15° seen in training;
- horizontal shear of 10–20° (sign at random): a change of viewpoint that no
  training augmentation makes;
- the object shrunk to 55–70% of the picture's side, centred: smaller than any
  training crop shows it;
- colours untouched, so colour tasks keep their meaning; transparency kept,
  so the pictures are composited on the same background as every picture.

The new battery has the same items, names, hierarchy and colour metadata, and
other pictures (another fingerprint); run paradigms on it with
``new_pictures=True``.  It is written once into cogsim's cache under a hash of
the source battery, the parameters, the seed and this module's code.

既知項目の新しい見え：訓練で見ていない変換画像。
"""

from __future__ import annotations

import math
import shutil
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from .._cache import cache_dir, code_hash, key_of
from .._random import check_random_state
from .._validation import check_range
from .battery import Battery, as_battery, load_battery, open_picture

__all__ = ["new_views", "transform_view", "NEW_VIEWS"]

#: The default transformation (degrees and share of the side).
NEW_VIEWS = {"rotation": (25.0, 40.0), "shear": (10.0, 20.0), "size": (0.55, 0.70)}


def transform_view(image: Image.Image, rotation: float, shear: float, size: float) -> Image.Image:
    """One new view of an RGBA picture: sheared, rotated, and shrunk to *size* of the side, centred.

    Parameters
    ----------
    image : PIL.Image
        Any mode; converted to RGBA (transparent background kept).
    rotation, shear : float
        Degrees (counter-clockwise rotation; horizontal shear).
    size : float in (0, 1]
        The side of the transformed object's bounding box as a share of the output side.
    """
    rgba = image.convert("RGBA")
    side = max(rgba.size)
    canvas = Image.new("RGBA", (side * 2, side * 2), (0, 0, 0, 0))
    canvas.paste(rgba, ((2 * side - rgba.width) // 2, (2 * side - rgba.height) // 2))
    k = math.tan(math.radians(shear))
    # PIL's affine maps output to input coordinates; shear about the centre.
    centre = side
    canvas = canvas.transform(canvas.size, Image.Transform.AFFINE, (1, k, -k * centre, 0, 1, 0),
                              resample=Image.Resampling.BICUBIC)
    canvas = canvas.rotate(rotation, resample=Image.Resampling.BICUBIC)
    box = canvas.getchannel("A").getbbox()
    if box is None:
        return Image.new("RGBA", (side, side), (0, 0, 0, 0))
    obj = canvas.crop(box)
    scale = size * side / max(obj.size)
    obj = obj.resize((max(1, round(obj.width * scale)), max(1, round(obj.height * scale))),
                     Image.Resampling.LANCZOS)
    out = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    out.paste(obj, ((side - obj.width) // 2, (side - obj.height) // 2), obj)
    return out


def new_views(battery=None, *, random_state=0, rotation=NEW_VIEWS["rotation"], shear=NEW_VIEWS["shear"],
              size=NEW_VIEWS["size"], progress: bool = False) -> Battery:
    """A battery of new views of *battery*'s pictures (see the module docstring), built once and cached.

    Parameters
    ----------
    battery : Battery, name or folder, optional
        Default: the bundled battery.
    random_state : int, default 0
        Draws each picture's rotation, shear, their signs and size.
    rotation, shear : (float, float)
        Ranges of the absolute angles in degrees.
    size : (float, float)
        Range of the object's side as a share of the picture's side.

    Returns
    -------
    Battery
        Same items and metadata, named ``"<name>-new-views"``.
    """
    battery = as_battery(battery if battery is not None else load_battery())
    ranges = {}
    for name, value, low, high in (("rotation", rotation, 0.0, 90.0), ("shear", shear, 0.0, 45.0),
                                   ("size", size, 0.05, 1.0)):
        try:
            a, b = (float(v) for v in value)
        except (TypeError, ValueError):
            raise ValueError(f"The {name!r} parameter of new_views must be a (low, high) pair. Got {value!r}.") from None
        check_range("new_views", name, a, low=low, high=high)
        check_range("new_views", name, b, low=a, high=high)
        ranges[name] = (a, b)
    if not isinstance(random_state, (int, np.integer)) or isinstance(random_state, bool):
        raise TypeError("The 'random_state' parameter of new_views must be an int (the views are cached under it). "
                        f"Got {random_state!r}.")
    key = key_of({"battery": battery.fingerprint, "ranges": ranges, "random_state": int(random_state),
                  "code": code_hash(transform_view)})
    folder = cache_dir() / "batteries" / f"{battery.name}-new-views-{key}"
    if not (folder / "items.csv").is_file():
        _build(battery, folder, ranges, int(random_state), progress)
    return load_battery(folder)


def _build(battery: Battery, folder: Path, ranges: dict, random_state: int, progress: bool) -> None:
    from tqdm.auto import tqdm

    rng = check_random_state(random_state)
    items = battery.items
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=folder.parent))
    try:
        (tmp / "images").mkdir()
        images, sources = [], []
        for _, row in tqdm(list(items.iterrows()), desc="new views", unit="picture", disable=not progress):
            draw = {name: float(rng.uniform(*ranges[name])) for name in ranges}
            signs = rng.choice([-1.0, 1.0], size=2)
            view = transform_view(open_picture(battery.root / row["image"]), signs[0] * draw["rotation"],
                                  signs[1] * draw["shear"], draw["size"])
            name = f"images/{row['item_id']}.png"
            view.save(tmp / name)
            images.append(name)
            sources.append(f"{row.get('source', '')}; new view: rotation {signs[0] * draw['rotation']:.1f} deg, "
                           f"shear {signs[1] * draw['shear']:.1f} deg, size {draw['size']:.2f}")
        items["image"] = images
        items["source"] = sources
        items.to_csv(tmp / "items.csv", index=False)
        for extra in ("ATTRIBUTION.md", "COPYING.GPL-2"):
            if (battery.root / extra).is_file():
                shutil.copy(battery.root / extra, tmp / extra)
        try:
            tmp.rename(folder)
        except OSError:  # another process finished first: keep its copy
            if not (folder / "items.csv").is_file():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
