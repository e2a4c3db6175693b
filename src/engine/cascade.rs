//! Cascading liquidations: other traders' forced orders push the price through yours.
//!
//! # Market model (illustrative, editable)
//! Open interest `OI_long`, `OI_short` (quote notional at the current price `P₀`) is spread
//! over entry prices `E_e = P₀·(1 + offset_e)` with weights `w_e`, and over leverages `L_l`
//! with weights `u_l`. Each slice `(side, e, l)` holds notional `OI_side·w_e·u_l`, quantity
//! `q = notional/P₀`, and isolated margin equal to its initial margin, so its liquidation price
//! is the exact linear root of [`crate::engine::liquidation`] with `M = q·E/L`:
//! ```text
//! long:  LP = E·(1 − 1/L) / (1 − r)          short: LP = E·(1 + 1/L) / (1 + r)
//! ```
//! (`r` the maintenance rate). Slices already past their liquidation price at `P₀` are
//! dropped: they would have been liquidated before. A slice's forced market order is its
//! quantity at its liquidation price, `q·LP` (quote).
//!
//! # Impact law
//! The book holds `D` of quote notional per 1 % of price (the "1 % depth"). Forced volume
//! walks one book that does not refill during the cascade (no resilience), so the price after
//! cumulative forced volume `V` is
//! ```text
//! ln(P/P_s) = ∓ I(V),    linear: I(V) = 0.01·V/D        square root: I(V) = 0.01·√(V/D)
//! ```
//! (`−` for forced sells, i.e. long liquidations; `P_s = P₀·(1 + shock)`). Linear impact is
//! Kyle's λ (A. S. Kyle 1985, "Continuous auctions and insider trading", *Econometrica* 53);
//! the square-root law is the empirical metaorder impact (J.-P. Bouchaud, J. D. Farmer,
//! F. Lillo 2009, "How markets slowly digest changes in supply and demand", §5; B. Tóth et al.
//! 2011, "Anomalous price impact and the critical nature of liquidity", *Phys. Rev. X* 1),
//! here calibrated so that `V = D` moves the price 1 % under both laws.
//!
//! # Rounds
//! The shock moves the price to `P_s`. Round `k` liquidates every slice whose liquidation
//! price the price has reached, adds their forced volume to `V` and moves the price to
//! `P_s·e^{∓I(V)}`; the next round liquidates what that price reaches, until nothing new
//! triggers. A fall only liquidates longs and a rise only shorts, so the price moves one
//! way; every round liquidates at least one slice, so there are at most as many rounds as
//! slices (and never more than [`MAX_ROUNDS`]). Because the impact depends on the cumulative
//! volume only, the final state is the least fixed point of a monotone map: a deeper book never
//! liquidates more, and a larger shock never liquidates less.
//!
//! The presets ([`presets`]) are **illustrations, not market data**.

use super::contract::Side;
use super::error::{CalcError, CalcResult, Field};
use super::order::sort_indices;
use rust_decimal::Decimal;

/// Most entry buckets.
pub const MAX_ENTRY_BUCKETS: usize = 400;
/// Most leverage buckets.
pub const MAX_LEVERAGE_BUCKETS: usize = 50;
/// Hard cap on the number of rounds (never reached: each round liquidates a slice).
pub const MAX_ROUNDS: usize = 100_000;
/// Largest open interest or depth accepted (quote notional).
pub const MAX_NOTIONAL: f64 = 1e15;
/// Largest upward shock (+1000 %).
pub const MAX_SHOCK: f64 = 10.0;

/// How price responds to forced volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImpactLaw {
    /// `I(V) = 0.01·V/D`.
    Linear,
    /// `I(V) = 0.01·√(V/D)`.
    SquareRoot,
}

impl ImpactLaw {
    /// Log-price move for cumulative volume `v` against 1 % depth `depth`.
    ///
    /// ```text
    /// linear: 0.01·v/D      square root: 0.01·√(v/D)
    /// ```
    pub fn log_move(self, v: f64, depth: f64) -> f64 {
        match self {
            ImpactLaw::Linear => 0.01 * (v / depth),
            ImpactLaw::SquareRoot => 0.01 * (v / depth).sqrt(),
        }
    }
}

