//! Spec text → doc-comment text that rustc, rustdoc and clippy accept whatever the spec holds.
//!
//! A description is Markdown written for a web page; in a `///` comment it meets three readers:
//!
//! - **rustc** rejects a bare carriage return in a doc comment (an error), and denies Unicode
//!   text-direction codepoints in comments and literals (`text_direction_codepoint_in_comment`):
//!   lines are split on CR, LF and CRLF, and every direction codepoint (and other control
//!   character but tab) is written visibly as `\u{202E}` ([`escape_hazards`]);
//! - **rustdoc** compiles every code block that is not marked otherwise as a doctest, fenced
//!   (```` ``` ````, `~~~`, also inside a block quote, list item or footnote) or indented: prose
//!   is left-aligned (so no line is indented code, not even after a container marker such as
//!   `>` or `1.`, whose following whitespace becomes one space) and every fenced block is marked
//!   `text` and closed within its own text ([`doc_markdown`]), found with `pulldown-cmark`
//!   (the parser rustdoc uses, with rustdoc's extensions);
//! - **the item itself**: a doc line always starts with `/// ` (a space), so text starting with
//!   `/` or `!` cannot turn it into `////` or `//!`; `*/` is harmless in a line comment.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

/// Whether `c` must not appear raw in a comment or literal: the Unicode text-direction
/// codepoints rustc lints (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates), the
/// implicit marks U+200E, U+200F and U+061C, and control characters other than tab (a bare CR
/// is a rustc error; the others are invisible).
pub fn is_hazard(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    ) || (c.is_control() && c != '\t')
}

