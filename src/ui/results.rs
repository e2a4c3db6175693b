//! The results panel: every figure as text, with the exact decimal in `data-value`.

use super::format::{self, DASH};
use super::Ctx;
use crate::engine::trade::Warning;
use crate::scenario::{Evaluation, Report};
use leptos::prelude::*;
use rust_decimal::Decimal;

/// Report and currencies, recomputed when the evaluation changes.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    report: Report,
    /// Exact decimals where the report's strings need further formatting.
    eval: Evaluation,
}

/// One figure: `data-value` holds the report's exact decimal ("" when not applicable).
#[derive(Debug, Clone, PartialEq, Default)]
struct Figure {
    exact: String,
    text: String,
    detail: Option<String>,
}

impl Figure {
    fn na() -> Figure {
        Figure {
            exact: String::new(),
            text: DASH.to_owned(),
            detail: None,
        }
    }
}

#[component]
pub fn Results(ctx: Ctx) -> impl IntoView {
    // Recomputed exactly when the evaluation is: no equality check needed.
    let shown = Memo::new_with_compare(
        move |_| {
            let venue = ctx
                .scenario
                .with(|s| s.as_ref().map(|s| s.venue).unwrap_or_default());
            ctx.eval.with(|e| {
                e.as_ref().ok().map(|e| Shown {
                    report: e.to_report(venue),
                    eval: e.clone(),
                })
            })
        },
        |_, _| true,
    );
    let units = ctx.units;
    // A memo, not a derived signal: a stat reads its figure five times (text, exact value,
    // sign, detail and whether there is one), and a derived signal would write it each time.
    let fig = move |f: fn(&Shown, &super::units::Units) -> Figure| {
        Signal::from(Memo::new(move |_| {
            shown.with(|s| match s {
                Some(s) => units.with(|u| f(s, u)),
                None => Figure::na(),
            })
        }))
    };

    let liq = fig(|s, u| match &s.report.liquidation_price {
        Some(p) => Figure {
            exact: p.clone(),
            text: format!("{} {}", price_text(p), u.quote),
            detail: s
                .eval
                .report
                .liquidation_distance
                .map(|d| format!("{} from entry", format::percent(d, 2)))
                .map(|t| match s.eval.input.model.bitmex_view() {
                    // BitMEX: say which figure this is (the open position, by default).
                    Some(v) => format!("{t}; BitMEX {}", v.label()),
                    None => t,
                })
                .map(|t| match s.eval.input.model.bybit_account() {
                    // Bybit: say which account the figure assumes.
                    Some(a) => format!("{t}; {}", a.note()),
                    None => t,
                }),
        },
        None => Figure {
            exact: String::new(),
            text: "None".to_owned(),
            detail: Some("No price liquidates this position.".to_owned()),
        },
    });
    let bankrupt = fig(|s, u| opt_price(&s.report.bankruptcy_price, u));
    let initial = fig(|s, u| {
        Figure {
            exact: s.report.initial_margin.clone(),
            text: money(s.eval.report.initial_margin, u),
            // What backs the position, named for what it is: the account monitor's "margin
            // balance" is the wallet plus every position's PnL, another figure.
            detail: Some(match s.eval.input.margin {
                crate::engine::trade::MarginInput::Cross {
                    wallet_balance,
                    others_maintenance,
                    others_unrealized_pnl,
                } if !others_maintenance.is_zero() || !others_unrealized_pnl.is_zero() => format!(
                    "Backing it (cross): {} = wallet {} − other positions' maintenance {} + their \
                 PnL {}",
                    money(s.eval.report.margin_balance, u),
                    money(wallet_balance, u),
                    money(others_maintenance, u),
                    money(others_unrealized_pnl, u)
                ),
                crate::engine::trade::MarginInput::Cross { .. } => format!(
                    "Backing it (cross): the wallet, {}",
                    money(s.eval.report.margin_balance, u)
                ),
                crate::engine::trade::MarginInput::Isolated { .. } => {
                    format!("Isolated margin {}", money(s.eval.report.margin_balance, u))
                }
            }),
        }
    });
    let maint = fig(|s, u| {
        let r = &s.eval.report;
        // The rate, amount and tier of the figure itself (at the mark), never the liquidation
        // price's tier: N·r − a must read back from the card.
        let m = r.mark_maintenance;
        let mut detail = format!("Rate {}", format::percent(m.rate, 4));
        if !m.amount.is_zero() {
            detail.push_str(&format!(", amount {}", money(m.amount, u)));
        }
        if let Some(f) = r.fee_to_close {
            detail.push_str(&format!(", fee to close {}", money(f.maintenance, u)));
        }
        if let Some(b) = r.mark_bracket {
            detail.push_str(&format!(", tier {}", b.tier));
            if let Some(l) = r.bracket.filter(|l| l.tier != b.tier) {
                detail.push_str(&format!(
                    " (tier {} at the liquidation price: rate {})",
                    l.tier,
                    format::percent(l.bracket.maintenance.rate, 4)
                ));
            }
        }
        Figure {
            exact: s.report.maintenance_margin.clone(),
            text: money(r.maintenance_margin, u),
            detail: Some(detail),
        }
    });
    let notional = fig(|s, u| {
        let r = &s.eval.report;
        Figure {
            exact: s.report.notional.clone(),
            text: money(r.notional, u),
            detail: Some(if u.coin_settled {
                format!(
                    "{} {} of contracts; {} {}",
                    format::fixed(r.position_value, 2),
                    u.quote,
                    format::trimmed(r.quantity, 8, 0),
                    u.quantity()
                )
            } else {
                format!("{} {}", format::trimmed(r.quantity, 8, 0), u.quantity())
            }),
        }
    });
    let distance = fig(|s, _| {
        match (
            &s.report.liquidation_distance,
            s.eval.report.liquidation_distance,
        ) {
            (Some(x), Some(d)) => Figure {
                exact: x.clone(),
                text: format::percent(d, 2),
                detail: Some(format!(
                    "Effective leverage {}",
                    format::leverage(s.eval.report.effective_leverage)
                )),
            },
            _ => Figure::na(),
        }
    });
    let break_even = fig(|s, u| Figure {
        exact: s.report.break_even_price.clone(),
        text: format!(
            "{} {}",
            format::price(s.eval.report.break_even_price),
            u.quote
        ),
        detail: Some(format!("Open fee {}", money(s.eval.report.open_fee, u))),
    });
    let pnl_stop = fig(|s, u| {
        match (
            &s.report.liquidated_before_stop,
            s.eval.report.liquidated_before_stop,
        ) {
            // Isolated and liquidated first: the stop never fires; show what happens.
            (Some(j), Some(l)) => Figure {
                exact: j.net_pnl.clone(),
                text: format!(
                    "{} {}",
                    format::signed_amount(l.net_pnl, u.coin_settled),
                    u.settle()
                ),
                detail: Some(format!(
                    "Liquidated at {} before the stop: the margin of {} is lost, with the {} \
                     opening fee (ROE {}). The stop would have been {}.",
                    format::price(l.price),
                    money(l.margin_lost, u),
                    format::amount(l.open_fee, u.coin_settled),
                    format::signed_percent(l.roe, 2),
                    s.eval
                        .report
                        .stop
                        .map(|x| money(x.net_pnl, u))
                        .unwrap_or_default()
                )),
            },
            _ => exit_figure(s.report.stop.as_ref(), s.eval.report.stop, u),
        }
    });
    let pnl_target = fig(|s, u| exit_figure(s.report.target.as_ref(), s.eval.report.target, u));
    let rr = fig(
        |s, _| match (&s.report.risk_reward, s.eval.report.risk_reward) {
            (Some(x), Some(d)) => Figure {
                exact: x.clone(),
                text: format!("1 : {}", format::trimmed(d, 2, 2)),
                detail: Some("Net gain at target per unit lost at stop".to_owned()),
            },
            _ => Figure::na(),
        },
    );
    let max_lev = fig(|s, _| {
        match (
            &s.report.max_leverage_stop_first,
            s.eval.report.max_leverage_stop_first,
        ) {
            (Some(x), Some(d)) => Figure {
                exact: x.clone(),
                text: format!("below {}", format::leverage_floor(d)),
                // Below L* the stop fires first; say which side of it the trade is on.
                detail: Some(format!(
                    "At your {} {}",
                    format::leverage(s.eval.report.leverage),
                    if liquidated_first(&s.eval) {
                        "liquidation comes before the stop"
                    } else {
                        "the stop fires before liquidation"
                    }
                )),
            },
            // Cross: the wallet, not the leverage, places the liquidation price.
            (None, None)
                if matches!(
                    s.eval.input.margin,
                    crate::engine::trade::MarginInput::Cross { .. }
                ) && s.eval.input.stop_price.is_some() =>
            {
                let first = liquidated_first(&s.eval);
                Figure {
                    exact: String::new(),
                    text: if first { "Liquidation first" } else { "Stop first" }.to_owned(),
                    detail: Some(
                        "Cross margin: the wallet balance, not the leverage, sets the liquidation price"
                            .to_owned(),
                    ),
                }
            }
            _ => Figure::na(),
        }
    });

    // While the venue's data file is being fetched the figures are the built-in table's:
    // marked pending (`data-pending`, `aria-busy`) and said so.
    let tables = ctx.tables;
    let pending = Memo::new(move |_| {
        let venue = ctx.form.with(|f| f.venue);
        tables.is_pending(venue)
    });
    let busy = move || pending.get().then_some("true");
    view! {
        <section
            class="card results"
            id="results"
            aria-labelledby="results-title"
            tabindex="-1"
            data-pending=busy
            aria-busy=busy
        >
            <h2 id="results-title">"Results"</h2>
            {move || {
                pending
                    .get()
                    .then(|| {
                        view! {
                            <p class="note table-pending" data-testid="table-pending" role="status">
                                "Loading the venue's current table: until it is in, these figures use the built-in one."
                            </p>
                        }
                    })
            }}
            {move || {
                tables
                    .error
                    .get()
                    .map(|e| view! { <p class="note table-error" data-testid="table-error">{e}</p> })
            }}
            <CalcError ctx=ctx />
            <dl class="hero">
                <Stat testid="result-liquidation-price" label="Liquidation price" fig=liq big=true />
                <Stat testid="result-bankruptcy-price" label="Bankruptcy price" fig=bankrupt big=true />
            </dl>
            <dl class="stats">
                <Stat testid="result-liq-distance" label="Distance to liquidation" fig=distance />
                <Stat testid="result-initial-margin" label="Initial margin" fig=initial />
                <Stat testid="result-maintenance-margin" label="Maintenance margin" fig=maint />
                <Stat testid="result-notional" label="Notional" fig=notional />
                <Stat testid="result-break-even" label="Break-even (fees)" fig=break_even />
                <Stat testid="result-risk-reward" label="Risk : reward" fig=rr />
                <Stat testid="result-max-leverage" label="Max leverage, stop first" fig=max_lev />
                <Stat testid="result-pnl-stop" label="PnL at stop" fig=pnl_stop />
                <Stat testid="result-pnl-target" label="PnL at target" fig=pnl_target />
            </dl>
            <RiskLine ctx=ctx />
            <Warnings ctx=ctx />
        </section>
    }
}

