//! Chart 3: distance from entry to the liquidation price and to the stop against leverage
//! (log scale). Where they cross, the stop stops protecting you: liquidation comes first.

use super::frame::{axes, label_anchor, Anchor, ChartModel, Frame, Row, Svg, Table};
use super::geometry::nearest_sorted;
use super::model::RiskData;
use super::text;
use crate::ui::chart::geometry::{extent, line_path, ticks, Scale};
use std::sync::Arc;

/// `log₁₀ x` and `10ˣ` through `ln`/`exp` (already in the bundle; `powf` is not).
fn lg(x: f64) -> f64 {
    x.ln() / core::f64::consts::LN_10
}

fn ex10(x: f64) -> f64 {
    (x * core::f64::consts::LN_10).exp()
}

/// Log-scale ticks: 1, 2, 5 × 10ⁿ inside `[lo, hi]` (fractions).
pub fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let mut out = Vec::new();
    if !(lo > 0.0 && hi > lo && lo.is_finite() && hi.is_finite()) {
        return out;
    }
    let (k0, k1) = (lg(lo).floor() as i32, lg(hi).ceil() as i32);
    for k in k0.max(-20)..=k1.min(20) {
        let decade = ex10(f64::from(k));
        for m in [1.0, 2.0, 5.0] {
            let v = m * decade;
            if v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9) {
                out.push(v);
            }
        }
    }
    out
}

/// The y domain in log10 units: every finite distance and the stop lines, padded.
pub fn log_domain(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = extent(values.into_iter().filter(|v| *v > 0.0).map(lg)).unwrap_or((-3.0, 0.0));
    let lo = lo.max(-4.0);
    let pad = ((hi - lo) * 0.06).max(0.05);
    (lo - pad, hi + pad)
}

fn scales(d: &RiskData, f: &Frame) -> (Scale, Scale) {
    let dom = log_domain(
        d.liq_dist
            .iter()
            .copied()
            .chain(d.stop_dist)
            .chain(d.buffer_dist),
    );
    (
        Scale::new((1.0, d.max_lev), f.x_range()),
        Scale::new(dom, f.y_range()),
    )
}

/// The liquidation distance as chart points `(leverage, log10 distance)`.
fn points(d: &RiskData) -> Vec<(f64, f64)> {
    d.lev
        .iter()
        .zip(&d.liq_dist)
        .map(|(a, v)| (*a, if *v > 0.0 { lg(*v) } else { f64::NAN }))
        .collect()
}

pub fn draw(d: &RiskData, f: &Frame) -> String {
    let (x, y) = scales(d, f);
    let (l, r) = f.x_range();
    let (b, t) = f.y_range();
    let ly = |v: f64| y.map(lg(v));
    let mut s = Svg::new();
    let xt: Vec<(f64, String)> = ticks(1.0, d.max_lev, if f.narrow() { 4 } else { 8 })
        .into_iter()
        .map(|v| (v, text::trimmed(v, 1)))
        .collect();
    let (lo, hi) = (y.invert(b), y.invert(t));
    let yt: Vec<(f64, String)> = log_ticks(ex10(lo), ex10(hi))
        .into_iter()
        .map(|v| (lg(v), text::pct(v, 2)))
        .collect();
    axes(
        &mut s,
        f,
        &x,
        &y,
        &xt,
        &yt,
        "Leverage (×)",
        "Distance from entry",
    );
    let mut hline = |v: Option<f64>, class: &str, label: String, below: bool| {
        if let Some(v) = v.filter(|v| *v > 0.0) {
            let yy = ly(v);
            s.open(class);
            s.line("", l, yy, r, yy);
            s.text(
                "",
                r - 4.0,
                if below { yy + 13.0 } else { yy - 5.0 },
                Anchor::End,
                &label,
            );
            s.close();
        }
    };
    if d.buffer > 0.0 {
        hline(
            d.buffer_dist,
            "dist-buffer",
            format!("Stop + {}σ buffer", text::trimmed(d.buffer, 2)),
            false,
        );
    }
    hline(
        d.stop_dist,
        "dist-stop",
        format!(
            "Stop {}",
            d.stop_dist.map(|v| text::pct(v, 2)).unwrap_or_default()
        ),
        d.buffer > 0.0,
    );
    let mut vline = |lev: Option<f64>, class: &str, label: String, row: f64| {
        if let Some(v) = lev {
            let vx = x.map(v);
            let (anchor, tx) = label_anchor(vx, f);
            s.open(class);
            s.line("", vx, t, vx, b);
            s.text("", tx, t + 12.0 + 14.0 * row, anchor, &label);
            s.close();
        }
    };
    vline(
        Some(d.user_lev),
        "dist-you",
        format!("You: {}", text::lev(d.user_lev)),
        1.0,
    );
    vline(
        d.stop_cross,
        "dist-cross",
        format!(
            "Stop stops protecting you: {}",
            d.stop_cross.map(text::lev).unwrap_or_default()
        ),
        0.0,
    );
    s.path("curve dist-liq", &line_path(&points(d), &x, &y));
    s.into_string()
}

