//! Chart 4: the Monte Carlo fan of price paths over the horizon — the 5/25/50/75/95 %
//! quantiles across paths, a few sample paths, and the stop, liquidation and target lines with
//! the share of paths that touched each.

use super::frame::{axes, Anchor, ChartModel, Frame, Row, Svg, Table};
use super::geometry::{band_path, nearest_sorted};
use super::mc::{McSetup, Published};
use super::text;
use crate::engine::risk::montecarlo::{Estimate, McResult};
use crate::engine::risk::volatility::HOURS_PER_YEAR;
use crate::ui::chart::geometry::{extent, label_rows, line_path, pad, ticks, Scale};
use std::sync::Arc;

/// A horizontal level of the fan chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub class: &'static str,
    pub name: &'static str,
    pub price: f64,
    pub touched: Option<Estimate>,
}

/// The exit levels of a run with the share of paths that touched each.
pub fn levels(s: &McSetup, r: &McResult) -> Vec<Level> {
    let mut v = vec![Level {
        class: "fan-ref",
        name: "Now",
        price: s.config.s0,
        touched: None,
    }];
    let mut push = |class, name, price: Option<f64>, touched| {
        if let Some(price) = price {
            v.push(Level {
                class,
                name,
                price,
                touched: Some(touched),
            });
        }
    };
    push("fan-stop", "Stop", s.stop, r.prob_touch_stop);
    push(
        "fan-liq",
        "Liquidation",
        s.liquidation,
        r.prob_touch_liquidation,
    );
    push("fan-target", "Target", s.target, r.prob_touch_target);
    v
}

/// The price axis: the fan and sample paths, and each level close enough to them (within 60 %
/// of the fan's width) — a far-away liquidation price would flatten the fan.
pub fn price_domain(r: &McResult, samples: &[Vec<f64>], levels: &[Level]) -> (f64, f64) {
    let fan = r
        .fan
        .iter()
        .flat_map(|p| [p.quantiles[0], p.quantiles[4]])
        .chain(samples.iter().flatten().copied());
    let (lo, hi) = extent(fan).unwrap_or((0.0, 1.0));
    let w = (hi - lo).max(hi.abs() * 1e-6);
    let near = levels
        .iter()
        .map(|l| l.price)
        .filter(|p| *p >= lo - 0.6 * w && *p <= hi + 0.6 * w);
    let (lo, hi) = extent(near.chain([lo, hi])).unwrap_or((lo, hi));
    pad((lo, hi), 0.04)
}

/// What the fan chart draws: the last result read and the set-up it belongs to.
pub type Shown = (Arc<McResult>, Arc<McSetup>, Arc<Vec<Vec<f64>>>);

fn hours(r: &McResult) -> Vec<f64> {
    r.fan.iter().map(|p| p.t_years * HOURS_PER_YEAR).collect()
}

fn scales((r, s, samples): &Shown, f: &Frame) -> (Scale, Scale) {
    let horizon = s.config.horizon_years * HOURS_PER_YEAR;
    let dom = price_domain(r, samples, &levels(s, r));
    (
        Scale::new((0.0, horizon), f.x_range()),
        Scale::new(dom, f.y_range()),
    )
}

