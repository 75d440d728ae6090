//! The figures, printed as Markdown tables (the README shows them as printed).

use std::time::Duration;

use crate::measure::{DanceCost, Run, StepCost};

/// The throughput runs at one concurrency, alternating between the two consumers.
pub struct Throughput {
    pub concurrency: usize,
    pub ours: Vec<Run>,
    pub handwritten: Vec<Run>,
}

/// The login-only runs, alternating.
pub struct Logins {
    pub ours: Vec<f64>,
    pub bare: Vec<f64>,
    pub handwritten: Vec<f64>,
    /// Logins that did not answer with a redirect, over every run.
    pub failures: usize,
}

pub struct Footprint {
    pub peak_rss_kib: u64,
    pub cost: DanceCost,
}

pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if !n.is_multiple_of(2) => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// The median of the round-by-round ratios `ours[i] / theirs[i]` (each pair ran back to back).
pub fn median_ratio(ours: &[f64], theirs: &[f64]) -> f64 {
    let ratios: Vec<f64> = ours.iter().zip(theirs).map(|(a, b)| a / b).collect();
    median(&ratios)
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1e3)
}

fn median_duration(runs: &[Run], pick: fn(&Run) -> Duration) -> Duration {
    let values: Vec<f64> = runs.iter().map(|r| pick(r).as_secs_f64()).collect();
    Duration::from_secs_f64(median(&values))
}

pub fn throughput(rows: &[Throughput], dances: usize) {
    let rounds = rows.first().map_or(0, |r| r.ours.len());
    println!(
        "\n### Whole dances (login → consent → callback → API call), {dances} per run, median of {rounds} alternating runs\n"
    );
    println!(
        "| concurrency | oauth-dance dances/s | hand-written dances/s | ratio | oauth-dance p50 / p99 ms | hand-written p50 / p99 ms | provider CPU µs per dance (oauth-dance / hand-written) | failures | mix-ups |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for row in rows {
        let rate = |runs: &[Run]| runs.iter().map(|r| r.per_second).collect::<Vec<_>>();
        let (ours, theirs) = (rate(&row.ours), rate(&row.handwritten));
        let provider =
            |runs: &[Run]| median(&runs.iter().map(|r| r.provider_cpu_us).collect::<Vec<_>>());
        let all = row.ours.iter().chain(&row.handwritten);
        let failures: usize = all.clone().map(|r| r.failures).sum();
        let mixups: usize = all.map(|r| r.mixups).sum();
        println!(
            "| {} | {:.0} | {:.0} | **{:.2}×** | {} / {} | {} / {} | {:.0} / {:.0} | {failures} | {mixups} |",
            row.concurrency,
            median(&ours),
            median(&theirs),
            median_ratio(&ours, &theirs),
            ms(median_duration(&row.ours, |r| r.p50)),
            ms(median_duration(&row.ours, |r| r.p99)),
            ms(median_duration(&row.handwritten, |r| r.p50)),
            ms(median_duration(&row.handwritten, |r| r.p99)),
            provider(&row.ours),
            provider(&row.handwritten),
        );
    }
}

pub fn logins(logins: &Logins, count: usize, concurrency: usize) {
    println!("\n### Login redirects, {count} per run at concurrency {concurrency}, logins/s\n");
    println!(
        "| oauth-dance login | bare handler (signed cookie + redirect) | ratio | hand-written login (session + PKCE) |"
    );
    println!("|---|---|---|---|");
    println!(
        "| {:.0} | {:.0} | **{:.2}×** | {:.0} |",
        median(&logins.ours),
        median(&logins.bare),
        median_ratio(&logins.ours, &logins.bare),
        median(&logins.handwritten),
    );
}

fn step_row(step: &str, ours: StepCost, theirs: StepCost) {
    println!(
        "| {step} | {:.1} | {:.1} | {:.2}× | {:.0} | {:.0} | {:.2}× | {:.0} | {:.0} |",
        ours.cpu_us,
        theirs.cpu_us,
        ours.cpu_us / theirs.cpu_us,
        ours.allocations,
        theirs.allocations,
        ours.allocations / theirs.allocations,
        ours.allocated_bytes,
        theirs.allocated_bytes,
    );
}

