//! What the four risk charts share: the page's drawing frame ([`Frame`], [`RISK`] layout), an SVG markup writer, axes, the chart
//! shell (one `<svg>` with its pointer and key handling, the readout) and the data table.
//!
//! The charts write their SVG as markup text ([`Svg`]) instead of one view per element: a
//! heatmap or a fan is a few dozen elements rebuilt on every input change, and markup keeps
//! the bundle small. Only numbers and fixed labels go into it (every text is escaped anyway);
//! nothing the user types is drawn.

use crate::ui::chart::cursor::Move;
use crate::ui::chart::geometry::Scale;
use leptos::prelude::*;
use std::sync::Arc;

pub use crate::ui::chart::frame::{Frame, RISK};
use crate::ui::chart::table::ChartData;
pub use crate::ui::chart::table::{Row, Table};

/// The frame of the chart under the heading `heading_id`, following its measured width.
pub fn frame_signal(heading_id: String) -> Memo<Frame> {
    let width = crate::ui::chart::measured_width(heading_id);
    Memo::new(move |_| Frame::for_width(width.get(), &RISK))
}

pub use crate::ui::chart::svg::{Anchor, Svg};

/// Grid lines, tick labels and axis titles. `xt`/`yt` are tick values in data units with
/// their labels.
#[allow(clippy::too_many_arguments)]
pub fn axes(
    svg: &mut Svg,
    f: &Frame,
    x: &Scale,
    y: &Scale,
    xt: &[(f64, String)],
    yt: &[(f64, String)],
    x_title: &str,
    y_title: &str,
) {
    let (l, r) = f.x_range();
    let (b, t) = f.y_range();
    svg.open("axes");
    for (v, label) in xt {
        let tx = x.map(*v);
        svg.line("grid", tx, t, tx, b);
        svg.text("", tx, b + 15.0, Anchor::Middle, label);
    }
    for (v, label) in yt {
        let ty = y.map(*v);
        svg.line("grid", l, ty, r, ty);
        svg.text("", l - 5.0, ty + 4.0, Anchor::End, label);
    }
    svg.line("axis", l, b, r, b);
    svg.text(
        "axis-title",
        0.5 * (l + r),
        f.h - 6.0,
        Anchor::Middle,
        x_title,
    );
    svg.text("axis-title", l, t - 14.0, Anchor::Start, y_title);
    svg.close();
}

/// A text label that stays inside the plot: anchored at its end near the right edge.
pub fn label_anchor(x: f64, f: &Frame) -> (Anchor, f64) {
    let (l, r) = f.x_range();
    if x > 0.5 * (l + r) {
        (Anchor::End, x - 4.0)
    } else {
        (Anchor::Start, x + 4.0)
    }
}

/// What a chart draws and how its cursor reads, so that one component serves all four.
/// The cursor is a cell `(i, j)`: `j` is always 0 for a chart with one row of points.
pub trait ChartModel: Send + Sync {
    /// The markup and the accessible description.
    fn draw(&self, f: &Frame) -> String;
    fn aria(&self) -> String;
    /// Cursor cells along x and y.
    fn cells(&self) -> (usize, usize);
    /// Where the cursor starts when the chart gets the focus.
    fn start(&self) -> (usize, usize);
    /// The cell under an SVG point.
    fn at(&self, f: &Frame, x: f64, y: f64) -> Option<(usize, usize)>;
    /// The cursor's markup and its description.
    fn overlay(&self, f: &Frame, c: (usize, usize)) -> String;
    fn readout(&self, c: (usize, usize)) -> String;
    fn table(&self) -> Table;
}

