"""docs/findings.md and the README's answer, written from the stage records of `findings`.

Nothing here computes a statistic: it reads OUT/<stage>.json (written by `sim.study.findings`)
and prints each number with its 95% interval, its half-width and its status. A number whose
interval is wider than its effect (and than its target, where it has one) is printed as a
*screen*; the headline says which of its numbers are estimates.
"""

from __future__ import annotations

import json
import math
import shutil
import time
from pathlib import Path
from typing import Any

START, END = "<!-- answer:start -->", "<!-- answer:end -->"


def _load(out: Path, stage: str, failed: bool = False) -> dict[str, Any] | None:
    """A stage's record; None if it has none, or (unless `failed`) if the stage failed."""
    p = out / f"{stage}.json"
    rec = json.loads(p.read_text()) if p.is_file() else None
    return rec if failed or rec is None or "failed" not in rec else None


def _ci(r: dict[str, Any], digits: int = 3, sign: bool = True) -> str:
    f = f"{'+' if sign else ''}.{digits}f"
    if r is None or not all(isinstance(r.get(k), (int, float)) and math.isfinite(r[k])
                            for k in ("est", "lo", "hi")):
        return "n/a"
    return f"{r['est']:{f}} [{r['lo']:{f}}, {r['hi']:{f}}]"


def _tagged(r: dict[str, Any] | None, digits: int = 3, sign: bool = True) -> str:
    """'+0.001 [-0.012, +0.014] (±0.013, meets ±0.02, screen)': interval, half-width, whether
    it meets its target (where it has one) and the status."""
    if r is None:
        return "n/a"
    met = r.get("meets_target")
    tgt = "" if met is None else \
        f", {'meets' if met else 'misses'} ±{r['target']:g}"
    return f"{_ci(r, digits, sign)} (±{r['halfwidth']:.{digits}f}{tgt}, {r['status']})"


def _status(x: list[float] | tuple[float, ...] | None) -> str:
    """Status of a per-arm value (est, lo, hi): an estimate if its interval excludes 0 and is
    narrower than the value, else a screen (`sim.study.outcomes.classify`)."""
    from sim.study.outcomes import classify

    if not x or len(x) < 3:
        return "screen"
    return classify(float(x[0]), float(x[1]), float(x[2]))


def _ps(x: list[float] | tuple[float, ...], digits: int = 3) -> str:
    """A per-arm value with its interval and status."""
    return f"{_p(x, digits)} ({_status(x)})"


def _find(est: list[dict[str, Any]], outcome: str, treatment: str) -> dict[str, Any] | None:
    return next((e for e in est if e["outcome"] == outcome and e["treatment"] == treatment), None)


def _p(x: list[float] | tuple[float, ...], digits: int = 3) -> str:
    return f"{x[0]:.{digits}f} [{x[1]:.{digits}f}, {x[2]:.{digits}f}]"


# --------------------------------------------------------------------------- sections
def headline(out: Path, command: str, minutes: float) -> str:
    """Two or three sentences with the headline numbers (written from the records)."""
    main, mp = _load(out, "main"), _load(out, "map")
    if main is None:
        return "(no main stage has been run: `make findings`)"
    est, arms = main["estimates"], main["per_arm"]
    base = arms.get("status_quo_2022", {})
    parts = [f"In {main['reps']} paired simulated years of the 2022 status quo (a severe "
             f"incident -- an encounter reaching a hazardous act -- in "
             f"{_ps(base['p_severe'], 2)} of years), the change in the probability of a "
             "severe incident in a year is"]
    named = []
    for t, label in (("hotline_as_practiced", "the hotline as practised"),
                     ("hotline_as_agreed", "as agreed"),
                     ("hotline_theater_link", "a theatre-level link")):
        e = _find(est, "p_severe_rd", t)
        if e is not None:
            named.append(f"{label} {_tagged(e)}")
    parts[0] += " " + "; ".join(named) + " (paired risk differences, 95% CIs)."
    prac = arms.get("hotline_as_practiced")
    agreed = arms.get("hotline_as_agreed")
    if prac is not None and agreed is not None:
        parts.append(f"As practised, the line is called {_ps(prac['calls'], 2)} times a year and "
                     f"answered {_ps(prac['answered'], 2)} times; as agreed, called "
                     f"{_ps(agreed['calls'], 2)} and answered {_ps(agreed['answered'], 2)} "
                     "times.")
    resid = _find(est, "p_severe_rd", "hotline_as_agreed+residual_max")
    if resid is not None:
        parts.append("With the unobserved residual tension relief per call at its plausible "
                     f"maximum, the agreed line's effect is {_tagged(resid)}.")
    parts += _resolution(main)
    enc = _encounter_sentence(main)
    if enc:
        parts.append(enc)
    if mp is not None:
        parts.append(_map_sentence(mp))
    parts.append(f"Reproduce with `{command}` ({minutes:.0f} min on this 2-core machine; "
                 "design and status of every number in [docs/findings.md](docs/findings.md)).")
    return " ".join(parts)