/// A share of the open interest entered at `P₀·(1 + offset)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EntryBucket {
    pub offset: f64,
    pub weight: f64,
}

impl EntryBucket {
    /// `n` equal buckets evenly spaced over `[−width, +width]` (`n = 1`: all at `P₀`).
    ///
    /// ```text
    /// offset_k = −width + 2·width·k/(n − 1),   weight 1/n
    /// ```
    pub fn uniform(width: f64, n: usize) -> Vec<EntryBucket> {
        let n = n.max(1);
        (0..n)
            .map(|k| EntryBucket {
                offset: if n == 1 {
                    0.0
                } else {
                    -width + 2.0 * width * k as f64 / (n - 1) as f64
                },
                weight: 1.0 / n as f64,
            })
            .collect()
    }
}

/// A share of the open interest at leverage `leverage`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeverageBucket {
    pub leverage: f64,
    pub weight: f64,
}

/// One slice of open interest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slice {
    pub side: Side,
    pub entry: f64,
    pub leverage: f64,
    /// Quote notional at `P₀`.
    pub notional: f64,
    /// Base quantity, `notional/P₀`.
    pub quantity: f64,
    pub liquidation_price: f64,
    /// Forced order, `quantity·liquidation_price` (quote).
    pub forced_notional: f64,
}

/// The inputs of a market model, before validation.
#[derive(Debug, Clone, PartialEq)]
pub struct MarketSpec {
    pub price: f64,
    pub long_open_interest: f64,
    pub short_open_interest: f64,
    pub entries: Vec<EntryBucket>,
    pub leverages: Vec<LeverageBucket>,
    pub maintenance_rate: f64,
    /// Quote notional that moves the price 1 %.
    pub depth: f64,
    pub impact: ImpactLaw,
}

/// A validated market with its slices.
#[derive(Debug, Clone, PartialEq)]
pub struct Market {
    spec: MarketSpec,
    slices: Vec<Slice>,
    /// Long slices by liquidation price, highest first (first to go in a fall).
    longs: Vec<usize>,
    /// Short slices by liquidation price, lowest first.
    shorts: Vec<usize>,
    /// Prefix sums of the forced volume in those orders (`[0] = 0`), so the same set of
    /// liquidated slices always gives bit-for-bit the same volume.
    long_volume: Vec<f64>,
    short_volume: Vec<f64>,
}

/// A position of the user's, to place in the cascade (its own flow is ignored).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UserPosition {
    pub side: Side,
    pub liquidation_price: f64,
}

/// One round.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    /// 1-based.
    pub round: u32,
    pub price_before: f64,
    pub price_after: f64,
    /// Forced volume of this round (quote).
    pub liquidated_notional: f64,
    pub cumulative_notional: f64,
    /// Slices liquidated in this round (indices into [`Market::slices`]).
    pub slices: Vec<usize>,
}

/// What happens to the user's position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserOutcome {
    pub liquidated: bool,
    /// The round in which the price reaches it (1: the shock itself does).
    pub round: Option<u32>,
}

/// The cascade.
#[derive(Debug, Clone, PartialEq)]
pub struct CascadeReport {
    pub shock: f64,
    /// `P₀·(1 + shock)`.
    pub shocked_price: f64,
    pub rounds: Vec<Round>,
    pub final_price: f64,
    /// Σ forced volume of the liquidated slices.
    pub total_liquidated: f64,
    /// Every liquidated slice.
    pub triggered: Vec<usize>,
    pub user: Option<UserOutcome>,
    /// True only if [`MAX_ROUNDS`] was hit (cannot happen with validated input).
    pub truncated: bool,
}

/// A band of the liquidation map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub low: f64,
    pub high: f64,
    /// Forced volume of long and short slices whose liquidation price lies in the band.
    pub long_notional: f64,
    pub short_notional: f64,
}

