"""The batch report: ``DIR/report.md`` and a self-contained ``DIR/report.html``.

One list of blocks is rendered twice, so the Markdown (for a repository or a notebook) and the
HTML (one file with the plots embedded, to mail or archive) never disagree. The report links
each of the most severe runs to the exact command that replays it in the web view.
"""

from __future__ import annotations

import base64
import html
import math
import shlex
from pathlib import Path
from typing import Any

import pandas as pd

from sim.batch import store
from sim.model.escalation import RUNGS
from sim.study import analysis
from sim.study.plots import scenario_order, write_plots

Block = tuple[str, Any]

PLOTS = (("forest", "Paired effects of every treatment against the base (95% CIs)"),
         ("peak_rungs", "Peak-rung distribution by scenario"),
         ("severe_counts", "Severe incidents per run (ECDF)"),
         ("paired_difference", "Paired difference in severe incidents, treatment - base"),
         ("cumulative_severe", "Cumulative incidence and mean cumulative count of severe "
                               "incidents"),
         ("hotline_calls", "Hotline calls attempted, answered and effective"),
         ("timeseries", "Daily series: mean, 95% CI of the mean and 5-95% of runs"))
TABLES = ("effects.csv", "summary.csv")


def replay_command(out: Path, rid: str) -> str:
    """The command that replays run `rid` of the batch in `out` in the web view."""
    return f"hotline-sim viz --replay {shlex.quote(str(out))} --run {shlex.quote(rid)}"


def _f(x: Any, fmt: str = ".3f") -> str:
    try:
        return "n/a" if x is None or not math.isfinite(float(x)) else f"{float(x):{fmt}}"
    except (TypeError, ValueError):
        return str(x)


def _ci(r: Any, key: str, fmt: str) -> str:
    return f"{_f(r[key], fmt)} [{_f(r[key + '_lo'], fmt)}, {_f(r[key + '_hi'], fmt)}]"


def effect_rows(eff: pd.DataFrame) -> list[list[str]]:
    """The effect table: one row per treatment."""
    rows = []
    for _, r in eff.iterrows():
        rows.append([
            r["treatment"], str(int(r["pairs"])), _f(r["p_severe_base"]),
            _f(r["p_severe_treat"]), _ci(r, "rd_severe", "+.3f"), _ci(r, "rr_severe", ".2f"),
            _f(r["mcnemar_severe_p"], ".3g"),
            _ci(r, "rd_rung5", "+.3f") if "rd_rung5" in r else "n/a",
            _ci(r, "diff_peak_ge_4", "+.2f") if "diff_peak_ge_4" in r else "n/a",
            _ci(r, "diff_hotline_calls", "+.2f") if "diff_hotline_calls" in r else "n/a",
            str(int(r.get("identical_pairs", 0))),
        ])
    return rows


def _interval(lo: float, hi: float, fmt: str) -> str:
    return f"95% CI {_f(lo, fmt)} to {_f(hi, fmt)}"


def conclusion(runs: pd.DataFrame, base: str, eff: pd.DataFrame, ade: dict[str, Any]
               ) -> list[str]:
    """The report's first lines: the finding in words, with its numbers."""
    sev = f"a severe incident (an encounter reaching rung 4, {RUNGS[4]})"
    if eff.empty:
        grp = runs[runs["scenario"] == base]
        p, lo, hi = analysis.proportion_ci(int(analysis.binary(grp).sum()), len(grp))
        m, mlo, mhi = analysis.count_mean_ci(grp["peak_ge_4"])
        return [f"**Conclusion.** In {base}, the probability of {sev} within the horizon is "
                f"{_f(p)} ({_interval(lo, hi, '.3f')}) over {len(grp)} runs, with "
                f"{_f(m, '.2f')} severe incidents per run ({_interval(mlo, mhi, '.2f')})."]
    lines = [f"**Conclusion.** Against {base} on the same seeds, the probability of {sev} "
             "within the horizon changes as follows."]
    for _, r in eff.iterrows():
        rd, lo, hi = r["rd_severe"], r["rd_severe_lo"], r["rd_severe_hi"]
        if lo > 0 or hi < 0:
            verdict = (f"{'higher' if rd > 0 else 'lower'} by {_f(abs(rd))} "
                       f"({_interval(abs(hi) if rd < 0 else lo, abs(lo) if rd < 0 else hi, '.3f')}"
                       "), a difference distinguishable from zero at the 95% level")
        else:
            verdict = (f"no difference distinguishable from zero: {_f(rd, '+.3f')} "
                       f"({_interval(lo, hi, '+.3f')})")
        rate = (f"; rate ratio of severe incidents {_f(r['rate_peak_ge_4'], '.2f')} "
                f"({_interval(r['rate_peak_ge_4_lo'], r['rate_peak_ge_4_hi'], '.2f')})"
                if "rate_peak_ge_4" in r else "")
        rr = _interval(r["rr_severe_lo"], r["rr_severe_hi"], ".2f")
        lines.append(f"{r['treatment']}: {_f(r['p_severe_base'])} with {base}, "
                     f"{_f(r['p_severe_treat'])} with {r['treatment']}, {verdict}; risk ratio "
                     f"{_f(r['rr_severe'], '.2f')} ({rr}){rate}; {int(r['pairs'])} pairs.")
    enough = ade["halfwidth"] <= ade["target"]
    lines.append(f"The widest interval's half-width is {_f(ade['halfwidth'], '.3f')}; "
                 + ("the replications reach the target of " if enough else
                    f"about {ade['reps_needed']} pairs would narrow it to ")
                 + f"+/-{ade['target']}.")
    return lines


