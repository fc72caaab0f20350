"""docs/findings.md and the README's answer, written from the stage records of `findings`.

Nothing here computes a statistic: it reads OUT/<stage>.json (written by `sim.study.findings`)
and prints each number with its 95% interval, its half-width and its status. A number whose
interval is wider than its effect (and than its target, where it has one) is printed as a
*screen*; the headline says which of its numbers are estimates.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

from sim.errors import InputError
from sim.study import findings_format as fmt
from sim.study.findings_answer import LABELS, headline, map_sentence

START, END = "<!-- answer:start -->", "<!-- answer:end -->"

__all__ = ["LABELS", "headline", "write", "write_readme"]


def section_main(main: dict[str, Any]) -> list[str]:
    lines = ["## 2. The hotline effect (paired, against `status_quo_2022`)", "",
             f"{main['reps']} paired replications of {main['days']} days (seed {main['seed']}); "
             + _main_size(main), "",
             "| treatment | P(severe) difference [95% CI] (±half-width, status) | severe "
             "incidents / year, difference | rate ratio | P(rung 4 \\| rung 3), shared "
             "encounters, difference | expected severe incidents / year (conditional Monte "
             "Carlo), difference | the same in shared encounters |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    est = main["estimates"]
    for t in main["treatments"]:
        lines.append(f"| `{t}` | {fmt.tagged(fmt.find(est, 'p_severe_rd', t))} | "
                     f"{fmt.tagged(fmt.find(est, 'severe_rate_diff', t))} | "
                     f"{fmt.tagged(fmt.find(est, 'severe_rate_ratio', t), 2, False)} | "
                     f"{fmt.tagged(fmt.find(est, 'cond_risk_rd', t))} | "
                     f"{_or_dash(fmt.find(est, 'severe_hazard_diff', t))} | "
                     f"{_or_dash(fmt.find(est, 'shared_hazard_diff', t))} |")
    lines += ["", "Per arm (95% CIs; counts per run-year with the overdispersion-scaled exact "
              "Poisson interval; each value's status: an estimate when its interval excludes 0 "
              "and is narrower than the value):", "",
              "| arm | n | P(severe in a year) | severe incidents / year | expected severe "
              "incidents / year (conditional Monte Carlo, t interval) | rung-3 encounters "
              "/ year | calls / year | answered / year |",
              "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for a, r in main["per_arm"].items():
        hz = fmt.ps(r["severe_hazard"]) if r.get("severe_hazard") else "--"
        lines.append(f"| `{a}` | {r['n']} | {fmt.ps(r['p_severe'])} | "
                     f"{fmt.ps(r['severe_per_year'])} | {hz} | "
                     f"{fmt.ps(r['rung3_per_year'], 2)} | "
                     f"{fmt.ps(r['calls'], 2)} | {fmt.ps(r['answered'], 2)} |")
    cr = [e for e in est if e["outcome"] == "cond_risk" and e["base"] == e["treatment"]]
    seen = set()
    cond = []
    for e in cr:
        if e["base"] not in seen:
            seen.add(e["base"])
            cond.append(f"`{e['base']}` {fmt.tagged(e, 3, False)}")
    lines += ["", "Encounter-level risk P(rung >= 4 | rung 3 reached), per arm: "
              + "; ".join(cond) + ".", ""]
    return lines


def _main_size(main: dict[str, Any]) -> str:
    """How the headline's pairs were chosen: fixed (``pilot`` = ``max_reps``) by its design or by
    ``--reps``, with whether its targets were met there; or grown from a pilot."""
    size, until = main.get("design_size") or {}, main["until_ci"]
    if size.get("pilot") is None or size.get("pilot") != size.get("max_reps"):
        return (f"grown from a pilot until the targets {main['targets']} were met or a limit "
                f"was reached: **{until['stopped']}**.")
    from sim.study.findings import fixed_by_design  # (the designs are the stage layer's)

    by = ("a number fixed by the design" if fixed_by_design(main.get("design", ""), main["reps"])
          else f"a number fixed by `--reps {main['reps']}`")
    if until["stopped"].startswith("targets met"):
        return f"{by}; the targets {main['targets']}: **met**."
    need = (until.get("rounds") or [{}])[-1].get("needed", "?")
    return (f"{by}; the targets {main['targets']}: **not met** (~{need} pairs would be "
            "needed).")


def _or_dash(e: dict[str, Any] | None) -> str:
    """A tagged estimate, or a dash for results written before the column existed."""
    return fmt.tagged(e, 4) if e else "--"


def section_crisis(cr: dict[str, Any]) -> list[str]:
    if "skipped" in cr:
        return ["## 3. Crisis window", "", f"Skipped: {cr['skipped']}.", ""]
    lines = ["## 3. The crisis window after the August 2022 shock", "",
             f"`{cr['treatment']}` against `{cr['base']}`, {cr['reps']} paired replications, "
             f"shock on day {cr['shock_day']:g}; encounters that begin in the window.", "",
             "| outcome | difference [95% CI] (±half-width, status) |", "|---|---:|"]
    for e in cr["estimates"]:
        lines.append(f"| {e['outcome']} | {fmt.tagged(e)} |")
    return [*lines, ""]


def section_map(mp: dict[str, Any], fig: str) -> list[str]:
    import pandas as pd

    from sim.study.designmap import markdown_table

    t = pd.DataFrame(mp["table"])
    lines = ["## 4. The hotline design map", "", map_sentence(mp), "",
             f"![design map]({fig})", "",
             f"{mp['cells']} cells, {mp['reps']} paired replications each; cells that resolve "
             "(estimates): " + ", ".join(f"{n} by {MAP_OUTCOMES.get(k, k)}" for k, n in
                                         (mp.get("resolved") or {}).items())
             + f". Rows `{mp['rows']['name']}`, columns `{mp['cols']['name']}`"
             + _residual(mp.get("residual")) + "." + _familywise(mp), ""]
    if mp.get("skipped"):
        lines += ["Not on this model (skipped): " + "; ".join(mp["skipped"]) + ".", ""]
    lines += [markdown_table(t), "", markdown_table(t, "diff_peak_ge_3"), "",
              "![design map, rung-3 encounters](figures/design_map_rung3.png)", ""]
    if "diff_severe_hazard" in t.columns and t["diff_severe_hazard"].notna().any():
        lines += ["The same cells by conditional Monte Carlo (every decision round's chance of a "
                  "hazardous act, summed: the count's expectation without each draw's noise):", "",
                  "![design map, expected severe incidents](figures/design_map_hazard.png)", "",
                  markdown_table(t, "diff_severe_hazard"), ""]
    return lines + _steps_section(mp)


def _steps_section(mp: dict[str, Any]) -> list[str]:
    """What changing one property of a line changes, and whether it changes more where another
    property is stronger (`sim.study.mapsteps`)."""
    import pandas as pd

    from sim.study.findings_answer import interactions_clause, steps_clause
    from sim.study.mapsteps import CARRIED_CAP, interactions_markdown, steps_markdown

    if not mp.get("steps"):
        return []
    st = pd.DataFrame(mp["steps"])
    lines = ["### What changing one property of a line changes", "",
             "The same seeds ran in every cell, so cells are paired with each other as with the "
             "status quo. Each row is the paired difference between two designs that differ in "
             "one property: answer probability or time to connect from the weaker value to the "
             "stronger, or a panel against the first (negative = fewer severe incidents with "
             "the second design). This, not two cells' intervals against the status quo, says "
             "what a line would need. * = also resolves under simultaneous intervals "
             f"(Bonferroni over the {len(st)} steps, for each outcome). *Carried by*: removing "
             "that many of the most favourable replications (out of the pairs) brings the "
             "interval of expected severe incidents to 0 -- the yearly rates are heavy-tailed, "
             "and a handful of years in which the two designs drift into different crises "
             "carry most of a mean, so a step's sign is better established than its size "
             f"(`-`: not resolved; counted up to {CARRIED_CAP}).", "",
             f"A fall in P(severe) resolves for {steps_clause(mp)}; in expected severe "
             f"incidents a year, for {steps_clause(mp, 'diff_severe_hazard')}.", ""]
    if "design_map_steps.png" in (mp.get("figures") or []):
        lines += ["![steps and interactions](figures/design_map_steps.png)", ""]
    lines += [steps_markdown(st, mp), ""]
    if mp.get("interactions"):
        it, said = pd.DataFrame(mp["interactions"]), interactions_clause(mp)
        lines += ["Interactions: the step in the first column where the property in the second "
                  "is stronger, minus the same step where it is not, per replication from four "
                  "cells (negative: the step lowers expected severe incidents more where the "
                  "other property is stronger; * = also under simultaneous intervals over the "
                  f"{len(it)} interactions). {said[0].upper()}{said[1:]}.", "",
                  interactions_markdown(it, mp), ""]
    return lines


#: The ``uses`` stages' sections: heading and the preregistration behind each.
USES_SECTIONS = {
    "uses": ("4b. When a line is used, and what for", "preregistration.md",
             "the rung at which a defence ministry considers a call (`hotline_trigger_rung`: 2 "
             "warnings and challenges, 3 unsafe approaches, 4 hazardous acts), whether China "
             "gives notice over the line of its naval deployments before they sail "
             "(`hotline_notice_prob`), or the scope (territorial seas and airspace, coast "
             "guards)"),
    "uses_built": ("4c. When the line as built is used (its calls not reaching the orders)",
                   "preregistration-2.md",
                   "the rung at which a defence ministry considers a call "
                   "(`hotline_trigger_rung`: 2 warnings and challenges, 3 unsafe approaches, 4 "
                   "hazardous acts) or the scope (territorial seas and airspace, coast guards); "
                   "notice was left out (negligible in section 4b). The line here is as built "
                   "in what a call can reach, but answered reliably and fast -- not the line "
                   "as practised (answered 25 % of the time, after about 4 hours, called at "
                   "rung 4)"),
}


def _fig(figs: list[str], suffix: str) -> str | None:
    return next((f for f in figs if f.endswith(suffix)), None)


def section_uses(us: dict[str, Any], stage: str = "uses") -> list[str]:
    """When a line is used and what for (the ``uses`` stages): the steps from its reference
    line first -- they are the answer -- then each design against the status quo."""
    import pandas as pd

    from sim.study.findings_answer import uses_sentence
    from sim.study.mapsteps import steps_markdown

    t = pd.DataFrame(us["table"])
    figs = us.get("figures") or []
    title, prereg, varied = USES_SECTIONS[stage]
    lines = [f"## {title}", "", uses_sentence(us), "",
             f"Each design differs from the reference in one property: {varied}. The same "
             "seeds ran in every design, so each row of the first table is "
             "paired with the reference as with the status quo (negative = fewer severe "
             "incidents than the reference); the effect tables after it are against the status "
             f"quo. The test was written before the runs (docs/dev/notes/wave-12/{prereg}).",
             ""]
    check = us.get("reference_check")
    if check is None:
        lines += ["Check of the code: none possible -- the design map (section 4) has no cell "
                  "of this reference's design to reproduce.", ""]
    if check:
        lines += [f"Check of the code: the reference design is the design map's cell "
                  f"`{check.get('map_cell', check['cell'])}` (section 4: the same scenario, "
                  "seeds and horizon), and its "
                  f"{check['reps']} replications "
                  + ("reproduce the map's runs in all " if check["equal"] else
                     "**do not** reproduce the map's runs in its ")
                  + f"{check['columns']} outcome columns"
                  + ("." if check["equal"] else ": the two sections are not comparable."), ""]
    if us.get("skipped"):
        lines += ["Not on this model (skipped): " + "; ".join(us["skipped"]) + ".", ""]
    if (steps_fig := _fig(figs, "_map_steps.png")):
        lines += [f"![each design against the reference](figures/{steps_fig})", ""]
    if us.get("steps"):
        lines += [steps_markdown(pd.DataFrame(us["steps"]), us), ""]
    if us.get("use"):
        lines += ["How much each design's line is used (a year, mean over its pairs; the model "
                  "has neither a cost of frequent calls nor a benefit of routine use, "
                  "docs/model.md 3.3.8, so a design that calls far more often shows what that "
                  "use would buy if calls were free):", "",
                  "| design | calls placed | answered | notices of deployments |",
                  "|---|---:|---:|---:|"]
        lines += [f"| {u['panel']} | {u['calls']:.2f} | {u['answered']:.2f} | "
                  f"{u['notices']:.2f} |" for u in us["use"]]
        lines.append("")
    return lines + _against_status_quo(t, figs, "Each design against the status quo (paired):")


def _against_status_quo(t: Any, figs: list[str], head: str, p_head: str | None = None
                        ) -> list[str]:
    """A ``uses`` map's designs against the status quo: its figure and table of expected severe
    incidents (when drawn), then its table of P(severe), under `p_head` if given."""
    from sim.study.designmap import markdown_table

    lines = [head, ""]
    if (hazard_fig := _fig(figs, "_map_hazard.png")):
        lines += [f"![each design against the status quo](figures/{hazard_fig})", "",
                  markdown_table(t, "diff_severe_hazard"), ""]
    return lines + ([p_head, ""] if p_head else []) + [markdown_table(t), ""]


#: The wear stages' sections: heading, the section whose runs the calls-free row repeats, and
#: the preregistration behind each.
WEAR_SECTIONS = {
    "uses_wear": ("4d. When calls cost something: a line that wears with use", "4b",
                  "preregistration.md"),
    "uses_wear_built": ("4e. When calls cost something: the line as built", "4c",
                        "preregistration-2.md"),
}


def _looked_up(rec: dict[str, Any], twin: str) -> str:
    """The calls-free row's numbers as looked up in section `twin` of the page as published,
    when that section's store and record were on another machine (the record's
    ``free_lookup``: label, the number as the page prints it, whether it was found there)."""
    found = rec.get("free_lookup") or []
    if not found:
        return ""
    return (f" Looked up in section {twin} as published: " + "; ".join(
        f"{label} {shown} -- {'the same' if same else '**not found there**'}"
        for label, shown, same in found) + ".")


def section_wear(rec: dict[str, Any], stage: str = "uses_wear") -> list[str]:
    """Does calling at rung 2 still pay when a line rung often is answered less (the
    ``uses_wear`` stages)? The step from the reference at each wear first -- the answer --,
    then what wear takes of it, the check of the calls-free row, and the designs' use."""
    import pandas as pd

    from sim.study.findings_answer import wear_sentence
    from sim.study.mapsteps import interactions_markdown, steps_markdown

    t = pd.DataFrame(rec["table"])
    figs = rec.get("figures") or []
    title, twin, prereg = WEAR_SECTIONS[stage]
    lines = [f"## {title}", "", wear_sentence(rec), "",
             f"Why: section {twin}'s largest step, calling at rung 2 (warnings and challenges), "
             "rings the line ~75 times a year against ~2, and a line that is free to call is "
             "an assumption, not a finding. The mechanism (docs/model.md 3.3.8) is the "
             "smallest cost of use: each call that rang at an end in the previous "
             f"{rec.get('wear_days', 30):g} days multiplies that end's answer probability by "
             "(1 - w) -- its notices of deployments too, which need an answer. No benefit of "
             "routine use is modelled. Rows: w = 0 (calls free: the model before this "
             f"mechanism, version 0.12, so this row repeats section {twin}'s runs), 0.2 (the upper "
             "end of its assumed plausible range: no record shows how a defence line wears) "
             "and 0.5 (beyond it, to see where the advantage goes). The reference line is set "
             "to be answered 95 % of the time at baseline tension; rising tension lowers that, "
             "so it answers fewer of its calls (the table of use below). The same seeds ran in "
             "every design, so every step is paired. The test was written before the runs "
             f"(docs/dev/notes/wave-13/{prereg}).", ""]
    checks = rec.get("free_check")
    if checks == []:
        lines += [f"Check of the code: the section {twin} store beside this one holds no cell of "
                  "the same design, seed and horizon, so no run-by-run check was possible.", ""]
    elif checks:
        ok = all(c["equal"] for c in checks)
        lines += [f"Check of the code: the calls-free row's designs are section {twin}'s cells "
                  + ", ".join(f"`{c['uses_cell']}`" for c in checks) + "; their "
                  f"{min(c['reps'] for c in checks)} replications "
                  + ("reproduce those runs in all " if ok else "**do not** reproduce those "
                     "runs in their ")
                  + f"{min(c['columns'] for c in checks)} outcome columns.", ""]
    else:
        lines += [f"Check of the code: the section {twin} store was not beside this one, so its "
                  "runs could not be compared one by one; the calls-free row repeats them (same "
                  f"scenario, seeds and horizon) and must show section {twin}'s reference and "
                  "call-at-rung-2 numbers to the last digit." + _looked_up(rec, twin), ""]
    if (steps_fig := _fig(figs, "_map_steps.png")):
        lines += [f"![each step of the map](figures/{steps_fig})", ""]
    if rec.get("steps"):
        lines += ["Every step of the map (panel: from the reference to calling at rung 2, at "
                  "each wear; row: less wear, within each line):", "",
                  steps_markdown(pd.DataFrame(rec["steps"]), rec), ""]
    if rec.get("interactions"):
        lines += ["Does calling at rung 2 gain more where the line wears less (neighbouring "
                  "rows; negative = the rung-2 step is larger with less wear):", "",
                  interactions_markdown(pd.DataFrame(rec["interactions"]), rec), ""]
    if rec.get("use"):
        lines += ["How much each design's line is used (a year, mean over its pairs):", "",
                  "| design | w | calls placed | answered | notices of deployments |",
                  "|---|---:|---:|---:|---:|"]
        lines += [f"| {u['panel']} | {u.get('row', '')} | {u['calls']:.2f} | "
                  f"{u['answered']:.2f} | {u['notices']:.2f} |" for u in rec["use"]]
        lines.append("")
    return lines + _against_status_quo(
        t, figs, "Each design against the status quo (paired), in expected severe incidents a "
        "year:", "And in P(severe), the share of years with a severe incident:")


