//! The dance benchmark: oauth-dance against a hand-written consumer on the same stack, full
//! dances over real HTTP on loopback, in one run.
//!
//! ```text
//! cargo bench --bench dance
//! ```
//!
//! The provider, the oauth-dance app and the hand-written app each run in their own process
//! (this binary, started again with `--role`); the driver is this process. Every figure is
//! printed as a Markdown table. Settings come from the environment: `BENCH_DANCES` (per run,
//! default 40000), `BENCH_ROUNDS` (alternating runs per figure, default 3), `BENCH_CONCURRENCY`
//! (default `16,64,256`), `BENCH_WORKERS` (server workers per app, default: the CPUs).
//!
//! Under `cargo test` (no `--bench` argument) it does a short run of everything and fails on any
//! failed dance or mix-up, so the benchmark cannot rot.

mod alloc;
mod driver;
mod handwritten;
mod instructions;
mod measure;
mod ours;
mod process;
mod provider;
mod report;

use std::process::ExitCode;

use driver::Target;
use process::RoleProcess;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

/// How much to measure.
struct Settings {
    dances: usize,
    rounds: usize,
    concurrency: Vec<usize>,
    workers: usize,
    /// Dances done step by step for the per-request costs.
    cost_dances: usize,
    /// Dances done step by step under callgrind, for instruction counts (0: none).
    instruction_dances: usize,
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

impl Settings {
    fn from_env(benchmark: bool) -> Settings {
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        let (dances, rounds, concurrency, instruction_dances) = if benchmark {
            (40_000, 3, "16,64,256", 300)
        } else {
            (200, 1, "4,16", 5)
        };
        let dances = env_or("BENCH_DANCES", dances);
        Settings {
            dances,
            rounds: env_or("BENCH_ROUNDS", rounds),
            concurrency: env_or("BENCH_CONCURRENCY", concurrency.to_string())
                .split(',')
                .filter_map(|c| c.trim().parse().ok())
                .collect(),
            workers: env_or("BENCH_WORKERS", cpus),
            cost_dances: dances / 2,
            instruction_dances: env_or("BENCH_INSTRUCTION_DANCES", instruction_dances),
        }
    }
}

fn main() -> ExitCode {
    // reqwest is built without a TLS provider choice (as oauth-dance is); the bench uses
    // plain http, but reqwest still wants one installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--role") {
        return run_role(&args[at + 1..]);
    }
    let settings = Settings::from_env(args.iter().any(|a| a == "--bench"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(settings.workers)
        .enable_all()
        .build()
        .expect("the driver's runtime");
    runtime.block_on(bench(settings))
}

fn run_role(args: &[String]) -> ExitCode {
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or_default();
    let workers = arg(1).parse().unwrap_or(2);
    let served = match arg(0) {
        "provider" => provider::run(workers),
        "ours" => ours::run(workers, arg(2)),
        "handwritten" => handwritten::run(workers, arg(2)),
        other => Err(std::io::Error::other(format!("no role {other:?}"))),
    };
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("role {}: {err}", arg(0));
            ExitCode::FAILURE
        }
    }
}

/// The three processes under test.
struct Processes {
    provider: RoleProcess,
    ours: RoleProcess,
    handwritten: RoleProcess,
}

impl Processes {
    fn start(workers: usize) -> Processes {
        let workers = workers.to_string();
        let provider = RoleProcess::start("provider", &[&workers]);
        let ours = RoleProcess::start("ours", &[&workers, &provider.base]);
        let handwritten = RoleProcess::start("handwritten", &[&workers, &provider.base]);
        Processes {
            provider,
            ours,
            handwritten,
        }
    }

    /// Both apps under callgrind, with one worker each (callgrind runs one thread at a time).
    fn start_counted() -> Processes {
        let provider = RoleProcess::start("provider", &["1"]);
        let ours = RoleProcess::start_counted("ours", &["1", &provider.base]);
        let handwritten = RoleProcess::start_counted("handwritten", &["1", &provider.base]);
        Processes {
            provider,
            ours,
            handwritten,
        }
    }

