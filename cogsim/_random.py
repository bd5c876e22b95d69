"""One way to turn ``random_state`` into random streams.

Every public function takes ``random_state`` (None, an int, a
``numpy.random.SeedSequence`` or a ``numpy.random.Generator``), and it means
the same everywhere: None draws fresh entropy from the operating system (not
reproducible), an int or a SeedSequence gives a reproducible stream, a
Generator is used as it is.  cogsim never touches global random state (no
``torch.manual_seed``, no ``np.random.seed``).
"""

from __future__ import annotations

import numpy as np
import torch


def check_random_state(random_state) -> np.random.Generator:
    """Normalise *random_state* to a ``numpy.random.Generator``.

    None gives fresh OS entropy (not reproducible); an int or SeedSequence a
    reproducible generator; a Generator is returned as it is.
    """
    if random_state is None or isinstance(random_state, (int, np.integer, np.random.SeedSequence)):
        if isinstance(random_state, (int, np.integer)) and not isinstance(random_state, bool) and random_state < 0:
            raise ValueError(f"The 'random_state' parameter must be a non-negative int. Got {random_state!r} instead.")
        if isinstance(random_state, bool):
            raise TypeError("The 'random_state' parameter must be None, an int or a numpy Generator. Got a bool.")
        return np.random.default_rng(random_state)
    if isinstance(random_state, np.random.Generator):
        return random_state
    raise TypeError(
        "The 'random_state' parameter must be None, an int, a numpy SeedSequence or a numpy "
        f"Generator. Got {random_state!r} of type {type(random_state).__name__} instead."
    )


def seed_sequence(random_state) -> np.random.SeedSequence:
    """A SeedSequence from *random_state*, for spawning independent streams."""
    if isinstance(random_state, np.random.SeedSequence):
        return random_state
    if isinstance(random_state, np.random.Generator):
        return np.random.SeedSequence(int(random_state.integers(0, 2**63 - 1)))
    check_random_state(random_state)  # validates
    return np.random.SeedSequence(random_state)


def spawn(random_state, n: int) -> list[np.random.SeedSequence]:
    """*n* independent child seed sequences (``SeedSequence.spawn``)."""
    return seed_sequence(random_state).spawn(n)


def child_stream(seq: np.random.SeedSequence, *key: int) -> np.random.SeedSequence:
    """The child of *seq* at path *key*, the same whatever else was spawned (order-free ``spawn``)."""
    return np.random.SeedSequence(seq.entropy, spawn_key=tuple(seq.spawn_key) + tuple(int(k) for k in key))


def int_seed(random_state) -> int:
    """A 63-bit int drawn from *random_state*: a seed to record or to pass to torch."""
    return int(check_random_state(random_state).integers(0, 2**63 - 1))


def torch_generator(seed: int) -> torch.Generator:
    """A CPU torch generator seeded with *seed*, independent of torch's global state."""
    g = torch.Generator(device="cpu")
    g.manual_seed(int(seed))
    return g
