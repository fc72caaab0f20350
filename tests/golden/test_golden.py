"""Every golden case reproduces its stored digest (see harness.py for how to update them)."""

import pytest

from tests.golden import harness


@pytest.mark.parametrize("case", harness.CASES, ids=[c[0] for c in harness.CASES])
def test_golden_digest(case):
    cid, scenario, seed, days = case
    stored = harness.load()["cases"][cid]
    fresh = harness.run_case(scenario, seed, days)
    problems = harness.diff({"cases": {cid: stored}}, {cid: fresh})
    assert not problems, "\n".join(problems) + (
        "\nA refactor must not change outputs; a model change updates tests/golden/digests.json "
        "with `python tests/golden/harness.py --update REASON` in the same commit.")


def test_digests_name_a_reason():
    data = harness.load()
    assert data["reason"].strip() and data["history"][-1] == data["reason"]
    assert {c[0] for c in harness.CASES} == set(data["cases"])
