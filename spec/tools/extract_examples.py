#!/usr/bin/env python3
"""Write the JSON examples of the seed documentation pages to spec/examples/ (run from the repo root).

The seeds (../shared/seeds/*.txt) are MongoDB documentation pages. Every JSON object in them is
decoded as-is (key order, values and the `"": "M10"` rendering artefact preserved) and written
pretty-printed (2-space indent, UTF-8, trailing newline). Deterministic; rerunning is a no-op.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
OUT = REPO / "spec" / "examples"


def objects(text: str):
    """Every top-level JSON object embedded in text (skipping things like `{ <Payload> }`)."""
    dec = json.JSONDecoder(object_pairs_hook=_no_duplicates)
    i, found = 0, []
    while (j := text.find("{", i)) >= 0:
        try:
            obj, end = dec.raw_decode(text, j)
        except ValueError:
            i = j + 1
            continue
        if isinstance(obj, dict) and obj:  # `{}` is Go code (`ApiParams{}`), not an example
            found.append(obj)
        i = end
    return found


def _no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError(f"duplicate keys in {keys}")
    return dict(pairs)


def strip_line_numbers(snippet: str) -> str:
    """Seed 002 renders code blocks with line numbers: `1 { 2 "_id": ... 8 }`."""
    return re.sub(r"(?:(?<=\s)|^)\d+ (?=[{}\"])", "", snippet)


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def main() -> int:
    files: dict[str, dict] = {}
    errors: dict[int, dict] = {}

    def take_errors(objs):
        for obj in objs:
            code = obj["error"]
            if code in errors and errors[code] != obj:
                raise SystemExit(f"error {code} example differs between seeds")
            errors[code] = obj

    # 000: createServerlessPrivateEndpoint (v2)
    o = objects(seed("000"))
    files["createServerlessPrivateEndpoint.request.json"] = o[0]
    assert o[1]["providerName"] == "AWS" and o[2]["providerName"] == "AZURE"
    files["createServerlessPrivateEndpoint.201.aws.json"] = o[1]
    files["createServerlessPrivateEndpoint.201.azure.json"] = o[2]
    take_errors(o[3:])

    # 001: createServerlessInstance
    o = objects(seed("001"))
    files["createServerlessInstance.request.json"] = o[0]
    files["createServerlessInstance.201.json"] = o[1]
    assert o[1]["providerSettings"][""] == "M10"
    take_errors(o[2:])

    # 002: legacy v1.0 createServerlessPrivateEndpoint (line-numbered code blocks)
    text = seed("002")
    req = re.search(r"--data '(.*?)'", text, re.S).group(1)
    files["createServerlessPrivateEndpointV1.request.json"] = objects(strip_line_numbers(req))[0]
    body = text.split("Response Body", 1)[1]
    files["createServerlessPrivateEndpointV1.201.json"] = objects(strip_line_numbers(body))[0]

    # 003: createBackupPrivateEndpoint
    o = objects(seed("003"))
    files["createBackupPrivateEndpoint.request.json"] = o[0]
    files["createBackupPrivateEndpoint.201.json"] = o[1]
    take_errors(o[2:])

    # 004: createPrivateEndpoint (200 responses per provider)
    o = objects(seed("004"))
    for obj, provider in zip(o[:3], ("AWS", "AZURE", "GCP")):
        assert obj["cloudProvider"] == provider
        files[f"createPrivateEndpoint.200.{provider.lower()}.json"] = obj
    take_errors(o[3:])

    for code in sorted(errors):
        files[f"error.{code}.json"] = errors[code]

    OUT.mkdir(parents=True, exist_ok=True)
    for name in sorted(files):
        (OUT / name).write_text(json.dumps(files[name], indent=2, ensure_ascii=False) + "\n",
                                encoding="utf-8")
        print(f"wrote spec/examples/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
