#!/usr/bin/env python3
"""Validate spec/atlas-admin-fragment.yaml (run from the repository root).

Checks: parses with PyYAML (default YAML 1.1 SafeLoader and the extractor's YAML 1.2 loader);
every `$ref` and discriminator mapping target resolves inside the document; no component is
unreferenced; exactly 5 operations; date-like strings and `off`-like words stay strings under
YAML 1.2; the examples in spec/examples/ are valid JSON; optionally openapi-spec-validator.
Prints the operations and component names.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_fragment import (HTTP_METHODS, OPERATIONS, OUTPUT, RAW_2025, RAW_2026, REPO,  # noqa: E402
                              Yaml12Loader, iter_refs, load)


def resolve(doc, ref):
    assert ref.startswith("#/"), ref
    node = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[part]
    return node


def main() -> int:
    text = OUTPUT.read_text(encoding="utf-8")
    yaml.safe_load(text)  # YAML 1.1 reader must accept it too
    doc = yaml.load(text, Loader=Yaml12Loader)
    errors = []

    refs = set(iter_refs(doc))
    for ref in sorted(refs):
        try:
            resolve(doc, ref)
        except (KeyError, TypeError, AssertionError):
            errors.append(f"unresolved reference {ref}")

    # reachability from paths (nothing unreferenced)
    reached, todo = set(), list(iter_refs(doc["paths"]))
    while todo:
        ref = todo.pop()
        if ref in reached:
            continue
        reached.add(ref)
        todo.extend(iter_refs(resolve(doc, ref)))
    for section, names in doc["components"].items():
        if section == "securitySchemes":
            continue
        for name in names:
            if f"#/components/{section}/{name}" not in reached:
                errors.append(f"unreferenced component {section}/{name}")

    ops = []
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method not in HTTP_METHODS:
                continue
            req = op.get("requestBody", {}).get("content", {})
            ok = sorted(c for c in op["responses"] if c.startswith("2"))
            ops.append((op["operationId"], op.get("x-xgen-operation-id-override", ""), method.upper(),
                        path, ",".join(req), [(c, ",".join(op["responses"][c].get("content", {})))
                                              for c in ok]))
            names = {p.get("name") or p["$ref"].rsplit("/", 1)[1] for p in op.get("parameters", [])}
            for q in ("envelope", "pretty"):
                if q not in names:
                    errors.append(f"{op['operationId']}: missing query parameter {q}")
    if len(ops) != 5:
        errors.append(f"expected 5 operations, found {len(ops)}")

    # copied parts equal upstream (apart from the documented additions)
    raw = {"2025": load(RAW_2025), "2026": load(RAW_2026)}
    for section, names in doc["components"].items():
        for name, value in names.items():
            if name.startswith("Legacy"):
                continue
            src = "2026" if name in raw["2026"]["components"].get(section, {}) else "2025"
            if value != raw[src]["components"][section][name]:
                errors.append(f"components/{section}/{name} differs from raw {src}")
    allowed = {"createGroupPrivateEndpointServerlessInstanceEndpoint": {"parameters"},
               "createServerlessInstance": {"deprecated", "x-sunset"}}
    for src, path, method, op_id in OPERATIONS:
        mine, theirs = doc["paths"][path][method], raw[src]["paths"][path][method]
        changed = {k for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k)}
        if changed - allowed.get(op_id, set()):
            errors.append(f"{op_id} differs from raw {src} in {sorted(changed)}")
        if op_id == "createGroupPrivateEndpointServerlessInstanceEndpoint" and \
                mine["parameters"] != theirs["parameters"] + [{"$ref": "#/components/parameters/pretty"}]:
            errors.append(f"{op_id}: unexpected parameter change")

    # YAML 1.2 string semantics
    for m in re.finditer(r"^\s*(x-xgen-version|x-sunset): (\S+)$", text, re.M):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}|preview", m.group(2)):
            errors.append(f"unexpected {m.group(1)} value {m.group(2)}")

    def walk(node, path=""):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("x-xgen-version", "x-sunset") and not isinstance(v, str):
                    errors.append(f"{path}/{k} is not a string: {v!r}")
                walk(v, f"{path}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}/{i}")
    walk(doc)
    dates = re.findall(r": (\d{4}-\d{2}-\d{2})$", text, re.M)

    for f in sorted((REPO / "spec" / "examples").glob("*.json")):
        try:
            json.loads(f.read_text(encoding="utf-8"))
        except ValueError as e:
            errors.append(f"{f.name}: invalid JSON: {e}")

    try:
        from openapi_spec_validator import validate
    except ImportError:
        validate = None
    if validate is None:
        validator = "openapi-spec-validator: not installed, skipped"
    else:
        # openapi-spec-validator 0.9 recurses forever on the CreateEndpointRequest
        # oneOf <-> allOf cycle, so validate a copy with the back-edges (variant allOf -> parent)
        # removed. The cycle itself is checked by the $ref resolution above.
        copy_doc = yaml.load(text, Loader=Yaml12Loader)
        cut = 0
        for name, schema in copy_doc["components"]["schemas"].items():
            if "allOf" in schema:
                keep = [s for s in schema["allOf"]
                        if s.get("$ref") != "#/components/schemas/CreateEndpointRequest"]
                cut += len(schema["allOf"]) - len(keep)
                schema["allOf"] = keep
        try:
            validate(copy_doc)
            validator = (f"openapi-spec-validator: OK (on a copy with the {cut} "
                         "CreateEndpointRequest back-edges cut)")
        except Exception as e:  # noqa: BLE001
            errors.append(f"openapi-spec-validator: {e}")
            validator = "openapi-spec-validator: FAILED"

    print(f"operations ({len(ops)}):")
    for op in ops:
        print("  ", op)
    for section, names in doc["components"].items():
        print(f"components/{section} ({len(names)}): {', '.join(names)}")
    print(f"refs: {len(refs)} distinct, all checked; unquoted date scalars: {len(dates)} "
          f"(e.g. {sorted(set(dates))}) read as strings under YAML 1.2")
    print(validator)
    for e in errors:
        print("ERROR:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
