#!/usr/bin/env python3
"""Extract the client-generator fragment of the MongoDB Atlas Admin API v2 spec.

Run from the repository root (with ../shared beside the repository):

    python3 spec/tools/extract_fragment.py            # writes spec/atlas-admin-fragment.yaml
    python3 spec/tools/extract_fragment.py --diffs    # also prints how shared components differ

Inputs (read-only): ../shared/specs/*.yaml (upstream, mongodb/atlas-sdk-go `openapi/`,
Apache-2.0) and spec/legacy-v1.yaml (hand-written v1.0 operation).

The output is deterministic: paths and component names are sorted, every other mapping keeps
the upstream key order. Running the script twice gives byte-identical output.

YAML handling: the upstream documents are read with YAML 1.2 core-schema scalar resolution
(no implicit timestamps, only true/false as booleans, no sexagesimal / 1.1 octal numbers), so
`x-xgen-version: 2023-01-01` stays the string "2023-01-01" and `off` stays "off". On output,
date-like strings are written unquoted (as the 2026-05-05 upstream writes them), while strings
that a YAML 1.1 reader would turn into booleans/numbers/null (`off`, `yes`, `1:20`, ...) are
quoted.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
SPECS = REPO.parent / "shared" / "specs"
RAW_2025 = SPECS / "atlas-admin-v2.raw.2025-06-30.yaml"
RAW_2026 = SPECS / "atlas-admin-v2.raw.2026-05-05.yaml"
TRANSFORMED_2026_02 = SPECS / "atlas-admin-v2.transformed.2026-02-04.yaml"
LEGACY = REPO / "spec" / "legacy-v1.yaml"
OUTPUT = REPO / "spec" / "atlas-admin-fragment.yaml"

# (source key, path, method, expected upstream operationId)
OPERATIONS = [
    ("2026", "/api/atlas/v2/groups/{groupId}/privateEndpoint/serverless/instance/{instanceName}/endpoint",
     "post", "createGroupPrivateEndpointServerlessInstanceEndpoint"),
    ("2025", "/api/atlas/v2/groups/{groupId}/serverless",
     "post", "createServerlessInstance"),
    ("2026", "/api/atlas/v2/groups/{groupId}/backup/{cloudProvider}/privateEndpoints",
     "post", "createGroupBackupPrivateEndpoint"),
    ("2026", "/api/atlas/v2/groups/{groupId}/privateEndpoint/{cloudProvider}/endpointService/{endpointServiceId}/endpoint",
     "post", "createGroupPrivateEndpointEndpointServiceEndpoint"),
]

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
COMPONENT_ORDER = ["schemas", "responses", "parameters", "examples", "requestBodies",
                   "headers", "securitySchemes", "links", "callbacks"]
REF_RE = re.compile(r"^#/components/([A-Za-z]+)/([^/]+)$")

INFO = {
    "title": "MongoDB Atlas Administration API \u2014 client generator fragment",
    "description": (
        "A small, exact extract of the MongoDB Atlas Administration API v2 OpenAPI documents "
        "(MongoDB, Inc.; repository mongodb/atlas-sdk-go, `openapi/atlas-api.yaml`, raw/untransformed) "
        "holding four v2 operations and every component they reference, plus one hand-written legacy "
        "v1.0 operation. Input for the Rust client generator. Provenance: spec/README.md."
    ),
    "version": "2.0",
}


# --------------------------------------------------------------------------- YAML I/O

class Yaml12Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):
    """Safe loader with YAML 1.2 core-schema implicit resolution."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+.0123456789"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


def _construct_int12(loader, node):
    value = loader.construct_scalar(node)
    if value.startswith("0o"):
        return int(value[2:], 8)
    if value.startswith("0x"):
        return int(value[2:], 16)
    return int(value, 10)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int12)


def load(path: Path):
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=Yaml12Loader)