def _familywise(mp: dict[str, Any]) -> str:
    """How many cells still resolve under simultaneous intervals over the map's cells: at 95 %
    a cell each, some of many cells resolve by chance (`sim.study.designmap.effects`)."""
    fw = mp.get("resolved_familywise")
    if not fw:
        return ""
    level = 1 - float(mp.get("family_alpha", 0.05))
    return (f" Under simultaneous intervals (Bonferroni over the {mp['cells']} cells, for each "
            f"outcome: each cell at {1 - (1 - level) / max(1, mp['cells']):.2%}, so that an "
            f"outcome's {mp['cells']} intervals hold together with at least {level:.0%}), "
            "these still resolve: " + ", ".join(f"{n} by {MAP_OUTCOMES.get(k, k)}"
                                                 for k, n in fw.items())
            + " (column \"simultaneous\"; starred in the figures).")


def _vrf_ci(a: dict[str, Any]) -> str:
    ci = a.get("variance_reduction_ci")
    return f" [{ci[0]:.2f}, {ci[1]:.2f}]" if ci and all(map(math.isfinite, ci)) else ""


def section_splitting(sp: dict[str, Any]) -> list[str]:
    a = sp["arms"]["status_quo_2022"]
    eff = sp["paired_effect"]
    bias = a["split_minus_brute"]
    gain = a["efficiency_gain"]
    from sim.study.splitting import pays

    ci = a.get("efficiency_gain_ci")
    said = pays(a)
    if not (isinstance(gain, (int, float)) and math.isfinite(gain)):
        verdict = ("not measured: no rung-3 crossing with a variance to compare; a screen")
    elif said != "unresolved":
        what = "it pays" if said == "yes" else "it does not pay here"
        verdict = (f"approximate 95% bootstrap interval [{ci[0]:.2f}, {ci[1]:.2f}], runs and "
                   f"their cost resampled together: {what}, an estimate")
    elif ci and all(map(math.isfinite, ci)):
        verdict = (f"point estimate {'above' if gain > 1 else 'below'} 1, not resolved: its "
                   f"approximate 95% bootstrap interval [{ci[0]:.2f}, {ci[1]:.2f}] covers 1; "
                   "a screen")
    else:
        verdict = (f"{'it pays' if gain > 1 else 'it does not pay here'}; a screen: a variance "
                   f"ratio from {a['runs']} runs is itself uncertain")
    return ["## 6. Importance splitting at rung 3 (does it pay?)", "",
            f"{a['runs']} run-years of `status_quo_2022`, {a['clones']} clones per rung-3 "
            f"crossing ({a['crossings']} crossings). Severe incidents per year: brute force "
            f"{fmt.ps(a['brute'])}, splitting {fmt.ps(a['split'])}; on the same runs "
            "split - brute = "
            f"{fmt.p(bias, 4)} (unbiased: the interval should cover 0). Variance-reduction factor "
            f"{a['variance_reduction']:.2f}" + _vrf_ci(a) + f" at {a['cost_ratio']:.2f}x the "
            "computing time: "
            f"efficiency gain **{gain:.2f}** ({verdict}). Paired effect of "
            f"`{sp['treatment']}` on severe incidents per year: brute force "
            f"{fmt.ps(eff['brute'])}, split {fmt.ps(eff['split'])} (half-width ratio "
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


def _stable_rankings(sc: dict[str, Any]) -> list[str]:
    """The pooled ranking of every outcome whose two seeds agree (Spearman >= the bar), with its
    mean mu* per factor or group: what a stable Morris run says decides that outcome."""
    import pandas as pd

    from sim.study.screening import pooled, pooled_ranking

    morris = sc.get("morris") or []
    if len(morris) < 2:
        return []
    m1, m2 = pd.DataFrame(morris[0]), pd.DataFrame(morris[1])
    lines = []
    for o, ok in sc["stable"].items():
        if not ok:
            continue
        mu, order = pooled(m1, m2, outcome=o), pooled_ranking(m1, m2, o)
        lines += [f"Stable ranking ({o}, Spearman {sc['rank_correlation'][o]:.2f}): "
                  + ", ".join(f"`{f}` ({mu[f]:.3g})" for f in order) + " (mean mu* of the "
                  "two seeds).", ""]
    return lines


def section_screening(sc: dict[str, Any]) -> list[str]:
    from sim.study.sensitivity import BASE_OUTCOMES

    rho = sc["rank_correlation"]
    lines = ["## 7. Which assumptions decide it", "",
             f"Morris ({sc['size']['r']} trajectories x {sc['size']['reps']} replications of "
             f"{sc['size']['days']} days, {sc['factors']} factors"
             + (" in the mechanism groups of `sim/study/groups.py`" if sc["size"].get("groups")
                else "") + f") on seeds {sc['seeds']}: "
             "Spearman rank correlation of mu* between the seeds: " + ", ".join(
                 f"{o} {r:.2f} ({'stable' if sc['stable'][o] else 'screen: not stable'})"
                 for o, r in rho.items()) + "; top-down (Savage-score) correlation, which "
             "weights agreement on the important factors: " + ", ".join(
                 f"{o} {r:.2f}" for o, r in sc.get("top_down_correlation", {}).items())
             + f". Top by pooled mu* ({sc['rank_by']}; "
             + ("a ranking" if sc["stable"].get(sc["rank_by"]) else
                "**a screen**: the two seeds do not agree on it") + "): "
             + ", ".join(f"`{f}`" for f in sc["ranking"][:8]) + ".", "",
             *_stable_rankings(sc),
             f"Sobol on the top {len(sc['top'])} of that ranking (N = "
             f"{sc['size'].get('sobol_n', '?')}, "
             f"{sc['size'].get('sobol_days', sc['size']['days'])}-day runs"
             + ("; the base arm alone, only base-rate outcomes being apportioned, the other "
                "groups at the status quo's values" if sc["sobol"] and all(
                    r["outcome"] in BASE_OUTCOMES for r in sc["sobol"])
                else "; both arms, the other groups at the agreed line's values")
             + "). S1 by Janon et al.'s "
             "(2014) estimator, ST by Jansen's (1999), each with the half-width of its 95% "
             "bootstrap interval (`sim/study/sobol.py`). `log_base_hazard` is the base rate "
             "on the log scale (floor 0.01 per run), where its causes multiply; on the raw "
             "scale a few hot corners of the ranges own the variance.", "",
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


def _floor_clause(dr: dict[str, Any]) -> str:
    """How many design points sat near the log floor (base rate < 10 x floor), per seed."""
    shares = [f for f in dr.get("near_floor") or [] if f is not None and math.isfinite(f)]
    if not shares:
        return ""
    return (" (design points with a base rate below 0.1 a run: " + " and ".join(
        f"{f:.0%}" for f in shares) + " on the two seeds)")


def _overlap_clause(order: list[str], mu: Any, conf: Any, agree: bool = True) -> list[str]:
    """Say so when most neighbours' mu* intervals (mean of the seeds +- mean half-width)
    overlap: the two seeds may agree on the order (Spearman) while neither seed's intervals
    tell neighbours apart -- and where they do not agree (`agree` False), nothing holds it."""
    pairs = list(zip(order, order[1:], strict=False))
    if not pairs:
        return []
    over = sum(mu[a] - conf[a] <= mu[b] + conf[b] for a, b in pairs)
    if over * 2 <= len(pairs):
        return []
    return ["", f"The bootstrap intervals of {over} of the {len(pairs)} neighbouring pairs "
            "overlap: no single seed's intervals separate neighbours, "
            + ("so the order rests on the seeds' agreement, and places within it are not "
               "resolved." if agree else "and the seeds do not agree on the order: places in "
               "it are not resolved.")]


#: The map's outcomes as the sentence under its figure names them.
MAP_OUTCOMES = {"rd_severe": "P(severe)", "diff_peak_ge_4": "severe incidents",
                "diff_peak_ge_3": "rung-3 encounters",
                "diff_severe_hazard": "expected severe incidents"}


def _residual(res: dict[str, Any] | None) -> str:
    if not res or not res.get("name"):
        return ""
    return f"; residual `{res['name']}` at " + ", ".join(
        f"{v:g}" if isinstance(v, (int, float)) else str(v) for v in res.get("values") or [])


def _drivers_verdict(dr: dict[str, Any]) -> str:
    """A ranking only if the two seeds agree and a fresh seed, where one was run, confirms --
    or, where a fourth was run, the two pooled designs agree (`screening.confirm_pooled`)."""
    from sim.study.screening import drivers_verdict

    c = dr.get("confirmation") or {}
    p = c.get("pooled")
    return {"unstable": "**a screen**: the seeds do not agree on it",
            "unconfirmed": "**a screen**: the first two seeds agree, "
                           + ("the two pooled designs do not" if p else "a fresh seed does not")
                           + " (below)",
            "ranking": "**a ranking**: the seeds agree" + (
                f" and two designs of {p['trajectories']} trajectories (four seeds, pooled in "
                "pairs) agree" + ("" if c["holds"] else " (a third seed alone did not: "
                                  + ", ".join(f"{r:.2f}" for r in c["rank_correlation"]) + ")")
                if p else " and a fresh seed confirms it" if c else "")
            }[drivers_verdict(dr)]


def _below(rho: list[float], seeds: list[int]) -> str:
    """Which of the third seed's correlations are below the bar: each, or the ones named."""
    from sim.study.screening import RHO_STABLE

    low = [s for r, s in zip(rho, seeds, strict=False)
           if not (math.isfinite(r) and r >= RHO_STABLE)]
    if len(low) == len(rho):
        return f"below the bar of {RHO_STABLE:g} for each."
    return (f"below the bar of {RHO_STABLE:g} for seed " + " and ".join(map(str, low)) + ".")


def _confirmation(c: dict[str, Any] | None, seeds: list[int]) -> list[str]:
    """The third seed's test of the chosen outcome (`sim.study.screening.confirm`)."""
    from sim.study.screening import RHO_STABLE

    if not c:
        return []
    rho = ", ".join(f"{r:.2f} with seed {s}" for r, s in zip(c["rank_correlation"], seeds,
                                                            strict=False))
    p = c.get("pooled")
    third = ["", f"Confirmation on a third seed ({c['seed']}, not used to choose the outcome, "
             f"asked only about {c['outcome']}): Spearman {rho}: "
             + ("**the ranking holds**." if c["holds"] else
                _below(c["rank_correlation"], seeds) if p else
                f"**it does not hold** (the bar is {RHO_STABLE:g} for each): the first two "
                "seeds' agreement may be partly the choice's, or the design too small for "
                "this outcome's noise -- a screen either way.")]
    if not p:
        return third
    a, b = ("+".join(map(str, s)) for s in p["seeds"])
    return [*third, "", f"A design twice as large (a fourth seed, {p['seed']}; the test fixed "
            "before it ran, `docs/dev/notes/wave-9/preregistration.md`): mu* pooled over seeds "
            f"{a} against mu* pooled over seeds {b}, two independent designs of "
            f"{p['trajectories']} trajectories: Spearman {p['rank_correlation']:.2f}, top-down "
            f"{p['top_down_correlation']:.2f}: "
            + (f"**the ranking holds at {p['trajectories']} trajectories** (bar "
               f"{RHO_STABLE:g})." if p["holds"] else
               f"**it does not hold** (the bar is {RHO_STABLE:g}): a screen.")
            + " The table and the figure rank by the mean mu* of all four seeds, the best "
            "estimate either way."]


def section_drivers(dr: dict[str, Any]) -> list[str]:
    """What decides the effect of a line that has one: the drivers stage's rank correlations
    between its two seeds, and its ranking -- a ranking only where the seeds agree."""
    import pandas as pd

    from sim.study.findings_answer import _label
    from sim.study.screening import drivers_verdict, pooled

    rho, stable, by = dr["rank_correlation"], dr["stable"], dr["rank_by"]
    # where no outcome's seeds agree, `run_drivers` ranks by the first tried: say so
    agree = drivers_verdict(dr) != "unstable"
    m1, m2 = (pd.DataFrame(m) for m in dr["morris"])
    p = (dr.get("confirmation") or {}).get("pooled")
    every = p is not None  # the best estimate: all four seeds' trajectories, one ranking
    seeds = [m1, m2] + ([pd.DataFrame(dr["confirmation"]["morris"]), pd.DataFrame(p["morris"])]
                        if every else [])
    mu = pooled(*seeds, outcome=by)
    conf = pooled(*seeds, outcome=by, column="mu_star_conf")
    size = dr["size"]
    lines = ["## 7b. What decides the effect of a line that has one", "",
             f"Morris of the line {_label(dr['treatment'])} against the status quo ({size['r']} "
             f"trajectories x {size['reps']} paired replications of {size['days']} days per "
             f"point, {dr['factors']} factors"
             + (" in the mechanism groups of `sim/study/groups.py`" if size.get("groups")
                else "") + f", seeds {dr['seeds']}; `sim.study.screening.run_drivers`). "
             "Spearman rank correlation of mu* between the seeds: " + ", ".join(
                 f"{o} {rho[o]:.2f} ({'stable' if stable.get(o) else 'not stable'})"
                 for o in ("log_hazard_ratio", "shared_hazard", "diff_hazard", "rd_severe",
                           "log_base_hazard") if o in rho and math.isfinite(rho[o]))
             + "; top-down: " + ", ".join(
                 f"{o} {r:.2f}" for o, r in dr.get("top_down_correlation", {}).items()
                 if o in ("log_hazard_ratio", "shared_hazard", "diff_hazard")
                 and math.isfinite(r)) + ". `log_hazard_ratio` is the log of the ratio of "
             "expected severe incidents with and without the line (floor 0.01 a run): the "
             "effect as a factor, which the base rate does not scale -- except near the floor, "
             "which compresses it" + _floor_clause(dr) + ".", "",
             f"Ranking by {by} (the first of {', '.join(dr.get('tried') or [by])}, tried in "
             "that order, " + ("whose seeds agree" if agree else "as none has seeds that agree")
             + "; mean mu* of the "
             + ("four" if every else "two") + " seeds, with the mean of the seeds' "
             "bootstrap half-widths -- a single seed's, wider than the pooled mu*'s), "
             + _drivers_verdict(dr) + ":", "",
             "| rank | group | mu* | ± |", "|---:|---|---:|---:|"]
    order = p["ranking"] if every else dr["ranking"]
    for i, f in enumerate(order, 1):
        lines.append(f"| {i} | `{f}` | {mu[f]:.3g} | {conf[f]:.2g} |")
    lines += _overlap_clause(order, mu, conf, agree)
    lines += _confirmation(dr.get("confirmation"), dr["seeds"])
    if not dr.get("sobol"):
        k = dr.get("kurtosis") or {}
        kk = (f" Its values over the design points are heavy-tailed (excess kurtosis "
              f"{k[by]:.0f}, against {k['log_base_hazard']:.1f} for the base rate's log, whose "
              "Sobol needed N = 4096 for CIs under 0.1), and a Sobol estimator's variance grows "
              "with that fourth moment." if math.isfinite(k.get(by, math.nan))
              and math.isfinite(k.get("log_base_hazard", math.nan)) else "")
        lines += ["", "No Sobol of this outcome in this design (`sobol_n_paired` unset; "
                  "`sim/study/findings.py`, DESIGNS, `drivers`, gives the cost)." + kk]
    else:
        c = dr["sobol_checks"][by]
        lines += ["", f"Sobol of {by} on the top {len(dr['top'])} (N = "
                  f"{size.get('sobol_n_paired')}, {size.get('sobol_reps', size['reps'])} "
                  f"paired replication(s) of {size.get('sobol_days', size['days'])} days a "
                  "point, the other groups at the line's values): widest CI "
                  f"{c['max_ci_width']:.2f}, lowest S1 {c['min_s1']:.2f}: "
                  + ("adequate (CIs < 0.1, no S1 < -0.05)" if c["adequate"] else
                     "**a screen** (CIs >= 0.1 or S1 < -0.05)") + ".", "",
                  "| group | S1 [95% CI] | ST [95% CI] |", "|---|---:|---:|"]
        lines += [f"| `{r['factor']}` | {r['S1']:.2f} ± {r['S1_conf']:.2f} | {r['ST']:.2f} ± "
                  f"{r['ST_conf']:.2f} |" for r in dr["sobol"]]
    return [*lines, ""]


def section_plausible(pl: dict[str, Any]) -> list[str]:
    """Which of the assumptions' joint worlds the record allows: one wave of history matching
    (`sim.study.history`), what rules the others out and which assumptions it constrains."""
    share, lo, hi = pl["share"]
    names = {t["key"]: t["label"] for t in pl["targets"]}
    worst = ", ".join(f"{names.get(k, k)} {v}" for k, v in
                      sorted(pl["worst"].items(), key=lambda kv: -kv[1]))
    med_all, med = pl.get("median_all", {}), pl.get("median_nroy", {})
    sev = (f" The status quo's expected severe incidents a year: median "
           f"{med_all['mean_severe']:.2g} over all points, {med['mean_severe']:.2g} over those "
           "that stay." if "mean_severe" in med_all and "mean_severe" in med else "")
    lines = ["## 7c. Which worlds the record allows (history matching)", "",
             f"{pl['points']} points of a Latin hypercube over the {pl['factors']} assumptions "
             f"of the drivers stage, the status quo run {pl['reps']} x {pl['days']} days at each "
             "and compared with the record (`sim.study.history`): the validation's activity "
             "targets and the incident record's rung-3 and rung-4 rates. A point is ruled out "
             f"when a target's implausibility exceeds {pl['cutoff']:g} (observation, "
             f"{pl['discrepancy']:.0%} model discrepancy and Monte Carlo variance in its "
             "denominator) or when one of its years expects more than "
             f"{pl['runaway_limit']:.1f} severe incidents, which no year of the record (at most "
             "two) could have come from.", "",
             f"**{pl['nroy']} of {pl['points']} stay: {share:.2f} [{lo:.2f}, {hi:.2f}]** of the "
             "registry's joint ranges is consistent with the record. Ruled out first by: "
             f"{worst or 'nothing'}.{sev}", ""]
    lines += _plausible_constraints(pl)
    lines += _plausible_effect(pl) + _plausible_drivers(pl)
    lines += ["What it means for sections 7b and 8: their designs sample the same box, about "
              f"{1 - share:.0%} of which the record rules out here. Section 8, when a box "
              "passes, repeats its held-out check among the experiments the incident record "
              "allows (its rung-3 and rung-4 targets and the runaway-year rule: its experiments "
              "carry no activity counts).", ""]
    return lines


def _plausible_constraints(pl: dict[str, Any]) -> list[str]:
    """Which assumptions the record constrains (Monte Carlo filtering), and the control."""
    if pl["nroy"] in (0, pl["points"]):
        return [f"No comparison of the inputs: {'none' if not pl['nroy'] else 'all'} of the "
                "points stay.", ""]
    lines = []
    cons = [c for c in pl["constraints"] if c["factor"] in set(pl["constrained"])]
    if cons:
        lines += ["Assumptions the record constrains (Kolmogorov-Smirnov distance between the "
                  "points that stay and those ruled out, p Holm-adjusted over all "
                  f"{pl['factors']}):", "",
                  "| assumption | KS | p (Holm) | median, staying | median, all |",
                  "|---|---:|---:|---:|---:|"]
        lines += [f"| `{c['factor']}` | {c['ks']:.2f} | {c['p_holm']:.2g} | "
                  f"{c['median_nroy']:.3g} | {c['median_all']:.3g} |" for c in cons]
        lines.append("")
    else:
        lines += ["No single assumption passes Holm's bar: the record constrains combinations, "
                  "not any one range.", ""]
    ctl = pl.get("control") or {}
    if ctl.get("factors"):
        p = ctl["min_p_holm"]
        lines += [f"Negative control: the line's own {ctl['factors']} assumptions, which the "
                  f"status quo never reads: smallest Holm-adjusted p {p:.2g} -- "
                  + ("passed (none is 'constrained')." if p >= 0.05 else
                     "**failed**: an input the status quo never reads passes the bar, so the "
                     "table above may hold chance findings too."), ""]
    return lines


def _plausible_effect(pl: dict[str, Any]) -> list[str]:
    """The drivers' line over the worlds that stay (`sim.study.uncertainty`)."""
    from sim.study.findings_answer import _label

    e = pl.get("effect")
    if not e:
        return []
    if not e.get("with_base"):
        return [f"The line {_label(pl['treatment'])} was run at the {e['points']} staying "
                "worlds, but none expects any severe incident in the status quo: no cut.", ""]
    med, lo, hi = e["median_cut"]
    k, klo, khi = e["share_cut"]
    q1, q3 = e["quartiles"]
    size = pl["size"]
    assoc = ", ".join(f"`{a['factor']}` (rho {a['rho']:+.2f})" for a in e["associations"]
                      if a["factor"] in set(e["associated"]))
    return ["### The line's effect in the worlds the record allows", "",
            f"The line {_label(pl['treatment'])} against the status quo at each of the "
            f"{e['points']} staying worlds ({size['effect_reps']} paired replication"
            f"{'s' if size['effect_reps'] != 1 else ''} of "
            f"{pl['days']} days; `sim.study.uncertainty`; the line's own assumptions -- when it "
            "is called, how fast and how reliably it connects -- vary with the rest). Cut in "
            "expected severe incidents "
            "(1 - ratio of the summed severe_hazard, over the "
            f"{e['with_base']} worlds whose status quo expects any): **median {med:.0%} "
            f"[{lo:.0%}, {hi:.0%}]** "
            f"(bootstrap over worlds), quartiles {q1:.0%} and {q3:.0%}; pooled over all "
            f"staying worlds {e['pooled_cut']:.0%}. Worlds where it cuts at least "
            f"{e['cut']:.0%}: **{k:.2f} [{klo:.2f}, {khi:.2f}]**. An uncertainty analysis: the "
            "spread is over assumptions the record cannot tell apart and over each world's "
            f"{size['effect_reps']} paired years (replication noise), not a probability of any "
            "one world.", "",
            ("Assumptions associated with the effect there (Spearman with its log ratio, "
             f"Holm-adjusted over all {pl['factors']}): {assoc}." if assoc else
             "No single assumption's association with the effect passes Holm's bar over all "
             f"{pl['factors']}."), ""]


def _plausible_drivers(pl: dict[str, Any]) -> list[str]:
    """The radial elementary effects centred on staying worlds (`sim.study.radial`)."""
    from sim.study.radial import above_floor
    from sim.study.screening import RHO_STABLE

    r = pl.get("radial")
    if not r:
        return []
    a, b = r["stars"]
    rho = r["rank_correlation"]
    verdict = {"holds": f"**the ranking holds** (bar {RHO_STABLE:g})",
               "does not hold": f"**it does not hold** (bar {RHO_STABLE:g}): a screen",
               "inconclusive": "**inconclusive** (too few kept steps): a screen"}[r["verdict"]]
    left = ("; left out for fewer than 5 kept steps in a design: "
            + ", ".join(f"`{g}`" for g in r["left_out"])) if r["left_out"] else ""
    lines = ["### What decides it there", "",
             f"Radial elementary effects (`sim.study.radial`; Campolongo, Saltelli and "
             f"Cariboni 2011): {a + b} stars centred on staying worlds, each mechanism group "
             "moved by half its range in turn, the same replications; a step counts only if "
             f"its moved world stays too ({r['kept']} of {r['steps']} did; a moved world is "
             f"judged on its {pl['size'].get('effect_reps')} replications, its centre on the "
             "wave's"
             + (f", {r['unmeasured']} without a finished status quo" if r.get("unmeasured")
                else "") + "). "
             + _radial_prereg(pl["size"]) + "mu* of the first "
             f"{a} stars against the last {b}: Spearman "
             + (f"{rho:.2f}" if rho == rho else "n/a") + ", top-down "
             + (f"{r['top_down_correlation']:.2f}" if r["top_down_correlation"] ==
                r["top_down_correlation"] else "n/a") + f": {verdict}{left}.", "",
             "| rank | group | mu* (all stars) | 95% interval (stars resampled) | "
             "noise floor | kept steps |", "|---:|---|---:|---|---:|---:|"]
    ci = r.get("mu_star_ci") or {}  # records from before wave 11 have neither
    floor = r.get("noise_floor") or {}
    for i, g in enumerate(r["ranking"], 1):
        mu = r["mu_star"].get(g)
        out = " (left out of the test)" if g in r["left_out"] else ""
        iv, fl = ci.get(g), floor.get(g)
        lines.append(f"| {i} | `{g}`{out} | {'n/a' if mu is None else f'{mu:.2f}'} | "
                     + (f"[{iv[1]:.2f}, {iv[2]:.2f}]" if iv else "n/a") + " | "
                     + ("n/a" if fl is None else f"{fl:.2f}") + " | "
                     f"{r['kept_steps'].get(g, 0)} |")
    if ci:
        lines += ["", "The intervals resample whole stars (a star's steps share its centre): "
                  "roughly how far apart the groups are in this design; the test above is the "
                  "agreement of two independent designs."]
    if any(v is not None for v in floor.values()):
        lines += ["", "The noise floor is the mu* expected of a group whose move changes the "
                  "runs but not their expected outcome: each step's jackknife error of its "
                  "difference of log ratios over the replications its two worlds share (the "
                  "same seeds), as the mean of a half-normal (`sim.study.radial.step_noise`; "
                  "descriptive, added in wave 11 after the test was fixed). A group whose "
                  "interval reaches its floor is not distinguishable from such a group. More "
                  "stars narrow the interval; more replications a point would lower the floor "
                  "if the noise averaged out (where a confirmation ran, below, it says "
                  "whether it did)."]
        above = above_floor(r) or []
        lines += ["", "Above their floor (the whole interval): "
                  + (", ".join(f"`{g}`" for g in above) if above else "no group")
                  + f"; {len(r['ranking']) - len(above)} of {len(r['ranking'])} groups are "
                  "within reach of replication noise here."]
    return [*lines, "", *_radial_confirm(pl)]


#: The preregistration of each radial design the page may show: (stars, paired years, days).
RADIAL_PREREG = {(24, 8, 365): "docs/dev/notes/wave-10/preregistration.md",
                 (48, 8, 365): "docs/dev/notes/wave-11/preregistration.md"}


def _radial_prereg(size: dict[str, Any]) -> str:
    """Where the radial test was fixed before it ran, or that this design reuses that rule."""
    key = (size.get("stars"), size.get("effect_reps"), size.get("days"))
    if key in RADIAL_PREREG:
        return f"Test fixed before it ran (`{RADIAL_PREREG[key]}`): "
    return ("Test (as preregistered for 24 stars, `docs/dev/notes/wave-10/"
            "preregistration.md`): ")


#: The preregistration of each confirmation the page may show: (stars, reps, first, days).
CONFIRM_PREREG = {(24, 24, 8, 365): "docs/dev/notes/wave-11/preregistration.md"}


def _n(k: int, word: str) -> str:
    return f"{k} {word}" + ("" if k == 1 else "s")


def _radial_confirm(pl: dict[str, Any]) -> list[str]:
    """The first stars again at more paired years (`sim.study.radial.run_confirm`)."""
    from sim.study.radial import above_floor
    from sim.study.screening import RHO_STABLE

    c = pl.get("radial_confirm")
    if not c:
        return []
    if "skipped" in c:
        return [f"The confirmation at more paired years was not run: {c['skipped']}.", ""]
    a, f, d = c["at_reps"], c["at_first"], c["design"]

    def rho(x: dict[str, Any], key: str = "rank_correlation") -> str:
        v = x[key]
        return f"{v:.2f}" if v == v else "n/a"

    verdict = {"holds": f"**the ranking holds** (bar {RHO_STABLE:g})",
               "does not hold": f"**it does not hold** (bar {RHO_STABLE:g}): a screen",
               "inconclusive": "**inconclusive** (too few kept steps): a screen"}[a["verdict"]]
    key = (c["stars"], c["reps"], c["first"], pl["days"])
    prereg = (f"test fixed before it ran, `{CONFIRM_PREREG[key]}`, second part"
              if key in CONFIRM_PREREG
              else "the test as preregistered for 24 stars at 24 paired years")
    above = above_floor(a) or []
    reproduce = {True: "; the centres' first replications are the stored runs, bit for bit",
                 False: "; **the centres' first replications differ from the stored runs**",
                 None: ""}[c.get("centres_reproduce")]
    lines = [f"**The first {_n(c['stars'], 'star')} at {_n(c['reps'], 'paired year')} a point** "
             f"(every moved point and centre run to {_n(c['reps'], 'replication')}; the steps "
             f"kept as above, so only the replications change; {prereg}): mu* of the first "
             f"{a['stars'][0]} stars against the last {a['stars'][1]}: Spearman {rho(a)}, "
             f"top-down {rho(a, 'top_down_correlation')}: {verdict}. The check of the code: "
             f"the same stars at their first {_n(c['first'], 'year')} give Spearman "
             f"{rho(f)}, the design above on these stars {rho(d)}{reproduce}. Above their "
             f"noise floor at {_n(c['reps'], 'year')}: "
             + (", ".join(f"`{g}`" for g in above) if above else "no group") + ".", "",
             "| rank | group | mu* | 95% interval (stars resampled) | noise floor | "
             f"mu* at {_n(c['first'], 'year')} | floor at {_n(c['first'], 'year')} |",
             "|---:|---|---:|---|---:|---:|---:|"]
    for i, g in enumerate(a["ranking"], 1):
        iv, fl = a["mu_star_ci"].get(g), a["noise_floor"].get(g)
        m1, f1 = f["mu_star"].get(g), f["noise_floor"].get(g)
        cell = lambda v: "n/a" if v is None else f"{v:.2f}"  # noqa: E731
        out = " (left out of the test)" if g in a["left_out"] else ""
        lines.append(f"| {i} | `{g}`{out} | {cell(a['mu_star'].get(g))} | "
                     + (f"[{iv[1]:.2f}, {iv[2]:.2f}]" if iv else "n/a")
                     + f" | {cell(fl)} | {cell(m1)} | {cell(f1)} |")
    return [*lines, "", *_floor_growth(c)]


def _floor_growth(c: dict[str, Any]) -> list[str]:
    """Did the noise floors fall as replications grew, as noise that averages out would?"""
    a, f = c["at_reps"]["noise_floor"], c["at_first"]["noise_floor"]
    ratios = [a[g] / f[g] for g in a if a.get(g) and f.get(g)]
    if not ratios:
        return []
    med, want = statistics.median(ratios), math.sqrt(c["first"] / c["reps"])
    rose = sum(r > 1 for r in ratios)
    lines = [f"The noise floors at {_n(c['reps'], 'year')} are a median {med:.2f} of those at "
             f"{c['first']} ({min(ratios):.2f}-{max(ratios):.2f}; {rose} of {len(ratios)} "
             f"rose), where noise that averages out would make them {want:.2f}"]
    if med > 1.25 * want:
        lines[0] += (": not the fall averaging would give. That is consistent with noise "
                     f"heavier-tailed than {c['first']} years show -- rare, large years "
                     "entering as replications grow -- so the floors at "
                     f"{c['first']} years are lower bounds, and a ranking of these groups by "
                     "this outcome needs either far more years a point or an outcome less "
                     "driven by single years.")
    else:
        lines[0] += "."
    return [*lines, ""]


def _prim_inputs(pr: dict[str, Any]) -> str:
    if pr.get("inputs") != "hotline":
        return ""
    return (f" PRIM peels {pr['n_inputs']} of the {pr['of_inputs']} inputs: the line's design "
            "and its own assumptions, the other assumptions varying as noise. Why: on all "
            "inputs it overfit wave 9's fit sample (a box of density 1.00 on 18 restrictions, none "
            "supported by its quasi-p-value; `sim.study.prim_check.inputs`); this scope was "
            "chosen after that look, which the held-out experiments (run only when a box "
            "passes) do not share.")


def section_prim(pr: dict[str, Any]) -> list[str]:
    """PRIM's box and its held-out check. A record from before wave 9 (one case per paired run,
    no ``cut``) renders as it was published: the page is regenerated from stored records."""
    lines = ["## 8. Scenario discovery (PRIM)", ""]
    if "cut" in pr:  # one case per experiment (`sim.study.prim_check`)
        unit, cut = "experiments", pr["cut"]
        bd, n = pr.get("base_density"), pr["reps"]
        reps = f"{n} paired replication" + ("s" if n != 1 else "")
        lines += [f"Case of interest (`{pr['case']}`): over an experiment's paired "
                  f"replications, the line's expected severe incidents (summed, conditional "
                  f"Monte Carlo) are at most {1 - cut:.0%} of the base arm's, a cut of at least "
                  f"{cut:.0%} (an analysis choice; `sim/study/prim_check.py`, `CUT`, gives why); "
                  "an experiment whose base arm expects none is not a case.", "",
                  f"{pr['experiments']} experiments (a Latin hypercube over the assumptions "
                  f"paired with one over the line's design) x {reps} x {pr['days']} days: "
                  f"{pr['of_interest']} of interest (base density "
                  + (f"{bd:.2f}" if bd is not None else "n/a") + f"); minimum mass "
                  f"{pr['mass_min']}, restrictions kept when their quasi-p-value < "
                  f"{pr['qp_max']}." + _prim_inputs(pr), ""]
    else:
        unit = "cases"
        lines += [f"{pr['cases']} cases, {pr['of_interest']} of interest ({pr['case']}); "
                  f"minimum mass {pr['mass_min']}, restrictions kept when their quasi-p-value "
                  f"< {pr['qp_max']}.", ""]
    b = pr.get("box")
    if b is None:
        return [*lines, "No box passes: nothing to report at this design size.", ""]
    if not b.get("restrictions"):
        return [*lines, f"The only box is every {unit[:-1]} (coverage {b['coverage']:.2f}, "
                f"density {b['density']:.2f}): no restriction passes its quasi-p-value; nothing "
                "discovered at this design size (a screen).", ""]
    qp = b.get("qp", {})
    lines.append(f"Box: coverage {b['coverage']:.2f}, density {b['density']:.2f} (all {unit} "
                 f"{b['base_density']:.2f}), mass {b['mass']:.2f}; " + "; ".join(
                     f"`{k}` in [{lo:g}, {hi:g}] (qp {_qp(qp.get(k))})"
                     for k, (lo, hi) in b["restrictions"].items()) + ".")
    ho = pr.get("held_out")
    if ho:
        fresh = (f"{ho['experiments']} fresh experiments (another Latin hypercube, other "
                 "replication seeds; 95% Wilson intervals)" if "experiments" in ho else
                 "fresh runs")
        lines.append(f"Held-out check on {fresh}: density inside {fmt.p(ho['density_in'], 2)} "
                     f"(n {ho['n_in']}), outside {fmt.p(ho['density_out'], 2)} (n {ho['n_out']}): "
                     + ("**holds** (the inside interval lies above the outside one)."
                        if ho["holds"] else "**does not hold** (a screen)."))
        hn = pr.get("held_out_nroy")
        if hn and not hn["n_in"]:
            lines.append(f"Among the {hn['experiments']} fresh experiments whose status quo the "
                         "incident record does not rule out, none falls in the box: no check "
                         "there.")
        elif hn and hn["n_out"]:
            lines.append(f"Among the {hn['experiments']} fresh experiments whose status quo the "
                         "incident record does not rule out (`sim.study.history`: its rung-3 "
                         "and rung-4 targets and the runaway-year rule; the effect model returns "
                         "no activity counts; section 7c): inside "
                         f"{fmt.p(hn['density_in'], 2)} (n {hn['n_in']}), outside "
                         f"{fmt.p(hn['density_out'], 2)} (n {hn['n_out']}): "
                         + ("**holds** there too." if hn["holds"] else
                            "**does not hold** there (a screen among plausible worlds)."))
    elif "cut" in pr:
        lines.append("No held-out check: a screen.")
    return [*lines, ""]


#: Why each stage has the size it has (the numbers are in `sim.study.findings.DESIGNS`).
WHY = {
    "main": "the headline; grows from its pilot until the P(severe) targets are met or its "
            "cap is reached -- the session design fixes it at 1644 pairs (what wave 12's time "
            "allowance bought after the targets were met at ~200), so it reproduces on any "
            "machine",
    "crisis": "fixed pairs; the window after a shock is where a line should matter most",
    "splitting": "in-process; enough runs for an interval on whether splitting pays, not a "
                 "headline",
    "map": "few cells with enough pairs each rather than many unresolved cells",
    "uses": "the map's pairs, so its reference is the map's own cell; one property changed "
            "at a time, so each step is paired with the reference",
    "uses_built": "as uses, for the line as built; notice left out (negligible in uses)",
    "uses_wear": "as uses, its reference and call-at-rung-2 cells over three wears, so its "
                 "first row repeats the uses runs",
    "uses_wear_built": "as uses_wear, for the line as built; its first row repeats the "
                       "uses_built runs",
    "counterfactuals": "short runs: many pairs are cheap",
    "screening": "Morris on two seeds for the rank correlation; Sobol of the stable ranking's "
                 "outcome, N sized for bootstrap CIs narrower than 0.1",
    "drivers": "whole paired years per point (the effect's noise decided the earlier "
               "rankings), then two more seeds: within a seed the ranking was reliable, "
               "between seeds the trajectories' sampling was not",
    "plausible": "the status quo only at each point of the wave (whole years: the record's "
                 "rates are yearly), then the line's paired years only where a world stays, "
                 "and stars centred on staying worlds so that few steps are lost",
    "prim": "experiments of whole paired years, so a case is an effect and not one run's "
            "noise; a screen unless its held-out check holds",
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
    lines += ["", f"Code: {code_versions(recs, notes=True)}.", ""]
    return lines


def code_versions(recs: dict[str, dict[str, Any] | None], notes: bool = False) -> str:
    """The commit the stages ran on, or each stage's when they differ (a stage rerun or grown
    later resumes its stored runs, so a page may hold stages of several commits; notes a
    record carries -- say, that it ran in two sessions -- follow)."""
    def one(r: dict[str, Any]) -> str:
        g = r.get("git") or {}
        dirty = (f" (uncommitted changes{' ' + g['diff'] if g.get('diff') else ''})"
                 if g.get("dirty") else "")
        return f"{g.get('commit', '?')[:10]}{dirty}"
    have = {s: r for s, r in recs.items() if r}
    if len({one(r) for r in have.values()}) <= 1:
        return next((one(r) for r in have.values()), "?")
    return "by stage: " + ", ".join(
        f"{s} {one(r)}" + (f" ({r['note']})" if notes and r.get("note") else "")
        for s, r in have.items())


def _seed(recs: dict[str, dict[str, Any] | None]) -> str:
    seeds = sorted({str(r["seed"]) for r in recs.values() if r and "seed" in r})
    return ", ".join(seeds) or "?"


def _qp(q: list[float | None] | None) -> str:
    vals = [v for v in (q or []) if v is not None]
    return f"{min(vals):.3g}" if vals else "n/a"


# --------------------------------------------------------------------------- the page
#: The page's section number for each stage (the heading `section` writes; a test holds them
#: equal), in the order the header and section 9 list the stages. The sections' own order is
#: their numbers' (`ORDER`); `would_lose` tells before a long run which a rewrite would lose.
SECTION_OF = {"main": "2", "crisis": "3", "splitting": "6", "map": "4", "uses": "4b",
              "uses_built": "4c", "uses_wear": "4d", "uses_wear_built": "4e",
              "counterfactuals": "5", "screening": "7", "drivers": "7b", "plausible": "7c",
              "prim": "8"}
#: The stages the page has a section for.
PAGE_STAGES = tuple(SECTION_OF)
#: Where the page's own records live: DOCS/records/<stage>.json, committed with the page, so
#: that the page can be rewritten (and checked) from a fresh clone, and a stage rerun alone
#: into a fresh results directory rewrites the page with every other section as published.
RECORDS = "records"


def load_records(out: Path, docs: Path) -> tuple[dict[str, dict[str, Any] | None],
                                                 dict[str, Path], dict[str, str]]:
    """Each stage's record, the directory it came from, and the stages whose record in OUT
    says they failed (with why).

    A stage's record is OUT's, or the published DOCS/records/<stage>.json where OUT has none,
    where OUT's failed, or where the published one finished later (both with ``finished``: a
    results directory resumed long after must not put its old records back). One page is of
    one design: records of several designs are refused (`InputError`)."""
    out, pub_dir = Path(out), Path(docs) / RECORDS
    mine = {s: fmt.load(out, s, failed=True) for s in PAGE_STAGES}
    pub = {s: fmt.load(pub_dir, s) for s in PAGE_STAGES}
    by_design: dict[str, list[str]] = {}
    for s in PAGE_STAGES:
        for r in (mine[s], pub[s]):
            if r and "failed" not in r:
                by_design.setdefault(str(r.get("design")), []).append(s)
    if len(by_design) > 1:
        raise InputError(str(pub_dir), "design", "one page is of one design, and these records "
                         "are of several (" + "; ".join(f"{d}: {', '.join(st)}" for d, st in
                                                         by_design.items())
                         + "): write each design's page to its own --docs")
    failed = {s: r["failed"] for s, r in mine.items() if r and "failed" in r}
    recs: dict[str, dict[str, Any] | None] = {}
    src: dict[str, Path] = {}
    for s in PAGE_STAGES:
        m, p = (None if s in failed else mine[s]), pub[s]
        if m is not None and not (p and "finished" in m and "finished" in p
                                  and p["finished"] > m["finished"]):
            recs[s], src[s] = m, out
        elif p is not None:
            recs[s], src[s] = p, pub_dir
        else:
            recs[s] = None
    return recs, src, failed


def would_lose(out: Path, docs: Path, ran: Any) -> list[str]:
    """The page's sections that a rewrite after running the stages `ran` into OUT would lose --
    their stage has no record in OUT or published and is not run -- so `write` will refuse it:
    known before a run of hours, not after."""
    page = Path(docs) / "findings.md"
    if not page.is_file():
        return []
    have = set(ran) | {s for s in PAGE_STAGES if (Path(out) / f"{s}.json").is_file()
                       or (Path(docs) / RECORDS / f"{s}.json").is_file()}
    kept = {SECTION_OF[s] for s in have if s in SECTION_OF}
    return [h for h in _sections(page.read_text())
            if h in SECTION_OF.values() and h not in kept]


def _runs_in(rec: dict[str, Any], src: Path) -> str:
    """Where a record's runs are: as published (``runs_in``), else the directory it was read
    from (a fresh record sits beside its runs), as an absolute path."""
    return str(rec.get("runs_in") or Path(src).resolve())


def _where(recs: dict[str, dict[str, Any] | None], src: dict[str, Path], out: Path) -> str:
    """The header's "runs in": one directory, or each directory with its stages."""
    by: dict[str, list[str]] = {}
    for s, r in recs.items():
        if r:
            by.setdefault(_runs_in(r, src[s]), []).append(s)
    if len(by) <= 1:
        return f"runs in `{next(iter(by), out)}`"
    return "runs in " + "; ".join(f"`{d}` ({', '.join(st)})" for d, st in by.items())


def _figures(rec: dict[str, Any], src: Path, stage: str) -> tuple[list[str], list[Path]]:
    """A stage's figures: the Markdown of the one that follows its section (`FIGURE`; only if
    it was drawn) and the files to copy next to the page. A fresh record's figures are the
    files beside it; a published record's are those its ``figures`` names (`_published`),
    already next to the page (nothing to copy)."""
    fresh = src.name != RECORDS
    names = [n for n in rec.get("figures") or [] if not fresh or (src / n).is_file()]
    md: list[str] = []
    if stage in FIGURE:
        name, alt = FIGURE[stage](rec)
        if (src / name).is_file() if fresh else name in names:
            md = [f"![{alt}](figures/{name})", ""]
            names.append(name)
    return md, ([src / n for n in dict.fromkeys(names)] if fresh else [])


def _published(rec: dict[str, Any], src: Path, stage: str) -> dict[str, Any]:
    """A fresh record as it is published: where its runs are, and every figure drawn for it
    (so a page written later from the published record links exactly those)."""
    _, files = _figures(rec, src, stage)
    return {**rec, "runs_in": _runs_in(rec, src), "figures": [f.name for f in files]}


def _write_json(path: Path, rec: dict[str, Any]) -> None:
    """A record written whole before it replaces the old one."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(rec, indent=2) + "\n")
    os.replace(tmp, path)


def _sections(text: str) -> list[str]:
    """The numbered sections of a page (``## 4b.``), to tell which a rewrite would lose."""
    return [w[1].rstrip(".") for w in (line.split() for line in text.splitlines()
                                       if line.startswith("## "))
            if len(w) > 1 and w[1][:1].isdigit()]


#: The order of the page's sections (their numbers: "4" < "4b" < "5"), and the figure that
#: follows a section's text (file, alt text) where the section does not place its own.
ORDER = tuple(sorted(SECTION_OF, key=SECTION_OF.__getitem__))
FIGURE = {
    "main": lambda r: ("forest.png", "forest plot of the paired effects"),
    "drivers": lambda r: ("drivers.png", "what decides the effect: mu* of two pooled designs"
                          if (r.get("confirmation") or {}).get("pooled") else
                          "what decides the effect: mu* on two seeds"),
    "plausible": lambda r: ("plausible.png", "the line's cut in every world the record allows, "
                            "and mu* of the mechanism groups in the radial design's halves")}


def section(stage: str, rec: dict[str, Any]) -> list[str]:
    """The page's section for one stage's record (its text; `write` adds the figure after)."""
    if stage in USES_SECTIONS:
        return section_uses(rec, stage)
    if stage in WEAR_SECTIONS:
        return section_wear(rec, stage)
    if stage == "map":
        return section_map(rec, "figures/design_map.png")
    return {"main": section_main, "crisis": section_crisis,
            "counterfactuals": section_counterfactuals, "splitting": section_splitting,
            "screening": section_screening, "drivers": section_drivers,
            "plausible": section_plausible, "prim": section_prim}[stage](rec)


def write(out: Path, command: str, docs: Path, readme: Path | None = None,
          drop: bool = False) -> Path:
    """docs/findings.md (+ figures) and, if given, the README's answer block, from each stage's
    latest record (`load_records`: OUT's, else the page's published one); then OUT's records
    that the page shows become the published ones.

    Everything is checked before anything is written: a rewrite that would lose a section the
    page has -- no record of its stage in OUT or published -- is refused (`InputError`, nothing
    written) unless `drop`. A stage that failed in OUT is named at the top; its section, if
    the page shows one, is its published record's."""
    out, docs = Path(out), Path(docs)
    recs, src, failed = load_records(out, docs)
    minutes = sum(r["wall_s"] for r in recs.values() if r) / 60.0
    design = next((r["design"] for r in recs.values() if r), "?")
    head = headline(recs, command, minutes)
    lines = ["# Findings", "",
             f"> Generated by `{command}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
             f" (design `{design}`, code {code_versions(recs)}; seed "
             f"{_seed(recs)}; {_where(recs, src, out)}). Run time {minutes:.1f} min: "
             + ", ".join(f"{s} {r['wall_s'] / 60:.1f} min" for s, r in recs.items() if r)
             + ". Design of every stage: section 9.", "",
             *(["**Stages that failed (no numbers from these runs of them on this page; a "
                "section shown for one is its published record's): " + "; ".join(
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
    copies: list[Path] = []
    for stage in ORDER:
        rec = recs[stage]
        if rec is None:
            continue
        md, files = _figures(rec, src[stage], stage)
        lines += section(stage, rec) + md
        copies += files
    lines += section_design(recs)
    text = "\n".join(lines) + "\n"
    path = docs / "findings.md"
    old = path.read_text() if path.is_file() else ""
    lost = [h for h in _sections(old) if h not in _sections(text)]
    if lost and not drop:
        raise InputError(str(path), f"sections {', '.join(lost)}", "their stage records are "
                         f"neither in {out} nor in {docs / RECORDS}: rerun those stages "
                         "(--only STAGE) or pass the --out that holds their records; nothing "
                         "was written")
    body = render_readme(readme.read_text(), head) if readme is not None else None
    fresh = {s: _published(r, out, s) for s, r in recs.items() if r and src[s] == out}
    (docs / "figures").mkdir(parents=True, exist_ok=True)
    for f in copies:
        shutil.copyfile(f, docs / "figures" / f.name)
    path.write_text(text)
    if body is not None and readme is not None:
        readme.write_text(body)
    if fresh:
        (docs / RECORDS).mkdir(exist_ok=True)
    for s, r in fresh.items():
        _write_json(docs / RECORDS / f"{s}.json", r)
    return path


def write_readme(readme: Path, text: str) -> None:
    """Put `text` in the README's answer block (created after the first paragraph)."""
    readme.write_text(render_readme(readme.read_text(), text))


def render_readme(body: str, text: str) -> str:
    """A README's text with `text` as its answer block (created after the first paragraph)."""
    block = f"{START}\n## The answer\n\n{text}\n{END}"
    if START in body and END in body:
        a, b = body.index(START), body.index(END) + len(END)
        return body[:a] + block + body[b:]
    first = body.index("\n\n", body.index("\n\n") + 2)  # after the title and intro
    return body[:first] + "\n\n" + block + body[first:]
