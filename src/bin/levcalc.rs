//! `levcalc`: the calculator's engine on the command line.
//!
//! ```text
//! levcalc eval FILE     evaluate a scenario JSON file and print the report JSON
//! levcalc eval -        read the scenario from standard input
//! levcalc venues        list venues, symbols and the date of their tables
//! levcalc example       print the page's opening scenario
//! ```
//! Bad input prints `{"error": {...}}` to standard error and exits with status 2.

use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "usage: levcalc eval FILE|-  |  levcalc venues  |  levcalc example";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
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

fn eval(path: &str) -> ExitCode {
    let mut text = String::new();
    let read = if path == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    if let Err(e) = read {
        eprintln!(
            "{}",
            levcalc::scenario::error_json("io", None, &format!("cannot read {path}: {e}"))
        );
        return ExitCode::from(2);
    }
    match levcalc::scenario::eval_json(&text) {
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