LABELS = {"hotline_as_practiced": "the line as practised", "hotline_as_agreed": "as agreed",
          "hotline_theater_link": "a theatre-level link", "hotline_full_scope": "full scope"}


def _label(t: str) -> str:
    base, _, extra = t.partition("+")
    return LABELS.get(base, f"`{base}`") + (" with the residual at its maximum" if extra else "")


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
                for e in res) + f" (paired, estimates){ref} -- too small and too rare to move "
            "the yearly probability.")


def _map_sentence(mp: dict[str, Any]) -> str:
    rows = mp["table"]
    for col, what in (("rd_severe", "P(severe)"), ("diff_peak_ge_4", "severe incidents"),
                      ("diff_peak_ge_3", "rung-3 encounters")):
        good = [r for r in rows if r[f"{col}_status"] == "estimate" and r[col] < 0
                and r[f"{col}_hi"] < 0]
        if good:
            b = min(good, key=lambda r: r[col])
            return (f"Of {len(rows)} hotline designs mapped ({mp['reps']} pairs each; "
                    f"{_hw_range(rows)}), "
                    f"{len(good)} resolve a reduction in {what}; the largest: {b['panel']}, "
                    f"{mp['rows']['name']} {b['row']:g}, {mp['cols']['name']} {b['col']:g}: "
                    f"{b[col]:+.3f} [{b[f'{col}_lo']:+.3f}, {b[f'{col}_hi']:+.3f}].")
    return (f"None of the {len(rows)} hotline designs mapped ({mp['reps']} pairs each; "
            f"{_hw_range(rows)}) resolves a reduction in P(severe), severe incidents or rung-3 "
            "encounters: every cell is a screen.")


def _hw_range(rows: list[dict[str, Any]]) -> str:
    hw = [r["rd_severe_hw"] for r in rows if isinstance(r.get("rd_severe_hw"), (int, float))
          and math.isfinite(r["rd_severe_hw"])]
    if not hw:
        return "P(severe) half-widths n/a"
    return (f"P(severe) half-widths achieved {min(hw):.3f}..{max(hw):.3f}" if min(hw) != max(hw)
            else f"P(severe) half-width achieved {hw[0]:.3f}")


def section_main(main: dict[str, Any]) -> list[str]:
    lines = ["## 2. The hotline effect (paired, against `status_quo_2022`)", "",
             f"{main['reps']} paired replications of {main['days']} days (seed {main['seed']}); "
             f"grown from a pilot until the targets {main['targets']} were met or a limit was "
             f"reached: **{main['until_ci']['stopped']}**.", "",
             "| treatment | P(severe) difference [95% CI] (±half-width, status) | severe "
             "incidents / year, difference | rate ratio | P(rung 4 \\| rung 3), shared "
             "encounters, difference |", "|---|---:|---:|---:|---:|"]
    est = main["estimates"]
    for t in main["treatments"]:
        lines.append(f"| `{t}` | {_tagged(_find(est, 'p_severe_rd', t))} | "
                     f"{_tagged(_find(est, 'severe_rate_diff', t))} | "
                     f"{_tagged(_find(est, 'severe_rate_ratio', t), 2, False)} | "
                     f"{_tagged(_find(est, 'cond_risk_rd', t))} |")
    lines += ["", "Per arm (95% CIs; counts per run-year with the overdispersion-scaled exact "
              "Poisson interval; each value's status: an estimate when its interval excludes 0 "
              "and is narrower than the value):", "",
              "| arm | n | P(severe in a year) | severe incidents / year | rung-3 encounters "
              "/ year | calls / year | answered / year |", "|---|---:|---:|---:|---:|---:|---:|"]
    for a, r in main["per_arm"].items():
        lines.append(f"| `{a}` | {r['n']} | {_ps(r['p_severe'])} | "
                     f"{_ps(r['severe_per_year'])} | {_ps(r['rung3_per_year'], 2)} | "
                     f"{_ps(r['calls'], 2)} | {_ps(r['answered'], 2)} |")
    cr = [e for e in est if e["outcome"] == "cond_risk" and e["base"] == e["treatment"]]
    seen = set()
    cond = []
    for e in cr:
        if e["base"] not in seen:
            seen.add(e["base"])
            cond.append(f"`{e['base']}` {_tagged(e, 3, False)}")
    lines += ["", "Encounter-level risk P(rung >= 4 | rung 3 reached), per arm: "
              + "; ".join(cond) + ".", ""]
    return lines


