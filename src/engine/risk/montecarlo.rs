//! Monte Carlo of the position over the horizon, for what the closed forms cannot do:
//! fat tails (Student-t increments), Merton jumps, gaps through the stop (slippage) and
//! liquidation before the stop when a jump skips both.
//!
//! # Paths
//! The log-price `X = ln(S/S₀)` moves in `n` equal steps `Δt = T/n`:
//! ```text
//! Gaussian:   ΔX = νΔt + σ√Δt·Z                              ν = μ − σ²/2,  Z ~ N(0,1)
//! Student-t:  ΔX = νΔt + σ√Δt·T_df·√((df−2)/df)             (unit variance, same σ)
//! Merton:     ΔX = (μ − σ_d²/2 − λk)Δt + σ_d√Δt·Z + Σ_{i≤N} J_i
//!             N ~ Poisson(λΔt),  J ~ N(m_J, s_J²),  k = e^{m_J + s_J²/2} − 1
//!             σ_d² = σ² − λ(m_J² + s_J²)                      (same total variance σ²)
//! ```
//! Sources: Merton (1976), "Option pricing when underlying stock returns are discontinuous",
//! *J. Financial Economics* 3, 125–144 (jump diffusion, compensator `λk` so `E[S_T] = S₀e^{μT}`);
//! Glasserman, *Monte Carlo Methods in Financial Engineering* (2004), §3.5.1 (simulating it).
//! For Student-t increments `E[e^{ΔX}]` does not exist, so the drift is not compensated: the
//! log-price has the same mean and variance as under GBM.
//!
//! # Exits
//! Per path, the first of stop, liquidation and target closes the position:
//! - [`PathMonitoring::AtSteps`]: the mark price is sampled at the end of each step. A step
//!   that ends past the stop fills at **the step's price** (a gap, slippage); if the same step
//!   also ends past the liquidation price, **liquidation wins**; a target fills at its price.
//! - [`PathMonitoring::Continuous`]: in addition, between two sampled prices the diffusion
//!   part crosses a barrier `b` with the Brownian-bridge probability
//!   `p = exp(−2(z₀ − b)(z₁ − b)/(σ_d²Δt))` (`z₀, z₁` on the same side of `b`); such a
//!   crossing fills at the barrier. Jumps are applied at the end of the step and gap as above.
//!   Exact for GBM (Glasserman 2004, §6.4, eq. 6.50); an approximation for Student-t steps.
//!
//! Touches of each barrier within the horizon are recorded too, whether or not the position
//! was closed before (the price path goes on).
//!
//! # Slices
//! Path `i` draws from its own generator [`Xoshiro256StarStar::for_stream`]`(seed, i)`, so the
//! result depends only on the seed and the number of paths, not on how
//! [`MonteCarlo::run_chunk`] calls split them: the page runs a few thousand path-steps per
//! animation frame and stays responsive.

use super::gbm::Gbm;
use super::normal::inv_cdf;
use super::prec::{BRIDGE_CUTOFF, MC_MAX_JUMPS_PER_STEP, MC_MAX_STEPS};
use super::rng::Xoshiro256StarStar;
use super::{finite, in_range, positive, Exposure, PnlKind, RiskError, RiskResult, Side};
use crate::engine::order::select_by;

/// The law of the log-price increments.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Increments {
    /// Geometric Brownian motion.
    Gaussian,
    /// Student-t with `df > 2` degrees of freedom, scaled to the model's variance.
    StudentT { df: f64 },
    /// Merton jump diffusion: `intensity` jumps per year, log jump sizes
    /// `N(jump_mean, jump_std²)`; the diffusion keeps the rest of the variance.
    MertonJumps {
        intensity: f64,
        jump_mean: f64,
        jump_std: f64,
    },
}

/// When barriers are checked, see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathMonitoring {
    /// At the end of each step only (a mark price sampled every `T/steps`).
    AtSteps,
    /// Continuously (Brownian-bridge crossing test between steps).
    Continuous,
}

/// The position's exit prices. Stop and liquidation lie on the losing side of `s0` (below
/// for a long), the target on the winning side. `liquidation_pnl` is the profit (negative) as
/// a fraction of the notional at `s0` when liquidated — the venue's figure, typically minus
/// the margin; `None` takes the position's profit at the liquidation price.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Barriers {
    pub stop: Option<f64>,
    pub liquidation: Option<f64>,
    pub target: Option<f64>,
    pub liquidation_pnl: Option<f64>,
}

/// Everything a simulation needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimConfig {
    /// `σ` and `μ`.
    pub model: Gbm,
    pub increments: Increments,
    /// Current (reference) price.
    pub s0: f64,
    /// `T` in years (> 0).
    pub horizon_years: f64,
    /// Number of steps per path, `1..=1_000_000`.
    pub steps: u32,
    pub monitoring: PathMonitoring,
    pub exposure: Exposure,
    pub barriers: Barriers,
    pub seed: u64,
    /// Confidence of the reported VaR and ES, in `[0.5, 1)`.
    pub confidence: f64,
    /// Number of time points (after `t = 0`) at which price quantiles for the fan chart are
    /// recorded; 0 for none. At most `steps` and 1000.
    pub fan_points: u32,
}

/// A count carried as a double in a message between threads: a whole number from 0 to 9·10¹⁵
/// (below 2⁵³, so exact); `None` for anything else.
pub fn whole_word(x: f64) -> Option<u64> {
    ((0.0..=9.0e15).contains(&x) && x.fract() == 0.0).then_some(x as u64)
}