impl Market {
    /// Validate the spec and build the slices.
    ///
    /// # Errors
    /// [`CalcError::NotANumber`] for non-finite numbers; [`CalcError::NotPositive`] for a zero
    /// price or depth (no book: the cascade would be unbounded); [`CalcError::TooLarge`] for
    /// open interest or depth above [`MAX_NOTIONAL`], too many buckets, a maintenance rate of
    /// 50 % or more; [`CalcError::TooSmall`] for a leverage below 1 or an entry at or below 0;
    /// [`CalcError::Degenerate`] when all weights are zero.
    pub fn new(spec: MarketSpec) -> CalcResult<Market> {
        check(Field::MarkPrice, spec.price, 1e-12, 1e12)?;
        check(Field::Notional, spec.long_open_interest, 0.0, MAX_NOTIONAL)?;
        check(Field::Notional, spec.short_open_interest, 0.0, MAX_NOTIONAL)?;
        check(Field::MaintenanceRate, spec.maintenance_rate, 0.0, 0.4999)?;
        if spec.depth == 0.0 {
            return Err(CalcError::NotPositive(Field::Notional));
        }
        check(Field::Notional, spec.depth, 1e-9, MAX_NOTIONAL)?;
        if spec.entries.is_empty() || spec.leverages.is_empty() {
            return Err(CalcError::Empty(Field::OtherPositions));
        }
        if spec.entries.len() > MAX_ENTRY_BUCKETS || spec.leverages.len() > MAX_LEVERAGE_BUCKETS {
            return Err(CalcError::TooLarge {
                field: Field::OtherPositions,
                max: Decimal::from(MAX_ENTRY_BUCKETS as u64),
            });
        }
        for e in &spec.entries {
            check(Field::EntryPrice, e.offset, -0.99, 10.0)?;
            check(Field::OtherPositions, e.weight, 0.0, 1e12)?;
        }
        for l in &spec.leverages {
            check(Field::Leverage, l.leverage, 1.0, 1000.0)?;
            check(Field::OtherPositions, l.weight, 0.0, 1e12)?;
        }
        let we: f64 = spec.entries.iter().map(|e| e.weight).sum();
        let wl: f64 = spec.leverages.iter().map(|l| l.weight).sum();
        if we <= 0.0 || wl <= 0.0 {
            return Err(CalcError::Degenerate("every weight is zero"));
        }
        let p0 = spec.price;
        let r = spec.maintenance_rate;
        let mut slices = Vec::new();
        for (side, oi) in [
            (Side::Long, spec.long_open_interest),
            (Side::Short, spec.short_open_interest),
        ] {
            if oi <= 0.0 {
                continue;
            }
            for e in &spec.entries {
                for l in &spec.leverages {
                    let notional = oi * (e.weight / we) * (l.weight / wl);
                    if notional <= 0.0 {
                        continue;
                    }
                    let entry = p0 * (1.0 + e.offset);
                    let lp = match side {
                        Side::Long => entry * (1.0 - 1.0 / l.leverage) / (1.0 - r),
                        Side::Short => entry * (1.0 + 1.0 / l.leverage) / (1.0 + r),
                    };
                    let alive = match side {
                        Side::Long => lp < p0 && lp > 0.0,
                        Side::Short => lp > p0,
                    };
                    if !alive {
                        continue;
                    }
                    let quantity = notional / p0;
                    slices.push(Slice {
                        side,
                        entry,
                        leverage: l.leverage,
                        notional,
                        quantity,
                        liquidation_price: lp,
                        forced_notional: quantity * lp,
                    });
                }
            }
        }
        let mut longs: Vec<usize> = (0..slices.len())
            .filter(|&i| slices[i].side == Side::Long)
            .collect();
        sort_indices(&mut longs, &|a, b| {
            slices[b]
                .liquidation_price
                .total_cmp(&slices[a].liquidation_price)
                .then(a.cmp(&b))
                .is_lt()
        });
        let mut shorts: Vec<usize> = (0..slices.len())
            .filter(|&i| slices[i].side == Side::Short)
            .collect();
        sort_indices(&mut shorts, &|a, b| {
            slices[a]
                .liquidation_price
                .total_cmp(&slices[b].liquidation_price)
                .then(a.cmp(&b))
                .is_lt()
        });
        let prefix = |order: &[usize]| -> Vec<f64> {
            let mut acc = 0.0;
            std::iter::once(0.0)
                .chain(order.iter().map(|&i| {
                    acc += slices[i].forced_notional;
                    acc
                }))
                .collect()
        };
        let long_volume = prefix(&longs);
        let short_volume = prefix(&shorts);
        Ok(Market {
            spec,
            slices,
            longs,
            shorts,
            long_volume,
            short_volume,
        })
    }

