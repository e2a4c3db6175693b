//! `levcalc`: the calculator's engine on the command line.
//!
//! ```text
//! levcalc eval FILE     evaluate a scenario JSON file and print the report JSON
//! levcalc eval -        read the scenario from standard input
//! levcalc eval --tables PAYLOAD FILE|-   with the venue's own answer (Binance leverageBracket,
//!                        Bybit risk-limit, OKX position-tiers, Gate, Hyperliquid meta, dYdX,
//!                        BitMEX instrument) as the table of the symbols it holds
//! levcalc venues        list venues: how many symbols, and the date and quality of their tables
//! levcalc venues --json  the same, every symbol: {"venues": [{"key", "label", "symbols": [
//!                        {"symbol", "as_of", "quality", "source"}]}]}
//! levcalc example       print the page's opening scenario
//! levcalc venues --write-page DIR   write each file's page form DIR/<key>.txt
//!                        (engine::table_text: what the page fetches instead of the JSON)
//! ```
//! Bad input prints `{"error": {...}}` to standard error and exits with status 2.
//!
//! The venue data files `data/venues/*.json` (issue 11; see `data/venues/README.md`) are
//! embedded in this binary only — never in the library or the wasm — and loaded into the
//! table registry ([`levcalc::engine::tables`]) at start, so every symbol of a file evaluates
//! with its dated table, as the page does once it has fetched the file.

#![deny(clippy::arithmetic_side_effects)]

use levcalc::engine::contract::ContractType;
use levcalc::engine::tables;
use levcalc::engine::venues::{self, Venue};
use levcalc::engine::ContractKind;
use levcalc::limits::MAX_SCENARIO_BYTES;
use std::io::Read;
use std::process::ExitCode;

const USAGE: &str =
    "usage: levcalc eval [--tables PAYLOAD] FILE|-  |  levcalc venues [--json | --write-page DIR]  |  levcalc example";

#[path = "common/venue_files.rs"]
mod venue_files;
use venue_files::{load_venue_files, VENUE_FILES};