fn price_text(exact: &str) -> String {
    format::parse(exact)
        .map(format::price)
        .unwrap_or_else(|| DASH.to_owned())
}

fn opt_price(p: &Option<String>, u: &super::units::Units) -> Figure {
    match p {
        Some(p) => Figure {
            exact: p.clone(),
            text: format!("{} {}", price_text(p), u.quote),
            detail: None,
        },
        None => Figure::na(),
    }
}

/// An amount in the settlement currency: `3,000.00 USDT` (also the saved-scenario comparison).
pub(crate) fn money(d: Decimal, u: &super::units::Units) -> String {
    format!("{} {}", format::amount(d, u.coin_settled), u.settle())
}

fn exit_figure(
    json: Option<&crate::scenario::ExitJson>,
    exit: Option<crate::engine::trade::ExitReport>,
    u: &super::units::Units,
) -> Figure {
    match (json, exit) {
        (Some(j), Some(x)) => Figure {
            exact: j.net_pnl.clone(),
            text: format!(
                "{} {}",
                format::signed_amount(x.net_pnl, u.coin_settled),
                u.settle()
            ),
            detail: Some(format!(
                "ROE {} · move {} · fees {} open {}",
                format::signed_percent(x.roe, 2),
                format::signed_percent(x.price_move, 2),
                format::amount(x.open_fee, u.coin_settled),
                // A maker rebate is a negative fee: it reads as a rebate, not "+ −6.60".
                if x.close_fee.is_sign_negative() && !x.close_fee.is_zero() {
                    format!(
                        "· rebate {} at close",
                        format::amount(x.close_fee.abs(), u.coin_settled)
                    )
                } else {
                    format!("+ {} close", format::amount(x.close_fee, u.coin_settled))
                },
            )),
        },
        _ => Figure::na(),
    }
}

