//! `levcalc-fuzz`: the seeded fuzz harness of `levcalc::fuzz` as a command (`scripts/fuzz`).
//!
//! ```text
//! levcalc-fuzz [N] [--seed S] [--entry NAME]   N inputs per entry point (default 10000)
//! levcalc-fuzz N --replay FILE --entry NAME     time one input N times (LEVCALC_FUZZ_DUMP=DIR
//!                                               writes each entry point's slowest input there)
//! ```
//! Prints one line per entry point (inputs, evaluated, panics, slow, NaN/∞, slowest input,
//! inputs per second) and exits 1 when anything was found. In the release profile a panic
//! aborts the process: the panic hook prints the entry point and the input first.

#![deny(clippy::arithmetic_side_effects)]

use levcalc::fuzz::{self, ENTRIES};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut n: u64 = 10_000;
    let mut seed: u64 = 1;
    let mut only: Option<String> = None;
    let mut replay: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seed" => seed = it.next().and_then(|s| s.parse().ok()).unwrap_or(seed),
            "--entry" => only = it.next().cloned(),
            "--replay" => replay = it.next().cloned(),
            "-h" | "--help" => {
                println!(
                    "usage: levcalc-fuzz [N] [--seed S] [--entry {}]",
                    ENTRIES.join("|")
                );
                return ExitCode::SUCCESS;
            }
            other => match other.replace('_', "").parse() {
                Ok(v) => n = v,
                Err(_) => {
                    eprintln!("unknown argument {other:?} (see --help)");
                    return ExitCode::from(64);
                }
            },
        }
    }
    fuzz::report_panics();
    if let Some(path) = replay {
        // levcalc-fuzz --replay FILE --entry NAME [N]: time one input (a dumped slowest one).
        let Ok(input) = std::fs::read_to_string(&path) else {
            eprintln!("cannot read {path}");
            return ExitCode::from(66);
        };
        let entry = only.as_deref().unwrap_or("scenario");
        let (min, median) = fuzz::replay(entry, &input, usize::try_from(n.min(1000)).unwrap_or(1));
        println!(
            "{entry}: {} bytes, fastest {:.2} ms, median {:.2} ms",
            input.len(),
            min.as_secs_f64() * 1000.0,
            median.as_secs_f64() * 1000.0
        );
        return ExitCode::SUCCESS;
    }
    let mut clean = true;
    println!(
        "{:<9} {:>10} {:>10} {:>6} {:>5} {:>6} {:>11} {:>10}",
        "entry", "inputs", "evaluated", "panics", "slow", "NaN/∞", "slowest ms", "inputs/s"
    );
    for entry in ENTRIES {
        if only.as_deref().is_some_and(|o| o != *entry) {
            continue;
        }
        let o = fuzz::run(entry, n, seed);
        println!(
            "{:<9} {:>10} {:>10} {:>6} {:>5} {:>6} {:>11.2} {:>10.0}",
            o.entry,
            o.inputs,
            o.evaluated,
            o.panics,
            o.slow,
            o.non_finite,
            o.slowest.as_secs_f64() * 1000.0,
            o.per_second()
        );
        println!(
            "          slowest input: {:?}",
            o.slowest_input.chars().take(160).collect::<String>()
        );
        for f in &o.findings {
            println!("          finding: {f}");
        }
        if let Some(dir) = std::env::var_os("LEVCALC_FUZZ_DUMP") {
            let path = std::path::Path::new(&dir).join(format!("slowest-{}.txt", o.entry));
            if std::fs::write(&path, &o.slowest_input).is_ok() {
                println!("          slowest input written to {}", path.display());
            }
        }
        clean &= o.clean();
    }
    if clean {
        println!("fuzz: clean (0 panics, 0 inputs over 100 ms, 0 NaN/∞)");
        ExitCode::SUCCESS
    } else {
        println!("fuzz: FOUND problems (see findings above)");
        ExitCode::from(1)
    }
}
