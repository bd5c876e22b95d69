"""Shared fixtures: small generated batteries, so most tests need no bundled data."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

# (item_id, specific, basic, domain, rgb)
TINY_ITEMS = [
    ("robin", "robin", "bird", "animal", (200, 60, 30)),
    ("crow", "crow", "bird", "animal", (20, 20, 20)),
    ("cod", "cod", "fish", "animal", (90, 120, 200)),
    ("trout", "trout", "fish", "animal", (140, 110, 60)),
    ("apple", "apple", "fruit", "plant", (210, 20, 20)),
    ("lime", "lime", "fruit", "plant", (60, 200, 40)),
    ("hammer", "hammer", "tool", "artefact", (120, 90, 60)),
    ("saw", "saw", "tool", "artefact", (160, 160, 160)),
]


def make_picture(rgb, size=24, *, outline=True) -> Image.Image:
    """An RGBA disc of colour *rgb* with a black outline on a transparent background."""
    yy, xx = np.mgrid[:size, :size]
    r = np.hypot(yy - size / 2 + 0.5, xx - size / 2 + 0.5)
    array = np.zeros((size, size, 4), dtype=np.uint8)
    inside = r < size * 0.42
    array[inside, :3] = rgb
    array[inside, 3] = 255
    if outline:
        ring = (r >= size * 0.36) & (r < size * 0.42)
        array[ring, :3] = 0
    return Image.fromarray(array, "RGBA")


def write_battery(folder: Path, items=TINY_ITEMS, *, extra_columns=None) -> Path:
    """Write a battery folder with one generated picture per item; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pics").mkdir(exist_ok=True)
    rows = []
    for item_id, specific, basic, domain, rgb in items:
        make_picture(rgb).save(folder / "pics" / f"{item_id}.png")
        row = {"item_id": item_id, "specific": specific, "basic": basic, "domain": domain,
               "image": f"pics/{item_id}.png"}
        row.update((extra_columns or {}).get(item_id, {}))
        rows.append(row)
    fields = list(dict.fromkeys(k for row in rows for k in row))
    with open(folder / "items.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return folder


def rewrite_manifest(folder: Path, edit) -> None:
    """Apply *edit* to a battery folder's manifest rows (a list of dicts) and write them back."""
    with open(folder / "items.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows = edit(rows)
    with open(folder / "items.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def tiny_battery_dir(tmp_path) -> Path:
    return write_battery(tmp_path / "tiny")


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory):
    """Tests never write into the user's cache: one temporary cache folder per session."""
    import os

    old = {k: os.environ.get(k) for k in ("COGSIM_CACHE_DIR", "COGSIM_OFFLINE")}
    os.environ["COGSIM_CACHE_DIR"] = str(tmp_path_factory.mktemp("cogsim-cache"))
    os.environ["COGSIM_OFFLINE"] = "1"  # tests never touch the network; download tests use a fake download
    yield
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def contract():
    """The generated 8-item battery of the contract checks (3 domains, every norm, colour and attributes)."""
    from cogsim.checks import contract_battery

    return contract_battery()


@pytest.fixture(scope="session")
def tiny_battery(tmp_path_factory):
    from cogsim.stimuli import load_battery

    return load_battery(write_battery(tmp_path_factory.mktemp("tinyb") / "tiny"))


@pytest.fixture(scope="session")
def tiny_patient(tiny_battery):
    """A random-weight tiny_cnn patient on the generated battery: builds in well under a second."""
    from cogsim.patients import HubConfig, TrainingConfig, build_patient

    return build_patient(tiny_battery, backbone="tiny_cnn", backbone_weights=None, hub=HubConfig(hidden=(16,)),
                         training=TrainingConfig(augmentations=2, epochs=200), random_state=1, progress=False)


@pytest.fixture(scope="session")
def default_battery():
    """The bundled battery (integration tests)."""
    from cogsim.stimuli import load_battery

    return load_battery()


@pytest.fixture(scope="session")
def default_patient(default_battery):
    """The default pretrained patient, built once per test session into the session's cache."""
    from cogsim.patients import build_patient

    return build_patient(default_battery, progress=False)
