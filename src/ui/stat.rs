//! The page's figure cards: one [`Stat`] type and one markup writer for every `<dl class="stats">`
//! of the risk, Monte Carlo and dynamics panels (the results panel keeps a view per figure, so
//! that its headline figures update in place).
//!
//! A card is written as markup (`inner_html`): a list of figures rebuilt on an input change is
//! one string instead of five views per figure. Every text is escaped here, so no caller has to
//! remember to.

use crate::ui::escape::escape_into;
use leptos::prelude::*;

/// One figure: its label, the value as shown and exactly (`data-value`, for tests and for
/// comparison with `levcalc eval`), an optional standard error (`data-se`) and a one-line
/// explanation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stat {
    pub label: String,
    /// `data-testid` of the value.
    pub testid: &'static str,
    pub exact: String,
    pub text: String,
    pub se: Option<String>,
    pub detail: String,
}

/// The figures as the inside of a `<dl class="stats">`.
pub fn markup(items: &[Stat]) -> String {
    let mut out = String::with_capacity(256 * items.len());
    for f in items {
        out.push_str("<div class=\"stat\"><dt>");
        escape_into(&mut out, &f.label);
        out.push_str("</dt><dd><span class=\"value\" data-testid=\"");
        escape_into(&mut out, f.testid);
        out.push_str("\" data-value=\"");
        escape_into(&mut out, &f.exact);
        if let Some(se) = &f.se {
            out.push_str("\" data-se=\"");
            escape_into(&mut out, se);
        }
        out.push_str("\">");
        escape_into(&mut out, &f.text);
        out.push_str("</span><span class=\"detail\">");
        escape_into(&mut out, &f.detail);
        out.push_str("</span></dd></div>");
    }
    out
}

/// Figures in a `<dl class="stats">`.
#[component]
pub fn Stats(
    /// The figures.
    #[prop(into)]
    items: Signal<Vec<Stat>>,
) -> impl IntoView {
    view! { <dl class="stats" inner_html=move || items.with(|i| markup(i))></dl> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_escaped() {
        let f = markup(&[Stat {
            label: "P < 5 %".into(),
            testid: "x",
            exact: "1.5".into(),
            text: "1.50 \"USDT\"".into(),
            se: Some("0.01".into()),
            detail: "Trader's <b>".into(),
        }]);
        assert_eq!(
            f,
            "<div class=\"stat\"><dt>P &lt; 5 %</dt><dd><span class=\"value\" data-testid=\"x\" \
             data-value=\"1.5\" data-se=\"0.01\">1.50 &quot;USDT&quot;</span><span class=\"detail\">\
             Trader&#39;s &lt;b&gt;</span></dd></div>"
        );
        let plain = markup(&[Stat::default()]);
        assert!(
            !plain.contains("data-se"),
            "no standard error, no attribute"
        );
        assert_eq!(markup(&[]), "");
    }
}
