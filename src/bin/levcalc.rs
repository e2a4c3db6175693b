//! `levcalc`: the calculator's engine on the command line.
//!
//! ```text
//! levcalc eval FILE     evaluate a scenario JSON file and print the report JSON
//! levcalc eval -        read the scenario from standard input
//! levcalc venues        list venues, symbols and the date of their tables
//! levcalc example       print the page's opening scenario
//! ```
//! Bad input prints `{"error": {...}}` to standard error and exits with status 2.

#![deny(clippy::arithmetic_side_effects)]

use levcalc::limits::MAX_SCENARIO_BYTES;
use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "usage: levcalc eval FILE|-  |  levcalc venues  |  levcalc example";

fn main() -> ExitCode {
    // Arguments that are not UTF-8 are refused with the usage line, never a panic.
    let Some(args) = std::env::args_os()
        .skip(1)
        .map(|a| a.into_string().ok())
        .collect::<Option<Vec<String>>>()
    else {
        eprintln!(
            "{}",
            levcalc::scenario::error_json("usage", None, "an argument is not valid UTF-8")
        );
        return ExitCode::from(64);
    };
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["eval", path] => eval(path),
        ["venues"] => {
            for v in levcalc::engine::venues::Venue::ALL {
                let symbols = v.symbols().join(", ");
                println!(
                    "{:<14} {:<16} trigger: {:<20} {}",
                    v.key(),
                    v.label(),
                    v.trigger_price(),
                    symbols
                );
            }
            println!("tables as of {}", levcalc::engine::data::DATA_AS_OF);
            ExitCode::SUCCESS
        }
        ["example"] => {
            let s = levcalc::scenario::Scenario::default();
            match serde_json::to_string_pretty(&s) {
                Ok(text) => {
                    println!("{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(1)
                }
            }
        }
        ["-h"] | ["--help"] | ["help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(64)
        }
    }
}

/// Read at most [`MAX_SCENARIO_BYTES`] (plus one byte, to know there was more) from `r`.
fn read_bounded(r: impl Read) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let limit = u64::try_from(MAX_SCENARIO_BYTES)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    r.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

fn eval(path: &str) -> ExitCode {
    let read = if path == "-" {
        read_bounded(std::io::stdin().lock())
    } else {
        std::fs::File::open(path)
            .map_err(|e| e.to_string())
            .and_then(read_bounded)
    };
    let bytes = match read {
        Ok(b) => b,
        Err(e) => {
            eprintln!(
                "{}",
                levcalc::scenario::error_json("io", None, &format!("cannot read {path}: {e}"))
            );
            return ExitCode::from(2);
        }
    };
    match levcalc::scenario::eval_bytes(&bytes) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::from(2)
        }
    }
}
