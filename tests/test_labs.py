"""The labs: their structure, their export, and every lab run in both versions (a broken lab fails CI).

Each run also checks the claims the teacher's answers make about the numbers, so an answer that the
code no longer supports fails here rather than in class.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from cogsim.labs import LabError, export_labs, get_lab, list_labs, run_lab


def _japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" for ch in text)


def test_six_labs_each_bilingual_with_questions_hints_and_answers():
    labs = list_labs()
    assert [lab.number for lab in labs] == [1, 2, 3, 4, 5, 6]
    for lab in labs:
        cells = lab.cells("teacher")
        assert " / " in lab.title and _japanese(lab.title), lab.name
        questions = [i for i, c in enumerate(cells) if c.kind == "markdown" and "**Question" in "\n".join(c.lines)]
        assert len(questions) >= 2, lab.name
        for i in questions:
            text = "\n".join(cells[i].lines)
            assert "**問" in text, (lab.name, i)                       # every question in both languages
            following = cells[i + 1:]
            nxt = next(j for j, c in enumerate(following) if not (c.kind == "code" and not c.answer))
            assert following[nxt].answer, (lab.name, i)               # an answer follows every question
        for cell in cells:
            if cell.kind == "markdown" and not cell.answer:
                assert _japanese("\n".join(cell.lines)) or not "".join(cell.lines).strip(), (lab.name, cell)
            if cell.answer and cell.kind == "markdown":
                text = "\n".join(cell.lines)
                assert "**Answer" in text and "**答え" in text, lab.name
        assert "| time / 時間 |" in "\n".join(cells[0].lines), lab.name  # a session plan


def test_student_version_has_empty_answer_cells(tmp_path):
    lab = get_lab(2)
    teacher, student = lab.cells("teacher"), lab.cells("student")
    assert len(teacher) == len(student)
    for t, s in zip(teacher, student):
        if t.answer:
            text = "\n".join(s.lines)
            assert not s.answer and s.kind == t.kind
            assert ("あなたの答え" in text) if s.kind == "markdown" else ("ここにコードを書く" in text)
        else:
            assert s == t
    assert "Answer." not in lab.to_percent("student") and "Answer." in lab.to_percent("teacher")


def test_export_writes_notebooks_and_scripts_and_never_overwrites(tmp_path):
    written = export_labs(tmp_path / "class", version="student", format="ipynb")
    assert [p.name for p in written][0] == "lab1_meet_your_patient_student.ipynb" and len(written) == 6
    notebook = json.loads(written[0].read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4 and notebook["metadata"]["cogsim"] == {"lab": "lab1_meet_your_patient",
                                                                           "version": "student"}
    kinds = [c["cell_type"] for c in notebook["cells"]]
    assert kinds == [c.kind for c in get_lab(1).cells("student")]
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert "".join(code[0]["source"]) == "\n".join(get_lab(1).cells("student")[1].lines)
    before = written[0].read_bytes()
    with pytest.raises(FileExistsError, match="6 lab file\\(s\\) already exist.*nothing was written"):
        export_labs(tmp_path / "class", version="student", format="ipynb")
    assert written[0].read_bytes() == before
    scripts = export_labs(tmp_path / "class", version="teacher", format="py", labs=[3])
    assert [p.name for p in scripts] == ["lab3_the_hub_at_three_levels.py"]
    # the exported percent script parses back to the same cells
    from cogsim.labs import Lab

    again = Lab(3, "lab3_the_hub_at_three_levels", scripts[0])
    assert again.cells("teacher") == get_lab(3).cells("teacher")
    with pytest.raises(ValueError, match="Invalid value for 'version'"):
        export_labs(tmp_path / "x", version="pupil")
    with pytest.raises(ValueError, match="Unknown lab 9"):
        export_labs(tmp_path / "x", labs=[9])


def test_a_failing_cell_names_the_lab_cell_and_line(tmp_path):
    from cogsim.labs import Cell, Lab

    path = tmp_path / "lab9_broken.py"
    path.write_text("# %% [markdown]\n# # Broken / 壊れた\n# %%\nx = 1\n\ny = x / 0\n", encoding="utf-8")
    with pytest.raises(LabError, match=r"lab9_broken \(teacher version\), cell 2, line 3: ZeroDivisionError"):
        run_lab(Lab(9, "lab9_broken", path))
    assert Lab(9, "lab9_broken", path).cells()[1] == Cell("code", ("x = 1", "", "y = x / 0"))


def _check_lab1(ns):
    aug = ns["augmentation"]
    assert (aug["trained: accuracy"] == 1.0).all()
    # the answer: augmentation changes new-view accuracy hardly at all but raises confidence
    assert abs(aug["new views: accuracy"].iloc[0] - aug["new views: accuracy"].iloc[1]) < 0.02
    assert aug["new views: confidence"].iloc[0] > aug["new views: confidence"].iloc[1]
    tuning = ns["tuning"]
    # the answer: fine-tuning gains nothing on the trained pictures and costs confidence on new views
    assert (tuning["trained: accuracy"] == 1.0).all()
    assert tuning["new views: confidence"].iloc[1] < tuning["new views: confidence"].iloc[0] - 0.03


def _check_lab2(ns):
    acc = ns["by_visit"].set_index("severity")["naming accuracy"]
    assert acc.loc[0.4] == 1.0 and acc.loc[1.0] == 0.0 and acc.is_monotonic_decreasing
    profile = ns["naming_profile"](ns["naming"]).set_index("severity")
    semantic = profile["semantic"]
    assert 0.0 < semantic.idxmax() < 1.0 and semantic.iloc[-1] < semantic.max()   # rises then falls
    assert profile["omission"].iloc[-1] == 1.0
    loss = ns["loss_profile"].set_index("severity")
    assert loss["semantic"].max() <= 0.06 < 0.2 < semantic.max()                     # "at most about 5% ... 24%"


def _check_lab3(ns):
    table = ns["verification"].pivot_table(index="stage", columns="condition", values="correct", observed=True)
    mild = table.loc["mild"]
    assert mild["domain"] > mild["basic"] > mild["specific"]
    verdicts = ns["verdicts"]
    tested = verdicts[verdicts["reproduced"].notna()]
    assert len(tested) == 15 and int(tested["reproduced"].astype(bool).sum()) == 14
    # the two consistency signatures need no item norms and are tested; the rest of panel "items" is not
    items = verdicts[verdicts["panel"] == "items"].set_index("signature")["reproduced"]
    assert items.notna().sum() == 2 and items[items.notna()].astype(bool).all()
    failed = tested.loc[~tested["reproduced"].astype(bool), "signature"].tolist()
    assert failed == ["colour_chance_when_severe"]
    assert verdicts["effect_size"].max() > 100                                      # "d_z can be in the hundreds"


def _check_lab4(ns):
    table = ns["table"].set_index("paradigm")
    for task in ("picture_naming", "category_verification", "colour_judgment"):
        assert table.loc[task, "p"] < 0.05, task
    assert np.isnan(table.loc["word_picture_matching", "t"]) and "control SD is 0" in table.loc[
        "word_picture_matching", "note"]
    assert "Crawford–Howell t(3)" in ns["draft"] and f"{table.loc['picture_naming', 'case']:.0%}" in ns["draft"]


def _check_lab5(ns):
    agreement = ns["agreement"]
    last = agreement[[c for c in agreement if c.endswith("last maps")]]
    assert np.allclose(last.to_numpy(), 1.0, atol=1e-3)                              # "agree perfectly"
    earlier = agreement[[c for c in agreement if c.endswith("block12")]]
    assert (earlier.to_numpy() < 0.99).any()
    summary = ns["summary"]
    assert summary.loc["hub", "map_correlation"].min() > 0.9 > 0.1 > summary.loc["visual", "map_correlation"].max()
    assert summary.loc[("hub", 0.9), "correct"] <= 0.2


def _check_lab6(ns, output):
    assert "row 7 (item 'banana')" in output and "row 11 (item 'saw')" in output
    assert "row 3 (item 'penguin'): image 'pictures/no_such_picture.png' does not exist" in output
    correct = ns["profiles"].xs("correct", axis=1, level=1)
    assert (correct.loc[0.0] == 1.0).all() and (correct.loc[1.0] == 0.0).all()
    assert (correct["focal"] - correct["scattered"]).abs().max() <= 0.25              # "they decline alike"


CHECKS = {1: _check_lab1, 2: _check_lab2, 3: _check_lab3, 4: _check_lab4, 5: _check_lab5, 6: _check_lab6}


def _names_defined_and_used(source: str) -> tuple[set, set]:
    import ast

    defined, used = set(), set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name):
            (defined if isinstance(node.ctx, (ast.Store, ast.Del)) else used).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defined.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return defined, used


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6])
def test_student_version_needs_nothing_from_an_answer(number):
    """No cell after an answer reads a name only an answer cell defines (the student version runs through)."""
    only_in_answers, defined_elsewhere = set(), set()
    for cell in get_lab(number).cells("teacher"):
        if cell.kind != "code":
            continue
        defined, used = _names_defined_and_used("\n".join(cell.lines))
        if cell.answer:
            only_in_answers |= defined - defined_elsewhere
        else:
            assert not (used - defined) & only_in_answers, (number, (used - defined) & only_in_answers)
            defined_elsewhere |= defined
            only_in_answers -= defined


def test_the_check_above_catches_a_dependency(tmp_path):
    from cogsim.labs import Lab

    path = tmp_path / "lab7_x.py"
    path.write_text('# %% tags=["answer"]\nsolution = 42\n# %%\nprint(solution)\n', encoding="utf-8")
    with pytest.raises(LabError, match="NameError: name 'solution' is not defined"):
        run_lab(Lab(7, "lab7_x", path), "student")
    defined, used = _names_defined_and_used("print(solution)")
    assert "solution" in used and "solution" not in defined


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6])
def test_lab_runs_and_supports_its_answers(number, default_battery, tmp_path, capsys):
    """Run the teacher's version cell by cell, then check what its answers claim about the numbers."""
    namespace = run_lab(number, "teacher", workdir=tmp_path)
    output = capsys.readouterr().out
    check = CHECKS[number]
    check(namespace, output) if number == 6 else check(namespace)


def test_the_student_notebook_runs_through_a_jupyter_kernel(tmp_path):
    """One student version end to end, as a teacher would run it: exported, then executed by a real kernel
    (nbclient + ipykernel).  The others are covered by the static check above; the cache is warm from the
    teacher's run of the same lab."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")

    (path,) = export_labs(tmp_path / "class", version="student", format="ipynb", labs=[2])
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    probe = nbformat.v4.new_code_cell("print(sorted({'naming', 'loss_profile'} & set(globals())))")
    notebook.cells.append(probe)
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path / "class")}})
    client.execute()                                   # raises CellExecutionError naming the failing cell
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert probe.outputs[-1]["text"].strip() == "['naming']"   # the student's version has no answer's names

