//! The trade form: one small component per section, all writing raw text into the form.

use super::brackets::MaintenanceSection;
use super::combobox::ComboField;
use super::fields::{lens, FieldError, NumField, SelectField};
use super::stage::Stage;
use super::state::{ContractName, RiskUnit, SizeMode};
use super::Ctx;
use crate::engine::bybit::Account;
use crate::engine::venues::{self, Venue};
use crate::scenario::{MarginModeName, SideName};
use leptos::prelude::*;

fn opts(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
        .collect()
}

/// The whole form. Nothing is submitted: every keystroke recomputes. Its sections are built
/// in three tasks before the app is shown ([`Stage`]).
#[component]
pub fn TradeForm(ctx: Ctx) -> impl IntoView {
    view! {
        <form class="trade-form" aria-label="Trade" on:submit=|ev| ev.prevent_default()>
            <p class="hint number-rule" data-testid="number-rule">
                "Numbers: a point for decimals (1.5); a comma only groups thousands (1,500)."
            </p>
            <Stage>
                <PositionSection ctx=ctx />
                <SizeSection ctx=ctx />
            </Stage>
            <Stage>
                <LeverageSection ctx=ctx />
                <ExitsSection ctx=ctx />
                <MarginSection ctx=ctx />
            </Stage>
            <Stage>
                <MaintenanceSection ctx=ctx />
                <FeesSection ctx=ctx />
            </Stage>
            <super::results::SummaryBar ctx=ctx />
        </form>
    }
}

/// Side, venue, symbol, contract type, entry and mark price.
#[component]
fn PositionSection(ctx: Ctx) -> impl IntoView {
    let form = ctx.form;
    let units = ctx.units;
    let quote = Signal::derive(move || units.with(|u| u.quote.clone()));
    let venue_opts: Vec<(String, String)> = Venue::ALL
        .iter()
        .map(|v| (v.key().to_owned(), v.label().to_owned()))
        .collect();
    // A memo: the options are rebuilt only when the venue or symbol changes.
    // The venue's symbols: built in, then its loaded data file's (tracked); a symbol from a
    // link whose file is still loading stays selectable.
    let tables = ctx.tables;
    // Keyed on the venue and symbol alone: another input's change leaves it unread.
    let venue_symbol = Memo::new(move |_| form.with(|f| (f.venue, f.symbol.clone())));
    let symbol_opts = Memo::new(move |_| {
        tables.track();
        venue_symbol.with(|(venue, symbol)| match *venue {
            Venue::Custom => vec![symbol.clone()],
            v => {
                let mut list = venues::symbols_of(v);
                if !symbol.is_empty() && !list.contains(symbol) {
                    list.push(symbol.clone());
                }
                list
            }
        })
    });
    // Symbols picked lately on this venue, listed first.
    let recent_tick = RwSignal::new(0u32);
    let recent = Signal::derive(move || {
        recent_tick.track();
        super::tables::recent_symbols(form.with(|f| f.venue))
    });
    let contract_fixed = Signal::derive(move || form.with(|f| f.implied_contract().is_some()));
    let venue_hint = Signal::derive(move || {
        form.with(|f| {
            format!(
                "Liquidation is triggered by the {}.",
                f.venue.trigger_price()
            )
        })
    });
    view! {
        <fieldset class="card">
            <legend>"Position"</legend>
            <div class="row">
                <SelectField
                    id="side"
                    locked=ctx.locked("side")
                    label="Side"
                    options=opts(&[("long", "Long"), ("short", "Short")])
                    value=Signal::derive(move || {
                        form.with(|f| if f.side == SideName::Long { "long" } else { "short" }.to_owned())
                    })
                    on_change=move |v: String| {
                        form.update(|f| {
                            f.side = if v == "short" { SideName::Short } else { SideName::Long };
                        })
                    }
                />
                <SelectField
                    id="contract"
                    locked=ctx.locked("contract")
                    label="Contract"
                    options=opts(&[("linear", "Linear (USDT)"), ("inverse", "Inverse (coin)")])
                    value=Signal::derive(move || {
                        form.with(|f| {
                            if f.is_inverse() { "inverse" } else { "linear" }.to_owned()
                        })
                    })
                    disabled=contract_fixed
                    on_change=move |v: String| {
                        let c = if v == "inverse" { ContractName::Inverse } else { ContractName::Linear };
                        let pv = ctx.position_value();
                        form.update(|f| f.set_contract(c, pv));
                    }
                />
            </div>
            <div class="row">
                <SelectField
                    id="venue"
                    locked=ctx.locked("venue")
                    label="Venue"
                    options=venue_opts
                    value=Signal::derive(move || form.with(|f| f.venue.key().to_owned()))
                    hint=venue_hint
                    on_change=move |v: String| {
                        if let Some(venue) = Venue::from_key(&v) {
                            let pv = ctx.position_value();
                            form.update(|f| f.set_venue(venue, pv));
                        }
                    }
                />
                <ComboField
                    id="symbol"
                    locked=ctx.locked("symbol")
                    label="Symbol"
                    options=symbol_opts
                    recent=recent
                    value=Signal::derive(move || form.with(|f| f.symbol.clone()))
                    disabled=Signal::derive(move || form.with(|f| f.venue == Venue::Custom))
                    on_change=move |v: String| {
                        super::tables::remember_symbol(form.with_untracked(|f| f.venue), &v);
                        recent_tick.update(|t| *t = t.wrapping_add(1));
                        let pv = ctx.position_value();
                        form.update(|f| f.set_symbol(v, pv));
                    }
                />
            </div>
            <FieldError id="symbol" error=ctx.error_for("symbol") />
            <div class="row">
                <NumField ctx=ctx id="entry" label="Entry price" lens=lens!(entry) unit=quote />
                <NumField
                    ctx=ctx
                    id="mark"
                    label="Mark price"
                    lens=lens!(mark)
                    unit=quote
                    placeholder="= entry"
                    hint="Optional: current mark, for maintenance now."
                />
            </div>
        </fieldset>
    }
}

