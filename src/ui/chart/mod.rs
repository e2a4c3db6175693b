//! The PnL chart: net PnL against exit price, drawn by the app in SVG.
//!
//! `series` samples the engine; `geometry` turns data into pixels (both pure and tested);
//! this component only draws. The SVG is focusable: arrow keys move a cursor along the curve
//! and the price and PnL under it are read out as text; a table gives the same data.

pub mod cursor;
pub mod frame;
pub mod geometry;
pub mod series;
pub mod svg;
pub mod table;

use super::format;
use super::Ctx;
use crate::engine::num::to_f64;
use frame::Frame;
use geometry::{area_path, label_rows, line_path, nearest, px, ticks};
use leptos::either::Either;
use leptos::prelude::*;
use series::{MarkerKind, Series};

/// Points sampled across the price range.
const SAMPLES: usize = 161;

fn window_width() -> f64 {
    crate::ui::browser::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(1024.0)
}

/// The content width, in CSS pixels, of the card or figure holding the heading `heading_id`:
/// the width its SVG is drawn at. The heading is a block spanning that content box, so its own
/// width is the answer (no style to read, no float parsing in the bundle).
fn content_width(heading_id: &str) -> Option<f64> {
    let w = crate::ui::browser::document()?
        .get_element_by_id(heading_id)?
        .client_width();
    (w > 0).then(|| f64::from(w))
}

/// The width a chart under the heading `heading_id` is drawn at: measured once the page is
/// laid out and on every resize (a window's or an embedding frame's); before that, a guess
/// from the window's width.
pub fn measured_width(heading_id: String) -> RwSignal<f64> {
    let guess = {
        let w = window_width();
        if w < 1000.0 {
            w - 56.0
        } else {
            w.min(1320.0) - 540.0
        }
    };
    let width = RwSignal::new(guess.max(240.0));
    let measure = move |id: &str| {
        if let Some(w) = content_width(id) {
            if (width.get_untracked() - w).abs() >= 1.0 {
                width.set(w);
            }
        }
    };
    if !crate::ui::browser::present() {
        return width;
    }
    let first = heading_id.clone();
    // Once the app is on view (it is built outside the document: nothing has a width before).
    crate::ui::stage::after_reveal(move || request_animation_frame(move || measure(&first)));
    let _ = window_event_listener(leptos::ev::resize, move |_| measure(&heading_id));
    width
}

#[component]
pub fn PnlChart(ctx: Ctx) -> impl IntoView {
    let series = Memo::new(move |_| {
        ctx.eval
            .with(|e| e.as_ref().ok().map(|e| series::build(e, SAMPLES)))
    });
    let width = measured_width("chart-title".to_owned());
    let frame = Memo::new(move |_| Frame::for_width(width.get(), &frame::PNL));
    let cursor = RwSignal::new(None::<usize>);

    let body = move || {
        let Some(s) = series.get() else {
            return Either::Left(
                view! { <p class="chart-empty">"The chart appears when the inputs are valid."</p> },
            );
        };
        Either::Right(view! { <ChartSvg ctx=ctx series=s frame=frame.get() cursor=cursor /> })
    };
    view! {
        <section class="card chart-card" aria-labelledby="chart-title">
            <h2 id="chart-title">"PnL at exit price"</h2>
            <p class="hint">
                "Net of open and close fees; the loss stops at the margin, where the venue liquidates. Hover, or focus the chart and use the arrow keys."
            </p>
            {body}
            <ChartTable ctx=ctx series=series />
        </section>
    }
}