/// `levcalc venues --write-page DIR`: each embedded file's page form, `DIR/<key>.txt`.
fn write_page(dir: &str) -> ExitCode {
    for (key, text) in VENUE_FILES {
        let file = match levcalc::engine::venue_data::parse(key, text) {
            Ok(f) => f,
            Err(e) => {
                eprintln!(
                    "{}",
                    levcalc::scenario::error_json("venue_data", None, &e.to_string())
                );
                return ExitCode::from(2);
            }
        };
        let path = std::path::Path::new(dir).join(format!("{key}.txt"));
        if let Err(e) = std::fs::write(&path, levcalc::engine::table_text::write(&file)) {
            eprintln!("{}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

/// `println!` that ends the program quietly when stdout is closed (`levcalc eval … | head`):
/// a closed pipe is the reader being done, not an error, and never a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        if writeln!(out, $($arg)*).and_then(|()| out.flush()).is_err() {
            std::process::exit(0);
        }
    }};
}

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
        ["eval", path] => {
            load_venue_files();
            eval(path, None)
        }
        ["eval", "--tables", tables, path] => {
            load_venue_files();
            eval(path, Some(tables))
        }
        ["venues"] => {
            load_venue_files();
            print_venues();
            ExitCode::SUCCESS
        }
        ["venues", "--json"] => {
            load_venue_files();
            match serde_json::to_string_pretty(&venues_json()) {
                Ok(text) => {
                    say!("{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(1)
                }
            }
        }
        ["venues", "--write-page", dir] => write_page(dir),
        ["example"] => {
            let s = levcalc::scenario::Scenario::default();
            match serde_json::to_string_pretty(&s) {
                Ok(text) => {
                    say!("{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(1)
                }
            }
        }
        ["-h"] | ["--help"] | ["help"] => {
            say!("{USAGE}");
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

/// `--tables FILE`: the venue's own answer (any format `venue_import` reads for the
/// scenario's venue), used for the symbols it holds, as the page's "Use the venue's current
/// table" does. `Err` is the message.
fn import_tables(tables: &str, scenario: &[u8]) -> Result<String, String> {
    let venue = serde_json::from_slice::<serde_json::Value>(scenario)
        .ok()
        .and_then(|v| {
            v.get("venue")
                .and_then(|v| v.as_str())
                .and_then(Venue::from_key)
        })
        .ok_or("--tables needs a scenario that names its venue")?;
    let key = tables::import_key(venue).ok_or(format!(
        "--tables: importing tables for {} is not supported",
        venue.label()
    ))?;
    let text = std::fs::File::open(tables)
        .map_err(|e| e.to_string())
        .and_then(|f| {
            let mut s = String::new();
            f.take(levcalc::engine::venue_import::MAX_IMPORT_BYTES as u64 + 1)
                .read_to_string(&mut s)
                .map_err(|e| e.to_string())?;
            Ok(s)
        })
        .map_err(|e| format!("cannot read {tables}: {e}"))?;
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| tables::date_from_unix(d.as_secs()))
        .unwrap_or_default();
    let imported =
        levcalc::engine::venue_import::import(venue, &text, &today).map_err(|e| e.to_string())?;
    let n = imported.entries.len();
    if !tables::import_entries(key, imported.entries) {
        return Err(format!(
            "--tables: {n} symbols, more than the {} accepted",
            tables::MAX_IMPORTED
        ));
    }
    Ok(imported.format.label().to_owned())
}

fn eval(path: &str, tables: Option<&str>) -> ExitCode {
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
    if let Some(t) = tables {
        if let Err(e) = import_tables(t, &bytes) {
            eprintln!("{}", levcalc::scenario::error_json("venue_data", None, &e));
            return ExitCode::from(2);
        }
    }
    match levcalc::scenario::eval_bytes(&bytes) {
        Ok(report) => {
            say!("{report}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::from(2)
        }
    }
}

/// One symbol of a venue with where its table comes from.
struct SymbolRow {
    symbol: String,
    info: tables::TableInfo,
}

/// The symbols of `v` (built in, then its loaded file's) with their table's info.
fn venue_symbols(v: Venue) -> Vec<SymbolRow> {
    venues::symbols_of(v)
        .into_iter()
        .filter_map(|symbol| {
            let contract = match venues::implied_contract(v) {
                Some(ContractType::Inverse) => ContractKind::Inverse {
                    contract_size: venues::default_contract_size(v, Some(&symbol))
                        .unwrap_or(rust_decimal::Decimal::ONE),
                },
                _ => ContractKind::Linear,
            };
            let p = venues::preset(v, Some(&symbol), contract).ok()?;
            Some(SymbolRow {
                symbol,
                info: p.table_info(),
            })
        })
        .collect()
}

/// `levcalc venues --json`.
fn venues_json() -> serde_json::Value {
    let list: Vec<serde_json::Value> = Venue::ALL
        .into_iter()
        .map(|v| {
            let symbols: Vec<serde_json::Value> = venue_symbols(v)
                .into_iter()
                .map(|r| {
                    serde_json::json!({
                        "symbol": r.symbol,
                        "as_of": r.info.as_of,
                        "quality": r.info.quality.key(),
                        "source": r.info.source,
                    })
                })
                .collect();
            serde_json::json!({ "key": v.key(), "label": v.label(), "symbols": symbols })
        })
        .collect();
    serde_json::json!({ "venues": list })
}

/// `levcalc venues`: one line per venue, then one indented line per (date, quality, source
/// kind) group of its symbols, with a count and the first few names.
fn print_venues() {
    for v in Venue::ALL {
        let rows = venue_symbols(v);
        say!(
            "{:<14} {:<16} trigger: {:<20} {} symbols",
            v.key(),
            v.label(),
            v.trigger_price(),
            rows.len()
        );
        // Groups in order of first appearance.
        let mut groups: Vec<(String, &str, bool, Vec<&str>)> = Vec::new();
        for r in &rows {
            let from_file = tables::table_for(v, &r.symbol).is_some();
            let key = (r.info.as_of.clone(), r.info.quality.key(), from_file);
            match groups
                .iter_mut()
                .find(|g| (g.0.as_str(), g.1, g.2) == (key.0.as_str(), key.1, key.2))
            {
                Some(g) => g.3.push(&r.symbol),
                None => groups.push((key.0, key.1, key.2, vec![&r.symbol])),
            }
        }
        for (as_of, quality, from_file, names) in groups {
            let shown: Vec<&str> = names.iter().take(4).copied().collect();
            let more = names.len().saturating_sub(shown.len());
            let where_from = if from_file {
                format!(
                    "data/venues/{}.json",
                    tables::file_key(v).map(|k| k.key()).unwrap_or("")
                )
            } else {
                "built in".to_owned()
            };
            say!(
                "    {:>4} × as of {:<10} {:<8} {:<26} {}{}",
                names.len(),
                as_of,
                quality,
                where_from,
                shown.join(", "),
                if more > 0 {
                    format!(" … and {more} more")
                } else {
                    String::new()
                }
            );
        }
    }
}