/// Size mode and the inputs it needs.
#[component]
fn SizeSection(ctx: Ctx) -> impl IntoView {
    let form = ctx.form;
    let units = ctx.units;
    let mode = Memo::new(move |_| form.with(|f| f.size_mode));
    let inverse = Memo::new(move |_| form.with(|f| f.is_inverse()));
    let qty_unit = Signal::derive(move || units.with(|u| u.quantity()));
    let quote = Signal::derive(move || units.with(|u| u.quote.clone()));
    let settle = Signal::derive(move || units.with(|u| u.settle().to_owned()));
    let size_opts: Vec<(String, String)> = SizeMode::ALL
        .iter()
        .map(|m| (m.key().to_owned(), m.label().to_owned()))
        .collect();
    let not = move |m: SizeMode| Signal::derive(move || mode.get() != m);
    view! {
        <fieldset class="card">
            <legend>"Size"</legend>
            <div class="row">
                <SelectField
                    id="size-mode"
                    locked=ctx.locked("size-mode")
                    label="Size by"
                    options=size_opts
                    value=Signal::derive(move || mode.get().key().to_owned())
                    on_change=move |v: String| {
                        if let Some(m) = SizeMode::from_key(&v) {
                            form.update(|f| f.size_mode = m);
                        }
                    }
                />
                <NumField
                    ctx=ctx
                    id="contract-size"
                    label="Contract size"
                    lens=lens!(contract_size)
                    unit=Signal::derive(move || format!("{} per contract", units.with(|u| u.quote.clone())))
                    hidden=Signal::derive(move || !inverse.get())
                />
            </div>
            <div class="row">
                <NumField
                    ctx=ctx
                    id="quantity"
                    label="Quantity"
                    lens=lens!(quantity)
                    unit=qty_unit
                    hidden=not(SizeMode::Quantity)
                />
                <NumField
                    ctx=ctx
                    id="notional"
                    label="Notional"
                    lens=lens!(notional)
                    unit=quote
                    hint="Position value at entry."
                    hidden=not(SizeMode::Notional)
                />
                <NumField
                    ctx=ctx
                    id="margin"
                    label="Margin"
                    lens=lens!(margin)
                    unit=settle
                    hint="Quantity = margin × leverage ÷ price."
                    hidden=not(SizeMode::Margin)
                />
                <RiskInputs ctx=ctx hidden=not(SizeMode::Risk) />
            </div>
        </fieldset>
    }
}

