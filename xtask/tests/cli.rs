//! `cargo xtask` as a maintainer runs it: help for every level, options refused before any
//! work starts, and `--check` that never writes.

use std::time::{Duration, Instant};

use assert_cmd::Command;

fn xtask(args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("xtask")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().expect("exited"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn help_works_at_the_top_and_for_each_task() {
    let (code, stdout, _) = xtask(&["--help"]);
    assert_eq!(code, 0);
    for task in ["generate", "bench", "conformance", "msrv"] {
        assert!(stdout.contains(task), "{task} missing from:\n{stdout}");
    }
    let (code, stdout, stderr) = xtask(&["generate", "--help"]);
    assert_eq!(code, 0, "{stderr}");
    // Help is wrapped to the terminal's width: compare with single spaces.
    let stdout = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        stdout.contains("[default: spec/atlas-admin-fragment.yaml]")
            && stdout.contains("[default: generated/]")
            && stdout.contains("[default: path:runtime/ of this repository]")
            && stdout.contains("--force")
            && stdout.contains("Exit status:"),
        "{stdout}"
    );
    let (code, stdout, _) = xtask(&["bench", "--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("--runs <RUNS>"), "{stdout}");
}

#[test]
fn a_bad_bench_or_conformance_flag_fails_before_any_build() {
    for args in [
        &["bench", "--bogus"][..],
        &["bench", "--runs", "0"],
        &["bench", "--compile", "--rounds", "0"],
        // --rounds belongs to --compile.
        &["bench", "--rounds", "2"],
        &["bench", "--callgrind", "--compile"],
        &["conformance", "--count", "0"],
        &["conformance", "--bogus"],
    ] {
        let started = Instant::now();
        let (code, _, stderr) = xtask(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(!stderr.contains("re-running"), "{args:?}: {stderr}");
        // Parsing fails at once; a release build would take minutes.
        assert!(started.elapsed() < Duration::from_secs(20), "{args:?}");
    }
}

#[test]
fn check_into_a_new_directory_reports_it_missing_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("absent");
    let (code, _, stderr) = xtask(&["generate", "--check", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("missing: ") && stderr.contains("run `cargo xtask generate`"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn options_for_one_crate_need_a_spec_or_an_output() {
    let (code, _, stderr) = xtask(&["generate", "--crate-name", "x"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--crate-name shapes one crate"), "{stderr}");
}
