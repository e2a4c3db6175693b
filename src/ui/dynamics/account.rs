//! The account monitor: the cross-margin account behind the trade (its margin ratio against
//! the venue's warning levels, each position's liquidation price given the others, a price-shock
//! table and chart), what-if tools, an averaging-in ladder, and the user's own limits.

use super::forms::{inputs, rungs, Item};
use super::plot::{
    esc, figs, heads, table, Line, Mark, Plot, PlotView, Rect, Row, Stat, Table, TableView, Tick,
};
use super::state::{decimal, Bad, DField, DynForm, RungRow};
use super::{Dyn, Html};
use crate::engine::account::{
    default_shocks, Account, AccountView, AlertPrice, CutPlan, Limits, Position, ShockRow,
    LIQUIDATION_RATIO, RECOMMENDED_MAX_RATIO,
};
use crate::engine::ladder::{Ladder, LadderReport, Rung};
use crate::engine::num::to_f64;
use crate::engine::{Field, Side};
use crate::scenario::{Evaluation, MarginModeName, Scenario};
use crate::ui::chart::geometry::{extent, pad};
use crate::ui::format;
use crate::ui::units::Units;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// The account and what the panel shows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct AcctData {
    pub account: Account,
    /// "1 · BTCUSDT long", one per position.
    pub labels: Vec<String>,
    /// Quantity step per position (inverse contracts trade whole contracts).
    pub steps: Vec<Option<Decimal>>,
    pub view: AccountView,
    pub shocks: Vec<ShockRow>,
    pub cross: bool,
    pub close_fee: Decimal,
}

fn side_name(s: Side) -> &'static str {
    if s.is_long() {
        "long"
    } else {
        "short"
    }
}

/// The account of the trade: with cross margin the wallet balance and the other positions; with
/// isolated margin the position alone, backed by its own margin balance.
///
/// # Errors
/// The engine's message for a position or wallet it refuses.
pub fn build(s: &Scenario, e: &Evaluation) -> Result<AcctData, String> {
    let err = |e: crate::engine::CalcError| e.to_string();
    let t = &e.input;
    let mark = t.mark_price.unwrap_or(t.entry_price);
    let mut main = Position::new(
        t.side,
        t.contract,
        e.report.quantity,
        t.entry_price,
        mark,
        t.maintenance.clone(),
    )
    .map_err(err)?;
    if let Some(stop) = t.stop_price {
        if let Ok(p) = main.clone().with_stop(stop) {
            main = p;
        }
    }
    let name = s.symbol.clone().unwrap_or_else(|| "this trade".to_owned());
    let mut labels = vec![format!(
        "1 · {name} {} {}",
        side_name(t.side),
        format::trimmed(e.report.quantity, 8, 0)
    )];
    let mut steps = vec![s
        .quantity_step
        .as_ref()
        .and_then(|n| n.parse(Field::QuantityStep).ok())];
    let mut positions = vec![main];
    let cross = s.margin_mode == MarginModeName::Cross;
    let wallet = if cross {
        let others = s
            .other_account_positions(t.contract)
            .map_err(|e| e.to_string())?;
        for (i, (o, p)) in s.other_positions.iter().zip(others).enumerate() {
            labels.push(format!(
                "{} · {} {} {}",
                i + 2,
                o.symbol.as_deref().unwrap_or("position"),
                side_name(p.side),
                o.quantity.0
            ));
            steps.push(p.contract.is_inverse().then_some(Decimal::ONE));
            positions.push(p);
        }
        match &s.wallet_balance {
            Some(w) => w.parse(Field::WalletBalance).map_err(err)?,
            None => return Err("Enter the wallet balance.".to_owned()),
        }
    } else {
        e.report.margin_balance
    };
    let account = Account::new(wallet, positions).map_err(err)?;
    let view = account.view().map_err(err)?;
    let shocks = account.shock_table(&default_shocks()).map_err(err)?;
    Ok(AcctData {
        account,
        labels,
        steps,
        view,
        shocks,
        cross,
        close_fee: t.fees.taker,
    })
}

