//! Constant-proportion portfolio insurance (CPPI): leverage managed by the cushion above a
//! floor, simulated on seeded paths with fat tails and gaps.
//!
//! # Strategy
//! Capital `V₀`, floor `F₀ < V₀`, multiplier `m`, maximum leverage `L_max`, cash rate `ρ`
//! (the floor accrues at it; cash earns it and borrowing pays it). At each rebalancing date
//! ```text
//! C = max(V − F, 0)                      (cushion)
//! X = min(m·C, L_max·V)                  (exposure to the risky asset; 0 once V ≤ F)
//! cash = V − X                           (negative: borrowed)
//! ```
//! Between rebalancing dates the exposure moves with the asset, `X ← X·e^{ΔlnS}`, cash and floor
//! grow by `e^{ρΔt}`, and `V = X + cash`. With continuous rebalancing and continuous prices the
//! cushion is `C_t = C₀·(S_t/S₀)^m·e^{…}` and never reaches zero: the floor holds. A price gap
//! of more than `1/m` between two rebalancing dates (a jump, or a long interval) takes the
//! value below the floor: gap risk, larger for larger `m`. Once at or below the floor the
//! strategy holds cash.
//!
//! Sources: F. Black & A. F. Perold (1992), "Theory of constant proportion portfolio
//! insurance", *J. Economic Dynamics and Control* 16, 403–426 (the rule and the `(S_t/S₀)^m`
//! cushion); P. Bertrand & J.-L. Prigent (2002), "Portfolio insurance: the extreme value
//! approach to the CPPI method", *Finance* 23 (gap risk: a loss above `1/m` between trades);
//! R. Cont & P. Tankov (2009), "Constant proportion portfolio insurance in the presence of
//! jumps in asset prices", *Mathematical Finance* 19(3), 379–401.
//!
//! # Paths
//! Log returns come from a [`LogReturns`] source. [`SeededReturns`] draws them with the risk
//! module's `xoshiro256**` ([`Xoshiro256StarStar::for_stream`]`(seed, path)`) under the laws
//! of [`crate::engine::risk::montecarlo`] (same formulas: Gaussian, unit-variance Student-t,
//! Merton jumps with the same total variance and the compensator `λk`), so a result depends
//! only on the seed and the number of paths, not on how [`CppiRun::run_chunk`] splits them.

use super::error::{CalcError, CalcResult, Field};
use super::risk::montecarlo::Increments;
use super::risk::rng::Xoshiro256StarStar;
use rust_decimal::Decimal;

/// Largest multiplier accepted.
pub const MAX_MULTIPLIER: f64 = 100.0;
/// Largest exposure cap, as a multiple of the portfolio value.
pub const MAX_EXPOSURE_LEVERAGE: f64 = 100.0;
/// Most steps per path.
pub const MAX_STEPS: u32 = 1_000_000;
/// Most paths per run.
pub const MAX_PATHS: u64 = 1_000_000;
/// Largest expected number of jumps per step.
pub const MAX_JUMPS_PER_STEP: f64 = 30.0;
/// Quantile levels of [`CppiSummary::quantiles`].
pub const QUANTILES: [f64; 7] = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

/// A source of log returns `ln(S_{t+dt}/S_t)`, one per step.
pub trait LogReturns {
    fn next_log_return(&mut self, dt: f64) -> f64;
}

/// The price model: annual volatility `σ`, annual drift `μ` and the law of the increments.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathModel {
    sigma: f64,
    mu: f64,
    law: Increments,
}

