//! Chart 2: leverage × volatility → P(touch liquidation within the horizon), with the contour
//! where it equals the user's limit.

use super::frame::{axes, label_anchor, ChartModel, Frame, Row, Svg, Table};
use super::geometry::{cell_of, edges, heat_paths, HEAT_BINS, HEAT_EDGES};
use super::model::RiskData;
use super::text;
use crate::ui::chart::geometry::{line_path, ticks, Scale};
use std::sync::Arc;

/// Label of colour bin `i`: `< 0.1 %`, `0.1–1 %`, …, `≥ 75 %`.
pub fn bin_label(i: usize) -> String {
    let p = |v: f64| text::trimmed(v * 100.0, 1);
    match i {
        0 => format!("< {}\u{a0}%", p(HEAT_EDGES[0])),
        i if i >= HEAT_EDGES.len() => format!("≥ {}\u{a0}%", p(HEAT_EDGES[HEAT_EDGES.len() - 1])),
        i => format!("{}–{}\u{a0}%", p(HEAT_EDGES[i - 1]), p(HEAT_EDGES[i])),
    }
}

/// Cell edges (leverage, volatility), the first clipped at 0.5× and 0.
fn grid(d: &RiskData) -> (Vec<f64>, Vec<f64>) {
    let mut xe = edges(&d.heat_lev);
    let mut ye = edges(&d.heat_sigma);
    if let Some(first) = xe.first_mut() {
        *first = first.max(0.5);
    }
    if let Some(first) = ye.first_mut() {
        *first = first.max(0.0);
    }
    (xe, ye)
}

fn scales(xe: &[f64], ye: &[f64], f: &Frame) -> (Scale, Scale) {
    let (x0, x1) = (
        xe.first().copied().unwrap_or(1.0),
        xe.last().copied().unwrap_or(2.0),
    );
    let (y0, y1) = (
        ye.first().copied().unwrap_or(0.0),
        ye.last().copied().unwrap_or(1.0),
    );
    (
        Scale::new((x0, x1), f.x_range()),
        Scale::new((y0, y1), f.y_range()),
    )
}

pub fn draw(d: &RiskData, f: &Frame) -> String {
    let (xe, ye) = grid(d);
    let (x, y) = scales(&xe, &ye, f);
    let (r, b) = (f.x_range().1, f.y_range().0);
    let mut s = Svg::new();
    s.open("cells");
    for (i, p) in heat_paths(&d.heat, &xe, &ye, &x, &y).iter().enumerate() {
        s.path(&format!("heat-{i}"), p);
    }
    s.close();
    let xt: Vec<(f64, String)> = ticks(1.0, d.max_lev, if f.narrow() { 4 } else { 8 })
        .into_iter()
        .map(|v| (v, text::trimmed(v, 1)))
        .collect();
    let top = ye.last().copied().unwrap_or(1.0);
    let yt: Vec<(f64, String)> = ticks(0.0, top, 5)
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
        "Volatility (a year)",
    );
    s.path("contour", &line_path(&d.contour, &x, &y));
    if let Some((cl, cs)) = d.contour.iter().rev().find(|(l, _)| l.is_finite()).copied() {
        let (anchor, tx) = label_anchor(x.map(cl), f);
        s.text(
            "contour-label",
            tx.min(r - 4.0),
            (y.map(cs) + 14.0).min(b - 4.0),
            anchor,
            &format!("Limit {}", text::prob(d.limit)),
        );
    }
    s.circle(
        "user-ring",
        x.map(d.user_lev),
        y.map(d.sigma),
        6.0,
        &[("data-testid", "risk-heat-user")],
    );
    s.into_string()
}

pub fn aria(d: &RiskData) -> String {
    format!(
        "Heatmap of the probability of touching liquidation within {} for leverage 1× to {} and volatility up to {}; your position at {} and {}; the line marks your limit of {}.",
        text::horizon(d.horizon_hours),
        text::lev(d.max_lev),
        text::pct(d.heat_sigma.last().copied().unwrap_or(0.0), 0),
        text::lev(d.user_lev),
        text::pct(d.sigma, 1),
        text::prob(d.limit)
    )
}

fn overlay(d: &RiskData, f: &Frame, (c, r): (usize, usize)) -> String {
    let (xe, ye) = grid(d);
    let (x, y) = scales(&xe, &ye, f);
    let mut s = Svg::new();
    if c + 1 < xe.len() && r + 1 < ye.len() {
        let (x0, x1) = (x.map(xe[c]), x.map(xe[c + 1]));
        let (y0, y1) = (y.map(ye[r + 1]), y.map(ye[r]));
        s.rect("cell-cursor", x0, y0, x1 - x0, y1 - y0);
    }
    s.into_string()
}

