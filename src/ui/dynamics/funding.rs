//! Funding and leverage decay: funding paid over the holding period, the liquidation price as
//! it creeps with each payment, the honest band of liquidation prices, and the volatility drag
//! of constant leverage.

use super::forms::{inputs, Item};
use super::plot::{
    esc, figs, heads, num, pct, table, ChartData, Line, Mark, Plot, PlotView, Reading, Rect, Row,
    Stat, Table, Tick,
};
use super::state::{DField, DragConfig, Fallback};
use super::{Dyn, Html};
use crate::engine::band::{honest_band, Band, FundingPlan};
use crate::engine::drag::{Drag, GrowthOptimal, Outcome};
use crate::engine::funding::Funding;
use crate::engine::num::to_f64;
use crate::engine::venues;
use crate::engine::Field;
use crate::scenario::{evaluate_scenario, Evaluation, Num, Scenario};
use crate::ui::chart::geometry::{extent, pad};
use crate::ui::fields::{lens, NumField};
use crate::ui::format;
use crate::ui::units::Units;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::sync::Arc;

/// Most points on the liquidation-by-day curve.
const MAX_POINTS: u32 = 120;

/// The liquidation price after each sampled day held (mark at entry), from the scenario with
/// the holding period set to that day: the same evaluation as the headline figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    pub days: Vec<u32>,
    /// `None`: funding alone has liquidated the position (or no price liquidates).
    pub prices: Vec<Option<Decimal>>,
    pub paid: Vec<Decimal>,
}

/// Days the chart spans: the holding period (at least a week), stretched to the day funding
/// alone liquidates when that is within four times as long.
pub fn chart_days(holding_hours: Decimal, hours_to_liquidation: Option<Decimal>) -> u32 {
    let day = |h: Decimal| to_f64(h) / 24.0;
    let hold = day(holding_hours).ceil().max(7.0);
    let span = match hours_to_liquidation.map(day) {
        Some(l) if l > 0.0 && l <= 4.0 * hold => hold.max(l.ceil() + 1.0),
        _ => hold,
    };
    span.min(3650.0) as u32
}

/// Evaluate the scenario at each sampled day.
pub fn curve(s: &Scenario, days: u32) -> Curve {
    let n = days.min(MAX_POINTS);
    let mut probe = s.clone();
    probe.volatility_annual = None;
    probe.horizon_hours = None;
    let mut out = Curve {
        days: Vec::new(),
        prices: Vec::new(),
        paid: Vec::new(),
    };
    let mut last = u32::MAX;
    for k in 0..=n {
        let day = (u64::from(k) * u64::from(days) / u64::from(n.max(1))) as u32;
        if day == last {
            continue;
        }
        last = day;
        probe.holding_hours = Some(Num::from(Decimal::from(u64::from(day) * 24)));
        let Ok(Some(f)) = evaluate_scenario(&probe).map(|e| e.funding) else {
            continue;
        };
        out.days.push(day);
        out.prices.push(f.liquidation_price_after);
        out.paid.push(f.paid);
    }
    out
}

/// The first sampled day on which the liquidation price has reached the stop (the stop no
/// longer fires before liquidation), if it does within the curve.
pub fn stop_day(c: &Curve, e: &Evaluation) -> Option<u32> {
    let stop = e.input.stop_price?;
    let long = e.input.side.is_long();
    c.days
        .iter()
        .zip(&c.prices)
        .find(|(_, p)| p.is_some_and(|p| if long { p >= stop } else { p <= stop }))
        .map(|(d, _)| *d)
}

/// The scenario's funding regime and holding period, as the engine's band takes them.
pub fn funding_plan(s: &Scenario) -> Option<FundingPlan> {
    let rate = s.funding_rate.as_ref()?.parse(Field::FundingRate).ok()?;
    let interval = match &s.funding_interval_hours {
        Some(h) => h.parse(Field::FundingInterval).ok()?,
        None => venues::funding_interval_hours(s.venue),
    };
    let holding_hours = match &s.holding_hours {
        Some(h) => h.parse(Field::HoldingHours).ok()?,
        None => Decimal::ZERO,
    };
    Some(FundingPlan {
        funding: Funding::new(rate, interval).ok()?,
        holding_hours,
    })
}

