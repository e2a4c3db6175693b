//! Cascading liquidations: an editable, illustrative market whose forced orders move the
//! price round by round, with the user's own liquidation price placed in it.

use super::forms::{inputs, Item};
use super::plot::{
    esc, exact, heads, num, pct, ChartData, Line, Mark, Plot, PlotView, Rect, Row, Stat, Stats,
    Table, TableView, Tick,
};
use super::state::{CascadeSettings, DField};
use super::{now, Dyn, Html};
use crate::engine::cascade::{Band, CascadeReport, Market, UserPosition, ILLUSTRATION};
use crate::engine::num::to_f64;
use leptos::prelude::*;

/// Bands of the liquidation map beside the chart.
const BANDS: usize = 40;

/// A cascade and its liquidation map.
#[derive(Debug, Clone, PartialEq)]
pub struct CascadeOut {
    pub report: CascadeReport,
    pub bands: Vec<Band>,
    /// The map's price range.
    pub range: (f64, f64),
    pub price: f64,
    pub user: Option<UserPosition>,
    /// Time to build the market, run the cascade and the map (ms).
    pub ms: f64,
}

/// Build the market, run the cascade, map the liquidations around the path.
///
/// # Errors
/// The engine's message.
pub fn run(s: &CascadeSettings, user: Option<UserPosition>) -> Result<CascadeOut, String> {
    let t0 = now();
    let e = |e: crate::engine::CalcError| e.to_string();
    let market = Market::new(s.spec.clone()).map_err(e)?;
    let report = market.cascade(s.shock, user).map_err(e)?;
    let p0 = s.spec.price;
    let lo_path = report.final_price.min(report.shocked_price).min(p0);
    let hi_path = report.final_price.max(report.shocked_price).max(p0);
    let span = (hi_path - lo_path).max(p0 * 0.02);
    let mut lo = lo_path - span * 0.25;
    let mut hi = hi_path + span * 0.25;
    if let Some(u) = user {
        let lp = u.liquidation_price;
        if lp > lo - span && lp < hi + span {
            lo = lo.min(lp - span * 0.05);
            hi = hi.max(lp + span * 0.05);
        }
    }
    let lo = lo.max(0.0);
    let bands = market
        .liquidation_bands(lo, hi.max(lo + 1e-9), BANDS)
        .map_err(e)?;
    Ok(CascadeOut {
        report,
        bands,
        range: (lo, hi),
        price: p0,
        user,
        ms: now() - t0,
    })
}

/// A large amount in short form: `1.2B`.
fn amount(x: f64) -> String {
    crate::engine::num::from_f64(x).map_or_else(
        || crate::ui::format::DASH.to_owned(),
        crate::ui::format::compact,
    )
}

/// The liquidation map as a table: forced volume waiting in each price band.
pub fn bands_table(c: &CascadeOut, quote: &str) -> Table {
    Table {
        caption: format!("Liquidation map: forced orders ({quote}) waiting in each price band"),
        head: heads(&["Price band", "Longs", "Shorts"]),
        rows: c
            .bands
            .iter()
            .rev()
            .filter(|b| b.long_notional > 0.0 || b.short_notional > 0.0)
            .map(|b| {
                Row::new(vec![
                    format!("{} – {}", num(b.low, 2), num(b.high, 2)),
                    amount(b.long_notional),
                    amount(b.short_notional),
                ])
            })
            .collect(),
    }
}