fn whole(cost: DanceCost) -> StepCost {
    let steps = [cost.login, cost.callback, cost.api];
    StepCost {
        cpu_us: steps.iter().map(|s| s.cpu_us).sum(),
        allocations: steps.iter().map(|s| s.allocations).sum(),
        allocated_bytes: steps.iter().map(|s| s.allocated_bytes).sum(),
        instructions: steps.iter().map(|s| s.instructions).sum(),
    }
}

pub fn costs(ours: &Footprint, theirs: &Footprint, count: usize, concurrency: usize) {
    println!(
        "\n### Cost per request in the app process ({count} dances step by step at concurrency {concurrency}, both consumers at the same time)\n"
    );
    println!(
        "| step | oauth-dance CPU µs | hand-written CPU µs | ratio | oauth-dance allocations | hand-written allocations | ratio | oauth-dance bytes allocated | hand-written bytes allocated |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    step_row("login", ours.cost.login, theirs.cost.login);
    step_row("callback", ours.cost.callback, theirs.cost.callback);
    step_row("API call (logged in)", ours.cost.api, theirs.cost.api);
    step_row("whole dance", whole(ours.cost), whole(theirs.cost));
}

pub fn instructions(ours: &DanceCost, theirs: &DanceCost, count: usize) {
    println!(
        "\n### Instructions per request in the app process (callgrind; {count} dances step by step, one at a time, one worker)\n"
    );
    println!("| step | oauth-dance | hand-written | ratio |");
    println!("|---|---|---|---|");
    let row = |step: &str, ours: StepCost, theirs: StepCost| {
        println!(
            "| {step} | {:.0} | {:.0} | {:.3}× |",
            ours.instructions,
            theirs.instructions,
            ours.instructions / theirs.instructions
        );
    };
    row("login", ours.login, theirs.login);
    row("callback", ours.callback, theirs.callback);
    row("API call (logged in)", ours.api, theirs.api);
    row("whole dance", whole(*ours), whole(*theirs));
}

/// The logins' instructions against the bare login handler's: what keeping a session and PKCE
/// costs on this stack, with and without the library.
pub fn bare_login_instructions(ours: &DanceCost, theirs: &DanceCost, bare: StepCost) {
    println!(
        "\n| login | oauth-dance | hand-written (session + PKCE) | bare handler (signed cookie + redirect) | oauth-dance / bare | hand-written / bare |"
    );
    println!("|---|---|---|---|---|---|");
    let (ours, theirs) = (ours.login.instructions, theirs.login.instructions);
    println!(
        "| instructions | {ours:.0} | {theirs:.0} | {:.0} | {:.3}× | {:.3}× |",
        bare.instructions,
        ours / bare.instructions,
        theirs / bare.instructions
    );
}

pub fn footprint(ours: &Footprint, theirs: &Footprint, rows: &[Throughput]) {
    let cookies = |runs: &[Run]| {
        runs.iter().fold((0, 0), |(l, s), r| {
            (l.max(r.login_cookie_bytes), s.max(r.session_cookie_bytes))
        })
    };
    let ours_runs: Vec<Run> = rows.iter().flat_map(|r| r.ours.clone()).collect();
    let their_runs: Vec<Run> = rows.iter().flat_map(|r| r.handwritten.clone()).collect();
    let (ours_cookies, their_cookies) = (cookies(&ours_runs), cookies(&their_runs));
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!("\n### Memory and cookies\n");
    println!("| | oauth-dance | hand-written | ratio |");
    println!("|---|---|---|---|");
    println!(
        "| peak RSS of the app (MiB, after every run) | {:.1} | {:.1} | {:.2}× |",
        mib(ours.peak_rss_kib),
        mib(theirs.peak_rss_kib),
        ours.peak_rss_kib as f64 / theirs.peak_rss_kib as f64
    );
    println!(
        "| session cookie after login (bytes sent back) | {} | {} | {:.2}× |",
        ours_cookies.0,
        their_cookies.0,
        ours_cookies.0 as f64 / their_cookies.0 as f64
    );
    println!(
        "| session cookie after the dance (bytes sent back) | {} | {} | {:.2}× |",
        ours_cookies.1,
        their_cookies.1,
        ours_cookies.1 as f64 / their_cookies.1 as f64
    );
}