/// The chart of liquidation price against days held, and its table.
pub fn curve_plot(
    c: &Curve,
    e: &Evaluation,
    band: Option<&Band>,
    hold_days: f64,
    u: &Units,
) -> (Plot, Table) {
    let entry = to_f64(e.input.entry_price);
    let stop = e.input.stop_price.map(to_f64);
    let pts: Vec<(f64, f64)> = c
        .days
        .iter()
        .zip(&c.prices)
        .map(|(d, p)| (f64::from(*d), p.map_or(f64::NAN, to_f64)))
        .collect();
    let (b_lo, b_hi) = match band.and_then(|b| b.nearest.zip(b.farthest)) {
        Some((a, b)) => (to_f64(a.min(b)), to_f64(a.max(b))),
        None => (f64::NAN, f64::NAN),
    };
    let y = pad(
        extent(
            pts.iter()
                .map(|p| p.1)
                .chain([entry, stop.unwrap_or(f64::NAN), b_lo, b_hi]),
        )
        .unwrap_or((entry, entry)),
        0.08,
    );
    let last = f64::from(*c.days.last().unwrap_or(&1)).max(1.0);
    let mut marks = vec![Mark {
        vertical: false,
        at: entry,
        class: "m-entry",
        label: format!("entry {}", format::price(e.input.entry_price)),
    }];
    if let Some(s) = e.input.stop_price {
        marks.push(Mark {
            vertical: false,
            at: to_f64(s),
            class: "m-stop",
            label: format!("stop {}", format::price(s)),
        });
    }
    marks.push(Mark {
        vertical: true,
        at: hold_days,
        class: "m-hold",
        label: "holding ends".to_owned(),
    });
    let liquidates = e.report.liquidation_price.is_some();
    let first_gone = c
        .days
        .iter()
        .zip(&c.prices)
        .find(|(_, p)| liquidates && p.is_none());
    if let Some((d, _)) = first_gone {
        marks.push(Mark {
            vertical: true,
            at: f64::from(*d),
            class: "m-liq",
            label: "funding liquidates".to_owned(),
        });
    }
    if let Some(d) = stop_day(c, e).filter(|d| *d > 0) {
        marks.push(Mark {
            vertical: true,
            at: f64::from(d),
            class: "m-stop",
            label: "passes the stop".to_owned(),
        });
    }
    let mut rects = Vec::new();
    if b_lo.is_finite() && b_hi > b_lo {
        rects.push(Rect {
            x0: 0.0,
            x1: last,
            y0: b_lo,
            y1: b_hi,
            class: "band",
        });
    }
    let coin = u.coin_settled;
    let settle = u.settle();
    let mut rows = Vec::new();
    let cursor = c
        .days
        .iter()
        .zip(&c.prices)
        .zip(&c.paid)
        .map(|((d, p), paid)| {
            let price = p.map_or_else(
                || {
                    if liquidates {
                        "liquidated by funding"
                    } else {
                        "none"
                    }
                    .to_owned()
                },
                |p| format!("{} {}", format::price(p), u.quote),
            );
            let paid_t = format!("{} {settle}", format::signed_amount(*paid, coin));
            rows.push(Row::new(vec![
                format!("Day {d}"),
                price.clone(),
                paid_t.clone(),
            ]));
            (
                f64::from(*d),
                format!("Day {d}: liquidation price {price}; funding paid so far {paid_t}."),
            )
        })
        .collect();
    let label = format!(
        "Liquidation price against days held, from day 0 to day {}, mark held at the entry price {}{}.",
        num(last, 0),
        format::price(e.input.entry_price),
        e.input
            .stop_price
            .map(|s| format!("; stop at {}", format::price(s)))
            .unwrap_or_default()
    );
    let mut legend = vec![("s-liq", "Liquidation price after funding".to_owned())];
    if !rects.is_empty() {
        legend.push(("band", "Honest band (fees, funding, bracket)".to_owned()));
    }
    (
        Plot {
            label,
            x: (0.0, last),
            y,
            x_tick: Tick::Day,
            y_tick: Tick::Num,
            x_tick_max: None,
            rects,
            lines: vec![Line {
                points: pts,
                class: "s-liq",
            }],
            marks,
            cursor,
            reading: None,
            legend,
        },
        Table {
            caption: format!(
                "Liquidation price ({}) and funding paid ({settle}) by day held",
                u.quote
            ),
            head: heads(&["Day", "Liquidation price", "Funding paid"]),
            rows,
        },
    )
}

