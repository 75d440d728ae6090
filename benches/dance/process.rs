//! The roles as child processes (this same binary, run with `--role`), and what Linux tells
//! about them: CPU time and peak resident memory.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::instructions::Callgrind;

/// A role running in its own process; killed when dropped.
pub struct RoleProcess {
    child: Child,
    /// `http://127.0.0.1:{port}`.
    pub base: String,
    /// Set when the process runs under callgrind.
    callgrind: Option<Callgrind>,
}

impl RoleProcess {
    /// Starts `--role {role} {args}` and waits for the port it prints.
    pub fn start(role: &str, args: &[&str]) -> RoleProcess {
        Self::start_in(Command::new(exe()), None, role, args)
    }

    /// Starts the role under callgrind, which counts the instructions it executes.
    pub fn start_counted(role: &str, args: &[&str]) -> RoleProcess {
        let callgrind = Callgrind::new(role);
        let command = callgrind.command(&exe());
        Self::start_in(command, Some(callgrind), role, args)
    }

    fn start_in(
        mut command: Command,
        callgrind: Option<Callgrind>,
        role: &str,
        args: &[&str],
    ) -> RoleProcess {
        let mut child = command
            .arg("--role")
            .arg(role)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start a role process");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the role's first line");
        let port = line
            .trim()
            .strip_prefix("listening on 127.0.0.1:")
            .unwrap_or_else(|| panic!("role {role} printed {line:?}, not its port"));
        RoleProcess {
            base: format!("http://127.0.0.1:{port}"),
            child,
            callgrind,
        }
    }

    /// Instructions the process has executed so far; 0 unless started with
    /// [`start_counted`](Self::start_counted).
    pub fn instructions(&self) -> u64 {
        self.callgrind
            .as_ref()
            .map_or(0, |callgrind| callgrind.total(self.pid()))
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// CPU time used so far by all the process's threads (from `/proc/{pid}/task/*/schedstat`,
    /// in nanoseconds; plain `utime` only counts in 10 ms ticks).
    pub fn cpu(&self) -> Duration {
        let tasks = std::fs::read_dir(format!("/proc/{}/task", self.pid())).expect("/proc tasks");
        let nanos: u64 = tasks
            .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok())
            .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
            .sum();
        Duration::from_nanos(nanos)
    }

    /// Peak resident set size so far, in KiB (`VmHWM`).
    pub fn peak_rss_kib(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid())).expect("/proc status");
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM in /proc status")
    }
}

impl Drop for RoleProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn exe() -> std::path::PathBuf {
    std::env::current_exe().expect("the bench binary's path")
}

/// Tells the parent which port the role listens on (its first line of output).
pub fn announce(port: u16) {
    println!("listening on 127.0.0.1:{port}");
}

/// How long the servers keep an idle connection: longer than any pause between the benchmark's
/// phases, so a client never reuses a connection the server is closing at that very moment.
pub const KEEP_ALIVE: std::time::Duration = std::time::Duration::from_secs(300);