/// Price against round, with the liquidation map as bars in a strip on the right.
pub fn cascade_plot(c: &CascadeOut, quote: &str) -> (Plot, Table) {
    let r = &c.report;
    let mut pts = vec![(0.0, c.price), (1.0, r.shocked_price)];
    pts.extend(
        r.rounds
            .iter()
            .map(|x| (f64::from(x.round) + 1.0, x.price_after)),
    );
    let last = (pts.len() - 1) as f64;
    let strip0 = last + 0.3 + last * 0.04;
    let strip_w = (last * 0.3).max(0.8);
    let max_band = c
        .bands
        .iter()
        .map(|b| b.long_notional + b.short_notional)
        .fold(0.0, f64::max);
    let mut rects = Vec::new();
    for b in &c.bands {
        let total = b.long_notional + b.short_notional;
        if total <= 0.0 || max_band <= 0.0 {
            continue;
        }
        let wl = strip_w * b.long_notional / max_band;
        let ws = strip_w * b.short_notional / max_band;
        if wl > 0.0 {
            rects.push(Rect {
                x0: strip0,
                x1: strip0 + wl,
                y0: b.low,
                y1: b.high,
                class: "bar-long",
            });
        }
        if ws > 0.0 {
            rects.push(Rect {
                x0: strip0 + wl,
                x1: strip0 + wl + ws,
                y0: b.low,
                y1: b.high,
                class: "bar-short",
            });
        }
    }
    let mut marks = vec![Mark {
        vertical: false,
        at: c.price,
        class: "m-entry",
        label: format!("before the shock {}", num(c.price, 2)),
    }];
    if let Some(u) = c.user {
        marks.push(Mark {
            vertical: false,
            at: u.liquidation_price,
            class: "m-liq",
            label: format!("your liquidation {}", num(u.liquidation_price, 2)),
        });
    }
    if let Some(k) = r.user.and_then(|u| u.round) {
        marks.push(Mark {
            vertical: true,
            at: f64::from(k),
            class: "m-stop",
            label: format!("you go in round {k}"),
        });
    }
    let mut rows = Vec::new();
    let mut cursor = vec![
        (
            0.0,
            format!("Before the shock: {} {quote}.", num(c.price, 2)),
        ),
        (
            1.0,
            format!(
                "The shock ({}) takes the price to {} {quote}.",
                pct(r.shock, 1),
                num(r.shocked_price, 2)
            ),
        ),
    ];
    for x in &r.rounds {
        let text = format!(
            "Round {}: {} {quote} of forced orders move the price from {} to {} ({} from the start); {} so far.",
            x.round,
            amount(x.liquidated_notional),
            num(x.price_before, 2),
            num(x.price_after, 2),
            pct(x.price_after / c.price - 1.0, 2),
            amount(x.cumulative_notional)
        );
        cursor.push((f64::from(x.round) + 1.0, text));
        rows.push(Row {
            cells: vec![
                x.round.to_string(),
                num(x.price_before, 2),
                num(x.price_after, 2),
                amount(x.liquidated_notional),
                amount(x.cumulative_notional),
            ],
            class: if r.user.and_then(|u| u.round) == Some(x.round) {
                "bad"
            } else {
                ""
            },
        });
    }
    let (ylo, yhi) = c.range;
    (
        Plot {
            label: format!(
                "Price against round: {} before the shock, {} after it, {} after {} rounds of liquidations. Bars on the right: forced volume by liquidation price (longs and shorts).",
                num(c.price, 2),
                num(r.shocked_price, 2),
                num(r.final_price, 2),
                r.rounds.len()
            ),
            x: (-0.2, strip0 + strip_w + 0.1),
            y: (ylo, yhi),
            x_tick: Tick::Num,
            y_tick: Tick::Num,
            x_tick_max: Some(last),
            rects,
            lines: vec![Line { points: pts, class: "s1" }],
            marks,
            cursor,
            reading: None,
            legend: vec![
                ("s1", "Price after each round (0: before the shock, 1: the shock)".to_owned()),
                ("bar-long", "Long liquidations waiting at that price".to_owned()),
                ("bar-short", "Short liquidations".to_owned()),
            ],
        },
        Table {
            caption: format!("Rounds: price ({quote}) and forced orders ({quote})"),
            head: heads(&["Round", "Price before", "Price after", "Liquidated", "So far"]),
            rows,
        },
    )
}

