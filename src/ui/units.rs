//! Currency names for labels: which coin a symbol trades and which coin settles it.

use crate::engine::venues::Venue;

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

/// The currencies of a trade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Units {
    pub base: String,
    pub quote: String,
    /// Margin, fees and PnL are in the base coin (inverse contracts).
    pub coin_settled: bool,
}

impl Units {
    pub fn new(venue: Venue, symbol: &str, inverse: bool) -> Units {
        Units {
            base: base_of(symbol),
            quote: quote_of(venue, symbol, inverse),
            coin_settled: inverse,
        }
    }

    /// The currency margin, fees and PnL are in.
    pub fn settle(&self) -> &str {
        if self.coin_settled {
            &self.base
        } else {
            &self.quote
        }
    }

    /// What a quantity counts.
    pub fn quantity(&self) -> String {
        if self.coin_settled {
            "contracts".to_owned()
        } else {
            self.base.clone()
        }
    }
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
}
