//! "Compare venues": the same trade evaluated by every venue's own formula and table.
//!
//! The trade keeps its side, entry, leverage, stop and target and its value in the quote coin
//! (USDT ≈ USD): inverse venues get the same USD value in contracts. Each venue uses its own
//! bracket table and default fees, in isolated margin. A venue that refuses the trade (for
//! example leverage above its limit) keeps its row and shows why.

use super::format::{self, DASH};
use super::state::FormValues;
use super::units::{base_of, Units};
use super::Ctx;
use crate::engine::num::add;
use crate::engine::venues::{self, Venue};
use crate::engine::Field;
use crate::scenario::{
    evaluate_scenario, percent_to_fraction, MaintenanceSpec, MarginModeName, Report, Scenario,
};
use leptos::either::Either;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// One venue's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub venue: Venue,
    pub symbol: String,
    pub outcome: Result<Outcome, String>,
}

/// The figures a row shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub report: Report,
    pub units: Units,
    pub liquidation: Option<Decimal>,
    pub bankruptcy: Option<Decimal>,
    pub distance: Option<Decimal>,
    pub maintenance_margin: Decimal,
    pub maintenance_rate: Decimal,
    pub tier: Option<u32>,
    pub max_leverage: Option<Decimal>,
    /// Open fee plus the close fee at the stop (or target), exact.
    pub fees: Decimal,
    pub fees_at: &'static str,
}

/// The comparison scenario for `venue`: the form's trade, sized by its quote value.
pub fn scenario_for(
    venue: Venue,
    base: &Scenario,
    form: &FormValues,
    quote_value: Decimal,
) -> Result<Scenario, String> {
    let coin = base_of(&form.symbol);
    let symbol = match venue {
        Venue::Custom => Some(form.symbol.clone()),
        v => Some(
            crate::engine::symbol::symbol_for_coin(v, &coin)
                .ok_or_else(|| format!("No {coin} market bundled for this venue."))?,
        ),
    };
    let custom = venue == Venue::Custom;
    let maintenance = if custom {
        Some(MaintenanceSpec {
            rate: percent_to_fraction(Field::MaintenanceRate, &form.mmr)
                .map_err(|e| format!("Custom maintenance rate: {e}"))?,
            amount: Some(form.mm_amount.trim().to_owned())
                .filter(|a| !a.is_empty())
                .map(crate::scenario::Num::new),
        })
    } else {
        None
    };
    // Custom uses the fees the form shows; venues their own defaults.
    let (taker, maker) = if custom {
        (base.taker_fee.clone(), base.maker_fee.clone())
    } else {
        (None, None)
    };
    let mut s = Scenario {
        venue,
        contract: if custom {
            base.contract.or(Some(form.contract_type()))
        } else {
            None
        },
        symbol,
        margin_mode: MarginModeName::Isolated,
        mark_price: None,
        quantity: None,
        notional: Some(quote_value.into()),
        margin: None,
        equity: None,
        risk_percent: None,
        risk_amount: None,
        quantity_step: venues::implied_contract(venue)
            .or(base.contract)
            .filter(|c| *c == crate::engine::contract::ContractType::Inverse)
            .map(|_| crate::scenario::Num::new("1")),
        contract_size: if custom && form.is_inverse() {
            Some(crate::scenario::Num::new(form.contract_size.trim()))
        } else {
            None
        },
        isolated_margin: None,
        wallet_balance: None,
        maintenance,
        taker_fee: taker,
        maker_fee: maker,
        entry_liquidity: None,
        other_positions: Vec::new(),
        ..base.clone()
    };
    // The rows show no risk figures: no volatility, no safe-leverage search per venue.
    s.clear_risk();
    Ok(s)
}

/// Every venue's row for the form's trade.
pub fn rows(base: &Scenario, form: &FormValues, quote_value: Decimal) -> Vec<Row> {
    Venue::ALL
        .iter()
        .map(|&venue| {
            let sc = scenario_for(venue, base, form, quote_value);
            let symbol = sc
                .as_ref()
                .ok()
                .and_then(|s| s.symbol.clone())
                .unwrap_or_default();
            let outcome = sc.and_then(|s| {
                let inverse = venues::implied_contract(venue)
                    .or(s.contract)
                    .is_some_and(|c| c == crate::engine::contract::ContractType::Inverse);
                let units = Units::new(venue, &symbol, inverse);
                evaluate_scenario(&s)
                    .map_err(|e| super::message(&e))
                    .map(|e| {
                        let r = &e.report;
                        let (fees, fees_at) = match (r.stop, r.target) {
                            (Some(x), _) => {
                                (add(x.open_fee, x.close_fee).ok(), "open + close at stop")
                            }
                            (None, Some(x)) => {
                                (add(x.open_fee, x.close_fee).ok(), "open + close at target")
                            }
                            (None, None) => (Some(r.open_fee), "open only"),
                        };
                        Outcome {
                            report: e.to_report(venue),
                            units,
                            liquidation: r.liquidation_price,
                            bankruptcy: r.bankruptcy_price,
                            distance: r.liquidation_distance,
                            maintenance_margin: r.maintenance_margin,
                            // The rate and tier of the maintenance margin shown (at the
                            // mark), and that tier's leverage limit.
                            maintenance_rate: r.mark_maintenance.rate,
                            tier: r.mark_bracket.map(|b| b.tier),
                            max_leverage: r.mark_bracket.map(|b| b.bracket.max_leverage),
                            fees: fees.unwrap_or(r.open_fee),
                            fees_at,
                        }
                    })
            });
            Row {
                venue,
                symbol,
                outcome,
            }
        })
        .collect()
}

