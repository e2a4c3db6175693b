//! The dynamics panels' own inputs, as typed, and the settings they describe.
//!
//! Everything here is plain data and plain functions (tested natively): [`DynForm`] holds the
//! raw text of every input of the four panels; `*_config` parse it into the engine's settings or
//! name the input to blame. The trade itself (and the funding fields, which belong to the
//! scenario) stays in [`crate::ui::state::FormValues`].

pub use super::field::{Bad, DField};
use crate::engine::cascade::{EntryBucket, ImpactLaw, LeverageBucket, MarketSpec};
use crate::engine::cppi::CppiConfig;
use crate::engine::input::parse_decimal;
use crate::engine::num::to_f64;
use crate::engine::risk::montecarlo::Increments;
use crate::engine::{CalcError, Field};
use rust_decimal::Decimal;

/// Leverages of the cascade's market mix.
pub const MIX_LEVERAGES: [f64; 5] = [5.0, 10.0, 25.0, 50.0, 100.0];
/// Entry buckets of the cascade's market.
pub const ENTRY_BUCKETS: usize = 21;
/// CPPI simulation step: one hour.
pub const STEPS_PER_DAY: u32 = 24;

/// One planned add of the averaging-in ladder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RungRow {
    pub id: u32,
    pub price: String,
    pub quantity: String,
}

/// Every input of the dynamics panels, as typed (percentages in percent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DynForm {
    // Volatility drag.
    pub sigma: String,
    pub mu: String,
    pub drag_days: String,
    // Account what-ifs, ladder and limits.
    /// The position the what-ifs act on (0: this trade).
    pub position: usize,
    pub target_liq: String,
    pub target_lev: String,
    pub target_mr: String,
    pub alert_mr: String,
    pub rungs: Vec<RungRow>,
    pub next_rung: u32,
    pub lim_risk: String,
    pub lim_lev: String,
    pub lim_notional: String,
    pub lim_tier: String,
    // CPPI.
    pub capital: String,
    pub floor: String,
    pub mult: String,
    pub max_lev: String,
    pub cppi_sigma: String,
    pub cppi_mu: String,
    pub cppi_days: String,
    /// Hours between rebalancing dates.
    pub rebalance: String,
    /// `gbm`, `t` or `jumps`.
    pub law: String,
    pub paths: String,
    pub seed: String,
    // Cascade.
    pub preset: String,
    /// Open interest, in millions of the quote coin.
    pub long_oi: String,
    pub short_oi: String,
    /// Entries spread from/to, percent of the price.
    pub entry_from: String,
    pub entry_to: String,
    /// Weights (percent) of 5×, 10×, 25×, 50×, 100×.
    pub mix: [String; 5],
    pub cascade_mmr: String,
    /// 1 % depth, millions of the quote coin.
    pub depth: String,
    /// `sqrt` or `linear`.
    pub impact: String,
    /// Initial shock, percent.
    pub shock: String,
    /// What [`DynForm::follow_trade`] last set, to tell the user's own values from its.
    pub trade_defaults: TradeDefaults,
    /// Values a link set (the user's): the trade no longer moves them.
    pub pinned: Pinned,
}

/// Which of the values that follow the trade a link set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pinned {
    pub target_liq: bool,
    pub rungs: bool,
}

impl Default for DynForm {
    fn default() -> Self {
        let mut f = DynForm {
            sigma: String::new(),
            mu: String::new(),
            drag_days: "90".into(),
            position: 0,
            target_liq: "50000".into(),
            target_lev: "5".into(),
            target_mr: "2".into(),
            alert_mr: "80".into(),
            rungs: vec![
                RungRow {
                    id: 1,
                    price: "58800".into(),
                    quantity: "0.5".into(),
                },
                RungRow {
                    id: 2,
                    price: "57600".into(),
                    quantity: "0.5".into(),
                },
            ],
            next_rung: 3,
            lim_risk: "2".into(),
            lim_lev: "10".into(),
            lim_notional: String::new(),
            lim_tier: String::new(),
            capital: "10000".into(),
            floor: "8000".into(),
            mult: "4".into(),
            max_lev: "2".into(),
            cppi_sigma: String::new(),
            cppi_mu: String::new(),
            cppi_days: "90".into(),
            rebalance: "24".into(),
            law: "jumps".into(),
            paths: "2000".into(),
            seed: "1".into(),
            preset: String::new(),
            long_oi: String::new(),
            short_oi: String::new(),
            entry_from: String::new(),
            entry_to: String::new(),
            mix: Default::default(),
            cascade_mmr: String::new(),
            depth: String::new(),
            impact: String::new(),
            shock: "-5".into(),
            trade_defaults: TradeDefaults::default(),
            pinned: Pinned::default(),
        };
        f.apply_preset("balanced");
        f
    }
}

