"""The web view's words: clock, calendar, feed, hotline calls, encounter stories, CSV exports.

Pure functions over the model's public attributes (docs/dev/CONTRACT.md): `event_log`,
`encounters`, `closed`, `hotline`, `result()`. No solara and no drawing here, so every sentence
the page shows can be tested without a browser. Event kinds this module does not know (the
mechanism rework adds richer ones) are shown as they are: never dropped, never a failure.
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass
from typing import Any

from sim.model.results import ENCOUNTER_FIELDS, EVENT_FIELDS, SUMMARY_FIELDS

SIDE_NAMES = {"CN": "China", "JP": "Japan"}
#: Feed filters: label -> predicate over an event dict. "key" is the default: what changes the
#: crisis (warnings and worse, hotline, scheduled shocks, patrol moves), not routine reports.
FEED_FILTERS: dict[str, str] = {
    "key events": "rung>=2, hotline, scheduled, activity",
    "escalations": "rung changes of rung 2 and above",
    "messages": "reports, orders, protests, radio",
    "hotline": "every hotline step",
    "all": "everything, including contact and shadowing",
}
#: Lines kept in the feed's scrollable history (older ones of rung >= 3 are always kept too).
FEED_HISTORY = 400
#: Rung from which an event is "key" on the page: kept in the feed, marked on the timeline, a jump
#: target. Not the summary's severe rung (4, `sim.model.results.SEVERE_RUNG`).
KEY_RUNG = 3
#: How long the hotline badge keeps showing a call's outcome after it happened (model hours):
#: a call lasts minutes, a Step is hours, so an instantaneous badge would never show one.
BADGE_HOLD_H = 24.0


# =========================================================================== time
def clock(t_hours: float) -> str:
    """Model hours as 'Day 41 06:10' (day 0 is the scenario's start_date)."""
    minutes = int(round(t_hours * 60))
    day, rem = divmod(minutes, 24 * 60)
    return f"Day {day} {rem // 60:02d}:{rem % 60:02d}"


def duration(hours: float) -> str:
    """'4 min', '1.5 h', '3 days'."""
    if hours < 1.0:
        return f"{max(round(hours * 60), 1)} min"
    if hours < 48.0:
        return f"{hours:.1f} h".replace(".0 h", " h")
    return f"{hours / 24:.0f} days"


def calendar(model: Any, t: float | None = None) -> str:
    """The calendar date of a model time in the scenario's period, e.g. '5 Aug 2016'.

    The model's calendar starts at `start_date` (2022 for every built-in scenario); a scenario
    that represents another year says so in `period` ("2016"), and the date is shown in that
    year. A period spanning years ("2013-2017") is shown as such after the day and month.
    """
    t = model.time if t is None else t
    date = model.calendar(t)
    period = str(getattr(getattr(model, "source_scenario", None), "period", "") or "")
    day_month = date.strftime("%d %b").lstrip("0")
    if not period or period == str(date.year):
        return f"{day_month} {date.year}"
    if period.isdigit():
        return f"{day_month} {period}"
    return f"{day_month} ({period})"


# =========================================================================== the feed
def _passes(ev: dict[str, Any], which: str) -> bool:
    kind, rung = ev.get("kind"), ev.get("rung")
    if which == "all":
        return True
    if which == "escalations":
        return kind == "rung" and rung is not None and rung >= 2
    if which == "messages":
        return kind == "message"
    if which == "hotline":
        return kind == "hotline"
    # key events: anything not routine (unknown new kinds included)
    if kind == "rung":
        return rung is not None and rung >= 2
    return kind != "message"


def event_line(ev: dict[str, Any]) -> str:
    """One event in plain words, naming its encounter: 'Day 17 19:15 · E38 · ...'."""
    text = str(ev.get("text", ""))
    rung = ev.get("rung")
    if ev.get("kind") == "rung" and rung is not None and "rung" not in text:
        text += f" (rung {rung})"
    enc = ev.get("encounter")
    where = f" · E{enc}" if enc is not None else ""
    return f"{clock(float(ev['t']))}{where} · {text}"


def feed_events(log: list[dict[str, Any]], which: str = "key events",
                limit: int = FEED_HISTORY) -> list[dict[str, Any]]:
    """The filtered history, newest first: the latest `limit` events plus every older event of
    rung >= 3 (a severe event is never pushed out of the feed)."""
    out: list[dict[str, Any]] = []
    for ev in reversed(log):
        if not _passes(ev, which):
            continue
        if len(out) < limit or (ev.get("kind") == "rung" and (ev.get("rung") or 0) >= KEY_RUNG):
            out.append(ev)
    return out


def feed_html(events: list[dict[str, Any]], colours: tuple[str, ...]) -> str:
    """The feed as one HTML block (one widget, however long the history)."""
    if not events:
        return '<div class="feed-empty">Nothing yet: press Step or ▶.</div>'
    rows = []
    for ev in events:
        rung = ev.get("rung") if ev.get("kind") == "rung" else None
        bar = colours[min(int(rung), len(colours) - 1)] if rung is not None and rung >= 2 \
            else "transparent"
        cls = f"feed-line feed-{html.escape(str(ev.get('kind')))}"
        if rung is not None and rung >= KEY_RUNG:
            cls += " feed-severe"
        rows.append(f'<div class="{cls}" style="border-left:4px solid {bar}">'
                    f"{html.escape(event_line(ev))}</div>")
    return "".join(rows)


# =========================================================================== hotline calls
@dataclass
class Call:
    """One hotline call reconstructed from the log: who called, when, and what came of it."""

    encounter: int | None
    caller: str
    start: float  # internal consultation begins
    ring: float | None = None
    outcome: str = ""  # "connected", "unanswered" or "" (still pending)
    end: float | None = None

    @property
    def callee(self) -> str:
        return "CN" if self.caller == "JP" else "JP"

    def words(self) -> str:
        """'Day 41 06:10, Japan → China (E38), connected 18 min after the decision to call'."""
        when = self.ring if self.ring is not None else self.start
        who = f"{SIDE_NAMES.get(self.caller, self.caller)} → " \
              f"{SIDE_NAMES.get(self.callee, self.callee)}"
        enc = f" (E{self.encounter})" if self.encounter is not None else ""
        if not self.outcome:
            state = "ringing" if self.ring is not None else "consulting before calling"
            return f"{clock(when)}, {who}{enc}, {state}"
        return (f"{clock(when)}, {who}{enc}, {self.outcome} after "
                f"{duration((self.end or when) - self.start)}")


def _hotline_step(text: str) -> str:
    low = text.lower()
    if "not answer" in low or "unanswered" in low:
        return "unanswered"
    if "connected" in low:
        return "connected"
    if "rings" in low or "ringing" in low:
        return "ring"
    if "consult" in low:
        return "consult"
    return ""


def hotline_calls(log: list[dict[str, Any]]) -> list[Call]:
    """Every call in the log, oldest first (consult -> ring -> connected | unanswered)."""
    calls: list[Call] = []
    open_by_enc: dict[Any, Call] = {}
    for ev in log:
        if ev.get("kind") != "hotline":
            continue
        step, enc = _hotline_step(str(ev.get("text", ""))), ev.get("encounter")
        t = float(ev["t"])
        call = open_by_enc.get(enc)
        if step == "consult" or call is None:
            side = str(ev.get("side") or "JP")
            call = Call(enc, side if step != "unanswered" else ("CN" if side == "JP" else "JP"),
                        t)
            calls.append(call)
            open_by_enc[enc] = call
        if step == "ring":
            call.ring = t
        elif step in ("connected", "unanswered"):
            call.outcome, call.end = step, t
            open_by_enc.pop(enc, None)
    return calls


def badge(model: Any, calls: list[Call]) -> tuple[str, str]:
    """(state, note) for the hotline badge: the live state while a call is under way, else the
    last call's outcome for BADGE_HOLD_H model hours, else the line's resting state."""
    state = str(model.hotline.state)
    if state in ("consulting", "ringing") or not calls:
        return state, ""
    last = calls[-1]
    if last.outcome and last.end is not None and model.time - last.end <= BADGE_HOLD_H:
        return last.outcome, f"at {clock(last.end)}"
    return state, ""


def last_call_words(calls: list[Call]) -> str:
    if not calls:
        return "no hotline call yet"
    answered = sum(c.outcome == "connected" for c in calls)
    return (f"last call: {calls[-1].words()} · {len(calls)} call{'s' if len(calls) > 1 else ''}"
            f", {answered} answered")


# =========================================================================== encounters
def encounter_rows(model: Any) -> list[dict[str, Any]]:
    """Active and past encounters (newest first) with their public row fields."""
    rows = [e.row() for e in model.closed] + [e.row() for e in model.encounters.values()]
    for r in rows:
        r["active"] = r["encounter"] in model.encounters
    return sorted(rows, key=lambda r: -int(r["encounter"]))


def encounter_label(row: dict[str, Any]) -> str:
    state = "active" if row.get("active") else "ended"
    return (f"E{row['encounter']} · peak rung {row['peak_rung']} · {row['domain']} · "
            f"{row['zone']} · {clock(float(row['start_h']))} · {state}")


def _units_words(codes: str, labels: dict[str, str]) -> str:
    names = [labels.get(c, c) for c in str(codes or "").split(",") if c]
    return ", ".join(names) if names else "none recorded"


def encounter_story(model: Any, enc_id: int, labels: dict[str, str],
                    rung_names: tuple[str, ...]) -> tuple[list[str], list[dict[str, Any]]]:
    """(header lines, events) telling one encounter: who, where, and everything logged for it —
    rung changes with their act, misreadings, reports, orders, protests, hotline steps."""
    row = next((r for r in encounter_rows(model) if r["encounter"] == enc_id), None)
    if row is None:
        return [f"Encounter {enc_id} has not happened (yet) in this run."], []
    end = "still going on" if row["end_h"] is None else f"ended {clock(float(row['end_h']))}"
    peak = int(row["peak_rung"])
    head = [
        f"Encounter E{enc_id} ({row['domain']}), began {clock(float(row['start_h']))}, {end}.",
        f"China: {_units_words(row['cn_units'], labels)}. "
        f"Japan: {_units_words(row['jp_units'], labels)}.",
        f"Where: {row['zone']}{' (territorial sea)' if row['territorial'] else ''}. "
        f"Peak: rung {peak} ({rung_names[min(peak, len(rung_names) - 1)]}) at "
        f"{clock(float(row['peak_h']))}.",
        "Channels: " + ", ".join(
            w for w, on in (("radio contact", row["radio"]),
                            ("hotline tried", row["hotline_attempted"]),
                            ("hotline connected", row["hotline_connected"])) if on) + ".",
    ]
    if head[-1] == "Channels: .":
        head[-1] = "Channels: no radio contact, no hotline call."
    events = [ev for ev in model.event_log if ev.get("encounter") == enc_id]
    return head, events


# =========================================================================== timeline marks
def severe_events(log: list[dict[str, Any]], min_rung: int = KEY_RUNG
                  ) -> list[dict[str, Any]]:
    return [ev for ev in log if ev.get("kind") == "rung" and (ev.get("rung") or 0) >= min_rung]


def first_divergence(a: list[dict[str, Any]], b: list[dict[str, Any]], start: int = 0
                     ) -> tuple[int, float | None]:
    """(index checked up to, time of the first event where two logs of the same time differ).

    Both models must be at the same time. Returns the time of the earlier of the two differing
    events, or None if the logs agree so far (then the index lets the next call resume)."""
    keys = ("t", "kind", "encounter", "rung", "side", "text")
    n = min(len(a), len(b))
    for i in range(start, n):
        if any(a[i].get(k) != b[i].get(k) for k in keys):
            return i, min(float(a[i]["t"]), float(b[i]["t"]))
    if len(a) != len(b):
        longer = a if len(a) > len(b) else b
        return n, float(longer[n]["t"])
    return n, None


# =========================================================================== downloads
def csv_bytes(fields: tuple[str, ...], rows: list[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode()


def summary_csv(model: Any) -> bytes:
    return csv_bytes(SUMMARY_FIELDS, [model.result().summary])


def encounters_csv(model: Any) -> bytes:
    return csv_bytes(ENCOUNTER_FIELDS, model.result().encounters)


def events_csv(model: Any) -> bytes:
    return csv_bytes(EVENT_FIELDS, list(model.event_log))
