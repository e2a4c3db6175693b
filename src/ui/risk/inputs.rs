//! The risk inputs: volatility (annual, daily or from an ATR), horizon, drift, the
//! safe-leverage limit and buffer, and the mark-price interval. Each writes raw text into
//! `FormValues::risk_model`; the scenario memo does the rest. The fields are described by a
//! table ([`Spec`]) and drawn by one loop.

use super::params::{HorizonUnit, VolMode};
use super::text;
use crate::ui::fields::{Lens, NumField, SelectField};
use crate::ui::state::FormValues;
use crate::ui::Ctx;
use leptos::prelude::*;

/// The unit shown after a label.
#[derive(Clone, Copy)]
pub enum Unit {
    Fixed(&'static str),
    /// "% a year" or "% a day", by the volatility mode.
    Volatility,
    /// "hours" or "days".
    Horizon,
    /// The quote currency.
    Quote,
}

/// One text input.
#[derive(Clone, Copy)]
pub struct Spec {
    pub id: &'static str,
    pub label: &'static str,
    pub lens: Lens,
    pub unit: Unit,
    pub placeholder: &'static str,
    pub hint: &'static str,
    /// Shown only when this holds.
    pub shown: fn(&FormValues) -> bool,
}

macro_rules! rlens {
    ($f:ident) => {
        Lens {
            get: |v| &v.risk_model.$f,
            set: |v| &mut v.risk_model.$f,
        }
    };
}
pub(crate) use rlens;

fn always(_: &FormValues) -> bool {
    true
}

const VOLATILITY: [Spec; 3] = [
    Spec {
        id: "volatility",
        label: "Volatility",
        lens: rlens!(volatility),
        unit: Unit::Volatility,
        placeholder: "e.g. 60",
        hint: "",
        shown: |f| f.risk_model.vol_mode != VolMode::Atr,
    },
    Spec {
        id: "atr",
        label: "ATR",
        lens: rlens!(atr),
        unit: Unit::Quote,
        placeholder: "",
        hint: "Average true range of recent candles, at the entry (or mark) price.",
        shown: |f| f.risk_model.vol_mode == VolMode::Atr,
    },
    Spec {
        id: "atr-hours",
        label: "Candle length",
        lens: rlens!(atr_hours),
        unit: Unit::Fixed("hours"),
        placeholder: "",
        hint: "",
        shown: |f| f.risk_model.vol_mode == VolMode::Atr,
    },
];

const HORIZON: [Spec; 1] = [Spec {
    id: "horizon",
    label: "Horizon",
    lens: rlens!(horizon),
    unit: Unit::Horizon,
    placeholder: "",
    hint: "How long the position is held at risk.",
    shown: always,
}];

const DRIFT: [Spec; 1] = [Spec {
    id: "drift",
    label: "Drift",
    lens: rlens!(drift),
    unit: Unit::Fixed("% a year"),
    placeholder: "0",
    hint: "Expected trend μ; blank for none.",
    shown: always,
}];

const LIMITS: [Spec; 3] = [
    Spec {
        id: "risk-limit",
        label: "Liquidation limit",
        lens: rlens!(limit),
        unit: Unit::Fixed("% chance"),
        placeholder: "5",
        hint: "Safe leverage keeps the chance of touching liquidation within the horizon at or below this.",
        shown: always,
    },
    Spec {
        id: "buffer",
        label: "Stop buffer",
        lens: rlens!(buffer),
        unit: Unit::Fixed("σ"),
        placeholder: "1",
        hint: "Liquidation must lie this many horizon σ beyond the stop.",
        shown: always,
    },
    Spec {
        id: "mark-interval",
        label: "Mark price every",
        lens: rlens!(mark_interval),
        unit: Unit::Fixed("s"),
        placeholder: "continuous",
        hint: "Blank: watched continuously. Seconds: Broadie–Glasserman–Kou correction.",
        shown: always,
    },
];

/// The inputs of `specs`, each a [`NumField`].
pub fn fields(ctx: Ctx, specs: &'static [Spec]) -> impl IntoView {
    let form = ctx.form;
    let units = ctx.units;
    specs
        .iter()
        .map(move |s| {
            let unit = Signal::derive(move || match s.unit {
                Unit::Fixed(u) => u.to_owned(),
                Unit::Volatility => form.with(|f| {
                    if f.risk_model.vol_mode == VolMode::Daily {
                        "% a day"
                    } else {
                        "% a year"
                    }
                    .to_owned()
                }),
                Unit::Horizon => form.with(|f| match f.risk_model.horizon_unit {
                    HorizonUnit::Hours => "hours",
                    HorizonUnit::Days => "days",
                })
                .to_owned(),
                Unit::Quote => units.with(|u| u.quote.clone()),
            });
            let hint = Signal::derive(move || s.hint.to_owned());
            let placeholder = Signal::derive(move || s.placeholder.to_owned());
            let hidden = Signal::derive(move || !form.with(s.shown));
            view! { <NumField ctx=ctx id=s.id label=s.label lens=s.lens unit=unit hint=hint placeholder=placeholder hidden=hidden /> }
        })
        .collect_view()
}

#[component]
pub fn RiskInputs(ctx: Ctx) -> impl IntoView {
    let form = ctx.form;
    // The σ in use, in both units, from the evaluated scenario.
    let sigma_hint = Signal::derive(move || {
        ctx.eval
            .with(|e| match e.as_ref().ok().and_then(|e| e.risk) {
                Some(r) => format!(
                    "In use: {} a year = {} a day (365-day year).",
                    text::pct(r.volatility_annual, 2),
                    text::pct(r.volatility_annual / 365f64.sqrt(), 3)
                ),
                None => "Blank: no risk figures.".to_owned(),
            })
    });
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    };
    let vol_opts: Vec<(String, String)> = VolMode::ALL
        .iter()
        .map(|m| (m.key().to_owned(), m.label().to_owned()))
        .collect();
    view! {
        <fieldset class="risk-inputs">
            <legend>"Volatility and horizon"</legend>
            <div class="row">
                <SelectField
                    id="vol-mode"
                    label="Volatility given as"
                    options=vol_opts
                    value=Signal::derive(move || form.with(|f| f.risk_model.vol_mode.key().to_owned()))
                    on_change=move |v: String| {
                        if let Some(m) = VolMode::from_key(&v) {
                            form.update(|f| f.risk_model.vol_mode = m);
                        }
                    }
                    hint=sigma_hint
                />
                {fields(ctx, &VOLATILITY)}
            </div>
            <div class="row">
                {fields(ctx, &HORIZON)}
                <SelectField
                    id="horizon-unit"
                    label="Horizon in"
                    options=pairs(&[("hours", "Hours"), ("days", "Days")])
                    value=Signal::derive(move || {
                        form.with(|f| match f.risk_model.horizon_unit {
                            HorizonUnit::Hours => "hours",
                            HorizonUnit::Days => "days",
                        })
                        .to_owned()
                    })
                    on_change=move |v: String| {
                        form.update(|f| {
                            f.risk_model.horizon_unit = if v == "days" { HorizonUnit::Days } else { HorizonUnit::Hours };
                        })
                    }
                />
                {fields(ctx, &DRIFT)}
            </div>
            <div class="row">{fields(ctx, &LIMITS)}</div>
        </fieldset>
    }
}