def section_crisis(cr: dict[str, Any]) -> list[str]:
    if "skipped" in cr:
        return ["## 3. Crisis window", "", f"Skipped: {cr['skipped']}.", ""]
    lines = ["## 3. The crisis window after the August 2022 shock", "",
             f"`{cr['treatment']}` against `{cr['base']}`, {cr['reps']} paired replications, "
             f"shock on day {cr['shock_day']:g}; encounters that begin in the window.", "",
             "| outcome | difference [95% CI] (±half-width, status) |", "|---|---:|"]
    for e in cr["estimates"]:
        lines.append(f"| {e['outcome']} | {_tagged(e)} |")
    return [*lines, ""]


def section_map(mp: dict[str, Any], fig: str) -> list[str]:
    import pandas as pd

    from sim.study.designmap import markdown_table

    t = pd.DataFrame(mp["table"])
    lines = ["## 4. The hotline design map", "", _map_sentence(mp), "",
             f"![design map]({fig})", "",
             f"{mp['cells']} cells, {mp['reps']} paired replications each; cells that resolve "
             f"(estimates): {mp['resolved']}. Rows `{mp['rows']['name']}`, columns "
             f"`{mp['cols']['name']}`; residual: {mp.get('residual')}.", ""]
    if mp.get("skipped"):
        lines += ["Not on this model (skipped): " + "; ".join(mp["skipped"]) + ".", ""]
    lines += [markdown_table(t), "", markdown_table(t, "diff_peak_ge_3"), ""]
    return lines


def section_splitting(sp: dict[str, Any]) -> list[str]:
    a = sp["arms"]["status_quo_2022"]
    eff = sp["paired_effect"]
    bias = a["split_minus_brute"]
    gain = a["efficiency_gain"]
    if not (isinstance(gain, (int, float)) and math.isfinite(gain)):
        verdict = ("not measured: no rung-3 crossing with a variance to compare; a screen")
    else:
        verdict = (f"{'it pays' if gain > 1 else 'it does not pay here'}; a screen: a variance "
                   f"ratio from {a['runs']} runs is itself uncertain")
    return ["## 6. Importance splitting at rung 3 (does it pay?)", "",
            f"{a['runs']} run-years of `status_quo_2022`, {a['clones']} clones per rung-3 "
            f"crossing ({a['crossings']} crossings). Severe incidents per year: brute force "
            f"{_ps(a['brute'])}, splitting {_ps(a['split'])}; on the same runs split - brute = "
            f"{_p(bias, 4)} (unbiased: the interval should cover 0). Variance-reduction factor "
            f"{a['variance_reduction']:.2f} at {a['cost_ratio']:.2f}x the computing time: "
            f"efficiency gain **{gain:.2f}** ({verdict}). Paired effect of "
            f"`{sp['treatment']}` on severe incidents per year: brute force "
            f"{_ps(eff['brute'])}, split {_ps(eff['split'])} (half-width ratio "
            f"{eff['halfwidth_ratio']:.2f}).", ""]


def section_counterfactuals(cf: dict[str, Any]) -> list[str]:
    import pandas as pd

    from sim.study.counterfactuals import markdown

    lines = ["## 5. The record's counterfactuals", ""]
    if not cf.get("episodes"):
        return [*lines, "No reconstruction scenario (`recon_*`) on this model.", ""]
    lines += [f"{cf['reps']} paired replications per episode and counterfactual.", "",
              markdown(pd.DataFrame(cf["table"])), ""]
    if cf.get("skipped"):
        lines += ["Skipped: " + "; ".join(cf["skipped"]) + ".", ""]
    return lines


