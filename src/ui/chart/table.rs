//! Every table of the page's charts and panels: one type, one markup writer, one component for
//! a visible table ([`TableView`]) and one for a chart's data folded under it ([`ChartData`]).
//!
//! A table is written as markup (`inner_html`): a few dozen rows rebuilt on an input change,
//! one string instead of a view per cell. Every cell is escaped by the page's one escaper, so
//! no caller has to remember to.

use crate::ui::escape::escape_into;
use leptos::prelude::*;

/// A table: the first cell of each row is its header.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Row>,
}

/// One row; `class` marks it (e.g. `"in-use"`, `"bad"`; empty for none).
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

/// Column headings from fixed names.
pub fn heads(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

impl Table {
    /// The header row as markup: the first column is the row headers', the others numbers.
    pub fn head_markup(&self) -> String {
        let mut out = String::from("<tr>");
        for (i, h) in self.head.iter().enumerate() {
            out.push_str(if i == 0 {
                "<th scope=\"col\">"
            } else {
                "<th scope=\"col\" class=\"num\">"
            });
            escape_into(&mut out, h);
            out.push_str("</th>");
        }
        out.push_str("</tr>");
        out
    }

    /// The whole `<table>` as markup, `data-testid` on it (for a table inside other markup).
    pub fn markup(&self, testid: &str) -> String {
        let mut out = String::from("<table data-testid=\"");
        escape_into(&mut out, testid);
        out.push_str("\"><caption>");
        escape_into(&mut out, &self.caption);
        out.push_str("</caption><thead>");
        out.push_str(&self.head_markup());
        out.push_str("</thead><tbody>");
        out.push_str(&self.body_markup());
        out.push_str("</tbody></table>");
        out
    }

    /// The body rows as markup: the first cell of each a row header.
    pub fn body_markup(&self) -> String {
        let mut out = String::with_capacity(64 * self.rows.len() * 4);
        for row in &self.rows {
            if row.class.is_empty() {
                out.push_str("<tr>");
            } else {
                out.push_str("<tr class=\"");
                escape_into(&mut out, row.class);
                out.push_str("\">");
            }
            for (i, c) in row.cells.iter().enumerate() {
                out.push_str(if i == 0 {
                    "<th scope=\"row\">"
                } else {
                    "<td class=\"num\">"
                });
                escape_into(&mut out, c);
                out.push_str(if i == 0 { "</th>" } else { "</td>" });
            }
            out.push_str("</tr>");
        }
        out
    }
}

/// A table in a focusable, labelled scroll box (`data-testid` on the `<table>`), hidden while
/// there is none when `hide` is true; its rows are written while `shown` is true.
fn table_box(
    table: Signal<Option<Table>>,
    testid: String,
    shown: Signal<bool>,
    hide: bool,
) -> impl IntoView {
    let caption = move || table.with(|t| t.as_ref().map(|t| t.caption.clone()).unwrap_or_default());
    let markup = move |part: fn(&Table) -> String| {
        move || match shown.get() {
            true => table.with(|t| t.as_ref().map(part).unwrap_or_default()),
            false => String::new(),
        }
    };
    view! {
        <div
            class="table-wrap"
            tabindex="0"
            role="region"
            aria-label=caption
            hidden=move || hide && table.with(Option::is_none)
        >
            <table data-testid=testid>
                <caption>{caption}</caption>
                <thead inner_html=markup(Table::head_markup)></thead>
                <tbody inner_html=markup(Table::body_markup)></tbody>
            </table>
        </div>
    }
}

/// A table on view, hidden while there is none.
#[component]
pub fn TableView(
    /// The table.
    #[prop(into)]
    table: Signal<Option<Table>>,
    /// `data-testid` of the `<table>`.
    testid: &'static str,
) -> impl IntoView {
    table_box(table, testid.to_owned(), Signal::derive(|| true), true)
}

/// A chart's data as a table inside a closed `<details>`, hidden while there is nothing to
/// show; its rows are written while it is unfolded.
#[component]
pub fn ChartData(
    /// The data.
    #[prop(into)]
    table: Signal<Option<Table>>,
    /// `data-testid` of the `<table>`.
    #[prop(into)]
    testid: String,
    /// Whether there is a table, when that is known without building it (by default: the
    /// table is read).
    #[prop(optional, into)]
    present: Option<Signal<bool>>,
) -> impl IntoView {
    let (open, toggle) = super::unfolded();
    let present = present.unwrap_or_else(|| Signal::derive(move || table.with(Option::is_some)));
    // Read only while unfolded: a folded chart's table is not built on an input change.
    let shown = Memo::new_with_compare(
        move |_| if open.get() { table.get() } else { None },
        |_, _| true,
    );
    view! {
        <details class="chart-data" hidden=move || !present.get() on:toggle=toggle>
            <summary>"Chart data as a table"</summary>
            {table_box(shown.into(), testid, open.into(), false)}
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_escaped_markup() {
        let t = Table {
            caption: "c".into(),
            head: heads(&["A", "B<"]),
            rows: vec![
                Row::new(vec!["1×".into(), "5 %".into()]),
                Row {
                    cells: vec!["<1>".into(), "2".into()],
                    class: "in-use",
                },
            ],
        };
        assert_eq!(
            t.head_markup(),
            "<tr><th scope=\"col\">A</th><th scope=\"col\" class=\"num\">B&lt;</th></tr>"
        );
        assert_eq!(
            t.body_markup(),
            "<tr><th scope=\"row\">1×</th><td class=\"num\">5 %</td></tr>\
             <tr class=\"in-use\"><th scope=\"row\">&lt;1&gt;</th><td class=\"num\">2</td></tr>"
        );
        let whole = t.markup("t\"x");
        assert!(
            whole.starts_with("<table data-testid=\"t&quot;x\"><caption>c</caption><thead><tr>")
        );
        assert!(whole.ends_with("</td></tr></tbody></table>"));
    }
}
