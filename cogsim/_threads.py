"""One number of torch threads for everything cogsim caches / キャッシュするものは常に同じスレッド数で計算する.

Floating-point sums can round differently with another number of threads: on
this project's machine a hub trained with one torch thread differs in the last
bits from the same hub trained with two, and so do the backbone's features.
The cache keys say what determines an entry (inputs, seeds, code), so an entry
must not depend on the threads of whichever process happened to compute it
first: until 2026-12-06, a sweep (``threads_per_task=1``) that trained its
patient ``premorbid_random_states=(0,)`` left a one-thread hub that a later
``build_patient(random_state=0)`` of the same configuration was served instead
of the two-thread hub it would have trained itself.

:func:`cache_threads` runs its block with :data:`CACHE_THREADS` torch threads
and restores the caller's setting: hub training, the fits that finish a
patient, and every backbone computation written to the feature cache.  Two is
the count the documented numbers were computed with (torch's default on the
two-core machine of docs/performance.md), so those of ``cogsim replicate`` do
not move.  What the
paradigms compute from a patient is not cached and runs with the caller's
threads.
"""

from __future__ import annotations

from contextlib import contextmanager

#: Torch threads of every computation whose result goes into the cache.
CACHE_THREADS = 2


@contextmanager
def cache_threads():
    """Run the block with :data:`CACHE_THREADS` torch threads, then restore the caller's count."""
    import torch

    before = torch.get_num_threads()
    if before != CACHE_THREADS:
        torch.set_num_threads(CACHE_THREADS)
    try:
        yield
    finally:
        if torch.get_num_threads() != before:
            torch.set_num_threads(before)
