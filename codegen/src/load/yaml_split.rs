//! A large YAML document parsed on several threads: its biggest block mappings (`paths`,
//! `components/schemas`) are cut, by a line scan, into runs of whole entries; each run is
//! parsed on its own ([`super::yaml::parse`]) and the trees are put back together.
//!
//! A cut is only trusted when every run parses and holds exactly the entries the scan saw
//! (as many keys as key lines), and no key repeats across runs. Whatever the scan cannot
//! vouch for — a directive or `---`, tab indentation, a complex key, a line less indented than
//! its siblings, a mapping header with anything after its colon (an anchor, a tag, a flow
//! value) — stays in one run, and any failure at all gives `None`: the caller parses the
//! whole text again, so what is reported about a bad document (the message, the line, the
//! pointer) is what one parse of it reports. An alias to an anchor in another run fails its
//! run's parse, so it too falls back.

use serde_json::{Map, Value};

use super::yaml;

/// Below this size the document is parsed in one piece. Spring PetClinic's 67 KB already
/// gain from the cut (its whole generation, as a process, 10.2 → 9.3 ms on two cores); below
/// a few tens of kilobytes the threads would cost about what they save.
const MIN_SPLIT_BYTES: usize = 32 * 1024;

/// Parses `text` in runs on up to `workers` threads; `None` when it is small, when it
/// cannot be cut safely or when any run fails (then parse it whole).
pub(super) fn parse(text: &str, workers: usize) -> Option<Value> {
    parse_above(text, workers, MIN_SPLIT_BYTES)
}

/// [`parse`], cutting documents of at least `min_bytes`.
fn parse_above(text: &str, workers: usize, min_bytes: usize) -> Option<Value> {
    if workers < 2 || text.len() < min_bytes {
        return None;
    }
    let lines = scan(text)?;
    let root = entries(&lines, 0, lines.len())?;
    if root.is_empty()
        || lines[..root[0].start]
            .iter()
            .any(|l| l.kind == Kind::Content)
    {
        return None;
    }
    let target = text.len() / (4 * workers);
    let plan = plan(text, &lines, root, target);
    let mut runs = Vec::new();
    collect_runs(&plan, &mut runs);
    if runs.len() < 2 {
        return None;
    }
    let parsed = parse_runs(text, &lines, &runs, workers)?;
    let mut parsed = parsed.into_iter();
    let root = assemble(text, &lines, &plan, &mut parsed)?;
    Some(Value::Object(root))
}

/// What a line holds, for the scan.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// Only spaces (or nothing).
    Blank,
    /// A comment (`#` after the indentation).
    Comment,
    /// Anything else.
    Content,
}

/// One line of the document: where it is, its indentation, what it holds.
#[derive(Clone, Copy, Debug)]
struct Line {
    /// Byte offset of its first character.
    start: usize,
    /// Byte offset just past its `\n` (or the end of the text).
    end: usize,
    indent: usize,
    kind: Kind,
    /// The first byte after the indentation (0 on an empty last line).
    first: u8,
}

/// The document's lines, or `None` when a line makes the scan unreliable: a byte order mark,
/// a directive (`%`) or a document marker (`---`, `...`). (A tab after the indentation is
/// content in a block scalar; where it would start an entry, [`entries`] refuses it.)
fn scan(text: &str) -> Option<Vec<Line>> {
    if text.starts_with('\u{feff}') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| start + i + 1);
        let line = &bytes[start..end];
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let rest = &line[indent..];
        let kind = match rest.first() {
            None | Some(b'\n') | Some(b'\r') => Kind::Blank,
            Some(b'#') => Kind::Comment,
            Some(_) => Kind::Content,
        };
        if indent == 0
            && kind == Kind::Content
            && (rest.starts_with(b"%") || rest.starts_with(b"---") || rest.starts_with(b"..."))
        {
            return None;
        }
        lines.push(Line {
            start,
            end,
            indent,
            kind,
            first: rest.first().copied().unwrap_or(0),
        });
        start = end;
    }
    Some(lines)
}