/// The account tab's inputs that depend on the trade's prices and size, as last set from the
/// trade ([`DynForm::follow_trade`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TradeDefaults {
    pub target_liq: String,
    pub rungs: Vec<(String, String)>,
}

/// `d` with at most `digits` significant digits (a price or size for reading and editing).
fn significant(d: Decimal, digits: u32) -> String {
    let int_digits = d.abs().trunc().to_string().trim_start_matches('0').len();
    let dp = digits.saturating_sub(u32::try_from(int_digits).unwrap_or(digits));
    d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

/// How far from the entry (a fraction of it) the two default rungs sit: a third and two
/// thirds of the way to a stop on the losing side, else 2 % and 4 %.
fn rung_fractions(long: bool, entry: Decimal, stop: Option<Decimal>) -> [Decimal; 2] {
    use crate::engine::num::{div, mul, sub};
    let fallback = [Decimal::new(2, 2), Decimal::new(4, 2)];
    let Some(stop) = stop else {
        return fallback;
    };
    let gap = if long {
        sub(entry, stop)
    } else {
        sub(stop, entry)
    };
    let Some(frac) = gap
        .ok()
        .and_then(|g| div(g, entry).ok())
        .filter(|f| *f > Decimal::ZERO)
    else {
        return fallback;
    };
    let third = div(frac, Decimal::from(3)).unwrap_or(fallback[0]);
    [third, mul(third, Decimal::TWO).unwrap_or(fallback[1])]
}

impl DynForm {
    /// Follow the trade (issue 13 §2): the target liquidation price 5 % of the entry further
    /// from the entry than the trade's own (or 20 % from the entry with none), and two ladder
    /// rungs against the position, at a third and two thirds of the way to the stop (2 % and
    /// 4 % without one), each half the trade's size (whole contracts when `whole`). An input
    /// the user changed since the last time is kept.
    pub fn follow_trade(
        &mut self,
        long: bool,
        entry: Decimal,
        quantity: Decimal,
        liquidation: Option<Decimal>,
        stop: Option<Decimal>,
        whole: bool,
    ) {
        use crate::engine::num::{add, mul, sub};
        let pct = |n: i64| Decimal::new(n, 2);
        // Against the position: below the entry for a long, above for a short.
        let away = |base: Decimal, by: Decimal| -> Option<Decimal> {
            let d = mul(entry, by).ok()?;
            if long {
                sub(base, d).ok()
            } else {
                add(base, d).ok()
            }
        };
        let target = match liquidation {
            Some(lp) => away(lp, pct(5)),
            None => away(entry, pct(20)),
        }
        .filter(|p| *p > Decimal::ZERO);
        let half = mul(quantity, pct(50)).ok().map(|q| {
            if whole {
                q.floor().max(Decimal::ONE)
            } else {
                q
            }
        });
        let new = TradeDefaults {
            target_liq: target.map(|t| significant(t, 6)).unwrap_or_default(),
            rungs: rung_fractions(long, entry, stop)
                .iter()
                .filter_map(|by| {
                    let price = away(entry, *by).filter(|p| *p > Decimal::ZERO)?;
                    Some((significant(price, 6), significant(half?, 6)))
                })
                .collect(),
        };
        let old = std::mem::replace(&mut self.trade_defaults, new.clone());
        if !self.pinned.target_liq
            && (self.target_liq == old.target_liq || old == TradeDefaults::default())
        {
            self.target_liq = new.target_liq;
        }
        let untouched = self.rungs_are(&old.rungs);
        if !self.pinned.rungs
            && (untouched || old == TradeDefaults::default())
            && old.rungs != new.rungs
        {
            // New ids: the rows are drawn again with the new values.
            self.rungs = new
                .rungs
                .iter()
                .map(|(price, quantity)| {
                    let id = self.next_rung;
                    self.next_rung = self.next_rung.saturating_add(1);
                    RungRow {
                        id,
                        price: price.clone(),
                        quantity: quantity.clone(),
                    }
                })
                .collect();
        }
    }
}

/// The cascade's leverage-share inputs, in the order of [`MIX_LEVERAGES`].
const MIX_FIELDS: [DField; 5] = [
    DField::Mix5,
    DField::Mix10,
    DField::Mix25,
    DField::Mix50,
    DField::Mix100,
];

fn bad(field: DField, msg: impl Into<String>) -> Bad {
    Bad {
        field,
        msg: msg.into(),
    }
}

/// `text` read by the page's one decimal parser ([`parse_decimal`]: `1,234.5` is a number,
/// `1,5` asks for a point), its reason worded for `label`.
pub fn exact(field: DField, label: &str, text: &str) -> Result<Decimal, Bad> {
    // The field only carries the kind of problem here: the message names `label`.
    parse_decimal(Field::Quantity, text).map_err(|e| {
        let why = match e {
            CalcError::DecimalComma(_) => {
                format!("{label}: use a point for decimals (a comma groups thousands: 1,234.5).")
            }
            CalcError::TooPrecise(_) => {
                format!("{label} has more than 28 significant digits: round it.")
            }
            CalcError::TooLong(_) => format!("{label} is too long to be a number."),
            CalcError::TooLarge { .. } => format!("{label} is too large."),
            CalcError::TooSmall { .. } => format!("{label} is too small (at least 1e-28)."),
            _ => format!("{label} must be a number."),
        };
        bad(field, why)
    })
}

/// `text` as a decimal by the one parser; `None` when it is blank or not a number.
pub use crate::ui::state::read_number as read;

/// Parse `text` exactly and check `min ≤ x ≤ max`.
pub fn number(field: DField, label: &str, text: &str, min: f64, max: f64) -> Result<f64, Bad> {
    let d = exact(field, label, text)?;
    let x = to_f64(d);
    if x.is_nan() || x < min {
        return Err(bad(
            field,
            format!("{label} must be at least {}.", show(min)),
        ));
    }
    if x > max {
        return Err(bad(
            field,
            format!("{label} must be at most {}.", show(max)),
        ));
    }
    Ok(x)
}

/// Like [`number`], with `default` for a blank input.
pub fn number_or(
    field: DField,
    label: &str,
    text: &str,
    default: f64,
    min: f64,
    max: f64,
) -> Result<f64, Bad> {
    if text.trim().is_empty() {
        Ok(default)
    } else {
        number(field, label, text, min, max)
    }
}

/// What a blank volatility or drift means: the trade's own (from the risk inputs, when the
/// scenario has them), else an illustrative default. Percent a year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fallback {
    pub sigma: f64,
    /// Drift for the drag chart (20 % a year unless the trade gives one, so that a growth
    /// optimum exists) and for CPPI (0 unless the trade gives one).
    pub mu_drag: f64,
    pub mu_cppi: f64,
    /// The values come from the trade's risk inputs.
    pub from_trade: bool,
}

