"""The parameter registry: every model parameter, its type, bounds, default and provenance.

This is the one source of truth for parameters. Scenario files override values (and must give
the provenance of their override); the command line's ``--set``, the web view's controls, the
generated parameter table and the sensitivity analysis all read this registry.

Provenance kinds:

* ``article``   -- the SCMP article of 24 Nov 2022 on the 14th High-level Consultation.
* ``public``    -- a public figure, with its source (see ../shared/reference/domain-facts.md).
* ``calibrated``-- tuned so the model reproduces a public figure; ``source`` names the target.
* ``assumption``-- a modelling assumption; ``plausible`` gives the range we consider plausible.
* ``setting``   -- a run setting, not a claim about the world.

Units: time in hours unless the name says days; distances in km; tension is an index in [0, 2]
where 0.3 is the peacetime baseline and 1 a crisis (an assumption of scale, not a measurement).
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass, field
from typing import Any

KINDS = ("article", "public", "calibrated", "assumption", "setting")


@dataclass(frozen=True)
class ParamSpec:
    """One parameter: what it is, what values are allowed, where its default comes from."""

    name: str
    default: Any
    type: type
    doc: str
    kind: str
    source: str
    lo: float | None = None
    hi: float | None = None
    plausible: tuple[float, float] | None = None
    unit: str = ""
    group: str = "general"
    choices: tuple[str, ...] = field(default=())
    is_date: bool = False  # a str holding an ISO date (YYYY-MM-DD)

    def allowed(self) -> str:
        """A short human description of the allowed values, for error messages."""
        if self.type is bool:
            return "true or false"
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.is_date:
            return "a date YYYY-MM-DD"
        tname = "an integer" if self.type is int else "a number"
        if self.lo is not None and self.hi is not None:
            return f"{tname} in [{self.lo:g}, {self.hi:g}]"
        return tname


def _p(name: str, default: Any, doc: str, kind: str, source: str, **kw: Any) -> ParamSpec:
    typ = kw.pop("type", type(default))
    if kind == "assumption" and "plausible" not in kw:
        raise ValueError(f"assumption {name} needs a plausible range")
    return ParamSpec(name=name, default=default, type=typ, doc=doc, kind=kind, source=source, **kw)


FACTS = "domain-facts.md"
ART = "SCMP, 24 Nov 2022 (14th China-Japan High-level Consultation on Maritime Affairs)"

_SPECS: list[ParamSpec] = [
    # ---------------------------------------------------------------- run settings
    _p("days", 365, "Simulated horizon.", "setting", "run setting", lo=1, hi=3650,
       unit="days", group="run"),
    _p("start_date", "2022-01-01", "Calendar date of day 0 (for the event feed only).",
       "setting", "run setting", group="run", is_date=True),
    # ---------------------------------------------------------------- CCG presence
    _p("ccg_cz_presence_share", 0.92,
       "Share of days with CCG ships in the Senkaku contiguous zone (weather allowing).",
       "public", f"JCG: 336 days in 2022 (= 0.92), 352 (2023), 355 (2024); {FACTS} s3 (A)",
       lo=0.0, hi=1.0, group="activity"),
    _p("ccg_ships_mean", 3.5, "Mean size of a CCG patrol group (ships on a day present are "
       "higher on relief days, when two groups overlap).", "calibrated",
       f"calibrated to 3.9 ships/day: JCG, 1,380 ship-visits over 357 days in 2025; {FACTS} s3 (A)",
       lo=0.0, hi=30.0, unit="ships", group="activity"),
    _p("bad_weather_spell_days", 2.0, "Mean length of a spell of weather that drives CCG out.",
       "assumption", "assumption: typhoon/winter-storm spells", lo=0.25, hi=20.0,
       plausible=(1.0, 4.0), unit="days", group="activity"),
    _p("ccg_patrol_days", 7.0,
       "Days a CCG group stays on station before a fresh group relieves it.",
       "assumption", "assumption: rotation of the Senkaku patrol", lo=1.0, hi=60.0,
       plausible=(3.0, 14.0), unit="days", group="activity"),
    _p("ts_intrusions_per_year", 31.0,
       "Rate at which CCG HQ orders the patrol group into the Senkaku territorial sea.",
       "calibrated", "calibrated so realised intrusions (orders carried out while the patrol is on "
       f"station, plus chases) are ~34 a year: JCG 34 in 2021 and 2023, 24-39 over 2020-2024; "
       f"{FACTS} s3 (A)", lo=0.0, hi=400.0, unit="1/year", group="activity"),
    _p("ts_intrusion_hours", 2.0, "Typical length of a short territorial-sea intrusion.", "public",
       f"JCG pattern: ~4 ships enter about monthly and leave within ~2 h; {FACTS} s3 (A)",
       lo=0.1, hi=72.0, unit="h", group="activity"),
    _p("ts_long_intrusion_share", 0.1, "Share of intrusions that last 1-3 days.", "assumption",
       f"assumption: 'some intrusions last days' ({FACTS} s3)", lo=0.0, hi=1.0,
       plausible=(0.0, 0.3), group="activity"),
    _p("jcg_shadow_ratio", 1.0, "JCG patrol ships sent to shadow each CCG ship.", "public",
       f"JCG keeps patrol ships shadowing each CCG ship; {FACTS} s3 (A); ratio assumed 1:1",
       lo=0.0, hi=3.0, group="activity"),
    _p("jcg_senkaku_ships", 12, "JCG patrol ships available to shadow at the Senkakus.", "public",
       "JCG Ishigaki's Senkaku territorial-waters unit: 12 large patrol ships (JCG, B)",
       lo=0, hi=100, unit="ships", group="activity"),
    _p("activity_tension_gain", 1.0,
       "Relative rise of Chinese activity rates (flights, intrusions, transits) per unit of "
       "China's tension above baseline (capped at 3x).", "assumption",
       "assumption: activity surged after the Aug 2022 shock (facts s1)", lo=0.0, hi=5.0,
       plausible=(0.0, 2.0), group="activity"),
    _p("ship_speed_kmh", 28.0, "Cruising speed of government and navy ships.", "assumption",
       "assumption: 15 kn cruise", lo=5.0, hi=60.0, plausible=(20.0, 37.0), unit="km/h",
       group="activity"),
    # ---------------------------------------------------------------- fishing
    _p("jp_fishing_trips_per_year", 12.0,
       "Japanese fishing boats (often with activists) that sail to Senkaku waters.", "assumption",
       "assumption: JCG reports CCG approaching Japanese fishing boats several times a year",
       lo=0.0, hi=365.0, plausible=(4.0, 30.0), unit="1/year", group="fishing"),
    _p("cn_fishing_boats", 12, "Chinese fishing boats working the grounds west of the Senkakus.",
       "assumption", "assumption: a modelled sample of the fleet near the median line",
       lo=0, hi=1000, plausible=(4.0, 40.0), unit="boats", group="fishing"),
    _p("cn_fishing_senkaku_share", 0.15,
       "Share of Chinese fishing trips whose ground lies in the Senkaku contiguous zone.",
       "assumption", "assumption", lo=0.0, hi=1.0, plausible=(0.0, 0.4), group="fishing"),
    _p("fishing_trip_days", 4.0, "Length of a fishing trip on the grounds.", "assumption",
       "assumption", lo=0.5, hi=30.0, plausible=(2.0, 10.0), unit="days", group="fishing"),
    # ---------------------------------------------------------------- aircraft
    _p("pla_flights_per_year", 495.0,
       "Chinese military flights towards Japan's ADIZ (most draw a JASDF scramble).", "calibrated",
       f"calibrated to JASDF scrambles: 575 (FY2022), 479 (FY2023), 464 (FY2024); {FACTS} s3 (A); "
       "with carrier-group sorties (carrier_sorties_per_day) drawing the rest",
       lo=0.0, hi=5000.0, unit="1/year", group="aircraft"),
    _p("pla_drone_share", 0.05, "Share of those flights by drones.", "public",
       f"23 scrambles against drones of 464 in FY2024; {FACTS} s3 (A)", lo=0.0, hi=1.0,
       group="aircraft"),
    _p("pla_bomber_share", 0.10, "Share by bombers.", "assumption", "assumption",
       lo=0.0, hi=1.0, plausible=(0.05, 0.2), group="aircraft"),
    _p("pla_recon_share", 0.45, "Share by reconnaissance aircraft (the rest are fighters).",
       "assumption", "assumption: Y-8/Y-9 and Tu-154 patrols dominate MOD releases",
       lo=0.0, hi=1.0, plausible=(0.3, 0.6), group="aircraft"),
    _p("jp_recon_flights_per_year", 120.0,
       "Japanese patrol/reconnaissance flights over the East China Sea.", "assumption",
       "assumption: routine P-3C/P-1 and YS-11EB surveillance", lo=0.0, hi=2000.0,
       plausible=(50.0, 365.0), unit="1/year", group="aircraft"),
    _p("pla_intercept_share", 0.3, "Share of Japanese recon flights PLA fighters intercept.",
       "assumption", "assumption: 2014 Su-27 intercepts of OP-3C/YS-11EB (facts s4)",
       lo=0.0, hi=1.0, plausible=(0.1, 0.6), group="aircraft"),
    _p("scramble_delay_h", 0.15, "Delay from ADIZ entry to JASDF alert fighters airborne.",
       "assumption", "assumption: 5-minute alert posture plus detection and decision", lo=0.0,
       hi=2.0, plausible=(0.08, 0.5), unit="h", group="aircraft"),
    _p("flight_hours", 4.0, "Length of a Chinese flight near Japan before it turns home.",
       "assumption", "assumption", lo=0.5, hi=24.0, plausible=(2.0, 8.0), unit="h",
       group="aircraft"),
    # ---------------------------------------------------------------- PLA Navy transits
    _p("plan_groups_per_year", 7.5,
       "PLA Navy transit groups sailing through the Nansei chain and back.", "calibrated",
       "calibrated to ship passages counted at the Nansei gates, ~46-50 a year for the 2022 "
       f"scenarios: Japan MOD 46 (2022), 53 (2023), 68 (2024); {FACTS} s3 (A); carrier groups "
       "(carrier_deployments_per_year) give ~15 of them", lo=0.0,
       hi=200.0, unit="1/year", group="navy"),
    _p("plan_group_size", 2.0, "Mean ships in a PLA Navy transit group.", "assumption",
       "assumption: MOD releases typically report 1-4 ships", lo=1.0, hi=10.0,
       plausible=(1.0, 3.0), unit="ships", group="navy"),
    _p("plan_pacific_days", 5.0, "Days a transit group spends in the Pacific before returning.",
       "assumption", "assumption", lo=0.5, hi=60.0, plausible=(2.0, 14.0), unit="days",
       group="navy"),
    _p("carrier_deployments_per_year", 2.5,
       "PLA Navy carrier groups operating in the Pacific near Okinawa.", "public",
       "Japan MOD releases: Liaoning May and Dec 2022; Shandong Apr, Sep, Oct 2023; Liaoning "
       "Sep 2024; both carriers May-Jun 2025; Liaoning Dec 2025 (docs/record.md, A)",
       lo=0.0, hi=20.0, unit="1/year", group="navy"),
    _p("carrier_deployment_days", 12.0, "Mean days a carrier group stays on station.",
       "assumption", "assumption: ~3 weeks (May 2022, Jun 2025), ~1 week (Dec 2025)",
       lo=0.5, hi=60.0, plausible=(5.0, 25.0), unit="days", group="navy"),
    _p("carrier_sorties_per_day", 3.0,
       "Carrier fighter sorties a day that fly towards Japanese units (of 20-40 take-offs "
       "and landings a day).", "assumption",
       "assumption: ~1,050 take-offs and landings by two carriers in 26 days (Jun 2025), ~100 "
       "in two days (Dec 2025) (Japan MOD via Japan Times, Yomiuri; docs/record.md)",
       lo=0.0, hi=48.0, plausible=(1.0, 8.0), unit="1/day", group="navy"),
    _p("plan_survey_ts_per_year", 3.6,
       "PLA Navy survey-ship passages through Japanese territorial waters off Yakushima.",
       "public", "10 entries Nov 2021 - Aug 2024, i.e. 3.6 a year (Japan MOD via Kyodo, "
       "31 Aug 2024; docs/record.md, A)", lo=0.0, hi=50.0, unit="1/year", group="navy"),
    _p("pla_airspace_violations_per_year", 0.3,
       "PLA aircraft entering Japanese territorial airspace (Danjo Islands).", "assumption",
       "assumption from the record: first PLA violation 26 Aug 2024; four Chinese state-"
       "aircraft violations 2012-2025 (docs/record.md)", lo=0.0, hi=20.0,
       plausible=(0.05, 1.0), unit="1/year", group="aircraft"),
    _p("jp_ts_strays_per_year", 0.1,
       "JMSDF ships straying into Chinese territorial waters.", "assumption",
       "assumption from the record: one case (Suzutsuki, 4 Jul 2024) in 2012-2025 (Kyodo, A)",
       lo=0.0, hi=10.0, plausible=(0.03, 0.3), unit="1/year", group="navy"),
    # ---------------------------------------------------------------- escalation ladder
    _p("esc_logit_base", -4.5,
       "Log-odds that an on-scene unit escalates one rung in a decision round, at baseline.",
       "calibrated", "calibrated to the incident record: rung>=4 about twice in 2012-2025 "
       f"(2013, 2025 radar locks; {FACTS} s4); plausible range from that fit",
       lo=-10.0, hi=5.0, plausible=(-5.5, -3.5), group="escalation"),
    _p("esc_logit_military", 1.5,
       "Added log-odds of escalating for navy and air-force units (fire-control radar, flares, "
       "close intercepts).", "calibrated",
       f"calibrated so military encounters give the rung-4 acts of the record: radar locks Jan "
       f"2013 (frigate) and Dec 2025 (J-15s); close approaches 2014 ({FACTS} s4); "
       "tools/calibrate_escalation.py: 1.0 gives no military rung 4, 1.6 gives 0.18/year",
       lo=-5.0, hi=5.0, group="escalation"),
    _p("esc_logit_jp_hazard", -2.5,
       "Added log-odds for a Japanese unit stepping to rung 3 or above (unsafe approach, "
       "hazardous act): SDF and JCG use force only in self-defence.", "calibrated",
       "calibrated so that, as in 2013-2025, hazardous acts are overwhelmingly Chinese: every "
       "radar lock and close approach of the record was by a Chinese unit; the one disputed "
       "case (Jun 2016) is contested (docs/record.md); `hotline-sim validate` reports the "
       "initiator shares", lo=-10.0, hi=5.0, plausible=(-4.0, -1.0), group="escalation"),
    _p("esc_logit_cn_hazard", 3.5,
       "Added log-odds for a Chinese navy or air-force unit stepping from an unsafe approach to "
       "a hazardous act (fire-control radar, flares): radar locks as deliberate signals.",
       "calibrated", "calibrated to the record: radar locks in Jan 2013 (frigate) and Dec 2025 "
       "(J-15s), both by PLA units, i.e. ~0.15-0.3 rung-4 encounters a year (docs/record.md)",
       lo=-5.0, hi=8.0, plausible=(1.0, 3.0), group="escalation"),
    _p("esc_logit_tension", 1.5, "Added log-odds of escalating per unit of tension above baseline.",
       "assumption", "assumption", lo=0.0, hi=10.0, plausible=(0.75, 2.5), group="escalation"),
    _p("esc_logit_reciprocity", 1.8,
       "Added log-odds of escalating after reading the other side's last move as escalation.",
       "assumption", "assumption: tit-for-tat spirals (Baliga & Sjostrom 2004)", lo=0.0, hi=10.0,
       plausible=(0.5, 3.0), group="escalation"),
    _p("esc_logit_rung", -1.0, "Change in log-odds of escalating per rung already reached.",
       "assumption", "assumption: each higher rung is a harder step", lo=-5.0, hi=1.0,
       plausible=(-1.2, -0.3), group="escalation"),
    _p("deesc_logit_base", -2.0, "Log-odds of stepping down one rung in a round, at rung 1.",
       "assumption", "assumption", lo=-10.0, hi=5.0, plausible=(-3.0, -1.0), group="escalation"),
    _p("deesc_logit_rung", 0.5, "Added log-odds of stepping down per rung above 1.", "assumption",
       "assumption: hazardous acts are short (radar locks of 3-30 min; facts s2)", lo=0.0, hi=5.0,
       plausible=(0.2, 1.0), group="escalation"),
    _p("deesc_logit_order", 3.0, "Added log-odds of stepping down under a de-escalation order.",
       "assumption", "assumption", lo=0.0, hi=10.0, plausible=(1.5, 4.5), group="escalation"),
    _p("misperception", 0.12,
       "Probability that a hold or step down is read as escalation (per observed move).",
       "assumption", "assumption: misreadings at sea without a shared language or frequency",
       lo=0.0, hi=1.0, plausible=(0.03, 0.3), group="escalation"),
    _p("misperception_tension", 1.0, "Relative rise of misperception per unit tension above "
       "baseline.", "assumption", "assumption", lo=0.0, hi=10.0, plausible=(0.0, 2.0),
       group="escalation"),
    _p("enforcement_push", 1.0,
       "Added log-odds of escalating for a coast guard enforcing against a fishing boat in the "
       "Senkaku waters (chasing, blocking, boarding).", "assumption",
       "assumption: CCG approaches to Japanese fishing boats; 2010 JCG-trawler case (facts s4)",
       lo=0.0, hi=10.0, plausible=(0.5, 2.0), group="escalation"),
    _p("collision_prob", 0.005,
       "Chance per round that an unsafe approach or hazardous act between ships ends in a "
       "collision (rung 5).", "assumption",
       "assumption: one collision (2010 trawler) in ~15 years of close shadowing (facts s4)",
       lo=0.0, hi=1.0, plausible=(0.001, 0.02), group="escalation"),
    _p("clash_tension", 1.0,
       "Tension above which an operational command may authorise weapons use (rung 6).",
       "assumption", "assumption: no armed clash has occurred in the period (facts s4)",
       lo=0.0, hi=2.0, plausible=(0.8, 1.5), group="escalation"),
    _p("roe_cap_coastguard", 4, "Highest rung coast guards reach without orders (water cannon).",
       "public", "CCG Law (1 Feb 2021) authorises force; JCG uses water cannon rarely "
       f"({FACTS} s3, A); cap itself a modelling choice", lo=0, hi=6, group="escalation"),
    _p("roe_cap_military", 4, "Highest rung navies and air forces reach without orders.",
       "public", f"2013 and 2025 fire-control radar locks were on-scene acts ({FACTS} s2, s4, A)",
       lo=0, hi=6, group="escalation"),
    _p("roe_cap_fishing", 3, "Highest rung fishing boats reach by intent (collisions are "
       "accidents).", "assumption", "assumption: 2010 ramming treated as accident-prone conduct",
       lo=0, hi=5, plausible=(2.0, 3.0), group="escalation"),
    _p("round_hours_sea", 1.0, "Interval between decision rounds in a ship encounter.",
       "assumption", "assumption: the tempo of shadowing and radio challenges", lo=0.05, hi=12.0,
       plausible=(0.5, 2.0), unit="h", group="escalation"),
    _p("round_hours_air", 0.25, "Interval between decision rounds in an air encounter.",
       "assumption", "assumption: intercepts last tens of minutes", lo=0.02, hi=4.0,
       plausible=(0.1, 0.5), unit="h", group="escalation"),
    # ---------------------------------------------------------------- tension
    _p("tension_baseline_cn", 0.3, "China's peacetime tension level.", "assumption",
       "assumption: scale anchor", lo=0.0, hi=2.0, plausible=(0.2, 0.45), group="tension"),
    _p("tension_baseline_jp", 0.3, "Japan's peacetime tension level.", "assumption",
       "assumption: scale anchor", lo=0.0, hi=2.0, plausible=(0.2, 0.45), group="tension"),
    _p("tension_halflife_days", 30.0, "Half-life of tension above or below baseline.",
       "assumption", "assumption", lo=1.0, hi=720.0, plausible=(10.0, 90.0), unit="days",
       group="tension"),
    _p("tension_incident_gain", 0.02, "Tension added on each side per rung reached above 2.",
       "assumption", "assumption", lo=0.0, hi=1.0, plausible=(0.01, 0.05), group="tension"),
    _p("protest_gain", 0.002, "Tension a diplomatic protest adds on the receiving side.",
       "assumption", "assumption", lo=0.0, hi=0.5, plausible=(0.0, 0.01), group="tension"),
    _p("consultation_day", 326, "Day of year of the High-level Consultation on Maritime Affairs "
       "(held almost annually since 2012).", "article", f"{ART}: held 22 Nov 2022",
       lo=0, hi=365, unit="day of year", group="tension"),
    _p("consultation_relief", 0.05, "Tension each side sheds after the yearly consultation.",
       "assumption", "assumption", lo=0.0, hi=1.0, plausible=(0.0, 0.1), group="tension"),
    # ---------------------------------------------------------------- communication
    _p("chain_hop_hours", 0.5, "Mean delay of one hop in a chain of command (report or order).",
       "assumption", "assumption", lo=0.01, hi=24.0, plausible=(0.2, 1.5), unit="h",
       group="communication"),
    _p("chain_reliability", 0.98, "Probability a chain-of-command message arrives.", "assumption",
       "assumption", lo=0.0, hi=1.0, plausible=(0.9, 1.0), group="communication"),
    _p("diplomatic_hours", 6.0, "Mean delay of a message over the diplomatic channel.", "public",
       f"Cuban missile crisis ~6 h; Japanese protests same day to 5 days ({FACTS} s5, B)",
       lo=0.1, hi=240.0, unit="h", group="communication"),
    _p("coastguard_contact_hours", 6.0, "Mean delay of the JCG-CCG contact line (when in force).",
       "assumption", "assumption", lo=0.1, hi=240.0, plausible=(1.0, 24.0), unit="h",
       group="communication"),
    _p("report_rung", 2, "Rung at which an on-scene unit reports up its chain of command.",
       "assumption", "assumption", lo=0, hi=6, plausible=(1.0, 3.0), group="communication"),
    _p("command_deesc_prob", 0.5, "Probability a command orders de-escalation on a report of "
       "rung 3 or more at baseline tension (falls as tension rises).", "assumption",
       "assumption", lo=0.0, hi=1.0, plausible=(0.2, 0.8), group="communication"),
    _p("radio_active", True, "Direct ship-to-ship and aircraft-to-aircraft radio (MACM).",
       "public", f"MACM in operation since 8 Jun 2018, navies and military aircraft only ({FACTS} "
       "s2, A/B)", group="communication"),
    _p("radio_misperception_factor", 0.5,
       "Misperception multiplier when both on-scene units are military and talk by radio.",
       "assumption", "assumption: CUES practice; the direction is public, the size is not",
       lo=0.0, hi=1.0, plausible=(0.2, 0.9), group="communication"),
    _p("radio_reliability", 0.85, "Probability radio contact is made in a military encounter.",
       "assumption", "assumption", lo=0.0, hi=1.0, plausible=(0.5, 1.0), group="communication"),
    # ---------------------------------------------------------------- hotline
    _p("hotline_active", False, "The defence-ministry hotline exists and can be used.", "public",
       f"agreed to 'establish and activate' ({ART}); established 31 Mar 2023 ({FACTS} s2, A)",
       group="hotline"),
    _p("hotline_covers_territorial", False,
       "Scope: the hotline may be used for encounters in territorial seas or airspace.",
       "public",
       f"2015: the mechanism will not apply in territorial waters/airspace ({FACTS} s2, B)",
       group="hotline"),
    _p("hotline_covers_coastguard", False, "Scope: the hotline may be used for coast-guard "
       "encounters.", "public", f"coast guard vessels are outside the MACM ({FACTS} s2, A/B)",
       group="hotline"),
    _p("hotline_trigger_rung", 4, "Rung at which a defence ministry considers a call.",
       "public", f"6 Dec 2025: Japan called after fire-control radar locks, rung 4 ({FACTS} s2, A)",
       lo=1, hi=6, group="hotline"),
    _p("hotline_call_prob_jp", 0.9, "Probability Japan's MOD decides to call when triggered.",
       "assumption", "assumption: Japan called in Dec 2025 (facts s2)", lo=0.0, hi=1.0,
       plausible=(0.5, 1.0), group="hotline"),
    _p("hotline_call_prob_cn", 0.3, "Probability China's MND decides to call when triggered.",
       "assumption", "assumption: China declined US calls in 2022-2023 (facts s5)", lo=0.0,
       hi=1.0, plausible=(0.0, 0.7), group="hotline"),
    _p("hotline_consult_hours", 0.5, "Mean internal consultation before a call is placed.",
       "assumption", "assumption for a line 'answered promptly'; practice is several hours",
       lo=0.0, hi=72.0, plausible=(0.1, 8.0), unit="h", group="hotline"),
    _p("hotline_relay_hops", 0, "Extra relay hops at the end that has not decided who answers.",
       "assumption", f"'hierarchy' obstacle: China had not decided who answers ({FACTS} s2, B)",
       lo=0, hi=6, plausible=(0.0, 3.0), group="hotline"),
    _p("hotline_answer_prob", 0.95, "Probability the call is answered, at baseline tension.",
       "assumption", "assumption for a line 'answered promptly'", lo=0.0, hi=1.0,
       plausible=(0.0, 1.0), group="hotline"),
    _p("hotline_answer_tension_slope", 2.0,
       "How fast the answer probability falls with the callee's tension above baseline "
       "(p = p0 * exp(-slope * excess)).", "assumption",
       "assumption: US-China line declined after Pelosi visit, Aug 2022 (facts s5, A)",
       lo=0.0, hi=20.0, plausible=(0.0, 5.0), group="hotline"),
    _p("hotline_clarify_factor", 0.3,
       "Misperception multiplier in an encounter after a connected call (intent clarified).",
       "assumption", "assumption: cheap talk cuts spirals (Baliga & Sjostrom 2004)", lo=0.0,
       hi=1.0, plausible=(0.1, 0.8), group="hotline"),
    _p("hotline_deesc_prob", 0.6,
       "Probability each side orders its units to de-escalate after a connected call.",
       "assumption", "assumption: private channels let leaders back down (Kurizaki)", lo=0.0,
       hi=1.0, plausible=(0.2, 0.9), group="hotline"),
    _p("hotline_systemic_relief", 0.0,
       "Residual systemic effect of a connected call: tension each side sheds on the tension "
       "that drives decisions (never on the tension that drives activity rates). Replaces the "
       "former per-call 'hotline_tension_relief' (0.03) as a named residual; the hotline's "
       "main channel is the deployment-level clarification.", "assumption",
       "assumption: a private channel lets leaders back down without public cost (Kurizaki, "
       "APSR); no observation of its size; default 0, maximum the former value 0.03",
       lo=0.0, hi=1.0, plausible=(0.0, 0.03), group="hotline"),
    _p("hotline_theater_link", False,
       "The line joins the Joint Staff Office and the Eastern Theater Command (a lever beyond "
       "the agreed line) instead of the defence ministries (as built, 2023).",
       "public", f"line between the defence ministries, Japan's end at the Joint Staff Office; "
       f"China had not decided who answers ({FACTS} s2, A/B)", group="hotline"),
    _p("hotline_clarify_hours", 48.0,
       "How long a connected call's clarification covers the deployment it was about "
       "(its later encounters are misread less and not held against the last incident).",
       "assumption", "assumption: the 6 Dec 2025 locks came 2 h apart and the Jun-Jul 2025 "
       f"approaches over days ({FACTS}, record); a call covers a deployment for hours to days",
       lo=0.0, hi=720.0, plausible=(6.0, 168.0), unit="h", group="hotline"),
    _p("hotline_notice_prob", 0.5,
       "Probability China gives notice over the line of a naval deployment (carrier, transit "
       "or frigate group) before it sails (preventive use).", "assumption",
       "assumption for a working line; China said it had notified its drills before 6 Dec "
       f"2025 (Yomiuri 9 Dec 2025; {FACTS} s2)", lo=0.0, hi=1.0, plausible=(0.0, 1.0),
       group="hotline"),
    _p("hotline_notice_factor", 0.6,
       "Misperception multiplier for Japan's units facing a notified deployment.",
       "assumption", "assumption: notice of drills lowers misreadings (CUES practice); "
       "Japan said the Dec 2025 notice lacked detail", lo=0.0, hi=1.0, plausible=(0.3, 1.0),
       group="hotline"),
    _p("theater_order_hours", 0.05,
       "Mean delay of a restraint order from the theatre-level link's end to the units.",
       "assumption", "assumption: a direct operational line reaches units in minutes",
       lo=0.0, hi=6.0, plausible=(0.02, 0.25), unit="h", group="hotline"),
    _p("deployment_memory_hours", 24.0,
       "How long a deployment's last incident (rung >= 3) colours its next encounter: both "
       "sides start it reading the other's moves as escalation.", "assumption",
       "assumption: repeat incidents within hours to days (6 Dec 2025, Jun-Jul 2025)",
       lo=0.0, hi=720.0, plausible=(6.0, 72.0), unit="h", group="escalation"),
    # ---------------------------------------------------------------- aftermath of severe incidents
    _p("crisis_rung", 5, "Rung whose first reach opens a diplomatic crisis (collision, warning "
       "shots, clash).", "public", "Sep 2010 collision: arrest, ministerial contacts cut "
       "(domain-facts record, A/B)", lo=1, hi=6, group="crisis"),
    _p("crisis_tension_shock", 0.2, "Tension added on both sides when a crisis opens.",
       "assumption", "assumption: 2010 crisis (detention, rare-earth halt reported)",
       lo=0.0, hi=2.0, plausible=(0.1, 0.5), group="crisis"),
    _p("crisis_suspension_days", 21.0, "Days contacts stay suspended after a crisis opens.",
       "assumption", "assumption: 2010, the captain went home after ~2.5 weeks; contacts cut "
       "for weeks (domain-facts record)", lo=0.0, hi=365.0, plausible=(7.0, 90.0),
       unit="days", group="crisis"),
    _p("crisis_suspends_hotline", False,
       "A crisis also takes the hotline down (calls unanswered, no notices).", "setting",
       f"scenario setting: China declined US defence calls after the Pelosi visit, Aug 2022 "
       f"({FACTS} s5, A)", group="crisis"),
    # ---------------------------------------------------------------- coast guard cooperation
    _p("cg_cooperation", False, "The 2022 coast guard cooperation (SAR, illegal fishing, crime) "
       "is in force, with a JCG-CCG contact line.", "article", f"{ART}", group="coastguard"),
    _p("cg_coop_misperception_factor", 0.6,
       "Misperception multiplier in coast-guard encounters under the cooperation.", "assumption",
       "assumption", lo=0.0, hi=1.0, plausible=(0.3, 1.0), group="coastguard"),
    _p("cg_coop_handover_prob", 0.5,
       "Probability a coast guard hands a fishing-boat case to the other side instead of "
       "chasing or boarding.", "assumption", "assumption: cooperation on illegal fishing",
       lo=0.0, hi=1.0, plausible=(0.2, 0.9), group="coastguard"),
    # ---------------------------------------------------------------- numbers inside mechanisms
    # (literals in the model code until issue 8; values unchanged)
    _p("activity_max_factor", 3.0, "Highest multiple of its base rate tension can raise an "
       "activity to: the thinning ceiling (candidates are drawn at this rate).", "assumption",
       "assumption: activity at most triples in a crisis", lo=1.0, hi=10.0,
       plausible=(2.0, 5.0), group="activity"),
    _p("max_group_size", 8, "Largest CCG patrol group or PLA Navy transit group.", "assumption",
       "assumption: a cap above the usual group sizes", lo=1, hi=30,
       plausible=(6, 12), unit="ships", group="activity"),
    _p("ts_occasion_gap_hours", 6.0, "Hours outside the territorial sea that separate two "
       "counted intrusion occasions.", "assumption", "assumption: JCG counts occasions, not "
       "hours", lo=0.5, hi=48.0, plausible=(3.0, 12.0), unit="h", group="activity"),
    _p("jcg_shadow_km", 80.0, "JCG shadows Chinese ships within this distance of the Senkakus.",
       "assumption", "assumption: the JCG meets ships before the contiguous zone (44 km)",
       lo=10.0, hi=300.0, plausible=(50.0, 120.0), unit="km", group="coastguard"),
    _p("jcg_release_km", 100.0, "JCG releases a shadow beyond this distance (>= jcg_shadow_km).",
       "assumption", "assumption: hysteresis against on-off shadowing", lo=10.0, hi=400.0,
       plausible=(80.0, 150.0), unit="km", group="coastguard"),
    _p("jmsdf_shadow_km", 250.0, "A JMSDF destroyer shadows a PLA Navy group within this "
       "distance of the Miyako gap.", "assumption", "assumption: Joint Staff releases report "
       "shadowing near the gap", lo=20.0, hi=1000.0, plausible=(150.0, 400.0), unit="km",
       group="navy"),
    _p("escort_speed_factor", 1.2, "Speed of a shadowing unit as a multiple of its cruise "
       "speed.", "assumption", "assumption: followers steam a little faster to keep station",
       lo=1.0, hi=3.0, plausible=(1.1, 1.5), group="activity"),
    _p("encounter_gap_hours", 2.0, "An encounter ends after this long without contact.",
       "assumption", "assumption: a scene broken off for 2 h is a new encounter", lo=0.5,
       hi=48.0, plausible=(1.0, 6.0), unit="h", group="escalation"),
    _p("routine_round_factor", 4.0, "Decision rounds at rungs 0-1 come this many times less "
       "often than at rung 2 and above.", "assumption", "assumption: routine shadowing is "
       "revisited every few hours", lo=1.0, hi=24.0, plausible=(2.0, 8.0), group="escalation"),
    _p("enforcement_deesc_share", 0.5, "Share of the enforcement push that also lowers the "
       "log-odds of stepping down.", "assumption", "assumption: a coast guard expelling boats "
       "is slower to back off", lo=0.0, hi=2.0, plausible=(0.0, 1.0), group="escalation"),
    _p("command_deesc_tension_slope", 2.0, "Fall of a command's de-escalation order "
       "probability with tension above baseline: command_deesc_prob * exp(-slope * excess).",
       "assumption", "assumption: commands harden as tension rises", lo=0.0, hi=10.0,
       plausible=(0.5, 4.0), group="communication"),
    _p("command_authorise_prob", 0.5, "Probability a command authorises force on a report of "
       "rung 4+ when its side's tension is at or above clash_tension.", "assumption",
       "assumption: an even chance in a crisis", lo=0.0, hi=1.0, plausible=(0.1, 0.9),
       group="communication"),
    _p("diplomatic_reliability", 0.99, "Probability a diplomatic protest arrives.",
       "assumption", "assumption: embassy channels rarely fail", lo=0.0, hi=1.0,
       plausible=(0.95, 1.0), group="communication"),
    _p("coastguard_contact_reliability", 0.95, "Probability a message on the JCG-CCG contact "
       "line arrives.", "assumption", "assumption: a new line, less practised than embassies",
       lo=0.0, hi=1.0, plausible=(0.8, 1.0), group="communication"),
    _p("radio_latency_hours", 0.05, "Mean delay of a hail on the MACM radio.", "assumption",
       "assumption: minutes", lo=0.001, hi=1.0, plausible=(0.02, 0.2), unit="h",
       group="communication"),
    _p("quiet_step_hours", 4.0, "Spatial update interval with only ships out, all below rung 3.",
       "setting", "numerical setting (contacts are explicit, see docs/model.md)", lo=1.0,
       hi=12.0, unit="h", group="run"),
    _p("air_step_hours", 3.0, "Spatial update interval with aircraft up, all below rung 3.",
       "setting", "numerical setting (scrambles are computed on flight legs)", lo=1.0, hi=12.0,
       unit="h", group="run"),
]

PARAMS: dict[str, ParamSpec] = {s.name: s for s in _SPECS}
DEFAULTS: dict[str, Any] = {s.name: s.default for s in _SPECS}
ASSUMPTIONS: tuple[str, ...] = tuple(s.name for s in _SPECS if s.kind == "assumption")


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def coerce(spec: ParamSpec, value: Any, where: str) -> Any:  # noqa: C901 - one check per type
    """Check and convert one value against its spec; raise InputError with one clear line.

    Strict on purpose (a data tool must not guess): a number must be a number (not ``"0.5"``),
    finite and within the bounds; a boolean must be ``true``/``false`` (not ``"yes"`` or 1); a
    date must be an ISO date ``YYYY-MM-DD`` (a TOML date, as ``--set start_date=2022-01-01``
    gives, is accepted and stored as text).
    """
    import datetime as _dt

    from sim.errors import InputError

    def bad() -> InputError:
        shown = repr(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return InputError(where, spec.name, f"got {shown}; allowed: {spec.allowed()}")

    if spec.type is bool:
        if isinstance(value, bool):
            return value
        raise bad()
    if spec.type is str:
        if spec.is_date and isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            value = value.isoformat()
        if not isinstance(value, str) or (spec.choices and value not in spec.choices):
            raise bad()
        if spec.is_date:
            try:
                ok = bool(_ISO_DATE.fullmatch(value)) and bool(_dt.date.fromisoformat(value))
            except ValueError:
                ok = False
            if not ok:
                raise bad()
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise bad()
    num = float(value)
    if not math.isfinite(num):
        raise bad()
    if spec.type is int:
        if num != int(num):
            raise bad()
        num = int(num)
    if (spec.lo is not None and num < spec.lo) or (spec.hi is not None and num > spec.hi):
        raise bad()
    return num
