//! Instructions executed by an app process, counted by valgrind's callgrind: the one CPU figure
//! that does not move with the machine's load (the same binary, inputs and requests give the
//! same count whatever else runs), where CPU time on a shared 2-core machine moves by tens of
//! percent between runs. Callgrind counts user-space instructions only; the two consumers make
//! the same system calls per request (`strace -c`: writev, sendto, recvfrom, epoll_wait), so
//! what differs between them is counted.
//!
//! An app started under callgrind is asked for a dump (`callgrind_control --dump`) at each
//! probe; each dump holds what ran since the one before, and the sum of all of them is the
//! process's running total.
//!
//! With `BENCH_CALLGRIND_KEEP=DIR` the dumps are kept in `DIR/{role}/` (one file per probe:
//! `callgrind.out.2` is the logins, `.4` the callbacks, `.5` the API calls, and the hand-written
//! app's `.9` the bare login handler's logins), for `callgrind_annotate` to say where the
//! instructions went.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::process::Command;

/// An app process running under callgrind, and what its dumps have counted so far.
pub struct Callgrind {
    dir: PathBuf,
    counted: Cell<u64>,
    dumps_read: Cell<usize>,
}

impl Callgrind {
    /// Whether valgrind and callgrind_control are installed (they are on Debian's `valgrind`).
    pub fn available() -> bool {
        let runs = |tool: &str| {
            Command::new(tool)
                .arg("--version")
                .output()
                .is_ok_and(|out| out.status.success())
        };
        runs("valgrind") && runs("callgrind_control")
    }

    /// A fresh directory for one process's dumps.
    pub fn new(role: &str) -> Callgrind {
        let dir = match kept_dir() {
            Some(kept) => kept.join(role),
            None => std::env::temp_dir().join(format!(
                "oauth-dance-bench-callgrind-{}-{role}",
                std::process::id()
            )),
        };
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a directory for callgrind's dumps");
        Callgrind {
            dir,
            counted: Cell::new(0),
            dumps_read: Cell::new(0),
        }
    }

    /// The command that runs `program` under callgrind, its dumps in this directory.
    pub fn command(&self, program: &Path) -> Command {
        let mut command = Command::new("valgrind");
        command
            .arg("--tool=callgrind")
            .arg("--quiet")
            // Each dump names its functions in full (compressed names refer to earlier dumps,
            // which `callgrind_annotate` does not read).
            .arg("--compress-strings=no")
            .arg(format!(
                "--callgrind-out-file={}",
                self.dir.join("callgrind.out").display()
            ))
            .arg(program);
        command
    }

    /// Instructions executed by process `pid` since it started: asks for a dump and adds it.
    pub fn total(&self, pid: u32) -> u64 {
        let dumped = Command::new("callgrind_control")
            .arg("--dump")
            .arg(pid.to_string())
            .output()
            .expect("run callgrind_control");
        assert!(dumped.status.success(), "callgrind_control --dump failed");
        let dump = self.dumps_read.get() + 1;
        let text = read_when_written(&self.dir.join(format!("callgrind.out.{dump}")));
        self.dumps_read.set(dump);
        self.counted.set(self.counted.get() + events(&text));
        self.counted.get()
    }
}

impl Drop for Callgrind {
    fn drop(&mut self) {
        if kept_dir().is_some() {
            eprintln!("callgrind dumps kept in {}", self.dir.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Where the dumps are kept, when `BENCH_CALLGRIND_KEEP` asks for it.
fn kept_dir() -> Option<PathBuf> {
    std::env::var_os("BENCH_CALLGRIND_KEEP")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
}

/// A dump's text, once callgrind has written it all (its last line is `totals:`).
fn read_when_written(path: &Path) -> String {
    for _ in 0..200 {
        if let Ok(text) = std::fs::read_to_string(path)
            && text.contains("\ntotals:")
            && text.ends_with('\n')
        {
            return text;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("callgrind wrote no dump at {}", path.display());
}

/// The instruction count of one dump (its `totals:` line, or `summary:` in older formats).
fn events(dump: &str) -> u64 {
    dump.lines()
        .find_map(|line| {
            line.strip_prefix("totals:")
                .or_else(|| line.strip_prefix("summary:"))
        })
        .and_then(|count| count.split_whitespace().next()?.parse().ok())
        .expect("a totals line in the callgrind dump")
}
