//! The page's form of a venue's tables: a small line-based text, written natively from the
//! validated JSON data file and read by the wasm with a few string splits.
//!
//! Why a second form: the JSON files (`data/venues/<key>.json`) carry each venue's raw fields
//! (Gate's and BitMEX's risk-limit steps, Hyperliquid's margin tables, contract facts) and
//! their reader, [`super::venue_data::parse`], applies each venue's rule to them; compiled into
//! the wasm that reader costs about 37 KB gzip. The page needs only the result: each usable
//! symbol's bracket table, its date and its contract facts. [`write`] prints exactly what
//! [`super::tables::entries_of`] makes of a validated file, and `data/venues/<key>.txt` is
//! that text (`levcalc venues --write-page DIR`; `tests/tables.rs` checks that the committed
//! texts are current and that every symbol reads back to the same table).
//!
//! # Format (version 1)
//! ```text
//! levcalc-tables 1 <venue key>
//! i <TAB> <as_of> <TAB> <quality> <TAB> <source>        (table infos, numbered from 0)
//! <SYMBOL> <TAB> <info> <TAB> <contract> <TAB> <rule> <TAB> <tiers>
//! ```
//! - `contract`: `inverse;tick;lot;mmr;imr;taker;maker`, `inverse` `1` or `0`, the others
//!   exact decimals or empty (taker and maker both or neither).
//! - `rule`: the look-up (`F` last tier with floor ≤ value, `C` first tier with value ≤ cap)
//!   and the unit (`N` notional, `S` size, `Q` quote value).
//! - `tiers`: `floor,cap,rate,amount,max_leverage` separated by `;`.
//!
//! Symbols come once each in byte order. [`read`] checks what the figures rely on, naming
//! venue, symbol and tier: at most [`MAX_SYMBOLS`] symbols and [`MAX_STEP_TIERS`] tiers,
//! tiers from 0, contiguous, each cap above its floor, `0 < rate < 1/max_leverage`,
//! `max_leverage ≥ 1`, amounts ≥ 0; a bad text registers nothing.

use super::brackets::{Bracket, BracketTable, Lookup, TierUnit};
use super::fees::FeeSchedule;
use super::margin::Maintenance;
use super::num::mul;
use super::tables::{ContractFacts, Entry, TableInfo};
use super::venue_data::error::{Problem, VenueDataError};
use super::venue_data::{
    Quality, VenueKey, MAX_FILE_BYTES, MAX_STEP_TIERS, MAX_SYMBOLS, MAX_SYMBOL_LEN,
};
use rust_decimal::Decimal;
use std::str::FromStr;

/// First word of the first line.
pub const MAGIC: &str = "levcalc-tables";
/// The format version this reader reads.
pub const VERSION: &str = "1";
/// Most table infos in one text.
const MAX_INFOS: usize = 64;
/// Longest info text (date, quality or source), in characters.
const MAX_INFO_LEN: usize = 2_000;

/// The page text of a validated file's usable symbols ([`super::tables::entries_of`]).
#[cfg(not(target_arch = "wasm32"))]
pub fn write(file: &super::venue_data::VenueFile) -> String {
    write_entries(file.venue, &super::tables::entries_of(file))
}