#[component]
pub fn CompareVenues(ctx: Ctx) -> impl IntoView {
    let table = Memo::new_with_compare(
        move |_| {
            // Read always, so the memo keeps the last good size while an input is being fixed.
            let last = ctx.last_position_value.get();
            let quote_value = ctx.eval.with(|e| match e {
                Ok(e) => Some(e.report.position_value),
                // The chosen venue refuses the leverage: the other venues may accept it.
                Err(err) if err.field_key().as_deref() == Some("leverage") => last,
                Err(_) => None,
            })?;
            let base = ctx.scenario.with(|s| s.as_ref().ok().cloned())?;
            Some(ctx.form.with(|f| rows(&base, f, quote_value)))
        },
        |_, _| true,
    );
    let current = Memo::new(move |_| ctx.form.with(|f| f.venue));
    // The table element is kept while there are rows; only its body's markup changes.
    let shown = Memo::new(move |_| table.with(Option::is_some));
    let note = move || {
        let value = ctx.last_position_value.get()?;
        let quote = ctx.units.with(|u| u.quote.clone());
        Some(format!(
            "Same side, entry, leverage, stop and target, and the same position value: {} {quote} (USDT and USD taken as equal; inverse venues hold it in contracts and settle in the coin). Isolated margin, each venue's own table and default fees.",
            format::fixed(value, 2),
        ))
    };
    view! {
        <section class="card compare" aria-labelledby="compare-title">
            <h2 id="compare-title">"Compare venues"</h2>
            <p class="hint">{note}</p>
            {move || match shown.get() {
                false => Either::Left(view! { <p class="status">"Fix the inputs above to compare venues."</p> }),
                true => Either::Right(view! { <CompareTable table=table current=current /> }),
            }}
        </section>
    }
}

/// What a row's figures rest on when the venue's table is not the venue's own, current one:
/// the report's table warnings, short.
pub fn table_note(report: &Report) -> Option<String> {
    let as_of = report
        .table
        .as_ref()
        .map(|t| t.as_of.clone())
        .unwrap_or_default();
    let has = |code: &str| report.warnings.iter().any(|w| w.code == code);
    let mut notes = Vec::new();
    if has("table_stand_in") {
        notes.push("first tier only: larger positions are not exact".to_owned());
    }
    if has("table_derived") {
        notes.push(format!("derived table as of {as_of}: check on the venue"));
    }
    if has("table_stale") {
        notes.push(format!("as of {as_of}: more than 6 months old"));
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}

/// The account a Bybit row assumes (its report's `account`), as the form's select names it.
pub fn account_note(report: &Report) -> Option<&'static str> {
    report
        .account
        .and_then(crate::engine::bybit::Account::from_key)
        .map(crate::engine::bybit::Account::label)
}

