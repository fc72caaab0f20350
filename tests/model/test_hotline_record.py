"""`hotline_as_practiced` against the 2023-2025 record of the line (issue 10, item 7).

The record (docs/record.md s4), about 2.7 years from the line's opening (31 Mar 2023) to Dec
2025: one crisis call rang (Japan, 6 Dec 2025) and was not answered; no crisis call was
answered; the line was not used in the two fast territorial incidents (JMSDF *Suzutsuki* in
Chinese waters, 4 Jul 2024; PLA Y-9 in Japanese airspace, 26 Aug 2024). The ceremonial call of
16 May 2023 is not an incident call and is not modelled.

Interval logic. The record is one draw of Poisson counts over T = 2.7 years, so the model is
consistent with it if its yearly rates lie where such a draw is not surprising at the 5% level:

* calls that rang: 1 in T. The exact (Garwood) two-sided 95% interval for a Poisson mean from
  one event is [0.0253, 5.572], i.e. a rate in [0.0094, 2.06] a year;
* answered calls: 0 in T. P(0 | rate r) = exp(-r T) >= 0.05 needs r <= -ln(0.05) / T = 1.11 a
  year (one-sided 95% upper bound);
* fast territorial incidents: a military entry into the other side's territorial sea or airspace
  that goes no further than the entry (rung 2) never gets a call that rings (out of scope as
  agreed; below the trigger rung; over before hours of consultation).

The simulated rates are estimated from RUN_YEARS run-years of the scenario (replication seeds of
batch seed 1, as `hotline-sim batch`); the test fails if the estimate leaves the interval, in
either direction (a line that never rings, or one answered more than once a year, fails).
"""

from __future__ import annotations

import math

from sim.config.scenarios import load_scenario
from sim.model.model import run_scenario
from sim.model.streams import replication_seeds

RECORD_YEARS = 2.7  # 31 Mar 2023 - 6 Dec 2025
RUN_YEARS = 20  # ~1.6 s a run-year on one core: about 32 s
CALLS_RATE = (0.0253 / RECORD_YEARS, 5.572 / RECORD_YEARS)  # 95% interval from 1 call
ANSWERED_MAX = -math.log(0.05) / RECORD_YEARS  # 95% upper bound from 0 answered
RANG = ("ringing", "connected", "unanswered")


def test_as_practiced_matches_the_2023_2025_record() -> None:
    scen = load_scenario("hotline_as_practiced")
    calls = answered = entries = 0
    for seed in replication_seeds(1, RUN_YEARS):
        res = run_scenario(scen, seed, days=365, record_events=False)
        calls += res.summary["hotline_calls"]
        answered += res.summary["hotline_answered"]
        # the record's fast incidents: military entries into the other side's territory with
        # no act beyond the entry itself (rung 2): survey ships, Y-9 flights, JMSDF strays
        fast = [e for e in res.encounters if e["territorial"] and e["military"]
                and e["peak_rung"] <= 2]
        entries += len(fast)
        assert not any(e["hotline_state"] in RANG for e in fast)
    rate, rate_answered = calls / RUN_YEARS, answered / RUN_YEARS
    assert entries >= RUN_YEARS  # the fast territorial incidents do happen (~4 a year)
    assert CALLS_RATE[0] <= rate <= CALLS_RATE[1], (calls, rate, CALLS_RATE)
    assert rate_answered <= ANSWERED_MAX, (answered, rate_answered, ANSWERED_MAX)
    # the record's one call unanswered needs answers to be the exception, not the rule
    assert answered < calls or calls == 0