/// Words of a [`SimConfig`] (see [`SimConfig::to_words`]).
const CONFIG_WORDS: usize = 20;

impl SimConfig {
    /// The configuration as numbers, for a message to a worker: σ, μ, the increments (tag and
    /// three parameters), s₀, T, steps, monitoring, side, kind, the four barriers (NaN for
    /// none), the seed in two 32-bit halves, confidence, fan points.
    pub fn to_words(&self) -> Vec<f64> {
        let (tag, a, b, c) = match self.increments {
            Increments::Gaussian => (0.0, 0.0, 0.0, 0.0),
            Increments::StudentT { df } => (1.0, df, 0.0, 0.0),
            Increments::MertonJumps {
                intensity,
                jump_mean,
                jump_std,
            } => (2.0, intensity, jump_mean, jump_std),
        };
        let opt = |x: Option<f64>| x.unwrap_or(f64::NAN);
        let b_ = self.barriers;
        vec![
            self.model.sigma(),
            self.model.mu(),
            tag,
            a,
            b,
            c,
            self.s0,
            self.horizon_years,
            f64::from(self.steps),
            f64::from(u8::from(self.monitoring == PathMonitoring::Continuous)),
            f64::from(u8::from(self.exposure.side == Side::Short)),
            f64::from(u8::from(self.exposure.kind == PnlKind::Inverse)),
            opt(b_.stop),
            opt(b_.liquidation),
            opt(b_.target),
            opt(b_.liquidation_pnl),
            f64::from((self.seed >> 32) as u32),
            f64::from(self.seed as u32),
            self.confidence,
            f64::from(self.fan_points),
        ]
    }

    /// [`SimConfig::to_words`] read back; `None` when the words are not such a configuration
    /// (the model is validated again; [`MonteCarlo::new`] checks the rest).
    pub fn from_words(w: &[f64]) -> Option<SimConfig> {
        if w.len() != CONFIG_WORDS {
            return None;
        }
        let x = |i: usize| w.get(i).copied().unwrap_or(f64::NAN);
        let opt = |i: usize| Some(x(i)).filter(|v| !v.is_nan());
        let whole = |i: usize, max: u32| {
            whole_word(x(i))
                .filter(|v| *v <= u64::from(max))
                .map(|v| v as u32)
        };
        let flag = |i: usize| whole(i, 1).map(|v| v == 1);
        let increments = match whole(2, 2)? {
            0 => Increments::Gaussian,
            1 => Increments::StudentT { df: x(3) },
            _ => Increments::MertonJumps {
                intensity: x(3),
                jump_mean: x(4),
                jump_std: x(5),
            },
        };
        let seed = (u64::from(whole(16, u32::MAX)?) << 32) | u64::from(whole(17, u32::MAX)?);
        Some(SimConfig {
            model: Gbm::new(x(0), x(1)).ok()?,
            increments,
            s0: x(6),
            horizon_years: x(7),
            steps: whole(8, u32::MAX)?,
            monitoring: if flag(9)? {
                PathMonitoring::Continuous
            } else {
                PathMonitoring::AtSteps
            },
            exposure: Exposure::new(
                if flag(10)? { Side::Short } else { Side::Long },
                if flag(11)? {
                    PnlKind::Inverse
                } else {
                    PnlKind::Linear
                },
            ),
            barriers: Barriers {
                stop: opt(12),
                liquidation: opt(13),
                target: opt(14),
                liquidation_pnl: opt(15),
            },
            seed,
            confidence: x(18),
            fan_points: whole(19, u32::MAX)?,
        })
    }
}

/// How a path's position ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Stop,
    Liquidation,
    Target,
    /// Still open at the horizon (marked to market).
    Open,
}

/// An estimate with its standard error.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub std_error: f64,
}

impl Estimate {
    /// A proportion `k/n`: standard error `√(p(1−p)/n)`.
    fn proportion(k: u64, n: u64) -> Estimate {
        let n = n.max(1) as f64;
        let p = k as f64 / n;
        Estimate {
            value: p,
            std_error: (p * (1.0 - p) / n).sqrt(),
        }
    }

    /// A mean from `Σx`, `Σx²`: standard error `s/√n` with the sample standard deviation `s`.
    fn mean(sum: f64, sum_sq: f64, n: u64) -> Estimate {
        if n == 0 {
            return Estimate {
                value: 0.0,
                std_error: 0.0,
            };
        }
        let nf = n as f64;
        let m = sum / nf;
        let var = if n > 1 {
            ((sum_sq - nf * m * m) / (nf - 1.0)).max(0.0)
        } else {
            0.0
        };
        Estimate {
            value: m,
            std_error: (var / nf).sqrt(),
        }
    }

    /// `|value − x| ≤ k·std_error + slack`.
    pub fn agrees_with(&self, x: f64, k: f64, slack: f64) -> bool {
        (self.value - x).abs() <= k * self.std_error + slack
    }
}

/// Price quantiles across paths at one time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FanPoint {
    pub t_years: f64,
    /// Prices at the 5 %, 25 %, 50 %, 75 % and 95 % quantiles.
    pub quantiles: [f64; 5],
}