EFFECT_HEADER = ["treatment", "pairs", "P(severe) base", "P(severe) treatment",
                 "risk difference [95% CI]", "risk ratio [95% CI]", "McNemar p",
                 "P(rung 5+) difference [95% CI]", "severe incidents per run, difference [95% CI]",
                 "hotline calls per run, difference [95% CI]", "identical pairs"]


def build(out: Path, base: str | None = None, target: float = 0.02, n_severe: int = 10
          ) -> tuple[str, list[Block]]:
    """Compute the report's content from the store: (title, blocks)."""
    man = store.read_manifest(out)
    allruns = store.read_runs(out)
    runs = analysis.ok_runs(allruns)
    if runs.empty:
        from sim.errors import InputError

        raise InputError(str(out), None, "no finished runs to report")
    base = base or man.get("base")
    order = scenario_order(runs, man, base)
    base = order[0]
    treats = order[1:]
    title = (f"hotline-sim: {', '.join(treats)} against {base}" if treats
             else f"hotline-sim batch: {base}")
    ident = man.get("identity", {})
    blocks: list[Block] = []
    eff = analysis.effects(runs, base, treats) if treats else pd.DataFrame()
    ade = analysis.adequacy(runs, base, target=target)
    blocks += [("p", line) for line in conclusion(runs, base, eff, ade)]
    git = man.get("git") or {}
    blocks.append(("p", f"Results directory `{out}`; {len(runs)} finished runs "
                        f"({int((allruns['status'] != 'ok').sum())} failed); batch seed "
                        f"{ident.get('seed')}; horizon {ident.get('days') or 'scenario default'} "
                        f"days; replications paired by seed (common random numbers); code "
                        f"{(git.get('commit') or 'unknown')[:12]}"
                        f"{' (uncommitted changes)' if git.get('dirty') else ''}."))
    if treats:
        blocks.append(("h2", "Main effect: P(severe incident), paired, against " + base))
        blocks.append(("p", f"A severe incident is an encounter that reaches rung 4 "
                            f"({RUNGS[4]}) in the run. Risk difference: Newcombe's paired "
                            "score interval (method 10); risk ratio: Bonett-Price paired hybrid "
                            "Wilson interval; McNemar's test on discordant pairs; count "
                            "differences: paired t interval; rate ratios (in `effects.csv` and "
                            "the forest plot): conditional exact interval for matched pairs, "
                            "scaled for overdispersion. All intervals 95%. Every effect is in "
                            "`effects.csv`, every per-scenario outcome in `summary.csv`."))
        blocks.append(("table", (EFFECT_HEADER, effect_rows(eff))))
        verdict = ("enough" if ade["halfwidth"] <= target else
                   f"not enough: about {ade['reps_needed']} would reach it "
                   f"(`--until-ci {target}` adds them in the same directory)")
        blocks.append(("p", f"Replication adequacy: the main effect's CI half-width is "
                            f"{_f(ade['halfwidth'], '.4f')} with {ade['n']} pairs; for a target "
                            f"of +/-{target} these replications are {verdict}."))
    blocks.append(("h2", "Outcomes per scenario (mean per run, 95% CI)"))
    blocks.append(("p", "Shares of runs: Wilson interval; counts: exact Poisson interval scaled "
                        "for overdispersion (never below zero); tension and max rung: t "
                        "interval."))
    st = analysis.scenario_stats(runs)
    shown = ["P(severe)", "P(rung5)", "encounters", "peak_ge_4", "peak_ge_5", "max_rung",
             "hotline_calls", "hotline_answered", "hotline_effective", "scrambles",
             "mean_tension_cn", "mean_tension_jp"]
    shown = [o for o in shown if o in set(st["outcome"])]
    rows = []
    for o in shown:
        row = [o]
        for s in order:
            r = st[(st["scenario"] == s) & (st["outcome"] == o)]
            row.append("n/a" if r.empty else
                       f"{_f(r['mean'].iloc[0])} [{_f(r['ci_lo'].iloc[0])}, "
                       f"{_f(r['ci_hi'].iloc[0])}]")
        rows.append(row)
    blocks.append(("table", (["outcome", *order], rows)))
    blocks.append(("h2", "Peak-rung distribution (encounters per run by peak rung)"))
    dist = analysis.peak_rung_distribution(runs)
    rows = []
    for k in sorted(dist["rung"].unique()):
        row = [analysis.rung_label(int(k))]
        for s in order:
            d = dist[(dist["scenario"] == s) & (dist["rung"] == k)]
            row.append(f"{_f(d['mean_per_run'].iloc[0])} ({_f(100 * d['share'].iloc[0], '.1f')}%)"
                       if not d.empty else "n/a")
        rows.append(row)
    blocks.append(("table", (["peak rung", *order], rows)))
    blocks.append(("h2", "Plots"))
    for name, caption in PLOTS:
        if (out / "plots" / f"{name}.png").is_file() and (treats or name != "forest"):
            blocks.append(("img", (f"plots/{name}.png", caption)))
    blocks.append(("h2", f"The {n_severe} most severe runs"))
    blocks.append(("p", "Ranked by highest rung reached, then rung-5 and rung-4 incident counts. "
                        "Each command replays that exact run (scenario file and seed) in the "
                        "web view."))
    worst = runs.sort_values(["max_rung", "peak_ge_5", "peak_ge_4", "scenario", "rep"],
                             ascending=[False, False, False, True, True]).head(n_severe)
    rows = [[r["run_id"], str(int(r["max_rung"])), str(int(r["peak_ge_4"])),
             str(int(r["peak_ge_5"])), _f(r.get("first_severe_day"), ".1f"), str(int(r["seed"])),
             f"`{replay_command(out, r['run_id'])}`"] for _, r in worst.iterrows()]
    blocks.append(("table", (["run", "max rung", "rung 4+", "rung 5+", "first severe day",
                              "seed", "replay"], rows)))
    failed = allruns[allruns["status"] != "ok"]
    if not failed.empty:
        blocks.append(("h2", f"Failed runs ({len(failed)})"))
        blocks.append(("table", (["run", "seed", "error"],
                                 [[r["run_id"], str(int(r["seed"])), str(r["error"])[:200]]
                                  for _, r in failed.head(50).iterrows()])))
    blocks.append(("h2", "Provenance"))
    scen_rows = [[s["name"], s.get("path", ""), s.get("sha256", "")[:16],
                  ", ".join(f"{k}={v}" for k, v in (s.get("overrides") or {}).items()) or "-"]
                 for s in man.get("scenarios", [])]
    blocks.append(("table", (["scenario", "file", "sha256", "overrides"], scen_rows)))
    vers = ", ".join(f"{k} {v}" for k, v in (man.get("versions") or {}).items() if v)
    sessions = man.get("sessions", [])
    cmd = " ".join(sessions[-1]["command"]) if sessions and sessions[-1].get("command") else ""
    blocks.append(("p", f"Versions: {vers}. Platform: "
                        f"{(man.get('platform') or {}).get('system', '')}. Sessions: "
                        f"{len(sessions)}; last command: `{cmd}`."))
    return title, blocks


