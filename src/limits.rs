//! One set of limits for every way a scenario comes in: a share link, an imported file, the
//! browser's storage, the JavaScript API and the `levcalc` command line.
//!
//! Each limit keeps any accepted scenario cheap to evaluate *and to draw*: the engine handles
//! thousands of positions in milliseconds, but the page renders one row per other position, so
//! the list lengths are what keeps every accepted scenario interactive (no main-thread task over
//! 200 ms, tested in `tests/e2e/specs/robust.test.mjs`). README.md ("Limits") lists them.
//!
//! Readers reject input past a limit with a message naming the field, before the work grows:
//! a list is refused at its 101st element while it is being read, a text past its byte limit is
//! not read further.

/// Other positions of a cross-margin account (`other_positions`).
pub const MAX_OTHER_POSITIONS: usize = 100;
/// Tiers of a user bracket table (`brackets`).
pub const MAX_BRACKETS: usize = 64;
/// Characters of one number's text (`"0.0005"`, `1e-9`).
pub const MAX_NUMBER_CHARS: usize = 64;
/// Characters of a symbol name (`BTCUSDT`, `BTC-USDT-SWAP`).
pub const MAX_SYMBOL_CHARS: usize = 40;
/// Bytes of one scenario's JSON text (JS API, `levcalc eval`, one saved entry).
pub const MAX_SCENARIO_BYTES: usize = 256 * 1024;
/// Characters of a share link's fragment; the page never writes a longer one.
pub const MAX_LINK_LEN: usize = 8_192;
/// Saved scenarios kept in the browser.
pub const MAX_SAVED: usize = 200;
/// Characters of a saved scenario's name.
pub const MAX_NAME_CHARS: usize = 80;
/// Bytes of an imported saved-scenarios file.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

/// The limits as (what, value) rows, for the README and the page's help text.
pub const TABLE: &[(&str, usize)] = &[
    ("other positions in one scenario", MAX_OTHER_POSITIONS),
    ("tiers in a user bracket table", MAX_BRACKETS),
    ("characters in one number", MAX_NUMBER_CHARS),
    ("characters in a symbol", MAX_SYMBOL_CHARS),
    ("bytes of one scenario's JSON", MAX_SCENARIO_BYTES),
    ("characters in a share link", MAX_LINK_LEN),
    ("saved scenarios", MAX_SAVED),
    ("characters in a saved name", MAX_NAME_CHARS),
    ("bytes of an imported file", MAX_IMPORT_BYTES),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_scenario_fits_its_byte_limit() {
        // Every list at its limit, every number at its longest: the text must still be readable.
        let number = MAX_NUMBER_CHARS + 2; // quotes
        let position = 7 * (number + 20);
        let tier = 5 * (number + 16);
        let worst = MAX_OTHER_POSITIONS * position + MAX_BRACKETS * tier + 40 * (number + 30);
        assert!(worst < MAX_SCENARIO_BYTES, "{worst}");
    }
}