impl PathModel {
    /// A validated model: `σ ∈ [0, 20]`, `μ ∈ [−100, 100]`, Student-t `df > 2`, jump
    /// intensity and size deviation `≥ 0`, jump variance `λ(m_J² + s_J²) ≤ σ²`.
    ///
    /// # Errors
    /// [`CalcError::NotANumber`], [`CalcError::Negative`], [`CalcError::TooLarge`],
    /// [`CalcError::TooSmall`] naming volatility or drift; [`CalcError::NotApplicable`] for
    /// inconsistent jump parameters.
    pub fn new(sigma_annual: f64, mu_annual: f64, law: Increments) -> CalcResult<PathModel> {
        check(Field::Volatility, sigma_annual, 0.0, 20.0)?;
        check(Field::Drift, mu_annual, -100.0, 100.0)?;
        match law {
            Increments::Gaussian => {}
            Increments::StudentT { df } => {
                check(Field::Volatility, df, 2.000_001, 1e9)?;
            }
            Increments::MertonJumps {
                intensity,
                jump_mean,
                jump_std,
            } => {
                check(Field::Volatility, intensity, 0.0, 1e6)?;
                check(Field::Volatility, jump_mean, -10.0, 10.0)?;
                check(Field::Volatility, jump_std, 0.0, 10.0)?;
                let jump_var = intensity * (jump_mean * jump_mean + jump_std * jump_std);
                if jump_var > sigma_annual * sigma_annual * (1.0 + 1e-12) {
                    return Err(CalcError::NotApplicable {
                        field: Field::Volatility,
                        reason: "the jumps alone are more volatile than the total volatility",
                    });
                }
            }
        }
        Ok(PathModel {
            sigma: sigma_annual,
            mu: mu_annual,
            law,
        })
    }

    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    pub fn mu(&self) -> f64 {
        self.mu
    }

    pub fn law(&self) -> Increments {
        self.law
    }
}

/// Seeded log returns under a [`PathModel`].
///
/// ```text
/// Gaussian:   ΔX = (μ − σ²/2)Δt + σ√Δt·Z
/// Student-t:  ΔX = (μ − σ²/2)Δt + σ√Δt·T_df·√((df − 2)/df)
/// Merton:     ΔX = (μ − σ_d²/2 − λk)Δt + σ_d√Δt·Z + Σ_{i≤N} J_i,  N ~ Poisson(λΔt),
///             J ~ N(m_J, s_J²),  k = e^{m_J + s_J²/2} − 1,  σ_d² = σ² − λ(m_J² + s_J²)
/// ```
/// Source: Merton (1976), *J. Financial Economics* 3, 125–144; Glasserman, *Monte Carlo
/// Methods in Financial Engineering* (2004), §3.5.1 — as in
/// [`crate::engine::risk::montecarlo`].
#[derive(Debug, Clone)]
pub struct SeededReturns {
    rng: Xoshiro256StarStar,
    model: PathModel,
    cached_dt: f64,
    drift: f64,
    sd: f64,
    jump_rate: f64,
}

impl SeededReturns {
    /// The generator of path `path` of `seed`.
    ///
    /// ```text
    /// rng = xoshiro256**.for_stream(seed, path)
    /// ```
    /// Source: [`Xoshiro256StarStar::for_stream`] (Blackman & Vigna 2021).
    pub fn new(model: PathModel, seed: u64, path: u64) -> SeededReturns {
        SeededReturns {
            rng: Xoshiro256StarStar::for_stream(seed, path),
            model,
            cached_dt: f64::NAN,
            drift: 0.0,
            sd: 0.0,
            jump_rate: 0.0,
        }
    }

    fn prepare(&mut self, dt: f64) {
        let (sigma, mu) = (self.model.sigma, self.model.mu);
        match self.model.law {
            Increments::MertonJumps {
                intensity,
                jump_mean,
                jump_std,
            } => {
                let jump_var = intensity * (jump_mean * jump_mean + jump_std * jump_std);
                let diff_var = (sigma * sigma - jump_var).max(0.0);
                let k = (jump_mean + 0.5 * jump_std * jump_std).exp_m1();
                self.drift = (mu - 0.5 * diff_var - intensity * k) * dt;
                self.sd = (diff_var * dt).sqrt();
                self.jump_rate = intensity * dt;
            }
            _ => {
                self.drift = (mu - 0.5 * sigma * sigma) * dt;
                self.sd = sigma * dt.sqrt();
                self.jump_rate = 0.0;
            }
        }
        self.cached_dt = dt;
    }
}

