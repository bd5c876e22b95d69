"""Where does the patient look? Class activation maps of a virtual patient (CAM, Grad-CAM, HiResCAM).

A patient's backbone pools its last feature maps into the vector its semantic
hub reads, so "which parts of the picture support this answer" is the
classic class-activation question, asked through the (possibly damaged) hub:

- ``"cam"``: ``ReLU(sum_k w_k A_k)`` with ``w_k`` the derivative of the target
  score with respect to pooled feature *k*.  With a linear read-out after
  global average pooling these are exactly CAM's weights (Zhou et al. 2016);
  through the hub's MLP they are its local linear read-out at this picture.
- ``"gradcam"`` (Selvaraju et al. 2017) and ``"hirescam"`` (Draelos & Carin
  2020), computed by the maintained library pytorch-grad-cam (``pip install
  grad-cam``, MIT licence, the optional extra ``cogsim[explain]``).

The target is a response of the patient: ``"answer"`` (its most probable item),
``"correct"`` (the pictured item), or any item, basic category or domain name
of its lexicon (a category's score is its log-probability, the log-sum-exp of
its items' logits, as the ``items`` readout reads categories).

Damage is part of the model explained: damaged visual stages, silenced or noisy
hub units (the run-time noise of one evaluation is drawn from *random_state*).

どこを見ているか：仮想患者のクラス活性化マップ（CAM、Grad-CAM、HiResCAM）。
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import torch
from torch import nn

from ._random import child_stream, seed_sequence
from ._validation import check_option
from ._languages import check_language, renamed_keyword

__all__ = ["explain", "Explanation", "PatientModel", "METHODS", "feature_map_layer", "plot_explanations",
           "map_agreement", "damage_maps"]

#: The attribution methods :func:`explain` offers.
METHODS = ("cam", "gradcam", "hirescam")


def _pool_index(stage: nn.Module) -> int | None:
    """Index of the global pooling module among a stage's children, if it pools."""
    for i, child in enumerate(stage.children()):
        if isinstance(child, nn.AdaptiveAvgPool2d) or type(child).__name__ == "SelectAdaptivePool2d":
            return i
    return None


def feature_map_layer(backbone) -> tuple[int, int | None]:
    """Where a backbone's last spatial feature maps come out: ``(stage index, child index or None)``.

    The maps just before global average pooling (inside the last stage when it
    pools, e.g. ``efficientnet_lite0``'s ``head``; otherwise the output of the
    stage before the pooling stage, e.g. ResNet's ``layer4``).
    """
    stages = [module for _, module in backbone.stages]
    for i in range(len(stages) - 1, -1, -1):
        pool = _pool_index(stages[i])
        if pool is not None:
            return (i, pool - 1) if pool > 0 else (i - 1, None)
    return len(stages) - 2, None  # a head that pools inside its own code (ConvNeXt): the last stage's maps


class _Recorder(nn.Module):
    """Passes its input on; what it saw is the feature map CAM reads (kept with its gradient)."""

    def __init__(self):
        super().__init__()
        self.maps = None

    def forward(self, x):
        self.maps = x
        return x


class PatientModel(nn.Module):
    """A patient as one differentiable module: preprocessed pictures in, item logits out.

    The stages are the patient's own (its damaged or fine-tuned copies where it
    has them), followed by its hub with its silenced units and run-time noise;
    ``model.target_layer`` is the module whose output is the feature map the
    maps are drawn on (see :func:`feature_map_layer`; or the output of the
    stage named by *layer*).
    """

    def __init__(self, patient, battery, *, layer: str | None = None, random_state=0):
        super().__init__()
        bb = patient.backbone
        self.patient, self.battery = patient, battery  # the battery: reference SDs of visual activation noise
        self.seq = seed_sequence(random_state)
        modules = [patient.stage_overrides.get(i, stage) for i, (_, stage) in enumerate(bb.stages)]
        if layer is None:
            where, child = feature_map_layer(bb)
        else:
            where, child = bb.stage_index(layer), None
        self.recorder = _Recorder()
        self.where, self.child = where, child
        self.stages = nn.ModuleList(modules)
        self.target_layer = self.recorder
        self.noise = dict(patient.visual_noise)

    def _run_stage(self, i, module, x):
        if i == self.where and self.child is not None:
            inner = module.stage if hasattr(module, "stage") and hasattr(module, "keep") else module
            children = list(inner.children())
            for c in children[:self.child + 1]:
                x = c(x)
            x = self.recorder(x)
            for c in children[self.child + 1:]:
                x = c(x)
            if inner is not module:  # a unit mask on the whole stage's output
                shape = (1, -1) + (1,) * (x.dim() - 2)
                x = x * module.keep.view(shape).to(x.dtype)
            return x
        x = module(x)
        return self.recorder(x) if i == self.where else x

    def forward(self, x):
        if torch.is_grad_enabled() and not x.requires_grad:  # the backbone is frozen: gradients start here
            x = x.detach().requires_grad_(True)
        rng = np.random.default_rng(child_stream(self.seq, 1))
        sds = None
        for i, module in enumerate(self.stages):
            x = self._run_stage(i, module, x)
            if i in self.noise:
                if sds is None:
                    from .patients.features import stage_activation_sds

                    sds = stage_activation_sds(self.patient.backbone, self.battery)
                sd = self.noise[i] * sds[self.patient.backbone.visual_layers[i]]
                x = x + sd * torch.from_numpy(rng.standard_normal(tuple(x.shape)).astype(np.float32))
        return self.patient.hub_logits(x.float(), random_state=self.seq, memo=False, battery=self.battery)