/// The SVG itself, for one series and frame.
#[component]
fn ChartSvg(
    ctx: Ctx,
    series: Series,
    frame: Frame,
    cursor: RwSignal<Option<usize>>,
) -> impl IntoView {
    let units = ctx.units.get_untracked();
    let coin = units.coin_settled;
    let (x, y) = frame.scales(series.x_domain, series.y_domain);
    let (plot_l, plot_r) = frame.x_range();
    let (plot_b, plot_t) = frame.y_range();
    let narrow = frame.narrow();

    // Loss zone.
    let lz0 = x.map(series.loss_zone.0);
    let lz1 = x.map(series.loss_zone.1);
    let loss_rect = (lz1 > lz0).then(|| {
        view! {
            <rect class="loss-zone" x=px(lz0) y=px(plot_t) width=px(lz1 - lz0) height=px(plot_b - plot_t) />
        }
    });

    // Grid and axes.
    let x_ticks = ticks(
        series.x_domain.0,
        series.x_domain.1,
        if narrow { 3 } else { 6 },
    );
    let y_ticks = ticks(series.y_domain.0, series.y_domain.1, 5);
    let x_tick_views = x_ticks
        .iter()
        .map(|v| {
            let tx = px(x.map(*v));
            view! {
                <g class="tick">
                    <line x1=tx.clone() x2=tx.clone() y1=px(plot_t) y2=px(plot_b) class="grid" />
                    <text x=tx y=px(plot_b + 18.0) text-anchor="middle">{format::f64_tick(*v)}</text>
                </g>
            }
        })
        .collect_view();
    let y_tick_views = y_ticks
        .iter()
        .map(|v| {
            let ty = px(y.map(*v));
            view! {
                <g class="tick">
                    <line x1=px(plot_l) x2=px(plot_r) y1=ty.clone() y2=ty.clone() class="grid" />
                    <text x=px(plot_l - 6.0) y=px(y.map(*v) + 4.0) text-anchor="end">{format::f64_tick(*v)}</text>
                </g>
            }
        })
        .collect_view();
    let zero_y = y.map(0.0);

    // Curve, split at zero into gain and loss areas.
    let curve = line_path(&series.points, &x, &y);
    let area = area_path(&series.points, &x, &y, 0.0);

    // Markers with labels in rows so that close prices do not overlap.
    let xs: Vec<f64> = series
        .markers
        .iter()
        .map(|m| x.map(to_f64(m.price)))
        .collect();
    let rows = label_rows(&xs, if narrow { 38.0 } else { 52.0 }, 3);
    let markers = series
        .markers
        .iter()
        .zip(xs.iter().zip(rows))
        .map(|(m, (mx, row))| {
            let ly = plot_t - 6.0 - 13.0 * (2 - row.min(2)) as f64;
            let class = format!("marker marker-{}", m.kind.class());
            let label = if narrow {
                m.kind.short()
            } else {
                m.kind.label()
            };
            let anchor = if *mx < plot_l + 30.0 {
                "start"
            } else if *mx > plot_r - 30.0 {
                "end"
            } else {
                "middle"
            };
            view! {
                <g class=class>
                    <line x1=px(*mx) x2=px(*mx) y1=px(ly + 3.0) y2=px(plot_b) />
                    <text x=px(*mx) y=px(ly) text-anchor=anchor>{label}</text>
                </g>
            }
        })
        .collect_view();

    // Cursor.
    let points = series.points.clone();
    let cursor_view = {
        let points = points.clone();
        move || {
            let i = cursor.get()?;
            let (dx, dy) = *points.get(i)?;
            if !dy.is_finite() {
                return None;
            }
            let cx = x.map(dx);
            let cy = y.map(dy);
            let text = format!(
                "{} → {}",
                format::f64_price(dx),
                format::f64_amount(dy, coin)
            );
            let box_w = 7.0 * text.chars().count() as f64 + 12.0;
            let bx = (cx + 8.0).min(plot_r - box_w).max(plot_l);
            let by = if cy > plot_t + 40.0 {
                cy - 34.0
            } else {
                cy + 10.0
            };
            Some(view! {
                <g class="cursor">
                    <line x1=px(cx) x2=px(cx) y1=px(plot_t) y2=px(plot_b) />
                    <circle cx=px(cx) cy=px(cy) r="4" />
                    <rect x=px(bx) y=px(by) width=px(box_w) height="22" rx="4" />
                    <text x=px(bx + 6.0) y=px(by + 15.0)>{text}</text>
                </g>
            })
        }
    };

    let n = points.len();
    let entry_index = {
        let entry = series
            .markers
            .iter()
            .find(|m| m.kind == MarkerKind::Entry)
            .map(|m| to_f64(m.price));
        entry.and_then(|e| nearest(&points, e)).unwrap_or(n / 2)
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let cur = cursor.get_untracked().unwrap_or(entry_index);
        match cursor::on_key(&ev, (cur, 0), (n, 1)) {
            cursor::Move::To(i, _) => cursor.set(Some(i)),
            cursor::Move::Clear => cursor.set(None),
            cursor::Move::Ignore => {}
        }
    };
    let pts_for_pointer = points.clone();
    let on_move = move |ev: leptos::ev::PointerEvent| {
        use wasm_bindgen::JsCast;
        let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Some(sx) = frame.x_of_offset(ev.offset_x() as f64, el.client_width() as f64) else {
            return;
        };
        let price = x.invert(sx.clamp(plot_l, plot_r));
        cursor.set(nearest(&pts_for_pointer, price));
    };

    let aria = chart_label(&series, &units);
    view! {
        <svg
            class="chart"
            data-testid="pnl-chart"
            role="img"
            aria-label=aria
            tabindex="0"
            viewBox=frame.view_box()
            preserveAspectRatio="xMidYMid meet"
            on:keydown=on_key
            on:focus=move |_| {
                if cursor.get_untracked().is_none() {
                    cursor.set(Some(entry_index));
                }
            }
            on:pointermove=on_move
            on:pointerleave=move |_| cursor.set(None)
        >
            {loss_rect}
            <g class="grid-y">{y_tick_views}</g>
            <g class="grid-x">{x_tick_views}</g>
            <path class="area" d=area />
            <line class="zero" x1=px(plot_l) x2=px(plot_r) y1=px(zero_y) y2=px(zero_y) />
            <path class="curve" d=curve />
            {markers}
            {cursor_view}
        </svg>
        <Readout series=series cursor=cursor coin=coin settle=units.settle().to_owned() />
    }
}