class FragmentDumper(yaml.SafeDumper):
    """Safe dumper that never emits aliases and writes date-like strings unquoted.

    It keeps PyYAML's YAML 1.1 resolvers (minus timestamp) for deciding when a string must be
    quoted, so `off`, `yes`, `"201"`, `"2.0"` are quoted and read back as strings by both
    YAML 1.1 and YAML 1.2 readers, while `2023-01-01` is written plain (a string in YAML 1.2).
    """

    def ignore_aliases(self, data):  # noqa: D401 - PyYAML hook
        return True


FragmentDumper.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def _represent_str(dumper, data):
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


FragmentDumper.add_representer(str, _represent_str)


def dump(doc) -> str:
    return yaml.dump(doc, Dumper=FragmentDumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100, indent=2)


# --------------------------------------------------------------------------- helpers

def iter_refs(node):
    """Yield every local reference: `$ref` values and discriminator mapping targets."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            elif key == "discriminator" and isinstance(value, dict):
                for target in (value.get("mapping") or {}).values():
                    yield target
                yield from iter_refs(value)
            else:
                yield from iter_refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from iter_refs(item)


def parse_ref(ref: str):
    m = REF_RE.match(ref)
    if not m:
        raise SystemExit(f"unsupported $ref (not a local component ref): {ref}")
    return m.group(1), m.group(2)


def diff_paths(a, b, prefix=""):
    """JSON-pointer-ish list of places where a and b differ (order-insensitive for mappings)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in list(a) + [k for k in b if k not in a]:
            p = f"{prefix}/{k}"
            if k not in b:
                out.append(f"{p} (only in 2025-06-30)")
            elif k not in a:
                out.append(f"{p} (only in 2026-05-05)")
            else:
                out.extend(diff_paths(a[k], b[k], p))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out.extend(diff_paths(x, y, f"{prefix}/{i}"))
        return out
    return [] if a == b else [f"{prefix or '/'} (changed)"]


# --------------------------------------------------------------------------- build