def section_screening(sc: dict[str, Any]) -> list[str]:
    rho = sc["rank_correlation"]
    lines = ["## 7. Which assumptions decide it", "",
             f"Morris ({sc['size']['r']} trajectories x {sc['size']['reps']} replications of "
             f"{sc['size']['days']} days, {sc['factors']} factors) on seeds {sc['seeds']}: "
             "Spearman rank correlation of mu* between the seeds: " + ", ".join(
                 f"{o} {r:.2f} ({'stable' if sc['stable'][o] else 'screen: not stable'})"
                 for o, r in rho.items()) + f". Top by pooled mu* ({sc['rank_by']}; "
             + ("a ranking" if sc["stable"].get(sc["rank_by"]) else
                "**a screen**: the two seeds do not agree on it") + "): "
             + ", ".join(f"`{f}`" for f in sc["ranking"][:8]) + ".", "",
             "| outcome | factor | S1 [95% CI] | ST [95% CI] | status |",
             "|---|---|---:|---:|---|"]
    checks = sc["sobol_checks"]
    for r in sc["sobol"]:
        ok = checks.get(r["outcome"], {}).get("adequate", False)
        lines.append(f"| {r['outcome']} | `{r['factor']}` | {r['S1']:.2f} ± {r['S1_conf']:.2f} "
                     f"| {r['ST']:.2f} ± {r['ST_conf']:.2f} | {'estimate' if ok else 'screen'} |")
    for o, c in sc["sobol_checks"].items():
        lines.append("")
        lines.append(f"Sobol ({o}): widest CI {c['max_ci_width']:.2f}, lowest S1 "
                     f"{c['min_s1']:.2f}, output variance {c.get('var_y', math.nan):.3g}: "
                     + ("adequate (CIs < 0.1, no S1 < -0.05)" if c["adequate"] else
                        "**a screen** (CIs >= 0.1, S1 < -0.05, or no variance to apportion)"))
    return [*lines, ""]


def section_prim(pr: dict[str, Any]) -> list[str]:
    lines = ["## 8. Scenario discovery (PRIM)", "",
             f"{pr['cases']} cases, {pr['of_interest']} of interest ({pr['case']}); minimum "
             f"mass {pr['mass_min']}, restrictions kept when their quasi-p-value < "
             f"{pr['qp_max']}.", ""]
    b = pr.get("box")
    if b is None:
        return [*lines, "No box passes: nothing to report at this design size.", ""]
    if not b.get("restrictions"):
        return [*lines, f"The only box is every case (coverage {b['coverage']:.2f}, density "
                f"{b['density']:.2f}): no restriction passes its quasi-p-value; nothing "
                "discovered at this design size (a screen).", ""]
    qp = b.get("qp", {})
    lines.append(f"Box: coverage {b['coverage']:.2f}, density {b['density']:.2f} (all cases "
                 f"{b['base_density']:.2f}), mass {b['mass']:.2f}; " + "; ".join(
                     f"`{k}` in [{lo:g}, {hi:g}] (qp {_qp(qp.get(k))})"
                     for k, (lo, hi) in b["restrictions"].items()) + ".")
    ho = pr.get("held_out")
    if ho:
        lines.append(f"Held-out check on fresh runs: density inside {_p(ho['density_in'], 2)} "
                     f"(n {ho['n_in']}), outside {_p(ho['density_out'], 2)} (n {ho['n_out']}): "
                     + ("**holds**." if ho["holds"] else "**does not hold** (a screen)."))
    return [*lines, ""]


#: Why each stage has the size it has (the numbers are in `sim.study.findings.DESIGNS`).
WHY = {
    "main": "the headline; runs last and grows from its pilot (at most doubling per round) "
            "until the P(severe) targets are met, then spends what is left of the allowance",
    "crisis": "fixed pairs; the window after a shock is where a line should matter most",
    "splitting": "in-process; measures whether splitting pays, not a headline",
    "map": "few cells with enough pairs each rather than many unresolved cells",
    "counterfactuals": "short runs: many pairs are cheap",
    "screening": "Morris on two seeds for the rank correlation; Sobol at this N is a screen",
    "prim": "a screen unless its held-out check holds",
}


def section_design(recs: dict[str, dict[str, Any] | None]) -> list[str]:
    """The design of every stage that ran: sizes, seed, wall time and why it has that size."""
    lines = ["## 9. Design, seeds, code and run time", "",
             "Sizes per stage as run (`sim/study/findings.py`, `DESIGNS`, whose docstring "
             "gives the sizing rationale and the measured per-run costs).", "",
             "| stage | design | size | seed | wall time | why this size |",
             "|---|---|---|---:|---:|---|"]
    for stage, r in recs.items():
        if not r:
            continue
        size = r.get("design_size") or r.get("size") or {}
        txt = ", ".join(f"{k} {v}" for k, v in size.items()
                        if not isinstance(v, (dict, list)) and v is not None)
        if stage == "main":
            txt += f"; pairs run {r.get('reps')} ({r['until_ci']['stopped']})"
        lines.append(f"| {stage} | {r.get('design', '?')} | {txt} | {r.get('seed', '-')} | "
                     f"{r['wall_s'] / 60:.1f} min | {WHY.get(stage, '')} |")
    git = next((r["git"] for r in recs.values() if r), {})
    lines += ["", f"Code: {git.get('commit', '?')}"
              f"{' (with uncommitted changes)' if git.get('dirty') else ''}.", ""]
    return lines


