//! One small SVG chart and one table for every dynamics panel.
//!
//! A panel describes its chart as a [`Plot`] (pure data: domains, shapes in data units, marks,
//! the text read out at each cursor stop) and its data as a [`Table`]; the builders are plain
//! functions tested natively. [`PlotView`] only draws, with the PnL chart's geometry helpers:
//! the SVG has an `aria-label`, is focusable, the arrow keys and the pointer move a cursor whose
//! reading is shown as text, and [`ChartData`] gives the same data as a table.

use super::super::chart::geometry::{label_rows, line_path, px, ticks, Scale};
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
    /// Ticks on x only up to this value (a side strip may lie beyond it).
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

/// A table: the first cell of each row is its header.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub caption: String,
    pub head: Vec<&'static str>,
    pub rows: Vec<Row>,
}

/// One row; `class` marks it (e.g. `"in-use"`, `"bad"`).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    pub class: &'static str,
}

impl Row {
    pub fn new(cells: Vec<String>) -> Row {
        Row { cells, class: "" }
    }
}

/// Drawing size in SVG units.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Frame {
    w: f64,
    h: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl Frame {
    fn new(narrow: bool) -> Frame {
        if narrow {
            Frame {
                w: 360.0,
                h: 260.0,
                left: 52.0,
                right: 10.0,
                top: 34.0,
                bottom: 28.0,
            }
        } else {
            Frame {
                w: 720.0,
                h: 300.0,
                left: 66.0,
                right: 16.0,
                top: 34.0,
                bottom: 30.0,
            }
        }
    }
}