/// The quantile levels of [`FanPoint::quantiles`].
pub const FAN_LEVELS: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// What the simulation has found so far. Money figures are fractions of the notional at
/// `s0`, losses positive.
#[derive(Debug, Clone, PartialEq)]
pub struct McResult {
    pub paths: u64,
    /// Outcome shares (first exit).
    pub prob_stop_first: Estimate,
    pub prob_liquidation_first: Estimate,
    pub prob_target_first: Estimate,
    pub prob_open_at_horizon: Estimate,
    /// Touch probabilities within the horizon, regardless of earlier exits.
    pub prob_touch_stop: Estimate,
    pub prob_touch_liquidation: Estimate,
    pub prob_touch_target: Estimate,
    pub expected_pnl: Estimate,
    /// `E[max(−PnL, 0)]`.
    pub expected_loss: Estimate,
    /// Mean profit of the paths closed by the stop (slippage shows as a value below the
    /// stop's own profit); `None` if no path was stopped.
    pub mean_stop_fill_pnl: Option<f64>,
    pub confidence: f64,
    /// Empirical `VaR_α`: the `⌈αn⌉`-th smallest loss.
    pub value_at_risk: f64,
    /// Empirical `ES_α`: mean of the `n − ⌈αn⌉ + 1` largest losses.
    pub expected_shortfall: f64,
    /// Price fan (empty unless `fan_points > 0`); the first point is `t = 0`.
    pub fan: Vec<FanPoint>,
}

/// Validated, precomputed step parameters.
#[derive(Debug, Clone, Copy)]
struct Step {
    /// Mean of the diffusion part of ΔX.
    drift: f64,
    /// Standard deviation of the diffusion part of ΔX.
    sd: f64,
    /// `2/(σ_d²Δt)` for the bridge test (0 when σ_d = 0).
    bridge: f64,
    df: f64,
    jump_rate: f64,
    jump_mean: f64,
    jump_std: f64,
}

/// Barriers in the "loss coordinate" `z = s·X` (`s` = +1 long, −1 short): stop and
/// liquidation below 0, target above.
#[derive(Debug, Clone, Copy)]
struct Levels {
    stop: f64,
    liq: f64,
    target: f64,
    /// Whether liquidation is the nearer of stop and liquidation (the one a continuous path
    /// meets first).
    near_is_liq: bool,
    liq_pnl: f64,
    target_pnl: f64,
}

/// A running simulation. Create it with [`MonteCarlo::new`], call
/// [`run_chunk`](MonteCarlo::run_chunk) as often as the time budget allows, read
/// [`result`](MonteCarlo::result) at any point.
#[derive(Debug, Clone)]
pub struct MonteCarlo {
    config: SimConfig,
    step: Step,
    levels: Levels,
    sign: f64,
    done: u64,
    counts: [u64; 4],
    touches: [u64; 3],
    /// Sums of the complete blocks of [`BLOCK_PATHS`] paths, and of the block under way.
    totals: Sums,
    open: Sums,
    losses: Vec<f64>,
    fan_steps: Vec<u32>,
    fan: Vec<Vec<f32>>,
}

/// Paths per block. Sums are taken per block, in path order, and the blocks' sums are added
/// in block order: the result is the same bit for bit whether the paths run in one thread,
/// in slices, or block by block in several workers ([`run_block`], [`MonteCarlo::absorb`]).
pub const BLOCK_PATHS: u64 = 1024;

/// The running sums of a simulation (money figures as fractions of the notional).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Sums {
    pnl: f64,
    pnl_sq: f64,
    loss: f64,
    loss_sq: f64,
    stop_fill: f64,
}

impl Sums {
    fn add(&mut self, o: &Sums) {
        self.pnl += o.pnl;
        self.pnl_sq += o.pnl_sq;
        self.loss += o.loss;
        self.loss_sq += o.loss_sq;
        self.stop_fill += o.stop_fill;
    }

    fn words(&self) -> [f64; 5] {
        [
            self.pnl,
            self.pnl_sq,
            self.loss,
            self.loss_sq,
            self.stop_fill,
        ]
    }
}

/// The paths `first .. first + paths` of a simulation, run apart from the others (in a
/// worker) and handed to [`MonteCarlo::absorb`]. `first` is a multiple of [`BLOCK_PATHS`] and
/// `paths` at most that.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub first: u64,
    pub paths: u64,
    counts: [u64; 4],
    touches: [u64; 3],
    sums: Sums,
    losses: Vec<f64>,
}

/// Words of a [`Block`] before its losses (first, paths, 4 counts, 3 touches, 5 sums).
const BLOCK_HEAD: usize = 14;

impl Block {
    /// The block as numbers, for a message between threads: the head, then one loss per path.
    /// Counts are exact as doubles (below 2⁵³).
    pub fn to_words(&self) -> Vec<f64> {
        let mut w = Vec::with_capacity(BLOCK_HEAD + self.losses.len());
        w.push(self.first as f64);
        w.push(self.paths as f64);
        w.extend(self.counts.iter().map(|&c| c as f64));
        w.extend(self.touches.iter().map(|&c| c as f64));
        w.extend(self.sums.words());
        w.extend_from_slice(&self.losses);
        w
    }

    /// [`Block::to_words`] read back; `None` when the words are not such a block.
    pub fn from_words(w: &[f64]) -> Option<Block> {
        let head = w.get(..BLOCK_HEAD)?;
        let n = |i: usize| head.get(i).copied().and_then(whole_word);
        let (first, paths) = (n(0)?, n(1)?);
        let losses = w.get(BLOCK_HEAD..)?.to_vec();
        if losses.len() as u64 != paths || paths > BLOCK_PATHS || first % BLOCK_PATHS != 0 {
            return None;
        }
        let f = |i: usize| head.get(i).copied().unwrap_or(f64::NAN);
        Some(Block {
            first,
            paths,
            counts: [n(2)?, n(3)?, n(4)?, n(5)?],
            touches: [n(6)?, n(7)?, n(8)?],
            sums: Sums {
                pnl: f(9),
                pnl_sq: f(10),
                loss: f(11),
                loss_sq: f(12),
                stop_fill: f(13),
            },
            losses,
        })
    }
}

