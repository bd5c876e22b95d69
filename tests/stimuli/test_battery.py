import re

import numpy as np
import pytest
from PIL import Image

import cogsim
from cogsim.stimuli import COLOUR_COLUMNS, Battery, list_batteries, load_battery, read_manifest
from tests.conftest import TINY_ITEMS, make_picture, write_battery
from tests.conftest import rewrite_manifest as _rewrite


# --- the bundled battery --------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled():
    return load_battery()


def test_bundled_battery_meets_the_design(bundled):
    items = bundled.items
    assert len(items) >= 96
    assert items["domain"].nunique() >= 3
    sizes = items.groupby("basic").size()
    assert (sizes >= 6).sum() >= 10
    typicality = items["colour_typicality"].value_counts()
    assert typicality["typical"] >= 12 and typicality["atypical"] >= 12
    assert set(items.loc[items["colour_typicality"] != "", "domain"]) <= {"animal", "fruit_vegetable"}
    # Hodges, Graham & Patterson (1995) birds that the source has
    birds = set(items.loc[items["basic"] == "bird", "specific"])
    assert {"chicken", "duck", "ostrich", "peacock", "penguin", "rooster"} <= birds


def test_bundled_battery_every_image_loads_as_rgba_256(bundled):
    for item in bundled:
        with Image.open(bundled.path(item.item_id)) as im:
            assert im.mode == "RGBA"
            assert max(im.size) == 256
            alpha = np.asarray(im.getchannel("A"))
            assert alpha.min() == 0, f"{item.item_id} has no transparent pixel"


def test_bundled_battery_names_and_provenance(bundled):
    items = bundled.items
    for column in ("name_en", "name_ja", "basic_ja", "domain_ja", "source", "license"):
        assert (items[column] != "").all(), column
    assert (items["license"] == "GPL-2.0-or-later").all()
    assert items.set_index("item_id").at["penguin", "name_ja"] == "ペンギン"
    assert (bundled.root / "ATTRIBUTION.md").is_file()
    assert (bundled.root / "COPYING.GPL-2").is_file()


def test_list_batteries_and_default():
    assert "tuxpaint" in list_batteries()
    assert load_battery().name == "tuxpaint"
    assert cogsim.load_battery is load_battery


def test_repr_and_iteration(bundled):
    text = repr(bundled)
    assert text.startswith("<Battery 'tuxpaint': ") and "domains" in text
    first = next(iter(bundled))
    assert first.item_id == bundled.item_ids[0]
    assert len(list(bundled)) == len(bundled)
    assert first.item_id in bundled and "no-such-item" not in bundled


def test_items_is_a_copy(bundled):
    items = bundled.items
    items.loc[0, "specific"] = "changed"
    assert bundled.items.loc[0, "specific"] != "changed"


def test_image_background_and_size(bundled):
    item = bundled.item_ids[0]
    rgba = bundled.image(item, background=None)
    assert rgba.mode == "RGBA"
    white = bundled.image(item, size=64)
    assert white.mode == "RGB" and white.size == (64, 64)
    black = bundled.image(item, background=(0, 0, 0), size=64)
    assert white.getpixel((0, 0)) == (255, 255, 255) and black.getpixel((0, 0)) == (0, 0, 0)
    tensor = bundled.tensor(item, size=32)
    assert tuple(tensor.shape) == (3, 32, 32)
    assert 0.0 <= float(tensor.min()) and float(tensor.max()) <= 1.0


def test_unknown_item_error(bundled):
    with pytest.raises(ValueError, match=r"Battery 'tuxpaint' has no item 'unicorn'"):
        bundled.image("unicorn")


def test_fingerprint_changes_with_an_image(tiny_battery_dir):
    before = load_battery(tiny_battery_dir).fingerprint
    assert load_battery(tiny_battery_dir).fingerprint == before
    make_picture((1, 2, 3)).save(tiny_battery_dir / "pics" / "cod.png")
    assert load_battery(tiny_battery_dir).fingerprint != before