impl Fallback {
    /// From the scenario's `volatility_annual` and `drift_annual`, when it has them.
    pub fn of(s: Option<&crate::scenario::Scenario>) -> Fallback {
        use crate::engine::Field;
        let pct = |n: &Option<crate::scenario::Num>, f: Field| {
            n.as_ref()
                .and_then(|n| n.parse(f).ok())
                .map(|d| to_f64(d) * 100.0)
                .filter(|x| x.is_finite())
        };
        match s.and_then(|s| pct(&s.volatility_annual, Field::Volatility).map(|v| (s, v))) {
            Some((s, sigma)) => {
                let mu = pct(&s.drift_annual, Field::Drift).unwrap_or(0.0);
                Fallback {
                    sigma,
                    mu_drag: mu,
                    mu_cppi: mu,
                    from_trade: true,
                }
            }
            None => Fallback {
                sigma: 60.0,
                mu_drag: 20.0,
                mu_cppi: 0.0,
                from_trade: false,
            },
        }
    }
}

/// A decimal input, exact; blank gives `None`.
pub fn decimal(field: DField, label: &str, text: &str) -> Result<Option<Decimal>, Bad> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    exact(field, label, t).map(Some)
}

fn show(x: f64) -> String {
    super::plot::num(x, 6)
}