/// A multiple of the starting capital: `×1.234`.
fn mult(x: f64) -> String {
    format!("×{}", num(x, 3))
}

/// What the drag panel states in words.
#[derive(Debug, Clone, PartialEq)]
pub struct DragFacts {
    pub optimal: GrowthOptimal,
    pub kelly: Option<f64>,
    /// At the trade's leverage.
    pub yours: Option<Outcome>,
}

/// Mean, median and 5–95 % band of a daily-rebalanced constant-leverage position against
/// leverage, with the growth-optimal leverage and the trade's leverage marked.
pub fn drag_plot(cfg: DragConfig, your_leverage: f64) -> Result<(Plot, Table, DragFacts), String> {
    let drag = Drag::daily(cfg.sigma, cfg.mu, cfg.days).map_err(|e| e.to_string())?;
    let optimal = drag.growth_optimal();
    let opt_at = match optimal {
        GrowthOptimal::At(l) => l,
        _ => 0.0,
    };
    let hi = (10.0f64)
        .max(your_leverage * 1.2)
        .max(opt_at * 2.0)
        .min(100.0)
        .ceil();
    let curve = drag.curve(0.0, hi, 101).map_err(|e| e.to_string())?;
    let top = extent(curve.iter().flat_map(|o| [o.mean, o.median]).chain([1.0]))
        .map_or(2.0, |(_, h)| h * 1.15);
    let line = |f: fn(&Outcome) -> f64, class| Line {
        points: curve.iter().map(|o| (o.leverage, f(o))).collect(),
        class,
    };
    let mut marks = vec![Mark {
        vertical: false,
        at: 1.0,
        class: "m-entry",
        label: "starting capital".to_owned(),
    }];
    if let GrowthOptimal::At(l) = optimal {
        marks.push(Mark {
            vertical: true,
            at: l,
            class: "m-target",
            label: format!("growth-optimal {}×", num(l, 2)),
        });
    }
    if your_leverage.is_finite() && your_leverage > 0.0 {
        marks.push(Mark {
            vertical: true,
            at: your_leverage,
            class: "m-stop",
            label: format!("yours {}×", num(your_leverage, 2)),
        });
    }
    let rows = curve
        .iter()
        .filter(|o| (o.leverage * 10.0).round() % 10.0 == 0.0 || curve.len() < 30)
        .map(|o| {
            Row::new(vec![
                format!("{}×", num(o.leverage, 2)),
                mult(o.median),
                mult(o.mean),
                format!("{} – {}", mult(o.p05), mult(o.p95)),
                pct(o.drag, 1),
            ])
        })
        .collect();
    // The sentence at a stop is written when the cursor reaches it (101 stops).
    let cursor = curve.iter().map(|o| (o.leverage, String::new())).collect();
    let lines = vec![
        line(|o| o.p05, "s3"),
        line(|o| o.p95, "s3"),
        line(|o| o.mean, "s2"),
        line(|o| o.median, "s1"),
    ];
    let reading = Reading(Arc::new(move |i: usize| {
        curve.get(i).map_or_else(String::new, |o| {
            format!(
                "At {}× leverage: median {}, mean {}, 90 % of outcomes between {} and {}; drag {}{}.",
                num(o.leverage, 2),
                mult(o.median),
                mult(o.mean),
                mult(o.p05),
                mult(o.p95),
                pct(o.drag, 1),
                if o.reliable { "" } else { " (rough: daily swings this large break the approximation)" }
            )
        })
    }));
    let label = format!(
        "Outcome per unit of capital against leverage (0× to {}×), rebalanced daily for {} days with volatility {} and drift {} a year: median and mean, with the 5 to 95 % range.",
        num(hi, 0),
        cfg.days,
        pct(cfg.sigma, 1),
        pct(cfg.mu, 1)
    );
    let facts = DragFacts {
        optimal,
        kelly: drag.kelly(),
        yours: drag.outcome(your_leverage).ok(),
    };
    Ok((
        Plot {
            label,
            x: (0.0, hi),
            y: (0.0, top),
            x_tick: Tick::Times,
            y_tick: Tick::Times,
            x_tick_max: None,
            rects: Vec::new(),
            lines,
            marks,
            cursor,
            reading: Some(reading),
            legend: vec![
                ("s1", "Median (the typical path)".to_owned()),
                ("s2", "Mean".to_owned()),
                ("s3", "5 % and 95 % quantiles".to_owned()),
            ],
        },
        Table {
            caption: format!(
                "Outcome per unit of capital after {} days, by leverage",
                cfg.days
            ),
            head: heads(&["Leverage", "Median", "Mean", "5 %–95 %", "Drag"]),
            rows,
        },
        facts,
    ))
}