/// Simulates block `first .. first + paths` of `config` on its own (see [`Block`]).
///
/// # Errors
/// As [`MonteCarlo::new`]; [`RiskError::Inconsistent`] for a block that is not aligned to
/// [`BLOCK_PATHS`], too long, or for a configuration that records a fan.
pub fn run_block(config: SimConfig, first: u64, paths: u64) -> RiskResult<Block> {
    if first % BLOCK_PATHS != 0 || paths > BLOCK_PATHS || config.fan_points > 0 {
        return Err(RiskError::Inconsistent(
            "a block starts at a multiple of the block size, holds at most one block and records no fan",
        ));
    }
    let mut mc = MonteCarlo::new(config)?;
    mc.done = first;
    mc.run_chunk(paths);
    let mut sums = mc.totals;
    sums.add(&mc.open);
    Ok(Block {
        first,
        paths,
        counts: mc.counts,
        touches: mc.touches,
        sums,
        losses: mc.losses,
    })
}

impl MonteCarlo {
    /// Validates the configuration.
    ///
    /// # Errors
    /// Non-positive price or horizon, `steps` outside `1..=1_000_000`, a barrier on the wrong
    /// side of `s0` (or at it), `df ≤ 2`, jump parameters that are negative, more jump
    /// variance than total variance, more than 30 expected jumps per step, a non-finite
    /// liquidation profit, `confidence` outside `[0.5, 1)`.
    pub fn new(config: SimConfig) -> RiskResult<MonteCarlo> {
        let s0 = positive("current price", config.s0)?;
        let t = positive("horizon", config.horizon_years)?;
        in_range("horizon", t, 0.0, super::gbm::MAX_HORIZON_YEARS)?;
        if config.steps == 0 || config.steps > MC_MAX_STEPS {
            return Err(RiskError::OutOfRange {
                what: "number of steps",
                value: f64::from(config.steps),
                min: 1.0,
                max: f64::from(MC_MAX_STEPS),
            });
        }
        in_range("confidence", config.confidence, 0.5, 1.0 - 1e-12)?;
        let dt = t / f64::from(config.steps);
        let sigma = config.model.sigma();
        let mu = config.model.mu();
        let mut step = Step {
            drift: (mu - 0.5 * sigma * sigma) * dt,
            sd: sigma * dt.sqrt(),
            bridge: 0.0,
            df: 0.0,
            jump_rate: 0.0,
            jump_mean: 0.0,
            jump_std: 0.0,
        };
        match config.increments {
            Increments::Gaussian => {}
            Increments::StudentT { df } => {
                let df = finite("degrees of freedom", df)?;
                if df <= 2.0 {
                    return Err(RiskError::OutOfRange {
                        what: "degrees of freedom",
                        value: df,
                        min: 2.0,
                        max: f64::INFINITY,
                    });
                }
                step.df = df;
            }
            Increments::MertonJumps {
                intensity,
                jump_mean,
                jump_std,
            } => {
                let lambda = super::non_negative("jump intensity", intensity)?;
                let m = finite("mean jump", jump_mean)?;
                let s = super::non_negative("jump size deviation", jump_std)?;
                let jump_var = lambda * (m * m + s * s);
                let diff_var = sigma * sigma - jump_var;
                if diff_var < -1e-12 * sigma * sigma {
                    return Err(RiskError::Inconsistent(
                        "the jumps alone are more volatile than the total volatility",
                    ));
                }
                if lambda * dt > MC_MAX_JUMPS_PER_STEP {
                    return Err(RiskError::Inconsistent(
                        "too many jumps per step: use more steps",
                    ));
                }
                let diff_var = diff_var.max(0.0);
                let k = (m + 0.5 * s * s).exp_m1();
                step.drift = (mu - 0.5 * diff_var - lambda * k) * dt;
                step.sd = (diff_var * dt).sqrt();
                step.jump_rate = lambda * dt;
                step.jump_mean = m;
                step.jump_std = s;
            }
        }
        if step.sd > 0.0 {
            step.bridge = 2.0 / (step.sd * step.sd);
        }

        let ex = config.exposure;
        let sign = ex.sign();
        let long = ex.side == Side::Long;
        let b = config.barriers;
        // z of a barrier: must be < 0 (loss side) or > 0 (win side).
        let z_of = |p: Option<f64>, what: &'static str, loss_side: bool| -> RiskResult<f64> {
            let Some(p) = p else {
                return Ok(if loss_side {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                });
            };
            let z = sign * (positive(what, p)? / s0).ln();
            let ok = if loss_side { z < 0.0 } else { z > 0.0 };
            if ok {
                Ok(z)
            } else {
                let below = loss_side == long;
                Err(RiskError::WrongSide {
                    what,
                    expected: if below {
                        "strictly below"
                    } else {
                        "strictly above"
                    },
                })
            }
        };
        let stop = z_of(b.stop, "the stop price", true)?;
        let liq = z_of(b.liquidation, "the liquidation price", true)?;
        let target = z_of(b.target, "the target price", false)?;
        let liq_pnl = match b.liquidation_pnl {
            Some(p) => finite("liquidation profit", p)?,
            None if liq.is_finite() => ex.pnl_from_log(sign * liq),
            None => 0.0,
        };
        let target_pnl = if target.is_finite() {
            ex.pnl_from_log(sign * target)
        } else {
            0.0
        };
        let levels = Levels {
            stop,
            liq,
            target,
            near_is_liq: liq >= stop,
            liq_pnl,
            target_pnl,
        };