impl LogReturns for SeededReturns {
    fn next_log_return(&mut self, dt: f64) -> f64 {
        if dt != self.cached_dt {
            self.prepare(dt);
        }
        let z = match self.model.law {
            Increments::StudentT { df } => self.rng.student_t_unit(df),
            _ => self.rng.normal(),
        };
        let mut x = self.drift + self.sd * z;
        if let Increments::MertonJumps {
            jump_mean,
            jump_std,
            ..
        } = self.model.law
        {
            let n = self.rng.poisson(self.jump_rate);
            if n > 0 {
                let nf = f64::from(n);
                x += nf * jump_mean + nf.sqrt() * jump_std * self.rng.normal();
            }
        }
        x
    }
}

/// The strategy's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CppiConfig {
    /// `V₀ > 0`.
    pub capital: f64,
    /// `F₀`, `0 ≤ F₀ < V₀`.
    pub floor: f64,
    /// `m ∈ [0, 100]`.
    pub multiplier: f64,
    /// Exposure cap as a multiple of the value, `L_max ∈ [0, 100]` (1: no borrowing).
    pub max_leverage: f64,
    /// `ρ`, annual, `[−1, 1]`.
    pub cash_rate: f64,
    /// Horizon in years, `(0, 100]`.
    pub horizon_years: f64,
    /// Simulation steps over the horizon, `1 ..= MAX_STEPS`.
    pub steps: u32,
    /// Rebalance every this many steps (1: every step).
    pub rebalance_every: u32,
}

/// A validated strategy on a price model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cppi {
    config: CppiConfig,
    model: PathModel,
}

/// How one path ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathEnd {
    pub value: f64,
    pub floor: f64,
    /// The value was below the floor at some step.
    pub breached: bool,
}

/// One point of a path, for the chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TracePoint {
    pub t_years: f64,
    /// Price relative to the start (`S_t/S₀`).
    pub price: f64,
    pub value: f64,
    pub floor: f64,
    /// Exposure to the risky asset (after rebalancing, if the step is a rebalancing date).
    pub exposure: f64,
}

impl Cppi {
    /// Validate the settings against the model.
    ///
    /// # Errors
    /// [`CalcError::NotANumber`], [`CalcError::NotPositive`], [`CalcError::TooLarge`] … naming
    /// the nearest field (capital: equity; floor: margin; multiplier and cap: leverage;
    /// rate: funding rate; horizon and steps: horizon); [`CalcError::NotApplicable`] for a
    /// floor at or above the capital or too many jumps per step.
    pub fn new(config: CppiConfig, model: PathModel) -> CalcResult<Cppi> {
        let c = config;
        check(Field::Equity, c.capital, 1e-9, 1e15)?;
        check(Field::Margin, c.floor, 0.0, 1e15)?;
        if c.floor >= c.capital {
            return Err(CalcError::NotApplicable {
                field: Field::Margin,
                reason: "the floor must be below the capital",
            });
        }
        check(Field::Leverage, c.multiplier, 0.0, MAX_MULTIPLIER)?;
        check(Field::Leverage, c.max_leverage, 0.0, MAX_EXPOSURE_LEVERAGE)?;
        check(Field::FundingRate, c.cash_rate, -1.0, 1.0)?;
        check(Field::Horizon, c.horizon_years, 1e-9, 100.0)?;
        if c.steps == 0 || c.rebalance_every == 0 {
            return Err(CalcError::NotPositive(Field::Horizon));
        }
        if c.steps > MAX_STEPS {
            return Err(CalcError::TooLarge {
                field: Field::Horizon,
                max: Decimal::from(MAX_STEPS),
            });
        }
        let dt = c.horizon_years / f64::from(c.steps);
        if let Increments::MertonJumps { intensity, .. } = model.law {
            if intensity * dt > MAX_JUMPS_PER_STEP {
                return Err(CalcError::NotApplicable {
                    field: Field::Horizon,
                    reason: "too many jumps per step: use more steps",
                });
            }
        }
        Ok(Cppi { config, model })
    }

