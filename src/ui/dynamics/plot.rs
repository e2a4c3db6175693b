//! One small SVG chart and one table for every dynamics panel.
//!
//! A panel describes its chart as a [`Plot`] (pure data: domains, shapes in data units, marks,
//! the text read out at each cursor stop) and its data as a [`Table`]; the builders are plain
//! functions tested natively. [`PlotView`] only draws, with the PnL chart's geometry helpers:
//! the SVG has an `aria-label`, is focusable, the arrow keys and the pointer move a cursor whose
//! reading is shown as text, and [`ChartData`] gives the same data as a table.

use super::super::chart::cursor::Move;
use super::super::chart::frame::{Frame, DYNAMICS};
use super::super::chart::geometry::{label_rows, line_path, px, ticks, Scale};
use super::super::chart::svg::{Anchor, Svg};
use super::super::format;
use crate::engine::num::from_f64;
use leptos::prelude::*;

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
    /// Cursor stops: x position and the sentence read out there.
    pub cursor: Vec<(f64, String)>,
    /// (class of the swatch, label).
    pub legend: Vec<(&'static str, String)>,
}

impl Plot {
    /// Every coordinate and label is free of non-finite numbers and of "NaN" text.
    #[cfg(test)]
    pub fn is_clean(&self) -> bool {
        let fin = |v: f64| v.is_finite();
        let texts = self
            .cursor
            .iter()
            .map(|c| &c.1)
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

/// The chart as SVG markup, by the charts' one writer ([`Svg`]: every text escaped, every
/// number finite). The page draws it with `inner_html`: one string instead of a tree of typed
/// views keeps the bundle small.
pub fn svg(p: &Plot, width: f64, testid: &str) -> String {
    let f = frame(width);
    let narrow = f.narrow();
    let ((l, r), (b, t)) = (f.x_range(), f.y_range());
    let (x, y) = scales(&f, p);
    let mut o = Svg::new();
    o.root("chart dyn-chart", testid, &p.label, f.w, f.h);
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
    o.open_clipped(&format!("clip-{testid}"), l, t, r - l, b - t);
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
    let rows = label_rows(&vx, if narrow { 100.0 } else { 130.0 }, 3);
    for (m, (&mx, row)) in p.marks.iter().zip(vx.iter().zip(rows)) {
        if m.vertical {
            if !(l - 0.5..=r + 0.5).contains(&mx) {
                continue;
            }
            let ly = t - 6.0 - 13.0 * row.min(2) as f64;
            let anchor = if mx < l + 40.0 {
                Anchor::Start
            } else if mx > r - 40.0 {
                Anchor::End
            } else {
                Anchor::Middle
            };
            o.open(&format!("mark {}", m.class));
            o.line("", mx, ly + 3.0, mx, b);
            o.text("", mx, ly, anchor, &m.label);
            o.close();
        } else {
            let my = y.map(m.at);
            if !(t - 0.5..=b + 0.5).contains(&my) {
                continue;
            }
            let lx = p.x_tick_max.map_or(r, |m| x.map(m)).min(r);
            o.open(&format!("mark {}", m.class));
            o.line("", l, my, r, my);
            o.text("", lx - 4.0, my - 4.0, Anchor::End, &m.label);
            o.close();
        }
    }
    o.end_root();
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

/// The chart: SVG, a cursor line, the legend and the cursor's reading as text. The arrow keys
/// (with the chart focused) and the pointer move the cursor between the plot's stops.
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
    let cursor = RwSignal::new(None::<usize>);
    let stops = move || plot.with(|p| p.as_ref().map_or(0, |p| p.cursor.len()));
    let on_move = move |ev: leptos::ev::PointerEvent| {
        use wasm_bindgen::JsCast;
        let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let f = frame(width.get_untracked());
        let best = plot.with_untracked(|p| {
            let p = p.as_ref()?;
            let sx = f.x_of_offset(ev.offset_x() as f64, el.client_width() as f64)?;
            let (x, _) = scales(&f, p);
            let (l, r) = f.x_range();
            let at = x.invert(sx.clamp(l, r));
            p.cursor
                .iter()
                .enumerate()
                .min_by(|a, b| (a.1 .0 - at).abs().total_cmp(&(b.1 .0 - at).abs()))
                .map(|(i, _)| i)
        });
        cursor.set(best);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = stops();
        if n == 0 {
            return;
        }
        let cur = cursor.get_untracked().unwrap_or(0).min(n - 1);
        match crate::ui::chart::cursor::on_key(&ev, (cur, 0), (n, 1)) {
            Move::To(i, _) => cursor.set(Some(i)),
            Move::Clear => cursor.set(None),
            Move::Ignore => {}
        }
    };
    // The cursor as an HTML line over the SVG, placed in percent of the drawing.
    let line_style = move || {
        let i = cursor.get()?;
        let f = frame(width.get());
        plot.with(|p| {
            let p = p.as_ref()?;
            let (x, _) = scales(&f, p);
            let cx = x.map(p.cursor.get(i)?.0);
            let pc = |v: f64, of: f64| px(v / of * 100.0);
            Some(format!(
                "left:{}%;top:{}%;height:{}%",
                pc(cx, f.w),
                pc(f.top, f.h),
                pc(f.h - f.top - f.bottom, f.h)
            ))
        })
    };
    let readout = move || {
        let i = cursor.get();
        plot.with(|p| match (p, i) {
            (Some(p), Some(i)) => p.cursor.get(i).map(|c| c.1.clone()),
            _ => None,
        })
        .unwrap_or_else(|| {
            "Point at the chart, or focus it and use the arrow keys, to read it.".to_owned()
        })
    };
    view! {
        <div class="plot" hidden=move || plot.with(Option::is_none)>
            <div class="plot-area">
                <div
                    class="plot-box"
                    inner_html=move || plot.with(|p| p.as_ref().map(|p| svg(p, width.get(), testid)).unwrap_or_default())
                    on:keydown=on_key
                    on:focusin=move |_| {
                        if cursor.get_untracked().is_none() && stops() > 0 {
                            cursor.set(Some(0));
                        }
                    }
                    on:pointermove=on_move
                    on:pointerleave=move |_| cursor.set(None)
                ></div>
                <div class="plot-cursor" aria-hidden="true" hidden=move || line_style().is_none() style=move || line_style().unwrap_or_default()></div>
            </div>
            <ul class="legend" inner_html=move || plot.with(|p| p.as_ref().map(legend).unwrap_or_default())></ul>
            <p class="readout" aria-live="polite" data-testid=format!("{testid}-readout")>{readout}</p>
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
        let s = svg(&p, 720.0, "t");
        assert!(s.contains("a &lt;b&gt; &amp; &quot;c&quot;"));
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