/// A chart: title, hint, the SVG with its pointer and keyboard cursor, the readout, an
/// optional legend (CSS class, label) and the data table; a note when there is nothing to
/// draw.
#[component]
pub fn Chart(
    test_id: &'static str,
    title: &'static str,
    hint: &'static str,
    empty: &'static str,
    #[prop(into)] model: Signal<Option<Arc<dyn ChartModel>>>,
    #[prop(optional)] legend: Vec<(String, String)>,
    #[prop(optional, into)] stale: Signal<bool>,
) -> impl IntoView {
    // The figure's heading names the figure to measure.
    let frame = frame_signal(format!("{test_id}-title"));
    let cursor = RwSignal::new(None::<(usize, usize)>);
    // A cursor that fits the current model.
    let valid = move || {
        let c = cursor.get()?;
        model.with(|m| {
            m.as_ref().and_then(|m| {
                let (n, k) = m.cells();
                (c.0 < n && c.1 < k).then_some(c)
            })
        })
    };
    let overlay = move || {
        valid()
            .and_then(|c| model.with(|m| m.as_ref().map(|m| m.overlay(&frame.get(), c))))
            .unwrap_or_default()
    };
    let readout = move || {
        valid()
            .and_then(|c| model.with(|m| m.as_ref().map(|m| m.readout(c))))
            .unwrap_or_else(|| {
                "Point at the chart, or focus it and use the arrow keys, to read it.".to_owned()
            })
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        use wasm_bindgen::JsCast;
        let f = frame.get_untracked();
        let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let (cw, ch) = (el.client_width() as f64, el.client_height() as f64);
        if cw <= 0.0 || ch <= 0.0 {
            return;
        }
        // `preserveAspectRatio="xMidYMid meet"`: one scale, the drawing centred.
        let s = (cw / f.w).min(ch / f.h);
        let sx = (ev.offset_x() as f64 - 0.5 * (cw - f.w * s)) / s;
        let sy = (ev.offset_y() as f64 - 0.5 * (ch - f.h * s)) / s;
        cursor.set(model.with_untracked(|m| m.as_ref().and_then(|m| m.at(&f, sx, sy))));
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some((cells, start)) =
            model.with_untracked(|m| m.as_ref().map(|m| (m.cells(), m.start())))
        else {
            return;
        };
        let cur = cursor.get_untracked().unwrap_or(start);
        match crate::ui::chart::cursor::on_key(&ev, cur, cells) {
            Move::To(i, j) => cursor.set(Some((i, j))),
            Move::Clear => cursor.set(None),
            Move::Ignore => {}
        }
    };
    let on_focus = move |_| {
        if cursor.get_untracked().is_none() {
            cursor.set(model.with_untracked(|m| m.as_ref().map(|m| m.start())));
        }
    };
    let svg = move || {
        model.with(|m| match m {
            Some(m) => leptos::either::Either::Left(view! {
                <svg
                    class="chart risk-chart"
                    class:stale=move || stale.get()
                    data-testid=test_id
                    role="img"
                    aria-label=m.aria()
                    tabindex="0"
                    viewBox=frame.get().view_box()
                    preserveAspectRatio="xMidYMid meet"
                    on:keydown=on_key
                    on:focus=on_focus
                    on:pointermove=on_move
                    on:pointerleave=move |_| cursor.set(None)
                >
                    <g inner_html=m.draw(&frame.get())></g>
                    <g class="cursor" inner_html=overlay></g>
                </svg>
            }),
            None => leptos::either::Either::Right(view! { <p class="chart-empty">{empty}</p> }),
        })
    };
    let legend = (!legend.is_empty()).then(|| {
        let items =
            crate::ui::chart::legend_markup(legend.iter().map(|(c, l)| (c.as_str(), l.as_str())));
        view! { <ul class="chart-legend" inner_html=items></ul> }
    });
    let table = Memo::new(move |_| model.with(|m| m.as_ref().map(|m| m.table())));
    let title_id = format!("{test_id}-title");
    let labelled_by = title_id.clone();
    view! {
        <figure class="risk-figure" aria-labelledby=labelled_by>
            <h3 id=title_id>{title}</h3>
            <p class="hint">{hint}</p>
            {svg}
            <p class="readout" aria-live="polite">{readout}</p>
            {legend}
            <ChartData table=table testid=format!("{test_id}-table") />
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_fit_their_plots() {
        for w in [320.0, 1280.0] {
            let f = Frame::for_width(w, &RISK);
            let (l, r) = f.x_range();
            let (b, t) = f.y_range();
            assert!(l < r && t < b && r <= f.w && b <= f.h);
        }
        assert!(Frame::for_width(360.0, &RISK).narrow());
    }
}
