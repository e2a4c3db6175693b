//! Symbol names: the coin a symbol trades (`BTCUSDT`, `BTC-USDT-SWAP`, `BTCUSD_PERP`,
//! `XBTUSD` → BTC), its quote coin, and the symbol of another venue that trades the same coin
//! (what a venue switch and the venue comparison pick).

use crate::engine::venues::{self, Venue};

/// A symbol without its product suffix (`_PERP`, `-SWAP`), upper case.
fn pair(symbol: &str) -> String {
    let s = symbol.trim().to_ascii_uppercase();
    for suffix in ["_PERP", "-PERP", "-SWAP"] {
        if let Some(p) = s.strip_suffix(suffix) {
            return p.to_owned();
        }
    }
    s
}

/// The base coin of a symbol: `BTCUSDT`, `BTC-USDT-SWAP`, `BTCUSD_PERP`, `XBTUSD`, `BTC` → `BTC`
/// (BitMEX's `XBT` is shown as `BTC`).
pub fn base_of(symbol: &str) -> String {
    let s = pair(symbol);
    let base = if let Some((base, _)) = s.split_once(['-', '_']) {
        base.to_owned()
    } else {
        ["USDT", "USDC", "USD"]
            .into_iter()
            .find_map(|q| s.strip_suffix(q).filter(|b| !b.is_empty()))
            .unwrap_or(&s)
            .to_owned()
    };
    match base.as_str() {
        "" => "BTC".to_owned(),
        "XBT" => "BTC".to_owned(),
        _ => base,
    }
}

/// The quote coin of a symbol on a venue.
pub fn quote_of(venue: Venue, symbol: &str, inverse: bool) -> String {
    if inverse {
        return "USD".to_owned();
    }
    let s = pair(symbol);
    let rest = match s.split_once(['-', '_']) {
        Some((_, rest)) => rest.split(['-', '_']).next().unwrap_or("").to_owned(),
        None => ["USDT", "USDC", "USD"]
            .into_iter()
            .find(|q| s.ends_with(q) && s.len() > q.len())
            .unwrap_or("")
            .to_owned(),
    };
    if !rest.is_empty() {
        return rest;
    }
    match venue {
        Venue::Hyperliquid => "USDC".to_owned(),
        Venue::Dydx => "USD".to_owned(),
        _ => "USDT".to_owned(),
    }
}

/// The symbol of `venue` that trades `coin` (the first such in the venue's list), e.g. ETH on
/// OKX → `ETH-USDT-SWAP`.
pub fn symbol_for_coin(venue: Venue, coin: &str) -> Option<String> {
    venues::find_symbol_of(venue, |s| base_of(s) == coin)
}

/// The symbol of `venue` that trades `coin`, or the venue's first symbol when none does
/// (empty for a venue without symbols).
pub fn symbol_for_coin_or_first(venue: Venue, coin: &str) -> String {
    let list = venues::symbols_of(venue);
    list.iter()
        .find(|s| base_of(s) == coin)
        .or(list.first())
        .cloned()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_and_quotes_of_every_preset_symbol() {
        let cases = [
            ("BTCUSDT", "BTC", "USDT"),
            ("ETH-USDT-SWAP", "ETH", "USDT"),
            ("BTC_USDT", "BTC", "USDT"),
            ("BTC-USD", "BTC", "USD"),
        ];
        for (s, b, q) in cases {
            assert_eq!(base_of(s), b, "{s}");
            assert_eq!(quote_of(Venue::Custom, s, false), q, "{s}");
        }
        assert_eq!(base_of("BTCUSD_PERP"), "BTC");
        assert_eq!(base_of("ETHUSD_PERP"), "ETH");
        assert_eq!(base_of("XBTUSD"), "BTC");
        assert_eq!(base_of("BTC"), "BTC");
        assert_eq!(quote_of(Venue::Hyperliquid, "BTC", false), "USDC");
        assert_eq!(quote_of(Venue::Bitmex, "XBTUSD", true), "USD");
        assert_eq!(base_of(""), "BTC");
    }

    #[test]
    fn the_same_coin_on_another_venue() {
        assert_eq!(
            symbol_for_coin(Venue::OkxLinear, "ETH").as_deref(),
            Some("ETH-USDT-SWAP")
        );
        assert_eq!(
            symbol_for_coin(Venue::Bitmex, "BTC").as_deref(),
            Some("XBTUSD")
        );
        assert_eq!(symbol_for_coin(Venue::BinanceUsdm, "NOSUCHCOIN"), None);
        let first = venues::symbols_of(Venue::BinanceUsdm)[0].clone();
        assert_eq!(
            symbol_for_coin_or_first(Venue::BinanceUsdm, "NOSUCHCOIN"),
            first
        );
        assert_eq!(
            symbol_for_coin_or_first(Venue::BinanceUsdm, "BTC"),
            "BTCUSDT"
        );
    }
}
