//! A small ui-test runner: compiles single-file programs with `rustc` against the workspace's own
//! build of `oauth-dance`, and compares the compiler's output with the program's `.stderr`.
//!
//! It replaces trybuild, which builds its own project with its own flags and so rebuilt the whole
//! dependency tree. Here `rustc` is called directly with `--extern oauth_dance=<rlib>` and
//! `-L dependency=<deps dir>`, where the deps dir is the one holding this test binary: cargo built
//! `oauth-dance` (a dev-dependency) and the derive macro there before running the test.
//!
//! Paths are given to `rustc` relative to the package (`tests/ui/x.rs`), so diagnostics show
//! them so; the workspace's absolute path, if it appears, is written `$WORKSPACE`. With
//! `UI_BLESS=1` (or `TRYBUILD=overwrite`) the `.stderr` files are written instead of compared.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::{env, fs};

/// The package directory: `rustc` runs there, and ui paths are relative to it.
const PACKAGE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Where the compiled programs go.
const OUT_DIR: &str = env!("CARGO_TARGET_TMPDIR");

/// Every `dir/*.rs` must fail to compile with exactly the diagnostics of its `.stderr`.
///
/// Panics with one section per failing file: a diff of the expected and actual output, or why
/// the file could not be checked.
pub fn compile_fail(dir: &str) {
    let bless = bless();
    let mut failures = Vec::new();
    for file in ui_files(dir) {
        let output = rustc(&file, &["--emit=metadata"], &out_dir("compile-fail"));
        let actual = normalize(&String::from_utf8_lossy(&output.stderr));
        if output.status.success() {
            failures.push(format!("{file}: compiled, but it must fail\n{actual}"));
        } else if let Some(failure) = check_stderr(&file, &actual, bless) {
            failures.push(failure);
        }
    }
    failures.extend(orphan_stderr_files(dir));
    report(failures);
}

/// Compares `actual` with the `.stderr` of `file`, or writes it there if `bless`; returns the
/// failure, if any.
fn check_stderr(file: &str, actual: &str, bless: bool) -> Option<String> {
    let path = Path::new(PACKAGE_DIR).join(file).with_extension("stderr");
    if bless {
        fs::write(&path, actual)
            .unwrap_or_else(|err| panic!("cannot write {}: {err}", path.display()));
        return None;
    }
    match fs::read_to_string(&path) {
        Ok(expected) if normalize(&expected) == actual => None,
        Ok(expected) => Some(format!(
            "{file}: the diagnostics differ from {} (- expected, + actual; to accept the actual \
             output, run with UI_BLESS=1 and review the diff)\n{}",
            path.display(),
            diff(&normalize(&expected), actual)
        )),
        Err(err) => Some(format!(
            "{file}: cannot read {}: {err} (run with UI_BLESS=1 to write it)\n{actual}",
            path.display()
        )),
    }
}

/// Every `dir/*.rs` must compile without any diagnostic, and the program must run successfully
/// (its `main` makes assertions).
pub fn pass(dir: &str) {
    let out = out_dir("pass");
    let mut failures = Vec::new();
    for file in ui_files(dir) {
        let output = rustc(&file, &[], &out);
        let stderr = normalize(&String::from_utf8_lossy(&output.stderr));
        if !output.status.success() || !stderr.is_empty() {
            failures.push(format!(
                "{file}: must compile without diagnostics\n{stderr}"
            ));
            continue;
        }
        let program = out.join(crate_name(&file) + env::consts::EXE_SUFFIX);
        let run = Command::new(&program)
            .output()
            .unwrap_or_else(|err| panic!("cannot run {}: {err}", program.display()));
        if !run.status.success() {
            failures.push(format!(
                "{file}: the program failed ({})\n{}{}",
                run.status,
                String::from_utf8_lossy(&run.stdout),
                String::from_utf8_lossy(&run.stderr)
            ));
        }
    }
    report(failures);
}

/// Compiles `file` (relative to the package) into `out` with `extra` flags: a `bin` crate if it
/// has a `main`, else a `lib`, on edition 2024, against the workspace's `oauth-dance`.
fn rustc(file: &str, extra: &[&str], out: &Path) -> Output {
    let source = fs::read_to_string(Path::new(PACKAGE_DIR).join(file)).unwrap();
    let crate_type = if source.contains("fn main(") {
        "bin"
    } else {
        "lib"
    };
    let deps = deps_dir();
    let oauth_dance = newest_rlib(&deps, "oauth_dance");
    let mut command = Command::new(rustc_path());
    command
        .current_dir(PACKAGE_DIR)
        // Stable rustc, as the user has it: no unstable features, no nightly-only hints.
        .env_remove("RUSTC_BOOTSTRAP")
        .args(["--edition", "2024", "--color", "never"])
        .args([
            "--crate-type",
            crate_type,
            "--crate-name",
            &crate_name(file),
        ])
        .arg("--extern")
        .arg(format!("oauth_dance={}", oauth_dance.display()))
        .arg("-L")
        .arg(format!("dependency={}", deps.display()))
        .arg("--out-dir")
        .arg(out)
        .args(extra)
        .arg(file);
    command
        .output()
        .unwrap_or_else(|err| panic!("cannot run {command:?}: {err}"))
}

