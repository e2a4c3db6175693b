//! The closed-form risk figures in words: each value with `data-value` (15-decimal
//! probabilities, for comparison with `levcalc eval`) and a one-line plain explanation.

use super::model::{binding_text, RiskData};
use super::text;
use crate::engine::num::from_f64;
use crate::ui::format;
use crate::ui::stat::Stat;
use crate::ui::units::Units;
use crate::ui::Ctx;
use leptos::either::Either;
use leptos::prelude::*;
use std::sync::Arc;

/// One figure: the page's figure card ([`Stat`]).
type Fig = Stat;

/// Money from a fraction of the notional.
fn money(fraction: f64, d: &RiskData, u: &Units) -> String {
    match from_f64(fraction * d.notional) {
        Some(v) => format!("{} {}", format::amount(v, u.coin_settled), u.settle()),
        None => format::DASH.to_owned(),
    }
}

fn watched(d: &RiskData) -> String {
    match d.mark_interval {
        Some(s) => format!("mark price checked every {} s", text::trimmed(s, 3)),
        None => "mark price watched continuously".to_owned(),
    }
}

fn figures(d: &RiskData, u: &Units) -> Vec<Fig> {
    let h = text::horizon(d.horizon_hours);
    let f = &d.figures;
    let p = |testid, label: String, v: Option<f64>, detail: String| Fig {
        testid,
        label,
        text: v.map(text::prob).unwrap_or_else(|| format::DASH.to_owned()),
        exact: v.map(text::prob_exact).unwrap_or_default(),
        se: None,
        detail,
    };
    let mut out = vec![
        p(
            "risk-prob-liquidation",
            format!("Liquidation within {h}"),
            Some(f.prob_touch_liquidation),
            match d.liquidation {
                Some(lp) => format!(
                    "Chance the price touches your liquidation price ({}) at some point in the next {h} ({}).",
                    text::price(lp),
                    watched(d)
                ),
                None => "No price liquidates this position.".to_owned(),
            },
        ),
        p(
            "risk-prob-stop",
            format!("Stop hit within {h}"),
            f.prob_touch_stop,
            if f.prob_touch_stop.is_some() {
                format!("Chance your stop is touched in the next {h}.")
            } else {
                "Set a stop to see this.".to_owned()
            },
        ),
        p(
            "risk-prob-target",
            format!("Target reached within {h}"),
            f.prob_touch_target,
            if f.prob_touch_target.is_some() {
                format!("Chance your target is touched in the next {h}.")
            } else {
                "Set a target to see this.".to_owned()
            },
        ),
        p(
            "risk-prob-target-first",
            "Target before stop".to_owned(),
            f.prob_target_before_stop,
            "If you hold until one of them is hit, however long that takes: chance the target comes first.".to_owned(),
        ),
        p(
            "risk-prob-target-first-within",
            format!("Target first, within {h}"),
            f.prob_target_before_stop_within,
            format!("Chance the target is hit before the stop and within the next {h}."),
        ),
    ];
    if let Some(hr) = d.horizon {
        let conf = text::pct(hr.confidence, 1);
        out.push(Fig {
            testid: "risk-expected-loss",
            label: format!("Expected loss over {h}"),
            text: money(hr.expected_loss, d, u),
            exact: text::plain(hr.expected_loss * d.notional, 6),
            se: None,            detail: "The average loss, counting gains as zero, with your stop, target and liquidation closing the trade (before fees).".to_owned(),
        });
        out.push(Fig {
            testid: "risk-var",
            label: format!("Value at risk ({conf})"),
            text: money(hr.value_at_risk, d, u),
            exact: String::new(),
            se: None,
            detail: format!("In {conf} of cases the loss over {h} stays below this."),
        });
        out.push(Fig {
            testid: "risk-es",
            label: format!("Expected shortfall ({conf})"),
            text: money(hr.expected_shortfall, d, u),
            exact: String::new(),
            se: None,
            detail: format!(
                "The average loss in the worst {} of cases.",
                text::pct(1.0 - hr.confidence, 1)
            ),
        });
    }
    let limits = format!(
        "liquidation at most {} likely within {h}{}",
        text::prob(d.limit),
        d.stop
            .map(|_| format!(
                " and at least {}σ ({}) beyond the stop",
                text::trimmed(d.buffer, 2),
                text::pct(d.buffer * d.horizon_sigma, 2)
            ))
            .unwrap_or_default()
    );
    out.push(match d.safe {
        Some(s) => Fig {
            testid: "risk-safe-leverage",
            label: "Safe leverage".to_owned(),
            text: format!("up to {}", text::lev_floor(s.leverage)),
            exact: text::plain(s.leverage, 6),
            se: None,
            detail: format!(
                "The highest leverage with {limits}: {}.",
                binding_text(s.binding)
            ),
        },
        None => Fig {
            testid: "risk-safe-leverage",
            label: "Safe leverage".to_owned(),
            text: "none".to_owned(),
            exact: String::new(),
            se: None,
            detail: format!("Not even 1× keeps {limits}."),
        },
    });
    out.push(match d.kelly {
        Some(k) => Fig {
            testid: "risk-kelly",
            label: "Kelly leverage".to_owned(),
            text: format!("{} (half: {})", text::lev(k), text::lev(k / 2.0)),
            exact: text::plain(k, 6),
            se: None,            detail: format!(
                "Growth-optimal for a constantly rebalanced position, μ/σ² with drift {} and σ {}{}. A reference only: it ignores liquidation and fees.",
                text::pct(d.mu, 1),
                text::pct(d.sigma, 1),
                if k < 0.0 { " (negative: the model favours a short)" } else { "" }
            ),
        },
        None => Fig {
            testid: "risk-kelly",
            label: "Kelly leverage".to_owned(),
            text: format::DASH.to_owned(),
            exact: String::new(),
            se: None,            detail: "Needs a volatility above zero.".to_owned(),
        },
    });
    out
}

