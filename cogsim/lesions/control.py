"""Impaired control of semantic retrieval: the lesion of semantic aphasia (the store is left intact).

統制の障害（意味性失語）：知識の貯蔵は無傷のまま、想起の統制だけが損なわれる。
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .._validation import check_range
from .base import Lesion, register_lesion

__all__ = ["RetrievalControl"]


@register_lesion("retrieval_control")
@dataclass(frozen=True)
class RetrievalControl(Lesion):
    """Damage the control of retrieval, not the hub's store: the lesion of semantic aphasia.

    Semantic aphasia (Jefferies & Lambon Ralph 2006) follows left prefrontal
    or temporoparietal stroke: the knowledge is there, but retrieving the part
    a task needs, and suppressing what it does not, fails from trial to trial.
    This family leaves every weight, unit and activation of the network as it
    was; it damages the step after the hub, where a task selects an answer
    from what the hub activates.  In every task (each paradigm's retrieval,
    afresh in every session) the hub's name logits reach that step with
    Gaussian noise of SD ``severity * sd * SD(intact logits)``, where
    SD(intact logits) is the SD of the hub's output over the training
    battery (stored with the patient).  So the same patient fails different
    items in different tasks and sessions, competitors the hub activates win
    more often than unrelated names, and an external constraint that removes
    competitors (a phonemic cue, :class:`~cogsim.paradigms.CuedNaming`) helps.

    What it does not model: the associative (thematic) errors of semantic
    aphasia, which would need an association norm the bundled battery lacks;
    the semantic spoke's attributes are read without the noise.

    Parameters
    ----------
    severity : float in [0, 1]
    sd : float, default 1.0
        Noise SD at severity 1, as a multiple of the intact logits' SD.
    site : "hub"
        The control of the hub's retrieval; no other site is meaningful.

    Examples
    --------
    >>> RetrievalControl(0.5, sd=2.0).relative_sd()
    1.0
    >>> RetrievalControl(0.5, site="visual")
    Traceback (most recent call last):
    ...
    ValueError: RetrievalControl damages the control of the hub's retrieval: its site must be 'hub', but got 'visual'.
    """

    sd: float = 1.0

    touches: ClassVar[str] = "control"

    def __post_init__(self):
        super().__post_init__()
        object.__setattr__(self, "sd", check_range("RetrievalControl", "sd", self.sd, low=0.0, high=100.0))
        if self.site != "hub":
            raise ValueError("RetrievalControl damages the control of the hub's retrieval: its site must be 'hub', "
                             f"but got {self.site!r}.")

    def relative_sd(self) -> float:
        """Selection-noise SD as a multiple of the intact logits' SD."""
        return self.severity * self.sd

    def apply(self, network, seed: int) -> None:
        network.weaken_control(self.relative_sd())