@dataclass
class Explanation:
    """Maps of one patient for a set of pictures.

    Attributes
    ----------
    frame : DataFrame
        One row per picture: ``item_id, target, target_level, target_probability,
        answer, answer_probability, method, layer``.
    maps : ndarray
        ``(n_pictures, size, size)`` maps scaled to [0, 1] per picture (0 everywhere
        when no location supports the target).
    pictures : ndarray
        ``(n_pictures, size, size, 3)`` the pictures as shown, values in [0, 1].
    """

    frame: pd.DataFrame
    maps: np.ndarray = field(repr=False)
    pictures: np.ndarray = field(repr=False)


def _target_score(lexicon, name: str):
    """``(level, score function of logits (n_items,))`` for an item, basic category or domain name."""
    if name in lexicon.item_ids:
        k = lexicon.item_ids.index(name)
        return "item", lambda z: z[..., k]
    for level in ("basic", "domain"):
        names = lexicon.basics if level == "basic" else lexicon.domains
        if name in names:
            inside = lexicon.membership(level)[:, names.index(name)].bool()
            return level, lambda z, inside=inside: torch.logsumexp(z[..., inside], -1) - torch.logsumexp(z, -1)
    raise ValueError(f"Unknown target {name!r}: use 'answer', 'correct', or an item, basic category or domain of "
                     f"the patient's lexicon (items such as {', '.join(lexicon.item_ids[:4])}; basic categories "
                     f"{', '.join(lexicon.basics)}; domains {', '.join(lexicon.domains)}).")


def _probability(lexicon, level, name, logits):
    p = torch.softmax(logits, -1)
    if level == "item":
        return float(p[lexicon.item_ids.index(name)])
    names = lexicon.basics if level == "basic" else lexicon.domains
    return float(p @ lexicon.membership(level)[:, names.index(name)])


def _scaled(cam: np.ndarray, size: int) -> np.ndarray:
    """Scaled to [0, 1], upsampled to the picture and scaled again: what pytorch-grad-cam does with its maps."""
    try:
        from pytorch_grad_cam.utils.image import scale_cam_image
    except ImportError:  # without the library: the same steps, with torch's bilinear upsampling
        def scale_cam_image(maps, target_size=None):
            out = []
            for m in maps:
                m = m - m.min()
                m = m / (1e-7 + m.max())
                if target_size is not None:
                    t = torch.from_numpy(np.ascontiguousarray(m, dtype=np.float32))[None, None]
                    m = torch.nn.functional.interpolate(t, size=target_size, mode="bilinear",
                                                        align_corners=False)[0, 0].numpy()
                out.append(m)
            return np.float32(out)
    return scale_cam_image(scale_cam_image(cam[None], (size, size)))[0]