    pub fn config(&self) -> &CppiConfig {
        &self.config
    }

    pub fn model(&self) -> &PathModel {
        &self.model
    }

    /// The step length.
    ///
    /// ```text
    /// Δt = T / steps
    /// ```
    pub fn dt(&self) -> f64 {
        self.config.horizon_years / f64::from(self.config.steps)
    }

    /// The floor at the horizon.
    ///
    /// ```text
    /// F_T = F₀·e^{ρT}
    /// ```
    /// Source: Black & Perold (1992) (a floor growing at the riskless rate).
    pub fn floor_at_horizon(&self) -> f64 {
        self.config.floor * (self.config.cash_rate * self.config.horizon_years).exp()
    }

    /// Exposure after rebalancing at value `v` and floor `f`.
    ///
    /// ```text
    /// X = min(m·max(V − F, 0), L_max·V)     (0 when V ≤ F)
    /// ```
    /// Source: Black & Perold (1992).
    pub fn exposure(&self, value: f64, floor: f64) -> f64 {
        if value <= floor || value <= 0.0 {
            return 0.0;
        }
        (self.config.multiplier * (value - floor)).min(self.config.max_leverage * value)
    }

    /// Run one path on any source of log returns; `visit` sees every step (step 0 first).
    ///
    /// # Formula
    /// ```text
    /// g = e^{ΔX};  X ← X·g;  cash ← cash·e^{ρΔt};  F ← F·e^{ρΔt};  V = X + cash
    /// every `rebalance_every` steps: X = min(m·(V − F)⁺, L_max·V), cash = V − X
    /// ```
    pub fn simulate_with<R: LogReturns>(
        &self,
        returns: &mut R,
        mut visit: impl FnMut(u32, &TracePoint),
    ) -> PathEnd {
        let c = &self.config;
        let dt = self.dt();
        let growth = (c.cash_rate * dt).exp();
        let mut value = c.capital;
        let mut floor = c.floor;
        let mut x = self.exposure(value, floor);
        let mut cash = value - x;
        let mut price = 1.0f64;
        let mut locked = false;
        let mut breached = false;
        visit(
            0,
            &TracePoint {
                t_years: 0.0,
                price: 1.0,
                value,
                floor,
                exposure: x,
            },
        );
        for k in 1..=c.steps {
            let g = returns.next_log_return(dt).exp();
            price *= g;
            x *= g;
            cash *= growth;
            floor *= growth;
            value = x + cash;
            if value < floor {
                breached = true;
            }
            if k % c.rebalance_every == 0 && k < c.steps {
                locked |= value <= floor;
                x = if locked {
                    0.0
                } else {
                    self.exposure(value, floor)
                };
                cash = value - x;
            }
            visit(
                k,
                &TracePoint {
                    t_years: dt * f64::from(k),
                    price,
                    value,
                    floor,
                    exposure: x,
                },
            );
        }
        PathEnd {
            value,
            floor,
            breached,
        }
    }

    /// Path `path` of `seed`: the same path the run with that seed simulates.
    ///
    /// ```text
    /// simulate_with(SeededReturns(seed, path))
    /// ```
    pub fn simulate_seeded(&self, seed: u64, path: u64) -> PathEnd {
        let mut r = SeededReturns::new(self.model, seed, path);
        self.simulate_with(&mut r, |_, _| {})
    }