def to_markdown(title: str, blocks: list[Block]) -> str:
    """Render the blocks as GitHub-flavoured Markdown."""
    lines = [f"# {title}", ""]
    for kind, val in blocks:
        if kind == "h2":
            lines += [f"## {val}", ""]
        elif kind == "p":
            lines += [val, ""]
        elif kind == "img":
            lines += [f"![{val[1]}]({val[0]})", ""]
        elif kind == "table":
            head, rows = val
            lines.append("| " + " | ".join(head) + " |")
            lines.append("|" + "|".join("---" for _ in head) + "|")
            lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
            lines.append("")
    return "\n".join(lines)


def _inline(text: str) -> str:
    """Markdown `code` spans to <code>, everything else escaped."""
    parts = text.split("`")
    return "".join(f"<code>{html.escape(p)}</code>" if i % 2 else html.escape(p)
                   for i, p in enumerate(parts))


def to_html(title: str, blocks: list[Block], out: Path) -> str:
    """Render the blocks as one self-contained HTML page (plots embedded as PNG data)."""
    body = [f"<h1>{html.escape(title)}</h1>"]
    for kind, val in blocks:
        if kind == "h2":
            body.append(f"<h2>{html.escape(val)}</h2>")
        elif kind == "p":
            body.append(f"<p>{_inline(val)}</p>")
        elif kind == "img":
            path = out / val[0]
            if path.is_file():
                data = base64.b64encode(path.read_bytes()).decode("ascii")
                body.append(f'<figure><img alt="{html.escape(val[1])}" '
                            f'src="data:image/png;base64,{data}"><figcaption>'
                            f"{html.escape(val[1])}</figcaption></figure>")
        elif kind == "table":
            head, rows = val
            body.append("<table><thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head)
                        + "</tr></thead><tbody>" + "".join(
                            "<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in r) + "</tr>"
                            for r in rows) + "</tbody></table>")
    css = ("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
           "table{border-collapse:collapse;margin:1em 0;font-size:13px}"
           "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}"
           "img{max-width:100%}code{font-size:12px;background:#f4f4f4}")
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
            f"</title><style>{css}</style></head><body>{''.join(body)}</body></html>\n")


