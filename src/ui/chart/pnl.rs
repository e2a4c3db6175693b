//! The PnL chart's model: net PnL against exit price ([`Series`]) drawn with the one SVG
//! writer, a cursor along the curve, and the data as a table (the marked prices, then a coarse
//! grid of the curve). Pure: drawn by [`super::shell::ChartBody`], tested natively.

use super::frame::Frame;
use super::geometry::{area_path, line_path, nearest, span_rows, ticks};
use super::series::{MarkerKind, Series};
use super::shell::ChartModel;
use super::svg::{label_row_y, place_label, Anchor, Svg};
use super::table::{heads, Row, Table};
use crate::engine::num::to_f64;
use crate::ui::format;
use crate::ui::units::Units;

/// The PnL chart for one series, in the units of the contract.
pub struct PnlModel {
    pub series: Series,
    pub units: Units,
}

impl PnlModel {
    /// The cursor's point, when its PnL is a number.
    fn point(&self, i: usize) -> Option<(f64, f64)> {
        self.series
            .points
            .get(i)
            .copied()
            .filter(|p| p.1.is_finite())
    }
}

impl ChartModel for PnlModel {
    fn draw(&self, f: &Frame) -> String {
        let s = &self.series;
        let (x, y) = f.scales(s.x_domain, s.y_domain);
        let (l, r) = f.x_range();
        let (b, t) = f.y_range();
        let narrow = f.narrow();
        let mut o = Svg::new();
        // Loss zone.
        let (lz0, lz1) = (x.map(s.loss_zone.0), x.map(s.loss_zone.1));
        if lz1 > lz0 {
            o.rect("loss-zone", lz0, t, lz1 - lz0, b - t);
        }
        // Grid and axes.
        o.open("grid-y");
        for v in ticks(s.y_domain.0, s.y_domain.1, 5) {
            let ty = y.map(v);
            o.open("tick");
            o.line("grid", l, ty, r, ty);
            o.text("", l - 6.0, ty + 4.0, Anchor::End, &format::f64_tick(v));
            o.close();
        }
        o.close();
        o.open("grid-x");
        for v in ticks(s.x_domain.0, s.x_domain.1, if narrow { 3 } else { 6 }) {
            let tx = x.map(v);
            o.open("tick");
            o.line("grid", tx, t, tx, b);
            o.text("", tx, b + 18.0, Anchor::Middle, &format::f64_tick(v));
            o.close();
        }
        o.close();
        // The curve, its area split at zero into gain and loss.
        o.path("area", &area_path(&s.points, &x, &y, 0.0));
        let zero = y.map(0.0);
        o.line("zero", l, zero, r, zero);
        o.path("curve", &line_path(&s.points, &x, &y));
        // Markers, their labels in rows so that close prices do not overlap.
        let marks: Vec<(f64, &str)> = s
            .markers
            .iter()
            .map(|m| {
                let label = if narrow {
                    m.kind.short()
                } else {
                    m.kind.label()
                };
                (x.map(to_f64(m.price)), label)
            })
            .collect();
        let (anchors, spans): (Vec<Anchor>, Vec<(f64, f64)>) = marks
            .iter()
            .map(|&(mx, label)| place_label(mx, label, l, r))
            .unzip();
        let rows = span_rows(&spans, 6.0, 3);
        // Row 0 just above the plot; every line first, then every label (on a halo, CSS), so
        // that a line reaching up to a higher label never strikes through another label.
        for (m, (&(mx, _), &row)) in s.markers.iter().zip(marks.iter().zip(&rows)) {
            o.open(&format!("marker marker-{}", m.kind.class()));
            o.line("", mx, label_row_y(t, row) + 3.0, mx, b);
            o.close();
        }
        for (m, ((&(mx, label), &anchor), &row)) in
            s.markers.iter().zip(marks.iter().zip(&anchors).zip(&rows))
        {
            o.open(&format!("marker marker-{}", m.kind.class()));
            o.text("", mx, label_row_y(t, row), anchor, label);
            o.close();
        }
        o.into_string()
    }

    /// A sentence describing the chart for screen readers.
    fn aria(&self) -> String {
        let (s, u) = (&self.series, &self.units);
        let mut parts = vec![format!(
            "Net PnL in {} against exit price, from {} to {} {}.",
            u.settle(),
            format::f64_price(s.x_domain.0),
            format::f64_price(s.x_domain.1),
            u.quote
        )];
        for m in &s.markers {
            let pnl = m
                .pnl
                .map(|p| format!(", PnL {}", format::signed_amount(p, u.coin_settled)))
                .unwrap_or_default();
            parts.push(format!(
                "{} {}{}.",
                m.kind.label(),
                format::price(m.price),
                pnl
            ));
        }
        parts.join(" ")
    }

    fn cells(&self) -> (usize, usize) {
        (self.series.points.len(), 1)
    }

    /// The entry price (the middle of the range without one).
    fn start(&self) -> (usize, usize) {
        let s = &self.series;
        let entry = s
            .markers
            .iter()
            .find(|m| m.kind == MarkerKind::Entry)
            .and_then(|m| nearest(&s.points, to_f64(m.price)));
        (entry.unwrap_or(s.points.len() / 2), 0)
    }