    /// One path for the chart: at most `max_points` points (every step if it fits, else
    /// evenly thinned; the last step is always kept).
    ///
    /// ```text
    /// keep step k  ⇔  k mod ⌈steps / (max_points − 1)⌉ = 0  or  k = steps
    /// ```
    pub fn trace(&self, seed: u64, path: u64, max_points: usize) -> Vec<TracePoint> {
        let steps = self.config.steps;
        let stride = if max_points < 2 {
            steps.max(1)
        } else {
            steps.div_ceil((max_points - 1) as u32).max(1)
        };
        let mut out = Vec::with_capacity(max_points.min(steps as usize + 1));
        let mut r = SeededReturns::new(self.model, seed, path);
        self.simulate_with(&mut r, |k, p| {
            if k % stride == 0 || k == steps {
                out.push(*p);
            }
        });
        out
    }
}

/// Distribution of the final value over the paths run so far.
#[derive(Debug, Clone, PartialEq)]
pub struct CppiSummary {
    pub paths: u64,
    /// Mean final value.
    pub mean: f64,
    /// `(level, value)` for each level of [`QUANTILES`].
    pub quantiles: Vec<(f64, f64)>,
    /// `F₀·e^{ρT}`.
    pub floor_at_horizon: f64,
    /// Share of paths ending below the floor (gap risk).
    pub p_below_floor: f64,
    /// Its standard error, `√(p(1 − p)/n)`.
    pub p_below_floor_se: f64,
    /// Share of paths below the floor at some step.
    pub p_breach: f64,
    /// Mean shortfall `F_T − V_T` over the paths ending below the floor (0 if none).
    pub mean_shortfall: f64,
}

/// A bin of the final-value histogram.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HistogramBin {
    pub low: f64,
    pub high: f64,
    pub count: u64,
}

/// A Monte Carlo run that the page can advance in slices.
#[derive(Debug, Clone)]
pub struct CppiRun {
    cppi: Cppi,
    seed: u64,
    target: u64,
    finals: Vec<f64>,
    below: u64,
    breached: u64,
    shortfall: f64,
}

impl CppiRun {
    /// A run of `paths` paths with `seed`.
    ///
    /// # Errors
    /// [`CalcError::NotPositive`] for no paths, [`CalcError::TooLarge`] above [`MAX_PATHS`].
    pub fn new(cppi: Cppi, seed: u64, paths: u64) -> CalcResult<CppiRun> {
        if paths == 0 {
            return Err(CalcError::NotPositive(Field::Horizon));
        }
        if paths > MAX_PATHS {
            return Err(CalcError::TooLarge {
                field: Field::Horizon,
                max: Decimal::from(MAX_PATHS),
            });
        }
        Ok(CppiRun {
            cppi,
            seed,
            target: paths,
            finals: Vec::with_capacity(paths.min(1 << 20) as usize),
            below: 0,
            breached: 0,
            shortfall: 0.0,
        })
    }

    /// Paths that fit a budget of `path_steps` path-steps (at least 1): for a time slice,
    /// measure the cost of one slice and size the next with this.
    ///
    /// ```text
    /// paths = max(1, ⌊budget / steps⌋)
    /// ```
    pub fn paths_for_budget(&self, path_steps: u64) -> u64 {
        (path_steps / u64::from(self.cppi.config.steps)).max(1)
    }

    /// Simulate up to `max_paths` more paths; returns how many ran. Path `i` always uses
    /// stream `i` of the seed, so the split into chunks does not change the result.
    ///
    /// ```text
    /// paths done ← paths done + min(max_paths, paths left)
    /// ```
    pub fn run_chunk(&mut self, max_paths: u64) -> u64 {
        let start = self.finals.len() as u64;
        let n = max_paths.min(self.target - start);
        for path in start..start + n {
            let end = self.cppi.simulate_seeded(self.seed, path);
            if end.value < end.floor {
                self.below += 1;
                self.shortfall += end.floor - end.value;
            }
            self.breached += u64::from(end.breached);
            self.finals.push(end.value);
        }
        n
    }

