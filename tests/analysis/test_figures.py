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
    return pd.concat([get_paradigm(n).run(jl, tiny_battery, random_state=0) for n in list_paradigms()],
                     ignore_index=True)


@pytest.mark.parametrize("plot", [plot_verification, plot_colour, plot_matching, plot_naming_profile,
                                  plot_naming_table])
def test_figures_draw(plot, results, tmp_path):
    fig = plot(results)
    assert isinstance(fig, Figure) and fig.axes
    fig.savefig(tmp_path / "f.png")
    assert (tmp_path / "f.png").stat().st_size > 1000


def test_naming_table_figure_shows_the_table(results):
    fig = plot_naming_table(results)
    table = fig.axes[0].tables[0]
    texts = {cell.get_text().get_text() for cell in table.get_celld().values()}
    assert "+" in texts and "session 1\n(severity 0)" in texts


def test_figure_needs_its_paradigm(results):
    with pytest.raises(ValueError, match="needs the results of the colour_judgment paradigm"):
        plot_colour(results[results["paradigm"] != "colour_judgment"])


def test_figures_draw_on_a_given_axes(results):
    """ax= composes panels into one figure: each function draws on the Axes it is given."""
    fig = Figure(figsize=(12, 8))
    axes = fig.subplots(2, 3).ravel()
    for ax, plot in zip(axes, [plot_verification, plot_colour, plot_matching, plot_naming_profile,
                               plot_naming_table]):
        assert plot(results, ax=ax) is fig
        assert ax.has_data() or ax.tables
    assert len(fig.axes) == 6 and not axes[5].has_data()
    with pytest.raises(TypeError, match="The 'ax' parameter must be a matplotlib Axes or None"):
        plot_colour(results, ax="left")