def build(print_diffs: bool = False) -> str:
    raw = {"2025": load(RAW_2025), "2026": load(RAW_2026)}
    transformed = load(TRANSFORMED_2026_02)
    legacy = load(LEGACY)

    paths: dict = {}
    used_tags: list = []

    def add_operation(path, method, path_item_src, op):
        if path in paths:
            raise SystemExit(f"duplicate path {path}")
        # Path-level keys other than operations (parameters, extensions) come along, in
        # upstream order; other operations on the same path are dropped.
        paths[path] = {
            key: (op if key == method else copy.deepcopy(value))
            for key, value in path_item_src.items()
            if key == method or key not in HTTP_METHODS
        }
        for tag in op.get("tags", []):
            if tag not in used_tags:
                used_tags.append(tag)

    for src, path, method, op_id in OPERATIONS:
        path_item = raw[src]["paths"][path]
        op = copy.deepcopy(path_item[method])
        if op.get("operationId") != op_id:
            raise SystemExit(f"{path} {method}: expected operationId {op_id}, got {op.get('operationId')}")

        if op_id == "createGroupPrivateEndpointServerlessInstanceEndpoint":
            # Deliberate addition: upstream lacks `pretty`; the documentation (seed 002) lists it
            # and it is accepted by every Atlas Admin API resource.
            pretty = {"$ref": "#/components/parameters/pretty"}
            if pretty not in op["parameters"]:
                op["parameters"].append(pretty)

        if op_id == "createServerlessInstance":
            # Deliberate addition: raw 2025-06-30 carries neither `deprecated` nor `x-sunset` for
            # this operation; MongoDB's transformed spec 2026-02-04 (b509d7d) marks it
            # `deprecated: true` with `x-sunset: 2026-01-22`. Copy exactly those two keys.
            t_op = transformed["paths"][path][method]
            assert t_op["operationId"] == "createServerlessInstance"
            new_op = {}
            for key, value in op.items():
                if key == "description":
                    new_op["deprecated"] = t_op["deprecated"]
                new_op[key] = value
            new_op.setdefault("deprecated", t_op["deprecated"])
            new_op["x-sunset"] = t_op["x-sunset"]
            op = new_op

        add_operation(path, method, path_item, op)

    for path, path_item in legacy["paths"].items():
        for method, op in path_item.items():
            if method in HTTP_METHODS:
                add_operation(path, method, path_item, copy.deepcopy(op))

    # ---- transitive closure of referenced components
    legacy_components = legacy.get("components", {})
    components: dict = {}
    origin: dict = {}
    todo = list(iter_refs(paths))
    while todo:
        section, name = parse_ref(todo.pop())
        if name in components.get(section, {}):
            continue
        if name in legacy_components.get(section, {}):
            value, where = legacy_components[section][name], "legacy"
        elif name in raw["2026"]["components"].get(section, {}):
            value, where = raw["2026"]["components"][section][name], "2026"
        elif name in raw["2025"]["components"].get(section, {}):
            value, where = raw["2025"]["components"][section][name], "2025"
        else:
            raise SystemExit(f"unresolvable reference #/components/{section}/{name}")
        components.setdefault(section, {})[name] = copy.deepcopy(value)
        origin[(section, name)] = where
        todo.extend(iter_refs(value))

    # security schemes used by top-level / operation security
    components["securitySchemes"] = copy.deepcopy(raw["2026"]["components"]["securitySchemes"])

    if print_diffs:
        print("components present in both raw specs whose definitions differ "
              "(2026-05-05 definition used):", file=sys.stderr)
        for (section, name), where in sorted(origin.items()):
            if where == "legacy":
                continue
            a = raw["2025"]["components"].get(section, {}).get(name)
            b = raw["2026"]["components"].get(section, {}).get(name)
            if a is not None and b is not None and a != b:
                print(f"  {section}/{name}:", file=sys.stderr)
                for d in diff_paths(a, b):
                    print(f"      {d}", file=sys.stderr)
        print("component origins:", file=sys.stderr)
        for (section, name), where in sorted(origin.items()):
            print(f"  {section}/{name}: {where}", file=sys.stderr)

    tag_defs = {}
    for src in ("2025", "2026"):  # 2026 wins
        for t in raw[src].get("tags", []):
            tag_defs[t["name"]] = t

    doc = {
        "openapi": "3.0.1",
        "info": copy.deepcopy(INFO),
        "servers": copy.deepcopy(raw["2026"]["servers"]),
        "security": copy.deepcopy(raw["2026"]["security"]),
        "tags": [copy.deepcopy(tag_defs[name]) for name in sorted(used_tags)],
        "paths": {p: paths[p] for p in sorted(paths)},
        "components": {
            section: {n: components[section][n] for n in sorted(components[section])}
            for section in COMPONENT_ORDER if section in components
        },
    }
    header = (
        "# GENERATED by spec/tools/extract_fragment.py -- do not edit by hand.\n"
        "# Sources: ../shared/specs/atlas-admin-v2.raw.2026-05-05.yaml (mongodb/atlas-sdk-go openapi/atlas-api.yaml @ b555d26),\n"
        "#          ../shared/specs/atlas-admin-v2.raw.2025-06-30.yaml (mongodb/atlas-sdk-go openapi/atlas-api.yaml @ 50f2fbf),\n"
        "#          ../shared/specs/atlas-admin-v2.transformed.2026-02-04.yaml (openapi/atlas-api-transformed.yaml @ b509d7d;\n"
        "#          only `deprecated` and `x-sunset` of createServerlessInstance),\n"
        "#          spec/legacy-v1.yaml (hand-written). Upstream: MongoDB, Inc.; licensing: see spec/README.md.\n"
    )
    return header + dump(doc)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--diffs", action="store_true", help="print component differences to stderr")
    ap.add_argument("--output", type=Path, default=OUTPUT)
    args = ap.parse_args()
    text = build(print_diffs=args.diffs)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output.relative_to(REPO) if args.output.is_absolute() and REPO in args.output.parents else args.output}")


if __name__ == "__main__":
    main()