    /// Run everything that is left.
    pub fn run_all(&mut self) {
        let left = self.target - self.paths_done();
        self.run_chunk(left);
    }

    pub fn paths_done(&self) -> u64 {
        self.finals.len() as u64
    }

    pub fn is_done(&self) -> bool {
        self.paths_done() >= self.target
    }

    /// Final values so far, in path order.
    pub fn final_values(&self) -> &[f64] {
        &self.finals
    }

    /// The distribution so far.
    ///
    /// # Formula
    /// ```text
    /// p̂ = #{V_T < F_T}/n,   SE = √(p̂(1 − p̂)/n);   q_α = V_(⌈αn⌉)   (sorted ascending)
    /// ```
    /// Source: Glasserman (2004), §1.1.2 and §9.1.
    ///
    /// # Errors
    /// [`CalcError::Degenerate`] before any path has run; a non-finite outcome (value
    /// overflow on extreme inputs).
    pub fn summary(&self) -> CalcResult<CppiSummary> {
        let n = self.finals.len();
        if n == 0 {
            return Err(CalcError::Degenerate("no paths have run yet"));
        }
        if self.finals.iter().any(|v| !v.is_finite()) {
            return Err(CalcError::Degenerate(
                "a simulated value left the representable range; use smaller inputs",
            ));
        }
        let mut values = self.finals.clone();
        let nf = n as f64;
        let quantiles = QUANTILES
            .iter()
            .map(|&a| {
                let i = ((a * nf).ceil() as usize).clamp(1, n) - 1;
                let q = crate::engine::order::select_by(&mut values, i, f64::total_cmp);
                (a, q.unwrap_or(f64::NAN))
            })
            .collect();
        let p = self.below as f64 / nf;
        Ok(CppiSummary {
            paths: n as u64,
            mean: self.finals.iter().sum::<f64>() / nf,
            quantiles,
            floor_at_horizon: self.cppi.floor_at_horizon(),
            p_below_floor: p,
            p_below_floor_se: (p * (1.0 - p) / nf).sqrt(),
            p_breach: self.breached as f64 / nf,
            mean_shortfall: if self.below > 0 {
                self.shortfall / self.below as f64
            } else {
                0.0
            },
        })
    }

    /// Histogram of the final values in `bins` equal bins from the smallest to the largest.
    ///
    /// ```text
    /// bin_k = [min + k·h, min + (k+1)·h),  h = (max − min)/bins   (the last bin is closed)
    /// ```
    pub fn histogram(&self, bins: usize) -> Vec<HistogramBin> {
        let bins = bins.clamp(1, 10_000);
        let finite = self.finals.iter().copied().filter(|v| v.is_finite());
        let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        if lo > hi {
            return Vec::new();
        }
        let h = if hi > lo {
            (hi - lo) / bins as f64
        } else {
            1.0
        };
        let mut out: Vec<HistogramBin> = (0..bins)
            .map(|k| HistogramBin {
                low: lo + k as f64 * h,
                high: lo + (k + 1) as f64 * h,
                count: 0,
            })
            .collect();
        for v in self.finals.iter().filter(|v| v.is_finite()) {
            let k = (((v - lo) / h) as usize).min(bins - 1);
            out[k].count += 1;
        }
        out
    }
}

use super::input::f64_within as check;

#[cfg(test)]
mod tests {
    use super::*;

    /// Replays a fixed list of log returns (then zeros).
    struct Script(Vec<f64>, usize);

    impl LogReturns for Script {
        fn next_log_return(&mut self, _dt: f64) -> f64 {
            let x = self.0.get(self.1).copied().unwrap_or(0.0);
            self.1 += 1;
            x
        }
    }

    fn config(m: f64, steps: u32, every: u32) -> CppiConfig {
        CppiConfig {
            capital: 100.0,
            floor: 80.0,
            multiplier: m,
            max_leverage: 10.0,
            cash_rate: 0.0,
            horizon_years: 1.0,
            steps,
            rebalance_every: every,
        }
    }