    pub fn spec(&self) -> &MarketSpec {
        &self.spec
    }

    /// Slices that can still be liquidated (those already past their price are dropped).
    pub fn slices(&self) -> &[Slice] {
        &self.slices
    }

    /// The same market with another 1 % depth (`D' = depth`; the slices are unchanged).
    ///
    /// # Errors
    /// As [`Market::new`].
    pub fn with_depth(&self, depth: f64) -> CalcResult<Market> {
        Market::new(MarketSpec {
            depth,
            ..self.spec.clone()
        })
    }

    /// Liquidation map: forced volume by liquidation price in `bins` equal bands over
    /// `[low, high]` (slices outside are left out).
    ///
    /// ```text
    /// band_k = [low + k·h, low + (k+1)·h),  h = (high − low)/bins
    /// ```
    ///
    /// # Errors
    /// [`CalcError::NotPositive`] for no bins or an empty range; more than 10 000 bins.
    pub fn liquidation_bands(&self, low: f64, high: f64, bins: usize) -> CalcResult<Vec<Band>> {
        check(Field::MarkPrice, low, 0.0, 1e13)?;
        check(Field::MarkPrice, high, 0.0, 1e13)?;
        if bins == 0 || high <= low {
            return Err(CalcError::NotPositive(Field::MarkPrice));
        }
        if bins > 10_000 {
            return Err(CalcError::TooLarge {
                field: Field::MarkPrice,
                max: Decimal::from(10_000),
            });
        }
        let h = (high - low) / bins as f64;
        let mut out: Vec<Band> = (0..bins)
            .map(|k| Band {
                low: low + k as f64 * h,
                high: low + (k + 1) as f64 * h,
                long_notional: 0.0,
                short_notional: 0.0,
            })
            .collect();
        for s in &self.slices {
            let k = ((s.liquidation_price - low) / h).floor();
            if k < 0.0 || k >= bins as f64 {
                continue;
            }
            let b = &mut out[k as usize];
            match s.side {
                Side::Long => b.long_notional += s.forced_notional,
                Side::Short => b.short_notional += s.forced_notional,
            }
        }
        Ok(out)
    }

    /// Run the cascade after a shock of `shock` (fraction, −0.1 = −10 %).
    ///
    /// # Formula
    /// ```text
    /// P_s = P₀·(1 + shock);  S₀ = ∅;  P^(0) = P_s
    /// S_k = {slices whose LP the price P^(k−1) has reached}   (longs: LP ≥ P; shorts: LP ≤ P)
    /// V_k = Σ_{i∈S_k} qᵢ·LPᵢ;   P^(k) = P_s·e^{∓I(V_k)}   (a rise capped at e^700)
    /// stop when S_k = S_{k−1}
    /// ```
    /// Source: the module docs (impact laws: Kyle 1985; Bouchaud, Farmer & Lillo 2009).
    ///
    /// # Errors
    /// [`CalcError::NotANumber`]; [`CalcError::TooSmall`] for `shock ≤ −1`;
    /// [`CalcError::TooLarge`] above [`MAX_SHOCK`]; a user liquidation price that is not
    /// positive.
    pub fn cascade(&self, shock: f64, user: Option<UserPosition>) -> CalcResult<CascadeReport> {
        check(Field::MarkPrice, shock, -0.999_999, MAX_SHOCK)?;
        if let Some(u) = user {
            check(Field::MarkPrice, u.liquidation_price, 1e-300, f64::MAX)?;
        }
        let p0 = self.spec.price;
        let ps = p0 * (1.0 + shock);
        let depth = self.spec.depth;
        let law = self.spec.impact;
        // The side that can be hit, in the order it is hit, and the price's direction.
        let (order, volume_to, down): (&[usize], &[f64], bool) = if shock < 0.0 {
            (&self.longs, &self.long_volume, true)
        } else {
            (&self.shorts, &self.short_volume, false)
        };
        let reached = |lp: f64, price: f64| if down { price <= lp } else { price >= lp };
        let mut rounds = Vec::new();
        let mut done = 0usize; // the first `done` slices of `order` are liquidated
        let mut cumulative = 0.0f64;
        let mut price = ps;
        let mut truncated = false;
        if shock != 0.0 {
            loop {
                let mut next = done;
                while next < order.len()
                    && reached(self.slices[order[next]].liquidation_price, price)
                {
                    next += 1;
                }
                if next == done {
                    break;
                }
                if rounds.len() >= MAX_ROUNDS {
                    truncated = true;
                    break;
                }
                let ids: Vec<usize> = order[done..next].to_vec();
                let previous = cumulative;
                cumulative = volume_to[next];
                let volume = cumulative - previous;
                let moved = law.log_move(cumulative, depth);
                // A rise is capped at e^700 (finite); a fall ends at 0 at worst.
                let after = if down {
                    ps * (-moved).exp()
                } else {
                    (ps.ln() + moved).min(700.0).exp()
                };
                rounds.push(Round {
                    round: rounds.len() as u32 + 1,
                    price_before: price,
                    price_after: after,
                    liquidated_notional: volume,
                    cumulative_notional: cumulative,
                    slices: ids,
                });
                price = after;
                done = next;
            }
        }
        let user = user.map(|u| {
            let hit = |p: f64| match u.side {
                Side::Long => p <= u.liquidation_price,
                Side::Short => p >= u.liquidation_price,
            };
            let mut befores = std::iter::once(ps).chain(rounds.iter().map(|r| r.price_after));
            let round = befores.position(hit).map(|k| k as u32 + 1);
            UserOutcome {
                liquidated: round.is_some(),
                round,
            }
        });
        let mut triggered: Vec<usize> = order[..done].to_vec();
        sort_indices(&mut triggered, &|a, b| a < b);
        Ok(CascadeReport {
            shock,
            shocked_price: ps,
            rounds,
            final_price: price,
            total_liquidated: cumulative,
            triggered,
            user,
            truncated,
        })
    }
}

