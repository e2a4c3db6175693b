//! The page's one chart system, and the PnL chart (net PnL against exit price).
//!
//! `geometry` turns data into pixels (projection, ticks, paths with gaps, label rows), `frame`
//! sizes every drawing, `svg` is the one markup writer, `cursor` the one key rule, `table` the
//! one "chart data as a table", [`legend_markup`] the one legend and `shell` the one chart
//! component: every chart of the page is a [`shell::ChartModel`] drawn by
//! [`shell::ChartBody`]. For the PnL chart, `series` samples the engine and `pnl` is its model
//! (all pure and tested natively); the component below only wires them.

pub mod cursor;
pub mod frame;
pub mod geometry;
pub mod pnl;
pub mod series;
pub mod shell;
pub mod svg;
pub mod table;

use super::Ctx;
use frame::Frame;
use leptos::prelude::*;
use shell::{ChartBody, ChartModel};
use std::cell::Cell;
use std::sync::Arc;

/// Points sampled across the price range.
const SAMPLES: usize = 161;

fn window_width() -> f64 {
    crate::ui::browser::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(1024.0)
}

thread_local! {
    /// The width a chart's heading was last measured at.
    static LAST_WIDTH: Cell<Option<f64>> = const { Cell::new(None) };
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
    // The cards share one column: a chart built after another was measured starts at that
    // width, so it is not drawn twice (once at the guess, once measured) while the page loads.
    let guess = LAST_WIDTH.with(Cell::get).unwrap_or_else(|| {
        let w = window_width();
        if w < 1000.0 {
            w - 56.0
        } else {
            w.min(1320.0) - 540.0
        }
    });
    let width = RwSignal::new(guess.max(240.0));
    let measure = move |id: &str| {
        if let Some(w) = content_width(id) {
            LAST_WIDTH.with(|l| l.set(Some(w)));
            if (width.get_untracked() - w).abs() >= 1.0 {
                width.set(w);
            }
        }
    };
    if !crate::ui::browser::present() {
        return width;
    }
    let first = heading_id.clone();
    if crate::ui::stage::revealed() {
        // Built after the app is on view (a panel below the fold): its heading is in the
        // document from the next frame. It started at the width measured at the swap, so this
        // rarely redraws.
        request_animation_frame(move || measure(&first));
    } else {
        // Built before the swap (it is built outside the document: nothing has a width
        // before): measured in the swap's task, so the panels built after it start at that
        // width instead of being drawn at a guess and again a frame later.
        crate::ui::stage::after_reveal(move || measure(&first));
    }
    let _ = window_event_listener(leptos::ev::resize, move |_| measure(&heading_id));
    width
}

#[component]
pub fn PnlChart(ctx: Ctx) -> impl IntoView {
    // Rebuilt exactly when the evaluation (or the units) change: no equality check needed.
    let model = Memo::new_with_compare(
        move |_| {
            ctx.eval.with(|e| {
                e.as_ref().ok().map(|e| {
                    Arc::new(pnl::PnlModel {
                        series: series::build(e, SAMPLES),
                        units: ctx.units.get(),
                    }) as Arc<dyn ChartModel>
                })
            })
        },
        |_, _| true,
    );
    let width = measured_width("chart-title".to_owned());
    let frame = Memo::new(move |_| Frame::for_width(width.get(), &frame::PNL));
    view! {
        <section class="card chart-card" aria-labelledby="chart-title">
            <h2 id="chart-title">"PnL at exit price"</h2>
            <p class="hint">
                "Net of open and close fees; the loss stops at the margin, where the venue liquidates. Hover, or focus the chart and use the arrow keys."
            </p>
            <ChartBody
                test_id="pnl-chart"
                class="chart"
                frame=frame
                model=model
                empty="The chart appears when the inputs are valid."
                idle=pnl::IDLE
            />
        </section>
    }
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