/// The cursor's price and PnL as text (announced politely).
#[component]
fn Readout(
    series: Series,
    cursor: RwSignal<Option<usize>>,
    coin: bool,
    settle: String,
) -> impl IntoView {
    view! {
        <p class="readout" aria-live="polite" data-testid="pnl-chart-readout">
            {move || match cursor.get().and_then(|i| series.points.get(i).copied()) {
                Some((px, py)) if py.is_finite() => format!(
                    "At {} the net PnL is {} {}.",
                    format::f64_price(px),
                    format::f64_amount(py, coin),
                    settle
                ),
                _ => "Point at the chart, or focus it and press the arrow keys, to read a price.".to_owned(),
            }}
        </p>
    }
}

/// A sentence describing the chart for screen readers.
fn chart_label(s: &Series, u: &super::units::Units) -> String {
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

/// A chart's legend as list items: a swatch of the series' CSS class, then its label (both
/// escaped). The one legend of the page's charts.
pub fn legend_markup<'a>(items: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (class, label) in items {
        out.push_str("<li><span class=\"swatch ");
        crate::ui::escape::escape_into(&mut out, class);
        out.push_str("\" aria-hidden=\"true\"></span>");
        crate::ui::escape::escape_into(&mut out, label);
        out.push_str("</li>");
    }
    out
}

/// Whether a chart's folded data table is open: its rows are built only while it is, so a
/// closed "Chart data as a table" costs nothing at load or on an input (issue 14). Returns the
/// state and the `<details>`' toggle handler.
pub(crate) fn unfolded() -> (RwSignal<bool>, impl Fn(leptos::ev::Event) + Copy + 'static) {
    let open = RwSignal::new(false);
    let toggle = move |ev: leptos::ev::Event| {
        open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"));
    };
    (open, toggle)
}

/// The chart's data as a table: the marked prices, then a coarse grid of the curve.
fn pnl_table(s: &Series, u: &super::units::Units) -> table::Table {
    use table::{heads, Row};
    let coin = u.coin_settled;
    let mut marked: Vec<_> = s.markers.clone();
    geometry::sort_small(&mut marked, |a, b| a.price < b.price);
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
    table::Table {
        caption: format!("Net PnL ({}) at exit prices ({})", u.settle(), u.quote),
        head: heads(&["Point", "Price", "Net PnL"]),
        rows,
    }
}

/// The chart's data as a table, folded under it.
#[component]
fn ChartTable(ctx: Ctx, series: Memo<Option<Series>>) -> impl IntoView {
    let units = ctx.units;
    let table =
        Memo::new(move |_| series.with(|s| s.as_ref().map(|s| units.with(|u| pnl_table(s, u)))));
    view! { <table::ChartData table=table testid="pnl-chart-table" /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_is_escaped_markup() {
        assert_eq!(
            legend_markup([("s1", "Stop < 5 %"), ("a\"b", "x")]),
            "<li><span class=\"swatch s1\" aria-hidden=\"true\"></span>Stop &lt; 5 %</li>\
             <li><span class=\"swatch a&quot;b\" aria-hidden=\"true\"></span>x</li>"
        );
        assert_eq!(legend_markup([]), "");
    }
}
