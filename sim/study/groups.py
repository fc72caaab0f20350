"""The assumptions in groups by mechanism, for grouped Morris and Sobol (SALib ``groups``).

Why groups: the two arms' assumptions number ~99 (97 before wave 13's two wear parameters). A
Morris ranking of ~99 factors whose effect on a rare outcome is mostly nil is the random order
of the nil ones: two seeds cannot agree on it at any size this machine affords (~100 points per
trajectory). Morris with groups (Campolongo,
Cariboni and Saltelli 2007, whose mu* was made for groups) moves all of a mechanism's
assumptions together and asks "which kind of assumption decides it?" with 12 points per
trajectory, so trajectories, not factors, take the budget and the ranking can be stable. Each
group is named after the mechanism its parameters belong to in the registry
(`sim.config.registry`); a parameter no rule names falls in "other" (a test keeps that empty).
"""

from __future__ import annotations

from typing import Any

#: group -> exact parameter names (checked first), then name prefixes.
GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "hotline use": (("hotline_trigger_rung", "hotline_consult_hours", "hotline_relay_hops",
                     "hotline_answer_prob", "hotline_answer_tension_slope",
                     "hotline_ring_hours", "hotline_notice_prob", "hotline_answer_wear",
                     "hotline_wear_days"), ("hotline_call_prob",)),
    "hotline effect": (("hotline_clarify_factor", "hotline_deesc_prob",
                        "hotline_systemic_relief", "hotline_clarify_hours",
                        "hotline_notice_factor"), ()),
    "misperception": (("misperception", "misperception_tension", "radio_misperception_factor",
                       "cg_coop_misperception_factor"), ()),
    "escalation ladder": (("collision_prob", "clash_tension", "roe_cap_fishing",
                           "round_hours_sea", "routine_round_factor", "encounter_gap_hours",
                           "restraint_cap_rung", "signal_push"), ("esc_logit", "deesc_logit")),
    "tension": (("protest_gain", "consultation_relief", "crisis_tension_shock",
                 "crisis_suspension_days"), ("tension_",)),
    "chain of command": (("chain_hop_hours", "chain_reliability", "report_rung",
                          "command_deesc_prob", "command_deesc_tension_slope",
                          "command_authorise_prob", "theater_order_hours",
                          "diplomatic_reliability", "deployment_memory_hours"), ()),
    "other channels": (("coastguard_contact_hours", "coastguard_contact_reliability",
                        "radio_reliability", "radio_latency_hours", "cg_coop_handover_prob"),
                       ()),
    "coast guard operations": (("enforcement_push", "enforcement_cz_share",
                                "enforcement_deesc_share", "jcg_shadow_km", "jcg_release_km",
                                "ts_occasion_gap_hours", "ts_intrusion_tail_cap"),
                               ("ccg_", "ts_long_intrusion")),
    "air activity": (("scramble_delay_h", "flight_hours", "round_hours_air"),
                     ("pla_bomber", "pla_recon", "pla_intercept", "pla_airspace",
                      "pla_flight", "jp_recon")),
    "naval activity": (("plan_group_size", "plan_pacific_days", "carrier_deployment_days",
                        "carrier_sorties_per_day", "jp_ts_strays_per_year", "jmsdf_shadow_km",
                        "escort_speed_factor", "max_group_size", "ship_speed_kmh"), ()),
    "fishing": (("jp_fishing_trips_per_year", "cn_fishing_boats", "cn_fishing_senkaku_share",
                 "fishing_trip_days", "fishing_trawl_speed_factor"), ()),
    "activity levels": (("bad_weather_spell_days", "activity_tension_gain",
                         "activity_max_factor"), ()),
}
OTHER = "other"


def group_of(name: str) -> str:
    """The group of one parameter: an exact name first, then the longest matching prefix."""
    for group, (names, _) in GROUPS.items():
        if name in names:
            return group
    best = max(((len(p), g) for g, (_, prefixes) in GROUPS.items() for p in prefixes
                if name.startswith(p)), default=None)
    return best[1] if best else OTHER


def grouped(prob: dict[str, Any]) -> dict[str, Any]:
    """A SALib problem with each variable's group added."""
    return {**prob, "groups": [group_of(n) for n in prob["names"]]}


def members(names: list[str], chosen: list[str]) -> list[str]:
    """The parameters among `names` that belong to the `chosen` groups."""
    return [n for n in names if group_of(n) in chosen]