def write_tables(out: Path, base: str | None = None) -> list[Path]:
    """Write ``effects.csv`` (every paired effect, long form; none with one scenario) and
    ``summary.csv`` (every outcome per scenario) beside the report."""
    man = store.read_manifest(out)
    runs = analysis.ok_runs(store.read_runs(out))
    order = scenario_order(runs, man, base or man.get("base"))
    tables = {"summary.csv": analysis.scenario_stats(runs)}
    if len(order) > 1:
        tables["effects.csv"] = analysis.effect_table(analysis.effects(runs, order[0], order[1:]))
    paths = []
    for name, df in tables.items():
        path = out / name
        tmp = path.with_name(f".{name}.tmp")
        df.to_csv(tmp, index=False, float_format="%.6g")
        tmp.replace(path)
        paths.append(path)
    from sim.study.series import write_summary

    ts = write_summary(out, runs)
    if ts is not None:
        paths.append(ts)
    stale = out / "effects.csv"
    if len(order) <= 1 and stale.is_file():
        stale.unlink()
    _codebook(out, tables)
    return paths


def _codebook(out: Path, tables: dict[str, pd.DataFrame]) -> None:
    """The batch's codebook (`sim.batch.codebook`) with the report's CSV files added."""
    from sim.batch import codebook

    docs = {"effects.csv": analysis.EFFECT_COLUMNS, "summary.csv": analysis.SUMMARY_COLUMNS}
    rows = codebook.batch_rows(out)
    for name, df in tables.items():
        for col in df.columns:
            kind = ("float" if pd.api.types.is_float_dtype(df[col]) else "int"
                    if pd.api.types.is_integer_dtype(df[col]) else "bool"
                    if pd.api.types.is_bool_dtype(df[col]) else "string")
            rows.append({"file": name, "column": col, "type": kind, "unit": "",
                         "meaning": docs[name].get(col, "")})
    codebook.write_codebook(out, rows)


def write_report(out: Path | str, base: str | None = None, target: float = 0.02,
                 redraw: bool = True) -> Path:
    """Draw the plots (unless `redraw` is False and they exist), write effects.csv and
    summary.csv, and write report.md/.html.

    Returns the path of report.md.
    """
    out = Path(out)
    if redraw or not (out / "plots" / "peak_rungs.png").is_file():
        write_plots(out, base=base)
    write_tables(out, base=base)
    title, blocks = build(out, base=base, target=target)
    md, page = out / "report.md", out / "report.html"
    for path, text in ((md, to_markdown(title, blocks)), (page, to_html(title, blocks, out))):
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text)
        tmp.replace(path)
    return md