/// Money in the settlement currency with its unit.
fn money(d: Decimal, u: &Units) -> String {
    format!("{} {}", format::amount(d, u.coin_settled), u.settle())
}

/// The figures of the funding outcome.
fn figures(e: Option<&Evaluation>, u: &Units) -> Vec<Stat> {
    let fig = |label: &str, testid, exact: String, text: String, detail: String| Stat {
        label: label.into(),
        testid,
        exact,
        text,
        se: None,
        detail,
    };
    let labels = [
        ("Funding over the holding period", "result-funding-paid"),
        (
            "Liquidation price after holding",
            "result-liq-after-holding",
        ),
        ("Funding alone liquidates", "result-funding-liq-day"),
    ];
    let Some((e, f)) = e.and_then(|e| Some((e, e.funding?))) else {
        return labels
            .iter()
            .map(|(l, t)| {
                fig(
                    l,
                    t,
                    String::new(),
                    format::DASH.to_owned(),
                    "Enter a funding rate.".to_owned(),
                )
            })
            .collect();
    };
    let paid = if f.paid.is_zero() {
        money(f.paid, u)
    } else if f.paid > Decimal::ZERO {
        format!("pays {}", money(f.paid, u))
    } else {
        format!("receives {}", money(crate::engine::num::neg(f.paid), u))
    };
    let after = match (f.liquidation_price_after, f.liquidated_by_funding) {
        (_, true) => (
            String::new(),
            "liquidated by funding".to_owned(),
            "The payments use up the margin above maintenance.".to_owned(),
        ),
        (Some(p), _) => (
            p.normalize().to_string(),
            format!("{} {}", format::price(p), u.quote),
            e.report
                .liquidation_price
                .map(|now| format!("today {} {}", format::price(now), u.quote))
                .unwrap_or_default(),
        ),
        (None, _) => (
            String::new(),
            "none".to_owned(),
            "No price liquidates.".to_owned(),
        ),
    };
    let day = match f.hours_to_funding_liquidation {
        Some(h) => (
            h.normalize().to_string(),
            if h.is_zero() {
                "already".to_owned()
            } else {
                let days = h.checked_div(Decimal::from(24)).unwrap_or_default();
                format!("day {}", format::trimmed(days.ceil(), 0, 0))
            },
            format!("after {} hours at today's price", format::trimmed(h, 2, 0)),
        ),
        None => (
            String::new(),
            "never".to_owned(),
            "The position receives funding, or the rate is zero.".to_owned(),
        ),
    };
    vec![
        fig(
            labels[0].0,
            labels[0].1,
            f.paid.normalize().to_string(),
            paid,
            format!("{} payments", format::trimmed(f.payments, 0, 0)),
        ),
        fig(labels[1].0, labels[1].1, after.0, after.1, after.2),
        fig(labels[2].0, labels[2].1, day.0, day.1, day.2),
    ]
}