def explain(patient, battery, items=None, *, target: str = "correct", method: str = "gradcam",
            layer: str | None = None, random_state=0) -> Explanation:
    """Class activation maps of *patient* for pictures of *battery*.

    Parameters
    ----------
    patient : Patient
        Premorbid or damaged (visual or hub damage).
    battery : Battery
    items : sequence of str, optional
        Item ids whose canonical pictures are explained (default: all).
    target : str, default "correct"
        ``"correct"`` (the pictured item), ``"answer"`` (the patient's most
        probable item for that picture), or an item, basic category or domain name.
    method : {"cam", "gradcam", "hirescam"}, default "gradcam"
        ``"gradcam"`` and ``"hirescam"`` need pytorch-grad-cam (``pip install grad-cam``).
    layer : str, optional
        A visual stage whose output the maps are drawn on; default the last
        feature maps before global pooling (:func:`feature_map_layer`).
    random_state : None, int, SeedSequence or Generator, default 0
        Draws the run-time noise of noisy patients (one draw per picture set).

    Returns
    -------
    Explanation
    """
    check_option("method", method, METHODS)
    items = list(battery.item_ids if items is None else items)
    unknown = [i for i in items if i not in battery.item_ids]
    if unknown:
        raise ValueError(f"Unknown item(s) {', '.join(map(repr, unknown))} in battery {battery.name!r}.")
    bb = patient.backbone
    model = PatientModel(patient, battery, layer=layer, random_state=random_state)
    images = torch.stack([battery.tensor(i, size=bb.input_size) for i in items])
    x = bb.preprocess(images)
    lexicon = patient.lexicon
    with torch.no_grad():
        logits = model(x)
    answers = [lexicon.item_ids[int(k)] for k in logits.argmax(-1)]
    names = [(item if target == "correct" else answer if target == "answer" else target)
             for item, answer in zip(items, answers)]
    scores = [_target_score(lexicon, n) for n in names]
    if method == "cam":
        maps = np.stack([_scaled(r, bb.input_size) for r in _cam(model, x, [s for _, s in scores])])
    else:
        maps = np.stack(_library_cam(model, x, [s for _, s in scores], method)).astype(np.float32)
    frame = pd.DataFrame({
        "item_id": items, "target": names, "target_level": [lv for lv, _ in scores],
        "target_probability": [_probability(lexicon, lv, n, z) for (lv, _), n, z in zip(scores, names, logits)],
        "answer": answers,
        "answer_probability": [float(torch.softmax(z, -1).max()) for z in logits],
        "method": method,
        "layer": (f"{bb.visual_layers[model.where]} (before pooling)" if model.child is not None
                  else bb.visual_layers[model.where])})
    return Explanation(frame, maps, images.permute(0, 2, 3, 1).numpy())


def _cam(model, x, scores) -> list:
    """CAM by hand: ReLU(sum_k w_k A_k), w_k = d score / d pooled feature k."""
    out = []
    for i, score in enumerate(scores):
        with torch.enable_grad():
            logits = model(x[i:i + 1])
            maps = model.recorder.maps
            gradient, = torch.autograd.grad(score(logits[0]), maps)
        # d score / d pooled_k = sum over locations of d score / d A_k(h, w) (average pooling is linear)
        w = gradient.sum(dim=(-2, -1))[0]
        out.append(torch.relu(torch.einsum("k,khw->hw", w, maps[0].detach())).numpy())
    return out


class _Score(nn.Module):
    """pytorch-grad-cam's target: a score of one picture's logits."""

    def __init__(self, score):
        super().__init__()
        self.score = score

    def __call__(self, output):
        return self.score(output)


def _library_cam(model, x, scores, method) -> list:
    """Grad-CAM / HiResCAM maps from pytorch-grad-cam (already at picture size, scaled to [0, 1])."""
    try:
        from pytorch_grad_cam import GradCAM, HiResCAM
    except ImportError:
        raise ValueError(f"method={method!r} uses the library pytorch-grad-cam, which is not installed: pip install "
                         "grad-cam (or pip install 'cogsim[explain]'), or use method='cam'.") from None
    cls = {"gradcam": GradCAM, "hirescam": HiResCAM}[method]
    with cls(model=model, target_layers=[model.target_layer]) as cam:
        return [cam(input_tensor=x[i:i + 1], targets=[_Score(score)])[0] for i, score in enumerate(scores)]


def map_agreement(a: Explanation, b: Explanation) -> pd.Series:
    """Per picture, the correlation of two sets of maps (e.g. premorbid against damaged): 1 = the same map.

    NaN where a map is flat (nothing supports the target).
    """
    out = []
    for ma, mb in zip(a.maps, b.maps):
        fa, fb = ma.ravel(), mb.ravel()
        out.append(np.nan if fa.std() == 0 or fb.std() == 0 else float(np.corrcoef(fa, fb)[0, 1]))
    return pd.Series(out, index=a.frame["item_id"], name="map_correlation")


