//! One small SVG chart and one table for every dynamics panel.
//!
//! A panel describes its chart as a [`Plot`] (pure data: domains, shapes in data units, marks,
//! the text read out at each cursor stop) and its data as a [`Table`]; the builders are plain
//! functions tested natively. [`PlotView`] only draws, with the PnL chart's geometry helpers:
//! the SVG has an `aria-label`, is focusable, the arrow keys and the pointer move a cursor whose
//! reading is shown as text, and [`ChartData`] gives the same data as a table.

use super::super::chart::frame::{Frame, DYNAMICS};
use super::super::chart::geometry::{line_path, span_rows, ticks, Scale};
use super::super::chart::shell::{ChartBody, ChartModel};
use super::super::chart::svg::{label_row_y, place_label, Anchor, Svg};
use super::super::format;
use crate::engine::num::from_f64;
use leptos::prelude::*;
use std::sync::Arc;

/// How axis ticks are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tick {
    /// `54,000`, `1.5M`.
    #[default]
    Num,
    /// A fraction as a percentage: `−50 %`.
    Pct,
    /// A multiple: `2×`.
    Times,
    /// Days: `30 d`.
    Day,
}

/// An axis tick's text.
pub fn tick_text(t: Tick, v: f64) -> String {
    match t {
        Tick::Num => format::f64_tick(v),
        Tick::Pct => pct(v, 1),
        Tick::Times => format!("{}×", format::f64_tick(v)),
        Tick::Day => format!("{}\u{a0}d", format::f64_tick(v)),
    }
}

/// A fraction as a percentage (`0.0512` → `5.12 %`); a dash when not finite.
pub fn pct(x: f64, dp: u32) -> String {
    from_f64(x).map_or_else(|| format::DASH.to_owned(), |d| format::percent(d, dp))
}

/// A plain number with at most `dp` decimals, grouped; a dash when not finite.
pub fn num(x: f64, dp: u32) -> String {
    from_f64(x).map_or_else(|| format::DASH.to_owned(), |d| format::trimmed(d, dp, 0))
}

/// The exact text of an f64 for `data-value` (shortest decimal), empty when not finite.
pub fn exact(x: f64) -> String {
    from_f64(x).map_or_else(String::new, |d| d.normalize().to_string())
}

/// A filled rectangle in data units.
#[derive(Debug, Clone, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
    pub class: &'static str,
}

/// A line through points in data units (a non-finite point leaves a gap).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub points: Vec<(f64, f64)>,
    pub class: &'static str,
}

/// A labelled reference line: vertical at `x = at`, or horizontal at `y = at`.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub vertical: bool,
    pub at: f64,
    pub class: &'static str,
    pub label: String,
}

/// The sentence read out at a cursor stop, by its index, written on demand.
#[derive(Clone)]
pub struct Reading(pub Arc<dyn Fn(usize) -> String + Send + Sync>);

impl std::fmt::Debug for Reading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reading(..)")
    }
}

