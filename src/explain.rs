//! "Show the formula": every headline figure as its formula, the same formula with the user's
//! own numbers substituted, the result, and the venue rule that applies.
//!
//! The text is built from the evaluation's exact inputs and results (nothing is recomputed
//! here except the display of the substituted numbers), so teachers can follow each step and
//! traders can see why, for example, the stop fires too late.

use crate::engine::bitmex::{Rule, View};
use crate::engine::contract::{ContractKind, Side};
use crate::engine::trade::{LiquidationModel, MaintenanceSource, MarginInput, Warning};
use crate::scenario::Evaluation;
use rust_decimal::Decimal;

/// One figure, explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The report field it explains (`liquidation_price`, …).
    pub key: &'static str,
    pub title: &'static str,
    /// The formula in symbols.
    pub formula: String,
    /// The formula with this trade's numbers.
    pub substituted: String,
    /// The result, as the report gives it (rounded for reading).
    pub result: String,
    /// Definitions of the symbols and the venue rule in force.
    pub notes: Vec<String>,
}

/// A number for reading: up to `dp` decimals, trailing zeros dropped.
fn n(d: Decimal, dp: u32) -> String {
    let r = crate::engine::num::round_half_away(d, dp).normalize();
    let s = r.to_string();
    // Thousands separators on the integer part.
    let (sign, rest) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("−", r));
    let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

fn p(d: Decimal) -> String {
    n(d, 8)
}

/// The maintenance margin `N × r − a` for reading, or a dash when it leaves `Decimal`'s range.
fn mm_text(notional: Decimal, rate: Decimal, amount: Decimal) -> String {
    notional
        .checked_mul(rate)
        .and_then(|x| x.checked_sub(amount))
        .map_or_else(|| "—".to_owned(), p)
}

/// A fraction as a percentage. A fraction too large to scale exactly (a return on equity
/// above about 7.9 × 10²⁶) is shown in floating point instead of overflowing.
fn pct(d: Decimal) -> String {
    match d.checked_mul(Decimal::ONE_HUNDRED) {
        Some(x) => format!("{} %", n(x, 4)),
        None => format!("{:.4e} %", crate::engine::num::to_f64(d) * 100.0),
    }
}

