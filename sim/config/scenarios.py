"""Scenario files: TOML, with inheritance, validated against the parameter registry.

A scenario file looks like::

    [scenario]
    extends = "status_quo_2022"          # optional: another scenario by name
    description = "One line saying what this scenario stands for."
    period = "2022"                      # optional: the observed year(s) it represents

    [params.hotline_active]              # every override carries its provenance
    value = true
    kind = "public"                      # article | public | calibrated | assumption | setting
    source = "Japan MOD via AFP: established 31 Mar 2023"
    plausible = [0.0, 1.0]               # required when kind = "assumption"

    [[events]]                           # scheduled shocks and diplomacy
    day = 215
    kind = "shock"                       # shock | relief | surge | deploy
    side = "both"                        # CN | JP | both
    magnitude = 0.4
    label = "PLA missile launches after the Pelosi visit"
    source = "domain-facts.md s1, s4 (A)"

Values not overridden come from `sim.config.parameters` with their registry provenance, so a
scenario's full parameter table (with a source for each row) is always generated, never typed.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sim.config.parameters import KINDS, PARAMS, coerce
from sim.errors import InputError


def _builtin_dir() -> Path:
    """Where the built-in scenarios live: the repository's top-level ``scenarios/`` (the one
    source) in a checkout or editable install; ``sim/scenarios/`` inside an installed wheel,
    where the build copies them (setup.py)."""
    packaged = Path(__file__).resolve().parents[1] / "scenarios"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "scenarios"


DEFAULT_SCENARIO = "status_quo_2022"  # the status quo: the base of every comparison
SCENARIOS_DIR = Path(os.environ.get("HOTLINE_SCENARIOS") or _builtin_dir())
EVENT_KINDS = ("shock", "relief", "surge", "deploy")
#: Scripted deployments a ``deploy`` event can start (implemented in sim.model.operations):
#: a carrier group with fighter sorties, a PLA Navy frigate group shadowed by a JMSDF destroyer,
#: a PLA reconnaissance flight into Japanese airspace off the Danjo Islands, a PLA Navy survey
#: ship through Japanese territorial waters off Yakushima, a JMSDF destroyer straying into
#: Chinese territorial waters off Zhejiang.
DEPLOYMENT_SCRIPTS = ("carrier_group", "frigate_group", "recon_airspace", "survey_ship",
                      "destroyer_stray")
SIDES = ("CN", "JP", "both")
_SCENARIO_KEYS = {"name", "extends", "description", "period"}
_PARAM_KEYS = {"value", "kind", "source", "plausible", "note"}
#: A scenario name becomes part of run IDs and of directory names under results/: letters,
#: digits, ``_``, ``-``, ``.`` and ``+``, not starting with ``.`` or ``-``, at most 100 characters.
NAME_RE = re.compile(r"[^\W][\w.+-]{0,99}")
MAX_FILE_BYTES = 1_000_000
_EVENT_KEYS = {"day", "kind", "side", "magnitude", "label", "source", "boats", "ccg_ships",
               "deployment",
               "duration_days"}


@dataclass(frozen=True)
class Provenance:
    """Where a parameter value comes from; `set_in` names the scenario that set it."""

    kind: str
    source: str
    set_in: str = "registry"
    plausible: tuple[float, float] | None = None


@dataclass(frozen=True)
class ScheduledEvent:
    """An exogenous event on a given day: a tension shock, a diplomatic relief or a surge."""

    day: float
    kind: str
    side: str = "both"
    magnitude: float = 0.0
    label: str = ""
    source: str = ""
    boats: int = 0
    ccg_ships: int = 0
    duration_days: float = 0.0
    deployment: str = ""  # for kind "deploy": one of DEPLOYMENT_SCRIPTS


@dataclass(frozen=True)
class Scenario:
    """A fully resolved scenario: every parameter has a value and a provenance."""

    name: str
    description: str
    params: dict[str, Any]
    provenance: dict[str, Provenance]
    events: tuple[ScheduledEvent, ...] = ()
    period: str = ""
    path: str = ""
    chain: tuple[str, ...] = ()
    sha256: str = ""
    overrides: dict[str, Any] = field(default_factory=dict)
    #: Columns a batch adds to each of this scenario's runs (an experiment's varied values and
    #: design point); empty for a plain scenario.
    factors: dict[str, Any] = field(default_factory=dict)
    files: tuple[tuple[str, str], ...] = ()  # (path, sha256 of its bytes) along the chain

    def with_overrides(self, overrides: dict[str, Any], where: str = "--set") -> Scenario:
        """A copy with some values replaced (validated); provenance records the override."""
        if not overrides:
            return self
        params, prov = dict(self.params), dict(self.provenance)
        for key, raw in overrides.items():
            if key not in PARAMS:
                raise InputError(where, key, "unknown parameter; `hotline-sim params` lists them")
            params[key] = coerce(PARAMS[key], raw, where)
            prov[key] = Provenance("setting", f"override ({where})", where,
                                   PARAMS[key].plausible)
        merged = {**self.overrides, **{k: params[k] for k in overrides}}
        digest = hashlib.sha256((self.sha256 + json.dumps(merged, sort_keys=True)).encode())
        return replace(self, params=params, provenance=prov, overrides=merged,
                       sha256=digest.hexdigest())

    def to_dict(self) -> dict[str, Any]:
        """Plain data for manifests and JSON output."""
        return {"name": self.name, "description": self.description, "period": self.period,
                "path": self.path, "chain": list(self.chain), "sha256": self.sha256,
                "params": self.params, "overrides": self.overrides, "factors": self.factors,
                "events": [e.__dict__ for e in self.events]}


def scenario_path(name_or_path: str | Path, directory: Path | None = None) -> Path:
    """Resolve a scenario name (``status_quo_2022``) or a file path to an existing file."""
    directory = directory or SCENARIOS_DIR
    if not str(name_or_path).strip() or "\0" in str(name_or_path):
        raise InputError(repr(str(name_or_path)), None, "not a scenario name or file; "
                         "`hotline-sim scenarios` lists the names")
    cand = Path(name_or_path)
    if cand.suffix == ".toml" or cand.exists() or os.sep in str(name_or_path):
        if not cand.is_file():
            raise InputError(str(name_or_path), None, "scenario file not found")
        return cand
    path = directory / f"{name_or_path}.toml"
    if not path.is_file():
        known = ", ".join(list_scenarios(directory)) or "none"
        raise InputError(str(name_or_path), None, f"unknown scenario; known: {known}")
    return path


def list_scenarios(directory: Path | None = None) -> list[str]:
    """Names of the scenario files in `directory` (default: the project's scenarios/)."""
    directory = directory or SCENARIOS_DIR
    return sorted(p.stem for p in directory.glob("*.toml") if not p.stem.startswith("_"))


def _read_toml(path: Path) -> tuple[dict[str, Any], bytes]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(str(path), None, f"larger than {MAX_FILE_BYTES} bytes; not a "
                             "scenario file")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), None, f"cannot read it ({exc.strerror})") from None
    try:
        return tomllib.loads(raw.decode("utf-8")), raw
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), None, f"malformed TOML ({exc})") from None
    except RecursionError:
        raise InputError(str(path), None, "malformed TOML (nested too deeply)") from None


