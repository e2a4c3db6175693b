//! Currency names for labels: which coin a symbol trades and which coin settles it.

pub use crate::engine::symbol::{base_of, quote_of};
use crate::engine::venues::Venue;

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
