//! The page's first screen, rendered at build time (`levcalc-prerender`, issue 14): the HTML a
//! visitor sees before the wasm arrives must hold the figures the engine computes for the
//! opening trade, with the venue files loaded as the page will have them.

#[path = "../src/bin/common/venue_files.rs"]
#[allow(dead_code)]
mod venue_files;

use levcalc::scenario::evaluate_scenario;
use levcalc::ui::first_paint::app_html;
use levcalc::ui::state::FormValues;

/// The `data-value` (the exact figure) of the element with `data-testid=testid`.
fn data_value<'a>(html: &'a str, testid: &str) -> Option<&'a str> {
    let at = html.find(&format!("data-testid=\"{testid}\""))?;
    // The attributes of that one element.
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let v = tag.find("data-value=\"")? + "data-value=\"".len();
    Some(&tag[v..v + tag[v..].find('"')?])
}

/// The text of the element with `data-testid=testid` (up to its first child tag).
fn text_of<'a>(html: &'a str, testid: &str) -> Option<&'a str> {
    let at = html.find(&format!("data-testid=\"{testid}\""))?;
    let open_end = at + html[at..].find('>')? + 1;
    Some(&html[open_end..open_end + html[open_end..].find('<')?])
}

#[test]
fn first_screen_holds_the_engines_figures_for_the_opening_trade() {
    venue_files::load_venue_files();
    let html = app_html();

    let form = FormValues::default();
    let scenario = form.to_scenario().expect("the opening trade reads");
    let eval = evaluate_scenario(&scenario).expect("the opening trade evaluates");
    let report = eval.to_report(form.venue);

    let liq = report
        .liquidation_price
        .as_deref()
        .expect("a liquidation price");
    let bankrupt = report
        .bankruptcy_price
        .as_deref()
        .expect("a bankruptcy price");
    assert_eq!(data_value(&html, "result-liquidation-price"), Some(liq));
    assert_eq!(data_value(&html, "result-bankruptcy-price"), Some(bankrupt));
    assert_eq!(
        data_value(&html, "result-initial-margin"),
        Some(report.initial_margin.as_str())
    );
    assert_eq!(
        data_value(&html, "result-maintenance-margin"),
        Some(report.maintenance_margin.as_str())
    );
    // The text shown is the page's formatting of that same figure.
    let shown = text_of(&html, "result-liquidation-price").expect("liquidation text");
    let price = levcalc::ui::format::price(liq.parse().expect("a decimal"));
    assert!(shown.starts_with(&price), "{shown:?} does not show {price}");

    // The venue's file was loaded: its date is in the header and no table is pending.
    let as_of = report
        .table
        .as_ref()
        .map(|t| t.as_of.clone())
        .expect("a dated table");
    assert!(
        text_of(&html, "table-as-of").is_some()
            && html.contains(&format!("<strong>{as_of}</strong>")),
        "the header does not give the table's date {as_of}"
    );
    assert!(!html.contains("data-testid=\"table-pending\""));
}

#[test]
fn first_screen_is_markup_only() {
    venue_files::load_venue_files();
    let html = app_html();
    // No script of its own (the page's CSP lists the inline scripts by hash), no panels that
    // are built after the first frame, and small enough to be the whole first paint.
    assert!(!html.contains("<script"), "the first screen holds a script");
    assert!(html.contains("data-testid=\"result-liquidation-price\""));
    assert!(
        !html.contains("id=\"risk-title\""),
        "the risk panel is built later, not here"
    );
    assert!(
        html.len() < 64 * 1024,
        "first screen is {} bytes",
        html.len()
    );
}

/// The HTML escape of a text, as the render writes it.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn the_results_panel_shows_each_figure_as_its_function_words_it() {
    // Every figure of the panel (levcalc::ui::figures::STATS, one function each): the rendered
    // panel holds its exact value, its text and its detail, in the table's order.
    venue_files::load_venue_files();
    let html = app_html();
    let form = FormValues::default();
    let (eval, left_out) = levcalc::ui::state::evaluate_form(&form);
    assert!(left_out.is_empty());
    let eval = eval.expect("the opening trade evaluates");
    let shown = levcalc::ui::figures::Shown::new(&eval, form.venue);
    let units = levcalc::ui::units::Units::new(form.venue, &form.symbol, form.is_inverse());
    let mut at = 0;
    for stat in &levcalc::ui::figures::STATS {
        let fig = (stat.figure)(&shown, &units);
        let here = html
            .find(&format!("data-testid=\"{}\"", stat.testid))
            .unwrap_or_else(|| panic!("no {}", stat.testid));
        assert!(here > at, "{} is out of order", stat.testid);
        at = here;
        assert_eq!(
            data_value(&html, stat.testid),
            Some(fig.exact.as_str()),
            "{}",
            stat.testid
        );
        assert_eq!(
            text_of(&html, stat.testid),
            Some(escaped(&fig.text).as_str()),
            "{}",
            stat.testid
        );
        if let Some(detail) = &fig.detail {
            assert!(
                html.contains(&escaped(detail)),
                "{}: detail {detail:?}",
                stat.testid
            );
        }
        assert!(
            html.contains(&escaped(stat.label)),
            "{}: label",
            stat.testid
        );
    }
    let hint = levcalc::ui::figures::leverage_hint(&eval);
    assert!(html.contains(&escaped(&hint)), "leverage hint {hint:?}");
    let summary = levcalc::ui::figures::summary(Some(&eval), &units);
    assert!(html.contains(&escaped(&summary)), "summary {summary:?}");
}