/// The funding tab.
#[component]
pub fn FundingPanel(d: Dyn) -> impl IntoView {
    let ctx = d.ctx;
    let form = ctx.form;
    let units = ctx.units;
    let s = |t: &'static str| Signal::derive(move || t.to_owned());
    let interval_ph = Signal::derive(move || {
        form.with(|f| {
            venues::funding_interval_hours(f.venue)
                .normalize()
                .to_string()
        })
    });
    let holding_hint = Signal::derive(move || {
        form.with(|f| match super::state::read(&f.holding_hours) {
            Some(h) if h > Decimal::ZERO => format!(
                "{} days",
                format::trimmed(h.checked_div(Decimal::from(24)).unwrap_or_default(), 2, 0)
            ),
            _ => "How long you keep the position open.".to_owned(),
        })
    });
    let no_rate = Memo::new(move |_| {
        ctx.eval
            .with(|e| !e.as_ref().is_ok_and(|e| e.funding.is_some()))
    });
    let example = move |_| {
        ctx.form.update(|f| {
            f.funding_rate = "0.01".into();
            if f.holding_hours.trim().is_empty() {
                f.holding_hours = "720".into();
            }
        })
    };
    let head = Signal::derive(move || {
        ctx.eval.with(|e| {
            let e = e.as_ref().ok();
            format!(
                r#"<dl class="stats">{}</dl>"#,
                units.with(|u| figs(&figures(e, u)))
            )
        })
    });
    let data = Memo::new(move |_| {
        let s = ctx.scenario.with(|s| s.as_ref().ok().cloned())?;
        ctx.eval.with(|e| {
            let e = e.as_ref().ok()?;
            let plan = funding_plan(&s);
            let band = honest_band(&e.input, plan.as_ref()).ok();
            let mut stop = None;
            let curve = e.funding.map(|f| {
                let hours = plan.map_or(Decimal::ZERO, |p| p.holding_hours);
                let c = curve(&s, chart_days(hours, f.hours_to_funding_liquidation));
                stop = stop_day(&c, e);
                ctx.units
                    .with(|u| curve_plot(&c, e, band.as_ref(), to_f64(hours) / 24.0, u))
            });
            let html = ctx.units.with(|u| band_html(e, band.as_ref(), u, stop));
            Some((html, curve))
        })
    });
    let band =
        Signal::derive(move || data.with(|x| x.as_ref().map(|x| x.0.clone()).unwrap_or_default()));
    let plot = Signal::derive(move || data.with(|x| Some(x.as_ref()?.1.as_ref()?.0.clone())));
    let table = Signal::derive(move || data.with(|x| Some(x.as_ref()?.1.as_ref()?.1.clone())));
    // Volatility drag.
    let cfg = Memo::new(move |_| {
        let fb = d.fallback.get();
        d.form.with(|f| f.drag_config(fb))
    });
    let bad = Signal::derive(move || cfg.with(|c| c.as_ref().err().cloned()));
    // The trade's leverage alone, so another input (a stop, a target) leaves the chart as it
    // is: its cursor's sentences are a writer, which compares equal only to itself.
    let lev = Memo::new_with_compare(
        move |_| {
            ctx.eval.with(|e| {
                e.as_ref()
                    .ok()
                    .map_or(f64::NAN, |e| to_f64(e.report.leverage))
            })
        },
        |a, b| a.map(|x| x.to_bits()) != b.map(|x| x.to_bits()),
    );
    let drag = Memo::new(move |_| {
        let c = cfg.get().ok()?;
        Some(drag_plot(c, lev.get()))
    });
    let note = Signal::derive(move || {
        let fb = d.fallback.get();
        super::fallback_note(fb, fb.mu_drag)
    });
    let facts =
        Signal::derive(move || drag.with(|x| x.as_ref().map(drag_html).unwrap_or_default()));
    let drag_plot =
        Signal::derive(move || drag.with(|x| x.as_ref()?.as_ref().ok().map(|x| x.0.clone())));
    let drag_table =
        Signal::derive(move || drag.with(|x| x.as_ref()?.as_ref().ok().map(|x| x.1.clone())));
    view! {
        <div class="dyn-panel">
            <Html html=s(EXPLAIN) />
            <div class="row">
                <NumField ctx=ctx id="funding-rate" label="Funding rate" lens=lens!(funding_rate) unit=s("% per interval") hint=s("Positive: longs pay shorts.") placeholder=s("e.g. 0.01") />
                <NumField ctx=ctx id="funding-interval" label="Interval" lens=lens!(funding_interval) unit=s("hours") placeholder=interval_ph hint=s("Blank: the venue's interval.") />
                <NumField ctx=ctx id="holding-hours" label="Holding period" lens=lens!(holding_hours) unit=s("hours") placeholder=s("e.g. 720") hint=holding_hint />
            </div>
                            <p class="note" hidden=move || !no_rate.get()>
                                "No funding rate yet. "
                                <button type="button" class="button secondary" data-testid="funding-example" on:click=example>
                                    "Try 0.01 % per interval for 30 days"
                                </button>
                            </p>
            <Html html=head />
            <Html html=band />
            <PlotView plot=plot testid="funding-chart" width=d.width />
            <ChartData table=table testid="funding-chart-table" />
            <Html html=s(DRAG_EXPLAIN) />
            {inputs(d, DRAG_FORM, bad, Some(drag_placeholder))}
            <Html html=note />
            <Html html=facts />
            <PlotView plot=drag_plot testid="drag-chart" width=d.width />
            <ChartData table=drag_table testid="drag-chart-table" />
        </div>
    }
}

