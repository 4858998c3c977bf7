#!/usr/bin/env python3
"""Groups the per-item self time printed by self-profile-summary into generated constructs.

usage: python3 categorize.py SUMMARY.txt   (the output of self-profile-summary)
"""
import re, sys, collections
lines = open(sys.argv[1]).read().split("\nITEMS\n")[1].strip().splitlines()
cat = collections.Counter(); count = collections.Counter()
def classify(item):
    if item.startswith("(not attributed"): return "not attributed to one item (crate-wide passes, profiler)"
    label, _, path = item.partition(" ")
    if "LocalModDefId" in path or path.count("::") == 0: return "crate/module-wide passes (privacy, lints, attrs, HIR)"
    segs = path.split("::")
    if "models" in segs:
        i = segs.index("models")
        rest = segs[i+1:]
        if rest and rest[0].startswith("_"):
            r = "::".join(rest)
            if "deserialize" in r or "__Visitor" in r or "__Field" in r or "visit_" in r: return "models: serde Deserialize derive"
            if "serialize" in r: return "models: serde Serialize derive"
            return "models: serde derive (impl headers)"
        m = rest[-1] if rest else ""
        if m in ("clone", "clone_from"): return "models: derive Clone"
        if m == "fmt": return "models: derive Debug (or Display)"
        if m in ("eq", "ne"): return "models: derive PartialEq"
        if m == "default": return "models: derive Default"
        if m == "validate": return "models: Validate impls"
        if m.startswith("{{impl}}") : return "models: impl headers (wf)"
        if re.fullmatch(r"[A-Z].*", m): return "models: type definitions (wf)"
        return "models: other (%s)" % m if False else "models: other fns"
    if "operations" in segs:
        r = "::".join(segs[segs.index("operations")+1:])
        if "::send" in r: return "operations: send() async fn (body, future type)"
        if "into_stream" in r: return "operations: into_stream()"
        if "into_future" in r or re.search(r"\{\{impl\}\}\[\d+\]$", r) and label == "check_well_formed": return "operations: IntoFuture impls / impl headers"
        if re.search(r"[A-Z_]+_PATTERN", r): return "operations: pattern statics"
        if re.search(r"::[A-Z][A-Za-z0-9]*$", r): return "operations: builder structs (wf)"
        return "operations: constructors (impl Into args) and setters"
    if "client" in segs: return "client"
    return "other: " + path[:60]
total = 0.0
for l in lines:
    t, item = l.split("\t", 1)
    t = float(t); total += t
    c = classify(item); cat[c] += t; count[c] += 1
for c, t in cat.most_common():
    print(f"{t:8.2f} s {100*t/total:5.1f}%  {count[c]:6d}  {c}")
print(f"{total:8.2f} s total")