/// One entry of a block mapping: its key line and the lines after it that belong to it.
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Index of the key line.
    start: usize,
    /// Index just past its last line.
    end: usize,
}

/// The entries of the block mapping on lines `from..to`, at the indentation of its first
/// content line; `None` when a content line is less indented than that, or when a line at
/// that indentation neither starts an entry (a plain or quoted key) nor continues one with a
/// list item (`- x` under `key:`, as `tags:` lists are often written).
fn entries(lines: &[Line], from: usize, to: usize) -> Option<Vec<Entry>> {
    let first = (from..to).find(|&i| lines[i].kind == Kind::Content)?;
    let indent = lines[first].indent;
    let mut found: Vec<Entry> = Vec::new();
    for (i, line) in lines.iter().enumerate().take(to).skip(first) {
        if line.kind != Kind::Content {
            continue;
        }
        if line.indent < indent {
            return None;
        }
        if line.indent > indent {
            continue;
        }
        // At the mapping's indentation: a new entry, or a list item of the one before.
        match line.first {
            b'-' if !found.is_empty() => continue,
            b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|'
            | b'>' | b'%' | b'@' | b'`' | b'\t' => return None,
            _ => {}
        }
        if let Some(last) = found.last_mut() {
            last.end = i;
        }
        found.push(Entry { start: i, end: to });
    }
    Some(found)
}

/// A piece of the document as it will be parsed: a run of whole entries of one mapping, or
/// an entry whose value is a block mapping cut into runs of its own.
#[derive(Debug)]
enum Piece {
    /// Entries `first..=last` of one mapping, parsed together.
    Run {
        first: Entry,
        last: Entry,
        count: usize,
    },
    /// An entry `key:` whose value is cut into the pieces inside.
    Split { header: usize, pieces: Vec<Piece> },
}

/// Cuts `entries` into pieces: an entry bigger than `target` bytes whose header is bare
/// (`key:`, perhaps a comment) and whose value is a block mapping of two or more entries is
/// split in turn; consecutive other entries are grouped into runs of about `target` bytes.
fn plan(text: &str, lines: &[Line], entries: Vec<Entry>, target: usize) -> Vec<Piece> {
    let size = |e: &Entry| lines[e.end - 1].end - lines[e.start].start;
    let mut pieces = Vec::new();
    let mut run: Option<(Entry, Entry, usize, usize)> = None;
    let flush = |run: &mut Option<(Entry, Entry, usize, usize)>, pieces: &mut Vec<Piece>| {
        if let Some((first, last, count, _)) = run.take() {
            pieces.push(Piece::Run { first, last, count });
        }
    };
    for entry in entries {
        let bytes = size(&entry);
        if bytes > target && bare_header(text, &lines[entry.start]) {
            if let Some(children) = self::entries(lines, entry.start + 1, entry.end) {
                if children.len() >= 2
                    && lines[children[0].start].indent > lines[entry.start].indent
                {
                    flush(&mut run, &mut pieces);
                    pieces.push(Piece::Split {
                        header: entry.start,
                        pieces: plan(text, lines, children, target),
                    });
                    continue;
                }
            }
        }
        match &mut run {
            Some((_, last, count, total)) if *total + bytes <= target => {
                *last = entry;
                *count += 1;
                *total += bytes;
            }
            _ => {
                flush(&mut run, &mut pieces);
                run = Some((entry, entry, 1, bytes));
            }
        }
    }
    flush(&mut run, &mut pieces);
    pieces
}

/// Whether `line` is `key:` with nothing after the colon but spaces or a comment, the key
/// a plain scalar.
fn bare_header(text: &str, line: &Line) -> bool {
    let line = &text[line.start + line.indent..line.end];
    let line = line.trim_end_matches(['\n', '\r', ' ']);
    let line = match line.find(" #") {
        Some(comment) => line[..comment].trim_end(),
        None => line,
    };
    line.strip_suffix(':')
        .is_some_and(|key| !key.contains(": ") && !key.starts_with(['"', '\'']))
}

