"""Preprocesses an OpenAPI 3.0 spec into what progenitor 0.15.1 accepts (measurement only).

1. Media types: application/*+json -> application/json; anything progenitor does not know
   (+gzip, +csv, ...) -> application/octet-stream with a binary string schema; two entries that
   map to the same type keep the first. A media type without a schema gets `schema: {}`.
2. Answers: progenitor asserts that all success answers of an operation share one type, and all
   error answers one type. Where they differ, only the answers of the most common type are kept
   (a tie goes to the lowest status code).
Usage: python3 json_media.py IN.yaml OUT.yaml
"""
import collections, sys, yaml

def norm(m):
    base = m.split(';')[0]
    if base == 'application/json' or base.endswith('+json'):
        return 'application/json'
    if base in ('application/x-www-form-urlencoded', 'text/plain', 'text/x-markdown', 'application/octet-stream'):
        return base
    return 'application/octet-stream'

def walk(node):
    if isinstance(node, dict):
        for k, v in list(node.items()):
            if k == 'content' and isinstance(v, dict) and all(isinstance(x, str) and '/' in x for x in v):
                new = {}
                for m, body in v.items():
                    n = norm(m)
                    if n == 'application/octet-stream':
                        body = {'schema': {'type': 'string', 'format': 'binary'}}
                    if isinstance(body, dict) and 'schema' not in body:
                        body = dict(body, schema={})
                    new.setdefault(n, body)
                node[k] = new
            walk(v)
    elif isinstance(node, list):
        for x in node:
            walk(x)

PY = {'string': str, 'boolean': bool, 'integer': int, 'number': (int, float), 'array': list, 'object': dict}

def defaults(node, out):
    """3. A `default` whose JSON type is not the schema's `type` is dropped (typify panics)."""
    if isinstance(node, dict):
        t = node.get('type')
        if 'default' in node and isinstance(t, str) and t in PY:
            d = node['default']
            if not isinstance(d, PY[t]) or (t in ('integer', 'number') and isinstance(d, bool)):
                out.append(repr(d))
                del node['default']
        for v in node.values():
            defaults(v, out)
    elif isinstance(node, list):
        for x in node:
            defaults(x, out)

doc = yaml.safe_load(open(sys.argv[1]))
walk(doc)
bad_defaults = []
defaults(doc, bad_defaults)
print(f'dropped {len(bad_defaults)} defaults of the wrong type: ' + ', '.join(bad_defaults), file=sys.stderr)
named = doc.get('components', {}).get('responses', {})

def kind(r):
    while '$ref' in r:
        r = named[r['$ref'].split('/')[-1]]
    return yaml.safe_dump({k: v.get('schema') for k, v in (r.get('content') or {}).items()})

dropped = []
for path, item in doc['paths'].items():
    for method, op in item.items():
        if not isinstance(op, dict) or 'responses' not in op:
            continue
        answers = op['responses']
        for success in (True, False):
            codes = sorted((c for c in answers if str(c).startswith('2') == success), key=str)
            kinds = {c: kind(answers[c]) for c in codes}
            if len(set(kinds.values())) > 1:
                count = collections.Counter(kinds.values())
                keep = max(codes, key=lambda c: (count[kinds[c]], -codes.index(c)))
                for c in codes:
                    if kinds[c] != kinds[keep]:
                        del answers[c]
                        dropped.append(f'{method.upper()} {path} {c}')
yaml.safe_dump(doc, open(sys.argv[2], 'w'), sort_keys=False)
print(f'dropped {len(dropped)} answers: ' + '; '.join(dropped), file=sys.stderr)