pub fn draw(shown: &Shown, f: &Frame) -> String {
    let (r, st, samples) = shown;
    let (x, y) = scales(shown, f);
    let (l, rr) = f.x_range();
    let (b, t) = f.y_range();
    let horizon = st.config.horizon_years * HOURS_PER_YEAR;
    let hs = hours(r);
    let mut s = Svg::new();
    let xt: Vec<(f64, String)> = ticks(0.0, horizon, if f.narrow() { 4 } else { 8 })
        .into_iter()
        .map(|v| (v, text::trimmed(v, 1)))
        .collect();
    let (lo, hi) = (y.invert(b), y.invert(t));
    let yt: Vec<(f64, String)> = ticks(lo, hi, 5)
        .into_iter()
        .map(|v| (v, crate::ui::format::f64_tick(v)))
        .collect();
    axes(&mut s, f, &x, &y, &xt, &yt, "Hours from now", "Price");
    let q = |k: usize| -> Vec<f64> { r.fan.iter().map(|p| p.quantiles[k]).collect() };
    s.path("fan-outer", &band_path(&hs, &q(0), &q(4), &x, &y));
    s.path("fan-inner", &band_path(&hs, &q(1), &q(3), &x, &y));
    for p in samples.iter() {
        let pts: Vec<(f64, f64)> = hs.iter().copied().zip(p.iter().copied()).collect();
        s.path("fan-sample", &line_path(&pts, &x, &y));
    }
    let median: Vec<(f64, f64)> = hs.iter().copied().zip(q(2)).collect();
    s.path("fan-median", &line_path(&median, &x, &y));
    // Levels: lines inside the plot, or an arrow at the edge for a far one.
    let lv = levels(st, r);
    let ys: Vec<f64> = lv.iter().map(|v| y.map(v.price).clamp(t, b)).collect();
    let rows = label_rows(&ys, 13.0, 3);
    for (v, (yy, row)) in lv.iter().zip(ys.iter().zip(rows)) {
        let inside = v.price >= lo && v.price <= hi;
        let label = level_label(v, rr - l - 8.0);
        let arrow = if inside {
            ""
        } else if v.price < lo {
            "↓ "
        } else {
            "↑ "
        };
        let ty = if *yy < t + 14.0 {
            yy + 12.0 + 12.0 * row as f64
        } else {
            yy - 4.0 - 12.0 * row as f64
        };
        s.open(&format!("fan-level {}", v.class));
        if inside {
            s.line("", l, *yy, rr, *yy);
        }
        s.text("", l + 4.0, ty, Anchor::Start, &format!("{arrow}{label}"));
        s.close();
    }
    s.into_string()
}

pub fn aria((r, st, _): &Shown) -> String {
    let last = r.fan.last().map(|p| p.quantiles).unwrap_or([f64::NAN; 5]);
    format!(
        "Fan of {} simulated price paths over {}: at the end the median is {}, 90 % of paths between {} and {}. {}",
        text::trimmed(r.paths as f64, 0),
        text::horizon(st.config.horizon_years * HOURS_PER_YEAR),
        text::price(last[2]),
        text::price(last[0]),
        text::price(last[4]),
        levels(st, r)
            .iter()
            .filter_map(|v| v.touched.map(|e| format!("{} {} touched by {}.", v.name, text::price(v.price), text::prob(e.value))))
            .collect::<Vec<_>>()
            .join(" ")
    )
}

/// A level's label, the longest that fits `room` pixels of the plot (about 0.6 em a character
/// at the chart's 12 px, with a margin): the share of paths that touched it with its standard
/// error, then without it, then the share alone, then the level alone.
fn level_label(v: &Level, room: f64) -> String {
    let head = format!("{} {}", v.name, text::price(v.price));
    let fits = |t: &String| (t.chars().count() as f64 + 2.0) * 7.2 <= room;
    match v.touched {
        Some(e) => [
            format!(
                "{head} · touched by {}",
                text::prob_se(e.value, e.std_error)
            ),
            format!("{head} · touched by {}", text::prob(e.value)),
            format!("{head} · {}", text::prob(e.value)),
        ]
        .into_iter()
        .find(fits)
        .unwrap_or(head),
        None => head,
    }
}

fn overlay(shown: &Shown, f: &Frame, i: usize) -> String {
    let (x, y) = scales(shown, f);
    let (b, t) = f.y_range();
    let mut s = Svg::new();
    if let Some(p) = shown.0.fan.get(i) {
        let cx = x.map(p.t_years * HOURS_PER_YEAR);
        s.line("", cx, t, cx, b);
        s.circle("dot", cx, y.map(p.quantiles[2]), 3.5, &[]);
        s.circle("dot dot-edge", cx, y.map(p.quantiles[0]), 2.5, &[]);
        s.circle("dot dot-edge", cx, y.map(p.quantiles[4]), 2.5, &[]);
    }
    s.into_string()
}

fn readout(r: &McResult, i: usize) -> Option<String> {
    let p = r.fan.get(i)?;
    Some(format!(
        "After {}: median {}; half of the paths between {} and {}; 90 % between {} and {}.",
        text::horizon(p.t_years * HOURS_PER_YEAR),
        text::price(p.quantiles[2]),
        text::price(p.quantiles[1]),
        text::price(p.quantiles[3]),
        text::price(p.quantiles[0]),
        text::price(p.quantiles[4]),
    ))
}

/// Chart 4 for one Monte Carlo result.
pub struct FanChart(pub Shown);