fn readout(d: &RiskData, (c, r): (usize, usize)) -> String {
    let cols = d.heat_lev.len();
    format!(
        "At {} and volatility {}: {} chance of touching liquidation within {}.",
        text::lev(d.heat_lev[c]),
        text::pct(d.heat_sigma[r], 1),
        text::prob(d.heat[r * cols + c]),
        text::horizon(d.horizon_hours)
    )
}

/// The cell under the user's position.
fn start(d: &RiskData) -> (usize, usize) {
    let (xe, ye) = grid(d);
    (
        cell_of(&xe, d.user_lev).unwrap_or(0),
        cell_of(&ye, d.sigma).unwrap_or(0),
    )
}

/// Chart 2 for one evaluation.
pub struct HeatmapChart(pub Arc<RiskData>);

impl ChartModel for HeatmapChart {
    fn draw(&self, f: &Frame) -> String {
        draw(&self.0, f)
    }
    fn aria(&self) -> String {
        aria(&self.0)
    }
    fn cells(&self) -> (usize, usize) {
        (self.0.heat_lev.len(), self.0.heat_sigma.len())
    }
    fn start(&self) -> (usize, usize) {
        start(&self.0)
    }
    fn at(&self, f: &Frame, sx: f64, sy: f64) -> Option<(usize, usize)> {
        let (xe, ye) = grid(&self.0);
        let (x, y) = scales(&xe, &ye, f);
        let (l, r) = f.x_range();
        let (b, t) = f.y_range();
        cell_of(&xe, x.invert(sx.clamp(l, r))).zip(cell_of(&ye, y.invert(sy.clamp(t, b))))
    }
    fn overlay(&self, f: &Frame, c: (usize, usize)) -> String {
        overlay(&self.0, f, c)
    }
    fn readout(&self, c: (usize, usize)) -> String {
        readout(&self.0, c)
    }
    fn table(&self) -> Option<Table> {
        Some(table(&self.0))
    }
}

/// The colour scale.
pub fn legend() -> Vec<(String, String)> {
    (0..HEAT_BINS)
        .map(|i| (format!("heat-{i}"), bin_label(i)))
        .collect()
}

fn table(d: &RiskData) -> Table {
    let cols: Vec<usize> = (0..d.heat_lev.len()).step_by(5).collect();
    let mut head = vec!["Volatility".to_owned()];
    head.extend(cols.iter().map(|&c| text::lev(d.heat_lev[c])));
    let n = d.heat_lev.len();
    let rows = (0..d.heat_sigma.len())
        .rev()
        .step_by(3)
        .map(|r| {
            let mut row = vec![text::pct(d.heat_sigma[r], 1)];
            row.extend(cols.iter().map(|&c| text::prob(d.heat[r * n + c])));
            row
        })
        .map(Row::new)
        .collect();
    Table {
        caption: format!(
            "P(touch liquidation within {}) by volatility (rows) and leverage (columns)",
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
    fn bin_labels() {
        assert_eq!(bin_label(0), "< 0.1\u{a0}%");
        assert_eq!(bin_label(1), "0.1–1\u{a0}%");
        assert_eq!(bin_label(HEAT_BINS - 1), "≥ 75\u{a0}%");
    }

    #[test]
    fn markup_and_cursor() {
        let s = Scenario {
            volatility_annual: Some(Num::new("0.6")),
            horizon_hours: Some(Num::new("24")),
            ..Scenario::default()
        };
        let d = super::super::model::build(&evaluate_scenario(&s).unwrap()).unwrap();
        let f = Frame::for_width(1280.0, &super::super::frame::RISK);
        let m = draw(&d, &f);
        assert!(m.contains("class=\"heat-0\"") && m.contains("class=\"contour\""));
        assert!(!m.contains("NaN"));
        let (c, r) = start(&d);
        assert!((d.heat_lev[c] - 10.0).abs() < 1.5, "{}", d.heat_lev[c]);
        assert!((d.heat_sigma[r] - 0.6).abs() < 0.05);
        assert!(overlay(&d, &f, (c, r)).contains("cell-cursor"));
        assert!(readout(&d, (c, r)).contains("chance"));
    }
}