    fn gbm() -> PathModel {
        PathModel::new(0.8, 0.0, Increments::Gaussian).unwrap()
    }

    #[test]
    fn gap_beyond_one_over_m_breaches() {
        let cppi = Cppi::new(config(4.0, 10, 1), gbm()).unwrap();
        // Exposure 4·20 = 80. A −20 % gap: cushion 20 − 16 = 4 > 0, floor holds.
        let end = cppi.simulate_with(&mut Script(vec![(0.8f64).ln()], 0), |_, _| {});
        assert!((end.value - 84.0).abs() < 1e-12);
        assert!(!end.breached);
        // A −30 % gap: loss 24 > cushion 20 ⇒ value 76 < 80, then cash.
        let end = cppi.simulate_with(&mut Script(vec![(0.7f64).ln(), 0.5], 0), |_, _| {});
        assert!((end.value - 76.0).abs() < 1e-12);
        assert!(end.breached);
    }

    #[test]
    fn exposure_is_capped_and_follows_the_cushion() {
        let cppi = Cppi::new(config(4.0, 2, 1), gbm()).unwrap();
        assert_eq!(cppi.exposure(100.0, 80.0), 80.0);
        assert_eq!(cppi.exposure(80.0, 80.0), 0.0);
        let mut c = config(50.0, 2, 1);
        c.max_leverage = 2.0;
        let capped = Cppi::new(c, gbm()).unwrap();
        assert_eq!(capped.exposure(100.0, 80.0), 200.0);
        // A +10 % step: exposure 80 → 88, value 108, rebalanced to 4·(108 − 80) = 112.
        let mut xs = Vec::new();
        cppi.simulate_with(&mut Script(vec![(1.1f64).ln()], 0), |k, p| {
            xs.push((k, p.value, p.exposure))
        });
        assert!((xs[1].1 - 108.0).abs() < 1e-12);
        assert!((xs[1].2 - 112.0).abs() < 1e-12);
    }

    #[test]
    fn chunks_do_not_change_results() {
        let cppi = Cppi::new(config(4.0, 50, 1), gbm()).unwrap();
        let mut a = CppiRun::new(cppi, 9, 300).unwrap();
        a.run_all();
        let mut b = CppiRun::new(cppi, 9, 300).unwrap();
        while !b.is_done() {
            b.run_chunk(7);
        }
        assert_eq!(a.final_values(), b.final_values());
        assert_eq!(a.summary().unwrap(), b.summary().unwrap());
        // The trace replays the same path.
        let t = cppi.trace(9, 5, 1000);
        assert_eq!(t.len(), 51);
        assert_eq!(t.last().unwrap().value, a.final_values()[5]);
        let h = a.histogram(20);
        assert_eq!(h.iter().map(|b| b.count).sum::<u64>(), 300);
    }

    #[test]
    fn rejects_bad_settings() {
        assert!(Cppi::new(
            CppiConfig {
                floor: 100.0,
                ..config(4.0, 10, 1)
            },
            gbm()
        )
        .is_err());
        assert!(Cppi::new(config(f64::NAN, 10, 1), gbm()).is_err());
        assert!(Cppi::new(config(4.0, 0, 1), gbm()).is_err());
        assert!(PathModel::new(0.1, 0.0, Increments::StudentT { df: 2.0 }).is_err());
        assert!(PathModel::new(
            0.1,
            0.0,
            Increments::MertonJumps {
                intensity: 10.0,
                jump_mean: -0.2,
                jump_std: 0.1
            }
        )
        .is_err());
        let cppi = Cppi::new(config(4.0, 10, 1), gbm()).unwrap();
        assert!(CppiRun::new(cppi, 1, 0).is_err());
        assert!(CppiRun::new(cppi, 1, 1).unwrap().summary().is_err());
    }
}