/// Every run of `pieces`, in document order.
fn collect_runs<'p>(pieces: &'p [Piece], runs: &mut Vec<&'p Piece>) {
    for piece in pieces {
        match piece {
            Piece::Run { .. } => runs.push(piece),
            Piece::Split { pieces, .. } => collect_runs(pieces, runs),
        }
    }
}

/// Parses every run on up to `workers` threads, biggest first; `None` if any fails or holds
/// another number of keys than the scan saw.
fn parse_runs(
    text: &str,
    lines: &[Line],
    runs: &[&Piece],
    workers: usize,
) -> Option<Vec<Map<String, Value>>> {
    let texts: Vec<(&str, usize)> = runs
        .iter()
        .map(|piece| match piece {
            Piece::Run { first, last, count } => (
                &text[lines[first.start].start..lines[last.end - 1].end],
                *count,
            ),
            Piece::Split { .. } => unreachable!("only runs are collected"),
        })
        .collect();
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(texts[i].0.len()));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<Map<String, Value>>>> =
        texts.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let failed = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..workers.min(texts.len()) {
            scope.spawn(|| loop {
                if failed.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(&i) = order.get(n) else { break };
                let (run, count) = texts[i];
                match yaml::parse(run, "") {
                    Ok(Value::Object(map)) if map.len() == count => {
                        *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(map);
                    }
                    _ => failed.store(true, std::sync::atomic::Ordering::Relaxed),
                }
            });
        }
    });
    if failed.into_inner() {
        return None;
    }
    slots
        .into_iter()
        .map(|slot| slot.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}

