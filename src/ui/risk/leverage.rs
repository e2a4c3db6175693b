//! Chart 1: P(touch liquidation within the horizon) against leverage, one curve per
//! volatility level, with the user's point, the limit and the safe leverage.

use super::frame::{axes, label_anchor, Anchor, ChartModel, Frame, Row, Svg, Table};
use super::geometry::nearest_sorted;
use super::model::RiskData;
use super::text;
use crate::ui::chart::geometry::{line_path, ticks, Scale};
use std::sync::Arc;

/// "½σ", "σ", "1.5σ", "2σ".
pub fn level_name(i: usize) -> &'static str {
    ["½σ", "σ", "1.5σ", "2σ"][i.min(3)]
}

fn scales(d: &RiskData, f: &Frame) -> (Scale, Scale) {
    (
        Scale::new((1.0, d.max_lev), f.x_range()),
        Scale::new((0.0, 1.0), f.y_range()),
    )
}

/// The chart's markup.
pub fn draw(d: &RiskData, f: &Frame) -> String {
    let (x, y) = scales(d, f);
    let (l, r) = f.x_range();
    let (b, t) = f.y_range();
    let mut s = Svg::new();
    let xt: Vec<(f64, String)> = ticks(1.0, d.max_lev, if f.narrow() { 4 } else { 8 })
        .into_iter()
        .map(|v| (v, text::trimmed(v, 1)))
        .collect();
    let yt: Vec<(f64, String)> = ticks(0.0, 1.0, 5)
        .into_iter()
        .map(|v| (v, text::pct(v, 0)))
        .collect();
    axes(
        &mut s,
        f,
        &x,
        &y,
        &xt,
        &yt,
        "Leverage (×)",
        "P(liquidation)",
    );
    let ly = y.map(d.limit);
    s.open("limit");
    s.line("", l, ly, r, ly);
    s.text(
        "",
        r - 4.0,
        ly - 5.0,
        Anchor::End,
        &format!("Limit {}", text::prob(d.limit)),
    );
    s.close();
    if let Some(safe) = d.safe {
        let sx = x.map(safe.leverage);
        let (anchor, tx) = label_anchor(sx, f);
        s.open("safe");
        s.line("", sx, t, sx, b);
        s.text(
            "",
            tx,
            t + 12.0,
            anchor,
            &format!("Safe ≤ {}", text::lev_floor(safe.leverage)),
        );
        s.close();
    }
    for (i, c) in d.curves.iter().enumerate() {
        let pts: Vec<(f64, f64)> = d.lev.iter().copied().zip(c.iter().copied()).collect();
        s.path(&format!("curve vol-{i}"), &line_path(&pts, &x, &y));
    }
    let (ux, uy) = (x.map(d.user_lev), y.map(d.user_prob));
    s.open("user-point");
    s.circle(
        "",
        ux,
        uy,
        5.5,
        &[
            ("data-testid", "risk-user-point"),
            ("data-lev", &text::plain(d.user_lev, 6)),
            ("data-prob", &text::prob_exact(d.user_prob)),
        ],
    );
    let (anchor, tx) = label_anchor(ux, f);
    s.text(
        "",
        tx + if anchor == Anchor::Start { 4.0 } else { -4.0 },
        (uy - 8.0).max(t + 10.0),
        anchor,
        &format!("You: {}", text::prob(d.user_prob)),
    );
    s.close();
    s.into_string()
}

/// The accessible description of the chart.
pub fn aria(d: &RiskData) -> String {
    format!(
        "Probability of touching the liquidation price within {} against leverage from 1× to {}, for volatilities {}. Your position: {} at {}. Limit {}{}.",
        text::horizon(d.horizon_hours),
        text::lev(d.max_lev),
        d.levels.iter().map(|s| text::pct(*s, 1)).collect::<Vec<_>>().join(", "),
        text::prob(d.user_prob),
        text::lev(d.user_lev),
        text::prob(d.limit),
        d.safe
            .map(|s| format!(", safe leverage up to {}", text::lev_floor(s.leverage)))
            .unwrap_or_default()
    )
}

