"""Registered parameters: numbers inside mechanisms (geometry, thresholds and tempos that were
literals in the model code; moved here by issue 8 with values unchanged). Each is an assumption
with a plausible range, so sensitivity analysis and scenario discovery can vary it.

Order matters: `sim.config.parameters` concatenates the parts in a fixed order, which is the
order of the parameter table and of the sensitivity designs.
"""

from __future__ import annotations

from sim.config.paramspec import FACTS, ParamSpec
from sim.config.paramspec import param as _p

SPECS: list[ParamSpec] = [
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
    # geometry and shapes of activity (literals in the model code until wave 3; values unchanged)
    _p("ccg_station_inner_km", 15.0, "Inner radius (from the Senkaku centre) of the belt a CCG "
       "group on station patrols; the territorial-sea test keeps it outside 12 nm.",
       "assumption", f"assumption: CCG ships patrol the contiguous zone ({FACTS} s3)", lo=0.0,
       hi=44.0, plausible=(5.0, 22.0), unit="km", group="coastguard"),
    _p("ccg_station_outer_km", 70.0, "Outer radius (from the Senkaku centre) of the belt a CCG "
       "group on station patrols.", "assumption", "assumption: the contiguous zone (44 km from "
       "the islets) plus the approaches", lo=20.0, hi=200.0, plausible=(50.0, 90.0), unit="km",
       group="coastguard"),
    _p("ccg_patrol_speed_factor", 0.4, "Speed of a CCG ship on a patrol leg as a multiple of "
       "its cruise speed.", "assumption", "assumption: ~11 km/h patrol legs", lo=0.05, hi=1.0,
       plausible=(0.25, 0.6), group="coastguard"),
    _p("ccg_near_senkaku_km", 80.0, "A CCG ship sent on station within this distance of the "
       "Senkakus starts patrolling at once; farther out it first approaches from the north-west.",
       "assumption", "assumption: the approach avoids cutting through the territorial sea",
       lo=20.0, hi=300.0, plausible=(60.0, 120.0), unit="km", group="coastguard"),
    _p("ccg_intrusion_loiter_km", 60.0, "Radius (from the Senkaku centre) in which a CCG group "
       "inside the territorial sea picks its next point (the 12-nm test keeps it inside).",
       "assumption", "assumption: intruders move about the whole territorial sea", lo=25.0,
       hi=200.0, plausible=(30.0, 80.0), unit="km", group="coastguard"),
    _p("ts_long_intrusion_min_hours", 24.0, "Shortest long intrusion: its length is this plus "
       "ts_long_intrusion_spread_hours times a uniform draw.", "assumption",
       f"assumption: 'some intrusions last days' ({FACTS} s3): 1-3 days", lo=1.0, hi=240.0,
       plausible=(12.0, 36.0), unit="h", group="activity"),
    _p("ts_long_intrusion_spread_hours", 48.0, "Spread of the length of a long intrusion "
       "(uniform above ts_long_intrusion_min_hours).", "assumption",
       f"assumption: 'some intrusions last days' ({FACTS} s3): 1-3 days", lo=0.0, hi=240.0,
       plausible=(24.0, 72.0), unit="h", group="activity"),
    _p("ts_intrusion_tail_cap", 0.95, "Short intrusions are exponential with mean "
       "ts_intrusion_hours, cut at this quantile (0.95: at most ~3 times the mean).",
       "assumption", "assumption: ships leave within hours, as the JCG record shows", lo=0.5,
       hi=0.999, plausible=(0.9, 0.99), group="activity"),
    _p("fishing_trawl_speed_factor", 0.2, "Speed of a fishing boat between fishing spots as a "
       "multiple of its cruise speed.", "assumption", "assumption: trawling at ~3 km/h",
       lo=0.05, hi=1.0, plausible=(0.1, 0.4), group="fishing"),
    _p("pla_flight_dwell_km", 40.0, "Radius around a PLA air-patrol route's turning point in "
       "which the aircraft loiters.", "assumption", "assumption: patrol orbits of tens of km",
       lo=5.0, hi=200.0, plausible=(20.0, 80.0), unit="km", group="aircraft"),
    _p("jp_recon_dwell_km", 50.0, "Radius around a Japanese patrol aircraft's turning point in "
       "which it loiters.", "assumption", "assumption: patrol orbits of tens of km", lo=5.0,
       hi=200.0, plausible=(20.0, 80.0), unit="km", group="aircraft"),
    # numbers inside the coast-guard and hotline mechanisms (literals until the wave-3 review;
    # values unchanged)
    _p("enforcement_cz_share", 0.5, "Share of enforcement_push a coast guard applies against "
       "the other side's fishing boat in the Senkaku contiguous zone (inside the territorial "
       "sea the push is full, elsewhere zero).", "assumption", "assumption: fisheries "
       "enforcement in the contiguous zone is milder than asserting sovereignty in the "
       "territorial sea (2010 trawler case inside 12 nm; expulsions outside it)", lo=0.0,
       hi=1.0, plausible=(0.25, 0.75), group="escalation"),
    _p("restraint_cap_rung", 2, "Highest rung units restrained after a connected hotline call "
       "may reach (warnings and challenges; no close approaches or radar illumination).",
       "assumption", "assumption: a restraint order forbids what the record calls unsafe or "
       "hazardous (rung 3 and above)", lo=0, hi=6, plausible=(1, 3), group="hotline"),
    _p("hotline_ring_hours", 0.05, "Time from the hotline ringing to its answer (or to giving "
       "up), before any relay hops at China's end.", "assumption", "assumption: a phone rings "
       "for minutes (~3 min)", lo=0.0, hi=2.0, plausible=(0.02, 0.25), unit="h",
       group="hotline"),
]