/// The mapping of `pieces`, from the parsed runs (taken in document order); `None` when a
/// key repeats or a header does not read as one key.
fn assemble(
    text: &str,
    lines: &[Line],
    pieces: &[Piece],
    parsed: &mut impl Iterator<Item = Map<String, Value>>,
) -> Option<Map<String, Value>> {
    let mut out = Map::new();
    for piece in pieces {
        let entries: Vec<(String, Value)> = match piece {
            Piece::Run { .. } => parsed.next()?.into_iter().collect(),
            Piece::Split { header, pieces } => {
                let line = &text[lines[*header].start..lines[*header].end];
                let Ok(Value::Object(key)) = yaml::parse(line, "") else {
                    return None;
                };
                let mut keys = key.into_iter();
                let (key, Value::Null) = keys.next()? else {
                    return None;
                };
                if keys.next().is_some() {
                    return None;
                }
                vec![(key, Value::Object(assemble(text, lines, pieces, parsed)?))]
            }
        };
        for (key, value) in entries {
            if out.insert(key, value).is_some() {
                return None;
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cut parse of `text` (into the smallest runs: any document is cut), checked against
    /// the parse of the whole text: the same tree, or `None`. Returns whether it was cut.
    fn cut(text: &str) -> bool {
        let whole = yaml::parse(text, "t");
        match parse_above(text, 2, 0) {
            Some(value) => {
                assert_eq!(Some(&value), whole.as_ref().ok(), "cut parse of {text:?}");
                true
            }
            None => false,
        }
    }

    const DOC: &str = "\
openapi: 3.0.1
info:
  title: T   # a comment
  version: '1'
servers:
- url: https://example.com
tags:
- name: a
  description: |
    Line one.

    Line two, after a blank line.
  # a comment at the entries' indentation
- name: b
paths:
  /a/{id}:
    get:
      responses:
        200:
          description: ok
  '/b':
    post:
      description: >
        folded
        text
      responses: {'204': {description: none}}
components:   # schemas below
  schemas:
    A:
      type: object
      properties:
        x: {type: string, enum: [a, b]}
    B:
      type: string
      description: \"quoted
        on two lines\"
    C:
      allOf:
      - $ref: '#/components/schemas/A'
x-tail: [1, 2]
";

    #[test]
    fn a_cut_document_reads_as_the_whole() {
        assert!(cut(DOC));
        assert!(cut(&DOC.replace('\n', "\r\n")));
        // Split mappings: `paths`, `components`, `components/schemas` (the target is tiny).
        let Some(Value::Object(root)) = parse_above(DOC, 2, 0) else {
            panic!("not cut")
        };
        assert_eq!(
            root["components"]["schemas"]["B"]["description"],
            "quoted on two lines"
        );
        assert_eq!(
            root["paths"]["/a/{id}"]["get"]["responses"]["200"]["description"],
            "ok"
        );
    }

    #[test]
    fn what_the_scan_cannot_vouch_for_is_parsed_whole() {
        // An alias to an anchor in another run fails that run: parsed whole.
        let aliased = "a:\n  x: &anchor {k: 1}\n  y: 2\nb:\n  z: *anchor\n  w: 3\n";
        assert!(!cut(aliased));
        assert_eq!(
            yaml::parse(aliased, "t").unwrap()["b"]["z"]["k"],
            serde_json::json!(1)
        );
        // A key in two runs: the whole parse reports it.
        assert!(!cut("a:\n  x: 1\n  y: 2\nb: 1\na:\n  z: 3\n  w: 4\n"));
        // Document markers, directives, tabs, a byte order mark, complex keys, a flow value
        // continued at the entries' indentation: never cut.
        assert!(!cut("---\na:\n  x: 1\nb:\n  y: 2\n"));
        assert!(!cut("%YAML 1.2\n---\na:\n  x: 1\nb: 2\n"));
        assert!(!cut("a:\n\tx: 1\nb: 2\n"));
        assert!(!cut("\u{feff}a:\n  x: 1\nb: 2\n"));
        assert!(!cut("? a\n: 1\nb: 2\n"));
        assert!(!cut("a: [1,\n]\nb: 2\n"));
        // A quoted scalar whose next line looks like a key: either read whole or the same.
        cut("a: \"x\nb: y\"\nc: 1\n");
        cut("a:\n  k: 'x\n  j: y'\n  l: 1\nb: 2\n");
        // An anchored or tagged mapping header is not cut (its value stays in one run).
        assert!(cut("a: &m\n  x: 1\n  y: 2\nb: 1\n"));
        // Problems are reported as the whole parse reports them.
        assert!(!cut("a:\n  x: .inf\n  y: 2\nb: 1\n"));
        assert!(!cut("a:\n  x: [1\n  y: 2\nb: 1\n"));
    }

    /// Every smaller YAML document in the repo — fixtures, the fragment, third-party specs, and
    /// the malformed ones — cut into its smallest runs reads as it does whole, or is not cut.
    #[test]
    fn every_yaml_file_in_the_repo_reads_the_same_cut_into_small_runs() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut cut_files = 0;
        for dir in [
            "tests/fixtures",
            "spec",
            "spec/third-party",
            "tests/malformed",
        ] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                panic!("{dir} is missing")
            };
            for entry in entries {
                let path = entry.unwrap().path();
                if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                cut_files += usize::from(cut(&text));
            }
        }
        // Nearly all are cut (47 of 49 on 2026-12-01; the rest fall back, as they must).
        assert!(cut_files >= 40, "only {cut_files} files were cut");
    }

    /// Every YAML spec the repo holds reads the same cut (as the loader cuts it) and whole.
    #[test]
    fn real_specs_read_the_same_cut() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for spec in [
            "spec/upstream/atlas-admin-v2.raw.2025-06-30.yaml",
            "spec/upstream/atlas-admin-v2.raw.2026-05-05.yaml",
            "spec/upstream/atlas-admin-v2.transformed.2026-02-04.yaml",
            "spec/beyond/openai.yaml",
        ] {
            let text = std::fs::read_to_string(root.join(spec)).unwrap();
            let whole = yaml::parse(&text, spec).unwrap();
            let cut = parse(&text, 2).unwrap_or_else(|| panic!("{spec} was not cut"));
            assert!(cut == whole, "{spec} reads differently cut");
        }
    }
}
