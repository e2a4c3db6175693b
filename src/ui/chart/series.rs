//! The PnL chart's data: net PnL sampled across a price range that holds every marked price.
//!
//! The y values come from [`Evaluation::net_pnl_at`] (exact decimals, converted to `f64` only
//! here, at the chart boundary).

use crate::engine::num::{from_f64, to_f64};
use crate::scenario::Evaluation;
use rust_decimal::Decimal;

use super::geometry::{extent, guard_domain, pad, samples};

/// What a vertical marker shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerKind {
    Entry,
    BreakEven,
    Stop,
    Target,
    Liquidation,
    Bankruptcy,
}

impl MarkerKind {
    pub fn label(self) -> &'static str {
        match self {
            MarkerKind::Entry => "Entry",
            MarkerKind::BreakEven => "Break-even",
            MarkerKind::Stop => "Stop",
            MarkerKind::Target => "Target",
            MarkerKind::Liquidation => "Liquidation",
            MarkerKind::Bankruptcy => "Bankruptcy",
        }
    }

    /// Short label drawn on the chart.
    pub fn short(self) -> &'static str {
        match self {
            MarkerKind::Entry => "Entry",
            MarkerKind::BreakEven => "B/E",
            MarkerKind::Stop => "Stop",
            MarkerKind::Target => "Target",
            MarkerKind::Liquidation => "Liq.",
            MarkerKind::Bankruptcy => "Bankr.",
        }
    }

    /// CSS class suffix.
    pub fn class(self) -> &'static str {
        match self {
            MarkerKind::Entry => "entry",
            MarkerKind::BreakEven => "breakeven",
            MarkerKind::Stop => "stop",
            MarkerKind::Target => "target",
            MarkerKind::Liquidation => "liq",
            MarkerKind::Bankruptcy => "bankrupt",
        }
    }
}

/// A marked price and the net PnL there.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub kind: MarkerKind,
    pub price: Decimal,
    pub pnl: Option<Decimal>,
}

/// Everything the chart draws, in data units.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// (price, net PnL); a point the engine could not compute has a NaN PnL.
    pub points: Vec<(f64, f64)>,
    pub markers: Vec<Marker>,
    pub x_domain: (f64, f64),
    pub y_domain: (f64, f64),
    /// Prices where the trade loses money (net of fees).
    pub loss_zone: (f64, f64),
}

/// Sample `n` points of net PnL across the prices of interest.
pub fn build(e: &Evaluation, n: usize) -> Series {
    let r = &e.report;
    let t = &e.input;
    let mut markers = Vec::new();
    let mut push = |kind, price: Option<Decimal>| {
        if let Some(p) = price.filter(|p| *p > Decimal::ZERO) {
            markers.push(Marker {
                kind,
                price: p,
                pnl: e.net_pnl_at(p).ok(),
            });
        }
    };
    push(MarkerKind::Entry, Some(t.entry_price));
    push(MarkerKind::BreakEven, Some(r.break_even_price));
    push(MarkerKind::Stop, r.stop.map(|s| s.price));
    push(MarkerKind::Target, r.target.map(|s| s.price));
    push(MarkerKind::Liquidation, r.liquidation_price);
    push(MarkerKind::Bankruptcy, r.bankruptcy_price);

    let entry = to_f64(t.entry_price);
    let (lo, hi) = extent(markers.iter().map(|m| to_f64(m.price))).unwrap_or((entry, entry));
    // At least ±4 % around the entry, then 8 % padding on each side, prices kept positive.
    let lo = lo.min(entry * 0.96);
    let hi = hi.max(entry * 1.04);
    let (lo, hi) = pad((lo, hi), 0.08);
    let lo = lo.max(entry * 0.001);
    let x_domain = guard_domain((lo, hi));

    let points: Vec<(f64, f64)> = samples(x_domain.0, x_domain.1, n)
        .into_iter()
        .map(|x| {
            let y = from_f64(x)
                .map(|p| crate::engine::num::round_half_away(p, 8))
                .and_then(|p| e.net_pnl_at(p).ok())
                .map(to_f64)
                .unwrap_or(f64::NAN);
            (x, y)
        })
        .collect();

    let (y0, y1) = extent(points.iter().map(|p| p.1).chain([0.0])).unwrap_or((-1.0, 1.0));
    let y_domain = pad((y0, y1), 0.1);

    let be = to_f64(r.break_even_price);
    let loss_zone = if t.side.is_long() {
        (x_domain.0, be.clamp(x_domain.0, x_domain.1))
    } else {
        (be.clamp(x_domain.0, x_domain.1), x_domain.1)
    };
    Series {
        points,
        markers,
        x_domain,
        y_domain,
        loss_zone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{evaluate_scenario, Scenario, SideName};

    #[test]
    fn the_opening_example_has_every_marker_and_finite_points() {
        let e = evaluate_scenario(&Scenario::default()).unwrap();
        let s = build(&e, 121);
        assert_eq!(s.points.len(), 121);
        assert!(s.points.iter().all(|(x, y)| x.is_finite() && y.is_finite()));
        assert_eq!(s.markers.len(), 6);
        for m in &s.markers {
            let x = to_f64(m.price);
            assert!(s.x_domain.0 < x && x < s.x_domain.1, "{:?}", m.kind);
        }
        // Long: losses below break-even, which is above entry.
        assert!(s.loss_zone.0 <= s.loss_zone.1);
        assert!(s.loss_zone.1 > 60_000.0);
        // The curve is floored at minus the margin balance (3,000).
        let min = s.points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
        assert!((min + 3000.0).abs() < 1e-6, "{min}");
    }

    #[test]
    fn a_short_loses_above_break_even() {
        let sc = Scenario {
            side: SideName::Short,
            stop_price: Some("63000".into()),
            target_price: Some("54000".into()),
            ..Scenario::default()
        };
        let e = evaluate_scenario(&sc).unwrap();
        let s = build(&e, 50);
        assert!(s.loss_zone.0 < 60_000.0);
        assert_eq!(s.loss_zone.1, s.x_domain.1);
    }

    #[test]
    fn an_inverse_position_samples_positive_prices_only() {
        let sc = Scenario {
            venue: crate::engine::venues::Venue::Custom,
            maintenance: Some(crate::scenario::MaintenanceSpec {
                rate: "0.004".into(),
                amount: Some("0".into()),
            }),
            contract: Some(crate::scenario::ContractName::Inverse),
            contract_size: Some("100".into()),
            quantity: Some("300".into()),
            leverage: "1".into(),
            stop_price: None,
            target_price: None,
            ..Scenario::default()
        };
        let e = evaluate_scenario(&sc).unwrap();
        let s = build(&e, 80);
        assert!(s.x_domain.0 > 0.0);
        assert!(s.points.iter().all(|(x, y)| *x > 0.0 && y.is_finite()));
    }
}