/// One labelled figure.
#[component]
fn Stat(
    /// `data-testid` of the value.
    testid: &'static str,
    label: &'static str,
    fig: Signal<Figure>,
    /// Shown large (the headline figures).
    #[prop(optional)]
    big: bool,
) -> impl IntoView {
    let sign = move || {
        fig.with(|f| {
            if f.text.starts_with('+') {
                "gain"
            } else if f.text.starts_with('\u{2212}') {
                "loss"
            } else {
                ""
            }
        })
    };
    view! {
        <div class="stat" class:big=big>
            <dt>{label}</dt>
            <dd>
                <span
                    class=move || format!("value {}", sign())
                    data-testid=testid
                    data-value=move || fig.with(|f| f.exact.clone())
                >
                    {move || fig.with(|f| f.text.clone())}
                </span>
                // Kept in place; only its text changes (hidden while there is none).
                <span class="detail" hidden=move || fig.with(|f| f.detail.is_none())>
                    {move || fig.with(|f| f.detail.clone().unwrap_or_default())}
                </span>
            </dd>
        </div>
    }
}

/// Whether the venue liquidates the trade before its stop fires.
fn liquidated_first(e: &Evaluation) -> bool {
    e.report
        .warnings
        .iter()
        .any(|w| matches!(w, Warning::StopBeyondLiquidation { .. }))
}

