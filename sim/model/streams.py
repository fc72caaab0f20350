"""Named random streams, so that common random numbers survive a change of treatment.

Each process of the model draws from its own generator, derived from the run seed with
numpy's SeedSequence. Switching the hotline on therefore cannot shift the draws that generate
activity: both arms of a paired comparison see the same sorties, patrols and transits until the
hotline changes an encounter's course. Encounters and units get their own child streams keyed by
their serial number, so a change in one encounter does not reshuffle the draws of the others.
"""

from __future__ import annotations

import numpy as np

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
        """A generator for `stream`, optionally keyed (an encounter's identity, a serial)."""
        entropy = [self.seed, stream, *(int(k) for k in keys)]
        return np.random.Generator(np.random.PCG64(np.random.SeedSequence(entropy)))


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
