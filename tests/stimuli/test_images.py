import numpy as np
import pytest
from PIL import Image

from cogsim.stimuli import colour_stats, composite, hue_distance, recolour
from cogsim.stimuli.colour import colour_typicality, typical_hue
from tests.conftest import make_picture


def test_composite_backgrounds():
    pic = make_picture((200, 0, 0))
    assert composite(pic, "white").getpixel((0, 0)) == (255, 255, 255)
    assert composite(pic, (10, 20, 30)).getpixel((0, 0)) == (10, 20, 30)
    assert composite(pic, "#808080").getpixel((12, 12)) == (200, 0, 0)
    assert composite(pic, None).mode == "RGBA"


@pytest.mark.parametrize("bad", ["notacolour", (1, 2), (0, 0, 256), 5])
def test_composite_rejects_bad_backgrounds(bad):
    with pytest.raises((ValueError, TypeError), match="background"):
        composite(make_picture((1, 2, 3)), bad)


def test_colour_stats_of_plain_colours():
    green = colour_stats(Image.new("RGB", (6, 6), (0, 180, 0)))
    assert green.chromatic and green.chromatic_fraction == 1.0
    np.testing.assert_allclose(green.dominant_hue, 120.0, atol=1e-6)
    grey = colour_stats(Image.new("RGB", (6, 6), (128, 128, 128)))
    assert not grey.chromatic and np.isnan(grey.dominant_hue)
    clear = colour_stats(Image.new("RGBA", (6, 6), (255, 0, 0, 0)))
    assert clear.chromatic_fraction == 0.0


def test_dominant_hue_wraps_around_red():
    array = np.zeros((10, 10, 3), dtype=np.uint8)
    array[:, :5] = (255, 0, 30)    # hue ~353
    array[:, 5:] = (255, 30, 0)    # hue ~7
    hue = colour_stats(Image.fromarray(array)).dominant_hue
    assert hue_distance(hue, 0.0) < 8.0


@pytest.mark.parametrize("target", [0.0, 45.0, 120.0, 240.0, 300.0])
def test_recolour_moves_dominant_hue(target):
    pic = make_picture((200, 40, 40))
    out = recolour(pic, target)
    assert hue_distance(colour_stats(out).dominant_hue, target) < 3.0


def test_recolour_leaves_outline_grey_and_alpha_alone():
    pic = make_picture((30, 160, 60))
    array = np.asarray(pic).copy()
    array[0:3, 10:14, :] = (128, 128, 128, 255)  # a grey patch
    pic = Image.fromarray(array, "RGBA")
    out = np.asarray(recolour(pic, 300.0))
    before = np.asarray(pic)
    achromatic = (before[..., :3].max(-1) - before[..., :3].min(-1)) < 10
    assert np.array_equal(out[achromatic], before[achromatic])
    assert np.array_equal(out[..., 3], before[..., 3])
    assert not np.array_equal(out, before)


def test_recolour_is_deterministic_and_pure():
    pic = make_picture((200, 120, 10))
    copy = pic.copy()
    a, b = recolour(pic, 100.0), recolour(pic, 100.0)
    assert np.array_equal(np.asarray(a), np.asarray(b))
    assert np.array_equal(np.asarray(pic), np.asarray(copy))


def test_recolour_to_own_hue_is_nearly_identity():
    pic = make_picture((180, 90, 20))
    out = recolour(pic, colour_stats(pic).dominant_hue)
    assert np.abs(np.asarray(out).astype(int) - np.asarray(pic).astype(int)).max() <= 1


def test_recolour_refuses_achromatic_picture():
    with pytest.raises(ValueError, match="without chromatic pixels"):
        recolour(make_picture((90, 90, 90)), 120.0)
    with pytest.raises(TypeError, match="target_hue"):
        recolour(make_picture((200, 0, 0)), "green")


def test_typical_hue_and_typicality():
    histograms = [colour_stats(Image.new("RGB", (4, 4), c)).histogram
                  for c in [(0, 200, 0), (20, 200, 0), (200, 0, 0)]]
    hue = typical_hue(histograms)
    assert 100 <= hue <= 125
    assert colour_typicality(110.0, hue) == "typical"
    assert colour_typicality(0.0, hue) == "atypical"
    assert colour_typicality(float("nan"), hue) == ""
    assert np.isnan(typical_hue([]))
