#!/usr/bin/env python3
"""Conformance oracle: valid JSON instances of OpenAPI 3.0 schemas, independent of our generator.

Reads an OpenAPI 3.0 document itself (PyYAML, YAML 1.2 scalars), converts each requested schema to
a self-contained JSON Schema (draft 7, no $ref) and asks `hypothesis-jsonschema` for instances with
a fixed seed. Nothing here uses the generator's IR: the Rust driver (`cargo xtask conformance`)
only names the schemas (JSON pointers) and compares what the generated types make of them.

Commands (each writes JSON Lines):

  instances SPEC TARGETS.json OUT.jsonl [--count N] [--seed S] [--jobs N]
      TARGETS.json is a list of {"id", "pointer": "#/...", "nullable": bool (whether a
      `nullable: true` on the schema itself applies: false for named types), "direction":
      "response" (the default) or "request"}; for each one line {"id", "pointer", "instances":
      [...]} or {"id", "pointer", "error": "..."}.
  mappings SPEC OUT.jsonl
      For every discriminator (explicit `mapping` entries and implicit ones: oneOf members
      without an entry, and schemas that `allOf` an inheritance parent), one line per
      (discriminator, tag): {"owner", "property", "tag", "target", "instance"} or {..., "error"},
      where `instance` is a minimal valid instance of the target schema carrying that tag.

OpenAPI 3.0 → JSON Schema, as a SERVER's answer is read (the response direction), unless the
target asks for the request direction (a schema only ever sent, never decoded from an answer):
  - `nullable: true` → `anyOf: [{type: null}, schema]`, wherever it appears (properties, items,
    map values, union members, nested inline schemas).
  - Response direction: `readOnly` properties are ordinary; `writeOnly` properties are never
    required (a server need not send them) but may appear. Request direction (what a CLIENT
    sends): `readOnly` properties never appear ("SHOULD NOT be sent as part of the request"),
    `writeOnly` ones are ordinary. Either way a discriminator's tag is always there.
  - Objects admit only their declared properties (`additionalProperties: false` unless the
    schema declares additionalProperties): an undeclared key is not something a schema
    describes, and generated types drop unknown keys by design.
  - `allOf` is OpenAPI inheritance: the members' properties and `required` lists are merged
    into one object. A member that is polymorphic (oneOf/anyOf/discriminator) contributes only
    its own properties (the parent ↔ child cycle of Atlas's CreateEndpointRequest).
  - `oneOf`/`anyOf` next to properties: each alternative is merged with those properties.
  - A discriminator constrains its property, in each alternative, to the tags that select it:
    the `mapping` keys naming that schema, else the one value the alternative itself allows for
    the property (`const` or a one-value `enum`), else the schema's own name (OpenAPI's implicit
    mapping). A discriminator without oneOf/anyOf (an inheritance parent) is, wherever the
    parent is referenced other than from an `allOf`, one of its mapping targets and of the
    schemas that `allOf` it, each with its tag.
  - Integers stay within their format's range (int32, int64; an integer without format is
    taken as int64; uint32/uint64/int8/int16 and friends likewise); `format: float` numbers
    within f32's finite range; no NaN or infinity (JSON has none).
  - String formats: `date-time`, `date`, `email` and `uri` are generated as such; other formats
    (uuid, password, binary, …) are plain strings. Patterns are ECMAScript; one that Python's
    `re` cannot compile is dropped and counted.
  - Free-form values (`{}` or no type) are JSON values with integers in the 64-bit range,
    nested at most 3 deep.
  - Recursion: a schema reached again through its own references is expanded at most
    MAX_REPEAT times on one path; past that the reference admits nothing, so the optional
    property, empty list or other union member is chosen (instances stay valid, only finite).
"""

import argparse
import json
import multiprocessing
import re
import sys
import urllib.parse
import warnings
import zlib

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisWarning, Unsatisfiable
from hypothesis_jsonschema import from_schema
from jsonschema import Draft7Validator
import yaml

MAX_REPEAT = 2
# Lists and maps hold at most this many entries (unless the schema demands more): the instances
# stay a subset of the valid ones, and generation stays fast on Atlas's deep schemas.
MAX_ITEMS = 3
# Below this many nested named schemas, an optional property that names another schema is left
# out (that schema is a target of its own): Atlas's largest answers would otherwise inline
# hundreds of kilobytes of schema, which hypothesis-jsonschema re-canonicalises on every draw.
MAX_DEPTH = 4
INT_RANGES = {
    "int8": (-(2**7), 2**7 - 1),
    "int16": (-(2**15), 2**15 - 1),
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint8": (0, 2**8 - 1),
    "uint16": (0, 2**16 - 1),
    "uint32": (0, 2**32 - 1),
    "uint64": (0, 2**64 - 1),
}
F32_MAX = 3.4028234663852886e38
KEPT_STRING_FORMATS = {"date-time", "date", "email", "uri"}
POLY_KEYS = ("oneOf", "anyOf")