def check_name(where: str, name: Any) -> str:
    """A scenario name that is safe in run IDs and directory names (see NAME_RE)."""
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        shown = repr(name) if len(repr(name)) <= 40 else repr(name)[:37] + "..."
        raise InputError(where, "scenario.name", f"got {shown}; allowed: 1-100 letters, digits, "
                         "_ - . + (not starting with . or -); set [scenario] name to one")
    return name


def _check_plausible(where: str, key: str, plausible: Any) -> tuple[float, float]:
    ok = (isinstance(plausible, list | tuple) and len(plausible) == 2
          and all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                  for v in plausible) and plausible[0] <= plausible[1])
    if not ok:
        shown = repr(plausible)[:60]
        raise InputError(where, f"params.{key}.plausible", f"got {shown}; allowed: a range "
                         "[low, high] of finite numbers with low <= high")
    return float(plausible[0]), float(plausible[1])


def _check_keys(where: str, table: Any, allowed: set[str], what: str) -> None:
    if not isinstance(table, dict):
        raise InputError(where, what, "must be a table")
    for key in table:
        if key not in allowed:
            raise InputError(where, f"{what}.{key}" if what else key,
                             f"unknown key; allowed: {', '.join(sorted(allowed))}")


def _parse_event(where: str, i: int, raw: Any) -> ScheduledEvent:
    key = f"events[{i}]"
    _check_keys(where, raw, _EVENT_KEYS, key)
    for req in ("day", "kind"):
        if req not in raw:
            raise InputError(where, f"{key}.{req}", "missing; every event needs day and kind")
    if raw["kind"] not in EVENT_KINDS:
        raise InputError(where, f"{key}.kind", f"got {raw['kind']!r}; allowed: "
                         + ", ".join(EVENT_KINDS))
    if raw.get("side", "both") not in SIDES:
        raise InputError(where, f"{key}.side", f"got {raw.get('side')!r}; allowed: CN, JP, both")
    out: dict[str, Any] = {}
    for name, typ, lo, hi in (("day", float, 0, 3650), ("magnitude", float, -2, 2),
                              ("boats", int, 0, 5000), ("ccg_ships", int, 0, 200),
                              ("duration_days", float, 0, 365)):
        if name in raw:
            val = raw[name]
            if isinstance(val, bool) or not isinstance(val, int | float) or not lo <= val <= hi \
                    or (typ is int and val != int(val)):
                kind = "an integer" if typ is int else "a number"
                raise InputError(where, f"{key}.{name}", f"got {val!r}; allowed: {kind} in "
                                 f"[{lo}, {hi}]")
            out[name] = typ(val)
    for name in ("side", "label", "source", "kind", "deployment"):
        if name in raw:
            if not isinstance(raw[name], str):
                raise InputError(where, f"{key}.{name}", "must be a string")
            out[name] = raw[name]
    if out["kind"] == "deploy" and out.get("deployment") not in DEPLOYMENT_SCRIPTS:
        raise InputError(where, f"{key}.deployment", f"got {raw.get('deployment')!r}; allowed: "
                         + ", ".join(DEPLOYMENT_SCRIPTS))
    return ScheduledEvent(**out)


