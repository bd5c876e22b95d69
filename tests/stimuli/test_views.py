"""New views of known items: the transformation checked geometrically, the cached battery, and compare_views."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from cogsim import load_battery
from cogsim.analysis import compare_views
from cogsim.stimuli import new_views, transform_view


def _bar(width=60, height=20, side=100, rgb=(200, 30, 30)):
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    image.paste(Image.new("RGBA", (width, height), (*rgb, 255)), ((side - width) // 2, (side - height) // 2))
    return image


def _box(image):
    return image.getchannel("A").point(lambda a: 255 if a > 127 else 0).getbbox()


def test_size_sets_the_longer_side_and_centres_the_object():
    view = transform_view(_bar(), rotation=0, shear=0, size=0.5)
    left, top, right, bottom = _box(view)
    assert view.size == (100, 100)
    assert right - left == pytest.approx(50, abs=2)
    assert bottom - top == pytest.approx(50 * 20 / 60, abs=2)
    assert (left + right) / 2 == pytest.approx(50, abs=1.5) and (top + bottom) / 2 == pytest.approx(50, abs=1.5)


def test_rotation_turns_the_object_and_shear_slants_it():
    upright = transform_view(_bar(), rotation=90, shear=0, size=0.6)
    left, top, right, bottom = _box(upright)
    assert bottom - top > 2 * (right - left)  # a wide bar turned by 90° is tall
    # A square sheared by 20°: its rows shift in proportion to height, so its box widens by tan(20°)·height.
    sheared = transform_view(_bar(40, 40), rotation=0, shear=20, size=1.0)
    a = np.asarray(sheared.getchannel("A")) > 127
    rows = [np.flatnonzero(r).mean() for r in a if r.any()]
    assert abs(rows[0] - rows[-1]) > 10


def test_colours_are_untouched():
    view = np.asarray(transform_view(_bar(rgb=(20, 160, 60)), rotation=33, shear=-15, size=0.6))
    opaque = view[view[..., 3] == 255][:, :3]
    assert len(opaque) > 100
    assert np.abs(np.median(opaque, axis=0) - [20, 160, 60]).max() <= 2


def test_new_views_keep_the_items_and_change_the_pictures(tmp_path, monkeypatch):
    from tests.conftest import write_battery

    monkeypatch.setenv("COGSIM_CACHE_DIR", str(tmp_path / "cache"))
    battery = load_battery(write_battery(tmp_path / "tiny"))
    before = sorted(p.name for p in (tmp_path / "tiny").rglob("*"))
    views = new_views(battery, random_state=1)
    assert views.item_ids == battery.item_ids
    pd.testing.assert_frame_equal(views.items.drop(columns=["image", "source"], errors="ignore"),
                                  battery.items.drop(columns=["image", "source"], errors="ignore"))
    assert views.fingerprint != battery.fingerprint
    assert str(views.root).startswith(str(tmp_path / "cache"))
    assert sorted(p.name for p in (tmp_path / "tiny").rglob("*")) == before  # nothing written beside the battery
    assert all("new view: rotation" in s for s in views.items["source"])
    stamp = (views.root / "items.csv").stat().st_mtime_ns
    again = new_views(battery, random_state=1)
    assert again.root == views.root and (views.root / "items.csv").stat().st_mtime_ns == stamp
    assert new_views(battery, random_state=2).fingerprint != views.fingerprint
    with pytest.raises(ValueError, match="'rotation' parameter"):
        new_views(battery, rotation=(30, 10))
    with pytest.raises(TypeError, match="must be an int"):
        new_views(battery, random_state=None)


def test_compare_views_against_hand_computed_values():
    def trials(patient, session, severity, accuracy, n=20):
        return [{"patient": patient, "session": session, "severity": severity,
                 "lesion": "none" if severity == 0 else "UnitAblation", "paradigm": "picture_naming",
                 "correct": int(k < accuracy * n), "error": ""} for k in range(n)]

    trained = pd.DataFrame(trials("P1", 1, 0.0, 1.0) + trials("P2", 1, 0.0, 1.0)
                           + trials("P1", 2, 0.5, 0.6) + trials("P2", 2, 0.5, 0.7))
    new = pd.DataFrame(trials("P1", 1, 0.0, 0.9) + trials("P2", 1, 0.0, 1.0)
                       + trials("P1", 2, 0.5, 0.4) + trials("P2", 2, 0.5, 0.4))
    out = compare_views(trained, new).set_index("stage")
    assert list(out.index) == ["control", "mild"]
    assert out.loc["control", "trained"] == 1.0 and out.loc["control", "new_views"] == pytest.approx(0.95)
    assert out.loc["mild", "difference"] == pytest.approx(-0.25)
    half = 12.706204736 * np.std([-0.2, -0.3], ddof=1) / np.sqrt(2)
    assert out.loc["mild", "ci_low"] == pytest.approx(-0.25 - half)
    with pytest.raises(ValueError, match="share no patient-session"):
        compare_views(trained, new.assign(patient="P9"))
