"""The findings' answer paragraph: the README's headline, from the stages' records.

It says what the intervals allow: estimates (the sign resolves), bounds (an interval that meets
its target and covers 0) and open screens; the encounter-level effects that resolve; and the
design map's verdict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sim.study import findings_format as fmt


def headline(records: Path | Mapping[str, dict[str, Any] | None], command: str,
             minutes: float) -> str:
    """The answer in three sentences (`short_answer`), then every headline number as a list:
    the README's first section and the findings page's section 1, written from the records
    (a results directory, or the records by stage that `findings_doc.load_records` chose)."""
    def rec(stage: str) -> dict[str, Any] | None:
        if isinstance(records, Mapping):
            r = records.get(stage)
            return None if r is None or "failed" in r else r
        return fmt.load(Path(records), stage)

    main, mp, sc, dr, pl = (rec(s) for s in ("main", "map", "screening", "drivers", "plausible"))
    us = [r for r in (rec("uses"), rec("uses_built")) if r]
    wear = [r for r in (rec("uses_wear"), rec("uses_wear_built")) if r]
    if main is None:
        return "(no main stage has been run: `make findings`)"
    repro = (f"Reproduce with `{command}` (the stage records behind these numbers sum to "
             f"{minutes:.0f} min of wall time on this 2-core machine; design "
             "and status of every number in [docs/findings.md](docs/findings.md); the "
             f"headline's {main['reps']} pairs exactly, on any machine: `hotline-sim findings "
             f"--only main" + _reps_flag(main)
             + (f" --design {main['design']}" if main.get("design", "session") != "session"
                else "")
             + (f" --seed {main['seed']}" if main.get("seed", 1) != 1 else "") + "`).")
    details = "\n".join(f"- {d}" for d in detail_items(main, mp, sc, dr, pl, us, wear))
    uses = " ".join(x for x in (uses_short(us), wear_short(wear)) if x)
    return (f"{short_answer(main, mp)}{' ' + uses if uses else ''} {repro}\n\nIn detail:"
            f"\n\n{details}")


def _reps_flag(main: dict[str, Any]) -> str:
    """`` --reps N`` unless N is the pairs its design fixes (the session design's, since 0.15)."""
    from sim.study.findings import fixed_by_design

    return "" if fixed_by_design(main.get("design", "session"), main["reps"]) else \
        f" --reps {main['reps']}"


def uses_short(us: list[dict[str, Any]]) -> str:
    """One sentence for the short answer from the ``uses`` stages: every step from a reference
    line that resolves and is not negligible, per reference, with how often the line is then
    called (the model charges nothing for a call). Empty when none resolves."""
    parts, calls = [], []
    for u in us:
        st = [r for r in u.get("steps") or [] if r.get("axis") == "panel"
              and r.get("diff_severe_hazard_status") == "estimate"]
        ref = (u.get("table") or [{}])[0]
        big = [r for r in st if not _negligible(r, ref.get("diff_severe_hazard"))]
        if not big:
            continue
        name = _short(str(ref.get("panel", "?")).removeprefix("reference: "))
        parts.append(" and ".join(
            f"{_short(r['b'])} {fmt.signed(r['diff_severe_hazard'], 3)} "
            f"[{fmt.signed(r['diff_severe_hazard_lo'], 3)}, "
            f"{fmt.signed(r['diff_severe_hazard_hi'], 3)}]" for r in big) + f" for {name}")
        use = {x["panel"]: x["calls"] for x in u.get("use") or []}
        base = use.get(ref.get("panel"))
        calls += [f"{_short(r['b'])} rings ~{use[r['b']]:.0f} times a year for {name} "
                  f"(~{base:.0f} at rung 3)" for r in big
                  if r["b"] in use and base is not None and use[r["b"]] > 10 * max(base, 0.1)]
    if not parts:
        return ""
    rn, cn = us[0]["rows"], us[0]["cols"]
    return ("How it is used matters too: from a line "
            f"{_axis(rn['name'], rn['values'][0])} and {_axis(cn['name'], cn['values'][0])}, "
            "expected severe incidents a year change, against the same line as agreed (called "
            "at rung 3, unsafe approaches; the agreed scope), by " + "; ".join(parts)
            + " (sections 4b-4c"
            + ("; " + ", ".join(calls) + ", and the model lets calls cost nothing"
               if calls else "") + ").")


def short_answer(main: dict[str, Any], mp: dict[str, Any] | None) -> str:
    """Three sentences: what the lines do to the yearly probability (with the verdict its
    intervals allow), what the line as practised is and what resolves where lines act, and
    what a line would need -- read off the records, so a run that resolves an effect changes
    the words."""
    est, arms = main["estimates"], main["per_arm"]
    base = arms.get(main.get("base", "status_quo_2022"), {})
    rds = [e for e in est if e["outcome"] == "p_severe_rd"]
    named = "; ".join(f"{_label(e['treatment'])} {fmt.ci(e)}" for e in rds) or "none run"
    resolved = [e for e in rds if e["status"] == "estimate"]
    if resolved:
        verdict = "the change resolves for " + ", ".join(
            f"{_label(e['treatment'])} ({e['est']:+.3f})" for e in resolved)
    elif rds and all(e.get("meets_target") for e in rds):
        b = max(max(abs(e["lo"]), abs(e["hi"])) for e in rds)
        verdict = (f"for every hotline tested the 95% CI excludes a change larger than {b:.3f} "
                   "either way")
    else:
        verdict = "the changes do not resolve at this size"
    one = (f"In {main['reps']} paired simulated years of the 2022 status quo, a severe "
           "incident (an encounter reaching a hazardous act) happens in "
           f"{fmt.p(base['p_severe'], 2)} of years, and {verdict} (paired 95% CIs: {named}).")
    prac = arms.get("hotline_as_practiced")
    two = (f"As practised the line is called {fmt.p(prac['calls'], 2)} times a year and "
           f"answered {fmt.p(prac['answered'], 2)} times; " if prac else "")
    shared = [e for e in est if e["outcome"] == "shared_hazard_diff" and e["status"] ==
              "estimate"]
    down = sorted((e for e in shared if e["hi"] < 0), key=lambda e: e["est"])
    up = [e for e in shared if e["lo"] > 0]
    hz = base.get("severe_hazard")
    where = "in the encounters both arms share, where a line acts, "
    if down:  # the two largest falls; every one is in the list that follows
        two += (where + "expected severe incidents fall by " + " and ".join(
            f"{abs(e['est']):.3f} [{abs(e['hi']):.3f}, {abs(e['lo']):.3f}] a year with "
            f"{_with(e['treatment'])}" for e in down[:2])
            + (f" (and {len(down) - 2} more)" if len(down) > 2 else "")
            + (f" (status quo: {hz[0]:.3f} a year)" if hz else ""))
        two += ("; they rise with " + ", ".join(_label(e["treatment"]) for e in up)
                if up else "") + "."
    elif up:
        two += where + "expected severe incidents rise with " + ", ".join(
            _label(e["treatment"]) for e in up) + "."
    else:
        two += where + "no line's effect resolves."
    return (f"{one} {two[0].upper()}{two[1:]} "
            f"{_needs(down, resolved, mp, [e['treatment'] for e in rds])}")


#: What each tested design adds to the line as practised, for the "would need" sentence.
ADDS = {"hotline_as_agreed": "being used as agreed (called at rung 3 and answered)",
        "hotline_as_agreed+residual_max": "calls that also relieve tension beyond the encounter "
                                          "at hand",
        "hotline_theater_link": "a link that reaches the theatre commands",
        "hotline_full_scope": "a scope that covers coast guards and fishing incidents",
        "hotline_as_agreed+orders": "calls that reach the orders behind a deliberate signal",
        "hotline_theater_link+orders": "a theatre-level link whose calls reach the orders "
                                       "behind a deliberate signal"}

#: How a variant of a named line (``name+tag``, `sim.study.findings.main_scenarios`) is said.
VARIANTS = {"residual_max": (" with the residual at its maximum",
                             " (residual relief at its maximum)"),
            "orders": (" reaching the orders behind a signal",
                       " (its calls reaching the orders behind a signal)")}


def _with(t: str) -> str:
    """'with ...' phrasing of a treatment: 'the agreed line (residual at its maximum)'."""
    base, _, extra = t.partition("+")
    name = {"hotline_as_practiced": "the line as practised", "hotline_as_agreed":
            "the agreed line", "hotline_theater_link": "a theatre-level link",
            "hotline_full_scope": "a full-scope line"}.get(base, f"`{base}`")
    return name + (VARIANTS.get(extra, ("", f" ({extra})"))[1] if extra else "")


def _needs(down: list[dict[str, Any]], resolved: list[dict[str, Any]],
           mp: dict[str, Any] | None, tested: tuple[str, ...] | list[str] = ()) -> str:
    """The third sentence: what a line would need, from which designs resolve a reduction
    where lines act and in the yearly probability, and from the design map; the mechanism no
    call reaches is the model's own (docs/model.md 3.3.9, tested in
    tests/model/test_signal_delay.py)."""
    adds = [ADDS[e["treatment"]] for e in down if e["treatment"] in ADDS]
    fewer_years = [e for e in resolved if e["est"] < 0]
    cells = mp["table"] if mp else []
    moved = [r for r in cells if r.get("rd_severe_status") == "estimate"]
    fewer = [r for r in moved if r["rd_severe"] < 0]
    listed = ("" if not fewer else f": {_cells(fewer, mp)}" if len(fewer) <= 2 else
              f", {_span(fewer, 'rd_severe')}")
    paired = steps_clause(mp, "diff_severe_hazard") if mp else ""
    mapped = (("all" if len(moved) == len(cells) > 1 else "none" if not moved else
               f"{len(moved)} of the") + f" {len(cells)} designs mapped over "
              f"answer probability and time to connect ({_panels(cells)}) resolve"
              + ("s" if len(moved) <= 1 else "") + " a change in them"
              + (f" ({len(fewer)} a reduction{listed}{_joint(fewer, 'rd_severe')})"
                 if moved else "")
              + (f", and between neighbouring designs (paired) expected severe incidents a year "
                 f"fall for {paired}" if paired and len(fewer) > 2 else "")
              if cells else "")
    if fewer_years:
        lead = "A line changes the yearly odds here when it has " + _or(
            [ADDS.get(e["treatment"], _label(e["treatment"])) for e in fewer_years])
        lead += f"; {mapped}" if mapped else ""
    elif adds:
        lead = ("What a line would need, on this evidence: what resolves where lines act -- "
                + ", or ".join(adds) + " -- and more of it, since "
                + {1: "it does not move", 2: "neither moves"}.get(len(adds), "none of them moves")
                + " the yearly odds" + (f", while {mapped}" if mapped else ""))
    else:
        lead = ("No design tested resolves a reduction, even where lines act"
                + (f", and {mapped}" if mapped else ""))
    return f"{lead}; {_signal_clause(down, resolved, tested)}"


def _and(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _or(items: list[str]) -> str:
    """'a', 'a or b', 'a, b, or c'."""
    return items[0] if len(items) == 1 else (", ".join(items[:-1]) + ("," if len(items) > 2
                                                                      else "") + " or " + items[-1])


def _panels(cells: list[dict[str, Any]]) -> str:
    """The design map's panels by label, in order: which line the map is of."""
    return "; ".join(dict.fromkeys(str(r.get("panel", "?")) for r in cells))


def _signal_clause(down: list[dict[str, Any]], resolved: list[dict[str, Any]],
                   tested: list[str]) -> str:
    """The closing clause on deliberate signals: as built a call delays one rather than
    cancelling it (docs/model.md 3.3.9); when the ``+orders`` variants were run, what their
    intervals say -- a resolved fall is already named by the lead, a resolved rise is named
    here, and otherwise whether they act where lines act and that no yearly change resolves."""
    fact = "as built, a call delays a deliberate signal rather than cancelling it"
    orders = {t for t in tested if t.endswith("+orders")}
    if not orders:
        return ("and in the model a call cannot reach the orders behind a deliberate signal, "
                "only delay it (docs/model.md 3.3.9).")
    if any(e["treatment"] in orders and e["est"] < 0 for e in resolved):
        return f"{fact} (docs/model.md 3.3.9)."
    up = [e for e in resolved if e["treatment"] in orders and e["est"] > 0]
    if up:
        return (f"{fact}, and the yearly odds rise with " + ", ".join(
            f"{_label(e['treatment'])} ({e['est']:+.3f})" for e in up)
            + " (docs/model.md 3.3.9).")
    acts = any(e["treatment"] in orders for e in down)
    return (f"{fact}; with its calls reaching the orders behind it"
            + (" a line acts where lines act, but" if acts else ",")
            + " no change in the yearly odds resolves at this size (docs/model.md 3.3.9).")


def detail_items(main: dict[str, Any], mp: dict[str, Any] | None,
                 sc: dict[str, Any] | None, dr: dict[str, Any] | None = None,
                 pl: dict[str, Any] | None = None, us: list[dict[str, Any]] | None = None,
                 wear: list[dict[str, Any]] | None = None) -> list[str]:
    """Every headline number with its interval, half-width, target and status."""
    est, arms = main["estimates"], main["per_arm"]
    base = arms.get(main.get("base", "status_quo_2022"), {})
    items = [f"P(severe incident in a year), status quo: {fmt.ps(base['p_severe'], 2)}; paired "
             "risk differences: " + "; ".join(
                 f"{_label(t)} {fmt.tagged(e)}" for t in ("hotline_as_practiced",
                                                          "hotline_as_agreed",
                                                          "hotline_theater_link")
                 if (e := fmt.find(est, "p_severe_rd", t)) is not None) + "."]
    prac, agreed = arms.get("hotline_as_practiced"), arms.get("hotline_as_agreed")
    if prac is not None and agreed is not None:
        items.append(f"Calls a year: as practised {fmt.ps(prac['calls'], 2)}, answered "
                     f"{fmt.ps(prac['answered'], 2)}; as agreed {fmt.ps(agreed['calls'], 2)}, "
                     f"answered {fmt.ps(agreed['answered'], 2)}.")
    resid = fmt.find(est, "p_severe_rd", "hotline_as_agreed+residual_max")
    if resid is not None:
        items.append("With the unobserved residual tension relief per call at its plausible "
                     f"maximum, the agreed line's effect is {fmt.tagged(resid)}.")
    orders = [e for t in ("hotline_as_agreed+orders", "hotline_theater_link+orders")
              if (e := fmt.find(est, "p_severe_rd", t)) is not None]
    if orders:
        items.append("With every connected call reaching the orders behind a deliberate signal "
                     "(`hotline_reaches_orders` = 1, a lever beyond the agreed line; "
                     "docs/model.md 3.3.9): " + "; ".join(
                         f"{_with(e['treatment'].partition('+')[0])} {fmt.tagged(e)}"
                         for e in orders) + ".")
    items += _resolution(main)
    items += [s for s in (_hazard_sentence(main), _encounter_sentence(main)) if s]
    if mp is not None:
        items.append(map_sentence(mp))
    items += [uses_sentence(u) for u in us or []]
    items += [wear_sentence(w) for w in wear or []]
    if sc is not None:
        items.append(screening_sentence(sc))
    if dr is not None:
        items.append(drivers_sentence(dr))
    if pl is not None and "failed" not in pl:
        items.append(plausible_sentence(pl))
    return items


def plausible_sentence(pl: dict[str, Any]) -> str:
    """What the record allows (history matching) and, where run, the line's effect there and
    what decides it (`sim.study.history`, `uncertainty`, `radial`)."""
    p, lo, hi = pl["share"]
    out = (f"Of the assumptions' joint worlds, {p:.2f} [{lo:.2f}, {hi:.2f}] are consistent with "
           f"the record ({pl['nroy']} of {pl['points']} sampled; history matching)")
    e, r = pl.get("effect"), pl.get("radial")
    if not e:
        return out + "."
    med, mlo, mhi = e["median_cut"]
    k, klo, khi = e["share_cut"]
    out += (f"; in them the line {_label(pl['treatment'])} cuts expected severe incidents by a "
            f"median {med:.0%} [{mlo:.0%}, {mhi:.0%}] (quartiles {e['quartiles'][0]:.0%} and "
            f"{e['quartiles'][1]:.0%}), and by at least {e['cut']:.0%} in {k:.2f} "
            f"[{klo:.2f}, {khi:.2f}] of them")
    c = pl.get("radial_confirm") or {}
    conf = c.get("at_reps")
    if r and conf and conf["verdict"] == "holds":  # the same stars at more years decide
        halves = ("agree" if r["verdict"] == "holds" else
                  f"do not agree (Spearman {_rho(r)})")
        out += (f"; what decides it there (a ranking: the two halves of its "
                f"{sum(r['stars'])} radial stars {halves}, the first {c['stars']} at "
                f"{c['reps']} paired years a point do, Spearman {_rho(conf)}): "
                + ", ".join(f"`{g}`" for g in conf["ranking"][:3]) + _noise_clause(conf))
    elif r:
        top = ", ".join(f"`{g}`" for g in r["ranking"][:3])
        out += ("; what decides it there " + ("(a ranking: two halves of its radial design "
                f"agree, Spearman {_rho(r)}): " if r["verdict"] == "holds" else
                f"is not resolved (two halves of its radial design: Spearman {_rho(r)}, "
                f"{r['verdict']}; a screen), led by ") + top)
        out += _noise_clause(r)
        if conf:
            out += (f" (the first {c['stars']} stars at {c['reps']} paired years a point: "
                    f"Spearman {_rho(conf)}, {conf['verdict']})")
    return out + "."


def _rho(r: dict[str, Any]) -> str:
    v = r["rank_correlation"]
    return f"{v:.2f}" if v == v else "n/a"


def _noise_clause(r: dict[str, Any]) -> str:
    """Which groups' mu* stands above replication noise (`sim.study.radial.above_floor`)."""
    from sim.study.radial import above_floor

    above = above_floor(r)
    if above is None:
        return ""
    if not above:
        return ("; no group's mu* lies above its replication-noise floor (95% interval over "
                "stars)")
    names = ", ".join(f"`{g}`" for g in above)
    rest = len(r["ranking"]) - len(above)
    if not rest:
        return ("; every group's mu* lies above its replication-noise floor (95% interval over "
                "stars)")
    verb = "lies above its" if len(above) == 1 else "lie above their"
    return (f"; only {names} {verb} replication-noise floor (95% interval over stars), the "
            f"other {rest} cannot be told from noise at these replications")


def drivers_sentence(dr: dict[str, Any]) -> str:
    """What decides the effect of the line the drivers stage screened: its top groups where
    the two seeds agree, else that they do not."""
    rho, by = dr["rank_correlation"], dr["rank_by"]
    who = _label(dr["treatment"])
    tried = dr.get("tried") or ["log_hazard_ratio", "shared_hazard", "diff_hazard"]
    rhos = ", ".join(f"{o} {rho[o]:.2f}" for o in tried if math.isfinite(rho.get(o, math.nan)))
    from sim.study.screening import drivers_verdict

    verdict, c = drivers_verdict(dr), dr.get("confirmation")
    pool = (c or {}).get("pooled")
    if pool:  # wave 9: the test of a design twice as large decides
        a, b = ("+".join(map(str, s)) for s in pool["seeds"])
        test = (f"Spearman {pool['rank_correlation']:.2f} between seeds {a} and {b} pooled, "
                f"{pool['trajectories']} trajectories each")
        if not c["holds"]:
            test += ("; a third seed alone did not confirm it: "
                     + ", ".join(f"{r:.2f}" for r in c["rank_correlation"]))
        if verdict == "ranking":
            return (f"What decides the effect of the line {who} ({by}; {test}): "
                    + ", ".join(f"`{f}`" for f in pool["ranking"][:4]) + ".")
        if verdict == "unconfirmed":
            return (f"What decides the effect of the line {who} is not resolved: two seeds of "
                    f"its Morris screening agree on {by}, but two designs of "
                    f"{pool['trajectories']} trajectories do not ({test}); a screen, led by "
                    + ", ".join(f"`{f}`" for f in pool["ranking"][:3]) + ".")
    if verdict == "unconfirmed":
        return (f"What decides the effect of the line {who} is not resolved: two seeds of its "
                f"Morris screening agree on {by} (the first of {len(tried)} outcomes tried in a "
                f"fixed order; Spearman {rhos}), but a third seed run to test that choice does "
                "not (" + ", ".join(f"{r:.2f}" for r in c["rank_correlation"])
                + "); a screen, led by " + ", ".join(f"`{f}`" for f in dr["ranking"][:3])
                + ".")
    if verdict == "ranking":
        conf = ("; on a third seed " + ", ".join(f"{r:.2f}" for r in c["rank_correlation"])
                + ", it holds") if c else ""
        return (f"What decides the effect of the line {who} ({by}, the first of {len(tried)} "
                f"outcomes tried in a fixed order whose two seeds agree; Spearman {rhos}"
                f"{conf}): " + ", ".join(f"`{f}`" for f in dr["ranking"][:4]) + ".")
    return (f"What decides the effect of the line {who} is not resolved: two seeds of its Morris "
            "screening do not agree" + (f" ({rhos}; a screen)." if rhos else
                                        " (no rank correlation could be computed; a screen)."))


def screening_sentence(sc: dict[str, Any]) -> str:
    """Which assumptions decide the base rate (the stable ranking and its Sobol indices) and
    whether the effect's ranking is stable."""
    rho, stable = sc["rank_correlation"], sc["stable"]
    by = sc["rank_by"]
    rows = [r for r in sc.get("sobol", []) if r["outcome"] == by]
    ok = sc.get("sobol_checks", {}).get(by, {}).get("adequate", False)
    sob = ("; Sobol " + ", ".join(f"`{r['factor']}` S1 {r['S1']:.2f} ± {r['S1_conf']:.2f}, "
                                  f"ST {r['ST']:.2f} ± {r['ST_conf']:.2f}" for r in rows)
           + (" (adequate: every CI narrower than 0.1)" if ok else " (a screen: CIs of 0.1 or "
              "wider)")) if rows else ""
    effects = [o for o in ("shared_hazard", "diff_hazard") if o in rho]
    eff = ("; the ranking of the effect of the line it screens (as agreed, as built: an effect "
           "near 0) is " + ("stable" if any(
        stable.get(o) for o in effects) else "not stable (" + ", ".join(
            f"{o} {rho[o]:.2f}" for o in effects) + ")")) if effects else ""
    what = ("how often severe incidents arise" if by in ("log_base_hazard", "base_hazard")
            else "the line's effect")
    return (f"Which assumptions decide {what} ({by}, Spearman between seeds {rho[by]:.2f}, "
            f"{'stable' if stable.get(by) else 'a screen'}): "
            + ", ".join(f"`{f}`" for f in sc["ranking"][:4]) + sob + eff + ".")


LABELS = {"hotline_as_practiced": "the line as practised", "hotline_as_agreed": "as agreed",
          "hotline_theater_link": "a theatre-level link", "hotline_full_scope": "full scope"}


def _label(t: str) -> str:
    base, _, extra = t.partition("+")
    return LABELS.get(base, f"`{base}`") + (VARIANTS.get(extra, (f" ({extra})",))[0]
                                            if extra else "")


def _resolution(main: dict[str, Any]) -> list[str]:
    """What the P(severe) differences say, by what their intervals allow: estimates (the sign
    resolves), bounds (the interval meets its target and covers 0: no effect larger than the
    bound, printed as a screen), and open screens (wider than their target and effect)."""
    rds = [e for e in main["estimates"] if e["outcome"] == "p_severe_rd"]
    target = main["targets"].get("p_severe_rd", 0.02)
    est = [e for e in rds if e["status"] == "estimate"]
    bound = [e for e in rds if e["status"] != "estimate" and e.get("meets_target")]
    open_ = [e for e in rds if e["status"] != "estimate" and not e.get("meets_target")]
    out = []
    if est:
        out.append("Resolved (interval narrower than the effect): " + "; ".join(
            f"{_label(e['treatment'])} {e['est']:+.3f}" for e in est) + ".")
    if bound:
        b = max(max(abs(e["lo"]), abs(e["hi"])) for e in bound)
        out.append(f"For {', '.join(_label(e['treatment']) for e in bound)}, the interval "
                   f"meets its ±{target:g} target and covers 0: no change in P(severe) larger "
                   f"than {b:.3f} either way (a bound, not an estimated effect: screen).")
    if open_:
        rounds = main["until_ci"].get("rounds") or [{}]
        need = rounds[-1].get("needed", "?")
        out.append(f"**{len(open_)} of {len(rds)} differences do not resolve**: their "
                   f"intervals are wider than the ±{target:g} target and than the effect "
                   f"(screens); the last round's half-widths, scaled as 1/sqrt(n), say ~{need} "
                   f"pairs would be needed ({main['until_ci']['stopped']} at {main['reps']}).")
    return out


def _hazard_sentence(main: dict[str, Any]) -> str:
    """The severe-incident rate by conditional Monte Carlo (`severe_hazard`): the expected
    number of severe incidents a year and each line's paired change in it, with its status."""
    diffs = [e for e in main["estimates"] if e["outcome"] == "severe_hazard_diff"]
    if not diffs:
        return ""
    base = main["per_arm"].get(main.get("base", "status_quo_2022"), {}).get("severe_hazard")
    ref = (f"{base[0]:.3f} [{base[1]:.3f}, {base[2]:.3f}] a year in the status quo; "
           if base else "")
    shared = [e for e in main["estimates"] if e["outcome"] == "shared_hazard_diff"]
    text = ("Summing every decision round's chance of a hazardous act (conditional Monte "
            "Carlo: the same expectation as the count, less noise), severe incidents are "
            f"expected {ref}the paired change per year is " + "; ".join(
                f"{_label(e['treatment'])} {fmt.tagged(e, 4)}" for e in diffs) + " -- "
            "carried by the few years in which the two arms drift into different crises "
            "(heavy-tailed pairs; the agreed line's largest rises, traced, are years in which "
            "a call delays a deliberate signal it cannot cancel: docs/model.md 3.3.9), so a "
            "sign there rests on a handful of years.")
    if shared:
        text += (" In the encounters both arms share, where the line acts, the change is "
                 + "; ".join(f"{_label(e['treatment'])} {fmt.tagged(e, 4)}" for e in shared)
                 + ".")
    return text


def _encounter_sentence(main: dict[str, Any]) -> str:
    """The encounter-level effects that resolve: among the rung-3 encounters both arms share,
    the change in the risk of a hazardous act (the place a line can act; the yearly
    probability dilutes it over the years with no such encounter)."""
    res = [e for e in main["estimates"] if e["outcome"] == "cond_risk_rd"
           and e["status"] == "estimate"]
    if not res:
        return ""
    base = next((e for e in main["estimates"] if e["outcome"] == "cond_risk"
                 and e["treatment"] == e["base"] == main.get("base", "status_quo_2022")), None)
    ref = f" (the status quo's risk: {base['est']:.3f})" if base else ""
    return ("Inside encounters the line does act: among the rung-3 encounters both arms share, "
            "the risk that one becomes a hazardous act changes by " + "; ".join(
                f"{_label(e['treatment'])} {e['est']:+.4f} [{e['lo']:+.4f}, {e['hi']:+.4f}]"
                for e in res) + f" (paired, estimates){ref} -- the place a line can act; the "
            "yearly probability dilutes it over the years with no such encounter.")


def map_sentence(mp: dict[str, Any]) -> str:
    rows = mp["table"]
    for col, what in (("rd_severe", "P(severe)"), ("diff_peak_ge_4", "severe incidents"),
                      ("diff_severe_hazard", "expected severe incidents"),
                      ("diff_peak_ge_3", "rung-3 encounters")):
        good = [r for r in rows if r.get(f"{col}_status") == "estimate" and r[col] < 0
                and r[f"{col}_hi"] < 0]
        if good:
            b = min(good, key=lambda r: r[col])
            return (f"Of {len(rows)} hotline designs mapped ({_panels(rows)}; {mp['reps']} "
                    "pairs each; "
                    f"{_hw_range(rows)}), "
                    f"{len(good)} resolve{'s' if len(good) == 1 else ''} a reduction in {what}"
                    f"{_joint(good, col)}; "
                    f"the largest: {b['panel']}, {_axis(mp['rows']['name'], b['row'])} and "
                    f"{_axis(mp['cols']['name'], b['col'])}: "
                    f"{fmt.signed(b[col], 4)} [{fmt.signed(b[f'{col}_lo'], 4)}, "
                    f"{fmt.signed(b[f'{col}_hi'], 4)}]"
                    + ("" if col == "rd_severe" else " a year") + "." + _steps_detail(mp))
    return (f"None of the {len(rows)} hotline designs mapped ({_panels(rows)}; {mp['reps']} "
            f"pairs each; {_hw_range(rows)}) resolves a reduction in P(severe), severe "
            "incidents (counted or expected) or rung-3 encounters: every cell is a screen.")


def uses_reference(us: dict[str, Any]) -> str:
    """The ``uses`` map's reference line in words: 'the agreed line answered 95% of the time
    and connected in 15 min, calls reaching the orders behind a signal (call at rung 3, ...)'."""
    rows = us.get("table") or []
    label = str(rows[0]["panel"]).removeprefix("reference: ") if rows else "?"
    rn, cn = us["rows"], us["cols"]
    return (f"{label}, {_axis(rn['name'], rn['values'][0])} and "
            f"{_axis(cn['name'], cn['values'][0])}")


def _step_value(r: dict[str, Any], col: str) -> str:
    digits = 4 if col == "diff_severe_hazard" else 3
    star = "*" if r.get(f"{col}_fw_status") == "estimate" else ""
    return (f"{fmt.signed(r[col], digits)} [{fmt.signed(r[f'{col}_lo'], digits)}, "
            f"{fmt.signed(r[f'{col}_hi'], digits)}] ({r[f'{col}_status']}{star})")


def uses_sentence(us: dict[str, Any]) -> str:
    """When a line is used and what for (the ``uses`` stage): each variant's paired step from
    the reference line in expected severe incidents a year, every one listed with its interval
    and status (there are few), then how many resolve, under simultaneous intervals too."""
    st = [r for r in us.get("steps") or [] if r.get("axis") == "panel"]
    if not st:
        return ("When a line is used and what for: no step from the reference line was "
                "computed (no variant ran).")
    col = "diff_severe_hazard"
    down = [r for r in st if r[f"{col}_status"] == "estimate" and r[col] < 0]
    up = [r for r in st if r[f"{col}_status"] == "estimate" and r[col] > 0]
    joint = sum(r.get(f"{col}_fw_status") == "estimate" for r in down + up)
    listed = "; ".join(f"{_short(r['b'])} {_step_value(r, col)}" for r in st)
    n = len(st)
    verdict = (f"{len(down)} of {n} lower them and {len(up)} raise them" if down or up else
               "it does not resolve" if n == 1 else f"none of the {n} resolves")
    rd = [r for r in st if r.get("rd_severe_status") == "estimate"]
    ref = (us.get("table") or [{}])[0].get(col)
    small = [r for r in down + up if _negligible(r, ref)]
    return (f"When a line is used and what for, each changed alone from {uses_reference(us)} "
            f"({us['reps']} pairs; paired change in expected severe incidents a year, 95% CI; "
            f"* also under simultaneous intervals over the "
            f"{'change' if n == 1 else f'{n} changes'}): {listed}. "
            f"{verdict[0].upper()}{verdict[1:]}"
            + (f"; {joint} of these hold{'s' if joint == 1 else ''} under simultaneous "
               "intervals" if down or up else "")
            + ("; " + _and([_short(r["b"]) for r in small])
               + f" change{'s' if len(small) == 1 else ''} them by less than "
               f"{NEGLIGIBLE:.0%} of the reference line's own effect ({fmt.signed(ref, 4)} a "
               "year against the status quo): resolved in sign, negligible in size"
               if small else "")
            + f"; in P(severe), {len(rd)} of {n} resolve"
            + (": " + "; ".join(f"{_short(r['b'])} {_step_value(r, 'rd_severe')}" for r in rd)
               if rd else "") + "." + _against_base(us)
            + _use_clause(us, [r for r in down + up if r not in small]))


def _against_base(us: dict[str, Any]) -> str:
    """Which designs change P(severe) against the status quo where the reference does not, or
    lose it where the reference does: what a change of the line's use does to the yearly
    odds themselves, not only to the step."""
    rows = us.get("table") or []
    if len(rows) < 2 or any("rd_severe_status" not in r for r in rows):
        return ""
    ref, rest = rows[0], rows[1:]

    def val(r: dict[str, Any]) -> str:
        return (f"{fmt.signed(r['rd_severe'], 3)} [{fmt.signed(r['rd_severe_lo'], 3)}, "
                f"{fmt.signed(r['rd_severe_hi'], 3)}]")
    if ref["rd_severe_status"] == "estimate":
        lost = [r for r in rest if r["rd_severe_status"] != "estimate"]
        return (" Against the status quo, P(severe) resolves for the reference line "
                f"({val(ref)}) and no longer for " + "; ".join(
                    f"{_short(r['panel'])} ({val(r)})" for r in lost) + "." if lost else "")
    gained = [r for r in rest if r["rd_severe_status"] == "estimate"]
    return (f" Against the status quo, the reference line's P(severe) does not resolve "
            f"({val(ref)})" + ("; it does for " + "; ".join(
                f"{_short(r['panel'])} ({val(r)})" for r in gained) if gained else "") + ".")


#: A resolved step smaller than this share of the reference line's own effect is called
#: negligible in size. Set after the notice steps of wave 12 were seen (0.15 % and 0.5 %): a
#: label for the page, not part of the preregistered test.
NEGLIGIBLE = 0.01


def _negligible(step: dict[str, Any], ref: Any, col: str = "diff_severe_hazard") -> bool:
    """Is `step` smaller than `NEGLIGIBLE` of the reference line's own effect `ref` (False
    when that effect is unknown or 0)?"""
    return (isinstance(ref, (int, float)) and bool(ref)
            and abs(step[col]) < NEGLIGIBLE * abs(ref))


def _use_clause(us: dict[str, Any], steps: list[dict[str, Any]]) -> str:
    """How much the line of each design whose step resolves is used, beside the reference's:
    a step bought by forty times the calls reads differently (`findings.use_per_design`)."""
    use = {u["panel"]: u for u in us.get("use") or []}
    ref = use.get((us.get("table") or [{}])[0].get("panel"))
    said = [f"{_short(r['b'])} {use[r['b']]['calls']:.1f}" for r in steps if r["b"] in use]
    if ref is None or not said:
        return ""
    return (f" Calls a year: the reference {ref['calls']:.1f}, " + ", ".join(said)
            + " (the model charges nothing for a call: docs/model.md 3.3.8).")


def _steps_detail(mp: dict[str, Any]) -> str:
    """The map's steps in expected severe incidents (the outcome that resolves best)."""
    text = steps_clause(mp, "diff_severe_hazard")
    inter = interactions_clause(mp)
    return ((" Between neighbouring designs (paired), a fall in expected severe incidents a year "
             f"resolves for {text}." if text else "")
            + (f" Interactions (paired differences of two steps): {inter}." if inter else ""))


def _span(rows: list[dict[str, Any]], col: str) -> str:
    """The range of `col` over `rows`: '-0.024 to -0.007' (one value alone)."""
    v = sorted(r[col] for r in rows)
    digits = 4 if col == "diff_severe_hazard" else 3
    return (fmt.signed(v[0], digits) if len(v) == 1 or v[0] == v[-1]
            else f"{fmt.signed(v[0], digits)} to {fmt.signed(v[-1], digits)}")


_short = fmt.panel_name  # a panel's label up to its first comma or parenthesis


def _step_label(axis: str, a: Any, b: Any, mp: dict[str, Any]) -> str:
    """A step between map designs in words: 'answered 95% rather than 30% of the time',
    'connected in 15 min rather than 4 h', 'theatre-level link rather than as agreed'."""
    if axis == "panel":
        return f"{_short(b)} rather than {_short(a)}"
    name = mp["rows" if axis == "row" else "cols"]["name"]
    if name == "hotline_answer_prob":
        return f"answered {b:.0%} rather than {a:.0%} of the time"
    if name == "hotline_consult_hours":
        return (_axis(name, b) + " rather than " + _axis(name, a).removeprefix("connected in "))
    return f"{name} {b:g} rather than {a:g}"


def _residual_tag(r: dict[str, Any], several: bool) -> str:
    res = r.get("residual")
    if not several or res is None or (isinstance(res, float) and math.isnan(res)):
        return ""
    return f" (residual {res:g})"


def _tally(rs: list[dict[str, Any]], col: str, first: bool) -> str:
    """'in 3 of 4 comparisons (-0.011 to -0.007; 2 under simultaneous intervals)', with any
    resolved rise named after it."""
    down = [r for r in rs if r[f"{col}_status"] == "estimate" and r[col] < 0]
    up = [r for r in rs if r[f"{col}_status"] == "estimate" and r[col] > 0]
    joint = sum(r.get(f"{col}_fw_status") == "estimate" for r in down)
    text = f"in {len(down)} of {len(rs)}" + (" comparisons" if first else "")
    if down:
        text += (f" ({_span(down, col)}; {joint} under simultaneous intervals)"
                 if any(f"{col}_fw_status" in r for r in down) else f" ({_span(down, col)})")
    if up:
        text += f", a rise in {len(up)} ({_span(up, col)})"
    return text


def steps_clause(mp: dict[str, Any], col: str = "rd_severe") -> str:
    """What one step to a stronger design buys, from the map's paired steps
    (`sim.study.mapsteps.steps`): per kind of step, in how many of its comparisons a fall in
    `col` resolves, how large, and how many of those survive simultaneous intervals -- 'a line
    answered 95% rather than 30% of the time in 3 of 4 comparisons (-0.011 to -0.007; 0 under
    simultaneous intervals), ...'. Empty without steps."""
    st = mp.get("steps") or []
    several = len({str(r.get("residual")) for r in st}) > 1
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in st:
        groups.setdefault(_step_label(r["axis"], r["a"], r["b"], mp)
                          + _residual_tag(r, several), []).append(r)
    parts = [f"{label} {_tally(rs, col, not i)}" for i, (label, rs) in enumerate(groups.items())]
    return ("a line " + ", ".join(parts[:-1]) + (", and " if len(parts) > 1 else "")
            + parts[-1]) if parts else ""


def interactions_clause(mp: dict[str, Any]) -> str:
    """Where a step lowers expected severe incidents more when another property is stronger
    (`sim.study.mapsteps.interactions`): per kind, in how many comparisons that resolves."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in mp.get("interactions") or []:
        groups.setdefault(f"{_step_label(r['axis'], r['a'], r['b'], mp)} lowers them further "
                          f"where {_step_label(r['other'], r['other_a'], r['other_b'], mp)}",
                          []).append(r)
    return "; ".join(f"{label} {_tally(rs, 'diff_severe_hazard', not i)}"
                     for i, (label, rs) in enumerate(groups.items()))


def _joint(rows: list[dict[str, Any]], col: str) -> str:
    """How many of `rows` also resolve under the map's simultaneous intervals (Bonferroni over
    its cells); nothing for records made before they were computed."""
    if not rows or f"{col}_fw_status" not in rows[0]:
        return ""
    k = sum(r[f"{col}_fw_status"] == "estimate" for r in rows)
    return (", " + ("all" if k == len(rows) and k > 1 else str(k))
            + (" of them" if len(rows) > 1 else "") + " also under simultaneous intervals")


#: How a design map's axis reads in a sentence; any other parameter reads as "name value".
AXIS_WORDS = {"hotline_answer_prob": lambda v: f"answered {v:.0%} of the time",
              "hotline_consult_hours": lambda v: ("connected in "
                                                  + (f"{v * 60:g} min" if v < 1 else f"{v:g} h"))}


def _axis(name: str, value: float) -> str:
    return AXIS_WORDS[name](value) if name in AXIS_WORDS else f"{name} {value:g}"


def _cells(rows: list[dict[str, Any]], mp: dict[str, Any] | None) -> str:
    """Map cells by panel, each by what its design is and its P(severe) change: the headline
    names several resolved cells without repeating a panel's long label for each."""
    rn = (mp or {}).get("rows", {}).get("name", "row")
    cn = (mp or {}).get("cols", {}).get("name", "col")
    panels: dict[str, list[str]] = {}
    for r in rows:
        panels.setdefault(str(r.get("panel", "?")), []).append(
            f"{_axis(rn, r['row'])} and {_axis(cn, r['col'])}, "
            f"{fmt.signed(r['rd_severe'], 3)} [{fmt.signed(r['rd_severe_lo'], 3)}, "
            f"{fmt.signed(r['rd_severe_hi'], 3)}]")
    return "; ".join(f"{panel}: " + "; ".join(c) for panel, c in panels.items())


def _hw_range(rows: list[dict[str, Any]]) -> str:
    hw = [r["rd_severe_hw"] for r in rows if isinstance(r.get("rd_severe_hw"), (int, float))
          and math.isfinite(r["rd_severe_hw"])]
    if not hw:
        return "P(severe) half-widths n/a"
    return (f"P(severe) half-widths achieved {min(hw):.3f}..{max(hw):.3f}" if min(hw) != max(hw)
            else f"P(severe) half-width achieved {hw[0]:.3f}")


# --------------------------------------------------------------------------- uses_wear
def _wear_rows(rec: dict[str, Any]) -> list[tuple[float, dict[str, Any]]]:
    """The ``uses_wear`` map's panel steps (reference -> call at rung 2), one per row, by
    increasing wear (the first is calls free)."""
    table = rec.get("table") or []
    row = {r["cell"]: r["row"] for r in table}
    # one column and residual: the map's first (the ``full`` design maps several)
    where = {r["cell"]: (r.get("col"), r.get("residual")) for r in table}
    first = where[table[0]["cell"]] if table else None
    st = [(row[r["from"]], r) for r in rec.get("steps") or []
          if r.get("axis") == "panel" and r["from"] in row and where[r["from"]] == first]
    return sorted(st, key=lambda x: x[0])


def _wear_word(w: float, short: bool = False) -> str:
    """'w 0.2 (the upper end of its assumed plausible range)' and the like."""
    from sim.config.parameters import PARAMS

    top = PARAMS["hotline_answer_wear"].plausible[1]
    tag = (" (calls free)" if w == 0 else
           (" (its assumed plausible maximum)" if short else
            " (the upper end of its assumed plausible range)") if w == top else
           (" (beyond it)" if short else " (beyond its assumed plausible range)")
           if w > top else "")
    return f"w {w:g}{tag}"


def wear_verdict(rec: dict[str, Any]) -> str:
    """Where calling at rung 2 keeps its advantage as calls wear the line: every row's step
    resolves a fall ('survives'), or from which wear it no longer does, or reverses -- read from
    each step's own 95 % interval (the simultaneous ones are marked * beside the numbers)."""
    rows = _wear_rows(rec)
    if not rows:
        return "no step was computed"
    col = "diff_severe_hazard"
    gone = [(w, r) for w, r in rows if not (r[f"{col}_status"] == "estimate" and r[col] < 0)]
    if not gone:
        return f"the advantage survives every wear mapped, up to w {rows[-1][0]:g}"
    w, r = gone[0]
    if w == rows[0][0]:
        return "calling at rung 2 does not resolve an advantage even when calls are free"
    what = ("is reversed" if r[f"{col}_status"] == "estimate" else
            "no longer resolves (its interval covers 0)")
    kept = [x for x, _ in rows if x < w]
    again = [x for x, q in rows if x > w and q[f"{col}_status"] == "estimate" and q[col] < 0]
    return (f"the advantage resolves up to w {kept[-1]:g} and {what} at w {w:g}"
            + (f" (it resolves again at w {_and([f'{x:g}' for x in again])})" if again else ""))


def wear_sentence(rec: dict[str, Any]) -> str:
    """If calls cost the line part of its answers (the ``uses_wear`` stage): the step from the
    reference to calling at rung 2 at each wear, what wear takes of it against calls free,
    and how often the rung-2 line is then answered."""
    rows = _wear_rows(rec)
    if not rows:
        return "If calls wear the line: no step was computed (no variant ran)."
    col = "diff_severe_hazard"
    days = rec.get("wear_days", 30)
    listed = "; ".join(f"{_wear_word(w)} {_step_value(r, col)}" for w, r in rows)
    rd = "; ".join(f"w {w:g} {_step_value(r, 'rd_severe')}" for w, r in rows
                   if "rd_severe" in r)
    taken = "; ".join(
        f"w {a['row']:g} {fmt.signed(a['diff'], 4)} [{fmt.signed(a['diff_lo'], 4)}, "
        f"{fmt.signed(a['diff_hi'], 4)}] ({a['status']})" for a in rec.get("against_free") or [])
    use = {(u["panel"], u.get("row")): u for u in rec.get("use") or []}
    b = rows[0][1]["b"]
    shares = [(w, u["answered"] / u["calls"]) for w, _ in rows
              if (u := use.get((b, w))) and u["calls"] > 0]
    answered = _and([f"{x:.0%}{' of its calls' if i == 0 else ''} at w {w:g}"
                     for i, (w, x) in enumerate(shares)]) if shares else ""
    calls = [use[(b, w)]["calls"] for w, _ in rows if (b, w) in use]
    return (f"If calls cost the line part of its answers (`hotline_answer_wear` w: the callee "
            f"answers with its probability × (1 - w)^n, n the calls that rang at its end in "
            f"the previous {days:g} days; the model's default w = 0 makes calls free), "
            f"calling at rung 2 rather than at rung 3 changes expected severe incidents a year, "
            f"from {_wear_reference(rec)}, by: {listed} ({rec['reps']} pairs; 95% CI; * also "
            f"under simultaneous intervals over the map's steps): {wear_verdict(rec)}"
            f"{_fragile(rows, rec['reps'])}."
            + (f" In P(severe), the share of years with a severe incident, the same steps are "
               f"{rd}." if rd else "")
            + (f" What wear takes off the step against calls free: {taken}." if taken else "")
            + (f" The rung-2 line rings ~{calls[0]:.0f} times a year whatever w, and "
               f"answers {answered}." if calls and answered else ""))


def _wear_reference(rec: dict[str, Any]) -> str:
    """The ``uses_wear`` map's reference line in words (its rows are the wear, so the answer
    probability comes from the record, not from the axis)."""
    rows = rec.get("table") or []
    label = str(rows[0]["panel"]).removeprefix("reference: ") if rows else "?"
    cn = rec["cols"]
    answer = (_axis("hotline_answer_prob", rec["answer_prob"]) + " at baseline tension and "
              if isinstance(rec.get("answer_prob"), (int, float)) else "")
    return f"{label}, {answer}{_axis(cn['name'], cn['values'][0])}"


def wear_short(recs: list[dict[str, Any]] | dict[str, Any] | None) -> str:
    """One sentence for the short answer: where calling at rung 2 keeps its advantage when
    calls wear the line, per reference line (empty without the stages)."""
    recs = [recs] if isinstance(recs, dict) else [r for r in recs or [] if r]
    col = "diff_severe_hazard"
    parts = []
    for rec in recs:
        rows = _wear_rows(rec)
        if not rows:
            continue
        vals = "; ".join(f"{fmt.signed(r[col], 3)} [{fmt.signed(r[f'{col}_lo'], 3)}, "
                         f"{fmt.signed(r[f'{col}_hi'], 3)}] at {_wear_word(w, short=True)}"
                         for w, r in rows)
        name = _short(str(rec["table"][0]["panel"]).removeprefix("reference: "))
        parts.append(f"{'for ' + name + ', ' if len(recs) > 1 else ''}by {vals}: "
                     f"{wear_verdict(rec)}{_fragile(rows, rec.get('reps'))}"
                     f"{_rises_not_in_p(rows)}")
    if not parts:
        return ""
    return ("If each call that rang in the previous month cost the line a share w of its "
            "answers (w an assumption: no record shows how a defence line wears with use), "
            "calling at rung 2 would change them " + "; and ".join(parts)
            + f" (section{'s 4d-4e' if len(parts) > 1 else ' 4d'}).")


def _rises_not_in_p(rows: list[tuple[float, dict[str, Any]]]) -> str:
    """Where a resolved rise in expected severe incidents does not resolve in P(severe): say
    so, since the share of years with a severe incident is the reader's first outcome."""
    col = "diff_severe_hazard"
    only = [w for w, r in rows if r[f"{col}_status"] == "estimate" and r[col] > 0
            and r.get("rd_severe_status") not in (None, "estimate")]
    return (f"; in P(severe), the share of years with one, the rise at w "
            f"{_and([f'{w:g}' for w in only])} does not resolve" if only else "")


def _fragile(rows: list[tuple[float, dict[str, Any]]], reps: Any) -> str:
    """Which resolved steps hold only at their own 95 % level, and on how few of the pairs
    their signs rest (`mapsteps.carried_by`): a clause, empty when every one is robust."""
    col = "diff_severe_hazard"
    weak = [(w, r) for w, r in rows if r[f"{col}_status"] == "estimate"
            and r.get(f"{col}_fw_status") != "estimate"]
    if not weak:
        return ""
    whose = "its" if len(weak) == 1 else "each step's"
    few = [(w, r["carried_by"]) for w, r in weak
           if isinstance(r.get("carried_by"), (int, float)) and r["carried_by"] <= 10]
    return (f" (at w {_and([f'{w:g}' for w, _ in weak])} only at "
            f"{whose} own 95 % level, not under "
            "simultaneous intervals"
            + (f"; {'their intervals reach' if len(few) > 1 else 'its interval reaches'} 0 "
               "without the " + _and([f"{int(k)}" for _, k in few])
               + f" of {reps} years that push {'each' if len(few) > 1 else 'its'} sign most"
               if few else "") + ")")