/// Volatility-drag settings: σ, μ (fractions) and days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DragConfig {
    pub sigma: f64,
    pub mu: f64,
    pub days: u32,
}

/// A CPPI run's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CppiSettings {
    pub config: CppiConfig,
    pub sigma: f64,
    pub mu: f64,
    pub law: Increments,
    pub paths: u64,
    pub seed: u64,
}

/// A cascade's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct CascadeSettings {
    pub spec: MarketSpec,
    pub shock: f64,
}

/// The jump law of the "jumps" model: 2 jumps a year of −20 % ± 10 % (log).
pub const JUMPS: Increments = Increments::MertonJumps {
    intensity: 2.0,
    jump_mean: -0.2,
    jump_std: 0.1,
};

impl DynForm {
    pub fn drag_config(&self, fb: Fallback) -> Result<DragConfig, Bad> {
        Ok(DragConfig {
            sigma: number_or(
                DField::Sigma,
                "Volatility",
                &self.sigma,
                fb.sigma,
                0.0,
                2000.0,
            )? / 100.0,
            mu: number_or(
                DField::Mu,
                "Drift",
                &self.mu,
                fb.mu_drag,
                -10_000.0,
                10_000.0,
            )? / 100.0,
            days: number(DField::DragDays, "Horizon", &self.drag_days, 1.0, 36_500.0)? as u32,
        })
    }

    pub fn cppi_settings(&self, fb: Fallback) -> Result<CppiSettings, Bad> {
        let capital = number(DField::Capital, "Capital", &self.capital, 1e-6, 1e15)?;
        let floor = number(DField::Floor, "Floor", &self.floor, 0.0, 1e15)?;
        if floor >= capital {
            return Err(bad(DField::Floor, "The floor must be below the capital."));
        }
        let multiplier = number(DField::Mult, "Multiplier", &self.mult, 0.0, 100.0)?;
        let max_leverage = number(
            DField::MaxLev,
            "Maximum leverage",
            &self.max_lev,
            0.0,
            100.0,
        )?;
        let sigma = number_or(
            DField::CppiSigma,
            "Volatility",
            &self.cppi_sigma,
            fb.sigma,
            0.0,
            2000.0,
        )? / 100.0;
        let mu = number_or(
            DField::CppiMu,
            "Drift",
            &self.cppi_mu,
            fb.mu_cppi,
            -10_000.0,
            10_000.0,
        )? / 100.0;
        let days = number(DField::CppiDays, "Horizon", &self.cppi_days, 1.0, 3650.0)? as u32;
        let every = number(
            DField::Rebalance,
            "Rebalancing interval",
            &self.rebalance,
            1.0,
            8760.0,
        )?;
        let law = match self.law.as_str() {
            "t" => Increments::StudentT { df: 3.0 },
            "jumps" => JUMPS,
            _ => Increments::Gaussian,
        };
        let paths = number(DField::Paths, "Paths", &self.paths, 100.0, 20_000.0)? as u64;
        let seed = number(DField::Seed, "Seed", &self.seed, 0.0, 1e15)? as u64;
        Ok(CppiSettings {
            config: CppiConfig {
                capital,
                floor,
                multiplier,
                max_leverage,
                cash_rate: 0.0,
                horizon_years: f64::from(days) / 365.0,
                steps: days * STEPS_PER_DAY,
                rebalance_every: every as u32,
            },
            sigma,
            mu,
            law,
            paths,
            seed,
        })
    }