/// Equity and the risk budget (percent of equity or an amount).
#[component]
fn RiskInputs(ctx: Ctx, hidden: Signal<bool>) -> impl IntoView {
    let form = ctx.form;
    let units = ctx.units;
    let settle = Signal::derive(move || units.with(|u| u.settle().to_owned()));
    let risk_unit = Signal::derive(move || {
        form.with(|f| match f.risk_unit {
            RiskUnit::Percent => "% of equity".to_owned(),
            RiskUnit::Amount => units.with(|u| u.settle().to_owned()),
        })
    });
    view! {
        <NumField ctx=ctx id="equity" label="Account equity" lens=lens!(equity) unit=settle hidden=hidden />
        <NumField
            ctx=ctx
            id="risk"
            label="Risk at stop"
            lens=lens!(risk)
            unit=risk_unit
            hint="Loss at the stop, fees included. Needs a stop."
            hidden=hidden
        />
        <SelectField
            hidden=hidden
            id="risk-unit"
            locked=ctx.locked("risk")
            label="Risk as"
            options=opts(&[("percent", "Percent of equity"), ("amount", "Amount")])
            value=Signal::derive(move || {
                form.with(|f| match f.risk_unit {
                    RiskUnit::Percent => "percent",
                    RiskUnit::Amount => "amount",
                }.to_owned())
            })
            on_change=move |v: String| {
                form.update(|f| {
                    f.risk_unit = if v == "amount" { RiskUnit::Amount } else { RiskUnit::Percent };
                })
            }
        />
    }
}

/// Slider range of the leverage.
const LEVERAGE_MIN: u32 = 1;
const LEVERAGE_MAX: u32 = 125;

/// Leverage: a slider (whole steps, 1–125) and a number box (any value).
#[component]
fn LeverageSection(ctx: Ctx) -> impl IntoView {
    let form = ctx.form;
    let slider_value = move || {
        form.with(|f| {
            crate::engine::input::parse_decimal(crate::engine::Field::Leverage, &f.leverage)
                .ok()
                .and_then(|d| {
                    use rust_decimal::prelude::ToPrimitive;
                    d.round().to_u32()
                })
                .unwrap_or(LEVERAGE_MIN)
                .clamp(LEVERAGE_MIN, LEVERAGE_MAX)
                .to_string()
        })
    };
    let max_hint = Signal::derive(move || {
        ctx.eval.with(|e| {
            e.as_ref()
                .map(super::figures::leverage_hint)
                .unwrap_or_default()
        })
    });
    let slider_locked = ctx.locked("leverage");
    view! {
        <fieldset class="card">
            <legend>"Leverage"</legend>
            <div class="leverage">
                <label class="slider-label" for="f-leverage-slider">"Leverage slider"</label>
                <input
                    id="f-leverage-slider"
                    type="range"
                    min=LEVERAGE_MIN
                    max=LEVERAGE_MAX
                    step="1"
                    data-testid="input-leverage-slider"
                    prop:disabled=move || slider_locked.get()
                    data-locked=move || slider_locked.get().then_some("")
                    value=(!crate::ui::browser::present()).then(slider_value)
                    prop:value=slider_value
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| f.leverage = v);
                    }
                />
                <NumField
                    ctx=ctx
                    id="leverage"
                    label="Leverage"
                    lens=lens!(leverage)
                    unit="×"
                    number=true
                    hint=max_hint
                />
            </div>
        </fieldset>
    }
}

