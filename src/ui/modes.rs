//! The venue calculators' other modes (issue 13 §3), beside the trade: "Target price" (the
//! exit for a wanted ROE or PnL, fees included), "Max open" (the largest position a balance
//! opens at the trade's leverage, walking the venue's tiers) and "Open price" (the average
//! entry and new liquidation price after an add). The figures come from
//! [`crate::scenario::Evaluation::target_price_for`], [`crate::scenario::Evaluation::max_open`]
//! and [`crate::scenario::Evaluation::add_to_position`]; this file only parses its inputs with
//! the page's one parser and draws.

use super::fields::{lens, NumField};
use super::format;
use super::state::FormValues;
use super::Ctx;
use crate::engine::input::parse_decimal;
use crate::engine::max_open::Limit;
use crate::engine::Field;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// `Ok(None)` for a blank input, the parsed number, or the message for the input.
fn read(field: Field, text: &str) -> Result<Option<Decimal>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_decimal(field, text)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// One answer: its figure, `data-value`, and what it says.
#[derive(Debug, Clone, PartialEq, Default)]
struct Answer {
    exact: String,
    text: String,
    detail: String,
}

#[component]
pub fn Modes(ctx: Ctx) -> impl IntoView {
    let form = ctx.form;
    let units = ctx.units;
    // Each input parsed once: its error and its answer read the same memo.
    let parsed = move |field: Field, get: fn(&FormValues) -> &String| {
        Memo::new(move |_| form.with(|f| read(field, get(f))))
    };
    let roe = parsed(Field::WantedRoe, |f| &f.mode_roe);
    let pnl = parsed(Field::WantedPnl, |f| &f.mode_pnl);
    let balance = parsed(Field::Balance, |f| &f.mode_balance);
    // An add's size and price must be positive: said at the input.
    let positive = |field: Field, get: fn(&FormValues) -> &String| {
        Memo::new(move |_| {
            form.with(|f| match read(field, get(f)) {
                Ok(Some(v)) if v <= Decimal::ZERO => {
                    Err(crate::engine::CalcError::NotPositive(field).to_string())
                }
                other => other,
            })
        })
    };
    let add_qty = positive(Field::AddQuantity, |f| &f.mode_add_qty);
    let add_price = positive(Field::AddPrice, |f| &f.mode_add_price);
    let error_of = |m: Memo<Result<Option<Decimal>, String>>| {
        Signal::derive(move || m.with(|r| r.as_ref().err().cloned()))
    };
    // The exit for a wanted amount (`use_pnl`) or a wanted ROE in percent.
    let target = move |input: Memo<Result<Option<Decimal>, String>>, use_pnl: bool| {
        Memo::new(move |_| -> Answer {
            let Ok(Some(v)) = input.get() else {
                return Answer::default();
            };
            ctx.eval.with(|e| {
                let Ok(e) = e else {
                    return Answer::default();
                };
                let price = if use_pnl {
                    e.target_price_for(v)
                } else {
                    crate::engine::num::div(v, Decimal::ONE_HUNDRED)
                        .and_then(|roe| e.target_price_for_roe(roe))
                };
                match price {
                    Ok(p) => Answer {
                        exact: p.normalize().to_string(),
                        text: units.with(|u| format!("{} {}", format::price(p), u.quote)),
                        detail: if v.is_sign_negative() {
                            "Exit as taker (a stop), both fees included.".to_owned()
                        } else {
                            "Exit as maker (a limit order), both fees included.".to_owned()
                        },
                    },
                    Err(err) => Answer {
                        exact: String::new(),
                        text: format::DASH.to_owned(),
                        detail: err.to_string(),
                    },
                }
            })
        })
    };
    let roe_answer = target(roe, false);
    let pnl_answer = target(pnl, true);
    let balance_placeholder = Signal::derive(move || {
        ctx.eval.with(|e| match e {
            Ok(e) => format!("e.g. {}", format::amount(e.report.margin_balance, false)),
            Err(_) => "e.g. 1,000".to_owned(),
        })
    });
    let max_open = Memo::new(move |_| -> Answer {
        let Ok(Some(balance)) = balance.get() else {
            return Answer::default();
        };
        ctx.eval.with(|e| {
            let Ok(e) = e else {
                return Answer::default();
            };
            units.with(|u| match e.max_open(balance) {
                Ok(m) => Answer {
                    exact: m.quantity.normalize().to_string(),
                    text: format!("{} {}", format::trimmed(m.quantity, 8, 0), u.quantity()),
                    detail: format!(
                        "{} notional at {}: margin {} + opening fee {}. {}",
                        format::amount(m.notional, u.coin_settled),
                        format::leverage(e.report.leverage),
                        format::amount(m.initial_margin, u.coin_settled),
                        format::amount(m.open_fee, u.coin_settled),
                        match m.limit {
                            Limit::Balance => "Limited by the balance.".to_owned(),
                            Limit::Tiers { tier } => format!(
                                "Limited by the venue's tiers: past tier {tier} this leverage is not allowed."
                            ),
                        },
                    ) + if e.input.quantity_step.is_none() {
                        " Not rounded to a lot size: round it down to the venue's step."
                    } else {
                        ""
                    },
                },
                Err(err) => Answer {
                    exact: String::new(),
                    text: format::DASH.to_owned(),
                    detail: err.to_string(),
                },
            })
        })
    });
    let opened = Memo::new(move |_| -> Answer {
        let (Ok(Some(q)), Ok(Some(p))) = (add_qty.get(), add_price.get()) else {
            return Answer::default();
        };
        ctx.eval.with(|e| {
            let Ok(e) = e else {
                return Answer::default();
            };
            units.with(|u| match e.add_to_position(p, q) {
                Ok(r) => {
                    let liq = |lp: Option<Decimal>| {
                        lp.map(|p| format!("{} {}", format::price(p), u.quote))
                            .unwrap_or_else(|| "none".to_owned())
                    };
                    let mut detail = format!(
                        "{} {} in all. Liquidation {} (now {}); margin {} {}.",
                        format::trimmed(r.total_quantity, 8, 0),
                        u.quantity(),
                        liq(r.liquidation_price),
                        liq(e.report.liquidation_price),
                        format::amount(r.margin, u.coin_settled),
                        u.settle(),
                    );
                    if !r.reached {
                        detail.push_str(
                            " The price liquidates or stops the trade before it reaches this add.",
                        );
                    } else if r.stop_fires_first == Some(false) {
                        detail.push_str(" After it, liquidation comes before the stop.");
                    }
                    Answer {
                        exact: r.average_entry.normalize().to_string(),
                        text: format!("{} {}", format::price(r.average_entry), u.quote),
                        detail,
                    }
                }
                Err(err) => Answer {
                    exact: String::new(),
                    text: format::DASH.to_owned(),
                    detail: err.to_string(),
                },
            })
        })
    });
    let quote_unit = Signal::derive(move || units.with(|u| u.quote.clone()));
    let qty_unit = Signal::derive(move || units.with(|u| u.quantity().to_owned()));
    let add_placeholders = Memo::new(move |_| {
        ctx.eval.with(|e| match e {
            Ok(e) => {
                // Half the size again, 2 % against the position.
                let q = e
                    .report
                    .quantity
                    .checked_div(Decimal::TWO)
                    .unwrap_or(e.report.quantity);
                let against = if e.input.side == crate::engine::Side::Long {
                    98
                } else {
                    102
                };
                let p = Decimal::new(against, 2).checked_mul(e.input.entry_price);
                (
                    format!("e.g. {}", format::trimmed(q.normalize(), 8, 0)),
                    p.map(|p| format!("e.g. {}", format::price(p)))
                        .unwrap_or_default(),
                )
            }
            Err(_) => ("e.g. 0.5".to_owned(), String::new()),
        })
    });
    let settle = move || units.with(|u| u.settle().to_owned());
    let out = move |testid: &'static str, a: Memo<Answer>| {
        view! {
            <p class="mode-answer">
                <span class="value" data-testid=testid data-value=move || a.with(|a| a.exact.clone())>
                    {move || a.with(|a| a.text.clone())}
                </span>
                <span class="detail">{move || a.with(|a| a.detail.clone())}</span>
            </p>
        }
    };
    view! {
        <section class="card modes" aria-labelledby="modes-title" data-testid="modes">
            <h2 id="modes-title">"Target price, max open, open price"</h2>
            <p class="hint">"The other tabs of a venue's calculator, for this trade. The Account tab's ladder plans several adds."</p>
            <div class="row">
                <div>
                    <NumField ctx=ctx id="mode-roe" label="Exit for an ROE of" lens=lens!(mode_roe) unit=Signal::derive(|| "%".to_owned()) own_error=error_of(roe) />
                    {out("mode-target-roe", roe_answer)}
                </div>
                <div>
                    <NumField ctx=ctx id="mode-pnl" label="Exit for a net PnL of" lens=lens!(mode_pnl) unit=Signal::derive(settle) placeholder=Signal::derive(|| "e.g. 500".to_owned()) own_error=error_of(pnl) />
                    {out("mode-target-pnl", pnl_answer)}
                </div>
                <div>
                    <NumField ctx=ctx id="mode-balance" label="Max open with a balance of" lens=lens!(mode_balance) unit=Signal::derive(settle) placeholder=balance_placeholder own_error=error_of(balance) />
                    {out("mode-max-open", max_open)}
                </div>
            </div>
            <h3 class="subhead">"Open price: add to the position"</h3>
            <div class="row">
                <div>
                    <NumField ctx=ctx id="mode-add-qty" label="Add a size of" lens=lens!(mode_add_qty) unit=qty_unit placeholder=Signal::derive(move || add_placeholders.with(|p| p.0.clone())) own_error=error_of(add_qty) />
                </div>
                <div>
                    <NumField ctx=ctx id="mode-add-price" label="At a price of" lens=lens!(mode_add_price) unit=quote_unit placeholder=Signal::derive(move || add_placeholders.with(|p| p.1.clone())) own_error=error_of(add_price) />
                </div>
                <div>
                    <p class="mode-label">"Average entry"</p>
                    {out("mode-open-price", opened)}
                </div>
            </div>
        </section>
    }
}