/// Risk-sized trades: the budget and the quantity it buys.
#[component]
fn RiskLine(ctx: Ctx) -> impl IntoView {
    let units = ctx.units;
    move || {
        ctx.eval.with(|e| {
            let e = e.as_ref().ok()?;
            let amount = e.report.risk_amount?;
            let text = units.with(|u| {
                let rounding = match e.input.quantity_step {
                    Some(step) => format!(
                        " Rounded down to the lot step of {} {}, so the loss at the stop is at most the budget.",
                        format::trimmed(step, 12, 0),
                        u.quantity()
                    ),
                    None => " Not rounded: the venue data gives no lot step for this symbol.".to_owned(),
                };
                format!(
                    "Sized by risk: {} at the stop buys {} {}.{rounding}",
                    money(amount, u),
                    format::trimmed(e.report.quantity, 8, 0),
                    u.quantity()
                )
            });
            Some(view! {
                <p class="note" data-testid="result-quantity" data-value=e.report.quantity.normalize().to_string()>
                    {text}
                </p>
            })
        })
    }
}

/// A warning in words, with its figures formatted like the rest of the page.
fn warning_text(w: &Warning, u: &super::units::Units) -> String {
    match w {
        Warning::StopBeyondLiquidation {
            liquidation_price,
            max_leverage,
        } => {
            let mut t = format!(
                "The liquidation price ({} {}) is reached before your stop: the venue would liquidate you first.",
                format::price(*liquidation_price),
                u.quote
            );
            if let Some(l) = max_leverage {
                t.push_str(&format!(
                    " Use leverage below {} for the stop to fire first.",
                    format::leverage_floor(*l)
                ));
            }
            t
        }
        Warning::MarginBelowInitial { margin, initial } => format!(
            "The isolated margin ({}) is below the initial margin this leverage requires ({}).",
            money(*margin, u),
            money(*initial, u)
        ),
        Warning::InsufficientBalance { needed, available } => format!(
            "The margin balance ({}) is below the initial margin the order needs ({}).",
            money(*available, u),
            money(*needed, u)
        ),
        other => other.message(),
    }
}

