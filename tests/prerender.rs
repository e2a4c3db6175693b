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

/// The attribute `name` of the element with `data-testid=testid`.
fn attr_of<'a>(html: &'a str, testid: &str, name: &str) -> Option<&'a str> {
    let at = html.find(&format!("data-testid=\"{testid}\""))?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let key = format!(" {name}=\"");
    let v = tag.find(&key)? + key.len();
    Some(&tag[v..v + tag[v..].find('"')?])
}

#[test]
fn the_live_first_screen_shows_what_the_build_time_one_shows() {
    // The live first screen's figures for untouched inputs (src/ui/live.rs) are the build-time
    // ones, text, exact value and detail: no figure changes when the first screen goes live.
    venue_files::load_venue_files();
    let html = app_html();
    let update = levcalc::ui::live::update(&[]);
    assert_eq!(update.figures.len(), levcalc::ui::figures::STATS.len());
    assert!(update.error.is_none(), "{:?}", update.error);
    for (id, fig) in &update.figures {
        assert_eq!(
            data_value(&html, id),
            Some(fig.exact.as_str()),
            "{id}: exact"
        );
        assert_eq!(
            text_of(&html, id),
            Some(escaped(&fig.text).as_str()),
            "{id}: text"
        );
        if let Some(detail) = &fig.detail {
            assert!(
                html.contains(&escaped(detail)),
                "{id}: detail {detail:?} not shown"
            );
        }
    }
    assert!(
        html.contains(&escaped(&update.leverage_hint)),
        "leverage hint {:?}",
        update.leverage_hint
    );
    assert!(
        html.contains(&escaped(&update.summary)),
        "summary {:?}",
        update.summary
    );
}

#[test]
fn every_number_input_of_the_trade_form_is_live() {
    // Each text input of the first screen's trade form is one the core updates the figures for
    // and the app takes over (src/ui/state.rs set_input). (The modes' inputs are the app's:
    // they stay disabled until it is in.)
    venue_files::load_venue_files();
    let html = app_html();
    let form_at = html.find("class=\"trade-form\"").expect("a trade form");
    let form_html = &html[form_at..form_at + html[form_at..].find("</form>").expect("its end")];
    let mut ids = Vec::new();
    let mut rest = form_html;
    while let Some(at) = rest.find("<input") {
        let tag = &rest[at..at + rest[at..].find('>').unwrap_or(0)];
        rest = &rest[at + 6..];
        let Some(t) = tag.find("data-testid=\"input-") else {
            continue;
        };
        let id = &tag[t + "data-testid=\"input-".len()..];
        let id = &id[..id.find('"').unwrap_or(0)];
        if tag.contains("type=\"checkbox\"") || tag.contains("type=\"radio\"") {
            continue;
        }
        ids.push(id.to_owned());
    }
    for must in [
        "entry",
        "quantity",
        "leverage",
        "leverage-slider",
        "stop",
        "target",
    ] {
        assert!(ids.iter().any(|i| i == must), "no input-{must} in {ids:?}");
    }
    let base = levcalc::ui::live::update(&[]);
    for id in &ids {
        assert!(levcalc::ui::live::knows(id), "input-{id} is not live");
        let value = attr_of(&html, &format!("input-{id}"), "value").unwrap_or("");
        // The value the first screen shows reads back as the opening trade.
        let same = levcalc::ui::live::update(&[(id.clone(), value.to_owned())]);
        assert_eq!(
            same, base,
            "input-{id} = {value:?} is not the opening trade"
        );
    }
    // And a change moves the figures it should.
    let changed = levcalc::ui::live::update(&[("leverage".into(), "20".into())]);
    let liq = |u: &levcalc::ui::live::Update| u.figures[0].1.exact.clone();
    assert_ne!(
        liq(&changed),
        liq(&base),
        "leverage 20 moved no liquidation price"
    );
    let form = FormValues {
        leverage: "20".into(),
        ..FormValues::default()
    };
    let report = evaluate_scenario(&form.to_scenario().unwrap())
        .unwrap()
        .to_report(form.venue);
    assert_eq!(Some(liq(&changed)), report.liquidation_price);
    let bad = levcalc::ui::live::update(&[("entry".into(), "abc".into())]);
    assert_eq!(
        bad.error.as_ref().map(|e| e.0),
        Some("entry"),
        "{:?}",
        bad.error
    );
    assert!(bad.figures.iter().all(|(_, f)| f.exact.is_empty()));
}