/// The table's body as markup (the page's one escaper): a row per venue, the current venue's
/// marked `current`. Written whole on an input change, one DOM write instead of a rebuild of
/// every cell.
pub fn body_markup(rows: &[Row], current: Venue) -> String {
    use crate::ui::escape::escape_into;
    let mut out = String::with_capacity(600 * rows.len());
    let span = |out: &mut String, class: &str, testid: Option<&str>, text: &str| {
        out.push_str("<span class=\"");
        out.push_str(class);
        out.push('"');
        if let Some(t) = testid {
            out.push_str(" data-testid=\"");
            out.push_str(t);
            out.push('"');
        }
        out.push('>');
        escape_into(out, text);
        out.push_str("</span>");
    };
    let td = |out: &mut String, testid: Option<&str>, value: Option<&str>| {
        out.push_str("<td class=\"num\"");
        if let Some(t) = testid {
            out.push_str(" data-testid=\"");
            out.push_str(t);
            out.push('"');
        }
        if let Some(v) = value {
            out.push_str(" data-value=\"");
            escape_into(out, v);
            out.push('"');
        }
        out.push('>');
    };
    for row in rows {
        let venue = row.venue;
        out.push_str("<tr data-venue=\"");
        escape_into(&mut out, venue.key());
        out.push('"');
        if venue == current {
            out.push_str(" class=\"current\"");
        }
        out.push_str("><th scope=\"row\">");
        span(&mut out, "venue-name", None, venue.label());
        span(&mut out, "detail", None, &row.symbol);
        if let Ok(o) = &row.outcome {
            if let Some(a) = account_note(&o.report) {
                span(&mut out, "detail", Some("compare-account"), a);
            }
            if let Some(n) = table_note(&o.report) {
                span(
                    &mut out,
                    "detail table-note",
                    Some("compare-table-note"),
                    &n,
                );
            }
        }
        out.push_str("</th>");
        match &row.outcome {
            Ok(o) => {
                let q = &o.units.quote;
                let settle = o.units.settle();
                let coin = o.units.coin_settled;
                let liq_exact = o.report.liquidation_price.clone().unwrap_or_default();
                td(&mut out, Some("compare-liq"), Some(&liq_exact));
                escape_into(
                    &mut out,
                    &o.liquidation
                        .map(|p| format!("{} {q}", format::price(p)))
                        .unwrap_or_else(|| "None".to_owned()),
                );
                let away = o
                    .distance
                    .map(|d| format!("{} away", format::percent(d, 2)))
                    .unwrap_or_default();
                span(&mut out, "detail", None, &away);
                out.push_str("</td>");
                let bankruptcy = o.report.bankruptcy_price.clone().unwrap_or_default();
                td(&mut out, Some("compare-bankruptcy"), Some(&bankruptcy));
                escape_into(
                    &mut out,
                    &o.bankruptcy
                        .map(format::price)
                        .unwrap_or_else(|| DASH.to_owned()),
                );
                out.push_str("</td>");
                td(
                    &mut out,
                    Some("compare-mm"),
                    Some(&o.report.maintenance_margin),
                );
                escape_into(
                    &mut out,
                    &format!("{} {settle}", format::amount(o.maintenance_margin, coin)),
                );
                let rate = format!("rate {}", format::percent(o.maintenance_rate, 4));
                span(&mut out, "detail", None, &rate);
                out.push_str("</td>");
                td(&mut out, None, None);
                escape_into(
                    &mut out,
                    &o.tier
                        .map(|t| format!("tier {t}"))
                        .unwrap_or_else(|| "flat".to_owned()),
                );
                let max = o
                    .max_leverage
                    .map(|l| format!("max {}", format::leverage(l)))
                    .unwrap_or_default();
                span(&mut out, "detail", None, &max);
                out.push_str("</td>");
                td(&mut out, Some("compare-fees"), None);
                escape_into(
                    &mut out,
                    &format!("{} {settle}", format::amount(o.fees, coin)),
                );
                span(&mut out, "detail", None, o.fees_at);
                out.push_str("</td>");
            }
            Err(msg) => {
                td(&mut out, Some("compare-liq"), Some(""));
                escape_into(&mut out, DASH);
                out.push_str(
                    "</td><td colspan=\"4\" class=\"row-error\" data-testid=\"compare-error\">",
                );
                escape_into(&mut out, msg);
                out.push_str("</td>");
            }
        }
        out.push_str("</tr>");
    }
    out
}

