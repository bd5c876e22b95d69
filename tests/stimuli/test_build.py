"""The battery build script's logic, on a small generated stamps tree."""

import numpy as np
import pytest
from PIL import Image

from cogsim.stimuli import load_battery
from cogsim.stimuli.build import build_battery, clean_name, item_id_for, read_stamp_names
from tests.conftest import make_picture


@pytest.fixture
def stamps(tmp_path):
    root = tmp_path / "stamps"
    (root / "animals").mkdir(parents=True)
    (root / "food").mkdir()
    specs = {
        "animals/robin.png": ((200, 80, 20), "A robin.\nja.utf8=コマドリ！\nfr.utf8=Un rouge-gorge."),
        "animals/wren.png": ((150, 100, 50), "A wren.\nja.utf8=ミソサザイ"),
        "food/lime.png": ((60, 200, 40), "A lime.\nde.utf8=Eine Limette."),
        "food/plum.png": ((120, 20, 140), None),
    }
    for rel, (rgb, txt) in specs.items():
        pic = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
        pic.alpha_composite(make_picture(rgb, size=120), (40, 30))  # off-centre, with margins
        pic.save(root / rel)
        if txt:
            (root / rel).with_suffix(".txt").write_text(txt + "\n", encoding="utf-8")
    selection = tmp_path / "selection.csv"
    selection.write_text(
        "source,specific,basic,domain,name_ja\n"
        "animals/robin.png,robin,bird,animal,\n"
        "animals/wren.png,wren,bird,animal,\n"
        "food/lime.png,lime,fruit,plant,\n"
        "food/plum.png,plum,fruit,plant,すもも\n",
        encoding="utf-8",
    )
    return root, selection


def test_build_writes_a_valid_battery(stamps, tmp_path):
    root, selection = stamps
    out = tmp_path / "out"
    items = build_battery(root, selection, out, size=64, category_names_ja={"bird": "とり"},
                          colour_domains={"plant"}, source_label="test", license="CC0", progress=False)
    battery = load_battery(out)
    assert battery.item_ids == ["robin", "wren", "lime", "plum"]
    table = items.set_index("item_id")
    assert table.at["robin", "name_ja"] == "コマドリ"        # from the stamp, cleaned
    assert table.at["plum", "name_ja"] == "すもも"           # selection override
    assert table.at["lime", "name_ja"] == "lime"            # no Japanese: falls back
    assert table.at["robin", "basic_ja"] == "とり" and table.at["lime", "basic_ja"] == "fruit"
    assert table.at["robin", "source"] == "test: animals/robin.png"
    assert (table["license"] == "CC0").all()
    assert table.at["robin", "colour_typicality"] == ""     # not a colour domain
    assert table.at["lime", "colour_typicality"] in {"typical", "atypical"}
    for item in battery:
        with Image.open(battery.path(item.item_id)) as im:
            assert im.mode == "RGBA" and max(im.size) == 64
            alpha = np.asarray(im.getchannel("A"))
            # cropped to the object: opaque pixels reach every border
            assert alpha[0].max() > 0 or alpha[:, 0].max() > 0


def test_build_refuses_to_overwrite(stamps, tmp_path):
    root, selection = stamps
    out = tmp_path / "out"
    build_battery(root, selection, out, size=32, progress=False)
    with pytest.raises(ValueError, match="exists; pass overwrite=True"):
        build_battery(root, selection, out, size=32, progress=False)
    build_battery(root, selection, out, size=32, progress=False, overwrite=True)


def test_build_names_missing_source(stamps, tmp_path):
    root, selection = stamps
    (root / "food" / "plum.png").unlink()
    with pytest.raises(ValueError, match=r"selection\.csv row 5: source picture .*plum\.png' does not exist"):
        build_battery(root, selection, tmp_path / "out", progress=False)


def test_stamp_names_and_cleaning(tmp_path):
    txt = tmp_path / "x.txt"
    txt.write_text("A duck.\nja.utf8=カモ。\nen_GB.utf8=A duck.\nbroken line\n", encoding="utf-8")
    names = read_stamp_names(txt)
    assert names == {"en": "A duck.", "ja": "カモ。", "en_GB": "A duck."}
    assert clean_name("  おおきな　ウサギ！ ") == "おおきな ウサギ"
    assert item_id_for("Hot-air  balloon") == "hot_air_balloon"
    with pytest.raises(ValueError, match="no letters or digits"):
        item_id_for("!!")