/// A labelled preset market.
#[derive(Debug, Clone, PartialEq)]
pub struct Preset {
    pub key: &'static str,
    pub label: &'static str,
    /// Always says that the numbers are an illustration, not market data.
    pub note: &'static str,
    pub spec: MarketSpec,
}

/// The note every preset carries.
pub const ILLUSTRATION: &str =
    "Illustration, not market data: the open interest, leverage mix and depth are made up.";

/// Preset markets for the page, each labelled an illustration.
///
/// ```text
/// balanced:       P₀ 60,000; OI 5 bn long / 5 bn short, entries ±10 % (21 buckets);
///                 leverage 5×30 %, 10×30 %, 25×20 %, 50×15 %, 100×5 %; r 0.5 %;
///                 1 % depth 25 m, square-root impact
/// crowded-longs:  8 bn long / 2 bn short, entries −15 % … 0 %, more 50–100×; depth 15 m
/// thin-book:      as balanced, 1 % depth 5 m, linear impact
/// ```
pub fn presets() -> Vec<Preset> {
    let mix = |w: [f64; 5]| -> Vec<LeverageBucket> {
        [5.0, 10.0, 25.0, 50.0, 100.0]
            .iter()
            .zip(w)
            .map(|(&leverage, weight)| LeverageBucket { leverage, weight })
            .collect()
    };
    let balanced = MarketSpec {
        price: 60_000.0,
        long_open_interest: 5e9,
        short_open_interest: 5e9,
        entries: EntryBucket::uniform(0.10, 21),
        leverages: mix([0.30, 0.30, 0.20, 0.15, 0.05]),
        maintenance_rate: 0.005,
        depth: 25e6,
        impact: ImpactLaw::SquareRoot,
    };
    let crowded = MarketSpec {
        long_open_interest: 8e9,
        short_open_interest: 2e9,
        entries: EntryBucket::uniform(0.075, 16)
            .into_iter()
            .map(|e| EntryBucket {
                offset: e.offset - 0.075,
                ..e
            })
            .collect(),
        leverages: mix([0.20, 0.25, 0.20, 0.20, 0.15]),
        depth: 15e6,
        ..balanced.clone()
    };
    let thin = MarketSpec {
        depth: 5e6,
        impact: ImpactLaw::Linear,
        ..balanced.clone()
    };
    vec![
        Preset {
            key: "balanced",
            label: "Balanced market",
            note: ILLUSTRATION,
            spec: balanced,
        },
        Preset {
            key: "crowded-longs",
            label: "Crowded, leveraged longs",
            note: ILLUSTRATION,
            spec: crowded,
        },
        Preset {
            key: "thin-book",
            label: "Thin order book",
            note: ILLUSTRATION,
            spec: thin,
        },
    ]
}

