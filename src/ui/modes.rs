//! The venue calculators' other modes (issue 13 §3), beside the trade: "Target price" (the
//! exit for a wanted ROE or PnL, fees included) and "Max open" (the largest position a balance
//! opens at the trade's leverage, walking the venue's tiers). The figures come from
//! [`crate::scenario::Evaluation::target_price_for`] and [`crate::scenario::Evaluation::max_open`];
//! this file only parses its inputs with the page's one parser and draws.

use super::fields::{lens, NumField};
use super::format;
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
    let roe_err = Memo::new(move |_| form.with(|f| read(Field::TargetPrice, &f.mode_roe).err()));
    let pnl_err = Memo::new(move |_| form.with(|f| read(Field::TargetPrice, &f.mode_pnl).err()));
    let bal_err =
        Memo::new(move |_| form.with(|f| read(Field::WalletBalance, &f.mode_balance).err()));
    let target = move |use_pnl: bool| {
        move || -> Answer {
            let text = form.with(|f| {
                if use_pnl {
                    f.mode_pnl.clone()
                } else {
                    f.mode_roe.clone()
                }
            });
            let Ok(Some(v)) = read(Field::TargetPrice, &text) else {
                return Answer::default();
            };
            ctx.eval.with(|e| {
                let Ok(e) = e else {
                    return Answer::default();
                };
                let price = if use_pnl {
                    e.target_price_for(v)
                } else {
                    v.checked_div(Decimal::ONE_HUNDRED)
                        .ok_or(crate::engine::CalcError::Degenerate("overflow"))
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
        }
    };
    let roe_answer = Memo::new(move |_| target(false)());
    let pnl_answer = Memo::new(move |_| target(true)());
    let balance_placeholder = Signal::derive(move || {
        ctx.eval.with(|e| match e {
            Ok(e) => format!("e.g. {}", format::amount(e.report.margin_balance, false)),
            Err(_) => "e.g. 1,000".to_owned(),
        })
    });
    let max_open = Memo::new(move |_| -> Answer {
        let text = form.with(|f| f.mode_balance.clone());
        let Ok(Some(balance)) = read(Field::WalletBalance, &text) else {
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
            <h2 id="modes-title">"Target price and max open"</h2>
            <p class="hint">"The other tabs of a venue's calculator, for this trade."</p>
            <div class="row">
                <div>
                    <NumField ctx=ctx id="mode-roe" label="Exit for an ROE of" lens=lens!(mode_roe) unit=Signal::derive(|| "%".to_owned()) own_error=roe_err />
                    {out("mode-target-roe", roe_answer)}
                </div>
                <div>
                    <NumField ctx=ctx id="mode-pnl" label="Exit for a net PnL of" lens=lens!(mode_pnl) unit=Signal::derive(settle) placeholder=Signal::derive(|| "e.g. 500".to_owned()) own_error=pnl_err />
                    {out("mode-target-pnl", pnl_answer)}
                </div>
                <div>
                    <NumField ctx=ctx id="mode-balance" label="Max open with a balance of" lens=lens!(mode_balance) unit=Signal::derive(settle) placeholder=balance_placeholder own_error=bal_err />
                    {out("mode-max-open", max_open)}
                </div>
            </div>
        </section>
    }
}
