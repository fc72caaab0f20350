"""Registered parameters: what happens at sea and in the air (run settings, CCG presence and
patrols, fishing, aircraft and scrambles, PLA Navy transits).

Order matters: `sim.config.parameters` concatenates the parts in a fixed order, which is the
order of the parameter table and of the sensitivity designs.
"""

from __future__ import annotations

from sim.config.paramspec import FACTS, ParamSpec
from sim.config.paramspec import param as _p

SPECS: list[ParamSpec] = [
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
]
