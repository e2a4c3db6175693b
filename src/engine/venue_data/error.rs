//! What can be wrong with a venue data file, and where.
//!
//! Every problem is reported with the venue key, the symbol and the tier (1-based, as the
//! venues number them) it was found in, so a bad table is named rather than silently used.
//! Text copied from the file into a message is cut to [`QUOTE_LEN`] characters, so a hostile
//! file cannot make the message itself huge.

use core::fmt;
use rust_decimal::Decimal;

/// Longest piece of file text quoted in a message (characters).
pub const QUOTE_LEN: usize = 40;

/// A venue data file failed to load: which venue, symbol and tier, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueDataError {
    /// The venue key the caller asked for (e.g. `binance-usdm`), cut to [`QUOTE_LEN`].
    pub venue: String,
    /// The symbol the problem is in, when it is in one.
    pub symbol: Option<String>,
    /// The tier, 0-based index into the symbol's table (shown 1-based).
    pub tier: Option<usize>,
    /// What is wrong.
    pub problem: Problem,
}

/// The problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// The text is larger than [`super::MAX_FILE_BYTES`].
    FileTooLarge { bytes: usize, max: usize },
    /// The text is not JSON of the expected shape (truncated, wrong types, unknown keys).
    Json { path: String, message: String },
    /// The venue key is not one this loader knows.
    UnknownVenue,
    /// The file's `venue` is not the key asked for.
    VenueMismatch { found: String },
    /// A field this venue needs is missing.
    Missing { field: &'static str },
    /// A field or text value is invalid (empty, too long, bad characters, bad date …).
    BadText {
        field: &'static str,
        text: String,
        reason: &'static str,
    },
    /// A number is not an exact plain decimal (`"123.45"`), or is too long.
    NotANumber { field: &'static str, text: String },
    /// A number is outside the range the rule allows.
    OutOfRange {
        field: &'static str,
        value: Decimal,
        rule: &'static str,
    },
    /// More symbols, tiers or steps than the loader accepts.
    TooMany {
        what: &'static str,
        count: usize,
        max: usize,
    },
    /// A tier column has a different length from the `floor` column.
    ColumnLength {
        column: &'static str,
        expected: usize,
        found: usize,
    },
    /// The symbol has no tiers.
    NoTiers,
    /// The first tier does not start at zero.
    FirstFloorNotZero { floor: Decimal },
    /// A tier's floor is not the previous tier's cap.
    NotContiguous {
        floor: Decimal,
        previous_cap: Decimal,
    },
    /// A tier's cap is not above its floor.
    CapNotAboveFloor { floor: Decimal, cap: Decimal },
    /// Only the last tier may be open-ended (no cap).
    OpenTierNotLast,
    /// The maintenance rate is at or above the initial rate `1/max leverage`: such a position
    /// would be liquidated as it opens.
    MaintenanceNotBelowInitial {
        rate: Decimal,
        max_leverage: Decimal,
    },
    /// The maintenance amount is not the one the cumulative rule gives.
    CumMismatch { expected: Decimal, found: Decimal },
    /// Symbols must be listed once each, in ascending byte order.
    NotSorted { previous: String },
    /// A figure overflowed while deriving the table.
    Overflow,
    /// The symbol carries no leverage limit and none was supplied.
    NoLeverageLimit,
    /// The file has no such symbol.
    UnknownSymbol,
}

/// Longest JSON parser message kept (characters): room for its line and column.
pub const JSON_MESSAGE_LEN: usize = 160;

/// Cut `text` to [`QUOTE_LEN`] characters for a message.
pub(crate) fn quote(text: &str) -> String {
    cut(text, QUOTE_LEN)
}

/// Cut `text` to `max` characters, marking the cut with `…`.
pub(crate) fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max).collect();
    out.push('…');
    out
}