/// `text` with every [`is_hazard`] character written as a visible escape (`\u{202E}`).
pub fn escape_hazards(text: &str) -> std::borrow::Cow<'_, str> {
    // Printable ASCII and tab hold no hazard: most spec text, checked a byte at a time.
    if text
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) || b == b'\t')
        || !text.chars().any(is_hazard)
    {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hazard(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// One line of spec text for a place that must stay on one line (a table cell, a code span in
/// a generated sentence, a `//` comment): line breaks become spaces, hazards are escaped.
pub fn inline(text: &str) -> String {
    let joined = text
        .split(['\r', '\n'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    escape_hazards(&joined).into_owned()
}

/// `text` as a Markdown code span: delimited by a run of backticks longer than any inside it
/// (padded with spaces when it starts or ends with one), on one line.
pub fn code_span(text: &str) -> String {
    let text = inline(text);
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Spec text (Markdown) → the lines of a doc comment (without the `///`), safe for rustc,
/// rustdoc and clippy (see the module docs). Leading and trailing blank lines are dropped; no
/// lines for text that is only whitespace.
pub fn doc_markdown(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .split("\r\n")
        .flat_map(|l| l.split(['\r', '\n']))
        .map(|line| left_aligned(&escape_hazards(line.trim())))
        .collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    let leading = lines.iter().take_while(|l| l.is_empty()).count();
    lines.drain(..leading);
    // A fence is on one line, and the rewriting above adds no backtick or tilde: the whole
    // text is searched once rather than each line.
    // (A byte search first: most texts have neither character, and a three-byte pattern
    // search costs more than the rest of the rewriting.)
    if (text.contains('`') && text.contains("```")) || (text.contains('~') && text.contains("~~~"))
    {
        mark_fences_text(&mut lines);
    }
    lines
}

/// A trimmed line with the whitespace after each leading container marker (`>`, `-`, `+`,
/// `*`, `1.`, `1)`, `[^note]:`) made one space, so nothing after a marker is indented code.
fn left_aligned(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        let marker = container_marker(rest);
        if marker == 0 {
            break;
        }
        out.push_str(&rest[..marker]);
        let after = rest[marker..].trim_start();
        if after.is_empty() {
            return out;
        }
        if marker < rest.len() && rest[marker..].starts_with(char::is_whitespace) {
            out.push(' ');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The length of the container marker `line` starts with (0 if none): `>` (with or without a
/// space after it), or a bullet, an ordered-list number or a footnote label followed by
/// whitespace.
fn container_marker(line: &str) -> usize {
    let followed_by_space = |n: usize| line[n..].starts_with(char::is_whitespace);
    if line.starts_with('>') {
        return 1;
    }
    if line.starts_with(['-', '+', '*']) && followed_by_space(1) {
        return 1;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits)
        && line[digits..].starts_with(['.', ')'])
        && followed_by_space(digits + 1)
    {
        return digits + 1;
    }
    if line.starts_with("[^") {
        if let Some(end) = line.find("]:") {
            if followed_by_space(end + 2) {
                return end + 2;
            }
        }
    }
    0
}

/// rustdoc's Markdown extensions (`rustdoc::html::markdown::main_body_opts`) that change where
/// blocks start and end.
fn rustdoc_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// A fenced code block: the line of its opening fence, whether a closing fence ends it, and
/// the byte offset (in the lines joined by `\n`) where it ends.
struct Fence {
    opener: usize,
    closed: bool,
    end: usize,
}

/// Marks every fenced code block `text` (its opening fence keeps its characters and gets
/// `text` for info string), and closes a block still open at the end of the text with a fence
/// in the same containers, so text that follows (another paragraph of the same doc) is not
/// code. A block opened in a list item whose lines lost their indentation (every line is
/// left-aligned) gets it back up to its closing fence, so the closing fence does not open a
/// new block.
fn mark_fences_text(lines: &mut Vec<String>) {
    let mut fences = find_fences(lines);
    while let Some(closer) = fences.iter().find_map(|f| list_fence_closer(lines, f)) {
        let (opener, closer) = closer;
        let indent = continuation(fence_parts(&lines[opener]).map_or("", |(prefix, _)| prefix));
        for line in &mut lines[opener + 1..=closer] {
            line.insert_str(0, &indent);
        }
        fences = find_fences(lines);
    }
    let text_end = lines
        .iter()
        .map(|l| l.len() + 1)
        .sum::<usize>()
        .saturating_sub(1);
    let mut closer = None;
    for fence in &fences {
        let line = &mut lines[fence.opener];
        let Some((prefix, run)) = fence_parts(line) else {
            continue;
        };
        let (prefix, run) = (prefix.to_string(), run.to_string());
        *line = format!("{prefix}{run}text");
        if !fence.closed && fence.end >= text_end {
            closer = Some(format!("{}{run}", continuation(&prefix)));
        }
    }
    lines.extend(closer);
}

/// The fenced code blocks of the lines, as rustdoc's parser finds them.
fn find_fences(lines: &[String]) -> Vec<Fence> {
    let joined = lines.join("\n");
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            joined
                .char_indices()
                .filter(|(_, c)| *c == '\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset) - 1;
    let mut fences = Vec::new();
    for (event, range) in Parser::new_ext(&joined, rustdoc_options()).into_offset_iter() {
        if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) = event {
            let opener = line_of(range.start);
            let last = line_of(range.end.saturating_sub(1).max(range.start));
            let closed = last > opener && closing_fence(&lines[opener], &lines[last]);
            fences.push(Fence {
                opener,
                closed,
                end: range.end,
            });
        }
    }
    fences
}

/// For a block opened after list markers (no block quote) and ended by the end of its list
/// item rather than by a fence: the line of the fence that was meant to close it, if a later
/// left-aligned line is one.
fn list_fence_closer(lines: &[String], fence: &Fence) -> Option<(usize, usize)> {
    if fence.closed {
        return None;
    }
    let (prefix, _) = fence_parts(&lines[fence.opener])?;
    if prefix.is_empty() || prefix.contains('>') {
        return None;
    }
    let closer = (fence.opener + 1..lines.len())
        .find(|&i| closing_fence(&lines[fence.opener], &lines[i]))?;
    (fence_parts(&lines[closer])?.0.is_empty()).then_some((fence.opener, closer))
}

/// The container prefix of a fence line and its run of fence characters (3 or more backticks
/// or tildes), if it is one.
fn fence_parts(line: &str) -> Option<(&str, &str)> {
    let start = line.find(['`', '~'])?;
    let fence_char = line[start..].chars().next()?;
    let run = line[start..]
        .find(|c| c != fence_char)
        .unwrap_or(line.len() - start);
    (run >= 3).then(|| (&line[..start], &line[start..start + run]))
}

/// Whether `line` closes the fence opened on `opener`: only container markers before it, the
/// same character, at least as many, nothing after.
fn closing_fence(opener: &str, line: &str) -> bool {
    let (Some((_, open)), Some((prefix, close))) = (fence_parts(opener), fence_parts(line)) else {
        return false;
    };
    prefix.chars().all(|c| c == '>' || c == ' ')
        && close.as_bytes()[0] == open.as_bytes()[0]
        && close.len() >= open.len()
        && line[prefix.len() + close.len()..].trim().is_empty()
}

/// The prefix that continues the containers of `prefix` on a later line: block quote markers
/// stay, list and footnote markers become spaces of their width.
fn continuation(prefix: &str) -> String {
    prefix
        .chars()
        .map(|c| if c == '>' || c == ' ' { c } else { ' ' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code block rustdoc would see in the doc lines: (fenced?, info string).
    fn code_blocks(lines: &[String]) -> Vec<(bool, String)> {
        let text = lines.join("\n");
        Parser::new_ext(&text, rustdoc_options())
            .filter_map(|event| match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    Some((true, info.to_string()))
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                    Some((false, String::new()))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn carriage_returns_split_lines() {
        assert_eq!(
            doc_markdown("one\r\ntwo\rthree\nfour\r\r\nfive"),
            ["one", "two", "three", "four", "", "five"]
        );
    }

    #[test]
    fn direction_codepoints_and_controls_are_visible_escapes() {
        assert_eq!(
            doc_markdown("a\u{202E}b\u{2066}c\u{200F}d\u{061C}e\u{7}f\tg"),
            ["a\\u{202E}b\\u{2066}c\\u{200F}d\\u{061C}e\\u{0007}f\tg"]
        );
        assert_eq!(inline("x\r\n\u{202A}y"), "x \\u{202A}y");
    }

    #[test]
    fn fences_anywhere_become_text_blocks() {
        let text = "```\nfn main() {}\n```\n\n> ```\n> quoted\n> ```\n\n1. ```rust\n   listed\n   ```\n\n~~~\ntilde\n~~~\n\n- ~~~~ ignore\n  x";
        let lines = doc_markdown(text);
        let blocks = code_blocks(&lines);
        assert_eq!(blocks.len(), 5, "{lines:#?}");
        // The listed block keeps its lines in the list item, up to its own closing fence.
        assert_eq!(lines[8..11], ["1. ```text", "   listed", "   ```"]);
        assert!(
            blocks
                .iter()
                .all(|(fenced, info)| *fenced && info == "text"),
            "{lines:#?}\n{blocks:?}"
        );
    }

    #[test]
    fn nothing_is_indented_code_even_after_a_container_marker() {
        let text = "    code\n\n>     quoted code\n\n-     listed code\n\n1.\tnumbered\n\n[^1]:     note code\n\n> >      nested";
        let lines = doc_markdown(text);
        assert_eq!(code_blocks(&lines), [], "{lines:#?}");
        assert_eq!(lines[2], "> quoted code");
        assert_eq!(lines[6], "1. numbered");
    }

    /// Whether the last line of `lines` is prose (outside every code block).
    fn ends_in_prose(lines: &[String]) -> bool {
        let text = lines.join("\n");
        let mut in_code = false;
        let mut last = None;
        for event in Parser::new_ext(&text, rustdoc_options()) {
            match event {
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(pulldown_cmark::TagEnd::CodeBlock) => in_code = false,
                Event::Text(t) => last = Some((t.to_string(), in_code)),
                _ => {}
            }
        }
        last == Some((lines.last().unwrap().clone(), false))
    }

    #[test]
    fn an_unclosed_fence_is_closed_in_its_container() {
        for (text, closer) in [
            ("```json\n{", "```"),
            ("> ````\n> {", "> ````"),
            ("1. > ~~~", "   > ~~~"),
        ] {
            let mut lines = doc_markdown(text);
            assert_eq!(lines.last().map(String::as_str), Some(closer), "{text:?}");
            assert_eq!(code_blocks(&lines), [(true, "text".to_string())]);
            // What follows (another paragraph of the same doc) is prose again.
            lines.extend(["".to_string(), "after".to_string()]);
            assert!(ends_in_prose(&lines), "{lines:#?}");
        }
    }

    #[test]
    fn a_closed_fence_gets_no_extra_closer() {
        assert_eq!(doc_markdown("```\nx\n```"), ["```text", "x", "```"]);
        assert_eq!(
            doc_markdown("> ```\n> x\n> ```"),
            ["> ```text", "> x", "> ```"]
        );
    }

    #[test]
    fn inline_code_with_backticks_is_not_a_fence() {
        assert_eq!(doc_markdown("```a``` is code"), ["```a``` is code"]);
        assert_eq!(code_blocks(&doc_markdown("```a``` is code")), []);
    }

    #[test]
    fn code_spans_hold_any_value() {
        assert_eq!(code_span("plain"), "`plain`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(code_span("a\nb"), "`a b`");
    }

    #[test]
    fn blank_text_gives_no_lines() {
        assert!(doc_markdown(" \r\n\n \t").is_empty());
        assert_eq!(doc_markdown("\n\nx\n\n"), ["x"]);
    }
}