    /// The cascade's market around `price` (the trade's mark), and the shock.
    pub fn cascade_settings(&self, price: f64) -> Result<CascadeSettings, Bad> {
        let million =
            |field, label, text: &str| Ok::<f64, Bad>(number(field, label, text, 0.0, 1e9)? * 1e6);
        let long = million(DField::LongOi, "Long open interest", &self.long_oi)?;
        let short = million(DField::ShortOi, "Short open interest", &self.short_oi)?;
        let from = number(
            DField::EntryFrom,
            "Entries from",
            &self.entry_from,
            -99.0,
            1000.0,
        )? / 100.0;
        let to = number(DField::EntryTo, "Entries to", &self.entry_to, -99.0, 1000.0)? / 100.0;
        if to < from {
            return Err(bad(
                DField::EntryTo,
                "Entries to must not be below entries from.",
            ));
        }
        let mut leverages = Vec::with_capacity(5);
        for (i, lev) in MIX_LEVERAGES.iter().enumerate() {
            let w = number(MIX_FIELDS[i], "A leverage share", &self.mix[i], 0.0, 100.0)?;
            leverages.push(LeverageBucket {
                leverage: *lev,
                weight: w,
            });
        }
        if leverages.iter().all(|l| l.weight == 0.0) {
            return Err(bad(
                DField::Mix5,
                "At least one leverage needs a share above 0.",
            ));
        }
        let mid = (from + to) / 2.0;
        let entries = EntryBucket::uniform((to - from) / 2.0, ENTRY_BUCKETS)
            .into_iter()
            .map(|e| EntryBucket {
                offset: e.offset + mid,
                ..e
            })
            .collect();
        let depth = million(DField::Depth, "Depth", &self.depth)?;
        if depth <= 0.0 {
            return Err(bad(
                DField::Depth,
                "Depth must be above 0: an empty book has no price.",
            ));
        }
        Ok(CascadeSettings {
            spec: MarketSpec {
                price,
                long_open_interest: long,
                short_open_interest: short,
                entries,
                leverages,
                maintenance_rate: number(
                    DField::CascadeMmr,
                    "Maintenance rate",
                    &self.cascade_mmr,
                    0.0,
                    49.0,
                )? / 100.0,
                depth,
                impact: if self.impact == "linear" {
                    ImpactLaw::Linear
                } else {
                    ImpactLaw::SquareRoot
                },
            },
            shock: number(DField::Shock, "Shock", &self.shock, -99.0, 1000.0)? / 100.0,
        })
    }

    /// Fill the market inputs from a preset (by key); unknown keys change nothing.
    /// Do the ladder's rungs hold exactly these (price, size) pairs, in order?
    pub fn rungs_are(&self, pairs: &[(String, String)]) -> bool {
        self.rungs.len() == pairs.len()
            && self
                .rungs
                .iter()
                .zip(pairs)
                .all(|(r, (p, q))| r.price == *p && r.quantity == *q)
    }

    /// The ladder's rungs are the user's (a link set them): the trade no longer moves them.
    pub fn pin_rungs(&mut self) {
        self.pinned.rungs = true;
    }

    /// The account target is the user's (a link set it).
    pub fn pin_target(&mut self) {
        self.pinned.target_liq = true;
    }

    pub fn apply_preset(&mut self, key: &str) {
        let Some(p) = crate::engine::cascade::presets()
            .into_iter()
            .find(|p| p.key == key)
        else {
            return;
        };
        let s = &p.spec;
        let text = |x: f64| super::plot::num(x, 4).replace(['\u{2212}', ','], "");
        let signed = |x: f64| {
            let t = text(x.abs());
            if x < 0.0 {
                format!("-{t}")
            } else {
                t
            }
        };
        self.preset = key.to_owned();
        self.long_oi = text(s.long_open_interest / 1e6);
        self.short_oi = text(s.short_open_interest / 1e6);
        let lo = s
            .entries
            .iter()
            .map(|e| e.offset)
            .fold(f64::INFINITY, f64::min);
        let hi = s
            .entries
            .iter()
            .map(|e| e.offset)
            .fold(f64::NEG_INFINITY, f64::max);
        self.entry_from = signed(lo * 100.0);
        self.entry_to = signed(hi * 100.0);
        let total: f64 = s.leverages.iter().map(|l| l.weight).sum();
        for (i, lev) in MIX_LEVERAGES.iter().enumerate() {
            let w = s
                .leverages
                .iter()
                .find(|l| l.leverage == *lev)
                .map_or(0.0, |l| l.weight / total * 100.0);
            self.mix[i] = text(w);
        }
        self.cascade_mmr = text(s.maintenance_rate * 100.0);
        self.depth = text(s.depth / 1e6);
        self.impact = match s.impact {
            ImpactLaw::Linear => "linear".into(),
            _ => "sqrt".into(),
        };
    }