/// The tab.
#[component]
pub fn CascadePanel(d: Dyn) -> impl IntoView {
    let ctx = d.ctx;
    let form = d.form;
    // The market trades at the trade's mark; the user's liquidation price is placed in it.
    let anchor = Memo::new(move |_| {
        ctx.eval.with(|e| {
            let e = e.as_ref().ok()?;
            let price = to_f64(e.input.mark_price.unwrap_or(e.input.entry_price));
            let user = e.report.liquidation_price.map(|lp| UserPosition {
                side: e.input.side,
                liquidation_price: to_f64(lp),
            });
            Some((price, user))
        })
    });
    let settings = Memo::new(move |_| {
        let (price, _) = anchor.get().unwrap_or((60_000.0, None));
        form.with(|f| f.cascade_settings(price))
    });
    let bad = Signal::derive(move || settings.with(|s| s.as_ref().err().cloned()));
    let out = Memo::new(move |_| {
        d.rerun.track();
        let user = anchor.get().and_then(|a| a.1);
        settings.with(|s| {
            s.as_ref()
                .map_err(|b| b.msg.clone())
                .and_then(|s| run(s, user))
        })
    });
    let quote = Memo::new(move |_| ctx.units.with(|u| u.quote.clone()));
    let head = format!(
        r#"{EXPLAIN}<p class="illustration" data-testid="cascade-illustration"><strong>{}</strong></p>"#,
        esc(ILLUSTRATION)
    );
    view! {
        <div class="dyn-panel">
            <Html html=Signal::stored(head) />
            {inputs(d, SHOCK_FORM, bad, None)}
            <details class="market">
                <summary>"Edit the market"</summary>
                {inputs(d, MARKET_FORM, bad, None)}
            </details>
            <button type="button" class="button secondary" data-testid="cascade-rerun" on:click=move |_| d.rerun.update(|n| *n += 1)>
                "Run again"
            </button>
            <CascadeResults d=d out=out quote=quote />
        </div>
    }
}

const EXPLAIN: &str = r#"<p class="explain">A drop liquidates the most leveraged longs; their forced sells push the price down further, which reaches the next ones, round by round until nothing more triggers (a rise does the same to shorts). The market below trades at your mark price and holds open interest spread over entry prices and leverages; the order book moves the price 1 % for every "1 % depth" of forced volume (linear), or with the square root of it.</p>"#;

/// The presets of [`presets`], by key, and the edited market.
const PRESETS: &[(&str, &str)] = &[
    ("balanced", "Balanced market"),
    ("crowded-longs", "Crowded, leveraged longs"),
    ("thin-book", "Thin order book"),
    ("custom", "Edited"),
];

const SHOCK_FORM: &[&[Item]] = &[&[
    // Every market here is an illustration: the label says so once, the options stay short.
    Item::Sel(DField::Preset, "Market (an illustration)", PRESETS),
    Item::In(DField::Shock, "Initial shock", "%", "Negative: a drop."),
]];

const MARKET_FORM: &[&[Item]] = &[
    &[
        Item::In(DField::LongOi, "Long open interest", "million", ""),
        Item::In(DField::ShortOi, "Short open interest", "million", ""),
        Item::In(DField::EntryFrom, "Entries from", "% of price", ""),
        Item::In(DField::EntryTo, "Entries to", "% of price", ""),
    ],
    &[
        Item::In(DField::Mix5, "5× share", "%", ""),
        Item::In(DField::Mix10, "10× share", "%", ""),
        Item::In(DField::Mix25, "25× share", "%", ""),
        Item::In(DField::Mix50, "50× share", "%", ""),
        Item::In(DField::Mix100, "100× share", "%", ""),
    ],
    &[
        Item::In(DField::CascadeMmr, "Maintenance rate", "%", ""),
        Item::In(
            DField::Depth,
            "1 % depth",
            "million",
            "Forced volume that moves the price 1 %.",
        ),
        Item::Sel(
            DField::Impact,
            "Impact law",
            &[("sqrt", "Square root"), ("linear", "Linear")],
        ),
    ],
];

