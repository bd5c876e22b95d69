"""The README's Python example runs as written (with a generated folder for 'my battery')."""

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_example_runs(tiny_battery_dir):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert blocks, "README has no Python example"
    for code in blocks:
        code = code.replace('"path/to/my_battery"', repr(str(tiny_battery_dir)))
        namespace: dict = {}
        exec(compile(code, str(README), "exec"), namespace)
    assert namespace["probs"].item.shape[0] == len(namespace["battery"])