def _parse_param(where: str, key: str, raw: Any, set_in: str) -> tuple[Any, Provenance]:
    if key not in PARAMS:
        raise InputError(where, f"params.{key}", "unknown parameter; `hotline-sim params` lists "
                         "them")
    spec = PARAMS[key]
    if not isinstance(raw, dict):
        raise InputError(where, f"params.{key}", "must be a table with value, kind and source "
                         "(every value carries its provenance)")
    _check_keys(where, raw, _PARAM_KEYS, f"params.{key}")
    for req in ("value", "kind", "source"):
        if req not in raw:
            raise InputError(where, f"params.{key}.{req}", "missing; each parameter needs value, "
                             "kind and source")
    if raw["kind"] not in KINDS:
        raise InputError(where, f"params.{key}.kind", f"got {raw['kind']!r}; allowed: "
                         + ", ".join(KINDS))
    for name in ("source", "note"):
        if name in raw and (not isinstance(raw[name], str) or not raw[name].strip()):
            raise InputError(where, f"params.{key}.{name}", "must be a non-empty string")
    plausible = raw.get("plausible", spec.plausible if raw["kind"] == "assumption" else None)
    if plausible is None and raw["kind"] == "assumption":
        raise InputError(where, f"params.{key}.plausible", "an assumption needs a plausible "
                         "range [low, high]")
    if plausible is not None:
        plausible = _check_plausible(where, key, plausible)
    value = coerce(spec, raw["value"], where)
    return value, Provenance(raw["kind"], raw["source"], set_in, plausible)