#[component]
fn CascadeResults(
    d: Dyn,
    out: Memo<Result<CascadeOut, String>>,
    quote: Memo<String>,
) -> impl IntoView {
    let figs = Signal::derive(move || {
        let q = quote.get();
        out.with(|o| cascade_figs(o.as_ref().ok(), &q))
    });
    let error = move || {
        out.with(|o| match o {
            Err(m) => format!(r#"<p class="calc-error" role="alert">{}</p>"#, esc(m)),
            Ok(_) => String::new(),
        })
    };
    let built = Memo::new(move |_| {
        let q = quote.get();
        out.with(|o| o.as_ref().ok().map(|o| cascade_plot(o, &q)))
    });
    let table = Signal::derive(move || built.with(|b| b.as_ref().map(|b| b.1.clone())));
    let bands = Signal::derive(move || {
        let q = quote.get();
        out.with(|o| o.as_ref().ok().map(|o| bands_table(o, &q)))
    });
    view! {
        <div inner_html=error></div>
        <Stats items=figs />
        <PlotView plot=Signal::derive(move || built.with(|b| b.as_ref().map(|b| b.0.clone()))) testid="cascade-chart" width=d.width />
        <ChartData table=bands testid="cascade-chart-table" />
        <TableView table=table testid="cascade-rounds" />
    }
}

/// The cascade's figures: final price, total liquidated, the user's fate, the time taken.
pub fn cascade_figs(o: Option<&CascadeOut>, q: &str) -> Vec<Stat> {
    let fig = |label: &str, testid, exact: String, text: String, detail: String| Stat {
        label: label.into(),
        testid,
        exact,
        text,
        se: None,
        detail,
    };
    let Some(o) = o else {
        return Vec::new();
    };
    let r = &o.report;
    let user = match (o.user, r.user) {
        (Some(u), Some(x)) => match x.round {
            Some(k) => (
                k.to_string(),
                if k == 1 {
                    "liquidated by the shock".to_owned()
                } else {
                    format!("liquidated in round {k}")
                },
                format!("liquidation price {} {q}", num(u.liquidation_price, 2)),
            ),
            None => (
                String::new(),
                "survives".to_owned(),
                format!(
                    "the cascade stops {} from your liquidation price {}",
                    pct(
                        (r.final_price - u.liquidation_price).abs() / u.liquidation_price,
                        2
                    ),
                    num(u.liquidation_price, 2)
                ),
            ),
        },
        _ => (
            String::new(),
            "no liquidation price".to_owned(),
            String::new(),
        ),
    };
    vec![
        fig(
            "Final price",
            "cascade-final-price",
            exact(r.final_price),
            format!("{} {q}", num(r.final_price, 2)),
            format!(
                "{} from before the shock",
                pct(r.final_price / o.price - 1.0, 2)
            ),
        ),
        fig(
            "Liquidated",
            "cascade-total",
            exact(r.total_liquidated),
            format!("{} {q}", amount(r.total_liquidated)),
            format!("in {} rounds", r.rounds.len()),
        ),
        fig("Your position", "cascade-user", user.0, user.1, user.2),
        fig(
            "Computed in",
            "cascade-time",
            exact(o.ms),
            if o.ms < 0.1 {
                "under 0.1 ms".to_owned()
            } else {
                format!("{} ms", num(o.ms, 1))
            },
            "market, cascade and map".to_owned(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::state::DynForm;
    use super::*;
    use crate::engine::cascade::presets;
    use crate::engine::Side;

    fn settings(shock: &str) -> CascadeSettings {
        DynForm {
            shock: shock.into(),
            ..DynForm::default()
        }
        .cascade_settings(60_000.0)
        .unwrap()
    }

    #[test]
    fn a_larger_shock_never_liquidates_less() {
        let user = Some(UserPosition {
            side: Side::Long,
            liquidation_price: 54_216.0,
        });
        let mut last = -1.0;
        for s in ["0", "-1", "-3", "-5", "-8", "-12"] {
            let o = run(&settings(s), user).unwrap();
            assert!(o.report.total_liquidated >= last, "{s}");
            last = o.report.total_liquidated;
            let (plot, table) = cascade_plot(&o, "USDT");
            assert!(plot.is_clean(), "{s}: {plot:?}");
            let map = bands_table(&o, "USDT");
            assert!(!map.rows.is_empty() && map.rows.len() <= BANDS);
            assert_eq!(table.rows.len(), o.report.rounds.len());
        }
        assert!(last > 0.0);
    }

    #[test]
    fn the_preset_list_names_the_engine_presets() {
        for p in presets() {
            assert!(
                PRESETS.iter().any(|(k, l)| *k == p.key && *l == p.label),
                "{}",
                p.key
            );
        }
    }

    #[test]
    fn the_user_round_is_marked() {
        let o = run(
            &settings("-5"),
            Some(UserPosition {
                side: Side::Long,
                liquidation_price: 56_500.0,
            }),
        )
        .unwrap();
        let k = o.report.user.unwrap().round.unwrap();
        let (plot, table) = cascade_plot(&o, "USDT");
        assert!(plot
            .marks
            .iter()
            .any(|m| m.vertical && m.at == f64::from(k)));
        if k >= 2 {
            assert_eq!(table.rows[k as usize - 1].class, "bad");
        }
    }
}