        let nf = config.fan_points.min(config.steps).min(1000);
        let fan_steps: Vec<u32> = (1..=nf)
            .map(|j| ((u64::from(j) * u64::from(config.steps)) / u64::from(nf)) as u32)
            .collect();
        let fan = vec![Vec::new(); fan_steps.len()];
        Ok(MonteCarlo {
            config,
            step,
            levels,
            sign,
            done: 0,
            counts: [0; 4],
            touches: [0; 3],
            totals: Sums::default(),
            open: Sums::default(),
            losses: Vec::new(),
            fan_steps,
            fan,
        })
    }

    /// Path-steps per path (for budgeting slices: a slice of `k` paths costs `k·steps`).
    pub fn steps_per_path(&self) -> u32 {
        self.config.steps
    }

    /// Paths simulated so far.
    pub fn paths_done(&self) -> u64 {
        self.done
    }

    /// The configuration.
    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// Simulates the next `n_paths` paths. Results are identical however the paths are split
    /// into chunks.
    pub fn run_chunk(&mut self, n_paths: u64) {
        self.losses.reserve(n_paths.min(1 << 24) as usize);
        for _ in 0..n_paths {
            let i = self.done;
            self.simulate(i);
            self.done += 1;
            self.close_block();
        }
    }

    /// At a block boundary, the block's sums join the totals.
    fn close_block(&mut self) {
        if self.done % BLOCK_PATHS == 0 {
            let open = core::mem::take(&mut self.open);
            self.totals.add(&open);
        }
    }

    /// Takes in block `b` (run by [`run_block`] with this simulation's configuration): the
    /// same as simulating its paths here.
    ///
    /// # Errors
    /// [`RiskError::Inconsistent`] when `b` is not the next block, or this simulation records
    /// a fan.
    pub fn absorb(&mut self, b: Block) -> RiskResult<()> {
        if b.first != self.done || self.done % BLOCK_PATHS != 0 || !self.fan_steps.is_empty() {
            return Err(RiskError::Inconsistent(
                "a block is taken in after the one before it",
            ));
        }
        for (c, x) in self.counts.iter_mut().zip(b.counts) {
            *c += x;
        }
        for (c, x) in self.touches.iter_mut().zip(b.touches) {
            *c += x;
        }
        self.losses.extend_from_slice(&b.losses);
        // The open block is empty at a boundary: it becomes the block's sums exactly.
        self.open.add(&b.sums);
        self.done += b.paths;
        self.close_block();
        Ok(())
    }

    fn simulate(&mut self, path: u64) {
        let mut rng = Xoshiro256StarStar::for_stream(self.config.seed, path);
        let st = self.step;
        let lv = self.levels;
        let sign = self.sign;
        let ex = self.config.exposure;
        let continuous = self.config.monitoring == PathMonitoring::Continuous;
        let mut x = 0.0f64;
        let mut outcome = Outcome::Open;
        let mut pnl = 0.0;
        let (mut t_stop, mut t_liq, mut t_target) = (false, false, false);
        let mut fan_idx = 0usize;

        for k in 1..=self.config.steps {
            let z0 = sign * x;
            let shock = if st.df > 0.0 {
                rng.student_t_unit(st.df)
            } else {
                rng.normal()
            };
            let mut x1 = x + st.drift + st.sd * shock;

            if continuous {
                // Diffusion part, continuous crossing test. One uniform per side keeps the
                // far-barrier test consistent with the near one (p_far ≤ p_near); it is drawn
                // only when a crossing is possible at all (see `prec::BRIDGE_CUTOFF`).
                let z1 = sign * x1;
                // Crossing probability of level b; `lower`: b below the path.
                let p_cross = |b: f64, lower: bool| -> f64 {
                    if !b.is_finite() {
                        return 0.0;
                    }
                    let (d0, d1) = if lower {
                        (z0 - b, z1 - b)
                    } else {
                        (b - z0, b - z1)
                    };
                    if d1 <= 0.0 || d0 <= 0.0 {
                        return 1.0;
                    }
                    let e = st.bridge * d0 * d1;
                    if e > BRIDGE_CUTOFF {
                        0.0
                    } else {
                        (-e).exp()
                    }
                };
                let (near, far) = if lv.near_is_liq {
                    (lv.liq, lv.stop)
                } else {
                    (lv.stop, lv.liq)
                };
                let (mut hit_near, mut hit_far) = (false, false);
                let p_near = p_cross(near, true);
                if p_near > 0.0 {
                    let u = rng.uniform();
                    hit_near = u < p_near;
                    hit_far = hit_near && u < p_cross(far, true);
                }
                let p_up = p_cross(lv.target, false);
                let hit_target = p_up > 0.0 && rng.uniform() < p_up;
                let (hit_stop, hit_liq) = if lv.near_is_liq {
                    (hit_far, hit_near)
                } else {
                    (hit_near, hit_far)
                };
                t_stop |= hit_stop;
                t_liq |= hit_liq;
                t_target |= hit_target;
                if outcome == Outcome::Open {
                    if hit_stop || hit_liq {
                        // A continuous path meets the nearer of the two first, at its price.
                        if lv.near_is_liq {
                            outcome = Outcome::Liquidation;
                            pnl = lv.liq_pnl;
                        } else {
                            outcome = Outcome::Stop;
                            pnl = ex.pnl_from_log(sign * lv.stop);
                        }
                    } else if hit_target {
                        outcome = Outcome::Target;
                        pnl = lv.target_pnl;
                    }
                }
            }

            if st.jump_rate > 0.0 {
                let n = rng.poisson(st.jump_rate);
                if n > 0 {
                    let nf = f64::from(n);
                    x1 += nf * st.jump_mean + nf.sqrt() * st.jump_std * rng.normal();
                }
            }
            x = x1;

            // End-of-step check (all jumps and, for AtSteps, everything): gaps.
            let z = sign * x;
            let past_liq = z <= lv.liq;
            let past_stop = z <= lv.stop;
            let past_target = z >= lv.target;
            t_stop |= past_stop;
            t_liq |= past_liq;
            t_target |= past_target;
            if outcome == Outcome::Open {
                if past_liq {
                    outcome = Outcome::Liquidation;
                    pnl = lv.liq_pnl;
                } else if past_stop {
                    outcome = Outcome::Stop;
                    pnl = ex.pnl_from_log(x);
                } else if past_target {
                    outcome = Outcome::Target;
                    pnl = lv.target_pnl;
                }
            }

            if fan_idx < self.fan_steps.len() && self.fan_steps[fan_idx] == k {
                self.fan[fan_idx].push(x as f32);
                fan_idx += 1;
            }
        }
        if outcome == Outcome::Open {
            pnl = ex.pnl_from_log(x);
        }
        let slot = match outcome {
            Outcome::Stop => 0,
            Outcome::Liquidation => 1,
            Outcome::Target => 2,
            Outcome::Open => 3,
        };
        self.counts[slot] += 1;
        if outcome == Outcome::Stop {
            self.open.stop_fill += pnl;
        }
        self.touches[0] += u64::from(t_stop);
        self.touches[1] += u64::from(t_liq);
        self.touches[2] += u64::from(t_target);
        let loss = (-pnl).max(0.0);
        self.open.pnl += pnl;
        self.open.pnl_sq += pnl * pnl;
        self.open.loss += loss;
        self.open.loss_sq += loss * loss;
        self.losses.push(-pnl);
    }

    /// The estimates from the paths simulated so far.
    ///
    /// ```text
    /// p̂ = k/n,  SE = √(p̂(1−p̂)/n);   mean x̄,  SE = s/√n
    /// VaR_α = L_(⌈αn⌉),  ES_α = mean(L_(⌈αn⌉) … L_(n))      (L sorted ascending)
    /// ```
    /// Source: Glasserman (2004), §1.1.2 (standard errors), §9.1 (quantile estimation).
    ///
    /// # Errors
    /// [`RiskError::Inconsistent`] before any path has been simulated.
    pub fn result(&self) -> RiskResult<McResult> {
        let n = self.done;
        if n == 0 {
            return Err(RiskError::Inconsistent("no Monte Carlo paths have run yet"));
        }
        let alpha = self.config.confidence;
        // Selection instead of sorting: O(n), so reading results between slices stays cheap.
        let mut losses = self.losses.clone();
        let idx = ((alpha * n as f64).ceil() as usize).clamp(1, n as usize) - 1;
        let var = select_by(&mut losses, idx, f64::total_cmp).unwrap_or(f64::NAN);
        let above = losses.get(idx + 1..).unwrap_or_default();
        let es = (var + above.iter().sum::<f64>()) / (above.len() + 1) as f64;

        let mut fan = Vec::new();
        if !self.fan_steps.is_empty() {
            fan.push(FanPoint {
                t_years: 0.0,
                quantiles: [self.config.s0; 5],
            });
            let dt = self.config.horizon_years / f64::from(self.config.steps);
            for (j, &k) in self.fan_steps.iter().enumerate() {
                let mut xs = self.fan[j].clone();
                let mut q = [0.0; 5];
                // The levels ascend: each selection leaves everything above its element to
                // the right, so the next one searches only there (same values, about half
                // the work of five selections over the whole step).
                let mut from = 0usize;
                for (qi, &lvl) in FAN_LEVELS.iter().enumerate() {
                    let i = ((lvl * (xs.len() - 1) as f64).round() as usize).min(xs.len() - 1);
                    let x = match i.checked_sub(from) {
                        Some(k) => {
                            let x = xs
                                .get_mut(from..)
                                .and_then(|rest| select_by(rest, k, f32::total_cmp));
                            from = i.saturating_add(1);
                            x
                        }
                        // The same index as the level below (a tiny sample): already in place.
                        None => xs.get(i).copied(),
                    }
                    .unwrap_or(f32::NAN);
                    q[qi] = self.config.s0 * f64::from(x).exp();
                }
                fan.push(FanPoint {
                    t_years: dt * f64::from(k),
                    quantiles: q,
                });
            }
        }

        let stops = self.counts[0];
        let mut sums = self.totals;
        sums.add(&self.open);
        Ok(McResult {
            paths: n,
            prob_stop_first: Estimate::proportion(stops, n),
            prob_liquidation_first: Estimate::proportion(self.counts[1], n),
            prob_target_first: Estimate::proportion(self.counts[2], n),
            prob_open_at_horizon: Estimate::proportion(self.counts[3], n),
            prob_touch_stop: Estimate::proportion(self.touches[0], n),
            prob_touch_liquidation: Estimate::proportion(self.touches[1], n),
            prob_touch_target: Estimate::proportion(self.touches[2], n),
            expected_pnl: Estimate::mean(sums.pnl, sums.pnl_sq, n),
            expected_loss: Estimate::mean(sums.loss, sums.loss_sq, n),
            mean_stop_fill_pnl: (stops > 0).then(|| sums.stop_fill / stops as f64),
            confidence: alpha,
            value_at_risk: var,
            expected_shortfall: es,
            fan,
        })
    }

    /// The log-price of path `i` (`i <` paths done) at the fan times, as prices; `None` when
    /// no fan is recorded. For drawing a few sample paths in the fan chart.
    pub fn sample_path(&self, i: u64) -> Option<Vec<f64>> {
        if self.fan_steps.is_empty() || i >= self.done {
            return None;
        }
        let mut v = Vec::with_capacity(self.fan.len() + 1);
        v.push(self.config.s0);
        for col in &self.fan {
            v.push(self.config.s0 * f64::from(col[i as usize]).exp());
        }
        Some(v)
    }
}

