"""Each figure function returns a matplotlib Figure drawn from the results it is given."""

import pytest
from matplotlib.figure import Figure

from cogsim.analysis import plot_colour, plot_matching, plot_naming_profile, plot_naming_table, plot_verification
from cogsim.lesions import UnitAblation, progression
from cogsim.paradigms import get_paradigm, list_paradigms


@pytest.fixture(scope="module")
def results(tiny_patient, tiny_battery):
    import pandas as pd

    jl = progression(tiny_patient, UnitAblation(0.0), [0.0, 0.4, 0.8, 0.95], random_state=1)
    return pd.concat([get_paradigm(n).run(jl, tiny_battery, random_state=0) for n in list_paradigms()
                      if n not in ("delayed_copy", "object_decision")],  # they need item norms
                     ignore_index=True)


@pytest.mark.parametrize("plot", [plot_verification, plot_colour, plot_matching, plot_naming_profile,
                                  plot_naming_table])
def test_figures_draw(plot, results, tmp_path):
    fig = plot(results)
    assert isinstance(fig, Figure) and fig.axes
    fig.savefig(tmp_path / "f.png")
    assert (tmp_path / "f.png").stat().st_size > 1000


def test_a_stage_far_below_chance_stays_in_view(results):
    """The by-stage accuracy figures start at 0.3 unless a point lies lower (object decision's atypical pairs fall
    below chance in severe patients): then every point, interval included, is drawn."""
    import numpy as np

    assert plot_colour(results).axes[0].get_ylim()[0] == pytest.approx(0.3)
    low = results.copy()
    colour = low["paradigm"] == "colour_judgment"
    low.loc[colour & (low["severity"] == low["severity"].max()), "correct"] = 0
    ax = plot_colour(low).axes[0]
    bottom = ax.get_ylim()[0]
    ys = np.concatenate([line.get_ydata() for line in ax.lines if len(line.get_ydata()) and line.get_ls() != "--"])
    assert bottom < 0.3 and bottom >= -0.02 and np.nanmin(ys) >= bottom


def test_naming_table_figure_shows_the_table(results):
    fig = plot_naming_table(results)
    table = fig.axes[0].tables[0]
    texts = {cell.get_text().get_text() for cell in table.get_celld().values()}
    assert "+" in texts and "session 1\n(severity 0)" in texts


def test_figure_needs_its_paradigm(results):
    with pytest.raises(ValueError, match="needs the results of the colour_judgment paradigm"):
        plot_colour(results[results["paradigm"] != "colour_judgment"])


def test_figures_draw_on_a_given_axes(results):
    """ax= composes panels into one figure: each function draws on the Axes it is given and returns it."""
    fig = Figure(figsize=(12, 8))
    axes = fig.subplots(2, 3).ravel()
    for ax, plot in zip(axes, [plot_verification, plot_colour, plot_matching, plot_naming_profile,
                               plot_naming_table]):
        assert plot(results, ax=ax) is ax
        assert ax.has_data() or ax.tables
    assert len(fig.axes) == 6 and not axes[5].has_data()
    with pytest.raises(TypeError, match="The 'ax' parameter must be a matplotlib Axes or None"):
        plot_colour(results, ax="left")
    assert isinstance(plot_colour(results), Figure)                 # without ax=, a new figure


def test_former_lang_keyword_still_works_with_a_warning(results):
    with pytest.warns(FutureWarning, match=r"plot_colour\(\): the 'lang' parameter is now called 'language'"):
        fig = plot_colour(results, lang="ja")
    assert "色の判断" in fig.axes[0].get_title()
    with pytest.raises(TypeError, match="got both 'lang' and 'language'"):
        plot_colour(results, lang="ja", language="en")