def test_subset_keeps_order(tiny_battery_dir):
    battery = load_battery(tiny_battery_dir)
    sub = battery.subset(["saw", "robin"])
    assert sub.item_ids == ["saw", "robin"]
    with pytest.raises(ValueError, match="has no item 'nope'"):
        battery.subset(["nope"])


# --- user batteries ---------------------------------------------------------------------

def test_user_battery_gets_optional_columns_filled(tiny_battery_dir):
    battery = load_battery(tiny_battery_dir)
    assert isinstance(battery, Battery)
    items = battery.items
    assert list(items["item_id"]) == [row[0] for row in TINY_ITEMS]
    assert (items["name_en"] == items["specific"]).all()
    assert (items["name_ja"] == items["specific"]).all()
    assert all(c in items.columns for c in COLOUR_COLUMNS)
    by_id = items.set_index("item_id")
    assert not by_id.at["crow", "chromatic"]  # black disc
    assert by_id.at["lime", "chromatic"]
    np.testing.assert_allclose(by_id.at["lime", "dominant_hue"], 112.5, atol=2.0)
    assert by_id.at["crow", "colour_typicality"] == ""


def test_user_battery_colour_domains(tiny_battery_dir):
    items = load_battery(tiny_battery_dir, colour_domains={"plant"}).items.set_index("item_id")
    assert items.at["apple", "colour_typicality"] in {"typical", "atypical"}
    assert items.at["robin", "colour_typicality"] == ""


def test_user_battery_keeps_given_names(tmp_path):
    folder = write_battery(tmp_path / "b", extra_columns={"robin": {"name_ja": "コマドリ"}})
    items = load_battery(folder).items.set_index("item_id")
    assert items.at["robin", "name_ja"] == "コマドリ"
    assert items.at["crow", "name_ja"] == "crow"


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda rows: [{k: v for k, v in r.items() if k != "basic"} for r in rows],
         "items.csv is missing required column(s) 'basic'."),
        (lambda rows: rows[:2] + [dict(rows[2], item_id="robin")] + rows[3:],
         "items.csv row 4 (item 'robin'): duplicate item_id, already used in row 2."),
        (lambda rows: rows[:3] + [dict(rows[3], domain="plant")] + rows[4:],
         "items.csv row 5 (item 'trout'): basic 'fish' is under domain 'plant' here but under "
         "'animal' in row 4; each basic name must have one domain."),
        (lambda rows: rows[:1] + [dict(rows[1], specific="robin")] + rows[2:],
         "items.csv row 3 (item 'crow'): specific name 'robin' is already the name of row 2"),
        (lambda rows: rows[:1] + [dict(rows[1], specific="bird")] + rows[2:],
         "items.csv: the name 'bird' is used both as a specific name and as a basic name"),
        (lambda rows: rows[:1] + [dict(rows[1], domain="")] + rows[2:],
         "items.csv row 3 (item 'crow'): empty value in required column(s) 'domain'."),
        (lambda rows: rows[:5] + [dict(rows[5], image="pics/missing.png")] + rows[6:],
         "items.csv row 7 (item 'lime'): image 'pics/missing.png' does not exist"),
    ],
)
def test_broken_manifest_names_row_and_file(tiny_battery_dir, edit, message):
    _rewrite(tiny_battery_dir, edit)
    with pytest.raises(ValueError) as info:
        load_battery(tiny_battery_dir)
    assert message in str(info.value)


def test_all_problems_are_reported_at_once(tiny_battery_dir):
    _rewrite(tiny_battery_dir, lambda rows: [dict(r, image=f"nope_{r['item_id']}.png") for r in rows])
    with pytest.raises(ValueError) as info:
        load_battery(tiny_battery_dir)
    text = str(info.value)
    assert text.startswith(f"{tiny_battery_dir / 'items.csv'} has {len(TINY_ITEMS)} problems:")
    assert "row 9 (item 'saw')" in text


