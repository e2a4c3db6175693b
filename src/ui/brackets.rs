//! Maintenance margin: the user's rate and amount (Custom, or an override), or the venue's
//! bracket table with the tier in use highlighted.

use super::fields::{lens, NumField};
use super::format;
use super::Ctx;
use crate::engine::brackets::{BracketTable, TierUnit};
use crate::engine::input::parse_decimal;
use crate::engine::venues::{self, Venue};
use crate::engine::{ContractKind, Field};
use leptos::either::Either;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// The venue's table for the form's venue, symbol and contract, with where it comes from.
#[derive(Debug, Clone, PartialEq)]
struct TableInfo {
    table: BracketTable,
    source: String,
    as_of: String,
    partial: bool,
    /// The user's own table (issue 11 §3), dated the day it was imported.
    imported: bool,
    /// The table's quality when it is not `exact` (a loaded file's `derived`, …).
    quality: Option<&'static str>,
}

#[component]
pub fn MaintenanceSection(ctx: Ctx) -> impl IntoView {
    let form = ctx.form;
    let units = ctx.units;
    let custom = Memo::new(move |_| form.with(|f| f.venue == Venue::Custom));
    let own = Memo::new(move |_| form.with(|f| f.uses_own_maintenance()));
    let settle = Signal::derive(move || units.with(|u| u.settle().to_owned()));
    let tables = ctx.tables;
    let info = Memo::new(move |_| {
        tables.track();
        form.with(|f| {
            let kind = if f.is_inverse() {
                ContractKind::Inverse {
                    contract_size: parse_decimal(Field::ContractSize, &f.contract_size)
                        .unwrap_or(Decimal::ONE_HUNDRED),
                }
            } else {
                ContractKind::Linear
            };
            venues::preset(f.venue, Some(&f.symbol), kind)
                .ok()
                .and_then(|p| {
                    p.table.map(|table| TableInfo {
                        table,
                        imported: p
                            .source
                            .starts_with(crate::engine::venue_import::YOUR_TABLE)
                            || p.source.starts_with(crate::engine::venue_import::FROM_LINK),
                        source: p.source,
                        as_of: p.as_of,
                        partial: p.partial,
                        quality: (p.from_file
                            && p.quality != crate::engine::venue_data::Quality::Exact)
                            .then(|| p.quality.key()),
                    })
                })
        })
    });
    let hide = Signal::derive(move || !own.get());
    let override_locked = ctx.locked("mmr");
    let own_inputs = view! {
                <div class="row">
                    <NumField
                        ctx=ctx
                        id="mmr"
                        label="Maintenance rate"
                        lens=lens!(mmr)
                        unit="%"
                        hidden=hide
                    />
                    <NumField
                        ctx=ctx
                        id="mm-amount"
                        label="Maintenance amount"
                        lens=lens!(mm_amount)
                        unit=settle
                        hint="Deducted: MM = notional × rate − amount."
                        hidden=hide
                    />
                </div>
    };
    view! {
        <fieldset class="card">
            <legend>"Maintenance margin"</legend>
            <div hidden=move || custom.get()>
                <VenueTable ctx=ctx info=info />
                <super::import::ImportPanel ctx=ctx />
                <div class="check">
                    <input
                        id="f-mm-override"
                        type="checkbox"
                        data-testid="input-mm-override"
                        prop:disabled=move || override_locked.get()
                        data-locked=move || override_locked.get().then_some("")
                        prop:checked=move || form.with(|f| f.mm_override)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            // Start the override from the tier in use.
                            let tier = ctx.eval.with_untracked(|e| {
                                e.as_ref().ok().and_then(|e| e.report.bracket)
                            });
                            form.update(|f| {
                                f.mm_override = on;
                                if let (true, Some(t)) = (on, tier) {
                                    f.mmr = format::percent_input(t.bracket.maintenance.rate);
                                    f.mm_amount = t.bracket.maintenance.amount.normalize().to_string();
                                }
                            });
                        }
                    />
                    <label for="f-mm-override">"Override the venue's table with my own rate"</label>
                </div>
            </div>
            {own_inputs}
        </fieldset>
    }
}

/// The bracket table, tier in use highlighted.
#[component]
fn VenueTable(ctx: Ctx, info: Memo<Option<TableInfo>>) -> impl IntoView {
    let units = ctx.units;
    let compact = crate::ui::share::embedded();
    let tier_in_use = Memo::new(move |_| {
        ctx.eval.with(|e| {
            e.as_ref()
                .ok()
                .and_then(|e| e.report.bracket.map(|b| b.tier))
        })
    });
    move || {
        let Some(info) = info.get() else {
            return Either::Left(view! {
                <p class="hint">"No bundled table for this symbol: override with your own rate."</p>
            });
        };
        let unit = units.with(|u| match info.table.unit {
            TierUnit::Notional => format!("notional, {}", u.settle()),
            TierUnit::Size => format!("size, {}", u.base),
            TierUnit::QuoteValue => format!("value, {}", u.quote),
        });
        let flat = info.table.brackets.len() == 1;
        let rows = info
            .table
            .brackets
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let tier = i as u32 + 1;
                let range = if flat {
                    "any size".to_owned()
                } else {
                    format!("{} – {}", format::compact(b.floor), format::compact(b.cap))
                };
                let in_use = move || tier_in_use.get() == Some(tier);
                view! {
                    <tr class:in-use=in_use aria-current=move || in_use().then_some("true")>
                        <td>{tier}</td>
                        <td class="num">{range}</td>
                        <td class="num">{format::percent(b.maintenance.rate, 4)}</td>
                        <td class="num">{format::trimmed(b.maintenance.amount, 8, 0)}</td>
                        <td class="num">{format::leverage(b.max_leverage)}</td>
                    </tr>
                }
            })
            .collect_view();
        let tiers = info.table.brackets.len();
        let summary = move || match tier_in_use.get() {
            Some(t) if tiers > 1 => format!("Tier table: {tiers} tiers, tier {t} in use"),
            _ if tiers == 1 => "Tier table: one rate for any size".to_owned(),
            _ => format!("Tier table: {tiers} tiers"),
        };
        // Open on the main page; a lesson's embed keeps it folded (issue 13 §4).
        Either::Right(view! {
            <details class="bracket-details" open=!compact>
            <summary data-testid="bracket-summary">{summary}</summary>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Bracket table">
                <table class="brackets" data-testid="bracket-table">
                    <caption>{format!("Tiers by position size ({unit})")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Tier"</th>
                            <th scope="col" class="num">"Range"</th>
                            <th scope="col" class="num">"Rate"</th>
                            <th scope="col" class="num">"Amount"</th>
                            <th scope="col" class="num">"Max lev."</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="source">
                "The highlighted tier holds the position at the liquidation price. Source: " {info.source}
                {if info.imported { " · imported " } else { " · as of " }} {info.as_of}
                {info.partial.then_some(" · first tier only (stand-in)")}
                {info.quality.map(|q| format!(" · {q}"))}
            </p>
            </details>
        })
    }
}