def load_scenario(name_or_path: str | Path, overrides: dict[str, Any] | None = None,
                  directory: Path | None = None) -> Scenario:
    """Load, inherit and validate a scenario; raise InputError (one line) on any bad input."""
    path = scenario_path(name_or_path, directory)
    scen = _load(path, directory or path.parent, seen=())
    return scen.with_overrides(overrides or {})


def _load(path: Path, directory: Path, seen: tuple[str, ...]) -> Scenario:
    where = str(path)
    data, raw = _read_toml(path)
    _check_keys(where, data, {"scenario", "params", "events"}, "")
    head = data.get("scenario", {})
    _check_keys(where, head, _SCENARIO_KEYS, "scenario")
    for key in ("name", "description", "period"):
        if key in head and not isinstance(head[key], str):
            raise InputError(where, f"scenario.{key}", "must be a string")
    name = check_name(where, head.get("name", path.stem))
    if name in seen:
        raise InputError(where, "scenario.extends", f"circular inheritance via {name}")
    parent_name = head.get("extends")
    if parent_name is not None:
        if not isinstance(parent_name, str) or not NAME_RE.fullmatch(parent_name):
            raise InputError(where, "scenario.extends", "must be a scenario name (not a path)")
        ppath = directory / f"{parent_name}.toml"
        if not ppath.is_file():  # a user's file may extend a built-in scenario
            ppath = SCENARIOS_DIR / f"{parent_name}.toml"
        if not ppath.is_file():
            raise InputError(where, "scenario.extends", f"no scenario named {parent_name!r} in "
                             f"{directory} or {SCENARIOS_DIR}")
        parent = _load(ppath, ppath.parent, seen + (name,))
        params, prov = dict(parent.params), dict(parent.provenance)
        events, chain, digest = list(parent.events), parent.chain, parent.sha256
        files = parent.files
    else:
        params = {k: s.default for k, s in PARAMS.items()}
        prov = {k: Provenance(s.kind, s.source, "registry", s.plausible) for k, s in PARAMS.items()}
        events, chain, digest, files = [], (), "", ()
    ptable = data.get("params", {})
    if not isinstance(ptable, dict):
        raise InputError(where, "params", "must be a table")
    for key, rawp in ptable.items():
        params[key], prov[key] = _parse_param(where, key, rawp, name)
    rawev = data.get("events", [])
    if not isinstance(rawev, list):
        raise InputError(where, "events", "must be an array of tables ([[events]])")
    # events past the horizon are allowed (a scenario reused with a shorter --days)
    events += [_parse_event(where, i, e) for i, e in enumerate(rawev)]
    desc = head.get("description", parent_name and f"extends {parent_name}" or "")
    sha = hashlib.sha256(digest.encode() + raw).hexdigest()
    return Scenario(name=name, description=str(desc), params=params, provenance=prov,
                    events=tuple(sorted(events, key=lambda e: e.day)),
                    period=str(head.get("period", "")), path=str(path),
                    chain=chain + (name,), sha256=sha,
                    files=files + ((str(path.resolve()), hashlib.sha256(raw).hexdigest()),))


def parse_set(items: list[str] | None, where: str = "--set") -> dict[str, Any]:
    """Parse ``key=value`` strings (values read as TOML literals where possible)."""
    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError(where, item, "expected key=value")
        if key not in PARAMS:
            raise InputError(where, key, "unknown parameter; `hotline-sim params` lists them")
        try:
            value = tomllib.loads(f"v = {text.strip()}")["v"]
        except (tomllib.TOMLDecodeError, RecursionError):
            value = text.strip()
        if PARAMS[key].type is bool and type(value) is int and value in (0, 1):
            value = bool(value)  # a command-line convention; a scenario file needs true/false
        out[key] = coerce(PARAMS[key], value, where)
    return out


def events_after(scen: Scenario, days: float) -> list[ScheduledEvent]:
    """The scheduled events a horizon of `days` cuts off (they would silently not happen)."""
    return [e for e in scen.events if e.day >= days]
