"""Registered parameters: the escalation ladder's decision rule and each side's tension.

Order matters: `sim.config.parameters` concatenates the parts in a fixed order, which is the
order of the parameter table and of the sensitivity designs.
"""

from __future__ import annotations

from sim.config.paramspec import ART, FACTS, ParamSpec
from sim.config.paramspec import param as _p

SPECS: list[ParamSpec] = [
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
    _p("esc_logit_cn_hazard", 2.0,
       "Added log-odds for a Chinese navy or air-force unit stepping from an unsafe approach to "
       "a hazardous act (fire-control radar, flares): radar locks as deliberate signals.",
       "calibrated", "calibrated to the record: radar locks in Jan 2013 (frigate) and Dec 2025 "
       "(J-15s), both by PLA units, i.e. ~0.15-0.3 rung-4 encounters a year (docs/record.md); "
       "since the signalling orders (signal_*) carry the deliberate locks, 2.0 leaves ~0.07 a "
       "year outside them (40 replications; 3.5 gave 0.58 in all)",
       lo=-5.0, hi=8.0, plausible=(1.0, 3.0), group="escalation"),
    # signalling orders of a deployment (issue 10: the radar locks of the record were deliberate)
    _p("signal_prob", 0.015,
       "Probability that a PLA Navy carrier or frigate group sails under orders to signal with "
       "hazardous acts (fire-control radar), at the reference tension.", "calibrated",
       "calibrated to the record (docs/record.md s1, s3): of ~10 carrier deployments near Japan "
       "in 2022-2025 only the one in the Dec 2025 crisis locked radar; with "
       "signal_logit_tension and esc_logit_cn_hazard this gives status-quo rung-4 encounters "
       "0.175 and 0.35 a year in two sets of 40 replications (tools/calibrate_escalation.py, "
       "seeds 1-40; hotline-sim validate), pooled 0.26 (0.02 gave 0.25 and 0.47, pooled 0.36)",
       lo=0.0, hi=1.0, plausible=(0.005, 0.1), group="escalation"),
    _p("signal_logit_tension", 24.0,
       "Added log-odds of signalling orders per unit of China's tension above the reference.",
       "calibrated", "calibrated to the record: both radar-lock episodes (Jan 2013 after the "
       "Sep 2012 nationalisation; Dec 2025 after PM Takaichi's Taiwan remarks) fell in political "
       "crises; 24 makes signalling likely (~0.65) at a crisis level (+0.2 over the reference) "
       "and rare (~0.02) in normal years (docs/record.md s1)", lo=0.0, hi=50.0,
       plausible=(8.0, 30.0),
       group="escalation"),
    _p("signal_push", 4.0,
       "Added log-odds of escalating for the military lead of a signalling deployment facing "
       "Japanese military units, below rung 4.", "assumption",
       "assumption: ordered acts are made at the first opportunities (6 Dec 2025: two locks "
       "within ~2 h of flight operations; Jan 2013: two in 11 days)", lo=0.0, hi=10.0,
       plausible=(2.0, 6.0), group="escalation"),
    _p("signal_acts", 2, "Hazardous acts after which a signalling deployment has made its signal.",
       "public", "both episodes of the record had two radar locks: 19 and 30 Jan 2013 (Japan "
       "Times 6 Feb 2013); 16:32 and 18:37, 6 Dec 2025 (Japan MOD) (docs/record.md s1, A)",
       lo=0, hi=20, plausible=(1, 4), group="escalation"),
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
]