/// The chart: SVG, legend and the cursor's reading as text.
#[component]
pub fn PlotView(
    /// What to draw.
    plot: Plot,
    /// `data-testid` of the SVG; the readout is `<testid>-readout`.
    testid: &'static str,
    /// Narrow drawing for small screens.
    narrow: bool,
) -> impl IntoView {
    let f = Frame::new(narrow);
    let (l, r, t, b) = (f.left, f.w - f.right, f.top, f.h - f.bottom);
    let x = Scale::new(plot.x, (l, r));
    let y = Scale::new(plot.y, (b, t));
    let xmax = plot.x_tick_max.unwrap_or(plot.x.1);
    let x_ticks = ticks(plot.x.0, xmax, if narrow { 4 } else { 7 })
        .into_iter()
        .map(|v| {
            let tx = px(x.map(v));
            view! {
                <line x1=tx.clone() x2=tx.clone() y1=px(t) y2=px(b) class="grid" />
                <text x=tx y=px(b + 17.0) text-anchor="middle">{tick_text(plot.x_tick, v)}</text>
            }
        })
        .collect_view();
    let y_ticks = ticks(plot.y.0, plot.y.1, 5)
        .into_iter()
        .map(|v| {
            let ty = px(y.map(v));
            view! {
                <line x1=px(l) x2=px(r) y1=ty.clone() y2=ty class="grid" />
                <text x=px(l - 5.0) y=px(y.map(v) + 4.0) text-anchor="end">{tick_text(plot.y_tick, v)}</text>
            }
        })
        .collect_view();
    let clip = |v: f64, lo: f64, hi: f64| v.clamp(lo, hi);
    let rects = plot
        .rects
        .iter()
        .map(|q| {
            let (x0, x1) = (clip(x.map(q.x0), l, r), clip(x.map(q.x1), l, r));
            let (y0, y1) = (clip(y.map(q.y0), t, b), clip(y.map(q.y1), t, b));
            view! {
                <rect class=q.class x=px(x0.min(x1)) y=px(y0.min(y1)) width=px((x1 - x0).abs()) height=px((y1 - y0).abs()) />
            }
        })
        .collect_view();
    let clip_id = format!("clip-{testid}");
    let lines = plot
        .lines
        .iter()
        .map(|ln| view! { <path class=ln.class d=line_path(&ln.points, &x, &y) /> })
        .collect_view();
    // Vertical marks: labels above the plot, in rows when close.
    let vx: Vec<f64> = plot
        .marks
        .iter()
        .map(|m| if m.vertical { x.map(m.at) } else { f64::NAN })
        .collect();
    let rows = label_rows(&vx, if narrow { 60.0 } else { 110.0 }, 2);
    let marks = plot
        .marks
        .iter()
        .zip(vx.iter().zip(rows))
        .filter_map(|(m, (&mx, row))| {
            let class = format!("mark {}", m.class);
            if m.vertical {
                if !(l - 0.5..=r + 0.5).contains(&mx) {
                    return None;
                }
                let ly = t - 6.0 - 13.0 * (1 - row.min(1)) as f64;
                let anchor = if mx < l + 40.0 {
                    "start"
                } else if mx > r - 40.0 {
                    "end"
                } else {
                    "middle"
                };
                Some(view! {
                    <g class=class>
                        <line x1=px(mx) x2=px(mx) y1=px(ly + 3.0) y2=px(b) />
                        <text x=px(mx) y=px(ly) text-anchor=anchor>{m.label.clone()}</text>
                    </g>
                })
            } else {
                let my = y.map(m.at);
                if !(t - 0.5..=b + 0.5).contains(&my) {
                    return None;
                }
                Some(view! {
                    <g class=class>
                        <line x1=px(l) x2=px(r) y1=px(my) y2=px(my) />
                        <text x=px(r - 4.0) y=px(my - 4.0) text-anchor="end">{m.label.clone()}</text>
                    </g>
                })
            }
        })
        .collect_view();

    let cursor = RwSignal::new(None::<usize>);
    let stops: Vec<f64> = plot.cursor.iter().map(|c| c.0).collect();
    let n = stops.len();
    let cursor_line = {
        move || {
            let cx = x.map(*stops.get(cursor.get()?)?);
            Some(view! { <line class="cursor-line" x1=px(cx) x2=px(cx) y1=px(t) y2=px(b) /> })
        }
    };
    let xs: Vec<f64> = plot.cursor.iter().map(|c| c.0).collect();
    let on_move = move |ev: leptos::ev::PointerEvent| {
        use wasm_bindgen::JsCast;
        let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let cw = el.client_width() as f64;
        if cw <= 0.0 || xs.is_empty() {
            return;
        }
        let at = x.invert((ev.offset_x() as f64 * f.w / cw).clamp(l, r));
        let best = xs
            .iter()
            .enumerate()
            .min_by(|a, b| (a.1 - at).abs().total_cmp(&(b.1 - at).abs()))
            .map(|(i, _)| i);
        cursor.set(best);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if n == 0 {
            return;
        }
        let cur = cursor.get_untracked().unwrap_or(0);
        let step = if ev.shift_key() { 10 } else { 1 };
        let next = match ev.key().as_str() {
            "ArrowLeft" | "ArrowDown" => cur.saturating_sub(step),
            "ArrowRight" | "ArrowUp" => (cur + step).min(n - 1),
            "Home" => 0,
            "End" => n - 1,
            "Escape" => {
                cursor.set(None);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        cursor.set(Some(next));
    };
    let texts: Vec<String> = plot.cursor.into_iter().map(|c| c.1).collect();
    let readout = move || match cursor.get().and_then(|i| texts.get(i)) {
        Some(s) => s.clone(),
        None => "Point at the chart, or focus it and use the arrow keys, to read it.".to_owned(),
    };
    let legend = plot
        .legend
        .into_iter()
        .map(|(class, label)| {
            view! {
                <li>
                    <span class=format!("swatch {class}") aria-hidden="true"></span>
                    {label}
                </li>
            }
        })
        .collect_view();
    view! {
        <svg
            class="chart dyn-chart"
            data-testid=testid
            role="img"
            aria-label=plot.label
            tabindex="0"
            viewBox=format!("0 0 {} {}", px(f.w), px(f.h))
            on:keydown=on_key
            on:focus=move |_| {
                if cursor.get_untracked().is_none() && n > 0 {
                    cursor.set(Some(0));
                }
            }
            on:pointermove=on_move
            on:pointerleave=move |_| cursor.set(None)
        >
            <defs>
                <clipPath id=clip_id.clone()>
                    <rect x=px(l) y=px(t) width=px(r - l) height=px(b - t) />
                </clipPath>
            </defs>
            <g class="grid-x">{x_ticks}</g>
            <g class="grid-y">{y_ticks}</g>
            {rects}
            <g clip-path=format!("url(#{clip_id})")>{lines}</g>
            {marks}
            {cursor_line}
        </svg>
        <ul class="legend">{legend}</ul>
        <p class="readout" aria-live="polite" data-testid=format!("{testid}-readout")>{readout}</p>
    }
}

/// A table: the first cell of every row is a row header, the others are right-aligned numbers.
#[component]
pub fn TableView(
    /// The table.
    table: Table,
    /// `data-testid` of the `<table>`.
    testid: &'static str,
) -> impl IntoView {
    let head = table
        .head
        .iter()
        .enumerate()
        .map(|(i, h)| {
            view! { <th scope="col" class=if i == 0 { "" } else { "num" }>{*h}</th> }
        })
        .collect_view();
    let rows = table
        .rows
        .into_iter()
        .map(|row| {
            let mut cells = row.cells.into_iter();
            let first = cells.next().unwrap_or_default();
            let rest = cells
                .map(|c| view! { <td class="num">{c}</td> })
                .collect_view();
            view! {
                <tr class=row.class>
                    <th scope="row">{first}</th>
                    {rest}
                </tr>
            }
        })
        .collect_view();
    let region = table.caption.clone();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=region>
            <table data-testid=testid>
                <caption>{table.caption}</caption>
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// A chart's data as a table, folded away under a summary.
#[component]
pub fn ChartData(
    /// The data.
    table: Table,
    /// `data-testid` of the `<table>`.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <details class="chart-data">
            <summary>"Chart data as a table"</summary>
            <TableView table=table testid=testid />
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
