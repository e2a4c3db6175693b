//! What the four risk charts share: the page's drawing frame ([`Frame`], [`RISK`] layout), an SVG markup writer, axes, the chart
//! shell (one `<svg>` with its pointer and key handling, the readout) and the data table.
//!
//! The charts write their SVG as markup text ([`Svg`]) instead of one view per element: a
//! heatmap or a fan is a few dozen elements rebuilt on every input change, and markup keeps
//! the bundle small. Only numbers and fixed labels go into it (every text is escaped anyway);
//! nothing the user types is drawn.

use crate::ui::chart::geometry::Scale;
use leptos::prelude::*;
use std::sync::Arc;

pub use crate::ui::chart::frame::{Frame, RISK};
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
    // The axes change less often than what they frame: a layer of their own.
    svg.layer();
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
    svg.layer();
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

use crate::ui::chart::shell::ChartBody;
pub use crate::ui::chart::shell::ChartModel;

/// A risk chart: title, hint and the page's chart ([`ChartBody`]) with an optional legend
/// (CSS class, label); a note when there is nothing to draw.
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
    let title_id = format!("{test_id}-title");
    let frame = frame_signal(title_id.clone());
    let legend =
        crate::ui::chart::legend_markup(legend.iter().map(|(c, l)| (c.as_str(), l.as_str())));
    let labelled_by = title_id.clone();
    view! {
        <figure class="risk-figure" aria-labelledby=labelled_by>
            <h3 id=title_id>{title}</h3>
            <p class="hint">{hint}</p>
            <ChartBody
                test_id=test_id
                class="chart risk-chart"
                frame=frame
                model=model
                empty=empty
                legend=legend
                stale=stale
            />
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