/// The price-shock chart (equity and maintenance against the move) and table.
pub fn shock_plot(d: &AcctData, u: &Units) -> (Plot, Table) {
    let coin = u.coin_settled;
    let amount = |x: Decimal| format::amount(x, coin);
    let ratio =
        |r: Option<Decimal>| r.map_or_else(|| "bankrupt".to_owned(), |r| format::percent(r, 1));
    let gone = |row: &ShockRow| {
        if !row.liquidated {
            "none".to_owned()
        } else if row.gone.len() == d.labels.len() {
            "all".to_owned()
        } else {
            row.gone
                .iter()
                .map(|i| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let eq: Vec<(f64, f64)> = d
        .shocks
        .iter()
        .map(|r| (to_f64(r.shock), to_f64(r.equity)))
        .collect();
    let mm: Vec<(f64, f64)> = d
        .shocks
        .iter()
        .map(|r| (to_f64(r.shock), to_f64(r.total_maintenance)))
        .collect();
    let y = pad(
        extent(eq.iter().chain(&mm).map(|p| p.1).chain([0.0])).unwrap_or((0.0, 1.0)),
        0.06,
    );
    let rects = d
        .shocks
        .iter()
        .filter(|r| r.liquidated)
        .map(|r| {
            let x = to_f64(r.shock);
            Rect {
                x0: x - 0.025,
                x1: x + 0.025,
                y0: y.0,
                y1: y.1,
                class: "zone-bad",
            }
        })
        .collect();
    let mut rows = Vec::new();
    let cursor = d
        .shocks
        .iter()
        .map(|r| {
            let cells = vec![
                format::signed_percent(r.shock, 0),
                r.prices
                    .first()
                    .map_or_else(String::new, |p| format::price(*p)),
                amount(r.equity),
                amount(r.total_maintenance),
                ratio(r.margin_ratio),
                gone(r),
            ];
            let text = format!(
                "Move {}: equity {} {}, maintenance {}, margin ratio {}; positions liquidated: {}.",
                cells[0],
                cells[2],
                u.settle(),
                cells[3],
                cells[4],
                cells[5]
            );
            rows.push(Row {
                cells,
                class: if r.liquidated {
                    "bad"
                } else if r.shock.is_zero() {
                    "in-use"
                } else {
                    ""
                },
            });
            (to_f64(r.shock), text)
        })
        .collect();
    (
        Plot {
            label: format!(
                "Account equity and maintenance margin in {} when every price moves from −50 % to +50 %; shaded moves put the account in liquidation.",
                u.settle()
            ),
            x: (-0.525, 0.525),
            y,
            x_tick: Tick::Pct,
            y_tick: Tick::Num,
            x_tick_max: None,
            rects,
            lines: vec![
                Line {
                    points: eq,
                    class: "s1",
                },
                Line {
                    points: mm,
                    class: "s-liq",
                },
            ],
            marks: vec![Mark {
                vertical: true,
                at: 0.0,
                class: "m-entry",
                label: "now".to_owned(),
            }],
            cursor,
            reading: None,
            legend: vec![
                ("s1", "Equity (margin balance)".to_owned()),
                ("s-liq", "Maintenance margin".to_owned()),
                ("zone-bad", "In liquidation".to_owned()),
            ],
        },
        Table {
            caption: format!(
                "Every price moved by the same percentage: equity and maintenance ({}), margin ratio, positions the liquidation closes",
                u.settle()
            ),
            head: heads(&["Move", "Price of 1", "Equity", "Maintenance", "Margin ratio", "Liquidated"]),
            rows,
        },
    )
}

/// The positions table: each liquidation price holds the others at their marks.
fn positions_table(d: &AcctData, u: &Units) -> Table {
    let coin = u.coin_settled;
    let rows = d
        .account
        .positions()
        .iter()
        .zip(&d.view.positions)
        .zip(&d.labels)
        .map(|((p, v), label)| {
            Row::new(vec![
                label.clone(),
                format::price(p.mark_price),
                format::amount(v.notional, coin),
                format::amount(v.maintenance_margin, coin),
                format::signed_amount(v.unrealized_pnl, coin),
                v.liquidation_price
                    .map_or_else(|| "none".to_owned(), format::price),
                v.liquidation_distance
                    .map_or_else(|| format::DASH.to_owned(), |x| format::percent(x, 2)),
            ])
        })
        .collect();
    Table {
        caption: format!(
            "Positions at mark ({} amounts); each liquidation price holds the other positions at their marks",
            u.settle()
        ),
        head: heads(&["Position", "Mark", "Notional", "Maintenance", "PnL", "Liquidation", "Distance"]),
        rows,
    }
}

/// The averaging-in ladder: the trade as the first rung, then the planned adds.
///
/// # Errors
/// A rung that is not a number, or the engine's message.
pub fn ladder(e: &Evaluation, rows: &[RungRow]) -> Result<LadderReport, String> {
    let mut rungs = vec![Rung {
        price: e.input.entry_price,
        quantity: e.report.quantity,
    }];
    for (k, r) in rows.iter().enumerate() {
        let parse = |t: &str, what: &str| {
            super::state::read(t)
                .ok_or_else(|| format!("Rung {}: the {what} must be a number.", k + 2))
        };
        rungs.push(Rung {
            price: parse(&r.price, "price")?,
            quantity: parse(&r.quantity, "quantity")?,
        });
    }
    Ladder::new(e.input.clone(), rungs)
        .and_then(|l| l.evaluate())
        .map_err(|e| e.to_string())
}

fn ladder_table(r: &LadderReport, u: &Units) -> Table {
    let coin = u.coin_settled;
    let rows = r
        .rungs
        .iter()
        .map(|g| {
            let class = if Some(g.index) == r.first_stop_after_liquidation {
                "bad"
            } else if !g.reached {
                "muted"
            } else {
                ""
            };
            Row {
                cells: vec![
                    if g.index == 0 {
                        "1 (the trade)".to_owned()
                    } else {
                        (g.index + 1).to_string()
                    },
                    format::price(g.price),
                    format::trimmed(g.quantity, 8, 0),
                    format::trimmed(g.total_quantity, 8, 0),
                    format::price(g.average_entry),
                    format::amount(g.margin, coin),
                    g.liquidation_price
                        .map_or_else(|| "none".to_owned(), format::price),
                    match (g.reached, g.stop_fires_first) {
                        (false, _) => "not reached".to_owned(),
                        (_, Some(true)) => "yes".to_owned(),
                        (_, Some(false)) => "no".to_owned(),
                        (_, None) => "no stop".to_owned(),
                    },
                ],
                class,
            }
        })
        .collect();
    Table {
        caption: format!(
            "After each rung ({} prices, {} margin)",
            u.quote,
            u.settle()
        ),
        head: heads(&[
            "Rung",
            "Fill",
            "Adds",
            "Total",
            "Average entry",
            "Margin",
            "Liquidation",
            "Stop first",
        ]),
        rows,
    }
}

/// The tab.
#[component]
pub fn AccountPanel(d: Dyn) -> impl IntoView {
    let ctx = d.ctx;
    let form = d.form;
    let units = ctx.units;
    let data = Memo::new(move |_| {
        let s = ctx.scenario.with(|s| s.as_ref().ok().cloned());
        ctx.eval.with(|e| match (s, e) {
            (Some(s), Ok(e)) => build(&s, e),
            _ => Err("The account appears when the trade's inputs are valid.".to_owned()),
        })
    });
    let cross = Memo::new(move |_| ctx.form.with(|f| f.is_cross()));
    let body = Signal::derive(move || {
        let body = data.with(|x| match x {
            Ok(a) => units.with(|u| summary_html(a, u)),
            Err(m) => format!(r#"<p class="status" role="status">{}</p>"#, esc(m)),
        });
        format!("<h3 class=\"subhead\">Account</h3>{body}<h3 class=\"subhead\">If every price moves at once</h3>{SHOCK_EXPLAIN}")
    });
    let to_cross = move |_| {
        ctx.form.update(|f| {
            f.margin_mode = crate::scenario::MarginModeName::Cross;
            if f.others.is_empty() {
                f.add_other();
            }
        })
    };
    let shocks = Memo::new(move |_| {
        data.with(|x| x.as_ref().ok().map(|a| units.with(|u| shock_plot(a, u))))
    });
    let labels =
        Memo::new(move |_| data.with(|x| x.as_ref().map(|a| a.labels.clone()).unwrap_or_default()));
    let bad = Signal::from(Memo::new(move |_| form.with(whatif_bad)));
    let position = Memo::new(move |_| form.with(|f| f.position.to_string()));
    let positions = move || {
        labels
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                let selected = position.with_untracked(|p| *p == i.to_string());
                view! { <option value=i.to_string() selected=selected>{l}</option> }
            })
            .collect_view()
    };
    let on_position = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev).parse().unwrap_or(0);
        form.update(|f| f.position = v);
    };
    let answers = Signal::derive(move || {
        let f = form.get();
        data.with(|x| {
            let Ok(a) = x else { return String::new() };
            let i = f.position.min(a.labels.len().saturating_sub(1));
            let t = units.with(|u| whatif_texts(a, i, &f, u));
            let names = [
                "Move the liquidation",
                "Cut to the leverage",
                "Cut to the margin ratio",
                "Alert",
            ];
            let ids = [
                "whatif-margin",
                "whatif-cut-leverage",
                "whatif-cut-ratio",
                "whatif-alert",
            ];
            let items: String = (0..4)
                .map(|k| {
                    format!(
                        r#"<li><strong>{}:</strong> <span data-testid="{}">{}</span></li>"#,
                        names[k],
                        ids[k],
                        esc(&t[k])
                    )
                })
                .collect();
            format!(r#"<ul class="whatif-answers" aria-live="polite">{items}</ul>"#)
        })
    });
    let ladder_out = Signal::derive(move || {
        let rows = form.with(|f| f.rungs.clone());
        ctx.eval.with(|e| match e {
            Ok(e) => match ladder(e, &rows) {
                Ok(r) => {
                    let t = units.with(|u| ladder_table(&r, u));
                    format!(
                        r#"<p class="note" data-testid="ladder-note">{}</p><div class="table-wrap" tabindex="0" role="region" aria-label="{}">{}</div>"#,
                        esc(&ladder_note(&r, e)),
                        esc(&t.caption),
                        table(&t, "ladder-table")
                    )
                }
                Err(m) => format!(r#"<p class="calc-error" role="alert" data-testid="ladder-note">{}</p>"#, esc(&m)),
            },
            Err(_) => String::new(),
        })
    });
    let broken = Signal::derive(move || form.with(|f| data.with(|x| limits_html(f, x))));
    view! {
        <div class="dyn-panel">
            <Html html=Signal::stored(EXPLAIN.to_owned()) />
                            <p class="note" hidden=move || cross.get()>
                                "Isolated margin: the account below is this position alone, backed by its own margin. "
                                <button type="button" class="button secondary" data-testid="to-cross" on:click=to_cross>
                                    "Switch to cross margin with another position"
                                </button>
                                " (the wallet and the other positions are edited in the form)."
                            </p>
            <Html html=body />
            <PlotView plot=Signal::derive(move || shocks.with(|s| s.as_ref().map(|s| s.0.clone()))) testid="shock-chart" width=d.width />
            <TableView table=Signal::derive(move || shocks.with(|s| s.as_ref().map(|s| s.1.clone()))) testid="shock-table" />
            <h3 class="subhead">"What if"</h3>
            <div class="field">
                <label for="dyn-position">"Position"</label>
                <select id="dyn-position" data-testid="select-dyn-position" prop:value=position on:change=on_position>
                    {positions}
                </select>
            </div>
            {inputs(d, WHATIF_FORM, bad, None)}
            <Html html=answers />
            <Html html=Signal::stored(LADDER_EXPLAIN.to_owned()) />
            {rungs(d)}
            <Html html=ladder_out />
            <Html html=Signal::stored(LIMITS_EXPLAIN.to_owned()) />
            {inputs(d, LIMITS_FORM, bad, None)}
            <Html html=broken />
        </div>
    }
}

const EXPLAIN: &str = r#"<p class="explain">With cross margin every position of the account draws on one margin balance (wallet plus unrealised PnL). The margin ratio is the maintenance margin over that balance: the venue liquidates at 100 % and Binance advises staying below 80 %. A position's liquidation price depends on all the others.</p>"#;

const SHOCK_EXPLAIN: &str = r#"<p class="explain">Each row moves every position's price by the same percentage. When equity falls to the maintenance margin the venue liquidates; here the positions with the largest maintenance go first until the rest is safe (an illustration: venues close in their own order).</p>"#;

const LADDER_EXPLAIN: &str = r#"<h3 class="subhead">Averaging in</h3><p class="explain">Planned adds after the trade's own fill: the average entry, margin and liquidation price after each, and the first rung after which the stop no longer fires before liquidation. Each add posts its own initial margin (isolated) or draws on the same wallet (cross).</p>"#;

const LIMITS_EXPLAIN: &str = r#"<h3 class="subhead">Your limits</h3><p class="explain">Blank means no limit. The risk per trade is the loss from entry to the stop, as a share of the margin balance.</p>"#;

const WHATIF_FORM: &[&[Item]] = &[&[
    Item::In(DField::TargetLiq, "Move its liquidation to", "price", ""),
    Item::In(
        DField::TargetLev,
        "Cut it until the account's leverage is",
        "×",
        "",
    ),
    Item::In(
        DField::TargetMr,
        "Cut it until the margin ratio is",
        "%",
        "",
    ),
    Item::In(DField::AlertMr, "Alert me at margin ratio", "%", ""),
]];

const LIMITS_FORM: &[&[Item]] = &[&[
    Item::In(DField::LimRisk, "Max risk per trade", "% of equity", ""),
    Item::In(DField::LimLev, "Max account leverage", "×", ""),
    Item::In(DField::LimNotional, "Max notional per position", "", ""),
    Item::In(
        DField::LimTier,
        "Highest bracket allowed",
        "",
        "Tier number, for venues with tables.",
    ),
]];

/// The limits the account breaks, as HTML.
fn limits_html(f: &DynForm, data: &Result<AcctData, String>) -> String {
    let dec = super::state::read;
    let tier = f.lim_tier.trim().parse::<u32>().ok();
    let checked = Limits::new(
        dec(&f.lim_risk),
        dec(&f.lim_lev),
        dec(&f.lim_notional),
        tier,
    )
    .map_err(|e| e.to_string())
    .and_then(|limits| match data {
        Ok(a) => a
            .account
            .check_limits(&limits)
            .map(|v| v.iter().map(|b| b.message()).collect::<Vec<_>>())
            .map_err(|e| e.to_string()),
        Err(m) => Err(m.clone()),
    });
    let body = match checked {
        Ok(v) if v.is_empty() => {
            r#"<p class="ok-note" data-testid="limits-ok">Every limit is met.</p>"#.to_owned()
        }
        Ok(v) => format!(
            r#"<ul class="broken" data-testid="limits-broken">{}</ul>"#,
            v.iter()
                .map(|m| format!("<li>{}</li>", esc(m)))
                .collect::<String>()
        ),
        Err(m) => format!(r#"<p class="calc-error">{}</p>"#, esc(&m)),
    };
    format!(r#"<div aria-live="polite" data-testid="limits">{body}</div>"#)
}

fn money(x: Decimal, u: &Units) -> String {
    format!("{} {}", format::amount(x, u.coin_settled), u.settle())
}

/// The margin-ratio gauge, the balance figures and the positions table, as HTML.
pub fn summary_html(a: &AcctData, u: &Units) -> String {
    let v = &a.view;
    let full = Decimal::new(12, 1);
    let at = |level: Decimal| {
        format::trimmed(
            level
                .checked_div(full)
                .and_then(|x| x.checked_mul(Decimal::ONE_HUNDRED))
                .unwrap_or_default(),
            2,
            0,
        )
        .replace(',', "")
    };
    let (class, state) = match v.margin_ratio {
        _ if v.liquidated => ("bad", "in liquidation"),
        Some(r) if r >= RECOMMENDED_MAX_RATIO => ("warn", "above the advised 80 %"),
        _ => ("ok", "below the advised 80 %"),
    };
    let text = v
        .margin_ratio
        .map_or_else(|| "bankrupt".to_owned(), |r| format::percent(r, 2));
    let shown = v
        .margin_ratio
        .map_or(full, |r| r.clamp(Decimal::ZERO, full));
    let mut o = format!(
        r#"<div class="gauge-wrap"><div class="gauge" role="meter" aria-label="Margin ratio" aria-valuemin="0" aria-valuemax="120" aria-valuenow="{}" aria-valuetext="{text}, {state}" data-testid="margin-gauge" data-value="{}"><div class="gauge-fill {class}" style="width:{}%"></div><span class="gauge-tick warn" style="left:{}%"></span><span class="gauge-tick bad" style="left:{}%"></span></div><div class="gauge-scale" aria-hidden="true"><span>0 %</span><span style="left:{}%">80 %</span><span style="left:{}%">100 %</span></div><p class="gauge-text">Margin ratio <strong data-testid="margin-ratio">{text}</strong>: {state}.</p></div>"#,
        format::trimmed(
            shown.checked_mul(Decimal::ONE_HUNDRED).unwrap_or_default(),
            2,
            0
        )
        .replace(',', ""),
        v.margin_ratio
            .map(|r| r.normalize().to_string())
            .unwrap_or_default(),
        at(shown),
        at(RECOMMENDED_MAX_RATIO),
        at(LIQUIDATION_RATIO),
        at(RECOMMENDED_MAX_RATIO),
        at(LIQUIDATION_RATIO),
    );
    let d = |x: Decimal| x.normalize().to_string();
    let items = [
        Stat {
            label: "Wallet balance".into(),
            testid: "acct-wallet",
            exact: d(v.wallet_balance),
            text: money(v.wallet_balance, u),
            se: None,
            detail: if a.cross {
                "shared by every position".to_owned()
            } else {
                "this position's own margin".to_owned()
            },
        },
        Stat {
            label: "Margin balance".into(),
            testid: "acct-margin-balance",
            exact: d(v.margin_balance),
            text: money(v.margin_balance, u),
            se: None,
            detail: format!(
                "unrealised PnL {}",
                format::signed_amount(v.unrealized_pnl, u.coin_settled)
            ),
        },
        Stat {
            label: "Maintenance margin".into(),
            testid: "acct-maintenance",
            exact: d(v.total_maintenance),
            text: money(v.total_maintenance, u),
            se: None,
            detail: String::new(),
        },
        match v.effective_leverage {
            Some(l) => Stat {
                label: "Effective leverage".into(),
                testid: "acct-leverage",
                exact: d(l),
                text: format::leverage(l),
                se: None,
                detail: "total notional ÷ margin balance".to_owned(),
            },
            None => Stat {
                label: "Effective leverage".into(),
                testid: "acct-leverage",
                exact: String::new(),
                text: "unbounded".to_owned(),
                se: None,
                detail: "the margin balance is not positive".to_owned(),
            },
        },
    ];
    o += &format!(r#"<dl class="stats">{}</dl>"#, figs(&items));
    let t = positions_table(a, u);
    o += &format!(
        r#"<div class="table-wrap" tabindex="0" role="region" aria-label="{}">{}</div>"#,
        esc(&t.caption),
        table(&t, "acct-positions")
    );
    o
}

/// Parsed what-if and limit inputs: the first one that is not a number.
fn whatif_bad(f: &DynForm) -> Option<Bad> {
    let fields = [
        (DField::TargetLiq, "Target liquidation price", &f.target_liq),
        (DField::TargetLev, "Target leverage", &f.target_lev),
        (DField::TargetMr, "Target margin ratio", &f.target_mr),
        (DField::AlertMr, "Alert level", &f.alert_mr),
        (DField::LimRisk, "Risk per trade", &f.lim_risk),
        (DField::LimLev, "Account leverage", &f.lim_lev),
        (
            DField::LimNotional,
            "Notional per position",
            &f.lim_notional,
        ),
        (DField::LimTier, "Highest bracket", &f.lim_tier),
    ];
    fields
        .into_iter()
        .find_map(|(id, label, text)| decimal(id, label, text).err())
}

/// The four what-if answers as sentences.
pub fn whatif_texts(a: &AcctData, i: usize, f: &DynForm, u: &Units) -> [String; 4] {
    let coin = u.coin_settled;
    let money = |x: Decimal| format!("{} {}", format::amount(x, coin), u.settle());
    let num = super::state::read;
    let pct = |t: &str| num(t).and_then(|x| x.checked_div(Decimal::ONE_HUNDRED));
    let ask = "Enter a number.".to_owned();
    let acct = &a.account;
    let margin = match num(&f.target_liq) {
        None => ask.clone(),
        Some(p) => match acct.margin_to_move_liquidation(i, p) {
            Ok(c) if c.amount >= Decimal::ZERO => format!(
                "Add {} to the {}: the wallet becomes {}.",
                money(c.amount),
                if a.cross {
                    "wallet"
                } else {
                    "position's margin"
                },
                money(c.wallet_balance_after)
            ),
            Ok(c) => format!(
                "It is already farther: {} could be withdrawn (wallet {}).",
                money(crate::engine::num::neg(c.amount)),
                money(c.wallet_balance_after)
            ),
            Err(e) => e.to_string(),
        },
    };
    let cut = |plan: Result<CutPlan, crate::engine::CalcError>| match plan {
        Ok(p) if p.cut.is_zero() => "Already there: nothing to close.".to_owned(),
        Ok(p) => format!(
            "{}Close {} of it (fee {}): effective leverage {}, margin ratio {} after.",
            if p.reaches_target {
                ""
            } else {
                "Not reachable with this position alone. "
            },
            format::trimmed(p.cut, 8, 0),
            money(p.close_fee),
            p.effective_leverage_after
                .map_or_else(|| format::DASH.to_owned(), format::leverage),
            p.margin_ratio_after
                .map_or_else(|| format::DASH.to_owned(), |r| format::percent(r, 2))
        ),
        Err(e) => e.to_string(),
    };
    let step = a.steps.get(i).copied().flatten();
    let lev = match num(&f.target_lev) {
        None => ask.clone(),
        Some(l) => cut(acct.cut_to_leverage(i, l, a.close_fee, step)),
    };
    let ratio = match pct(&f.target_mr) {
        None => ask.clone(),
        Some(r) => cut(acct.cut_to_margin_ratio(i, r, a.close_fee, step)),
    };
    let alert = match pct(&f.alert_mr) {
        None => ask,
        Some(level) => match acct.alert_price(i, level) {
            Ok(AlertPrice::At { price, .. }) => format!(
                "The margin ratio reaches {} when position {} is at {} {} (others at their marks).",
                format::percent(level, 2),
                i + 1,
                format::price(price),
                u.quote
            ),
            Ok(AlertPrice::AlreadyCrossed) => {
                "The margin ratio is already above that level.".to_owned()
            }
            Ok(_) => "No price of this position takes the ratio there.".to_owned(),
            Err(e) => e.to_string(),
        },
    };
    [margin, lev, ratio, alert]
}

fn ladder_note(r: &LadderReport, e: &Evaluation) -> String {
    let mut out = match (r.first_stop_after_liquidation, e.input.stop_price) {
        (_, None) => "No stop: nothing fires before liquidation.".to_owned(),
        (Some(k), Some(s)) => format!(
            "After rung {} the stop ({}) no longer fires before liquidation.",
            k + 1,
            format::price(s)
        ),
        (None, Some(s)) => format!(
            "The stop ({}) fires before liquidation after every rung.",
            format::price(s)
        ),
    };
    if let Some(k) = r.first_unreached {
        out.push_str(&format!(
            " Rung {} is not reached: the position is stopped or liquidated before it.",
            k + 1
        ));
    }
    if let Some(f) = &r.failure {
        out.push_str(&format!(" Rung {}: {}", f.index + 1, f.error));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::evaluate_scenario;
    use crate::ui::state::FormValues;

    fn cross() -> (Scenario, Evaluation) {
        let mut f = FormValues {
            margin_mode: MarginModeName::Cross,
            ..FormValues::default()
        };
        f.add_other();
        let s = f.to_scenario().unwrap();
        let e = evaluate_scenario(&s).unwrap();
        (s, e)
    }

    #[test]
    fn the_cross_account_agrees_with_the_trade() {
        let (s, e) = cross();
        let a = build(&s, &e).unwrap();
        assert!(a.cross);
        assert_eq!(a.labels.len(), 2);
        assert_eq!(a.shocks.len(), 21);
        // Same root as the trade's own cross liquidation price (custom venue: exact root).
        assert_eq!(
            a.view.positions[0].liquidation_price,
            e.report.liquidation_price
        );
        let u = Units::new(s.venue, "BTCUSDT", false);
        let (plot, table) = shock_plot(&a, &u);
        assert!(plot.is_clean());
        assert_eq!(table.rows.len(), 21);
        assert_eq!(positions_table(&a, &u).rows.len(), 2);
    }

    #[test]
    fn isolated_is_the_position_alone() {
        let s = FormValues::default().to_scenario().unwrap();
        let e = evaluate_scenario(&s).unwrap();
        let a = build(&s, &e).unwrap();
        assert!(!a.cross);
        assert_eq!(a.view.margin_balance, e.report.margin_balance);
        assert_eq!(
            a.view.positions[0].liquidation_price,
            e.report.liquidation_price
        );
    }

    #[test]
    fn a_larger_wallet_lowers_the_margin_ratio() {
        let (s, e) = cross();
        let a = build(&s, &e).unwrap();
        let mut s2 = s.clone();
        s2.wallet_balance = Some("20000".into());
        let e2 = evaluate_scenario(&s2).unwrap();
        let b = build(&s2, &e2).unwrap();
        assert!(b.view.margin_ratio < a.view.margin_ratio);
    }

    #[test]
    fn what_ifs_answer_in_sentences() {
        let (s, e) = cross();
        let a = build(&s, &e).unwrap();
        let u = Units::new(s.venue, "BTCUSDT", false);
        let t = whatif_texts(&a, 0, &DynForm::default(), &u);
        assert!(t[0].starts_with("Add "), "{}", t[0]);
        assert!(t[3].contains("80"), "{}", t[3]);
        for x in &t {
            assert!(!x.contains("NaN"));
        }
        let f = DynForm {
            target_lev: "x".into(),
            ..DynForm::default()
        };
        assert_eq!(whatif_texts(&a, 0, &f, &u)[1], "Enter a number.");
        assert_eq!(whatif_bad(&f).unwrap().field, DField::TargetLev);
    }

    #[test]
    fn the_ladder_starts_with_the_trade() {
        let s = FormValues::default().to_scenario().unwrap();
        let e = evaluate_scenario(&s).unwrap();
        let r = ladder(&e, &DynForm::default().rungs).unwrap();
        assert_eq!(r.rungs.len(), 3);
        assert_eq!(r.rungs[0].liquidation_price, e.report.liquidation_price);
        assert!(r.rungs[2].average_entry < r.rungs[1].average_entry);
        let bad = vec![RungRow {
            id: 9,
            price: "x".into(),
            quantity: "1".into(),
        }];
        assert!(ladder(&e, &bad).unwrap_err().contains("Rung 2"));
    }
}