fn overlay(d: &RiskData, f: &Frame, i: usize) -> String {
    let (x, y) = scales(d, f);
    let (b, t) = f.y_range();
    let Some(lv) = d.lev.get(i) else {
        return String::new();
    };
    let cx = x.map(*lv);
    let mut s = Svg::new();
    s.line("", cx, t, cx, b);
    for (k, c) in d.curves.iter().enumerate() {
        s.circle(&format!("dot vol-{k}"), cx, y.map(c[i]), 3.5, &[]);
    }
    s.into_string()
}

fn readout(d: &RiskData, i: usize) -> String {
    format!(
        "At {} (liquidation {}): {}.",
        text::lev(d.lev[i]),
        d.liq[i].map(text::price).unwrap_or_else(|| "none".into()),
        d.curves
            .iter()
            .enumerate()
            .map(|(k, c)| format!("{} {}", level_name(k), text::prob(c[i])))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Chart 1 for one evaluation.
pub struct LeverageChart(pub Arc<RiskData>);

impl ChartModel for LeverageChart {
    fn draw(&self, f: &Frame) -> String {
        draw(&self.0, f)
    }
    fn aria(&self) -> String {
        aria(&self.0)
    }
    fn cells(&self) -> (usize, usize) {
        (self.0.lev.len(), 1)
    }
    fn start(&self) -> (usize, usize) {
        (nearest_sorted(&self.0.lev, self.0.user_lev).unwrap_or(0), 0)
    }
    fn at(&self, f: &Frame, sx: f64, _: f64) -> Option<(usize, usize)> {
        let (x, _) = scales(&self.0, f);
        let (l, r) = f.x_range();
        nearest_sorted(&self.0.lev, x.invert(sx.clamp(l, r))).map(|i| (i, 0))
    }
    fn overlay(&self, f: &Frame, c: (usize, usize)) -> String {
        overlay(&self.0, f, c.0)
    }
    fn readout(&self, c: (usize, usize)) -> String {
        readout(&self.0, c.0)
    }
    fn table(&self) -> Option<Table> {
        Some(table(&self.0))
    }
}

/// The legend: one entry per curve.
pub fn legend() -> Vec<(String, String)> {
    [
        "½σ: half your volatility",
        "σ: your volatility",
        "1.5σ",
        "2σ: twice your volatility",
    ]
    .iter()
    .enumerate()
    .map(|(i, l)| (format!("vol-{i}"), (*l).to_owned()))
    .collect()
}

fn table(d: &RiskData) -> Table {
    let mut head = vec!["Leverage".to_owned(), "Liquidation".to_owned()];
    head.extend(
        d.levels
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{} ({})", level_name(i), text::pct(*s, 1))),
    );
    let last = d.lev.len() - 1;
    let rows = (0..d.lev.len())
        .filter(|i| i % 5 == 0 || *i == last)
        .map(|i| {
            let mut row = vec![
                text::lev(d.lev[i]),
                d.liq[i].map(text::price).unwrap_or_else(|| "none".into()),
            ];
            row.extend(d.curves.iter().map(|c| text::prob(c[i])));
            row
        })
        .map(Row::new)
        .collect();
    Table {
        caption: format!(
            "P(touch liquidation within {}) by leverage and volatility",
            text::horizon(d.horizon_hours)
        ),
        head,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{evaluate_scenario, Num, Scenario};

    #[test]
    fn markup_has_the_curves_and_the_user_point() {
        let s = Scenario {
            volatility_annual: Some(Num::new("0.6")),
            horizon_hours: Some(Num::new("24")),
            ..Scenario::default()
        };
        let d = super::super::model::build(&evaluate_scenario(&s).unwrap()).unwrap();
        let m = draw(&d, &Frame::for_width(1280.0, &super::super::frame::RISK));
        for i in 0..4 {
            assert!(m.contains(&format!("curve vol-{i}")));
        }
        assert!(m.contains("data-testid=\"risk-user-point\""));
        assert!(m.contains("data-lev=\"10\""));
        assert!(!m.contains("NaN"));
        assert!(readout(&d, 50).starts_with("At "));
        assert!(
            overlay(&d, &Frame::for_width(360.0, &super::super::frame::RISK), 3)
                .contains("dot vol-3")
        );
        assert!(aria(&d).contains("Your position"));
    }
}