const EXPLAIN: &str = r#"<p class="explain">Every funding interval a perpetual position pays (or receives) the funding rate times its value. With isolated margin the payment comes out of the margin, so the liquidation price creeps toward the price while the price stands still. Here the mark is held at the entry price and one payment is taken per whole interval.</p>"#;

const DRAG_EXPLAIN: &str = r#"<h3 class="subhead">Volatility drag of constant leverage</h3><p class="explain">A position topped up to the same leverage every day (or a leveraged token) compounds each day's move times the leverage. The mean grows with leverage, but the typical (median) path falls behind it by a factor that grows with leverage squared times variance: past the growth-optimal leverage more leverage makes the typical outcome worse.</p>"#;

/// The drag inputs' placeholders: what a blank volatility or drift uses.
fn drag_placeholder(field: DField, fb: Fallback) -> Option<String> {
    match field {
        DField::Sigma => Some(num(fb.sigma, 2)),
        DField::Mu => Some(num(fb.mu_drag, 2)),
        _ => None,
    }
}

const DRAG_FORM: &[&[Item]] = &[&[
    Item::In(DField::Sigma, "Volatility σ", "% a year", ""),
    Item::In(DField::Mu, "Drift μ", "% a year", ""),
    Item::In(DField::DragDays, "Horizon", "days", ""),
]];

/// The band's summary sentence and table.
fn band_html(e: &Evaluation, band: Option<&Band>, u: &Units, stop: Option<u32>) -> String {
    let t = band_rows(e, band, u);
    let summary = band
        .and_then(|b| {
            let (n, f) = (b.nearest?, b.farthest?);
            let q = esc(&u.quote);
            Some(format!(
                r#"<p class="band-summary" data-testid="band-summary" data-nearest="{}" data-farthest="{}">Liquidation between <strong>{} and {} {q}</strong>. Plan with the nearer one, <strong>{} {q}</strong>: it is the first price that can liquidate you.</p>"#,
                n.normalize(),
                f.normalize(),
                format::price(n.min(f)),
                format::price(n.max(f)),
                format::price(n)
            ))
        })
        .unwrap_or_default();
    format!(
        r#"<h3 class="subhead">The honest band</h3><p class="explain">One number hides what moves it. The same trade with the fee to close counted in the requirement, with the funding of the holding period paid, with both, and in the bracket it was opened in:</p>{summary}<div class="table-wrap" tabindex="0" role="region" aria-label="{}">{}</div><h3 class="subhead">Liquidation price by day held</h3>{}"#,
        esc(&t.caption),
        table(&t, "band-table"),
        match (e.funding.is_some(), stop, e.input.stop_price) {
            (false, _, _) =>
                r#"<p class="explain">The chart appears with a funding rate.</p>"#.to_owned(),
            (true, Some(0), Some(p)) => format!(
                r#"<p class="note" data-testid="funding-stop">Your stop ({}) is already beyond the liquidation price: it never fires first.</p>"#,
                format::price(p)
            ),
            (true, Some(d), Some(p)) => format!(
                r#"<p class="note" data-testid="funding-stop">From day {d} of holding the liquidation price has reached your stop ({}): the stop no longer fires before liquidation.</p>"#,
                format::price(p)
            ),
            _ => String::new(),
        }
    )
}