    fn at(&self, f: &Frame, sx: f64, _sy: f64) -> Option<(usize, usize)> {
        let (x, _) = f.scales(self.series.x_domain, self.series.y_domain);
        let (l, r) = f.x_range();
        nearest(&self.series.points, x.invert(sx.clamp(l, r))).map(|i| (i, 0))
    }

    /// A line and a dot at the point, and a box with its price and PnL.
    fn overlay(&self, f: &Frame, c: (usize, usize)) -> String {
        let Some((dx, dy)) = self.point(c.0) else {
            return String::new();
        };
        let (x, y) = f.scales(self.series.x_domain, self.series.y_domain);
        let (l, r) = f.x_range();
        let (b, t) = f.y_range();
        let (cx, cy) = (x.map(dx), y.map(dy));
        let text = format!(
            "{} → {}",
            format::f64_price(dx),
            format::f64_amount(dy, self.units.coin_settled)
        );
        let box_w = 7.0 * text.chars().count() as f64 + 12.0;
        let bx = (cx + 8.0).min(r - box_w).max(l);
        let by = if cy > t + 40.0 { cy - 34.0 } else { cy + 10.0 };
        let mut o = Svg::new();
        o.line("", cx, t, cx, b);
        o.circle("", cx, cy, 4.0, &[]);
        o.rect("", bx, by, box_w, 22.0);
        o.text("", bx + 6.0, by + 15.0, Anchor::Start, &text);
        o.into_string()
    }

    fn readout(&self, c: (usize, usize)) -> String {
        match self.point(c.0) {
            Some((px, py)) => format!(
                "At {} the net PnL is {} {}.",
                format::f64_price(px),
                format::f64_amount(py, self.units.coin_settled),
                self.units.settle()
            ),
            None => IDLE.to_owned(),
        }
    }

    fn table(&self) -> Option<Table> {
        Some(table(&self.series, &self.units))
    }
}

/// The readout while no point is read.
pub const IDLE: &str = "Point at the chart, or focus it and press the arrow keys, to read a price.";

/// The chart's data as a table: the marked prices, then a coarse grid of the curve.
fn table(s: &Series, u: &Units) -> Table {
    let coin = u.coin_settled;
    let mut marked: Vec<_> = s.markers.clone();
    crate::engine::order::sort_vec(&mut marked, &|a, b| a.price < b.price);
    let mut rows: Vec<Row> = marked
        .into_iter()
        .map(|m| {
            Row::new(vec![
                m.kind.label().to_owned(),
                format::price(m.price),
                m.pnl
                    .map(|p| format::signed_amount(p, coin))
                    .unwrap_or_else(|| format::DASH.to_owned()),
            ])
        })
        .collect();
    rows.extend(s.points.iter().step_by(20).map(|(px, py)| {
        Row::new(vec![
            "Price".to_owned(),
            format::f64_price(*px),
            format::f64_amount(*py, coin),
        ])
    }));
    Table {
        caption: format!("Net PnL ({}) at exit prices ({})", u.settle(), u.quote),
        head: heads(&["Point", "Price", "Net PnL"]),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{evaluate_scenario, Scenario};
    use crate::ui::chart::frame::PNL;

    fn model() -> PnlModel {
        let e = evaluate_scenario(&Scenario::default()).unwrap();
        PnlModel {
            series: super::super::series::build(&e, 161),
            units: Units {
                base: "BTC".into(),
                quote: "USDT".into(),
                coin_settled: false,
            },
        }
    }

    #[test]
    fn draws_the_curve_every_marker_and_a_cursor_at_the_entry() {
        let m = model();
        for width in [360.0, 1000.0] {
            let f = Frame::for_width(width, &PNL);
            let svg = m.draw(&f);
            assert_eq!(svg.matches("<path class=\"curve\"").count(), 1);
            // A line and a label for each of the six markers.
            assert_eq!(svg.matches("class=\"marker marker-").count(), 12);
            assert!(svg.contains("class=\"loss-zone\""));
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
            // The cursor starts at the entry, 60,000 in the opening example.
            let (i, j) = m.start();
            assert_eq!((m.cells(), j), ((161, 1), 0));
            assert!(
                m.readout((i, 0)).starts_with("At 60,"),
                "{}",
                m.readout((i, 0))
            );
            let over = m.overlay(&f, (i, 0));
            assert!(over.contains("<circle") && over.contains("→"), "{over}");
            // The point under the entry's x is the entry's cell.
            let (x, _) = f.scales(m.series.x_domain, m.series.y_domain);
            let at = m.at(&f, x.map(m.series.points[i].0), 0.0);
            assert_eq!(at, Some((i, 0)));
        }
        assert_eq!(m.readout((10_000, 0)), IDLE);
        assert_eq!(m.overlay(&Frame::for_width(800.0, &PNL), (10_000, 0)), "");
        let t = m.table().unwrap();
        assert_eq!(t.rows.len(), 6 + 161_usize.div_ceil(20));
        assert!(m.aria().starts_with("Net PnL in USDT against exit price"));
    }
}