/// Stop and target.
#[component]
fn ExitsSection(ctx: Ctx) -> impl IntoView {
    let units = ctx.units;
    let quote = Signal::derive(move || units.with(|u| u.quote.clone()));
    view! {
        <fieldset class="card">
            <legend>"Exits"</legend>
            <div class="row">
                <NumField
                    ctx=ctx
                    id="stop"
                    label="Stop"
                    lens=lens!(stop)
                    unit=quote
                    placeholder="none"
                />
                <NumField
                    ctx=ctx
                    id="target"
                    label="Target"
                    lens=lens!(target)
                    unit=quote
                    placeholder="none"
                />
            </div>
        </fieldset>
    }
}

/// Isolated or cross; for cross, the wallet balance and the other positions.
#[component]
fn MarginSection(ctx: Ctx) -> impl IntoView {
    let form = ctx.form;
    let units = ctx.units;
    let settle = Signal::derive(move || units.with(|u| u.settle().to_owned()));
    let cross = Memo::new(move |_| form.with(|f| f.is_cross()));
    let bybit = Memo::new(move |_| form.with(|f| f.venue.is_bybit()));
    let account_opts: Vec<(String, String)> = Account::ALL
        .iter()
        .map(|a| (a.key().to_owned(), a.label().to_owned()))
        .collect();
    view! {
        <fieldset class="card">
            <legend>"Margin"</legend>
            <div class="row">
                <SelectField
                    id="margin-mode"
                    locked=ctx.locked("margin-mode")
                    label="Margin mode"
                    options=opts(&[("isolated", "Isolated"), ("cross", "Cross")])
                    value=Signal::derive(move || {
                        if cross.get() { "cross" } else { "isolated" }.to_owned()
                    })
                    on_change=move |v: String| {
                        form.update(|f| {
                            f.margin_mode = if v == "cross" {
                                MarginModeName::Cross
                            } else {
                                MarginModeName::Isolated
                            };
                        })
                    }
                />
                <NumField
                    ctx=ctx
                    id="isolated-margin"
                    label="Isolated margin"
                    lens=lens!(isolated_margin)
                    unit=settle
                    placeholder="= initial margin"
                    hint="Optional: margin added or removed."
                    hidden=Signal::derive(move || cross.get())
                />
                <NumField
                    ctx=ctx
                    id="wallet-balance"
                    label="Wallet balance"
                    lens=lens!(wallet_balance)
                    unit=settle
                    hidden=Signal::derive(move || !cross.get())
                />
            </div>
            <div class="row" hidden=move || !bybit.get()>
                <SelectField
                    id="account"
                    locked=ctx.locked("account")
                    label="Account"
                    options=account_opts
                    value=Signal::derive(move || {
                        form.with(|f| f.account.unwrap_or_default().key().to_owned())
                    })
                    hint="Bybit: the unified account puts the fee to close in the margin."
                    on_change=move |v: String| form.update(|f| f.set_account(&v))
                />
            </div>
            {move || cross.get().then(|| view! { <super::others::OtherPositions ctx=ctx /> })}
        </fieldset>
    }
}

/// Taker and maker fee in percent.
#[component]
fn FeesSection(ctx: Ctx) -> impl IntoView {
    let form = ctx.form;
    let venue_fee = move |taker: bool| {
        Signal::derive(move || {
            form.with(|f| {
                let kind = crate::engine::ContractKind::Linear;
                venues::preset(f.venue, Some(&f.symbol), kind)
                    .map(|p| {
                        crate::ui::format::percent_input(if taker {
                            p.fees.taker
                        } else {
                            p.fees.maker
                        })
                    })
                    .unwrap_or_default()
            })
        })
    };
    view! {
        <fieldset class="card">
            <legend>"Fees"</legend>
            <div class="row">
                <NumField
                    ctx=ctx
                    id="taker-fee"
                    label="Taker fee"
                    lens=lens!(taker_fee)
                    unit="%"
                    placeholder=venue_fee(true)
                    hint="Entry and stop exit."
                />
                <NumField
                    ctx=ctx
                    id="maker-fee"
                    label="Maker fee"
                    lens=lens!(maker_fee)
                    unit="%"
                    placeholder=venue_fee(false)
                    hint="Target exit (limit order)."
                />
            </div>
        </fieldset>
    }
}