/// The same writer (a plot rebuilt from other inputs holds another one).
impl PartialEq for Reading {
    fn eq(&self, other: &Reading) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A chart, described in data units.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plot {
    /// What the chart shows, for screen readers (`aria-label`).
    pub label: String,
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub x_tick: Tick,
    pub y_tick: Tick,
    /// Ticks on x only up to this value (a side strip may lie beyond it); horizontal marks
    /// end their labels there too.
    pub x_tick_max: Option<f64>,
    pub rects: Vec<Rect>,
    pub lines: Vec<Line>,
    pub marks: Vec<Mark>,
    /// Cursor stops: x position and the sentence read out there (empty when [`Plot::reading`]
    /// writes it).
    pub cursor: Vec<(f64, String)>,
    /// The sentence at a stop, written when the cursor reaches it instead of for every stop on
    /// every change (the drag chart's 101 stops).
    pub reading: Option<Reading>,
    /// (class of the swatch, label).
    pub legend: Vec<(&'static str, String)>,
}

impl Plot {
    /// The sentence read out at stop `i` (empty past the last stop).
    pub fn reading(&self, i: usize) -> String {
        match (&self.reading, self.cursor.get(i)) {
            (Some(r), Some(_)) => (r.0)(i),
            (None, Some(stop)) => stop.1.clone(),
            (_, None) => String::new(),
        }
    }

    /// Every coordinate and label is free of non-finite numbers and of "NaN" text.
    #[cfg(test)]
    pub fn is_clean(&self) -> bool {
        let fin = |v: f64| v.is_finite();
        let readings: Vec<String> = (0..self.cursor.len()).map(|i| self.reading(i)).collect();
        let texts = readings
            .iter()
            .chain(self.marks.iter().map(|m| &m.label))
            .chain(std::iter::once(&self.label));
        fin(self.x.0)
            && fin(self.x.1)
            && fin(self.y.0)
            && fin(self.y.1)
            && self.x.1 > self.x.0
            && self.y.1 > self.y.0
            && self
                .rects
                .iter()
                .all(|r| fin(r.x0) && fin(r.x1) && fin(r.y0) && fin(r.y1))
            && self.marks.iter().all(|m| fin(m.at))
            && self.cursor.iter().all(|c| fin(c.0))
            && texts
                .into_iter()
                .all(|t| !t.contains("NaN") && !t.contains("inf"))
    }
}

pub use crate::ui::chart::table::{heads, ChartData, Row, Table, TableView};

/// The frame of a dynamics chart `width` px wide.
fn frame(width: f64) -> Frame {
    Frame::for_width(width, &DYNAMICS)
}

/// The plot's scales in `f`.
fn scales(f: &Frame, p: &Plot) -> (Scale, Scale) {
    f.scales(p.x, p.y)
}

/// The page's one escaper ([`crate::ui::escape`]).
pub use crate::ui::escape::escape as esc;

/// The chart's drawing as SVG markup in the frame `f`, by the charts' one writer ([`Svg`]:
/// every text escaped, every number finite); `clip` names its clip path.
pub fn draw(p: &Plot, f: &Frame, clip: &str) -> String {
    let narrow = f.narrow();
    let ((l, r), (b, t)) = (f.x_range(), f.y_range());
    let (x, y) = scales(f, p);
    let mut o = Svg::new();
    // The grids change less often than the data: a layer of their own.
    o.layer();
    o.open("grid-x");
    let xmax = p.x_tick_max.unwrap_or(p.x.1);
    for v in ticks(p.x.0, xmax, if narrow { 4 } else { 7 }) {
        let tx = x.map(v);
        o.line("grid", tx, t, tx, b);
        o.text("", tx, b + 17.0, Anchor::Middle, &tick_text(p.x_tick, v));
    }
    o.close();
    o.open("grid-y");
    for v in ticks(p.y.0, p.y.1, 5) {
        let ty = y.map(v);
        o.line("grid", l, ty, r, ty);
        o.text("", l - 5.0, ty + 4.0, Anchor::End, &tick_text(p.y_tick, v));
    }
    o.close();
    o.layer();
    for q in &p.rects {
        let (x0, x1) = (x.map(q.x0).clamp(l, r), x.map(q.x1).clamp(l, r));
        let (y0, y1) = (y.map(q.y0).clamp(t, b), y.map(q.y1).clamp(t, b));
        o.rect(
            q.class,
            x0.min(x1),
            y0.min(y1),
            (x1 - x0).abs(),
            (y1 - y0).abs(),
        );
    }
    o.open_clipped(clip, l, t, r - l, b - t);
    for ln in &p.lines {
        o.path(ln.class, &line_path(&ln.points, &x, &y));
    }
    o.close();
    // Vertical marks: labels above the plot, in up to three rows when close.
    let vx: Vec<f64> = p
        .marks
        .iter()
        .map(|m| if m.vertical { x.map(m.at) } else { f64::NAN })
        .collect();
    let (anchors, spans): (Vec<Anchor>, Vec<(f64, f64)>) = p
        .marks
        .iter()
        .zip(&vx)
        .map(|(m, &mx)| place_label(mx, &m.label, l, r))
        .unzip();
    let rows = span_rows(&spans, if narrow { 8.0 } else { 12.0 }, 3);
    // Where each mark's line and label go (`None`: outside the plot). Every line is drawn
    // first, then every label (on a halo, CSS), so no line strikes through a label.
    type Placed = ((f64, f64, f64, f64), (f64, f64, Anchor));
    let placed: Vec<Option<Placed>> = p
        .marks
        .iter()
        .zip(vx.iter().zip(&anchors).zip(&rows))
        .map(|(m, ((&mx, &anchor), &row))| {
            if m.vertical {
                let ly = label_row_y(t, row);
                (l - 0.5..=r + 0.5)
                    .contains(&mx)
                    .then_some(((mx, ly + 3.0, mx, b), (mx, ly, anchor)))
            } else {
                let my = y.map(m.at);
                let lx = p.x_tick_max.map_or(r, |m| x.map(m)).min(r);
                (t - 0.5..=b + 0.5)
                    .contains(&my)
                    .then_some(((l, my, r, my), (lx - 4.0, my - 4.0, Anchor::End)))
            }
        })
        .collect();
    for (m, at) in p.marks.iter().zip(&placed) {
        if let Some(((x1, y1, x2, y2), _)) = at {
            o.open(&format!("mark {}", m.class));
            o.line("", *x1, *y1, *x2, *y2);
            o.close();
        }
    }
    for (m, at) in p.marks.iter().zip(&placed) {
        if let Some((_, (tx, ty, anchor))) = at {
            o.open(&format!("mark {}", m.class));
            o.text("", *tx, *ty, *anchor, &m.label);
            o.close();
        }
    }
    o.into_string()
}

/// The legend as list items ([`crate::ui::chart::legend_markup`]).
pub fn legend(p: &Plot) -> String {
    crate::ui::chart::legend_markup(p.legend.iter().map(|(c, l)| (*c, l.as_str())))
}

/// The whole table as markup ([`Table::markup`]).
pub fn table(t: &Table, testid: &str) -> String {
    t.markup(testid)
}

pub use crate::ui::stat::{markup as figs, Stat, Stats};

/// A dynamics chart as the page's [`ChartModel`]: the cursor moves between the plot's stops
/// and reads the sentence of each; the panel shows the data table itself.
struct PlotModel {
    plot: Plot,
    /// The chart's test id, which names its clip path.
    testid: &'static str,
}

impl ChartModel for PlotModel {
    fn draw(&self, f: &Frame) -> String {
        draw(&self.plot, f, &format!("clip-{}", self.testid))
    }
    fn aria(&self) -> String {
        self.plot.label.clone()
    }
    fn cells(&self) -> (usize, usize) {
        (self.plot.cursor.len(), 1)
    }
    fn start(&self) -> (usize, usize) {
        (0, 0)
    }
    /// The stop nearest the point's x.
    fn at(&self, f: &Frame, sx: f64, _sy: f64) -> Option<(usize, usize)> {
        let (x, _) = scales(f, &self.plot);
        let (l, r) = f.x_range();
        let at = x.invert(sx.clamp(l, r));
        self.plot
            .cursor
            .iter()
            .enumerate()
            .min_by(|a, b| (a.1 .0 - at).abs().total_cmp(&(b.1 .0 - at).abs()))
            .map(|(i, _)| (i, 0))
    }
    /// A vertical line at the stop.
    fn overlay(&self, f: &Frame, c: (usize, usize)) -> String {
        let Some(stop) = self.plot.cursor.get(c.0) else {
            return String::new();
        };
        let (x, _) = scales(f, &self.plot);
        let ((b, t), cx) = (f.y_range(), x.map(stop.0));
        let mut o = Svg::new();
        o.line("", cx, t, cx, b);
        o.into_string()
    }
    fn readout(&self, c: (usize, usize)) -> String {
        self.plot.reading(c.0)
    }
    fn table(&self) -> Option<Table> {
        None
    }
    fn has_table(&self) -> bool {
        false
    }
}

/// The chart, by the page's one chart component ([`ChartBody`]): SVG, cursor, the legend and
/// the cursor's reading as text. The arrow keys (with the chart focused) and the pointer move
/// the cursor between the plot's stops.
#[component]
pub fn PlotView(
    /// What to draw (nothing while `None`).
    #[prop(into)]
    plot: Signal<Option<Plot>>,
    /// `data-testid` of the SVG; the readout is `<testid>-readout`.
    testid: &'static str,
    /// The width to draw at (the panel's content width, measured).
    width: RwSignal<f64>,
) -> impl IntoView {
    let frame = Memo::new(move |_| frame(width.get()));
    // Rebuilt exactly when the plot is: no equality check needed.
    let model = Memo::new_with_compare(
        move |_| {
            plot.with(|p| {
                p.as_ref().map(|p| {
                    Arc::new(PlotModel {
                        plot: p.clone(),
                        testid,
                    }) as Arc<dyn ChartModel>
                })
            })
        },
        |_, _| true,
    );
    let legend = move || plot.with(|p| p.as_ref().map(legend).unwrap_or_default());
    view! {
        <div class="plot" hidden=move || plot.with(Option::is_none)>
            <ChartBody
                test_id=testid
                class="chart dyn-chart"
                frame=frame
                model=model
                legend=Signal::derive(legend)
            />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_free_of_nan() {
        let p = Plot {
            label: "a <b> & \"c\"".to_owned(),
            x: (0.0, 10.0),
            y: (0.0, 1.0),
            lines: vec![Line {
                points: vec![(0.0, 0.5), (5.0, f64::NAN), (10.0, 1.0)],
                class: "s1",
            }],
            marks: vec![Mark {
                vertical: true,
                at: 5.0,
                class: "m-stop",
                label: "<stop>".to_owned(),
            }],
            legend: vec![("s1", "x & y".to_owned())],
            ..Plot::default()
        };
        let s = draw(&p, &frame(720.0), "clip-t");
        assert!(s.contains("clip-path=\"url(#clip-t)\""));
        assert!(s.contains("&lt;stop&gt;"));
        assert!(!s.contains("NaN") && !s.contains("inf"));
        assert!(legend(&p).contains("x &amp; y"));
        let t = Table {
            caption: "c".to_owned(),
            head: heads(&["A", "B"]),
            rows: vec![Row::new(vec!["<1>".to_owned(), "2".to_owned()])],
        };
        let h = table(&t, "tt");
        assert!(h.contains(r#"<th scope="row">&lt;1&gt;</th><td class="num">2</td>"#));
    }

    #[test]
    fn ticks_and_numbers_never_show_nan() {
        assert_eq!(tick_text(Tick::Pct, -0.5), "\u{2212}50\u{a0}%");
        assert_eq!(tick_text(Tick::Times, 2.0), "2×");
        assert_eq!(tick_text(Tick::Day, 30.0), "30\u{a0}d");
        assert_eq!(pct(f64::NAN, 2), format::DASH);
        assert_eq!(num(f64::INFINITY, 2), format::DASH);
        assert_eq!(num(1234.5678, 2), "1,234.57");
        assert_eq!(exact(0.25), "0.25");
        assert_eq!(exact(f64::NAN), "");
    }
}