#[component]
fn CompareTable(table: Memo<Option<Vec<Row>>>, current: Memo<Venue>) -> impl IntoView {
    let body = move || {
        table.with(|t| {
            t.as_deref()
                .map(|rows| body_markup(rows, current.get()))
                .unwrap_or_default()
        })
    };
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Venue comparison">
            <table class="compare-table" data-testid="compare-venues">
                <caption class="visually-hidden">"The same trade on every venue"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Venue"</th>
                        <th scope="col" class="num">"Liquidation"</th>
                        <th scope="col" class="num">"Bankruptcy"</th>
                        <th scope="col" class="num">"Maintenance"</th>
                        <th scope="col" class="num">"Tier"</th>
                        <th scope="col" class="num">"Fees"</th>
                    </tr>
                </thead>
                <tbody inner_html=body></tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stand_in_or_stale_table_is_noted_on_its_row() {
        let form = FormValues::default();
        let base = form.to_scenario().unwrap();
        let rows = rows(&base, &form, Decimal::from(30_000));
        let note = |v: Venue| {
            rows.iter()
                .find(|r| r.venue == v)
                .and_then(|r| r.outcome.as_ref().ok())
                .and_then(|o| table_note(&o.report))
        };
        let coinm = note(Venue::BinanceCoinm).unwrap_or_default();
        assert!(coinm.contains("first tier only"), "{coinm}");
        assert_eq!(
            note(Venue::BinanceUsdm),
            None,
            "the full table, and no date set to judge it"
        );
        assert_eq!(note(Venue::Custom), None, "the user's own rate");
        crate::engine::tables::set_today("2026-12-01");
        let rows = super::rows(&base, &form, Decimal::from(30_000));
        let usdm = rows
            .iter()
            .find(|r| r.venue == Venue::BinanceUsdm)
            .and_then(|r| r.outcome.as_ref().ok())
            .and_then(|o| table_note(&o.report))
            .unwrap_or_default();
        assert!(
            usdm.contains("as of 2024-10-24: more than 6 months old"),
            "{usdm}"
        );
        crate::engine::tables::clear_today();
    }

    #[test]
    fn the_body_is_one_escaped_row_per_venue_with_the_current_marked() {
        let form = FormValues::default();
        let base = form.to_scenario().unwrap();
        let mut rows = rows(&base, &form, Decimal::from(30_000));
        rows[1].symbol = "<b>\"x\"</b>".into();
        rows[2].outcome = Err("too <much> & more".into());
        let html = body_markup(&rows, rows[0].venue);
        assert_eq!(html.matches("<tr ").count(), rows.len());
        assert_eq!(html.matches("</tr>").count(), rows.len());
        assert_eq!(html.matches(" class=\"current\"").count(), 1);
        assert!(html.starts_with(&format!(
            "<tr data-venue=\"{}\" class=\"current\">",
            rows[0].venue.key()
        )));
        assert!(html.contains("&lt;b&gt;&quot;x&quot;&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<b>"));
        assert!(html.contains("data-testid=\"compare-error\">too &lt;much&gt; &amp; more</td>"));
        // Every venue that computes has its exact liquidation price, as the page reads it.
        for r in &rows {
            if let Ok(o) = &r.outcome {
                let exact = o.report.liquidation_price.clone().unwrap_or_default();
                assert!(
                    html.contains(&format!(
                        "data-testid=\"compare-liq\" data-value=\"{exact}\">"
                    )),
                    "{:?}",
                    r.venue
                );
            }
        }
        assert_eq!(html.matches("<td").count(), html.matches("</td>").count());
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
    }

    #[test]
    fn bybit_rows_say_which_account_they_assume() {
        let mut form = FormValues::default();
        let account = |form: &FormValues, v: Venue| {
            let base = form.to_scenario().unwrap();
            rows(&base, form, Decimal::from(30_000))
                .iter()
                .find(|r| r.venue == v)
                .and_then(|r| r.outcome.as_ref().ok())
                .and_then(|o| account_note(&o.report))
        };
        assert_eq!(account(&form, Venue::BybitLinear), Some("Classic account"));
        assert_eq!(
            account(&form, Venue::BinanceUsdm),
            None,
            "no account on other venues"
        );
        // Chosen on Bybit, the unified account is the one its row assumes.
        form.venue = Venue::BybitLinear;
        form.symbol = "BTCUSDT".into();
        form.set_account("uta");
        assert_eq!(
            account(&form, Venue::BybitLinear),
            Some("Unified trading account")
        );
    }

    #[test]
    fn every_venue_has_a_row_and_the_opening_trade_computes_on_most() {
        let form = FormValues::default();
        let base = form.to_scenario().unwrap();
        let rows = rows(&base, &form, Decimal::from(30_000));
        assert_eq!(rows.len(), Venue::ALL.len());
        let ok = rows.iter().filter(|r| r.outcome.is_ok()).count();
        assert!(ok >= 9, "{rows:#?}");
        let custom = rows.iter().find(|r| r.venue == Venue::Custom).unwrap();
        let own = evaluate_scenario(&base).unwrap();
        assert_eq!(
            custom.outcome.as_ref().unwrap().liquidation,
            own.report.liquidation_price
        );
    }

    #[test]
    fn too_much_leverage_keeps_the_row_with_the_reason() {
        let form = FormValues {
            leverage: "50".into(),
            stop: String::new(),
            ..FormValues::default()
        };
        let base = form.to_scenario().unwrap();
        let rows = rows(&base, &form, Decimal::from(30_000));
        let dydx = rows.iter().find(|r| r.venue == Venue::Dydx).unwrap();
        let msg = dydx.outcome.as_ref().unwrap_err();
        assert!(msg.contains("20"), "{msg}");
    }

    #[test]
    fn inverse_venues_hold_the_same_usd_value() {
        let form = FormValues::default();
        let base = form.to_scenario().unwrap();
        let rows = rows(&base, &form, Decimal::from(30_000));
        let coinm = rows
            .iter()
            .find(|r| r.venue == Venue::BinanceCoinm)
            .unwrap();
        let o = coinm.outcome.as_ref().unwrap();
        assert_eq!(o.report.position_value, "30000");
        assert!(o.units.coin_settled);
    }
}
