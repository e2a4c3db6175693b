//! The one chart shell of the page: every chart (the PnL chart, the four risk charts, the Monte
//! Carlo fan, every dynamics plot) is a [`ChartModel`] drawn by [`ChartBody`].
//!
//! A model is pure data code: it writes its drawing and its cursor with the one SVG writer
//! ([`super::svg::Svg`]), says how many cursor cells it has and which one is under a point,
//! and what the cursor reads. The shell owns the `<svg>` element (focus, pointer and keys, by
//! the one step rule of [`super::cursor`]), the readout, the legend and the data table.

use super::cursor::Move;
use super::frame::Frame;
use super::table::{ChartData, Table};
use leptos::either::Either;
use leptos::prelude::*;
use std::sync::Arc;

/// What a chart draws and how its cursor reads, so that one component serves every chart.
/// The cursor is a cell `(i, j)`: `j` is always 0 for a chart with one row of points.
pub trait ChartModel: Send + Sync {
    /// The drawing's markup inside the `<svg>` (by [`super::svg::Svg`]).
    fn draw(&self, f: &Frame) -> String;
    /// The accessible description of the whole chart.
    fn aria(&self) -> String;
    /// Cursor cells along x and y.
    fn cells(&self) -> (usize, usize);
    /// Where the cursor starts when the chart gets the focus.
    fn start(&self) -> (usize, usize);
    /// The cell under an SVG point.
    fn at(&self, f: &Frame, x: f64, y: f64) -> Option<(usize, usize)>;
    /// The cursor's markup.
    fn overlay(&self, f: &Frame, c: (usize, usize)) -> String;
    /// The cursor's reading as a sentence.
    fn readout(&self, c: (usize, usize)) -> String;
    /// The chart's data as a table, when the chart carries its own. Built only while the
    /// reader has the table unfolded.
    fn table(&self) -> Option<Table>;
    /// Whether [`ChartModel::table`] gives a table (without building it).
    fn has_table(&self) -> bool {
        true
    }
}

/// A chart's model, shared by the signals that draw it.
pub type Model = Option<Arc<dyn ChartModel>>;

/// The readout while no cursor is shown.
const IDLE: &str = "Point at the chart, or focus it and use the arrow keys, to read it.";

/// The chart: the SVG with its pointer and keyboard cursor, the readout
/// (`<test_id>-readout`), the legend (markup by [`super::legend_markup`]) and the data table
/// (`<test_id>-table`); `empty` (if any) while there is nothing to draw.
#[component]
pub fn ChartBody(
    /// `data-testid` of the `<svg>`.
    test_id: &'static str,
    /// The `<svg>`'s classes.
    class: &'static str,
    /// The drawing frame, following the chart's measured width.
    #[prop(into)]
    frame: Signal<Frame>,
    #[prop(into)] model: Signal<Model>,
    /// Shown instead of the chart while there is none.
    #[prop(optional)]
    empty: Option<&'static str>,
    /// The readout while no cursor is shown.
    #[prop(optional)]
    idle: Option<&'static str>,
    /// The legend's items as markup.
    #[prop(optional, into)]
    legend: Signal<String>,
    /// Drawn faded: the figures are being recomputed.
    #[prop(optional, into)]
    stale: Signal<bool>,
) -> impl IntoView {
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
            .unwrap_or_else(|| idle.unwrap_or(IDLE).to_owned())
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
        let client = (el.client_width() as f64, el.client_height() as f64);
        let Some((sx, sy)) =
            f.point_of_offset((ev.offset_x() as f64, ev.offset_y() as f64), client)
        else {
            return;
        };
        cursor.set(model.with_untracked(|m| m.as_ref().and_then(|m| m.at(&f, sx, sy))));
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some((cells, start)) =
            model.with_untracked(|m| m.as_ref().map(|m| (m.cells(), m.start())))
        else {
            return;
        };
        let cur = cursor.get_untracked().unwrap_or(start);
        match super::cursor::on_key(&ev, cur, cells) {
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
    // The `<svg>` is built when a model first appears and kept while there is one: a new model
    // changes its label, box and drawing in place (no element or attribute is rebuilt).
    let shown = Memo::new(move |_| model.with(Option::is_some));
    let aria = move || model.with(|m| m.as_ref().map(|m| m.aria()).unwrap_or_default());
    // The drawing in up to three layers (svg::layers: e.g. the axes apart from the curves),
    // each written to the page only when it changes.
    let drawing = Memo::new(move |_| {
        let markup = model.with(|m| m.as_ref().map(|m| m.draw(&frame.get())).unwrap_or_default());
        super::svg::layers::<3>(&markup)
    });
    let layer = move |i: usize| {
        let part = Memo::new(move |_| drawing.with(|d| d.get(i).cloned().unwrap_or_default()));
        move || part.get()
    };
    let (layer0, layer1, layer2) = (layer(0), layer(1), layer(2));
    let svg = move || match shown.get() {
        true => Either::Left(view! {
            <svg
                class=class
                class:stale=move || stale.get()
                data-testid=test_id
                role="img"
                aria-label=aria
                tabindex="0"
                viewBox=move || frame.get().view_box()
                preserveAspectRatio="xMidYMid meet"
                on:keydown=on_key
                on:focus=on_focus
                on:pointermove=on_move
                on:pointerleave=move |_| cursor.set(None)
            >
                <g inner_html=layer0></g>
                <g inner_html=layer1></g>
                <g inner_html=layer2></g>
                <g class="cursor" inner_html=overlay></g>
            </svg>
        }),
        false => Either::Right(empty.map(|e| view! { <p class="chart-empty">{e}</p> })),
    };
    // Built when read, and ChartData reads it only while unfolded.
    let table = Signal::derive(move || model.with(|m| m.as_ref().and_then(|m| m.table())));
    let present = Signal::derive(move || model.with(|m| m.as_ref().is_some_and(|m| m.has_table())));
    view! {
        {svg}
        <p class="readout" aria-live="polite" data-testid=format!("{test_id}-readout")>{readout}</p>
        <ul class="chart-legend" hidden=move || legend.with(String::is_empty) inner_html=legend></ul>
        <ChartData table=table present=present testid=format!("{test_id}-table") />
    }
}