pub fn aria(d: &RiskData) -> String {
    format!(
        "Distance from entry to liquidation against leverage, log scale{}{}.",
        d.stop_dist
            .map(|s| format!(", with the stop {} away", text::pct(s, 2)))
            .unwrap_or_default(),
        d.stop_cross
            .map(|c| format!("; from {} liquidation comes before the stop", text::lev(c)))
            .unwrap_or_default()
    )
}

fn overlay(d: &RiskData, f: &Frame, i: usize) -> String {
    let (x, y) = scales(d, f);
    let (b, t) = f.y_range();
    let mut s = Svg::new();
    if let Some((lx, lyv)) = points(d).get(i).copied() {
        let cx = x.map(lx);
        s.line("", cx, t, cx, b);
        if lyv.is_finite() {
            s.circle("dot dist-liq", cx, y.map(lyv), 3.5, &[]);
        }
    }
    s.into_string()
}

fn readout(d: &RiskData, i: usize) -> String {
    let liq = match d.liq[i] {
        Some(p) => format!(
            "liquidation {} away ({})",
            text::pct(d.liq_dist[i], 2),
            text::price(p)
        ),
        None => "no liquidation price".to_owned(),
    };
    let verdict = match d.stop_dist {
        Some(s) if d.liq_dist[i].is_finite() && d.liq_dist[i] <= s => {
            " — liquidation comes before the stop.".to_owned()
        }
        Some(s) => format!(", stop {} away — the stop fires first.", text::pct(s, 2)),
        None => ".".to_owned(),
    };
    format!("At {}: {liq}{verdict}", text::lev(d.lev[i]))
}

/// Chart 3 for one evaluation.
pub struct DistanceChart(pub Arc<RiskData>);

impl ChartModel for DistanceChart {
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

fn table(d: &RiskData) -> Table {
    let head = vec![
        "Leverage".to_owned(),
        "Liquidation".to_owned(),
        "Distance".to_owned(),
        "Stop first?".to_owned(),
    ];
    let rows = (0..d.lev.len())
        .step_by(5)
        .map(|i| {
            let first = match (d.stop_dist, d.liq_dist[i]) {
                (None, _) => "no stop".to_owned(),
                (Some(s), v) if v.is_finite() && v <= s => "no".to_owned(),
                _ => "yes".to_owned(),
            };
            vec![
                text::lev(d.lev[i]),
                d.liq[i].map(text::price).unwrap_or_else(|| "none".into()),
                text::pct(d.liq_dist[i], 2),
                first,
            ]
        })
        .map(Row::new)
        .collect();
    Table {
        caption: format!(
            "Distance to liquidation by leverage; stop {} from entry",
            d.stop_dist
                .map(|s| text::pct(s, 2))
                .unwrap_or_else(|| "not set".into())
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
    fn log_ticks_are_one_two_five() {
        let t = log_ticks(0.004, 0.3);
        let want = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2];
        assert_eq!(t.len(), want.len());
        assert!(t.iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-15));
        assert!(log_ticks(0.0, 1.0).is_empty());
        assert!(log_ticks(f64::NAN, 1.0).is_empty());
    }

    #[test]
    fn log_domain_covers_the_values() {
        let (lo, hi) = log_domain([0.01, 0.5, f64::NAN, 0.0]);
        assert!(lo < -2.0 && hi > 0.5f64.log10());
        let (lo, hi) = log_domain([f64::NAN]);
        assert!(lo < hi);
    }

    #[test]
    fn markup_marks_the_crossing() {
        let s = Scenario {
            volatility_annual: Some(Num::new("0.6")),
            horizon_hours: Some(Num::new("24")),
            ..Scenario::default()
        };
        let d = super::super::model::build(&evaluate_scenario(&s).unwrap()).unwrap();
        let m = draw(&d, &Frame::for_width(1280.0, &super::super::frame::RISK));
        assert!(m.contains("Stop stops protecting you"));
        assert!(m.contains("dist-buffer") && m.contains("dist-stop"));
        assert!(!m.contains("NaN"));
        let i = d.lev.len() - 1;
        assert!(readout(&d, i).contains("liquidation comes before the stop"));
        assert!(readout(&d, 0).contains("the stop fires first"));
    }
}