def test_japanese_names_are_drawn_with_real_glyphs(tiny_patient, tiny_battery, tmp_path):
    """A naming table of Japanese responses renders every glyph from a font that has it (matplotlib warns
    'Glyph ... missing from font(s)' otherwise, and warnings are errors here), and the glyphs are not empty."""
    import numpy as np
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from cogsim.analysis.figures import FONT_FAMILY, japanese_font
    from cogsim.paradigms import PictureNaming

    path = japanese_font()
    assert path is not None and path.name == "ipaexg.ttf"
    font = FT2Font(str(path))
    text = "ペンギン（鳥）"
    assert all(font.get_char_index(ord(ch)) != 0 for ch in text)           # the font has these glyphs
    assert font_manager.findfont(font_manager.FontProperties(family=FONT_FAMILY[1]),
                                 fallback_to_default=False) == str(path)
    results = PictureNaming().run(tiny_patient, tiny_battery, random_state=0)
    japanese = {"robin": "コマドリ", "crow": "カラス", "cod": "タラ", "trout": "マス", "apple": "りんご", "lime": "ライム",
                "hammer": "金づち", "saw": "のこぎり"}
    results["response"] = results["response"].astype(str).map(lambda r: japanese.get(r, "わからない"))
    fig = plot_naming_table(results)
    fig.savefig(tmp_path / "ja.png")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    def ink(words):
        fig = Figure(figsize=(2.5, 1))
        fig.text(0.05, 0.4, words, fontsize=20, family=FONT_FAMILY)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        return (np.asarray(canvas.buffer_rgba())[..., :3] < 128).any(-1)

    drawn, boxes = ink(text), ink("\u25a1" * len(text))     # real glyphs against empty boxes
    assert drawn.sum() > 0 and not np.array_equal(drawn, boxes)


JAPANESE = {"robin": "コマドリ", "crow": "カラス", "cod": "タラ", "trout": "マス", "apple": "りんご", "lime": "ライム",
            "hammer": "金づち", "saw": "のこぎり"}


def _texts(fig):
    """Every string drawn on a figure: titles, axis labels, tick labels, legends, table cells."""
    from matplotlib.text import Text as MplText

    return [t.get_text() for t in fig.findobj(MplText) if t.get_text()]


@pytest.mark.parametrize("plot", [plot_verification, plot_colour, plot_matching, plot_naming_profile])
def test_figures_in_japanese_have_no_english_labels(plot, results):
    """language="ja": titles, axis labels, stages, conditions and legends are Japanese; the English labels are gone."""
    english = _texts(plot(results))
    japanese = _texts(plot(results, language="ja"))
    assert len(japanese) == len(english)
    assert any("\u3040" <= ch <= "\u9fff" for t in japanese for ch in t)
    words = {"proportion", "stage", "severity", "Colour", "Category", "Word", "typical", "mild", "control",
             "specific", "responses", "patients"}
    assert not [t for t in japanese if any(w in t for w in words)]
    assert [t for t in english if any(w in t for w in words)]
    with pytest.raises(ValueError, match="Invalid value for 'language'. Allowed values are 'en' and 'ja'"):
        plot(results, language="fr")


def test_naming_table_in_japanese_translates_items_and_responses(results, tiny_battery):
    """Rows and responses go through the names given (the battery's Japanese names); '+' stays."""
    from cogsim.analysis.i18n import japanese_names

    items = tiny_battery.items.assign(name_ja=tiny_battery.items["item_id"].map(JAPANESE),
                                      basic_ja="基本", domain_ja="領域")
    names = japanese_names(items)
    fig = plot_naming_table(results, language="ja", names=names)
    cells = fig.axes[0].tables[0].get_celld()
    texts = {cell.get_text().get_text() for cell in cells.values()}
    english = {cell.get_text().get_text() for cell in plot_naming_table(results).axes[0].tables[0].get_celld().values()}
    assert "+" in texts and "第1回\n(損傷 0)" in texts
    responses = english - {"+"} - {t for t in english if t.startswith("session")}
    assert responses and all(names.get(r, r) in texts for r in responses)
    assert {"コマドリ", "のこぎり"} <= texts and not {"robin", "saw"} & texts