def _seed(recs: dict[str, dict[str, Any] | None]) -> str:
    seeds = sorted({str(r["seed"]) for r in recs.values() if r and "seed" in r})
    return ", ".join(seeds) or "?"


def _qp(q: list[float | None] | None) -> str:
    vals = [v for v in (q or []) if v is not None]
    return f"{min(vals):.3g}" if vals else "n/a"


# --------------------------------------------------------------------------- the page
def write(out: Path, command: str, docs: Path, readme: Path | None = None) -> Path:
    """docs/findings.md (+ figures) and, if given, the README's answer block."""
    recs = {s: _load(out, s, failed=True) for s in ("main", "crisis", "splitting", "map",
                                                    "counterfactuals", "screening", "prim")}
    failed = {s: r["failed"] for s, r in recs.items() if r and "failed" in r}
    recs = {s: (None if s in failed else r) for s, r in recs.items()}
    minutes = sum(r["wall_s"] for r in recs.values() if r) / 60.0
    figs = docs / "figures"
    figs.mkdir(parents=True, exist_ok=True)
    git = next((r["git"] for r in recs.values() if r), {})
    design = next((r["design"] for r in recs.values() if r), "?")
    head = headline(out, command, minutes)
    lines = ["# Findings", "",
             f"> Generated by `{command}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
             f" (design `{design}`, code {git.get('commit', '?')}"
             f"{' with uncommitted changes' if git.get('dirty') else ''}; seed "
             f"{_seed(recs)}; runs in `{out}`). Run time {minutes:.1f} min: " + ", ".join(
                 f"{s} {r['wall_s'] / 60:.1f} min" for s, r in recs.items() if r)
             + ". Design of every stage: section 9.", "",
             *(["**Stages that failed (no numbers from them on this page): " + "; ".join(
                 f"{k}: {v}" for k, v in failed.items()) + ".**", ""] if failed else []),
             "**How to read the numbers.** Every number has its 95% CI and a status: an "
             "*estimate* only when its interval is narrower than the effect (it excludes 0 -- 1 "
             "for a ratio -- so the sign resolves); otherwise a *screen*: shown because it was "
             "measured, not a finding. Where a number has a half-width target (P(severe) "
             "differences: ±0.02) the page says whether it *meets* or *misses* it; an interval "
             "that meets its target but covers 0 bounds the effect (no change larger than the "
             "bound) and is still a screen, not an estimated effect. `±0.000` means the two arms "
             "were identical in every pair (a degenerate interval, also a screen).", "",
             "## 1. The answer", "", head, ""]
    if recs["main"]:
        lines += section_main(recs["main"])
        if (out / "forest.png").is_file():
            shutil.copyfile(out / "forest.png", figs / "forest.png")
            lines += ["![forest plot of the paired effects](figures/forest.png)", ""]
    if recs["crisis"]:
        lines += section_crisis(recs["crisis"])
    if recs["map"]:
        shutil.copyfile(out / "design_map.png", figs / "design_map.png")
        shutil.copyfile(out / "design_map_rung3.png", figs / "design_map_rung3.png")
        lines += section_map(recs["map"], "figures/design_map.png")
        lines += ["![design map, rung-3 encounters](figures/design_map_rung3.png)", ""]
    if recs["counterfactuals"]:
        lines += section_counterfactuals(recs["counterfactuals"])
    if recs["splitting"]:
        lines += section_splitting(recs["splitting"])
    if recs["screening"]:
        lines += section_screening(recs["screening"])
    if recs["prim"]:
        lines += section_prim(recs["prim"])
    lines += section_design(recs)
    path = docs / "findings.md"
    path.write_text("\n".join(lines) + "\n")
    if readme is not None:
        write_readme(readme, head)
    return path


def write_readme(readme: Path, text: str) -> None:
    """Put `text` in the README's answer block (created after the first paragraph)."""
    body = readme.read_text()
    block = f"{START}\n## The answer\n\n{text}\n{END}"
    if START in body and END in body:
        a, b = body.index(START), body.index(END) + len(END)
        body = body[:a] + block + body[b:]
    else:
        first = body.index("\n\n", body.index("\n\n") + 2)  # after the title and intro
        body = body[:first] + "\n\n" + block + body[first:]
    readme.write_text(body)
