"""Named random streams, so that common random numbers survive a change of treatment.

Each process of the model draws from its own generator, derived from the run seed with
numpy's SeedSequence. Switching the hotline on therefore cannot shift the draws that generate
activity: both arms of a paired comparison see the same sorties, patrols and transits until the
hotline changes an encounter's course. Encounters and missions get their own child streams keyed
by what they are (an encounter by when it began and who is in it, a mission by its kind, start
time and index), never by a running counter, so an extra encounter or sortie in one arm of a
comparison does not reshuffle the draws of the others.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.random.bit_generator import ISeedSequence

#: Stream identifiers. Never reorder: the numbers are part of every stored seed's meaning.
ACTIVITY, MOVEMENT, ENCOUNTER, COMMAND, HOTLINE, WEATHER, DIPLOMACY = range(7)


class Streams:
    """Factory of independent generators for one run."""

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)
        self.activity = self.child(ACTIVITY)
        self.weather = self.child(WEATHER)
        self.command = self.child(COMMAND)
        self.hotline = self.child(HOTLINE)

    def child(self, stream: int, *keys: int) -> np.random.Generator:
        """A generator for `stream`, optionally keyed (an encounter's or a mission's identity).

        Exactly ``Generator(PCG64(SeedSequence([seed, stream, *keys])))``; with the compiled
        kernels the SeedSequence hash runs in `sim.model.kernels.seed_words_jit` (a test holds
        the two equal), which makes a generator ~3x cheaper to create (thousands per run).
        """
        entropy = [self.seed, stream, *map(int, keys)]  # (no generator frame per call)
        return np.random.Generator(np.random.PCG64(_seed_sequence(entropy)))

    def blocks(self, stream: int, *keys: int) -> Callable[[int], np.random.Generator]:
        """Block b's generator is ``child(stream, *keys, b)``: a process's pre-drawn candidates
        come block by block, so a run's history does not depend on its horizon
        (`sim.model.processes.Process.draw`)."""
        return lambda b: self.child(stream, *keys, b)


class _HashedSeed(ISeedSequence):
    """A seed sequence whose state words were computed already (by the compiled hash)."""

    __slots__ = ("words",)

    def __init__(self, words: tuple[int, int, int, int]) -> None:
        # what SeedSequence.generate_state(4, np.uint64) gives, as four plain integers
        self.words = words

    def generate_state(self, n_words: int, dtype: type = np.uint32) -> np.ndarray:
        if n_words != 4 or (dtype is not np.uint64 and np.dtype(dtype) != np.uint64):
            raise ValueError("_HashedSeed serves PCG64's 4 x uint64 state only")
        return np.array(self.words, dtype=np.uint64)


_HASH = None  # the kernels module if its compiled hash is used, or False (resolved on first use)


def _seed_sequence(entropy: list[int]) -> ISeedSequence:
    global _HASH
    if _HASH is None:
        from sim.model import kernels  # imports numba: only when a model runs

        _HASH = kernels if kernels.JIT else False
    if _HASH is not False:
        try:  # numpy refuses a word outside uint32 (OverflowError): no min() and max() scan
            words = np.array(entropy, dtype=np.uint32)
        except OverflowError:
            pass  # negative or wider than 32 bits: numpy's own SeedSequence, as before
        else:
            # (`kernels.seed_words`, looked up each call: after the first it is the compiled
            # entry point itself, without the dispatcher's typing of the argument)
            return _HashedSeed(_HASH.seed_words(words))
    return np.random.SeedSequence(entropy)


def replication_seeds(batch_seed: int, reps: int, start: int = 0) -> list[int]:
    """Seeds for replications start..start+reps-1 of a batch, independent of how many exist.

    Replication i always gets the same seed for a given batch seed, whatever the number of
    replications or workers, so a batch can grow (``--until-ci``) or resume without changing
    the runs it already has.
    """
    out = []
    for i in range(start, start + reps):
        ss = np.random.SeedSequence([int(batch_seed), i])
        out.append(int(ss.generate_state(1, dtype=np.uint32)[0]))
    return out