/// The `q`-quantile of the horizon log-return under the model (GBM), for axis ranges of the
/// fan chart: `ln(S_T/S₀) = νT + σ√T·Φ⁻¹(q)`.
///
/// # Errors
/// `q` outside `(0, 1)`, invalid horizon.
pub fn gbm_log_quantile(model: &Gbm, horizon_years: f64, q: f64) -> RiskResult<f64> {
    let t = in_range("horizon", horizon_years, 0.0, super::gbm::MAX_HORIZON_YEARS)?;
    Ok(model.nu() * t + model.sigma() * t.sqrt() * inv_cdf(q)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::risk::gbm::{prob_touch, Monitoring};

    fn config() -> SimConfig {
        SimConfig {
            model: Gbm::new(0.8, 0.0).unwrap(),
            increments: Increments::Gaussian,
            s0: 100.0,
            horizon_years: 2.0 / 365.0,
            steps: 48,
            monitoring: PathMonitoring::AtSteps,
            exposure: Exposure::LINEAR_LONG,
            barriers: Barriers {
                stop: Some(96.0),
                liquidation: Some(93.0),
                target: Some(105.0),
                liquidation_pnl: Some(-0.1),
            },
            seed: 11,
            confidence: 0.99,
            fan_points: 8,
        }
    }

    #[test]
    fn fan_quantiles_are_the_sorted_samples_at_their_ranks() {
        // Sample sizes where levels share an index (1, 2, 3) and where they do not.
        for paths in [1u64, 2, 3, 7, 500, 2_003] {
            let mut mc = MonteCarlo::new(config()).unwrap();
            mc.run_chunk(paths);
            let r = mc.result().unwrap();
            assert_eq!(r.fan.len(), mc.fan_steps.len() + 1);
            for (j, point) in r.fan.iter().skip(1).enumerate() {
                let mut sorted = mc.fan[j].clone();
                sorted.sort_by(f32::total_cmp);
                for (qi, &lvl) in FAN_LEVELS.iter().enumerate() {
                    let i =
                        ((lvl * (sorted.len() - 1) as f64).round() as usize).min(sorted.len() - 1);
                    let want = 100.0 * f64::from(sorted[i]).exp();
                    assert_eq!(
                        point.quantiles[qi].to_bits(),
                        want.to_bits(),
                        "paths {paths}, step {j}, level {lvl}"
                    );
                }
            }
        }
    }

    #[test]
    fn blocks_run_apart_give_the_same_result_bit_for_bit() {
        for (increments, monitoring) in [
            (Increments::Gaussian, PathMonitoring::AtSteps),
            (Increments::StudentT { df: 4.0 }, PathMonitoring::Continuous),
            (
                Increments::MertonJumps {
                    intensity: 20.0,
                    jump_mean: -0.02,
                    jump_std: 0.03,
                },
                PathMonitoring::Continuous,
            ),
        ] {
            let c = SimConfig {
                increments,
                monitoring,
                fan_points: 0,
                seed: 0xDEAD_BEEF_1234_5678,
                ..config()
            };
            // 3.5 blocks: one thread in uneven slices ...
            let total = 3 * BLOCK_PATHS + BLOCK_PATHS / 2;
            let mut one = MonteCarlo::new(c).unwrap();
            for n in [7, 1000, 2000, total - 3007] {
                one.run_chunk(n);
            }
            // ... and blocks run elsewhere (in any order), sent as words, taken in in order.
            let mut blocks: Vec<Block> = (0..4)
                .rev()
                .map(|k| {
                    let first = k * BLOCK_PATHS;
                    let b = run_block(c, first, BLOCK_PATHS.min(total - first)).unwrap();
                    Block::from_words(&b.to_words()).unwrap()
                })
                .collect();
            blocks.reverse();
            let mut merged = MonteCarlo::new(c).unwrap();
            for b in blocks {
                merged.absorb(b).unwrap();
            }
            assert_eq!(merged.paths_done(), total);
            assert_eq!(
                one.result().unwrap(),
                merged.result().unwrap(),
                "{increments:?}"
            );
        }
    }

    #[test]
    fn blocks_are_taken_in_order_only() {
        let c = SimConfig {
            fan_points: 0,
            ..config()
        };
        let mut mc = MonteCarlo::new(c).unwrap();
        let second = run_block(c, BLOCK_PATHS, 10).unwrap();
        assert!(mc.absorb(second).is_err(), "not the next block");
        assert!(run_block(c, 5, 10).is_err(), "not aligned");
        assert!(
            run_block(c, 0, BLOCK_PATHS + 1).is_err(),
            "longer than a block"
        );
        assert!(run_block(config(), 0, 10).is_err(), "records a fan");
        let mut words = run_block(c, 0, 10).unwrap().to_words();
        words.pop();
        assert!(Block::from_words(&words).is_none(), "a loss missing");
        assert!(Block::from_words(&[]).is_none());
    }

    #[test]
    fn configurations_travel_as_words() {
        for c in [
            config(),
            SimConfig {
                increments: Increments::MertonJumps {
                    intensity: 3.0,
                    jump_mean: -0.1,
                    jump_std: 0.05,
                },
                monitoring: PathMonitoring::Continuous,
                exposure: Exposure::new(Side::Short, PnlKind::Inverse),
                barriers: Barriers {
                    stop: Some(104.0),
                    liquidation: None,
                    target: None,
                    liquidation_pnl: None,
                },
                seed: u64::MAX,
                ..config()
            },
            SimConfig {
                increments: Increments::StudentT { df: 3.5 },
                ..config()
            },
        ] {
            assert_eq!(SimConfig::from_words(&c.to_words()), Some(c));
        }
        let mut w = config().to_words();
        w[2] = 7.0;
        assert_eq!(SimConfig::from_words(&w), None, "no such increments");
        assert_eq!(SimConfig::from_words(&w[..19]), None);
    }

    #[test]
    fn chunking_does_not_change_the_result() {
        let mut one = MonteCarlo::new(config()).unwrap();
        one.run_chunk(600);
        let mut many = MonteCarlo::new(config()).unwrap();
        for n in [1, 99, 200, 300] {
            many.run_chunk(n);
        }
        assert_eq!(one.result().unwrap(), many.result().unwrap());
        let mut other_seed = MonteCarlo::new(SimConfig {
            seed: 12,
            ..config()
        })
        .unwrap();
        other_seed.run_chunk(600);
        assert_ne!(one.result().unwrap(), other_seed.result().unwrap());
    }

    #[test]
    fn validation() {
        let bad = |f: fn(&mut SimConfig)| {
            let mut c = config();
            f(&mut c);
            MonteCarlo::new(c).is_err()
        };
        assert!(bad(|c| c.steps = 0));
        assert!(bad(|c| c.horizon_years = 0.0));
        assert!(bad(|c| c.s0 = f64::NAN));
        assert!(bad(|c| c.barriers.stop = Some(101.0)));
        assert!(bad(|c| c.barriers.stop = Some(100.0)));
        assert!(bad(|c| c.barriers.target = Some(99.0)));
        assert!(bad(|c| c.barriers.liquidation_pnl = Some(f64::INFINITY)));
        assert!(bad(|c| c.increments = Increments::StudentT { df: 2.0 }));
        assert!(bad(|c| c.confidence = 1.0));
        assert!(bad(|c| {
            c.increments = Increments::MertonJumps {
                intensity: 100.0,
                jump_mean: -0.1,
                jump_std: 0.1,
            }
        }));
        let e = MonteCarlo::new(SimConfig {
            exposure: Exposure::LINEAR_SHORT,
            ..config()
        })
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "the stop price must be strictly above the current price"
        );
        assert!(MonteCarlo::new(config()).unwrap().result().is_err());
    }

    #[test]
    fn outcomes_partition_and_fan() {
        let mut mc = MonteCarlo::new(config()).unwrap();
        mc.run_chunk(2000);
        let r = mc.result().unwrap();
        let total = r.prob_stop_first.value
            + r.prob_liquidation_first.value
            + r.prob_target_first.value
            + r.prob_open_at_horizon.value;
        assert!((total - 1.0).abs() < 1e-12);
        // Touching liquidation implies touching the nearer stop (long, liq below stop).
        assert!(r.prob_touch_stop.value >= r.prob_touch_liquidation.value);
        // Gaps: stop fills at or below the stop's own −4 %.
        assert!(r.mean_stop_fill_pnl.unwrap() < -0.04);
        assert_eq!(r.fan.len(), 9);
        let last = r.fan.last().unwrap();
        assert!((last.t_years - 2.0 / 365.0).abs() < 1e-15);
        assert!(last.quantiles.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(mc.sample_path(0).unwrap().len(), 9);
        assert!(r.expected_shortfall >= r.value_at_risk);
    }

    #[test]
    fn continuous_bridge_matches_closed_form_touch() {
        let (n, steps) = if cfg!(debug_assertions) {
            (4000, 20)
        } else {
            (40_000, 50)
        };
        let mut c = config();
        c.monitoring = PathMonitoring::Continuous;
        c.steps = steps;
        c.barriers = Barriers {
            liquidation: Some(95.0),
            ..Barriers::default()
        };
        let mut mc = MonteCarlo::new(c).unwrap();
        mc.run_chunk(n);
        let r = mc.result().unwrap();
        let p = prob_touch(
            &c.model,
            100.0,
            95.0,
            c.horizon_years,
            Monitoring::Continuous,
        )
        .unwrap();
        assert!(
            r.prob_touch_liquidation.agrees_with(p, 3.0, 0.0),
            "{r:?} vs {p}"
        );
    }
}