/// Explanations for the figures of an evaluation.
pub fn explain(e: &Evaluation) -> Vec<Explanation> {
    let t = &e.input;
    let r = &e.report;
    let s = t.side.sign();
    let sgn = if t.side == Side::Long {
        "+1 (long)"
    } else {
        "−1 (short)"
    };
    let q = r.quantity;
    let entry = t.entry_price;
    let m = r.margin_balance;
    let rate = r.maintenance_rate;
    let amount = r.maintenance_amount;
    let mut out = Vec::new();
    let (n_formula, n_sub) = match t.contract {
        ContractKind::Linear => ("N = Q × E".to_owned(), format!("{} × {}", p(q), p(entry))),
        ContractKind::Inverse { contract_size } => (
            "N = Q × C / E   (in coin)".to_owned(),
            format!("{} × {} / {}", p(q), p(contract_size), p(entry)),
        ),
    };
    out.push(Explanation {
        key: "notional",
        title: "Notional",
        formula: n_formula,
        substituted: n_sub,
        result: p(r.notional),
        notes: vec!["Q quantity, E entry price, C contract size (inverse).".into()],
    });
    // Bybit's unified account: the fee to close in both margins.
    let uta = r.fee_to_close;
    let uta_note = |f: crate::engine::bybit::FeeToClose| {
        format!(
            "Bybit unified trading account: the fee to close F = taker × bankruptcy value = {} × \
             N(BP) = {} is in the maintenance margin and reserved from the margin \
             (venue-formulas.md §3–§4).",
            p(f.rate),
            p(f.maintenance)
        )
    };
    out.push(match uta {
        Some(f) => Explanation {
            key: "initial_margin",
            title: "Initial margin",
            formula: "IM = N / L + F₀,  F₀ = taker × N(BP₀)".into(),
            substituted: format!("{} / {} + {}", p(r.notional), p(r.leverage), p(f.initial)),
            result: p(r.initial_margin),
            notes: vec![
                "L leverage.".into(),
                "Bybit unified trading account: the initial margin holds the fee to close at \
                 the bankruptcy price of a position holding exactly its initial margin, BP₀ = \
                 E × (1 − s/L) (linear), E / (1 + s/L) (inverse)."
                    .into(),
            ],
        },
        None => Explanation {
            key: "initial_margin",
            title: "Initial margin",
            formula: "IM = N / L".into(),
            substituted: format!("{} / {}", p(r.notional), p(r.leverage)),
            result: p(r.initial_margin),
            notes: vec!["L leverage.".into()],
        },
    });
    let bracket_note = match (&t.maintenance, r.bracket) {
        (MaintenanceSource::Table(_), Some(b)) => format!(
            "Tier {} of the venue's table applies: it holds the notional at the liquidation \
             price (floor {}, cap {}, rate {}, amount {}, max leverage {}×).",
            b.tier,
            p(b.bracket.floor),
            p(b.bracket.cap),
            pct(b.bracket.maintenance.rate),
            p(b.bracket.maintenance.amount),
            p(b.bracket.max_leverage)
        ),
        _ => "Rate and amount entered by you (no venue table).".into(),
    };
    // The figure's own numbers: the notional at the mark and the tier holding it.
    let mm_sub = format!(
        "{} × {} − {}",
        p(r.mark_notional),
        p(r.mark_maintenance.rate),
        p(r.mark_maintenance.amount)
    );
    let mut mm_notes = vec![
        "r maintenance rate, a maintenance amount (deduction) of the tier; N at the mark price."
            .into(),
        bracket_note.clone(),
    ];
    if let Some(f) = uta {
        mm_notes.push(uta_note(f));
    }
    out.push(Explanation {
        key: "maintenance_margin",
        title: "Maintenance margin",
        formula: if uta.is_some() {
            "MM = N(P) × r − a + F".into()
        } else {
            "MM = N(P) × r − a".into()
        },
        substituted: match uta {
            Some(f) => format!("{mm_sub} + {}", p(f.maintenance)),
            None => mm_sub,
        },
        result: p(r.maintenance_margin),
        notes: mm_notes,
    });
    let margin_note = match t.margin {
        MarginInput::Isolated { .. } => format!("M = isolated margin = {}.", p(m)),
        MarginInput::Cross {
            wallet_balance,
            others_maintenance,
            others_unrealized_pnl,
        } => format!(
            "Cross: M = wallet − others' maintenance + others' unrealised PnL = {} − {} + {} = {}.",
            p(wallet_balance),
            p(others_maintenance),
            p(others_unrealized_pnl),
            p(m)
        ),
    };
    let fee_rate = match t.model {
        LiquidationModel::FeeInRate => t.fees.taker,
        _ => Decimal::ZERO,
    };
    let r_eff = rate.checked_add(fee_rate).unwrap_or(rate);
    // BitMEX: the margin fraction f = M / N(E) the engine used.
    let bitmex_fraction =
        crate::engine::bitmex::margin_fraction(m, r.initial_margin, r.notional, r.leverage)
            .unwrap_or(Decimal::ZERO);
    let liq = |label: &'static str,
               key: &'static str,
               rr: Decimal,
               aa: Decimal,
               res: Option<Decimal>| {
        // Bybit's unified account: the liquidation price solves with the margin net of the
        // fee to close, `M − F` (the bankruptcy price with `M` and `r` = taker).
        let (m_sym, m_val) = match uta {
            Some(f) if key == "liquidation_price" => {
                ("M − F", format!("{} − {}", p(m), p(f.maintenance)))
            }
            _ => ("M", p(m)),
        };
        let (formula, substituted) = match (t.model, t.contract) {
            (LiquidationModel::BybitClassic, ContractKind::Linear) => (
                "P = E − s × (M − MM(E)) / Q   (Bybit: maintenance at the entry notional)".into(),
                format!(
                    "{} − {} × ({} − {}) / {}",
                    p(entry),
                    s,
                    p(m),
                    mm_text(r.notional, rr, aa),
                    p(q)
                ),
            ),
            (LiquidationModel::BybitClassic, ContractKind::Inverse { contract_size }) => (
                "P = Q × C / (Q × C / E + s × (M − MM(E)))   (Bybit: maintenance at the entry \
                 notional)"
                    .into(),
                format!(
                    "{} × {} / ({} × {} / {} + {} × ({} − {}))",
                    p(q),
                    p(contract_size),
                    p(q),
                    p(contract_size),
                    p(entry),
                    s,
                    p(m),
                    mm_text(r.notional, rr, aa)
                ),
            ),
            (LiquidationModel::Bitmex(rule), contract) => {
                bitmex_text(rule, contract, s, entry, bitmex_fraction, rr, t.fees.taker)
            }
            (_, ContractKind::Linear) => (
                format!("P = ({m_sym} + a − s × Q × E) / (Q × r − s × Q)"),
                format!(
                    "({} + {} − {} × {} × {}) / ({} × {} − {} × {})",
                    m_val,
                    p(aa),
                    s,
                    p(q),
                    p(entry),
                    p(q),
                    p(rr),
                    s,
                    p(q)
                ),
            ),
            (_, ContractKind::Inverse { contract_size }) => (
                format!("P = Q × C × (r + s) / ({m_sym} + a + s × Q × C / E)"),
                format!(
                    "{} × {} × ({} + {}) / ({} + {} + {} × {} × {} / {})",
                    p(q),
                    p(contract_size),
                    p(rr),
                    s,
                    m_val,
                    p(aa),
                    s,
                    p(q),
                    p(contract_size),
                    p(entry)
                ),
            ),
        };
        let mut notes = vec![format!("s = {sgn}."), margin_note.clone()];
        if let LiquidationModel::Bitmex(rule) = t.model {
            notes.push(bitmex_note(rule));
        }
        if t.model == LiquidationModel::BybitClassic {
            notes.push(
                "Bybit classic account: no fee in the margins, maintenance at the entry notional \
                 (venue-formulas.md §3–§4)."
                    .into(),
            );
        }
        if key == "liquidation_price" {
            notes.push(match uta {
                Some(f) => format!(
                    "Solves M + PnL(P) = N(P) × r − a + F with the maintenance taken at P, so the \
                     tier is the one at the liquidation notional. {}",
                    uta_note(f)
                ),
                None => "Solves equity = maintenance margin at the price P, with the maintenance \
                         taken at P (Binance's rule), so the tier is the one at the liquidation \
                         notional."
                    .into(),
            });
            notes.push(bracket_note.clone());
            if fee_rate > Decimal::ZERO {
                notes.push(format!(
                    "This venue adds the taker fee to the rate: r = {} + {} = {}.",
                    p(rate),
                    p(fee_rate),
                    p(rr)
                ));
            }
        } else if uta.is_some() {
            notes.push(
                "Bybit unified trading account: the same equation with M, r = taker fee and \
                 a = 0: the margin less the fee to close at that price is used up."
                    .into(),
            );
        } else {
            notes.push("The same equation with r = a = 0: the margin is used up exactly.".into());
        }
        Explanation {
            key,
            title: label,
            formula,
            substituted,
            result: res
                .map(p)
                .unwrap_or_else(|| "none (no positive price)".into()),
            notes,
        }
    };
    out.push(liq(
        "Liquidation price",
        "liquidation_price",
        r_eff,
        amount,
        r.liquidation_price,
    ));
    out.push(liq(
        "Bankruptcy price",
        "bankruptcy_price",
        uta.map_or(Decimal::ZERO, |f| f.rate),
        Decimal::ZERO,
        r.bankruptcy_price,
    ));
    for (key, title, exit) in [
        ("pnl_stop", "PnL at stop", r.stop),
        ("pnl_target", "PnL at target", r.target),
    ] {
        let Some(x) = exit else { continue };
        let gross = match t.contract {
            ContractKind::Linear => format!("{} × {} × ({} − {})", s, p(q), p(x.price), p(entry)),
            ContractKind::Inverse { contract_size } => format!(
                "{} × {} × {} × (1/{} − 1/{})",
                s,
                p(q),
                p(contract_size),
                p(entry),
                p(x.price)
            ),
        };
        out.push(Explanation {
            key,
            title,
            formula: match t.contract {
                ContractKind::Linear => "PnL = s × Q × (X − E) − open fee − close fee".into(),
                ContractKind::Inverse { .. } => {
                    "PnL = s × Q × C × (1/E − 1/X) − open fee − close fee".into()
                }
            },
            substituted: format!("{gross} − {} − {}", p(x.open_fee), p(x.close_fee)),
            result: p(x.net_pnl),
            notes: vec![
                format!(
                    "ROE = PnL / IM = {} / {} = {}.",
                    p(x.net_pnl),
                    p(r.initial_margin),
                    pct(x.roe)
                ),
                "Stops exit as taker (market order); targets as maker (limit order).".into(),
            ],
        });
    }
    if let (Some(stop), Some(max)) = (t.stop_price, r.max_leverage_stop_first) {
        let late = r
            .warnings
            .iter()
            .any(|w| matches!(w, Warning::StopBeyondLiquidation { .. }));
        out.push(Explanation {
            key: "max_leverage_stop_first",
            title: "Highest leverage with the stop first",
            formula: if matches!(t.model, LiquidationModel::Bitmex(_)) {
                "L* = N(E) / (MM(E) − PnL(S))   (BitMEX: maintenance on the cost at entry)".into()
            } else {
                "L* = N(E) / (MM(S) − PnL(S))".into()
            },
            // The terms the result used: maintenance at the stop's notional and tier (the
            // liquidation fee's rate included where the venue adds it).
            substituted: match r.stop_first {
                Some(f) => format!(
                    "{} / ({} − ({}))",
                    p(r.notional),
                    p(f.maintenance_margin),
                    p(f.pnl)
                ),
                None => format!(
                    "{} / ({} − ({}))",
                    p(r.notional),
                    mm_text(r.notional, rate, amount),
                    p(r.stop.map(|x| x.gross_pnl).unwrap_or_default())
                ),
            },
            result: p(max),
            notes: vec![
                match r.stop_first {
                    Some(f) => format!(
                        "MM(S) = N(S) × r − a = {} × {} − {}: the maintenance at the stop's \
                         notional, in the tier holding it (r includes the liquidation fee's \
                         rate on venues that add one).",
                        p(f.notional),
                        p(f.maintenance.rate),
                        p(f.maintenance.amount)
                    ),
                    None => "MM(E): BitMEX takes maintenance on the position's cost at entry."
                        .to_owned(),
                },
                format!(
                    "At L* the liquidation price sits exactly on the stop {}; below L* the stop \
                     fires first.",
                    p(stop)
                ),
                if late {
                    format!(
                        "Your leverage {}× is above L*: the venue liquidates you before the stop.",
                        p(r.leverage)
                    )
                } else {
                    format!(
                        "Your leverage {}× is below L*: the stop fires first.",
                        p(r.leverage)
                    )
                },
            ],
        });
    }
    if let Some(f) = e.funding {
        out.push(Explanation {
            key: "funding_paid",
            title: "Funding over the holding period",
            formula: "paid = ⌊hours / interval⌋ × s × f × N".into(),
            substituted: format!("{} × {} × f × {}", p(f.payments), s, p(r.notional)),
            result: p(f.paid),
            notes: vec![
                "Positive f: longs pay shorts. The isolated margin shrinks by what is paid, so the \
                 liquidation price creeps toward the entry."
                    .into(),
            ],
        });
    }
    if let Some(risk) = e.risk {
        out.push(Explanation {
            key: "prob_touch_liquidation",
            title: "Probability of touching liquidation",
            formula:
                "P = Φ((b − νT)/(σ√T)) + e^{2νb/σ²} Φ((b + νT)/(σ√T)),  b = ln(LP/S₀), ν = μ − σ²/2"
                    .into(),
            substituted: format!(
                "σ = {}, μ = {}, T = {} h, LP = {}",
                risk.volatility_annual,
                risk.drift_annual,
                risk.horizon_hours,
                r.liquidation_price.map(p).unwrap_or_else(|| "none".into())
            ),
            result: format!("{:.4}", risk.figures.prob_touch_liquidation),
            notes: vec![
                "Reflection principle for geometric Brownian motion (Shreve, Stochastic Calculus \
                 for Finance II, §7.2), continuous monitoring unless a mark interval is given."
                    .into(),
            ],
        });
    }
    out
}