impl ChartModel for FanChart {
    fn draw(&self, f: &Frame) -> String {
        draw(&self.0, f)
    }
    fn aria(&self) -> String {
        aria(&self.0)
    }
    fn cells(&self) -> (usize, usize) {
        (self.0 .0.fan.len(), 1)
    }
    fn start(&self) -> (usize, usize) {
        (self.0 .0.fan.len().saturating_sub(1), 0)
    }
    fn at(&self, f: &Frame, sx: f64, _: f64) -> Option<(usize, usize)> {
        let (x, _) = scales(&self.0, f);
        let (l, r) = f.x_range();
        nearest_sorted(&hours(&self.0 .0), x.invert(sx.clamp(l, r))).map(|i| (i, 0))
    }
    fn overlay(&self, f: &Frame, c: (usize, usize)) -> String {
        overlay(&self.0, f, c.0)
    }
    fn readout(&self, c: (usize, usize)) -> String {
        readout(&self.0 .0, c.0).unwrap_or_default()
    }
    fn table(&self) -> Option<Table> {
        Some(table(&self.0 .0))
    }
}

/// The fan chart of a Monte Carlo view's published read, when it has a result.
pub fn model(v: &Published) -> Option<Arc<dyn ChartModel>> {
    match (&v.result, &v.shown) {
        (Some(r), Some(s)) if !r.fan.is_empty() => Some(Arc::new(FanChart((
            r.clone(),
            s.clone(),
            v.samples.clone(),
        )))),
        _ => None,
    }
}

fn table(r: &McResult) -> Table {
    let head = ["Hours", "5 %", "25 %", "Median", "75 %", "95 %"]
        .map(str::to_owned)
        .to_vec();
    let rows = r
        .fan
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 0 || *i == r.fan.len() - 1)
        .map(|(_, p)| {
            let mut row = vec![text::trimmed(p.t_years * HOURS_PER_YEAR, 2)];
            row.extend(p.quantiles.iter().map(|v| text::price(*v)));
            row
        })
        .map(Row::new)
        .collect();
    Table {
        caption: format!(
            "Price quantiles across {} simulated paths",
            text::trimmed(r.paths as f64, 0)
        ),
        head,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::risk::montecarlo::FanPoint;

    fn result(lo: f64, hi: f64) -> McResult {
        let e = Estimate {
            value: 0.1,
            std_error: 0.01,
        };
        McResult {
            paths: 10,
            prob_stop_first: e,
            prob_liquidation_first: e,
            prob_target_first: e,
            prob_open_at_horizon: e,
            prob_touch_stop: e,
            prob_touch_liquidation: e,
            prob_touch_target: e,
            expected_pnl: e,
            expected_loss: e,
            mean_stop_fill_pnl: None,
            confidence: 0.99,
            value_at_risk: 0.0,
            expected_shortfall: 0.0,
            fan: vec![
                FanPoint {
                    t_years: 0.0,
                    quantiles: [100.0; 5],
                },
                FanPoint {
                    t_years: 0.001,
                    quantiles: [lo, 99.0, 100.0, 101.0, hi],
                },
            ],
        }
    }

    #[test]
    fn level_labels_fit_the_plot() {
        let v = Level {
            class: "fan-stop",
            name: "Stop",
            price: 57_000.0,
            touched: Some(Estimate {
                value: 0.106,
                std_error: 0.0022,
            }),
        };
        let wide = level_label(&v, 1000.0);
        assert!(wide.contains("touched by") && wide.contains('±'), "{wide}");
        // A phone's plot (about 250 px): the share without its error, or alone.
        for room in [250.0, 280.0] {
            let narrow = level_label(&v, room);
            assert!(
                (narrow.chars().count() as f64 + 2.0) * 7.2 <= room,
                "{narrow} in {room}"
            );
            assert!(
                narrow.starts_with("Stop 57,000") && narrow.contains('%'),
                "{narrow}"
            );
        }
        assert_eq!(level_label(&v, 10.0), "Stop 57,000.00");
    }

    #[test]
    fn far_levels_do_not_flatten_the_fan() {
        let r = result(95.0, 105.0);
        let lv = |p: f64| Level {
            class: "fan-liq",
            name: "Liquidation",
            price: p,
            touched: None,
        };
        let (lo, hi) = price_domain(&r, &[], &[lv(50.0)]);
        assert!(lo > 90.0 && hi < 110.0, "{lo} {hi}");
        let (lo, _) = price_domain(&r, &[], &[lv(92.0)]);
        assert!(lo < 92.0);
        let (lo, hi) = price_domain(&r, &[vec![100.0, 120.0]], &[]);
        assert!(lo < 95.0 && hi > 120.0);
    }
}