def test_a_selection_row_can_carry_its_own_license(stamps, tmp_path):
    root, selection = stamps
    text = selection.read_text(encoding="utf-8").splitlines()
    rows = [text[0] + ",license"] + [line + ("," if k else ",public-domain") for k, line in enumerate(text[1:])]
    selection.write_text("\n".join(rows) + "\n", encoding="utf-8")
    items = build_battery(root, selection, tmp_path / "out", size=32, license="CC0", progress=False).set_index("item_id")
    assert items.at["robin", "license"] == "public-domain"
    assert (items.drop(index="robin")["license"] == "CC0").all()


# --- Qt resource files (GCompris packs its pictures in them) --------------------------------------------------------
def _qt_resources(files: dict, version: int = 2, compress=()) -> bytes:
    """A Qt resource file holding *files* (``{"dir/sub/name": bytes}``), written the way Qt's rcc lays it out:
    breadth-first nodes, children of a directory contiguous, names in UTF-16 with a length and a hash."""
    import struct
    import zlib

    tree = {}
    for path, payload in files.items():
        *dirs, leaf = path.split("/")
        node = tree
        for d in dirs:
            node = node.setdefault(d, {})
        node[leaf] = payload
    names, name_offsets = bytearray(), {}

    def name_offset(name):
        if name not in name_offsets:
            name_offsets[name] = len(names)
            names.extend(struct.pack(">HI", len(name), 0) + name.encode("utf-16-be"))
        return name_offsets[name]

    nodes, blobs = [], bytearray()
    queue = [("", tree, 0)]
    nodes.append(None)
    while queue:
        name, children, index = queue.pop(0)
        first = len(nodes)
        ordered = sorted(children.items())
        nodes[index] = ("dir", name, len(ordered), first)
        nodes.extend([None] * len(ordered))
        for k, (child, value) in enumerate(ordered):
            if isinstance(value, dict):
                queue.append((child, value, first + k))
            else:
                stored = value
                flags = 0
                if child in compress:
                    stored, flags = struct.pack(">I", len(value)) + zlib.compress(value), 1
                nodes[first + k] = ("file", child, flags, len(blobs))
                blobs.extend(struct.pack(">I", len(stored)) + stored)
    packed = bytearray()
    for kind, name, a, b in nodes:
        offset = name_offset(name) if name else 0
        if kind == "dir":
            packed.extend(struct.pack(">IHII", offset, 2, a, b))
        else:
            packed.extend(struct.pack(">IHHHI", offset, a, 0, 0, b))
        if version > 1:
            packed.extend(struct.pack(">Q", 0))
    header = 20
    tree_at, blobs_at = header, header + len(packed)
    names_at = blobs_at + len(blobs)
    return (b"qres" + struct.pack(">IIII", version, tree_at, blobs_at, names_at) + bytes(packed) + bytes(blobs)
            + bytes(names))


@pytest.mark.parametrize("version", [1, 2])
def test_qt_resources_are_read_back_whole_compressed_or_not(tmp_path, version):
    from cogsim.stimuli.build import read_qt_resources

    files = {"gcompris/lang/dog.webp": b"\x00dog" * 50, "gcompris/lang/cat.webp": b"cat",
             "gcompris/other/deep/x.txt": "ねこ".encode("utf-8"), "top.bin": bytes(range(256))}
    path = tmp_path / "test.rcc"
    path.write_bytes(_qt_resources(files, version=version, compress={"dog.webp", "x.txt"}))
    assert read_qt_resources(path) == {"/" + k: v for k, v in files.items()}


def test_qt_resources_refuse_other_and_damaged_files_by_name(tmp_path):
    from cogsim.stimuli.build import read_qt_resources

    other = tmp_path / "picture.png"
    other.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
    with pytest.raises(ValueError, match=r"picture\.png is not a Qt resource file"):
        read_qt_resources(other)
    whole = _qt_resources({"a/b.bin": bytes(100)})
    cut = tmp_path / "cut.rcc"
    cut.write_bytes(whole[:-30])
    with pytest.raises(ValueError, match=r"cut\.rcc is truncated"):
        read_qt_resources(cut)