/// BitMEX's formula and its substituted numbers, for the view in force
/// ([`crate::engine::bitmex`]).
fn bitmex_text(
    rule: Rule,
    contract: ContractKind,
    s: Decimal,
    entry: Decimal,
    fraction: Decimal,
    mmr: Decimal,
    taker: Decimal,
) -> (String, String) {
    let inverse = matches!(contract, ContractKind::Inverse { .. });
    match rule.view {
        View::Position => {
            let formula = if inverse {
                "P = E / (1 + s × (f − r)),  f = M / N"
            } else {
                "P = E × (1 − s × (f − r)),  f = M / N"
            };
            let body = if inverse {
                format!(
                    "{} / (1 + {} × ({} − {}))",
                    p(entry),
                    s,
                    p(fraction),
                    p(mmr)
                )
            } else {
                format!(
                    "{} × (1 − {} × ({} − {}))",
                    p(entry),
                    s,
                    p(fraction),
                    p(mmr)
                )
            };
            (
                format!(
                    "{formula}, rounded to the {} tick toward E   (BitMEX open position)",
                    p(rule.tick)
                ),
                body,
            )
        }
        View::Order => {
            let bankrupt = mmr.is_zero();
            let two_fees = taker.checked_add(taker).unwrap_or(taker);
            let mm = if bankrupt {
                Decimal::ZERO
            } else {
                mmr.checked_add(taker).unwrap_or(mmr)
            };
            let formula = if inverse {
                "P = E / (1 + s × (im − mm)),  im = f + 2 × taker,  mm = r + taker"
            } else {
                "P = E × (1 − s × (im − mm)),  im = f + 2 × taker,  mm = r + taker"
            };
            let body = if inverse {
                format!(
                    "{} / (1 + {} × ({} + {} − {}))",
                    p(entry),
                    s,
                    p(fraction),
                    p(two_fees),
                    p(mm)
                )
            } else {
                format!(
                    "{} × (1 − {} × ({} + {} − {}))",
                    p(entry),
                    s,
                    p(fraction),
                    p(two_fees),
                    p(mm)
                )
            };
            (
                format!(
                    "{formula}, rounded half-away to the {} tick   (BitMEX order's cost; mm = 0 \
                     for bankruptcy)",
                    p(rule.tick)
                ),
                body,
            )
        }
    }
}

/// Which BitMEX figure is shown, and the rule's source.
fn bitmex_note(rule: Rule) -> String {
    match rule.view {
        View::Position => format!(
            "BitMEX, {}: the entry fee is paid and the exit-fee reserve sits in both margin and \
             maintenance, so it cancels; maintenance is r × the position's cost at entry; the \
             price is rounded to the symbol's {} tick toward the entry (venue-formulas.md §7, \
             correction of 2026-12-01).",
            rule.view.label(),
            p(rule.tick)
        ),
        View::Order => format!(
            "BitMEX, {}: entry and exit taker fees inside initial margin, the exit fee inside \
             maintenance (venue-formulas.md §7). Not what the position screen shows once filled.",
            rule.view.label()
        ),
    }
}
