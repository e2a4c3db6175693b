//! The results panel's figures as text, from the evaluation alone: one function per figure
//! ([`STATS`]), no Leptos, so they are tested natively and could serve a module without the
//! UI (the first screen made live by a small core module was measured: see issue 14's note).

use super::format::{self, DASH};
use super::units::Units;
use crate::engine::trade::Warning;
use crate::scenario::{Evaluation, Report};
use rust_decimal::Decimal;

/// Report and currencies, recomputed when the evaluation changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub report: Report,
    /// Exact decimals where the report's strings need further formatting.
    pub eval: Evaluation,
}

impl Shown {
    /// The figures' source for an evaluation of a trade on `venue`.
    pub fn new(eval: &Evaluation, venue: crate::engine::venues::Venue) -> Shown {
        Shown {
            report: eval.to_report(venue),
            eval: eval.clone(),
        }
    }
}

/// One figure: `data-value` holds the report's exact decimal ("" when not applicable).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figure {
    pub exact: String,
    pub text: String,
    pub detail: Option<String>,
}

impl Figure {
    /// Not applicable, or not computed.
    pub fn na() -> Figure {
        Figure {
            exact: String::new(),
            text: DASH.to_owned(),
            detail: None,
        }
    }

    /// The sign class of the value: "gain", "loss" or "".
    pub fn sign(&self) -> &'static str {
        if self.text.starts_with('+') {
            "gain"
        } else if self.text.starts_with('\u{2212}') {
            "loss"
        } else {
            ""
        }
    }
}

/// One labelled figure of the panel.
pub struct FigureFn {
    /// `data-testid` of its value.
    pub testid: &'static str,
    pub label: &'static str,
    pub figure: fn(&Shown, &Units) -> Figure,
    /// Shown large (the headline figures).
    pub big: bool,
}

const fn stat(
    testid: &'static str,
    label: &'static str,
    figure: fn(&Shown, &Units) -> Figure,
    big: bool,
) -> FigureFn {
    FigureFn {
        testid,
        label,
        figure,
        big,
    }
}

/// Every figure of the results panel, in its order.
pub const STATS: [FigureFn; 11] = [
    stat("result-liquidation-price", "Liquidation price", liq, true),
    stat(
        "result-bankruptcy-price",
        "Bankruptcy price",
        bankrupt,
        true,
    ),
    stat(
        "result-liq-distance",
        "Distance to liquidation",
        distance,
        false,
    ),
    stat("result-initial-margin", "Initial margin", initial, false),
    stat(
        "result-maintenance-margin",
        "Maintenance margin",
        maint,
        false,
    ),
    stat("result-notional", "Notional", notional, false),
    stat("result-break-even", "Break-even (fees)", break_even, false),
    stat("result-risk-reward", "Risk : reward", rr, false),
    stat(
        "result-max-leverage",
        "Max leverage, stop first",
        max_lev,
        false,
    ),
    stat("result-pnl-stop", "PnL at stop", pnl_stop, false),
    stat("result-pnl-target", "PnL at target", pnl_target, false),
];

fn liq(s: &Shown, u: &Units) -> Figure {
    match &s.report.liquidation_price {
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
    }
}

fn bankrupt(s: &Shown, u: &Units) -> Figure {
    opt_price(&s.report.bankruptcy_price, u)
}

fn initial(s: &Shown, u: &Units) -> Figure {
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
}

fn maint(s: &Shown, u: &Units) -> Figure {
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
}

fn notional(s: &Shown, u: &Units) -> Figure {
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
}

fn distance(s: &Shown, _u: &Units) -> Figure {
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
}

fn break_even(s: &Shown, u: &Units) -> Figure {
    Figure {
        exact: s.report.break_even_price.clone(),
        text: format!(
            "{} {}",
            format::price(s.eval.report.break_even_price),
            u.quote
        ),
        detail: Some(format!("Open fee {}", money(s.eval.report.open_fee, u))),
    }
}

fn pnl_stop(s: &Shown, u: &Units) -> Figure {
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
}

fn pnl_target(s: &Shown, u: &Units) -> Figure {
    exit_figure(s.report.target.as_ref(), s.eval.report.target, u)
}

fn rr(s: &Shown, _u: &Units) -> Figure {
    match (&s.report.risk_reward, s.eval.report.risk_reward) {
        (Some(x), Some(d)) => Figure {
            exact: x.clone(),
            text: format!("1 : {}", format::trimmed(d, 2, 2)),
            detail: Some("Net gain at target per unit lost at stop".to_owned()),
        },
        _ => Figure::na(),
    }
}

fn max_lev(s: &Shown, _u: &Units) -> Figure {
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
}

fn price_text(exact: &str) -> String {
    format::parse(exact)
        .map(format::price)
        .unwrap_or_else(|| DASH.to_owned())
}

fn opt_price(p: &Option<String>, u: &Units) -> Figure {
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
pub fn money(d: Decimal, u: &Units) -> String {
    format!("{} {}", format::amount(d, u.coin_settled), u.settle())
}

fn exit_figure(
    json: Option<&crate::scenario::ExitJson>,
    exit: Option<crate::engine::trade::ExitReport>,
    u: &Units,
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

/// Whether the venue liquidates the trade before its stop fires.
pub fn liquidated_first(e: &Evaluation) -> bool {
    e.report
        .warnings
        .iter()
        .any(|w| matches!(w, Warning::StopBeyondLiquidation { .. }))
}

/// A warning in words, with its figures formatted like the rest of the page.
pub fn warning_text(w: &Warning, u: &Units) -> String {
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

/// Every warning of the report, as (code, text).
pub fn warnings(e: &Evaluation, u: &Units) -> Vec<(&'static str, String)> {
    e.report
        .warnings
        .iter()
        .map(|w| (w.code(), warning_text(w, u)))
        .collect()
}

/// A risk-sized trade: the budget and the quantity it buys, in words.
pub fn risk_line(e: &Evaluation, u: &Units) -> Option<String> {
    let amount = e.report.risk_amount?;
    let rounding = match e.input.quantity_step {
        Some(step) => format!(
            " Rounded down to the lot step of {} {}, so the loss at the stop is at most the budget.",
            format::trimmed(step, 12, 0),
            u.quantity()
        ),
        None => " Not rounded: the venue data gives no lot step for this symbol.".to_owned(),
    };
    Some(format!(
        "Sized by risk: {} at the stop buys {} {}.{rounding}",
        money(amount, u),
        format::trimmed(e.report.quantity, 8, 0),
        u.quantity()
    ))
}

/// The narrow screen's summary line: the liquidation price and its distance.
pub fn summary(e: Option<&Evaluation>, u: &Units) -> String {
    match e {
        Some(e) => {
            let liq = e
                .report
                .liquidation_price
                .map(|p| format!("{} {}", format::price(p), u.quote))
                .unwrap_or_else(|| "none".to_owned());
            let dist = e
                .report
                .liquidation_distance
                .map(|d| format!(" · {} away", format::percent(d, 2)))
                .unwrap_or_default();
            format!("Liquidation {liq}{dist}")
        }
        None => "Fix the highlighted input".to_owned(),
    }
}

/// The leverage input's hint: the tier's maximum and the effective leverage.
pub fn leverage_hint(e: &Evaluation) -> String {
    let effective = format::trimmed(e.report.effective_leverage, 2, 0);
    match e.report.bracket {
        Some(b) => format!(
            "Up to {}× in the tier in use; {effective}× effective on the margin balance.",
            b.bracket.max_leverage.normalize()
        ),
        None => format!("{effective}× effective on the margin balance."),
    }
}
