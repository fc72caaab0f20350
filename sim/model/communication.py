"""Crisis communication as a network: chains of command, diplomacy, radio and the hotline.

Nodes are organisations (Mesa agents, `sim.model.agents.Organisation`) and two on-scene nodes per
side (military units; coast guards and fishing boats). Edges are channels with a latency (gamma
distributed, shape 2, mean ``latency_h``) and a reliability (the chance a message arrives):

* ``chain``      each side's chain of command (on scene -> command -> ministry -> top body);
* ``diplomatic`` foreign ministry to foreign ministry (protests), hours;
* ``coastguard`` JCG 11th Region <-> CCG headquarters, only under the 2022 cooperation;
* ``radio``      the MACM's direct ship-to-ship / aircraft-to-aircraft radio, military only;
* ``hotline``    the defence-ministry line (Japan's end hosted at the Joint Staff Office).

Messages travel hop by hop as Mesa events. What each organisation does with what it receives is
in `Communication.deliver`: commands order units (hold, de-escalate or, above the clash threshold,
authorise force), ministries consider a hotline call, top bodies have the foreign ministry
protest, and protests raise the receiving side's tension.

The hotline (`sim.model.hotline.Hotline`) joins the defence ministries or, as a scenario
lever, the Joint Staff Office and the Eastern Theater Command (``hotline_theater_link``); what
a call can do and when is described there. A severe incident's aftermath
(`sim.model.crisis`) has both top bodies protest.

The radio edge carries a hail whenever two military units meet and make radio contact; coast
guards have no radio edge, so they can never use it (a test checks this).
All hotline draws come from the hotline's own stream, so a line that never connects changes
nothing else in the run.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import networkx as nx

from sim.model.agents import Organisation
from sim.model.fields import instance_defaults
from sim.model.hotline import HOTLINE_STATES, Hotline
from sim.model.paired import decide, peek
from sim.model.results import SEVERE_RUNG

__all__ = ["HOTLINE_STATES", "Communication", "Hotline", "Message"]

if TYPE_CHECKING:
    import numpy as np

    from sim.model.agents import Unit
    from sim.model.encounter import Encounter
    from sim.model.model import EastChinaSeaModel

#: key, side, role, name
ORGANISATIONS: tuple[tuple[str, str, str, str], ...] = (
    ("JP_CABSEC", "JP", "top", "Cabinet Secretariat"),
    ("JP_MOD", "JP", "ministry", "Ministry of Defense"),
    ("JP_JSO", "JP", "command", "Joint Staff Office"),
    ("JP_JCG", "JP", "cg_hq", "JCG 11th Regional HQ"),
    ("JP_MOFA", "JP", "foreign", "Ministry of Foreign Affairs"),
    ("CN_CFAO", "CN", "top", "Central Foreign Affairs Office"),
    ("CN_MND", "CN", "ministry", "Ministry of National Defense"),
    ("CN_ETC", "CN", "command", "CMC / Eastern Theater Command"),
    ("CN_CCG", "CN", "cg_hq", "China Coast Guard HQ"),
    ("CN_MFA", "CN", "foreign", "Ministry of Foreign Affairs"),
)
ONSCENE = {("JP", True): "JP_MIL", ("JP", False): "JP_CG", ("CN", True): "CN_MIL",
           ("CN", False): "CN_CG"}
ANY_ROLE = "*"


@instance_defaults
@dataclass
class Message:
    """One message in flight on one edge."""

    sender: str
    receiver: str
    kind: str  # report | order | protest | call
    sent_at: float
    arrive_at: float
    channel: str
    text: str
    payload: dict[str, Any] = field(default_factory=dict)
    comms: Communication | None = None

    def arrive(self) -> None:
        """Mesa event callback (a bound method: mesa keeps only a weak reference)."""
        assert self.comms is not None
        self.comms.deliver(self)


class Communication:
    """The network, the messages in flight and the organisations' responses."""

    def __init__(self, model: EastChinaSeaModel) -> None:
        self.model = model
        p = model.p
        self.rng: np.random.Generator = model.streams.command
        self.orgs: dict[str, Organisation] = {
            key: Organisation(model, key, side, role, name)
            for key, side, role, name in ORGANISATIONS}
        g = nx.DiGraph()
        for key, side, role, name in ORGANISATIONS:
            g.add_node(key, side=side, role=role, label=name)
        for (side, mil), key in ONSCENE.items():
            g.add_node(key, side=side, role="onscene",
                       label=f"{side} {'navy/air' if mil else 'coast guard'} on scene")
        hop, rel = p["chain_hop_hours"], p["chain_reliability"]
        for s in ("JP", "CN"):
            cmd, mnd, top = (("JP_JSO", "JP_MOD", "JP_CABSEC") if s == "JP"
                             else ("CN_ETC", "CN_MND", "CN_CFAO"))
            cgq, fm = ("JP_JCG", "JP_MOFA") if s == "JP" else ("CN_CCG", "CN_MFA")
            for a, b in ((f"{s}_MIL", cmd), (cmd, mnd), (mnd, top), (f"{s}_CG", cgq),
                         (cgq, top), (fm, top)):
                self._edge(g, a, b, "chain", hop, rel, True)
        self._edge(g, "JP_MOFA", "CN_MFA", "diplomatic", p["diplomatic_hours"],
                   p["diplomatic_reliability"], True)
        self._edge(g, "JP_JCG", "CN_CCG", "coastguard", p["coastguard_contact_hours"],
                   p["coastguard_contact_reliability"], bool(p["cg_cooperation"]))
        self._edge(g, "JP_MIL", "CN_MIL", "radio", p["radio_latency_hours"],
                   p["radio_reliability"], bool(p["radio_active"]))
        # the hotline edge is drawn, never sent on (calls are `Hotline`'s): not a read that
        # can change a run (`peek`, see sim.model.paired)
        theater = bool(peek(p, "hotline_theater_link"))
        active = bool(peek(p, "hotline_active"))
        self._edge(g, "JP_MOD", "CN_MND", "hotline", peek(p, "hotline_consult_hours"),
                   peek(p, "hotline_answer_prob"), active and not theater)
        self._edge(g, "JP_JSO", "CN_ETC", "hotline", peek(p, "hotline_consult_hours"),
                   peek(p, "hotline_answer_prob"), active and theater)
        self.graph = g
        self.in_flight: list[Message] = []
        self.sent = 0
        self.protests = 0
        self.deesc_orders = 0
        self._routes: dict[tuple[str, str], list[str]] = {}
        self.hotline = Hotline(model, self)

    @staticmethod
    def _edge(g: nx.DiGraph, a: str, b: str, channel: str, latency: float, reliability: float,
              active: bool) -> None:
        for u, v in ((a, b), (b, a)):
            g.add_edge(u, v, channel=channel, latency_h=latency, reliability=reliability,
                       active=active)

    # --- sending -----------------------------------------------------------------------------
    def send(self, sender: str, receiver: str, kind: str, text: str,
             rng: np.random.Generator | None = None, latency: float | None = None,
             **payload: Any) -> Message | None:
        """Send along one edge with a sampled delay; the message may be lost (reliability)."""
        edge = self.graph.edges[sender, receiver]
        if not edge["active"]:
            raise RuntimeError(f"channel {sender}->{receiver} ({edge['channel']}) is not active")
        if rng is None:
            # messages about an encounter draw from that encounter's own stream, so an extra
            # message elsewhere (e.g. a hotline order) does not shift these draws
            enc = self.model.scenes.by_id(payload.get("enc_id"))
            rng = enc.comm_rng if enc is not None else self.rng
        u_loss, u1, u2 = rng.random(3)
        m = self.model
        self.sent += 1
        if sender in self.orgs:
            self.orgs[sender].sent += 1
        mean = edge["latency_h"] if latency is None else latency
        # gamma(2) from two uniforms: sum of two exponentials with mean/2 each
        delay = -0.5 * mean * (math.log1p(-u1) + math.log1p(-u2))
        msg = Message(sender, receiver, kind, m.time, m.time + delay, edge["channel"], text,
                      payload, self)
        if m.record_events:  # names looked up only for a run that keeps its event log
            m.log("message", f"{self.display_name(sender)} -> {self.display_name(receiver)}: "
                  f"{text}", sender=sender, receiver=receiver, encounter=payload.get("enc_id"))
        if u_loss >= edge["reliability"]:
            return None  # lost on the way
        self.in_flight.append(msg)
        m.schedule_event(msg.arrive, at=msg.arrive_at)
        return msg

    def route(self, src: str, dst: str) -> list[str]:
        """Hops after `src` on the shortest chain-of-command path to `dst`."""
        key = (src, dst)
        if key not in self._routes:
            chain = nx.subgraph_view(self.graph, filter_edge=lambda a, b: self.graph.edges[
                a, b]["channel"] == "chain")
            self._routes[key] = nx.shortest_path(chain, src, dst)[1:]
        return self._routes[key]

    def display_name(self, key: str) -> str:
        """Plain name with its country for the event feed (e.g. "Japan's MOFA")."""
        if key not in self.graph:
            return key
        node = self.graph.nodes[key]
        label = str(node["label"])
        if node["role"] == "onscene":
            return label
        return f"{'Japan' if node['side'] == 'JP' else 'China'}'s {label}"

    # --- entry point from encounters -----------------------------------------------------------
    def report(self, enc: Encounter, lead: Unit) -> None:
        """The on-scene lead reports the encounter's rung to its command."""
        side = lead.side
        src = ONSCENE[(side, lead.spec.military)]
        dst = (("JP_JSO" if side == "JP" else "CN_ETC") if lead.spec.military
               else ("JP_JCG" if side == "JP" else "CN_CCG"))
        self.send(src, dst, "report", f"report: encounter {enc.id} at rung {enc.rung}",
                  enc_id=enc.id, rung=enc.rung, side=side)

    def radio_hail(self, enc: Encounter) -> None:
        """Military units on scene hail each other on the MACM frequency (navies and air forces
        only: the radio edge joins the two military on-scene nodes and nothing else)."""
        self.send("JP_MIL", "CN_MIL", "radio", f"hail on the MACM frequency (encounter {enc.id})",
                  enc_id=enc.id)

    def cg_handover(self, enc: Encounter, side: str) -> None:
        """Under the 2022 cooperation a coast guard hands a fishing-boat case to the other
        side's coast guard over the contact line instead of chasing or boarding."""
        src, dst = ("JP_JCG", "CN_CCG") if side == "JP" else ("CN_CCG", "JP_JCG")
        self.send(src, dst, "handover", f"fishing-boat case handed over (encounter {enc.id})",
                  enc_id=enc.id)

    # --- receiving ------------------------------------------------------------------------------
    def deliver(self, msg: Message) -> None:
        """What the receiver does with a message: dispatched on (kind, receiver's role).

        A protest order goes to a foreign ministry, which protests to the other side; an order
        reaching the units on scene applies to their encounter, elsewhere it is relayed down the
        chain; a protest raises the receiving side's tension; reports climb the chain (see the
        `_report_*` handlers). Radio hails and coast-guard handovers need no answer.
        """
        self.in_flight.remove(msg)
        if msg.receiver in self.orgs:
            self.orgs[msg.receiver].received += 1
        role = self.graph.nodes[msg.receiver]["role"]
        kind = "protest_order" if msg.kind == "order" and msg.payload.get(
            "order") == "protest" else msg.kind
        handler = self._handlers.get((kind, role)) or self._handlers.get((kind, ANY_ROLE))
        if handler is not None:
            handler(self, msg, self.model.scenes.by_id(msg.payload.get("enc_id")))

    def _relay_protest(self, msg: Message, enc: Encounter | None) -> None:
        pl = msg.payload
        self.send(msg.receiver, pl["route"][0], "protest",
                  f"protest about encounter {pl['enc_id']}", **pl)

    def _apply_order(self, msg: Message, enc: Encounter | None) -> None:
        if enc is not None:
            enc.apply_order(msg.payload["side"], msg.payload["order"])
        m = self.model
        dep = m.deployments.get(msg.payload.get("dep_id"))
        if dep is not None:  # a restraint order after a hotline call covers the deployment
            m.deployments.restrain(dep, msg.payload["side"], msg.payload.get("enc_id"))

    def _handover_arrives(self, msg: Message, enc: Encounter | None) -> None:
        if enc is not None:
            enc.handover_arrived()

    def _relay_order(self, msg: Message, enc: Encounter | None) -> None:
        pl = msg.payload
        if not pl.get("route"):
            return  # an order that reached the end of its route off scene
        self.send(msg.receiver, pl["route"][0], "order", msg.text,
                  **{**pl, "route": pl["route"][1:]})

    def _receive_protest(self, msg: Message, enc: Encounter | None) -> None:
        m = self.model
        self.protests += 1
        m.tension.add(self.graph.nodes[msg.receiver]["side"], m.p["protest_gain"])

    def _report_to_command(self, msg: Message, enc: Encounter | None) -> None:
        """A command (or coast-guard HQ) decides on orders and passes the report up."""
        pl = msg.payload
        side, rung = pl["side"], pl["rung"]
        self._command_decides(msg.receiver, side, rung, enc, pl)
        military = self.graph.nodes[msg.receiver]["role"] == "command"
        line = self.hotline
        if military and enc is not None and line.wants(enc, side, rung) and \
                line.level == "theater":
            line.consider(enc, side)  # the theatre link's end is the operational command
        up = ("JP_MOD" if side == "JP" else "CN_MND") if military else (
            "JP_CABSEC" if side == "JP" else "CN_CFAO")
        self.send(msg.receiver, up, "report", msg.text, **pl)

    def _report_to_ministry(self, msg: Message, enc: Encounter | None) -> None:
        """The defence ministry considers a hotline call and passes the report to the top."""
        pl = msg.payload
        side = pl["side"]
        line = self.hotline
        if enc is None:  # the incident may be over while its deployment is still out
            enc = self.model.scenes.concerning(pl.get("enc_id"))
        if enc is not None and line.wants(enc, side, pl["rung"]) and line.level == "ministry":
            line.consider(enc, side)
        if not pl.get("from_top"):
            self.send(msg.receiver, "JP_CABSEC" if side == "JP" else "CN_CFAO", "report",
                      msg.text, **pl)

    def _report_to_top(self, msg: Message, enc: Encounter | None) -> None:
        """The top body has the foreign ministry protest an incident or an intrusion."""
        m = self.model
        pl = msg.payload
        side, rung = pl["side"], pl["rung"]
        if (enc is not None and enc.coastguard and not pl.get("from_top")
                and decide(m.p, ("hotline_covers_coastguard", "hotline_active"),
                           lambda with_cg, active: bool(with_cg and active))):
            # a widened scope brings coast-guard incidents to the defence ministry's line
            self.send(msg.receiver, _ministry(side), "report", msg.text,
                      **{**pl, "from_top": True})
        intruded = enc is not None and enc.intruder() == OTHER_SIDE[side]
        if rung >= 3 or intruded:
            self.protest(side, pl["enc_id"])

    def protest(self, side: str, enc_id: int | None) -> None:
        """`side`'s top body has its foreign ministry protest to the other side's."""
        top, fm, other = (("JP_CABSEC", "JP_MOFA", "CN_MFA") if side == "JP"
                          else ("CN_CFAO", "CN_MFA", "JP_MOFA"))
        self.send(top, fm, "order", "lodge a protest", enc_id=enc_id, side=side,
                  order="protest", route=[other])

    #: (message kind, receiver role) -> handler; ANY_ROLE matches a role not listed
    _handlers: ClassVar[dict[tuple[str, str], Callable[..., None]]] = {
        ("protest_order", ANY_ROLE): _relay_protest,
        ("order", "onscene"): _apply_order,
        ("order", ANY_ROLE): _relay_order,
        ("protest", ANY_ROLE): _receive_protest,
        ("report", "command"): _report_to_command,
        ("report", "cg_hq"): _report_to_command,
        ("report", "ministry"): _report_to_ministry,
        ("report", "top"): _report_to_top,
        ("handover", ANY_ROLE): _handover_arrives,
    }

    def _command_decides(self, key: str, side: str, rung: int, enc: Encounter | None,
                         pl: dict[str, Any]) -> None:
        """A command answers a report of rung 3+: de-escalate, hold, or (in crisis) authorise."""
        if rung < 3:
            return
        m = self.model
        p = m.p
        u1, u2 = (enc.comm_rng if enc is not None else self.rng).random(2)
        if side == "CN" and enc is not None and m.deployments.signalling(enc):
            return  # the command that ordered the signal does not hold its units back
        x = m.tension.behaviour(side)  # the level of tension, not only its excess
        if u1 < min(1.0, p["command_deesc_prob"] * math.exp(
                -p["command_deesc_tension_slope"] * x)):
            order = "deescalate"
            self.deesc_orders += 1
        elif (rung >= SEVERE_RUNG and m.tension.level[side] >= p["clash_tension"]
              and u2 < p["command_authorise_prob"]):
            order = "authorise"
        else:
            order = "hold"
        dst = next(v for v in self.graph.successors(key)
                   if self.graph.nodes[v]["role"] == "onscene")
        self.send(key, dst, "order", f"order to units: {order}", enc_id=pl["enc_id"],
                  side=side, order=order)


OTHER_SIDE = {"JP": "CN", "CN": "JP"}


def _ministry(side: str) -> str:
    return "JP_MOD" if side == "JP" else "CN_MND"