class Unsupported(Exception):
    """A schema this oracle cannot turn into JSON Schema (reported, never skipped silently)."""


# ---------------------------------------------------------------------------------------------
# Loading


class Yaml12Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """PyYAML (libyaml when available) with the YAML 1.2 core schema's plain scalars.

    YAML 1.1 would read `off`/`ON`/`yes` as booleans, `2023-01-01` as a date and `0755` as
    octal; YAML 1.2 (what OpenAPI documents are written in) reads them as strings, except
    `true`/`false`, `null`/`~`, decimal, `0o`, `0x` integers and floats."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
]:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), first)


def construct_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", construct_int)


def load_spec(path):
    with open(path, encoding="utf-8") as f:
        root = yaml.load(f, Loader=Yaml12Loader)
    if isinstance(root, dict) and str(root.get("openapi", "")).startswith("3.1"):
        root = lift31(root)
        # The driver names a schema kept under a component's `$defs` by its key, as a
        # component of its own (`#/components/schemas/Address` for `Owner/$defs/Address`):
        # make that pointer reach the same schema (copied: `$ref`s to the nested place stay).
        schemas = (root.get("components") or {}).get("schemas") or {}
        for owner in list(schemas.values()):
            if isinstance(owner, dict):
                for name, sub in (owner.get("$defs") or {}).items():
                    schemas.setdefault(name, sub)
    return root


# Keywords that make the siblings of a 3.1 `$ref` part of the schema (3.0 ignores siblings;
# 3.1 applies them next to the referenced schema). Annotations alone change no instance.
_SCHEMA_SIBLINGS = {
    "type", "properties", "required", "items", "allOf", "anyOf", "oneOf", "enum", "const",
    "additionalProperties", "minimum", "maximum", "minLength", "maxLength", "pattern",
    "minItems", "maxItems", "format", "nullable",
}


def lift31(node):
    """An OpenAPI 3.1 document (JSON Schema 2020-12 schemas) in the OpenAPI 3.0 forms this
    oracle converts, written from the 3.1 specification, not from the generator:
    `const: v` is `enum: [v]`; `type: [t, "null"]` is `type: t, nullable: true`, and a list of
    several types an `anyOf` of one schema per type; a `$ref` with schema keywords beside it is
    `allOf: [{$ref}, {the keywords}]`; numeric `exclusiveMinimum`/`exclusiveMaximum` are the
    3.0 boolean forms with `minimum`/`maximum`; a schema `{type: "null"}` stays (the converter
    reads it as JSON null)."""
    if isinstance(node, list):
        return [lift31(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: lift31(v) for k, v in node.items()}
    if "const" in node and "enum" not in node:
        node["enum"] = [node.pop("const")]
    for key, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = node.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            node[bound] = value
            node[key] = True
    t = node.get("type")
    if isinstance(t, list):
        types = [x for x in t if x != "null"]
        if "null" in t and types:
            node["nullable"] = True
        if len(types) == 1:
            node["type"] = types[0]
        elif not types:
            node["type"] = "null"
        else:
            base = {k: v for k, v in node.items() if k not in ("type", "nullable")}
            members = [dict(base, type=x) for x in types]
            node = {"anyOf": members}
            if "null" in t:
                node["nullable"] = True
    if "$ref" in node and _SCHEMA_SIBLINGS & (node.keys() - {"$ref"}):
        rest = {k: v for k, v in node.items() if k != "$ref"}
        node = {"allOf": [{"$ref": node["$ref"]}, rest]}
    return node


def unescape(token):
    return token.replace("~1", "/").replace("~0", "~")


def escape(token):
    return token.replace("~", "~0").replace("/", "~1")


class Spec:
    def __init__(self, root):
        self.root = root
        self.schemas = (root.get("components") or {}).get("schemas") or {}
        self._children = None

    def ref_pointer(self, ref, at):
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise Unsupported(f"{at}: only local $refs are supported, got {ref!r}")
        return "#" + urllib.parse.unquote(ref[1:])

    def get(self, pointer):
        """The node at a `#/…` pointer, following `$ref`s on the way and at the end."""
        return self.deref(self.get_exact(pointer), pointer)

    def deref(self, node, at):
        for _ in range(64):
            if isinstance(node, dict) and "$ref" in node and len(node) >= 1:
                target = self.ref_pointer(node["$ref"], at)
                node = self.get_exact(target)
            else:
                return node
        raise Unsupported(f"{at}: $ref chain too long")

    def get_exact(self, pointer):
        """The node at a `#/…` pointer; `$ref`s met on the way (not at the end) are followed."""
        node = self.root
        for token in [unescape(t) for t in pointer[1:].split("/")[1:]]:
            node = self.deref(node, pointer)
            if isinstance(node, list):
                node = node[int(token)]
            elif isinstance(node, dict) and token in node:
                node = node[token]
            else:
                raise Unsupported(f"dangling $ref to {pointer}")
        return node

    def children(self, parent):
        """Component schemas whose `allOf` names `parent` (a pointer) directly."""
        if self._children is None:
            self._children = {}
            for name, schema in self.schemas.items():
                if not isinstance(schema, dict):
                    continue
                for member in schema.get("allOf") or []:
                    if isinstance(member, dict) and "$ref" in member:
                        p = self.ref_pointer(member["$ref"], name)
                        self._children.setdefault(p, []).append(name)
        return self._children.get(parent, [])


def schema_pointer(name):
    return "#/components/schemas/" + escape(name)


def is_poly(node):
    return isinstance(node, dict) and any(k in node for k in POLY_KEYS)


def is_inheritance_parent(node):
    return isinstance(node, dict) and "discriminator" in node and not is_poly(node)


def declares_object(node, spec=None):
    """Whether the schema itself describes an object (not only a union of other schemas).

    `type: object` beside a oneOf/anyOf whose members are all non-objects is ignored: Atlas's
    BaseCloudProviderInstanceSize says `type: object` over a oneOf of string enums, and the
    server sends the strings."""
    if "properties" in node or "additionalProperties" in node:
        return True
    if node.get("type") != "object":
        return False
    members = [spec.deref(m, "#") if spec else m for k in POLY_KEYS for m in node.get(k) or []]
    return not members or any(not isinstance(m, dict) or "$ref" in m or m.get("type") in (None, "object") for m in members)


def is_object_like(node):
    return (
        any(k in node for k in ("properties", "allOf", "additionalProperties", "discriminator"))
        or is_poly(node)
        or node.get("type") == "object"
    )


# ---------------------------------------------------------------------------------------------
# OpenAPI 3.0 → JSON Schema


class Acc:
    """An object schema being merged from allOf members and union alternatives."""

    def __init__(self):
        self.props = {}  # name → [(schema node, stack)]
        self.required = set()
        self.additional = []  # [(node, stack)]
        self.objecty = False
        self.scalars = []  # converted non-object parts
        self.alts = []  # [(kind, [(member node, stack, tags)], property)]
        self.unsat = False
        self.extra = {}  # minProperties / maxProperties

    def copy(self):
        other = Acc()
        other.props = {k: list(v) for k, v in self.props.items()}
        other.required = set(self.required)
        other.additional = list(self.additional)
        other.objecty = self.objecty
        other.scalars = list(self.scalars)
        other.unsat = self.unsat
        other.extra = dict(self.extra)
        return other


class Converter:
    def __init__(self, spec):
        self.spec = spec
        self.dropped_patterns = set()
        self.direction = "response"

    # -- entry points

    def target(self, pointer, nullable=True, direction="response"):
        """The JSON Schema for the schema at `pointer` (as a reference to it would mean).

        `nullable=False` leaves out a `nullable: true` of that schema itself: a named Rust
        type stands for the non-null values, and `null` is carried by the field, list item or
        map value that refers to it (`Option`), where the referring schema's instances test it.
        `direction` is `"response"` (what a server sends) or `"request"` (what a client sends:
        no `readOnly` property, `writeOnly` ones as required as any other).
        """
        if direction not in ("response", "request"):
            raise Unsupported(f"unknown direction {direction!r}")
        self.direction = direction
        if nullable:
            return self.convert({"$ref": pointer}, ())
        node = self.spec.get(pointer)
        if isinstance(node, dict) and node.get("nullable") is True:
            node = {k: v for k, v in node.items() if k != "nullable"}
        return self.convert(node, (pointer,))

    def branch(self, owner_pointer, target_pointer, prop, tags, minimal):
        """The schema of one discriminator target with its tag (the mapping test).

        `minimal`: only the required properties (optional ones are forbidden), for the
        smallest instance."""
        owner = self.spec.get(owner_pointer)
        acc = Acc()
        if target_pointer == owner_pointer:
            self.collect(owner, (owner_pointer,), acc, base_only=True)
        else:
            self.collect({"$ref": target_pointer}, (owner_pointer,), acc, base_only=False)
        self.add_tag(acc, prop, tags, ())
        schema = self.build(acc, ())
        if minimal:
            schema = only_required(schema)
        return schema

    # -- conversion

    def convert(self, node, stack):
        if isinstance(node, bool):
            return any_json() if node else False
        if not isinstance(node, dict):
            raise Unsupported(f"{stack[-1] if stack else '?'}: a schema must be an object")
        if "$ref" in node:
            # OpenAPI 3.0: siblings of $ref are ignored.
            pointer = self.spec.ref_pointer(node["$ref"], stack[-1] if stack else "#")
            if stack.count(pointer) >= MAX_REPEAT:
                return False
            target = self.spec.get_exact(pointer)
            return self.convert(target, stack + (pointer,))
        if is_object_like(node):
            acc = Acc()
            self.collect(node, stack, acc, base_only=False)
            out = self.build(acc, stack)
        else:
            out = self.scalar(node, stack)
        if node.get("nullable") is True:
            out = nullable(out)
        return out

    def scalar(self, node, stack):
        t = node.get("type")
        out = {}
        if "enum" in node:
            values = [v for v in node["enum"] if v is not None or node.get("nullable")]
            out["enum"] = values
        if t == "array":
            out["type"] = "array"
            items = node.get("items", {})
            out["items"] = self.convert(items, stack)
            for k in ("minItems", "maxItems", "uniqueItems"):
                if k in node:
                    out[k] = node[k]
            out["maxItems"] = max(min(out.get("maxItems", MAX_ITEMS), MAX_ITEMS), out.get("minItems", 0))
        elif t == "string":
            out["type"] = "string"
            for k in ("minLength", "maxLength"):
                if k in node:
                    out[k] = node[k]
            fmt = node.get("format")
            if fmt in KEPT_STRING_FORMATS and "enum" not in node:
                out["format"] = fmt
            if "pattern" in node and "enum" not in node:
                pattern = node["pattern"]
                try:
                    re.compile(pattern)
                    out["pattern"] = pattern
                except re.error:
                    self.dropped_patterns.add(pattern)
        elif t in ("integer", "number"):
            out["type"] = t
            fmt = node.get("format")
            lo = hi = None
            if t == "integer":
                lo, hi = INT_RANGES.get(fmt, INT_RANGES["int64"])
            elif fmt == "float":
                lo, hi = -F32_MAX, F32_MAX
            if "minimum" in node:
                m = node["minimum"]
                if node.get("exclusiveMinimum") is True:
                    out["exclusiveMinimum"] = m
                else:
                    out["minimum"] = m
            if "maximum" in node:
                m = node["maximum"]
                if node.get("exclusiveMaximum") is True:
                    out["exclusiveMaximum"] = m
                else:
                    out["maximum"] = m
            if lo is not None:
                out["minimum"] = max(out.get("minimum", lo), lo)
                out["maximum"] = min(out.get("maximum", hi), hi)
            if "multipleOf" in node:
                out["multipleOf"] = node["multipleOf"]
        elif t == "boolean":
            out["type"] = "boolean"
        elif t == "null":
            out["type"] = "null"
        elif t is None:
            if "enum" not in out:
                return any_json()
        else:
            raise Unsupported(f"{stack[-1] if stack else '?'}: unknown type {t!r}")
        return out

    def collect(self, node, stack, acc, base_only):
        """Merges `node` (a schema or a $ref) into `acc`."""
        if "$ref" in node:
            pointer = self.spec.ref_pointer(node["$ref"], stack[-1] if stack else "#")
            if stack.count(pointer) >= MAX_REPEAT:
                acc.unsat = True
                return
            target = self.spec.get_exact(pointer)
            if not isinstance(target, dict):
                raise Unsupported(f"{pointer}: a schema must be an object")
            self.collect(target, stack + (pointer,), acc, base_only)
            return
        for i, member in enumerate(node.get("allOf") or []):
            if not isinstance(member, dict):
                raise Unsupported(f"{stack[-1] if stack else '?'}/allOf/{i}: not a schema")
            if "$ref" in member:
                pointer = self.spec.ref_pointer(member["$ref"], stack[-1] if stack else "#")
                if stack.count(pointer) >= MAX_REPEAT:
                    acc.unsat = True
                    continue
                target = self.spec.get_exact(pointer)
                # A polymorphic parent is inherited from: its own properties only.
                self.collect(target, stack + (pointer,), acc, base_only=base_only or is_poly(target) or "discriminator" in target)
            else:
                self.collect(member, stack, acc, base_only=base_only)
        if declares_object(node, self.spec):
            acc.objecty = True
        for name, prop in (node.get("properties") or {}).items():
            acc.props.setdefault(name, []).append((prop, stack))
        acc.required.update(node.get("required") or [])
        if "additionalProperties" in node:
            acc.additional.append((node["additionalProperties"], stack))
        for k in ("minProperties", "maxProperties"):
            if k in node:
                acc.extra[k] = node[k]
        non_object = {k: v for k, v in node.items() if k in ("type", "enum", "format", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "items", "minItems", "maxItems", "uniqueItems")}
        if non_object and node.get("type") not in (None, "object"):
            acc.scalars.append(self.scalar(non_object, stack))
        elif "enum" in node and node.get("type") is None:
            acc.scalars.append(self.scalar({"enum": node["enum"]}, stack))
        if base_only:
            return
        disc = node.get("discriminator")
        prop = disc.get("propertyName") if isinstance(disc, dict) else None
        for kind in POLY_KEYS:
            if kind in node:
                members = []
                for j, member in enumerate(node[kind]):
                    tags = None
                    if prop is not None:
                        tags = member_tags(self.spec, disc, member, stack)
                    members.append((member, stack, tags))
                acc.alts.append((kind, members, prop))
        if prop is not None and not is_poly(node):
            owner = stack[-1] if stack else None
            if owner is None:
                raise Unsupported("an inline discriminator without oneOf/anyOf has no children")
            members = [({"$ref": t}, stack, tags) for t, tags in inheritance_targets(self.spec, owner, node)]
            acc.alts.append(("anyOf", members, prop))

    def add_tag(self, acc, prop, tags, stack):
        if prop is None or not tags:
            return
        acc.props.setdefault(prop, []).append(({"enum": sorted(tags), "x-tag": True}, stack))
        acc.required.add(prop)
        acc.objecty = True

    def build(self, acc, stack):
        if acc.unsat:
            return False
        parts = list(acc.scalars)
        if acc.objecty or acc.props:
            parts.append(self.object(acc))
        if not acc.alts:
            if not parts:
                return any_json()
            return parts[0] if len(parts) == 1 else {"allOf": parts}
        if len(acc.alts) > 1:
            raise Unsupported(f"{stack[-1] if stack else '?'}: several oneOf/anyOf groups met through allOf")
        kind, members, prop = acc.alts[0]
        base = acc.copy()
        base.alts = []
        branches = []
        for member, mstack, tags in members:
            if not isinstance(member, dict):
                raise Unsupported(f"{mstack[-1] if mstack else '?'}: a union member must be a schema")
            sub = base.copy()
            target = self.spec.deref(member, mstack[-1] if mstack else "#")
            if is_object_like(target) or not (acc.objecty or acc.props):
                if is_object_like(target):
                    self.collect(member, mstack, sub, base_only=False)
                    self.add_tag(sub, prop, tags, mstack)
                    branch = self.build(sub, mstack)
                else:
                    # A scalar member of a scalar union (oneOf of string enums, …).
                    converted = self.convert(member, mstack)
                    branch = converted if not base.scalars else {"allOf": base.scalars + [converted]}
            else:
                # A non-object member next to object properties: both must hold.
                branch = {"allOf": [self.build(sub, mstack), self.convert(member, mstack)]}
            if branch is not False:
                branches.append(branch)
        if not branches:
            return False
        if prop is not None or kind == "anyOf":
            return {"anyOf": branches}
        return {"oneOf": branches}

    def object(self, acc):
        props = {}
        required = set()
        deep = len(self.stack_of(acc)) >= MAX_DEPTH
        for name, schemas in acc.props.items():
            if deep and name not in acc.required and any(refers(s) for s, _ in schemas):
                props[name] = False
                continue
            tags = [s["enum"] for s, _ in schemas if isinstance(s, dict) and s.get("x-tag")]
            if self.direction == "request" and not tags and any(self.flag(s, "readOnly") for s, _ in schemas):
                # A client never sends what the server sets.
                props[name] = False
                continue
            converted = [self.convert(s, st_) for s, st_ in schemas if not (isinstance(s, dict) and s.get("x-tag"))]
            if not converted:
                converted = [any_json()]
            merged = converted[0] if len(converted) == 1 else {"allOf": converted}
            for values in tags:
                merged = restrict(merged, values)
            props[name] = merged
            write_only = any(self.flag(s, "writeOnly") for s, _ in schemas)
            # A discriminator's tag is always sent, even when the spec marks it writeOnly
            # (raw 2025 ServerlessTenantEndpointUpdate.providerName): it is what selects.
            if name in acc.required and (not write_only or tags or self.direction == "request"):
                required.add(name)
        for name in acc.required:
            if name not in props:
                # Required but undeclared: OpenAPI admits any value there.
                props[name] = any_json()
                required.add(name)
        out = {"type": "object", "properties": props, "required": sorted(required)}
        if not acc.additional:
            out["additionalProperties"] = False
        else:
            converted = [self.convert(a, s) if a is not True else any_json() for a, s in acc.additional]
            if any(c is False for c in converted):
                out["additionalProperties"] = False
            else:
                out["additionalProperties"] = converted[0] if len(converted) == 1 else {"allOf": converted}
        out.update(acc.extra)
        if out["additionalProperties"] is not False:
            out["maxProperties"] = max(min(out.get("maxProperties", len(props) + MAX_ITEMS), len(props) + MAX_ITEMS), out.get("minProperties", 0))
        return out

    def stack_of(self, acc):
        """The longest $ref path the properties of `acc` were found under."""
        return max((st_ for schemas in acc.props.values() for _, st_ in schemas), key=len, default=())

    def flag(self, schema, key):
        node = self.spec.deref(schema, "#") if isinstance(schema, dict) else schema
        return isinstance(schema, dict) and (schema.get(key) is True or (isinstance(node, dict) and node.get(key) is True))


def member_tags(spec, disc, member, stack):
    """The tag values that select a oneOf/anyOf member: its mapping keys, else the one value
    the member itself allows for the property (`const`, or an `enum` of one value, here or in
    an `allOf` part: a value no other tag could carry), else its schema name (OpenAPI's implicit
    mapping). An inline member without such a value has none."""
    if not isinstance(member, dict):
        return None
    at = stack[-1] if stack else "#"
    if "$ref" in member:
        pointer = spec.ref_pointer(member["$ref"], at)
        tags = [k for k, v in (disc.get("mapping") or {}).items() if spec.ref_pointer(mapping_ref(v), "#") == pointer]
        if tags:
            return tags
    own = own_tag(spec, member, at, disc["propertyName"])
    if own is not None:
        return [own]
    if "$ref" in member:
        return [unescape(pointer.rsplit("/", 1)[-1])]
    return None


def own_tag(spec, schema, at, prop, depth=0):
    """The one string value `schema` allows for property `prop`, if it says so itself."""
    node = spec.deref(schema, at)
    if not isinstance(node, dict) or depth > 16:
        return None
    declared = (node.get("properties") or {}).get(prop)
    if isinstance(declared, dict):
        declared = spec.deref(declared, at)
        if isinstance(declared.get("const"), str):
            return declared["const"]
        values = [v for v in declared.get("enum") or [] if v is not None]
        if len(values) == 1 and isinstance(values[0], str):
            return values[0]
    for part in node.get("allOf") or []:
        found = own_tag(spec, part, at, prop, depth + 1)
        if found is not None:
            return found
    return None


def mapping_ref(value):
    """A mapping value is a $ref or a bare schema name."""
    return value if value.startswith("#") else schema_pointer(value)


def inheritance_targets(spec, owner, node):
    """(target pointer, tags) of an inheritance parent: its mapping, then its allOf children."""
    disc = node["discriminator"]
    by_target = {}
    for tag, value in (disc.get("mapping") or {}).items():
        by_target.setdefault(spec.ref_pointer(mapping_ref(value), owner), []).append(tag)
    for child in spec.children(owner):
        pointer = schema_pointer(child)
        if pointer not in by_target:
            by_target[pointer] = [own_tag(spec, {"$ref": pointer}, owner, disc["propertyName"]) or child]
    return sorted(by_target.items())


def refers(schema):
    """Whether a property schema names another schema (itself, or as its items or values)."""
    if not isinstance(schema, dict):
        return False
    return "$ref" in schema or any(refers(schema.get(k)) for k in ("items", "additionalProperties")) or any(refers(m) for k in ("allOf", "oneOf", "anyOf") for m in schema.get(k) or [])


def nullable(schema):
    """`schema` or null. A type list where it can be (hypothesis-jsonschema re-canonicalises
    each `anyOf` branch on every draw, which is slow for large schemas)."""
    if schema is False:
        return {"type": "null"}
    if isinstance(schema, dict) and not any(k in schema for k in ("anyOf", "oneOf", "allOf", "not")):
        out = dict(schema)
        if "enum" in out:
            out["enum"] = out["enum"] + [None] if None not in out["enum"] else out["enum"]
        t = out.get("type")
        if isinstance(t, str):
            out["type"] = [t, "null"]
            return out
        if isinstance(t, list):
            out["type"] = t if "null" in t else t + ["null"]
            return out
        if "enum" in out:
            return out
    return {"anyOf": [{"type": "null"}, schema]}


def restrict(schema, values):
    """`schema` ∩ `{enum: values}` (a discriminator tag on its property), computed here when
    simple: hypothesis-jsonschema would otherwise merge the two on every draw."""
    if isinstance(schema, dict) and not any(k in schema for k in ("anyOf", "oneOf", "allOf", "not")):
        if "enum" in schema:
            # A mapping key missing from the property's own enum (raw 2026 StreamsConnection's
            # `S3`) still selects its schema: the mapping is what defines the tag values.
            return {"enum": [v for v in schema["enum"] if v in values] or list(values)}
        t = schema.get("type")
        types = t if isinstance(t, list) else [t]
        if set(schema) <= {"type", "format", "pattern", "minLength", "maxLength"} and (t is None or "string" in types):
            return {"enum": list(values)}
    return {"allOf": [schema, {"enum": list(values)}]}


def any_json(depth=2):
    """Any JSON value: integers within 64 bits, lists and maps of at most MAX_ITEMS entries."""
    out = {
        "type": ["null", "boolean", "integer", "number", "string", "array", "object"],
        "minimum": -(2**63),
        "maximum": 2**64 - 1,
        "maxItems": MAX_ITEMS,
        "maxProperties": MAX_ITEMS,
    }
    if depth == 0:
        out["type"] = out["type"][:5]
    else:
        out["items"] = out["additionalProperties"] = any_json(depth - 1)
    return out


def only_required(schema):
    """The same schema with every optional property forbidden (for minimal instances)."""
    if isinstance(schema, dict):
        out = {k: only_required(v) if k in ("items", "additionalProperties") else v for k, v in schema.items()}
        for k in ("anyOf", "oneOf", "allOf"):
            if k in out:
                out[k] = [only_required(s) for s in out[k]]
        if "properties" in out:
            req = set(out.get("required", []))
            out["properties"] = {n: (only_required(s) if n in req else False) for n, s in out["properties"].items()}
        return out
    return schema


# ---------------------------------------------------------------------------------------------
# Generation


def quiet_settings(**kw):
    return settings(
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
        **kw,
    )


def any_of(schema):
    """`schema` with every oneOf read as anyOf (generation only; see `sample`)."""
    if isinstance(schema, dict):
        return {("anyOf" if k == "oneOf" else k): any_of(v) for k, v in schema.items()}
    if isinstance(schema, list):
        return [any_of(v) for v in schema]
    return schema


def sample(schema, count, base_seed):
    """`count` valid instances of `schema` (duplicates allowed when it has fewer values).

    hypothesis-jsonschema enforces `oneOf` by canonicalising each member against the others
    and re-validating every draw against the whole schema, which takes minutes on Atlas's
    large unions. So instances are drawn with oneOf read as anyOf, then kept only when they
    are valid against the real schema (jsonschema's Draft 7 validator): the same instances,
    found faster."""
    validator = Draft7Validator(schema)
    strategy = from_schema(any_of(schema))
    out = []
    for round_ in range(12):
        got = []

        @quiet_settings(max_examples=count, phases=[Phase.generate])
        @seed(base_seed + round_)
        @given(strategy)
        def run(value):
            got.append(value)

        run()
        out.extend(v for v in got if validator.is_valid(v))
        if len(out) >= count:
            return out[:count]
    if not out:
        raise Unsatisfiable("no valid instance found in 12 rounds")
    while len(out) < count:
        out.extend(out[: count - len(out)])
    return out


def minimal(schema, base_seed):
    """The first instance hypothesis draws for `schema` (its simplest choices first)."""
    return sample(schema, 1, base_seed)[0]


def target_seed(seed_value, pointer):
    return (seed_value * 1_000_003 + zlib.crc32(pointer.encode())) % (2**32)


# Set before the worker processes fork, so each inherits the parsed spec.
WORKER = {}


def instances_for(target):
    """One output line: the instances of one target, or why there are none."""
    line = {"id": target["id"], "pointer": target["pointer"]}
    try:
        schema = WORKER["conv"].target(
            target["pointer"],
            nullable=target.get("nullable", True),
            direction=target.get("direction", "response"),
        )
        line["instances"] = sample(schema, WORKER["count"], target_seed(WORKER["seed"], target["pointer"]))
    except Exception as e:  # Unsupported, Unsatisfiable, hypothesis-jsonschema's refusals, …
        line["error"] = f"{type(e).__name__}: {e}"
    return json.dumps(line, ensure_ascii=True, allow_nan=False), sorted(WORKER["conv"].dropped_patterns)


def cmd_instances(args):
    spec = Spec(load_spec(args.spec))
    WORKER.update(conv=Converter(spec), count=args.count, seed=args.seed)
    with open(args.targets, encoding="utf-8") as f:
        targets = json.load(f)
    dropped = set()
    with open(args.out, "w", encoding="utf-8") as out:
        if args.jobs > 1 and len(targets) > 1:
            pool = multiprocessing.get_context("fork").Pool(args.jobs)
            lines = pool.imap(instances_for, targets)
        else:
            pool = None
            lines = map(instances_for, targets)
        for line, patterns in lines:
            out.write(line + "\n")
            out.flush()
            dropped.update(patterns)
        if pool is not None:
            pool.close()
            pool.join()
    if dropped:
        print(f"{len(dropped)} pattern(s) Python's re cannot compile were dropped: {dropped}", file=sys.stderr)


def walk_discriminators(spec):
    """(owner pointer, node) of every schema with a discriminator, anywhere in the document."""
    found = []

    def walk(node, pointer):
        if isinstance(node, dict):
            if isinstance(node.get("discriminator"), dict) and "propertyName" in node["discriminator"]:
                found.append((pointer, node))
            for k, v in node.items():
                if k in ("example", "examples", "default", "enum", "x-xgen-docs-url"):
                    continue
                walk(v, pointer + "/" + escape(str(k)))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{pointer}/{i}")

    walk(spec.root, "#")
    return found


def cmd_mappings(args):
    spec = Spec(load_spec(args.spec))
    conv = Converter(spec)
    with open(args.out, "w", encoding="utf-8") as out:
        for owner, node in walk_discriminators(spec):
            disc = node["discriminator"]
            prop = disc["propertyName"]
            cases = {}  # target pointer → tags
            for tag, value in (disc.get("mapping") or {}).items():
                cases.setdefault(spec.ref_pointer(mapping_ref(value), owner), []).append(tag)
            if is_poly(node):
                for kind in POLY_KEYS:
                    for member in node.get(kind) or []:
                        tags = member_tags(spec, disc, member, (owner,))
                        if tags and "$ref" in member:
                            target = spec.ref_pointer(member["$ref"], owner)
                            cases.setdefault(target, [])
                            for tag in tags:
                                if tag not in cases[target]:
                                    cases[target].append(tag)
            else:
                for target, tags in inheritance_targets(spec, owner, node):
                    cases.setdefault(target, [])
                    for tag in tags:
                        if tag not in cases[target]:
                            cases[target].append(tag)
            for target, tags in sorted(cases.items()):
                for tag in tags:
                    line = {"owner": owner, "property": prop, "tag": tag, "target": target}
                    try:
                        schema = conv.branch(owner, target, prop, [tag], minimal=True)
                        line["instance"] = minimal(schema, target_seed(0, owner + " " + tag))
                    except Exception as e:
                        line["error"] = f"{type(e).__name__}: {e}"
                    out.write(json.dumps(line, ensure_ascii=True, allow_nan=False) + "\n")
                    out.flush()


def main():
    warnings.simplefilter("ignore", HypothesisWarning)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("instances")
    p.add_argument("spec")
    p.add_argument("targets")
    p.add_argument("out")
    p.add_argument("--count", type=int, default=20)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--jobs", type=int, default=1, help="worker processes")
    p.set_defaults(run=cmd_instances)
    p = sub.add_parser("mappings")
    p.add_argument("spec")
    p.add_argument("out")
    p.set_defaults(run=cmd_mappings)
    args = parser.parse_args()
    sys.setrecursionlimit(20000)
    args.run(args)


if __name__ == "__main__":
    main()