    /// Add a rung after the last one: 2 % further in the position's losing direction, same
    /// quantity (`long`: below).
    pub fn add_rung(&mut self, long: bool, fallback_price: Decimal, fallback_qty: Decimal) {
        let last = self.rungs.last();
        let price = last.and_then(|r| read(&r.price)).unwrap_or(fallback_price);
        let qty = last
            .map(|r| r.quantity.clone())
            .unwrap_or_else(|| fallback_qty.normalize().to_string());
        let factor = if long {
            Decimal::new(98, 2)
        } else {
            Decimal::new(102, 2)
        };
        let next = price
            .checked_mul(factor)
            .map(|p| {
                crate::engine::num::round_half_away(p, 8)
                    .normalize()
                    .to_string()
            })
            .unwrap_or_default();
        self.rungs.push(RungRow {
            id: self.next_rung,
            price: next,
            quantity: qty,
        });
        self.next_rung += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::cascade::presets;
    use core::str::FromStr;

    #[test]
    fn dynamics_inputs_read_numbers_as_the_main_form_does() {
        // "1,000" was "no limit" (a failed parse read as blank) in the account's limits.
        assert_eq!(read("1,000"), Some(Decimal::from(1000)));
        assert_eq!(read(" 1,234.5 "), Some(Decimal::new(12345, 1)));
        assert_eq!(read("1,5"), None);
        assert_eq!(read(""), None);
        assert_eq!(
            decimal(DField::LimNotional, "Max notional", "250,000").unwrap(),
            Some(Decimal::from(250_000))
        );
        let e = decimal(DField::LimNotional, "Max notional", "1,5").unwrap_err();
        assert_eq!(e.field, DField::LimNotional);
        assert!(e.msg.starts_with("Max notional: use a point"), "{}", e.msg);
        let e = number(DField::TargetMr, "Margin ratio", "abc", 0.0, 1.0).unwrap_err();
        assert_eq!(e.msg, "Margin ratio must be a number.");
        assert_eq!(
            number(DField::TargetMr, "Margin ratio", "0.5", 0.0, 1.0).unwrap(),
            0.5
        );
        let long = format!("0.{}", "1".repeat(40));
        assert!(exact(DField::Sigma, "Buffer", &long)
            .unwrap_err()
            .msg
            .contains("28 significant digits"));
    }

    #[test]
    fn the_account_defaults_follow_the_trade() {
        // The ETHUSDT short at 3,000: rungs above the entry, half the size each.
        let mut f = DynForm::default();
        let d = |t: &str| Decimal::from_str(t).unwrap();
        f.follow_trade(
            false,
            d("3000"),
            d("4"),
            Some(d("3180")),
            Some(d("3120")),
            false,
        );
        assert_eq!(f.target_liq, "3330");
        let rungs: Vec<_> = f
            .rungs
            .iter()
            .map(|r| (r.price.as_str(), r.quantity.as_str()))
            .collect();
        assert_eq!(
            rungs,
            [("3040", "2"), ("3080", "2")],
            "a third and two thirds to the stop"
        );
        // A long DOGE position: below the entry, six significant digits.
        f.follow_trade(true, d("0.2"), d("10000"), Some(d("0.181")), None, false);
        assert_eq!(f.target_liq, "0.171");
        assert_eq!(f.rungs[0].price, "0.196");
        assert_eq!(f.rungs[1].quantity, "5000");
        // What the user typed stays when the trade moves.
        f.target_liq = "0.15".into();
        f.rungs[0].price = "0.19".into();
        f.follow_trade(true, d("0.21"), d("10000"), Some(d("0.19")), None, false);
        assert_eq!(f.target_liq, "0.15");
        assert_eq!(f.rungs[0].price, "0.19");
        // Inverse: whole contracts.
        let mut g = DynForm::default();
        g.follow_trade(true, d("60000"), d("5"), None, None, true);
        assert_eq!(g.rungs[0].quantity, "2");
        assert_eq!(g.target_liq, "48000");
    }

    #[test]
    fn defaults_parse_into_engine_settings() {
        let f = DynForm::default();
        let d = f.drag_config(Fallback::of(None)).unwrap();
        assert_eq!((d.sigma, d.mu, d.days), (0.6, 0.2, 90));
        let c = f.cppi_settings(Fallback::of(None)).unwrap();
        assert_eq!(c.config.steps, 90 * 24);
        assert_eq!(c.config.rebalance_every, 24);
        assert_eq!(c.law, JUMPS);
        assert!(crate::engine::cppi::Cppi::new(
            c.config,
            crate::engine::cppi::PathModel::new(c.sigma, c.mu, c.law).unwrap()
        )
        .is_ok());
    }

    #[test]
    fn the_balanced_preset_round_trips_through_the_inputs() {
        let f = DynForm::default();
        let s = f.cascade_settings(60_000.0).unwrap();
        let p = &presets()[0].spec;
        assert_eq!(s.spec.long_open_interest, p.long_open_interest);
        assert_eq!(s.spec.depth, p.depth);
        assert_eq!(s.spec.impact, p.impact);
        assert_eq!(s.spec.entries.len(), p.entries.len());
        for (a, b) in s.spec.entries.iter().zip(&p.entries) {
            assert!((a.offset - b.offset).abs() < 1e-12);
        }
        assert!((s.spec.maintenance_rate - p.maintenance_rate).abs() < 1e-15);
        assert_eq!(s.shock, -0.05);
        assert!(crate::engine::cascade::Market::new(s.spec).is_ok());
    }

    #[test]
    fn every_preset_fills_valid_inputs() {
        for p in presets() {
            let mut f = DynForm::default();
            f.apply_preset(p.key);
            assert_eq!(f.preset, p.key);
            let s = f.cascade_settings(p.spec.price).unwrap();
            assert!((s.spec.long_open_interest - p.spec.long_open_interest).abs() < 1.0);
            assert!((s.spec.depth - p.spec.depth).abs() < 1.0);
        }
    }

    #[test]
    fn blank_volatility_follows_the_trade() {
        let mut s = crate::scenario::Scenario::default();
        let fb = Fallback::of(Some(&s));
        assert!(!fb.from_trade);
        s.volatility_annual = Some("0.8".into());
        s.drift_annual = Some("0.1".into());
        let fb = Fallback::of(Some(&s));
        assert!(
            fb.from_trade && (fb.sigma - 80.0).abs() < 1e-9 && (fb.mu_drag - 10.0).abs() < 1e-9
        );
        let f = DynForm::default();
        assert!((f.drag_config(fb).unwrap().sigma - 0.8).abs() < 1e-12);
        let own = DynForm {
            sigma: "30".into(),
            ..DynForm::default()
        };
        assert_eq!(own.drag_config(fb).unwrap().sigma, 0.3);
    }

    #[test]
    fn bad_inputs_name_their_field() {
        let f = DynForm {
            floor: "20000".into(),
            ..DynForm::default()
        };
        assert_eq!(
            f.cppi_settings(Fallback::of(None)).unwrap_err().field,
            DField::Floor
        );
        let f = DynForm {
            sigma: "abc".into(),
            ..DynForm::default()
        };
        assert_eq!(
            f.drag_config(Fallback::of(None)).unwrap_err().field,
            DField::Sigma
        );
        let f = DynForm {
            depth: "0".into(),
            ..DynForm::default()
        };
        assert_eq!(f.cascade_settings(100.0).unwrap_err().field, DField::Depth);
        let f = DynForm {
            mix: ["0".into(), "0".into(), "0".into(), "0".into(), "0".into()],
            ..DynForm::default()
        };
        assert_eq!(f.cascade_settings(100.0).unwrap_err().field, DField::Mix5);
        assert!(number(DField::Sigma, "X", "NaN", 0.0, 1.0).is_err());
    }

    #[test]
    fn rungs_step_two_percent_on_the_losing_side() {
        let mut f = DynForm {
            rungs: Vec::new(),
            ..DynForm::default()
        };
        f.add_rung(true, Decimal::from(100), Decimal::ONE);
        f.add_rung(true, Decimal::from(100), Decimal::ONE);
        assert_eq!(f.rungs[0].price, "98");
        assert_eq!(f.rungs[1].price, "96.04");
        f.add_rung(false, Decimal::from(100), Decimal::ONE);
        assert_eq!(f.rungs[2].price, "97.9608");
        assert_ne!(f.rungs[1].id, f.rungs[2].id);
    }
}