/// The `rustc` of the toolchain running the tests: the one next to `$CARGO` (cargo sets it for
/// the tests it runs), else `rustc` on `PATH`. It must be the compiler that built the rlibs.
fn rustc_path() -> PathBuf {
    let next_to_cargo = env::var_os("CARGO")
        .map(PathBuf::from)
        .and_then(|cargo| {
            Some(
                cargo
                    .parent()?
                    .join(format!("rustc{}", env::consts::EXE_SUFFIX)),
            )
        })
        .filter(|rustc| rustc.is_file());
    next_to_cargo.unwrap_or_else(|| PathBuf::from("rustc"))
}

/// The directory of this test binary: `target/<profile>/deps`, holding every dependency.
fn deps_dir() -> PathBuf {
    let exe = env::current_exe().expect("the test binary's path");
    exe.parent()
        .expect("the test binary is in a directory")
        .to_path_buf()
}

/// The most recently built `lib<name>-<hash>.rlib` in `deps`.
fn newest_rlib(deps: &Path, name: &str) -> PathBuf {
    let prefix = format!("lib{name}-");
    let modified = |path: &Path| fs::metadata(path).and_then(|m| m.modified()).ok();
    fs::read_dir(deps)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", deps.display()))
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| {
            let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("");
            file.starts_with(&prefix) && file.ends_with(".rlib")
        })
        .max_by_key(|path| modified(path))
        .unwrap_or_else(|| {
            panic!(
                "no {prefix}*.rlib in {}: `oauth-dance` is a dev-dependency of this package, \
                 so cargo builds it before running this test; run the test with cargo",
                deps.display()
            )
        })
}

/// The `.rs` files directly in `dir` (relative to the package), sorted, as relative paths.
fn ui_files(dir: &str) -> Vec<String> {
    let files = files_with_extension(dir, "rs");
    assert!(!files.is_empty(), "no {dir}/*.rs: nothing to test");
    files
}

/// The files of `dir` (relative to the package) ending in `.{extension}`, sorted, as
/// `dir/<name>` paths.
fn files_with_extension(dir: &str, extension: &str) -> Vec<String> {
    let full = Path::new(PACKAGE_DIR).join(dir);
    let mut files: Vec<String> = fs::read_dir(&full)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", full.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?;
            let is_match = path.is_file() && path.extension()? == extension;
            is_match.then(|| format!("{dir}/{name}"))
        })
        .collect();
    files.sort();
    files
}

/// A failure for every `dir/*.stderr` without its `.rs` (left over from a rename or removal).
fn orphan_stderr_files(dir: &str) -> Vec<String> {
    files_with_extension(dir, "stderr")
        .into_iter()
        .filter(|stderr| {
            !Path::new(PACKAGE_DIR)
                .join(stderr)
                .with_extension("rs")
                .is_file()
        })
        .map(|stderr| format!("{stderr}: no .rs file of that name; remove it"))
        .collect()
}

/// The crate name of a ui file: its file stem.
fn crate_name(file: &str) -> String {
    let stem = Path::new(file).file_stem().and_then(|s| s.to_str());
    stem.expect("a ui file name is UTF-8").to_string()
}

/// A per-kind output directory under the target's test scratch directory.
fn out_dir(kind: &str) -> PathBuf {
    let dir = Path::new(OUT_DIR).join("ui").join(kind);
    fs::create_dir_all(&dir).unwrap_or_else(|err| panic!("cannot create {}: {err}", dir.display()));
    dir
}

/// Compiler output made comparable across machines: `\n` line ends, the workspace's absolute
/// path written `$WORKSPACE`, no trailing blank lines, and a final newline unless empty.
fn normalize(stderr: &str) -> String {
    let workspace = Path::new(PACKAGE_DIR)
        .parent()
        .expect("the package is in the workspace");
    let text = stderr
        .replace("\r\n", "\n")
        .replace(&format!("{}/", workspace.display()), "$WORKSPACE/");
    let text = text.trim_end();
    if text.is_empty() {
        String::new()
    } else {
        format!("{text}\n")
    }
}

/// Whether to write the `.stderr` files instead of comparing: `UI_BLESS=1`, or trybuild's
/// `TRYBUILD=overwrite`.
fn bless() -> bool {
    env::var("UI_BLESS").is_ok_and(|v| v == "1")
        || env::var("TRYBUILD").is_ok_and(|v| v == "overwrite")
}

/// A line diff of `expected` and `actual`: lines only in `expected` start with `-`, lines only in
/// `actual` with `+`, common lines with a space (a longest-common-subsequence diff).
fn diff(expected: &str, actual: &str) -> String {
    let (old, new): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    // common[i][j]: the length of the longest common subsequence of old[i..] and new[j..].
    let mut common = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            common[i][j] = if old[i] == new[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            out += &format!("  {}\n", old[i]);
            (i, j) = (i + 1, j + 1);
        } else if i < old.len() && (j == new.len() || common[i + 1][j] >= common[i][j + 1]) {
            out += &format!("- {}\n", old[i]);
            i += 1;
        } else {
            out += &format!("+ {}\n", new[j]);
            j += 1;
        }
    }
    out
}

/// Panics with every failure, separated by blank lines, if there is any.
fn report(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} ui failure(s):\n\n{}",
        failures.len(),
        failures
            .iter()
            .map(|f| f.trim_end())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}