impl VenueDataError {
    pub(crate) fn new(venue: &str, problem: Problem) -> Self {
        VenueDataError {
            venue: quote(venue),
            symbol: None,
            tier: None,
            problem,
        }
    }

    pub(crate) fn at(venue: &str, symbol: &str, tier: Option<usize>, problem: Problem) -> Self {
        VenueDataError {
            venue: quote(venue),
            symbol: Some(quote(symbol)),
            tier,
            problem,
        }
    }
}

impl fmt::Display for VenueDataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Venue data {}", self.venue)?;
        if let Some(s) = &self.symbol {
            write!(f, ", symbol {s}")?;
        }
        if let Some(t) = self.tier {
            write!(f, ", tier {}", t.saturating_add(1))?;
        }
        write!(f, ": {}.", self.problem)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::FileTooLarge { bytes, max } => {
                write!(f, "the file is {bytes} bytes, more than the {max} accepted")
            }
            Problem::Json { path, message } if path.is_empty() || path == "." => {
                write!(f, "not a valid data file ({message})")
            }
            Problem::Json { path, message } => {
                write!(f, "not a valid data file at {path} ({message})")
            }
            Problem::UnknownVenue => f.write_str("no such venue data file"),
            Problem::VenueMismatch { found } => {
                write!(f, "the file is for venue \"{found}\"")
            }
            Problem::Missing { field } => write!(f, "the field {field} is missing"),
            Problem::BadText {
                field,
                text,
                reason,
            } if text.is_empty() => write!(f, "{field} is not valid: {reason}"),
            Problem::BadText {
                field,
                text,
                reason,
            } => write!(f, "{field} \"{text}\" is not valid: {reason}"),
            Problem::NotANumber { field, text } => write!(
                f,
                "{field} \"{text}\" is not a plain decimal number such as \"0.005\""
            ),
            Problem::OutOfRange { field, value, rule } => {
                write!(f, "{field} {} is out of range: {rule}", value.normalize())
            }
            Problem::TooMany { what, count, max } => {
                write!(f, "{count} {what}, more than the {max} accepted")
            }
            Problem::ColumnLength {
                column,
                expected,
                found,
            } => write!(
                f,
                "the {column} column has {found} entries but there are {expected} tiers"
            ),
            Problem::NoTiers => f.write_str("the tier table is empty"),
            Problem::FirstFloorNotZero { floor } => {
                write!(f, "the first tier starts at {}, not 0", floor.normalize())
            }
            Problem::NotContiguous {
                floor,
                previous_cap,
            } => write!(
                f,
                "the floor {} is not the previous tier's cap {}; tiers must be contiguous",
                floor.normalize(),
                previous_cap.normalize()
            ),
            Problem::CapNotAboveFloor { floor, cap } => write!(
                f,
                "the cap {} is not above the floor {}",
                cap.normalize(),
                floor.normalize()
            ),
            Problem::OpenTierNotLast => {
                f.write_str("only the last tier may be open-ended (cap null)")
            }
            Problem::MaintenanceNotBelowInitial { rate, max_leverage } => write!(
                f,
                "the maintenance rate {} is not below the initial rate 1/{} of the max leverage",
                rate.normalize(),
                max_leverage.normalize()
            ),
            Problem::CumMismatch { expected, found } => write!(
                f,
                "the maintenance amount (cum) is {} but the cumulative rule \
                 floor × (rate − previous rate) + previous cum gives {}",
                found.normalize(),
                expected.normalize()
            ),
            Problem::NotSorted { previous } => write!(
                f,
                "symbols must be unique and sorted; this one comes after \"{previous}\""
            ),
            Problem::Overflow => f.write_str("a derived figure is too large to compute exactly"),
            Problem::NoLeverageLimit => {
                f.write_str("the table has no max leverage and none was given")
            }
            Problem::UnknownSymbol => f.write_str("the file has no such symbol"),
        }
    }
}

impl std::error::Error for VenueDataError {}