#[component]
pub fn Figures(ctx: Ctx, data: Memo<Option<Arc<RiskData>>>) -> impl IntoView {
    // The list element is kept while there are figures; only its markup changes.
    let shown = Memo::new(move |_| data.with(Option::is_some));
    let markup = move || {
        data.with(|d| {
            d.as_ref()
                .map(|d| crate::ui::stat::markup(&ctx.units.with(|u| figures(d, u))))
                .unwrap_or_default()
        })
    };
    move || match shown.get() {
        true => Either::Left(view! { <dl class="stats risk-stats" inner_html=markup></dl> }),
        false => Either::Right(view! {
            <p class="status" data-testid="risk-empty">
                {move || {
                    if ctx.eval.with(Result::is_err) {
                        "Fix the highlighted input to see the liquidation risk."
                    } else {
                        "Enter a volatility to see the liquidation risk."
                    }
                }}
            </p>
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{evaluate_scenario, Num, Scenario};

    #[test]
    fn every_figure_reads_without_nan() {
        let s = Scenario {
            volatility_annual: Some(Num::new("0.6")),
            horizon_hours: Some(Num::new("24")),
            drift_annual: Some(Num::new("0.2")),
            ..Scenario::default()
        };
        let e = evaluate_scenario(&s).unwrap();
        let d = super::super::model::build(&e).unwrap();
        let u = Units::new(s.venue, "BTCUSDT", false);
        let list = figures(&d, &u);
        assert_eq!(list.len(), 10);
        for f in &list {
            for t in [&f.text, &f.detail, &f.label] {
                assert!(
                    !t.contains("NaN") && !t.contains("inf"),
                    "{}: {t}",
                    f.testid
                );
            }
        }
        let liq = list
            .iter()
            .find(|f| f.testid == "risk-prob-liquidation")
            .unwrap();
        let v: f64 = liq.exact.parse().unwrap();
        assert!((v - e.risk.unwrap().figures.prob_touch_liquidation).abs() < 1e-15);
        assert!(list
            .iter()
            .any(|f| f.testid == "risk-kelly" && f.text.starts_with("0.56×")));
    }
}
