"""Every Python example in docs/ runs as written, so the documentation cannot rot."""

import re
from pathlib import Path

import matplotlib
import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "```python" in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_docs_examples_run(page, tmp_path, monkeypatch, tiny_battery_dir):
    matplotlib.use("Agg")
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    from cogsim.analysis.baselines import _BASELINE_REGISTRY
    from cogsim.analysis.signatures import _SIGNATURE_CHECKS
    from cogsim.lesions.base import _LESIONS
    from cogsim.paradigms.base import _PARADIGMS
    from cogsim.patients.backbones import _BACKBONES

    registries = (_LESIONS, _PARADIGMS, _SIGNATURE_CHECKS, _BACKBONES, _BASELINE_REGISTRY)
    saved = [(r, r.snapshot()) for r in registries]  # pages that register things leave no trace
    namespace: dict = {}
    try:
        for code in re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S):
            code = code.replace('"path/to/my_battery"', repr(str(tiny_battery_dir)))
            exec(compile(code, str(page), "exec"), namespace)
    finally:
        for registry, entries in saved:
            registry.restore(entries)