    fn ours(&self) -> Target {
        Target {
            base: self.ours.base.clone(),
            login: ours::LOGIN,
            api: ours::API,
        }
    }

    fn handwritten(&self) -> Target {
        Target {
            base: self.handwritten.base.clone(),
            login: handwritten::LOGIN,
            api: handwritten::API,
        }
    }

    fn bare_login(&self) -> Target {
        Target {
            login: handwritten::BARE_LOGIN,
            ..self.handwritten()
        }
    }
}

/// Hands out user numbers, so that no two dances of a run share a user.
struct Users(usize);

impl Users {
    fn take(&mut self, count: usize) -> usize {
        self.0 += count;
        self.0 - count
    }
}

async fn bench(settings: Settings) -> ExitCode {
    let processes = Processes::start(settings.workers);
    let mut users = Users(1);
    println!(
        "oauth-dance dance benchmark: {} server workers per app, {} CPUs, {} build",
        settings.workers,
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
    );
    let warm_up = settings.dances.min(2_000);
    for target in [processes.ours(), processes.handwritten()] {
        measure::dances(&target, warm_up, 16, users.take(warm_up)).await;
    }
    let rows = throughput(&settings, &processes, &mut users).await;
    let logins = logins(&settings, &processes).await;
    let (ours, theirs) = match footprints(&settings, &processes, &mut users).await {
        Ok(footprints) => footprints,
        Err(why) => {
            eprintln!("a step-by-step dance failed: {why}");
            return ExitCode::FAILURE;
        }
    };
    report::throughput(&rows, settings.dances);
    report::logins(&logins, settings.dances, 16);
    report::costs(&ours, &theirs, settings.cost_dances, 16);
    report::footprint(&ours, &theirs, &rows);
    if let Err(why) = instruction_costs(&settings, &mut users).await {
        eprintln!("counting instructions failed: {why}");
        return ExitCode::FAILURE;
    }
    verdict(&rows, &logins)
}

/// The instructions each step costs both apps, counted by callgrind (when it is installed).
async fn instruction_costs(settings: &Settings, users: &mut Users) -> Result<(), String> {
    let count = settings.instruction_dances;
    if count == 0 {
        return Ok(());
    }
    if !instructions::Callgrind::available() {
        println!("\n(valgrind is not installed: no instruction counts)");
        return Ok(());
    }
    let processes = Processes::start_counted();
    let mut costs = Vec::new();
    for (app, target) in [
        (&processes.ours, processes.ours()),
        (&processes.handwritten, processes.handwritten()),
    ] {
        // Warm up first: connection pools, lazily built state, the allocator's arenas.
        let warm_up = measure::dances(&target, 20, 1, users.take(20)).await;
        if warm_up.failures > 0 {
            return Err(format!("warm-up: {:?}", warm_up.first_failure));
        }
        let cost = measure::dance_cost(app, &target, count, 1, users.take(count)).await?;
        if [cost.login, cost.callback, cost.api]
            .iter()
            .any(|step| step.instructions <= 0.0)
        {
            return Err(format!("a step counted no instructions: {cost:?}"));
        }
        costs.push(cost);
    }
    let bare = processes.bare_login();
    // Warmed up like the dances above; only the second count is kept.
    measure::login_cost(&processes.handwritten, &bare, 20).await?;
    let bare = measure::login_cost(&processes.handwritten, &bare, count).await?;
    if bare.instructions <= 0.0 {
        return Err(format!("the bare logins counted no instructions: {bare:?}"));
    }
    report::instructions(&costs[0], &costs[1], count);
    report::bare_login_instructions(&costs[0], &costs[1], bare);
    Ok(())
}