@renamed_keyword("names", "language")
def plot_explanations(explanations, *, labels=None, language: str = "en", lexicon_names=None, alpha: float = 0.5,
                      ax=None):
    """A grid of maps: one row per explanation (patient or severity), one column per picture.

    Each panel shows the picture with the map overlaid and, as its title, the
    patient's answer with its probability and the target's probability.

    Parameters
    ----------
    explanations : sequence of Explanation
    labels : sequence of str, optional
        Row labels (e.g. "premorbid", "hub 0.6", "visual 0.6").
    language : {"en", "ja"}
        Language of the titles' words ("answer"/"target" or 答え/目標).
    lexicon_names : mapping of str to str, optional
        Display names of items (e.g. Japanese names); default the item ids.
    ax : Axes or array of Axes, optional
        Draw into these ``rows x pictures`` panels (e.g. ``fig.subplots(2, 5)``)
        and return *ax*, as seaborn does; without it a new Figure is returned.
    """
    from matplotlib.figure import Figure

    from ._fonts import FONT_FAMILY, japanese_font

    import matplotlib

    rows = len(explanations)
    cols = len(explanations[0].frame)
    words = {"en": ("answer", "target"), "ja": ("答え", "目標")}[check_language(language)]
    show = (lambda k: (lexicon_names or {}).get(k, k))
    family = FONT_FAMILY if japanese_font() is not None else FONT_FAMILY[:1]
    with matplotlib.rc_context({"font.family": family}):
        if ax is None:
            fig = Figure(figsize=(2.1 * cols, 2.3 * rows + 0.2), layout="constrained")
            axes = np.array(fig.subplots(rows, cols, squeeze=False))
        else:
            axes = _panel_grid(ax, rows, cols)
        for r, ex in enumerate(explanations):
            for c, row in enumerate(ex.frame.itertuples()):
                panel = axes[r, c]
                panel.imshow(ex.pictures[c])
                panel.imshow(ex.maps[c], cmap="jet", alpha=alpha, vmin=0, vmax=1)
                panel.set_xticks([])
                panel.set_yticks([])
                panel.set_title(f"{words[0]}: {show(row.answer)} ({row.answer_probability:.2f})\n"
                                f"{words[1]}: {show(row.target)} ({row.target_probability:.2f})", fontsize=7)
                if c == 0 and labels is not None:
                    panel.set_ylabel(labels[r], fontsize=8)
    return fig if ax is None else ax


def _panel_grid(ax, rows: int, cols: int) -> np.ndarray:
    """*ax* (one Axes, or an array of them) as a ``(rows, cols)`` array of Axes, or a clear error."""
    from matplotlib.axes import Axes

    grid = np.asarray(ax, dtype=object).reshape(-1) if not isinstance(ax, Axes) else np.array([ax], dtype=object)
    if not all(isinstance(a, Axes) for a in grid):
        raise TypeError("The 'ax' parameter of plot_explanations must be a matplotlib Axes, an array of Axes, or "
                        f"None. Got {type(ax).__name__} instead.")
    if grid.size != rows * cols:
        raise ValueError(f"plot_explanations draws {rows} row(s) x {cols} picture(s) = {rows * cols} panels; the "
                         f"'ax' parameter holds {grid.size} Axes. Pass {rows * cols} Axes (e.g. "
                         f"fig.subplots({rows}, {cols})), or no ax for a new figure.")
    return grid.reshape(rows, cols)


def damage_maps(patient, damage: dict, battery, items, *, method: str = "gradcam", random_state=0,
                progress: bool = False):
    """Maps of one patient intact and under several lesions: what it says, and where its evidence lies.

    Parameters
    ----------
    patient : Patient
        Premorbid.
    damage : dict
        ``{label: [(severity, damaged patient), ...]}``, e.g. ``{"hub": [...], "visual": [...]}``.
    battery, items, method, random_state
        As for :func:`explain`; the target is always the pictured item, so maps
        before and after damage answer the same question.

    Returns
    -------
    (DataFrame, list of Explanation, list of str)
        One row per lesion, severity and item: ``lesion, severity, item_id,
        answer, answer_probability, target_probability, map_correlation, flat_map``
        (the map's correlation with the intact map, :func:`map_agreement`,
        NaN when either map is flat; ``flat_map``: no location of the picture
        supports the pictured item any more);
        then the explanations and their row labels, intact first (for
        :func:`plot_explanations`).
    """
    from tqdm.auto import tqdm

    todo = [("intact", 0.0, patient)] + [(label, s, p) for label, runs in damage.items() for s, p in runs]
    rows, explanations, labels = [], [], []
    intact = None
    for label, severity, who in tqdm(todo, desc="where the patient looks", unit="patient", disable=not progress):
        ex = explain(who, battery, items, target="correct", method=method, random_state=random_state)
        intact = ex if intact is None else intact
        agreement = map_agreement(intact, ex)
        frame = ex.frame[["item_id", "answer", "answer_probability", "target_probability"]].copy()
        frame.insert(0, "severity", severity)
        frame.insert(0, "lesion", label)
        frame["map_correlation"] = agreement.to_numpy()
        frame["flat_map"] = ex.maps.reshape(len(ex.maps), -1).max(1) <= 0  # no location supports the item
        rows.append(frame)
        explanations.append(ex)
        labels.append("intact" if label == "intact" else f"{label} {severity:g}")
    return pd.concat(rows, ignore_index=True), explanations, labels
