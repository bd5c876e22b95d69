"""Hostile battery files: each gives a clear error naming the file and row, or a correct result."""

from __future__ import annotations

import csv
import os
import re
import struct
import zlib

import pytest
from PIL import Image

from cogsim.stimuli import MAX_PIXELS, WORKING_SIDE, load_battery, open_picture
from tests.conftest import TINY_ITEMS, make_picture, write_battery
from tests.conftest import rewrite_manifest as _rewrite


def _image_of(item, path):
    return lambda rows: [dict(r, image=path) if r["item_id"] == item else r for r in rows]


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height (its pixel data is a stub): tiny on disk, huge decoded."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


@pytest.fixture
def battery_dir(tmp_path):
    return write_battery(tmp_path / "b")


def test_absolute_image_path_is_refused(battery_dir):
    outside = battery_dir.parent / "elsewhere.png"
    make_picture((1, 2, 3)).save(outside)
    _rewrite(battery_dir, _image_of("cod", str(outside)))
    with pytest.raises(ValueError, match=re.escape("items.csv row 4 (item 'cod'): image") + ".*is an absolute path"):
        load_battery(battery_dir)
    assert len(load_battery(battery_dir, allow_outside=True)) == len(TINY_ITEMS)   # the user's explicit opt-out


def test_parent_path_leaving_the_folder_is_refused(battery_dir):
    _rewrite(battery_dir, _image_of("cod", "../../../../../../etc/passwd"))
    with pytest.raises(ValueError, match=r"\(item 'cod'\): image '\.\./.*/etc/passwd' leads outside the battery folder"):
        load_battery(battery_dir)


def test_symlink_to_a_device_is_refused(battery_dir):
    os.symlink("/dev/zero", battery_dir / "pics" / "zero.png")
    _rewrite(battery_dir, _image_of("cod", "pics/zero.png"))
    with pytest.raises(ValueError, match=r"image 'pics/zero\.png' leads outside the battery folder \(to '/dev/zero'\)"):
        load_battery(battery_dir)
    with pytest.raises(ValueError, match=r"image 'pics/zero\.png' is not a regular file"):
        load_battery(battery_dir, allow_outside=True)


def test_folder_named_like_a_picture_is_refused(battery_dir):
    (battery_dir / "pics" / "x.png").mkdir()
    _rewrite(battery_dir, _image_of("cod", "pics/x.png"))
    with pytest.raises(ValueError, match=r"\(item 'cod'\): image 'pics/x\.png' is a folder, not a picture file"):
        load_battery(battery_dir)


def test_symlink_inside_the_folder_is_fine(battery_dir):
    os.symlink(battery_dir / "pics" / "cod.png", battery_dir / "pics" / "cod_link.png")
    _rewrite(battery_dir, _image_of("cod", "pics/cod_link.png"))
    assert len(load_battery(battery_dir)) == len(TINY_ITEMS)


@pytest.mark.parametrize("side", [10_000, 20_000])
def test_picture_above_the_pixel_limit_is_refused_without_decoding(battery_dir, side):
    (battery_dir / "pics" / "cod.png").write_bytes(png_header(side, side))
    assert (battery_dir / "pics" / "cod.png").stat().st_size < 1000
    with pytest.raises(ValueError, match=re.escape("items.csv row 4 (item 'cod'): image 'pics/cod.png' is ")
                       + r"(.*more than cogsim's limit of 40,000,000|too large to decode safely)"):
        load_battery(battery_dir)
    with pytest.raises(ValueError, match=re.escape(str(battery_dir / "pics" / "cod.png"))):
        open_picture(battery_dir / "pics" / "cod.png")
    assert side * side > MAX_PIXELS


def test_large_but_sane_picture_is_reduced_before_use(battery_dir):
    big = make_picture((200, 60, 30), size=3000)
    big.save(battery_dir / "pics" / "robin.png")
    battery = load_battery(battery_dir)
    assert max(open_picture(battery.path("robin")).size) == WORKING_SIDE
    assert battery.items.set_index("item_id").loc["robin", "chromatic"]     # colour measured on the reduced picture
    assert battery.image("robin", size=32).size == (32, 32)


def test_many_rows_on_one_picture_are_refused(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    make_picture((5, 5, 5)).save(folder / "one.png")
    with open(folder / "items.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["item_id", "specific", "basic", "domain", "image"])
        writer.writerows([[f"i{k}", f"thing{k}", "stuff", "things", "one.png"] for k in range(10_000)])
    with pytest.raises(ValueError) as info:
        load_battery(folder)
    text = str(info.value)
    assert "has 9999 problems" in text and "its picture 'one.png' is already the picture of row 2" in text
    assert "... and 9979 more" in text


def test_same_picture_by_two_spellings_is_refused(battery_dir):
    _rewrite(battery_dir, _image_of("cod", "pics/./robin.png"))
    with pytest.raises(ValueError, match=r"\(item 'cod'\): its picture .* is already the picture of row 2"):
        load_battery(battery_dir)


def test_battery_argument_types():
    with pytest.raises(TypeError, match="The 'name_or_path' parameter must be a bundled battery name or a folder. "
                                        "Got int instead."):
        load_battery(3)
    with pytest.raises(ValueError, match="is neither a bundled battery"):
        load_battery("no_such_battery")


def test_one_item_battery_cannot_make_a_patient(tmp_path):
    from cogsim.patients import build_patient

    folder = write_battery(tmp_path / "one", TINY_ITEMS[:1])
    with pytest.raises(ValueError, match="A patient needs a battery of at least 2 items.*has 1"):
        build_patient(folder, backbone="tiny_cnn", backbone_weights=None, progress=False)


def test_colour_minimum_per_domain(tmp_path):
    """A domain's typical colour needs two chromatic items: computed metadata leaves a lone item out;
    given metadata that claims one is refused by the paradigm, with the remedy."""
    from cogsim.paradigms import ColourJudgment

    battery = load_battery(write_battery(tmp_path / "c", TINY_ITEMS))
    items = battery.items.set_index("item_id")
    assert items.loc["hammer", "colour_typicality"] == ""          # the only chromatic artefact
    folder = tmp_path / "given"
    write_battery(folder, TINY_ITEMS)
    table = battery.items
    table.loc[table["item_id"] == "hammer", "colour_typicality"] = "typical"
    table.to_csv(folder / "items.csv", index=False)
    with pytest.raises(ValueError, match="needs at least 2 chromatic items in each domain it tests.*1 in domain "
                                         "'artefact'.*colour_domains"):
        ColourJudgment().check_battery(load_battery(folder))


def test_battery_summary_of_a_bad_folder_is_one_line(battery_dir, capsys):
    from cogsim.cli import main

    (battery_dir / "pics" / "cod.png").write_bytes(png_header(20_000, 20_000))
    assert main(["battery", str(battery_dir)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cogsim: error: items.csv row 4 (item 'cod')") and "Traceback" not in err


def test_png_with_a_lying_header_is_a_clear_error(battery_dir):
    (battery_dir / "pics" / "cod.png").write_bytes(png_header(64, 64))
    with pytest.raises(ValueError, match=r"\(item 'cod'\): image 'pics/cod\.png' cannot be read"):
        load_battery(battery_dir)


def test_image_mode_that_cannot_be_converted(battery_dir):
    Image.new("I;16", (8, 8)).save(battery_dir / "pics" / "cod.png")
    with pytest.raises(ValueError, match=r"\(item 'cod'\): image 'pics/cod\.png' has mode"):
        load_battery(battery_dir)