use super::input::f64_within as check;

#[cfg(test)]
mod tests {
    use super::*;

    fn market() -> Market {
        Market::new(presets()[0].spec.clone()).unwrap()
    }

    #[test]
    fn no_shock_no_cascade() {
        let m = market();
        let r = m.cascade(0.0, None).unwrap();
        assert!(r.rounds.is_empty());
        assert_eq!(r.total_liquidated, 0.0);
        assert_eq!(r.final_price, 60_000.0);
    }

    #[test]
    fn a_drop_cascades_through_the_longs_only() {
        let m = market();
        let r = m.cascade(-0.05, None).unwrap();
        assert!(r.rounds.len() > 1, "{}", r.rounds.len());
        assert!(r.final_price < r.shocked_price);
        for w in r.rounds.windows(2) {
            assert!(w[1].price_after < w[0].price_after);
            assert_eq!(w[1].price_before, w[0].price_after);
        }
        assert!(r
            .triggered
            .iter()
            .all(|&i| m.slices()[i].side == Side::Long));
        // Every long whose LP is at or above the final price went, and nothing else.
        for (i, s) in m.slices().iter().enumerate() {
            let gone = s.side == Side::Long && s.liquidation_price >= r.final_price;
            assert_eq!(gone, r.triggered.binary_search(&i).is_ok(), "{i}");
        }
    }

    #[test]
    fn user_round_is_reported() {
        let m = market();
        let r = m
            .cascade(
                -0.05,
                Some(UserPosition {
                    side: Side::Long,
                    liquidation_price: 56_500.0,
                }),
            )
            .unwrap();
        let u = r.user.unwrap();
        let k = u.round.unwrap() as usize;
        assert!(k >= 2);
        assert!(r.rounds[k - 2].price_after <= 56_500.0);
        assert!(r.rounds[k - 2].price_before > 56_500.0);
        let safe = m
            .cascade(
                -0.05,
                Some(UserPosition {
                    side: Side::Short,
                    liquidation_price: 70_000.0,
                }),
            )
            .unwrap();
        assert_eq!(
            safe.user,
            Some(UserOutcome {
                liquidated: false,
                round: None
            })
        );
    }

    #[test]
    fn guards_extreme_input() {
        let mut spec = presets()[0].spec.clone();
        spec.depth = 0.0;
        assert!(Market::new(spec.clone()).is_err());
        spec.depth = f64::NAN;
        assert!(Market::new(spec.clone()).is_err());
        spec.depth = 1e-9;
        spec.long_open_interest = 1e16;
        assert!(Market::new(spec.clone()).is_err());
        spec.long_open_interest = MAX_NOTIONAL;
        let m = Market::new(spec).unwrap();
        let r = m.cascade(-0.01, None).unwrap();
        // Everything on the long side goes; the price is driven to (nearly) zero, finitely.
        assert_eq!(
            r.triggered.len(),
            m.slices().iter().filter(|s| s.side == Side::Long).count()
        );
        assert!(r.final_price >= 0.0 && r.final_price.is_finite());
        assert!(!r.truncated);
        assert!(m.cascade(-1.0, None).is_err());
        assert!(m.cascade(f64::NAN, None).is_err());
    }

    #[test]
    fn bands_sum_to_the_forced_volume() {
        let m = market();
        let bands = m.liquidation_bands(1.0, 200_000.0, 100).unwrap();
        let total: f64 = bands
            .iter()
            .map(|b| b.long_notional + b.short_notional)
            .sum();
        let want: f64 = m.slices().iter().map(|s| s.forced_notional).sum();
        assert!(((total - want) / want).abs() < 1e-12);
        for p in presets() {
            assert!(p.note.contains("not market data"));
            assert!(Market::new(p.spec).is_ok());
        }
    }
}
