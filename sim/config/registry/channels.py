"""Registered parameters: communication (the command network and its channels, the hotline,
the aftermath of severe incidents, the coast-guard cooperation).

Order matters: `sim.config.parameters` concatenates the parts in a fixed order, which is the
order of the parameter table and of the sensitivity designs.
"""

from __future__ import annotations

from sim.config.paramspec import ART, FACTS, ParamSpec
from sim.config.paramspec import param as _p

SPECS: list[ParamSpec] = [
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
    _p("hotline_answer_wear", 0.0,
       "Share of the answer probability lost for each call that rang at the callee's end in "
       "the previous hotline_wear_days (p * (1 - wear)^n): a line rung often is answered less. "
       "0 makes calls free (the model up to 0.12).", "assumption",
       "assumption: no observation of a defence line wearing with use; China declined US "
       "calls it read as pressure (Aug 2022, Feb 2023; facts s5, A); from 0 (calls free) to "
       "0.2 (a line rung weekly answered ~40 % as often)", lo=0.0, hi=1.0,
       plausible=(0.0, 0.2), group="hotline"),
    _p("hotline_wear_days", 30.0,
       "How long a call that rang counts against the callee's answer probability "
       "(hotline_answer_wear).", "assumption",
       "assumption: a month's memory of being called; from a week to a quarter", lo=1.0,
       hi=365.0, plausible=(7.0, 90.0), unit="days", group="hotline"),
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
    _p("hotline_reaches_orders", 0.0,
       "Probability a connected call about an encounter of a deployment under orders to "
       "signal reaches those orders: China's command rescinds them (no further ordered "
       "hazardous acts; its usual hold and de-escalation orders resume). A lever beyond the "
       "agreed line (a design lever, like the theatre link): 0 is a line that only clarifies "
       "the encounter at hand (as built).",
       "setting", "scenario setting: as built 0 -- no case in the record of a call reaching "
       "such orders; who ordered the signals is not public (docs/record.md s1 records one "
       "deployment making each, twice, in a political crisis) and China had not decided who "
       f"answers the line ({FACTS} s2, B); 1 is the bound of a line that reaches whoever "
       "gives the orders", lo=0.0, hi=1.0, group="hotline"),
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
]