/// What the drag chart says in words.
fn drag_html(x: &Result<(Plot, Table, DragFacts), String>) -> String {
    match x {
        Ok((_, _, f)) => {
            let opt = match f.optimal {
                GrowthOptimal::At(l) => format!("{}×", num(l, 2)),
                _ => "unbounded (the drift outweighs the volatility)".to_owned(),
            };
            let kelly = f
                .kelly
                .map(|k| format!(" (Kelly μ/σ² = {}×).", num(k, 2)))
                .unwrap_or_default();
            let yours = f.yours.map(|o| {
                format!(
                    " At your {}× the median ends at ×{} of the capital and the mean at ×{}: volatility costs the typical path {} of the mean.",
                    num(o.leverage, 2),
                    num(o.median, 3),
                    num(o.mean, 3),
                    pct(o.drag, 1)
                )
            });
            format!(
                r#"<p class="note" data-testid="drag-summary">Growth-optimal leverage: <strong data-testid="drag-optimal">{opt}</strong>{kelly}{}</p>"#,
                yours.unwrap_or_default()
            )
        }
        Err(m) => format!(r#"<p class="calc-error" role="alert">{}</p>"#, esc(m)),
    }
}

/// The band's variants as table rows.
fn band_rows(e: &Evaluation, band: Option<&Band>, u: &Units) -> Table {
    let entry = e.input.entry_price;
    let mut rows = Vec::new();
    if let Some(b) = band {
        let row = |name: &str, p: Option<Decimal>, class: &'static str| {
            let (price, dist) = match p {
                Some(p) => (
                    format!("{} {}", format::price(p), u.quote),
                    p.checked_sub(entry)
                        .and_then(|d| d.checked_div(entry))
                        .map_or_else(|| format::DASH.to_owned(), |x| format::signed_percent(x, 2)),
                ),
                None => ("none".to_owned(), format::DASH.to_owned()),
            };
            Row {
                cells: vec![name.to_owned(), price, dist],
                class,
            }
        };
        let near = |p: Option<Decimal>| {
            if p.is_some() && p == b.nearest {
                "in-use"
            } else {
                ""
            }
        };
        rows.push(row("Quoted", b.base, near(b.base)));
        rows.push(row(
            "With the close fee",
            b.with_close_fee,
            near(b.with_close_fee),
        ));
        if b.liquidated_by_funding {
            rows.push(Row::new(vec![
                "With funding".to_owned(),
                "liquidated by funding".to_owned(),
                format::DASH.to_owned(),
            ]));
        } else {
            rows.push(row("With funding", b.with_funding, near(b.with_funding)));
            rows.push(row(
                "Fee and funding",
                b.with_fee_and_funding,
                near(b.with_fee_and_funding),
            ));
        }
        if b.entry_tier.is_some() {
            rows.push(row("Opening bracket", b.entry_tier, near(b.entry_tier)));
        }
    }
    Table {
        caption: format!(
            "Liquidation price ({}) with each effect, and its distance from entry",
            u.quote
        ),
        head: heads(&["Variant", "Liquidation price", "From entry"]),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::state::FormValues;

    fn scenario(rate: &str, hours: &str) -> Scenario {
        FormValues {
            funding_rate: rate.into(),
            holding_hours: hours.into(),
            ..FormValues::default()
        }
        .to_scenario()
        .unwrap()
    }

    #[test]
    fn funding_inputs_reach_the_scenario_and_the_report() {
        let s = scenario("0.01", "72");
        assert_eq!(s.funding_rate, Some(Num::new("0.0001")));
        assert_eq!(s.holding_hours, Some(Num::new("72")));
        let e = evaluate_scenario(&s).unwrap();
        let f = e.funding.unwrap();
        // 0.5 BTC × 60,000 × 0.01 % = 3 per payment, 9 payments.
        assert_eq!(f.paid, Decimal::from(27));
        let r = e.to_report(s.venue);
        assert_eq!(r.funding_paid.as_deref(), Some("27"));
    }

    #[test]
    fn the_curve_starts_at_todays_price_and_ends_at_the_headline() {
        let s = scenario("0.01", "720");
        let e = evaluate_scenario(&s).unwrap();
        let f = e.funding.unwrap();
        let days = chart_days(Decimal::from(720), f.hours_to_funding_liquidation);
        let c = curve(&s, days);
        assert_eq!(c.prices[0], e.report.liquidation_price);
        let i = c.days.iter().position(|d| *d == 30).unwrap();
        assert_eq!(c.prices[i], f.liquidation_price_after);
        // Longs paying: the liquidation price creeps up.
        assert!(c.prices.windows(2).all(|w| match (w[0], w[1]) {
            (Some(a), Some(b)) => b >= a,
            _ => true,
        }));
        let band = honest_band(&e.input, funding_plan(&s).as_ref()).unwrap();
        let u = Units::new(s.venue, "BTCUSDT", false);
        let (plot, table) = curve_plot(&c, &e, Some(&band), 30.0, &u);
        assert!(plot.is_clean(), "{plot:?}");
        assert_eq!(table.rows.len(), c.days.len());
        assert_eq!(band.with_funding, f.liquidation_price_after);
        // 0.01 % every 8 h does not bring the liquidation price to the stop within 30 days.
        assert_eq!(stop_day(&c, &e), None);
    }

    #[test]
    fn the_chart_reaches_the_day_funding_liquidates() {
        assert_eq!(chart_days(Decimal::from(24), None), 7);
        assert_eq!(
            chart_days(Decimal::from(720), Some(Decimal::from(2400))),
            101
        );
        assert_eq!(
            chart_days(Decimal::from(72), Some(Decimal::from(100_000))),
            7
        );
        // 10 % a day eats 10× margin in about 10 days.
        let s = scenario("3", "480");
        let e = evaluate_scenario(&s).unwrap();
        let f = e.funding.unwrap();
        assert!(f.liquidated_by_funding);
        let c = curve(
            &s,
            chart_days(Decimal::from(480), f.hours_to_funding_liquidation),
        );
        assert!(c.prices.iter().any(Option::is_none));
        let u = Units::new(s.venue, "BTCUSDT", false);
        let (plot, _) = curve_plot(&c, &e, None, 20.0, &u);
        assert!(plot.marks.iter().any(|m| m.class == "m-liq"));
        // On the way, the liquidation price passes the stop (57,000) before the entry.
        let d = stop_day(&c, &e).unwrap();
        assert!(
            d > 0
                && plot
                    .marks
                    .iter()
                    .any(|m| m.class == "m-stop" && m.at == f64::from(d))
        );
        assert!(plot.is_clean());
    }

    #[test]
    fn drag_marks_the_growth_optimal_leverage() {
        let cfg = DragConfig {
            sigma: 0.6,
            mu: 0.2,
            days: 90,
        };
        let (plot, table, facts) = drag_plot(cfg, 10.0).unwrap();
        assert!(plot.is_clean());
        let GrowthOptimal::At(l) = facts.optimal else {
            panic!("bounded")
        };
        assert!((l - 0.2 / 0.36).abs() < 0.01, "{l}");
        assert!(plot.marks.iter().any(|m| m.class == "m-target"));
        assert!(table.rows.len() >= 10);
        // Each stop's sentence, written when read, is its own leverage's: at a whole leverage
        // it says what the table's row says.
        assert_eq!(plot.cursor.len(), 101);
        assert!(plot.cursor.iter().all(|c| c.1.is_empty()));
        for row in &table.rows {
            let lev = row.cells[0].trim_end_matches('×');
            let i = plot
                .cursor
                .iter()
                .position(|c| num(c.0, 2) == lev)
                .unwrap_or_else(|| panic!("no stop at {lev}"));
            let text = plot.reading(i);
            assert!(
                text.starts_with(&format!(
                    "At {lev}× leverage: median {}, mean {}",
                    row.cells[1], row.cells[2]
                )),
                "{text}"
            );
            assert!(
                text.contains(&format!("between {}", row.cells[3].replace(" – ", " and "))),
                "{text}"
            );
        }
        assert_eq!(plot.reading(101), "");
        let y = facts.yours.unwrap();
        assert!(y.median < y.mean);
        assert!(drag_plot(DragConfig { sigma: -1.0, ..cfg }, 10.0).is_err());
    }
}
