"""Draw docs/images/new_views.png: trained pictures above their new views (cogsim.stimuli.new_views).

    python tools/new_views_figure.py
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from cogsim import load_battery  # noqa: E402
from cogsim.stimuli import composite, new_views, open_picture  # noqa: E402

ITEMS = ["chicken", "camel", "elephant", "strawberry", "guitar"]


def main() -> None:
    battery = load_battery()
    views = new_views(battery, random_state=0)
    fig, axes = plt.subplots(2, len(ITEMS), figsize=(2 * len(ITEMS), 4.3))
    for k, item in enumerate(ITEMS):
        for r, (source, label) in enumerate(((battery, "trained"), (views, "new view"))):
            row = source.items.set_index("item_id").loc[item]
            axes[r, k].imshow(composite(open_picture(source.root / row["image"])))
            axes[r, k].set_xticks([])
            axes[r, k].set_yticks([])
            if k == 0:
                axes[r, k].set_ylabel(label)
        axes[0, k].set_title(item, fontsize=10)
    fig.tight_layout()
    out = Path(__file__).resolve().parent.parent / "docs" / "images" / "new_views.png"
    fig.savefig(out, dpi=80)
    print(out)


if __name__ == "__main__":
    main()
