"""Lab sessions for teaching with cogsim, in English and Japanese (実習教材).

Each lab is one class session of about 90 minutes that runs on a laptop CPU in
a few minutes.  The sources live in ``cogsim/labs/sources/`` as jupytext
"percent" scripts: plain Python files whose ``# %%`` lines separate cells, so
they diff well, run as scripts (``python lab1_meet_your_patient.py``) and open
as notebooks in Jupyter with jupytext, or after :func:`export_labs` writes
``.ipynb`` files.  Every markdown cell is bilingual (English, then Japanese).

The sources are the *teacher's* version: the cells whose header carries
``tags=["answer"]`` hold the answers.  The *student's* version replaces each of
them with an empty answer cell.  Every later cell runs without the answers, so
both versions run from top to bottom (the test suite runs both).

Examples
--------
>>> [lab.number for lab in list_labs()]
[1, 2, 3, 4, 5, 6]
>>> lab = list_labs()[0]
>>> lab.name
'lab1_meet_your_patient'
>>> any(cell.answer for cell in lab.cells("teacher")), any(cell.answer for cell in lab.cells("student"))
(True, False)
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .._validation import check_option

__all__ = ["Lab", "Cell", "LabError", "list_labs", "get_lab", "export_labs", "run_lab", "VERSIONS", "FORMATS"]

#: The two versions of every lab.
VERSIONS = ("teacher", "student")
#: The file formats :func:`export_labs` writes.
FORMATS = ("py", "ipynb")

SOURCES = Path(__file__).resolve().parent / "sources"
_HEADER = re.compile(r"^# %%(?P<rest>.*)$")
_TAGS = re.compile(r"tags=(\[[^\]]*\])")
_STUDENT_MARKDOWN = ["**Your answer / あなたの答え:**", "", "…"]
_STUDENT_CODE = ["# Your code here / ここにコードを書く", ""]


@dataclass(frozen=True)
class Cell:
    """One cell of a lab: ``kind`` is "markdown" or "code"; *lines* its text (markdown without ``# ``)."""

    kind: str
    lines: tuple
    tags: tuple = ()

    @property
    def answer(self) -> bool:
        return "answer" in self.tags

    def header(self) -> str:
        parts = ["# %%"]
        if self.kind == "markdown":
            parts.append("[markdown]")
        if self.tags:
            parts.append("tags=" + json.dumps(list(self.tags)))
        return " ".join(parts)

    def to_percent(self) -> str:
        body = [("# " + line).rstrip() if self.kind == "markdown" else line for line in self.lines]
        return "\n".join([self.header(), *body]).rstrip() + "\n"


def _parse(path: Path) -> tuple[list, list]:
    """The lines before the first cell (the file's header) and the cells of a percent script."""
    preamble, cells, current = [], [], None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = _HEADER.match(line)
        if match:
            if current is not None:
                cells.append(current)
            rest = match.group("rest")
            tags = _TAGS.search(rest)
            try:
                tags = tuple(json.loads(tags.group(1))) if tags else ()
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}, line {number}: the cell's tags are not a JSON list ({exc}).") from None
            current = ("markdown" if "[markdown]" in rest else "code", [], tags)
        elif current is None:
            preamble.append(line)
        else:
            current[1].append(line)
    if current is not None:
        cells.append(current)
    out = []
    for kind, lines, tags in cells:
        while lines and not lines[-1].strip():
            lines.pop()
        if kind == "markdown":
            lines = [line[2:] if line.startswith("# ") else line.lstrip("#") for line in lines]
        out.append(Cell(kind, tuple(lines), tags))
    return preamble, out


@dataclass(frozen=True)
class Lab:
    """One lab: its number, file name, title and cells (see :func:`list_labs`)."""

    number: int
    name: str
    path: Path

    @property
    def title(self) -> str:
        """The first heading of the lab (English / Japanese)."""
        for cell in self.cells("teacher"):
            for line in cell.lines:
                if line.startswith("# "):
                    return line[2:].strip()
        return self.name

    def cells(self, version: str = "teacher") -> list[Cell]:
        """The lab's cells; in the student version each answer cell is an empty answer cell."""
        check_option("version", version, VERSIONS)
        cells = _parse(self.path)[1]
        if version == "teacher":
            return cells
        return [Cell(c.kind, tuple(_STUDENT_MARKDOWN if c.kind == "markdown" else _STUDENT_CODE), ("student",))
                if c.answer else c for c in cells]

    def to_percent(self, version: str = "teacher") -> str:
        """The lab as a jupytext percent script."""
        preamble = _parse(self.path)[0]
        text = "\n".join(preamble).rstrip()
        return (text + "\n\n" if text else "") + "\n".join(c.to_percent() for c in self.cells(version))

    def to_notebook(self, version: str = "teacher") -> dict:
        """The lab as an nbformat-4 notebook (a dict; ``json.dump`` it to an ``.ipynb`` file)."""
        cells = []
        for k, cell in enumerate(self.cells(version)):
            source = [line + "\n" for line in cell.lines]
            if source:
                source[-1] = source[-1].rstrip("\n")
            # nbformat 4.5 requires a unique id per cell; the position keeps exports byte-identical
            entry = {"id": f"cell-{k + 1}", "cell_type": cell.kind,
                     "metadata": {"tags": list(cell.tags)} if cell.tags else {}, "source": source}
            if cell.kind == "code":
                entry.update(execution_count=None, outputs=[])
            cells.append(entry)
        return {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                             "language_info": {"name": "python"}, "cogsim": {"lab": self.name, "version": version}}}