/// The page text of `entries` (sorted by symbol, each once) for venue file `key`: what the
/// page keeps of a user's imported tables in local storage, read back by [`read`].
pub fn write_entries(key: VenueKey, entries: &[Entry]) -> String {
    use std::fmt::Write as _;
    let mut infos: Vec<&TableInfo> = Vec::new();
    for e in entries {
        if !infos.contains(&&e.info) {
            infos.push(&e.info);
        }
    }
    let clean = |t: &str| t.replace(['\t', '\n', '\r'], " ");
    let num = |d: Option<Decimal>| d.map(|d| d.normalize().to_string()).unwrap_or_default();
    let mut out = format!("{MAGIC} {VERSION} {}\n", key.key());
    for i in &infos {
        let _ = writeln!(
            out,
            "i\t{}\t{}\t{}",
            clean(&i.as_of),
            i.quality.key(),
            clean(&i.source)
        );
    }
    for e in entries {
        let c = &e.contract;
        let idx = infos.iter().position(|i| **i == e.info).unwrap_or(0);
        let rule = match e.table.lookup {
            Lookup::FloorInclusive => 'F',
            Lookup::CapInclusive => 'C',
        };
        let unit = match e.table.unit {
            TierUnit::Notional => 'N',
            TierUnit::Size => 'S',
            TierUnit::QuoteValue => 'Q',
        };
        let tiers: Vec<String> = e
            .table
            .brackets
            .iter()
            .map(|b| {
                format!(
                    "{},{},{},{},{}",
                    b.floor.normalize(),
                    b.cap.normalize(),
                    b.maintenance.rate.normalize(),
                    b.maintenance.amount.normalize(),
                    b.max_leverage.normalize()
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "{}\t{idx}\t{};{};{};{};{};{};{}\t{rule}{unit}\t{}",
            e.symbol,
            u8::from(c.inverse),
            num(c.tick),
            num(c.lot),
            num(c.mmr),
            num(c.imr),
            num(c.fees.map(|f| f.taker)),
            num(c.fees.map(|f| f.maker)),
            tiers.join(";")
        );
    }
    out
}

/// Read a page text for the venue file `venue_key` (see the module documentation).
///
/// # Errors
/// The first problem found, naming venue, symbol and tier.
pub fn read(venue_key: &str, text: &str) -> Result<(VenueKey, Vec<Entry>), VenueDataError> {
    // One reader type for the page's two uses (an owned text read across tasks): a copy of
    // the text costs less than a second copy of the reader's code.
    let mut r = Reader::new(venue_key, text.to_owned())?;
    r.step(usize::MAX)?;
    Ok(r.finish())
}

/// A page text read a few symbols at a time (the page reads its 808-symbol opening table in
/// tasks of a few dozen symbols, so that no task is long), with the same checks as [`read`]:
/// [`Reader::new`] checks the first line, each [`Reader::step`] the symbols it reads.
pub struct Reader {
    key: VenueKey,
    text: String,
    /// Byte offset of the next line.
    pos: usize,
    infos: Vec<TableInfo>,
    entries: Vec<Entry>,
}

impl Reader {
    /// Check the text's size and first line.
    ///
    /// # Errors
    /// A text too large, not a version 1 table text, or for another venue.
    pub fn new(venue_key: &str, text: String) -> Result<Reader, VenueDataError> {
        let whole = |p| VenueDataError::new(venue_key, p);
        let t = text.as_str();
        if t.len() > MAX_FILE_BYTES {
            return Err(whole(Problem::FileTooLarge {
                bytes: t.len(),
                max: MAX_FILE_BYTES,
            }));
        }
        let key = VenueKey::from_key(venue_key).ok_or_else(|| whole(Problem::UnknownVenue))?;
        let head = t.lines().next().unwrap_or_default();
        let mut words = head.split(' ');
        if words.next() != Some(MAGIC) || words.next() != Some(VERSION) {
            return Err(whole(Problem::BadText {
                field: "first line",
                text: super::venue_data::error::quote(head),
                reason: "not a version 1 levcalc table text (levcalc-tables 1 <venue>)",
            }));
        }
        match words.next() {
            Some(v) if v == key.key() && words.next().is_none() => {}
            other => {
                return Err(whole(Problem::VenueMismatch {
                    found: super::venue_data::error::quote(other.unwrap_or_default()),
                }))
            }
        }
        let pos = t.find('\n').map_or(t.len(), |i| i.saturating_add(1));
        Ok(Reader {
            key,
            text,
            pos,
            infos: Vec::new(),
            entries: Vec::new(),
        })
    }

    /// The line at `pos` (as `str::lines` gives it: without `\n` or a `\r` before it) and the
    /// offset after it.
    fn line_at(&self, pos: usize) -> Option<(&str, usize)> {
        let rest = self.text.as_str().get(pos..).filter(|r| !r.is_empty())?;
        let (line, next) = match rest.find('\n') {
            Some(i) => (
                rest.get(..i).unwrap_or_default(),
                pos.saturating_add(i).saturating_add(1),
            ),
            None => (rest, self.text.as_str().len()),
        };
        Some((line.strip_suffix('\r').unwrap_or(line), next))
    }

    /// Read up to `max_symbols` more symbol lines (table infos and empty lines do not count);
    /// `Ok(true)` once the text is all read.
    ///
    /// # Errors
    /// The first problem found, naming venue, symbol and tier (the text is then refused).
    pub fn step(&mut self, max_symbols: usize) -> Result<bool, VenueDataError> {
        let whole = |p| VenueDataError::new(self.key.key(), p);
        let mut read = 0usize;
        while read < max_symbols {
            let Some((line, next)) = self.line_at(self.pos) else {
                return Ok(true);
            };
            if let Some(rest) = line.strip_prefix("i\t") {
                let info = read_info(rest).map_err(whole)?;
                self.infos.push(info);
                self.pos = next;
                if self.infos.len() > MAX_INFOS {
                    return Err(whole(Problem::TooMany {
                        what: "table infos",
                        count: self.infos.len(),
                        max: MAX_INFOS,
                    }));
                }
                continue;
            }
            if line.is_empty() {
                self.pos = next;
                continue;
            }
            let e = read_symbol(self.key, line, &self.infos)?;
            self.pos = next;
            if let Some(prev) = self.entries.last() {
                if prev.symbol >= e.symbol {
                    return Err(VenueDataError::at(
                        self.key.key(),
                        &e.symbol,
                        None,
                        Problem::NotSorted {
                            previous: super::venue_data::error::quote(&prev.symbol),
                        },
                    ));
                }
            }
            self.entries.push(e);
            if self.entries.len() > MAX_SYMBOLS {
                return Err(whole(Problem::TooMany {
                    what: "symbols",
                    count: self.entries.len(),
                    max: MAX_SYMBOLS,
                }));
            }
            read = read.saturating_add(1);
        }
        Ok(self.line_at(self.pos).is_none())
    }

    /// The venue file and the symbols read.
    pub fn finish(self) -> (VenueKey, Vec<Entry>) {
        (self.key, self.entries)
    }
}

fn bad(field: &'static str, text: &str, reason: &'static str) -> Problem {
    Problem::BadText {
        field,
        text: super::venue_data::error::quote(text),
        reason,
    }
}

fn read_info(rest: &str) -> Result<TableInfo, Problem> {
    let mut parts = rest.splitn(3, '\t');
    let as_of = parts.next().unwrap_or_default();
    let quality = parts.next().unwrap_or_default();
    let source = parts.next().ok_or(Problem::Missing { field: "source" })?;
    if as_of.is_empty() || as_of.chars().count() > 20 {
        return Err(bad("as_of", as_of, "a date such as 2026-07-02"));
    }
    if source.chars().count() > MAX_INFO_LEN {
        return Err(bad("source", "", "too long"));
    }
    let quality = Quality::from_key(quality)
        .ok_or_else(|| bad("quality", quality, "exact, derived or stand-in"))?;
    Ok(TableInfo {
        source: source.to_owned(),
        as_of: as_of.to_owned(),
        quality,
    })
}

fn number(field: &'static str, text: &str) -> Result<Decimal, Problem> {
    let plain = !text.is_empty()
        && text.len() <= super::venue_data::MAX_NUMBER_LEN
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
    plain
        .then(|| Decimal::from_str(text).ok())
        .flatten()
        // Built only on failure: this runs for every number of an 808-symbol file at load.
        .ok_or_else(|| Problem::NotANumber {
            field,
            text: super::venue_data::error::quote(text),
        })
}

fn optional(field: &'static str, text: &str) -> Result<Option<Decimal>, Problem> {
    if text.is_empty() {
        Ok(None)
    } else {
        number(field, text).map(Some)
    }
}

fn read_symbol(key: VenueKey, line: &str, infos: &[TableInfo]) -> Result<Entry, VenueDataError> {
    let mut cols = line.split('\t');
    let symbol = cols.next().unwrap_or_default();
    let at = |tier, p| VenueDataError::at(key.key(), symbol, tier, p);
    let valid_name = !symbol.is_empty()
        && symbol.chars().count() <= MAX_SYMBOL_LEN
        && !symbol.contains(char::is_whitespace);
    if !valid_name {
        return Err(at(
            None,
            bad("symbol", symbol, "1 to 40 characters, no blanks"),
        ));
    }
    let (Some(info), Some(contract), Some(rule), Some(tiers), None) = (
        cols.next(),
        cols.next(),
        cols.next(),
        cols.next(),
        cols.next(),
    ) else {
        return Err(at(None, bad("line", "", "five tab-separated columns")));
    };
    let info = info
        .parse::<usize>()
        .ok()
        .and_then(|i| infos.get(i))
        .cloned()
        .ok_or_else(|| at(None, bad("info", info, "the number of an earlier i line")))?;
    let contract = read_contract(contract).map_err(|p| at(None, p))?;
    let (lookup, unit) = match rule.as_bytes() {
        [l, u] => (
            match l {
                b'F' => Lookup::FloorInclusive,
                b'C' => Lookup::CapInclusive,
                _ => return Err(at(None, bad("rule", rule, "F or C, then N, S or Q"))),
            },
            match u {
                b'N' => TierUnit::Notional,
                b'S' => TierUnit::Size,
                b'Q' => TierUnit::QuoteValue,
                _ => return Err(at(None, bad("rule", rule, "F or C, then N, S or Q"))),
            },
        ),
        _ => return Err(at(None, bad("rule", rule, "F or C, then N, S or Q"))),
    };
    let mut brackets: Vec<Bracket> = Vec::new();
    for (i, t) in tiers.split(';').enumerate() {
        if i >= MAX_STEP_TIERS {
            return Err(at(
                None,
                Problem::TooMany {
                    what: "tiers",
                    count: tiers.split(';').count(),
                    max: MAX_STEP_TIERS,
                },
            ));
        }
        let b = read_tier(t, brackets.last()).map_err(|p| at(Some(i), p))?;
        brackets.push(b);
    }
    Ok(Entry {
        symbol: symbol.to_owned(),
        table: BracketTable {
            brackets,
            unit,
            lookup,
        },
        info,
        contract,
    })
}

fn read_contract(text: &str) -> Result<ContractFacts, Problem> {
    let f: Vec<&str> = text.split(';').collect();
    let [inverse, tick, lot, mmr, imr, taker, maker] = f.as_slice() else {
        return Err(bad(
            "contract",
            text,
            "inverse;tick;lot;mmr;imr;taker;maker",
        ));
    };
    let inverse = match *inverse {
        "1" => true,
        "0" => false,
        other => return Err(bad("inverse", other, "1 or 0")),
    };
    let fees = match (optional("taker", taker)?, optional("maker", maker)?) {
        (Some(taker), Some(maker)) => Some(FeeSchedule { taker, maker }),
        (None, None) => None,
        _ => return Err(bad("fees", text, "taker and maker both or neither")),
    };
    Ok(ContractFacts {
        inverse,
        tick: optional("tick", tick)?,
        lot: optional("lot", lot)?,
        mmr: optional("mmr", mmr)?,
        imr: optional("imr", imr)?,
        fees,
    })
}

fn read_tier(text: &str, previous: Option<&Bracket>) -> Result<Bracket, Problem> {
    let f: Vec<&str> = text.split(',').collect();
    let [floor, cap, rate, amount, lev] = f.as_slice() else {
        return Err(bad("tier", text, "floor,cap,rate,amount,max_leverage"));
    };
    let b = Bracket {
        floor: number("floor", floor)?,
        cap: number("cap", cap)?,
        maintenance: Maintenance::new(number("rate", rate)?, number("amount", amount)?),
        max_leverage: number("max_leverage", lev)?,
    };
    check_tier(&b, previous)?;
    Ok(b)
}

/// Check a table's tiers as [`read`] does (from 0, contiguous, caps above floors,
/// `0 < rate < 1/max_leverage`, `max_leverage ≥ 1`, amounts ≥ 0, at most [`MAX_STEP_TIERS`]):
/// the first bad tier's 0-based index and what is wrong. For tables made elsewhere (a user's
/// import) before they are used.
///
/// # Errors
/// The first tier that fails, with its problem; `(0, NoTiers)` for an empty table.
pub fn check_table(table: &BracketTable) -> Result<(), (usize, Problem)> {
    if table.brackets.is_empty() {
        return Err((0, Problem::NoTiers));
    }
    if table.brackets.len() > MAX_STEP_TIERS {
        return Err((
            MAX_STEP_TIERS,
            Problem::TooMany {
                what: "tiers",
                count: table.brackets.len(),
                max: MAX_STEP_TIERS,
            },
        ));
    }
    let mut previous = None;
    for (i, b) in table.brackets.iter().enumerate() {
        check_tier(b, previous).map_err(|p| (i, p))?;
        previous = Some(b);
    }
    Ok(())
}

fn check_tier(b: &Bracket, previous: Option<&Bracket>) -> Result<(), Problem> {
    let (floor, cap, rate, amount, max_leverage) = (
        b.floor,
        b.cap,
        b.maintenance.rate,
        b.maintenance.amount,
        b.max_leverage,
    );
    match previous {
        None if !floor.is_zero() => return Err(Problem::FirstFloorNotZero { floor }),
        Some(p) if p.cap != floor => {
            return Err(Problem::NotContiguous {
                floor,
                previous_cap: p.cap,
            })
        }
        _ => {}
    }
    if cap <= floor {
        return Err(Problem::CapNotAboveFloor { floor, cap });
    }
    let range = |field, value, rule| Problem::OutOfRange { field, value, rule };
    if amount.is_sign_negative() {
        return Err(range("amount", amount, "at least 0"));
    }
    if max_leverage < Decimal::ONE {
        return Err(range("max_leverage", max_leverage, "at least 1"));
    }
    let initial_share = mul(rate, max_leverage).map_err(|_| Problem::Overflow)?;
    if rate <= Decimal::ZERO || initial_share >= Decimal::ONE {
        return Err(Problem::MaintenanceNotBelowInitial { rate, max_leverage });
    }
    Ok(())
}