def test_corrupt_image_names_row_and_file(tiny_battery_dir):
    (tiny_battery_dir / "pics" / "cod.png").write_bytes(b"\x89PNG\r\n\x1a\n not really a png")
    with pytest.raises(ValueError, match=re.escape("items.csv row 4 (item 'cod'): image 'pics/cod.png' cannot be read")):
        load_battery(tiny_battery_dir)


def test_truncated_image_is_caught(tiny_battery_dir):
    path = tiny_battery_dir / "pics" / "cod.png"
    make_picture((10, 200, 10), size=200).save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match=re.escape("(item 'cod'): image 'pics/cod.png' cannot be read")):
        load_battery(tiny_battery_dir)


def test_unsupported_mode(tiny_battery_dir):
    Image.new("CMYK", (8, 8)).save(tiny_battery_dir / "pics" / "cod.tif")
    _rewrite(tiny_battery_dir, lambda rows: [dict(r, image="pics/cod.tif") if r["item_id"] == "cod" else r for r in rows])
    with pytest.raises(ValueError, match=re.escape("(item 'cod'): image 'pics/cod.tif' has mode 'CMYK', which cogsim does not support")):
        load_battery(tiny_battery_dir)


def test_empty_battery(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "items.csv").write_text("item_id,specific,basic,domain,image\n", encoding="utf-8")
    with pytest.raises(ValueError, match="has a header but no rows: the battery has no items"):
        load_battery(folder)
    (folder / "items.csv").write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="is empty: the battery has no items"):
        load_battery(folder)


def test_missing_folder_and_manifest(tmp_path):
    with pytest.raises(ValueError, match="is neither a bundled battery"):
        load_battery(tmp_path / "nowhere")
    with pytest.raises(ValueError, match="has no items.csv"):
        load_battery(tmp_path)


def test_bad_colour_metadata_is_reported(tiny_battery_dir):
    def edit(rows):
        out = []
        for r in rows:
            r = dict(r, dominant_hue="10", chromatic_fraction="0.5", chromatic="true",
                     domain_typical_hue="20", colour_typicality="typical")
            if r["item_id"] == "saw":
                r.update(dominant_hue="reddish", chromatic="maybe", colour_typicality="odd")
            out.append(r)
        return out

    _rewrite(tiny_battery_dir, edit)
    with pytest.raises(ValueError) as info:
        read_manifest(tiny_battery_dir)
    text = str(info.value)
    assert "row 9 (item 'saw'): dominant_hue must be a number, got 'reddish'." in text
    assert "chromatic must be true or false, got 'maybe'." in text
    assert "colour_typicality must be 'typical', 'atypical' or empty, got 'odd'." in text


def test_the_clipart_battery_draws_the_tuxpaint_batterys_concepts_from_other_sources():
    clipart, tuxpaint = load_battery("clipart"), load_battery("tuxpaint")
    assert "clipart" in list_batteries()
    own, reference = clipart.items.set_index("item_id"), tuxpaint.items.set_index("item_id")
    assert len(own) >= 60 and set(own.index) <= set(reference.index)
    same = ["specific", "basic", "domain", "name_en", "name_ja", "basic_ja", "domain_ja", "freq_en", "freq_ja"]
    same += [c for c in reference.columns if c.startswith("attr_")]
    assert (own[same] == reference.loc[own.index, same]).all().all()
    assert set(own["license"]) == {"CC-BY-SA-3.0", "public-domain"}
    assert own["source"].str.startswith("Debian packages: ").all()
    assert not own["source"].str.contains("tuxpaint").any()
    animals = own[own["domain"] == "animal"]
    assert set(animals["facing"]) <= {"left", "right", "front"} and (animals["facing"] != "front").sum() >= 16
    assert (clipart.root / "ATTRIBUTION.md").is_file()
    for item in clipart:
        with Image.open(clipart.path(item.item_id)) as im:
            assert im.mode == "RGBA" and max(im.size) == 256
            assert np.asarray(im.getchannel("A")).min() == 0, f"{item.item_id} has no transparent pixel"