/// Every warning of the report.
#[component]
fn Warnings(ctx: Ctx) -> impl IntoView {
    let warnings = Memo::new(move |_| {
        ctx.eval.with(|e| {
            e.as_ref()
                .map(|e| {
                    ctx.units.with(|u| {
                        e.report
                            .warnings
                            .iter()
                            .map(|w| (w.code(), warning_text(w, u)))
                            .collect::<Vec<_>>()
                    })
                })
                .unwrap_or_default()
        })
    });
    move || {
        let list = warnings.get();
        (!list.is_empty()).then(|| {
            view! {
                <ul class="warnings" data-testid="warnings">
                    {list
                        .into_iter()
                        .map(|(code, msg)| view! { <li data-code=code>{msg}</li> })
                        .collect_view()}
                </ul>
            }
        })
    }
}

/// An error that no single input is to blame for (`calc-error`), or a pointer to the input
/// that is (its message is shown under it).
#[component]
fn CalcError(ctx: Ctx) -> impl IntoView {
    move || {
        ctx.eval.with(|e| {
            let err = e.as_ref().err()?;
            let whole = ctx.field_error.with(Option::is_none);
            let prefix = (!whole).then_some("Fix the highlighted input to see the figures: ");
            Some(view! {
                <p
                    class=if whole { "calc-error" } else { "status" }
                    role=whole.then_some("alert")
                    data-testid=whole.then_some("calc-error")
                >
                    {prefix}
                    {super::message(err)}
                </p>
            })
        })
    }
}

/// Narrow screens: the headline figure stays in view at the bottom while the form is edited
/// (at the top, `top`, in an embed, where it is also the first thing in the frame).
#[component]
pub fn SummaryBar(ctx: Ctx, #[prop(optional)] top: bool) -> impl IntoView {
    let text = move || {
        ctx.eval.with(|e| match e {
            Ok(e) => {
                let quote = ctx.units.with(|u| u.quote.clone());
                let liq = e
                    .report
                    .liquidation_price
                    .map(|p| format!("{} {quote}", format::price(p)))
                    .unwrap_or_else(|| "none".to_owned());
                let dist = e
                    .report
                    .liquidation_distance
                    .map(|d| format!(" · {} away", format::percent(d, 2)))
                    .unwrap_or_default();
                format!("Liquidation {liq}{dist}")
            }
            Err(_) => "Fix the highlighted input".to_owned(),
        })
    };
    view! {
        <aside class="summary-bar" class:top=top aria-label="Summary" data-testid=top.then_some("summary-top")>
            <span>{text}</span>
            {(!top).then(|| view! { <a href="#results">"Results"</a> })}
        </aside>
    }
}