async fn throughput(
    settings: &Settings,
    processes: &Processes,
    users: &mut Users,
) -> Vec<report::Throughput> {
    let mut rows = Vec::new();
    for &concurrency in &settings.concurrency {
        let mut row = report::Throughput {
            concurrency,
            ours: Vec::new(),
            handwritten: Vec::new(),
        };
        for round in 0..settings.rounds {
            for ours_now in alternate(round) {
                let target = if ours_now {
                    processes.ours()
                } else {
                    processes.handwritten()
                };
                let first = users.take(settings.dances);
                let provider_before = processes.provider.cpu();
                let mut run = measure::dances(&target, settings.dances, concurrency, first).await;
                let provider_cpu = processes.provider.cpu() - provider_before;
                run.provider_cpu_us = provider_cpu.as_secs_f64() * 1e6 / settings.dances as f64;
                if ours_now {
                    &mut row.ours
                } else {
                    &mut row.handwritten
                }
                .push(run);
            }
        }
        rows.push(row);
    }
    rows
}

/// Which consumer runs first in a round: they take turns, so a drift in the machine's speed
/// does not favour one.
fn alternate(round: usize) -> [bool; 2] {
    if round.is_multiple_of(2) {
        [true, false]
    } else {
        [false, true]
    }
}

async fn logins(settings: &Settings, processes: &Processes) -> report::Logins {
    let mut logins = report::Logins {
        ours: Vec::new(),
        bare: Vec::new(),
        handwritten: Vec::new(),
        failures: 0,
    };
    for round in 0..settings.rounds {
        for ours_now in alternate(round) {
            let (target, into) = if ours_now {
                (processes.ours(), &mut logins.ours)
            } else {
                (processes.bare_login(), &mut logins.bare)
            };
            let (per_second, failures) = measure::logins(&target, settings.dances, 16).await;
            into.push(per_second);
            logins.failures += failures;
        }
        let (per_second, failures) =
            measure::logins(&processes.handwritten(), settings.dances, 16).await;
        logins.handwritten.push(per_second);
        logins.failures += failures;
    }
    logins
}

async fn footprints(
    settings: &Settings,
    processes: &Processes,
    users: &mut Users,
) -> Result<(report::Footprint, report::Footprint), String> {
    let count = settings.cost_dances;
    let (ours_users, their_users) = (users.take(count), users.take(count));
    // Both consumers are measured at the same time, step by step: a machine that is busy with
    // other work then weighs on both alike, so the ratios hold even when the absolute figures
    // move.
    let (ours_target, their_target) = (processes.ours(), processes.handwritten());
    let (ours_cost, their_cost) = tokio::join!(
        measure::dance_cost(&processes.ours, &ours_target, count, 16, ours_users),
        measure::dance_cost(
            &processes.handwritten,
            &their_target,
            count,
            16,
            their_users
        ),
    );
    let (ours_cost, their_cost) = (ours_cost?, their_cost?);
    let footprint = |process: &RoleProcess, cost| report::Footprint {
        peak_rss_kib: process.peak_rss_kib(),
        cost,
    };
    Ok((
        footprint(&processes.ours, ours_cost),
        footprint(&processes.handwritten, their_cost),
    ))
}

/// Fails the run when any dance failed or came back with another user's data.
fn verdict(rows: &[report::Throughput], logins: &report::Logins) -> ExitCode {
    let runs = rows
        .iter()
        .flat_map(|r| r.ours.iter().chain(&r.handwritten));
    let (mut failures, mut mixups) = (0, 0);
    for run in runs {
        failures += run.failures;
        mixups += run.mixups;
        if let Some(why) = &run.first_failure {
            eprintln!("first failure of a run: {why}");
        }
    }
    let no_logins = [&logins.ours, &logins.bare, &logins.handwritten]
        .iter()
        .any(|l| l.is_empty());
    failures += logins.failures;
    println!("\nfailures: {failures}, cross-user mix-ups: {mixups}");
    if failures + mixups > 0 || no_logins {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