def list_labs() -> list[Lab]:
    """Every lab, in order."""
    labs = []
    for path in SOURCES.glob("lab*.py"):
        match = re.match(r"lab(\d+)_", path.name)
        if match:
            labs.append(Lab(int(match.group(1)), path.stem, path))
    return sorted(labs, key=lambda lab: lab.number)


def get_lab(name_or_number) -> Lab:
    """A lab by number (``3``) or name (``"lab3_the_hub_at_three_levels"``)."""
    labs = list_labs()
    for lab in labs:
        if name_or_number in (lab.number, lab.name, str(lab.number)):
            return lab
    raise ValueError(f"Unknown lab {name_or_number!r}. Allowed values are "
                     f"{', '.join(repr(lab.name) for lab in labs)} (or their numbers 1–{len(labs)}).")


def export_labs(folder: str | os.PathLike, *, version: str = "student", format: str = "ipynb",
                labs=None, overwrite: bool = False) -> list[Path]:
    """Write the labs into *folder* for a class; return the files written.

    Parameters
    ----------
    folder : path
        Created if missing.
    version : {"student", "teacher"}, default "student"
        The student version has empty cells where the teacher's has answers.
    format : {"ipynb", "py"}, default "ipynb"
        Notebooks, or jupytext percent scripts (runnable with ``python``).
    labs : sequence of int or str, optional
        Which labs (default all).
    overwrite : bool, default False
        Existing files are never replaced unless this is True: a student's
        work in a notebook of the same name is not lost.
    """
    from .._reportdir import atomic_write

    check_option("version", version, VERSIONS)
    check_option("format", format, FORMATS)
    chosen = list_labs() if labs is None else [get_lab(x) for x in labs]
    folder = Path(folder)
    suffix = "" if version == "teacher" else "_student"
    targets = [(lab, folder / f"{lab.name}{suffix}.{format}") for lab in chosen]
    existing = [str(path) for _, path in targets if path.exists()]
    if existing and not overwrite:
        raise FileExistsError(f"{len(existing)} lab file(s) already exist, e.g. {existing[0]}; nothing was written. "
                              "Pass overwrite=True (cogsim labs --overwrite) to replace them, or choose another folder.")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for lab, path in targets:
        text = (lab.to_percent(version) if format == "py"
                else json.dumps(lab.to_notebook(version), indent=1, ensure_ascii=False) + "\n")
        atomic_write(path, lambda tmp, text=text: tmp.write_text(text, encoding="utf-8"))
        written.append(path)
    return written


@contextlib.contextmanager
def _working_folder(folder):
    """Run inside *folder* (None: stay), and come back whatever happens (contextlib.chdir needs Python 3.11)."""
    if folder is None:
        yield
        return
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


class LabError(RuntimeError):
    """A lab cell failed: the message names the lab, the cell and the line."""


def run_lab(lab, version: str = "teacher", *, show=None, workdir: str | os.PathLike | None = None) -> dict:
    """Run a lab's cells in order in a fresh namespace, as a notebook would; return the namespace.

    Parameters
    ----------
    lab : Lab, int or str
    version : {"teacher", "student"}
        The student version runs with its answer cells empty, which checks that
        no later cell depends on an answer.
    show : callable, optional
        Called with ``(cell_number, value)`` for the value of each cell's last
        expression (what a notebook would display), e.g. to print them.
    workdir : path, optional
        The working folder while the lab runs (a lab that writes files, such
        as lab 6's own battery, writes them there); default the current one.

    Raises
    ------
    LabError
        Naming the lab, the cell and the line of the cell that failed.
    """
    import ast

    lab = lab if isinstance(lab, Lab) else get_lab(lab)
    namespace = {"__name__": "__main__"}
    with _working_folder(workdir):
        for number, cell in enumerate(lab.cells(version), start=1):
            if cell.kind != "code":
                continue
            source = "\n".join(cell.lines)
            where = f"{lab.name} ({version} version), cell {number}"
            try:
                tree = ast.parse(source, filename=where)
                last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
                exec(compile(tree, where, "exec"), namespace)
                value = (eval(compile(ast.Expression(last.value), where, "eval"), namespace)
                         if last is not None else None)
            except Exception as exc:
                line = getattr(exc, "lineno", None)
                tb = exc.__traceback__
                while tb is not None:
                    if tb.tb_frame.f_code.co_filename == where:
                        line = tb.tb_lineno
                    tb = tb.tb_next
                raise LabError(f"{where}, line {line}: {type(exc).__name__}: {exc}") from exc
            if show is not None and value is not None:
                show(number, value)
    return namespace
