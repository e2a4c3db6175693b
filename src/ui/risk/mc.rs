//! The Monte Carlo in the page: its set-up from the evaluation, and a runner that simulates
//! in slices so the page never freezes.
//!
//! Scheduling: after an input change the run waits [`DEBOUNCE_MS`] (typing does not start a
//! run per keystroke), then each `setTimeout` task simulates as many paths as fit
//! [`SLICE_BUDGET_MS`], sized from the measured cost of the previous slices
//! ([`Slicer`]), and yields. Results are read (`McResult`, O(paths)) at most every
//! [`PUBLISH_MS`] and at the end, and that read's cost is taken off the next slice's budget, so
//! no task runs much beyond ~20 ms. A generation counter cancels a run whose inputs changed.
//!
//! The fan chart's quantiles come from a second simulation of the first [`FAN_PATHS`] paths
//! (path `i` draws from stream `i` of the seed, so these are exactly the main run's first
//! paths): reading quantiles at a few dozen times costs O(paths) per time, which for 100,000
//! paths would be one task of several hundred milliseconds. The main run records no fan, so
//! its reads stay a single O(paths) selection.

use super::model::RiskData;
use super::params::McParams;
use super::pool::{Pool, Reply};
use crate::engine::num::to_f64;
use crate::engine::risk::montecarlo::{
    run_block, whole_word, Barriers, Block, FanPoint, McResult, MonteCarlo, PathMonitoring,
    SimConfig, BLOCK_PATHS,
};
use crate::engine::risk::volatility::horizon_years_from_hours;
use crate::engine::risk::{Exposure, Gbm, PnlKind};
use crate::engine::ContractKind;
use crate::scenario::Evaluation;
use crate::ui::slice::Slicer;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

/// Wait after the last input change before simulating.
pub const DEBOUNCE_MS: u64 = 150;
/// Wait before the first run, while the page finishes loading.
pub const FIRST_RUN_MS: u64 = 500;
/// Work per task, before the result read.
pub const SLICE_BUDGET_MS: f64 = 10.0;
/// Paths of the first (probe) slice.
pub const PROBE_PATHS: u64 = 50;
/// Refresh the shown result at most this often while running.
pub const PUBLISH_MS: f64 = 400.0;
/// Show the progress of a run on workers at most this often (ms): a block comes back every
/// millisecond or two, and redrawing the progress for each took a share of the two cores the
/// workers need (issue 14's throughput).
pub const PROGRESS_MS: f64 = 100.0;
/// Most steps a path may have.
pub const MAX_STEPS: u32 = 2000;
/// Time points of the fan chart.
pub const FAN_POINTS: u32 = 24;
/// Sample paths drawn in the fan chart.
pub const SAMPLE_PATHS: u64 = 6;
/// Paths behind the fan chart's quantiles.
pub const FAN_PATHS: u64 = 4000;

/// A validated simulation and what the page needs to describe it.
#[derive(Debug, Clone, PartialEq)]
pub struct McSetup {
    /// The main run (no fan recorded).
    pub config: SimConfig,
    pub paths: u64,
    /// The fan run: the same simulation recording prices at [`FAN_POINTS`] times.
    pub fan_config: SimConfig,
    pub fan_paths: u64,
    /// Minutes per step.
    pub step_minutes: f64,
    /// The mark interval asked for more than [`MAX_STEPS`] steps: steps are coarser.
    pub capped: bool,
    /// Notional at the reference price, settlement currency (results are fractions of it).
    pub notional: f64,
    pub stop: Option<f64>,
    pub liquidation: Option<f64>,
    pub target: Option<f64>,
}

/// The simulation for the evaluated position: same σ, μ, horizon and reference price as the
/// closed forms; stop, liquidation (losing the margin balance) and target as exits; steps of
/// the mark interval when one is given (checked at each step: gaps fill at the step's price),
/// else 15-minute steps with continuous (Brownian-bridge) barrier checks.
///
/// # Errors
/// The engine's message when the set-up is refused.
pub fn setup(d: &RiskData, e: &Evaluation, p: McParams) -> Result<McSetup, String> {
    let years = horizon_years_from_hours(d.horizon_hours).map_err(|e| e.to_string())?;
    let (steps, monitoring, capped) = match d.mark_interval {
        Some(secs) => {
            let n = (d.horizon_hours * 3600.0 / secs).ceil();
            let capped = n > f64::from(MAX_STEPS);
            (
                n.clamp(1.0, f64::from(MAX_STEPS)) as u32,
                PathMonitoring::AtSteps,
                capped,
            )
        }
        None => (
            (d.horizon_hours * 4.0).round().clamp(24.0, 1000.0) as u32,
            PathMonitoring::Continuous,
            false,
        ),
    };
    let s0 = d.reference;
    let loss_side = |x: &f64| if d.long { *x < s0 } else { *x > s0 };
    let stop = d.stop.filter(loss_side);
    let liquidation = d.liquidation.filter(loss_side);
    let target = d.target.filter(|x| !loss_side(x) && *x != s0);
    let kind = match e.input.contract {
        ContractKind::Linear => PnlKind::Linear,
        ContractKind::Inverse { .. } => PnlKind::Inverse,
    };
    let config = SimConfig {
        model: Gbm::new(d.sigma, d.mu).map_err(|e| e.to_string())?,
        increments: p.increments,
        s0,
        horizon_years: years,
        steps,
        monitoring,
        exposure: Exposure::new(e.input.side, kind),
        barriers: Barriers {
            stop,
            liquidation,
            target,
            liquidation_pnl: liquidation.map(|_| -to_f64(e.report.margin_balance) / d.notional),
        },
        seed: p.seed,
        confidence: super::model::CONFIDENCE,
        fan_points: 0,
    };
    let fan_config = SimConfig {
        fan_points: steps.min(FAN_POINTS),
        ..config
    };
    MonteCarlo::new(config).map_err(|e| {
        let m = e.to_string();
        let mut c = m.chars();
        c.next()
            // ASCII case only: the engine's messages start with an ASCII letter, and the
            // Unicode case tables would cost the page 10 KB gzip.
            .map(|f| format!("{}{}.", f.to_ascii_uppercase(), c.as_str()))
            .unwrap_or(m)
    })?;
    Ok(McSetup {
        config,
        paths: p.paths,
        fan_config,
        fan_paths: p.paths.min(FAN_PATHS),
        step_minutes: d.horizon_hours * 60.0 / f64::from(steps),
        capped,
        notional: d.notional,
        stop,
        liquidation,
        target,
    })
}

/// Where a run stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum McState {
    /// Nothing to simulate (no volatility, or invalid inputs).
    #[default]
    Idle,
    Running,
    Done,
    /// The set-up was refused; the message says why.
    Error(String),
}

impl McState {
    pub fn key(&self) -> &'static str {
        match self {
            McState::Idle => "idle",
            McState::Running => "running",
            McState::Done => "done",
            McState::Error(_) => "error",
        }
    }
}

/// What the page shows of the current run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct McView {
    pub state: McState,
    /// Runs started so far (the generation of this one).
    pub generation: u64,
    pub done: u64,
    pub total: u64,
    /// The last result read, and the set-up it belongs to (which may be the previous run's
    /// while a new one starts: then `stale`).
    pub result: Option<Arc<McResult>>,
    pub shown: Option<Arc<McSetup>>,
    pub samples: Arc<Vec<Vec<f64>>>,
    pub stale: bool,
    /// Time spent simulating and reading results (ms): on the main thread, or from the
    /// start of the run to its last block when workers simulate; and the longest main-thread
    /// task of the run.
    pub compute_ms: f64,
    pub max_task_ms: f64,
    /// Workers simulating the main run (0: the main thread, in slices).
    pub workers: usize,
}

/// The part of a [`McView`] that the figures and the fan chart draw. It changes only when a
/// result is published (every [`PUBLISH_MS`] and at the end), not with each slice's progress:
/// reading it through a memo keeps the redraw out of the slices' tasks.
#[derive(Debug, Clone)]
pub struct Published {
    pub result: Option<Arc<McResult>>,
    pub shown: Option<Arc<McSetup>>,
    pub samples: Arc<Vec<Vec<f64>>>,
    pub stale: bool,
}

impl PartialEq for Published {
    /// The same published read (the same allocations), not an equal-looking one: cheap, and a
    /// new read always draws.
    fn eq(&self, o: &Self) -> bool {
        fn same<T>(a: &Option<Arc<T>>, b: &Option<Arc<T>>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
        }
        same(&self.result, &o.result)
            && same(&self.shown, &o.shown)
            && Arc::ptr_eq(&self.samples, &o.samples)
            && self.stale == o.stale
    }
}

impl McView {
    /// What is drawn from this view (see [`Published`]).
    pub fn published(&self) -> Published {
        Published {
            result: self.result.clone(),
            shown: self.shown.clone(),
            samples: self.samples.clone(),
            stale: self.stale,
        }
    }
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn perf_now() -> f64;
}

#[cfg(not(target_arch = "wasm32"))]
fn perf_now() -> f64 {
    0.0
}

/// The fan run's quantiles and its sample paths.
type FanRead = (Vec<FanPoint>, Arc<Vec<Vec<f64>>>);

struct Run {
    generation: u64,
    setup: Arc<McSetup>,
    mc: MonteCarlo,
    fan: MonteCarlo,
    /// The fan run's quantiles and sample paths, read once it is complete.
    fan_read: Option<FanRead>,
    slicer: Slicer,
    read_ms: f64,
    last_read: Option<f64>,
    compute_ms: f64,
    max_task_ms: f64,
    /// The main run on workers: its configuration as words, the next block to send, the
    /// blocks back but not yet taken in (they are taken in order), and when it started.
    words: Vec<f64>,
    next_block: usize,
    back: Vec<Option<Block>>,
    on_workers: Option<f64>,
    /// When the progress of the run on workers was last shown (ms).
    last_shown: f64,
}

impl Run {
    /// Read and keep the result for the page (the fan's quantiles and samples joined).
    fn read(&mut self) -> Read {
        let t2 = perf_now();
        let mut result = self.mc.result().ok();
        let mut samples = Arc::new(Vec::new());
        if let (Some(r), Some((fan, s))) = (result.as_mut(), self.fan_read.as_ref()) {
            r.fan = fan.clone();
            samples = s.clone();
        }
        let t3 = perf_now();
        self.read_ms += t3 - t2;
        self.last_read = Some(t3);
        (result.map(Arc::new), samples, self.setup.clone())
    }

    /// Whether the main run's result is to be published now (`now`, ms): the first time once
    /// 1,000 paths (or all) are in, then every [`PUBLISH_MS`], and at the end.
    fn publish_due(&self, now: f64) -> bool {
        let done = self.mc.paths_done();
        let first = self.last_read.is_none() && done >= self.setup.paths.min(1000);
        let due = self.last_read.is_some_and(|t| now - t >= PUBLISH_MS);
        done >= self.setup.paths || first || due
    }

    fn blocks(&self) -> usize {
        self.setup.paths.div_ceil(BLOCK_PATHS) as usize
    }
}

/// A result read for the page: the result (the fan joined), the sample paths, the set-up.
type Read = (Option<Arc<McResult>>, Arc<Vec<Vec<f64>>>, Arc<McSetup>);

/// Starts, slices and cancels runs; owns the simulation between tasks.
#[derive(Clone)]
pub struct Runner {
    run: Rc<RefCell<Option<Run>>>,
    generation: Rc<RefCell<u64>>,
    pub view: RwSignal<McView>,
    /// The workers (started at the first main run; `None` inside when they cannot run).
    pool: Rc<RefCell<Option<Option<Pool>>>>,
}

/// One block of a run for a worker ([`run_block`] from and to numbers): what the page's
/// module answers in a worker (`mcBlock`).
///
/// # Errors
/// Words that are not a configuration, or the engine's message.
pub fn block_words(config: &[f64], first: f64, paths: f64) -> Result<Vec<f64>, String> {
    let c = SimConfig::from_words(config).ok_or("not a Monte Carlo configuration")?;
    let (Some(first), Some(paths)) = (whole_word(first), whole_word(paths)) else {
        return Err("a block's first path and size are whole numbers".into());
    };
    run_block(c, first, paths)
        .map(|b| b.to_words())
        .map_err(|e| e.to_string())
}

impl Runner {
    pub fn new() -> Runner {
        Runner {
            run: Rc::new(RefCell::new(None)),
            generation: Rc::new(RefCell::new(0)),
            view: RwSignal::new(McView::default()),
            pool: Rc::new(RefCell::new(None)),
        }
    }

    /// Whether the workers run (starting them the first time).
    fn workers_ready(&self) -> bool {
        let mut pool = self.pool.borrow_mut();
        if pool.is_none() {
            let (a, b) = (self.clone(), self.clone());
            *pool = Some(Pool::start(
                move |i, r| a.on_reply(i, r),
                move |i| b.on_worker_error(i),
            ));
        }
        pool.as_ref()
            .and_then(Option::as_ref)
            .is_some_and(|p| !p.broken && p.len() > 0)
    }

    /// Send the next blocks of the current run to every idle worker.
    fn dispatch(&self) {
        let mut guard = self.run.borrow_mut();
        let Some(run) = guard.as_mut().filter(|r| r.on_workers.is_some()) else {
            return;
        };
        let mut pool = self.pool.borrow_mut();
        let Some(p) = pool.as_mut().and_then(Option::as_mut) else {
            return;
        };
        while let Some(i) = p.idle() {
            if run.next_block >= run.blocks() {
                break;
            }
            let first = run.next_block as u64 * BLOCK_PATHS;
            let paths = BLOCK_PATHS.min(run.setup.paths - first);
            if !p.send(i, run.generation, run.next_block, first, paths, &run.words) {
                break;
            }
            run.next_block += 1;
        }
    }

    /// A worker failed: no more workers; the current run goes on in slices from the blocks
    /// already taken in.
    fn on_worker_error(&self, _i: usize) {
        if let Some(Some(p)) = self.pool.borrow_mut().as_mut() {
            p.stop();
        }
        let generation = {
            let mut guard = self.run.borrow_mut();
            let Some(run) = guard.as_mut().filter(|r| r.on_workers.is_some()) else {
                return;
            };
            run.on_workers = None;
            run.back.clear();
            run.generation
        };
        self.view.update(|v| v.workers = 0);
        let me = self.clone();
        set_timeout(move || me.tick(generation), Duration::ZERO);
    }

    /// A worker's block: kept, and every block now in order taken in; the next block sent;
    /// the result published when due and at the end.
    fn on_reply(&self, i: usize, (generation, block, words): Reply) {
        let t0 = perf_now();
        if let Some(Some(p)) = self.pool.borrow_mut().as_mut() {
            p.release(i);
        }
        let words = match words {
            Ok(w) => w,
            Err(_) => return self.on_worker_error(i),
        };
        let mut published = None;
        let (done, finished, compute_ms, max_task_ms, show);
        {
            let mut guard = self.run.borrow_mut();
            let Some(run) = guard
                .as_mut()
                .filter(|r| r.generation == generation && r.on_workers.is_some())
            else {
                drop(guard);
                // A block of a cancelled run: the worker is free for the current one.
                return self.dispatch();
            };
            let Some(b) = Block::from_words(&words) else {
                drop(guard);
                return self.on_worker_error(i);
            };
            if let Some(slot) = run.back.get_mut(block) {
                *slot = Some(b);
            }
            let mut k = (run.mc.paths_done() / BLOCK_PATHS) as usize;
            while let Some(b) = run.back.get_mut(k).and_then(Option::take) {
                if run.mc.absorb(b).is_err() {
                    break;
                }
                k += 1;
            }
            let paths_done = run.mc.paths_done();
            finished = paths_done >= run.setup.paths;
            if run.publish_due(perf_now()) {
                published = Some(run.read());
            }
            let t_end = perf_now();
            run.max_task_ms = run.max_task_ms.max(t_end - t0);
            run.compute_ms = t_end - run.on_workers.unwrap_or(t_end);
            (done, compute_ms, max_task_ms) = (paths_done, run.compute_ms, run.max_task_ms);
            show = published.is_some() || finished || t_end - run.last_shown >= PROGRESS_MS;
            if show {
                run.last_shown = t_end;
            }
        }
        // The next block first, so that the worker is busy while the page draws.
        if !finished {
            self.dispatch();
        }
        if show {
            self.show(done, compute_ms, max_task_ms, published, finished);
        }
    }

    fn show(
        &self,
        done: u64,
        compute_ms: f64,
        max_task_ms: f64,
        published: Option<Read>,
        finished: bool,
    ) {
        self.view.update(|v| {
            v.done = done;
            v.compute_ms = compute_ms;
            v.max_task_ms = max_task_ms;
            if let Some((result, samples, setup)) = published {
                v.result = result;
                v.samples = samples;
                v.shown = Some(setup);
                v.stale = false;
            }
            if finished {
                v.state = McState::Done;
            }
        });
    }

    /// Cancels the current run and starts `setup` (or shows why there is none).
    pub fn restart(&self, setup: Option<Result<McSetup, String>>) {
        let generation = {
            let mut g = self.generation.borrow_mut();
            *g += 1;
            *g
        };
        *self.run.borrow_mut() = None;
        let setup = match setup {
            None => {
                self.view.update(|v| {
                    v.state = McState::Idle;
                    v.generation = generation;
                    v.stale = true;
                });
                return;
            }
            Some(Err(msg)) => {
                self.view.update(|v| {
                    v.state = McState::Error(msg);
                    v.generation = generation;
                    v.stale = true;
                });
                return;
            }
            Some(Ok(s)) => Arc::new(s),
        };
        let made = MonteCarlo::new(setup.config)
            .and_then(|mc| Ok((mc, MonteCarlo::new(setup.fan_config)?)));
        let (mc, fan) = match made {
            Ok(m) => m,
            Err(e) => {
                self.view
                    .update(|v| v.state = McState::Error(e.to_string()));
                return;
            }
        };
        let total = setup.paths;
        let setup_words = setup.config.to_words();
        *self.run.borrow_mut() = Some(Run {
            generation,
            setup,
            mc,
            fan,
            fan_read: None,
            slicer: Slicer::default(),
            read_ms: 0.0,
            last_read: None,
            compute_ms: 0.0,
            max_task_ms: 0.0,
            words: setup_words,
            next_block: 0,
            back: Vec::new(),
            on_workers: None,
            last_shown: 0.0,
        });
        self.view.update(|v| {
            v.state = McState::Running;
            v.generation = generation;
            v.done = 0;
            v.total = total;
            v.stale = v.result.is_some();
            v.compute_ms = 0.0;
            v.max_task_ms = 0.0;
            v.workers = 0;
        });
        let me = self.clone();
        let wait = if generation == 1 {
            FIRST_RUN_MS
        } else {
            DEBOUNCE_MS
        };
        set_timeout(move || me.tick(generation), Duration::from_millis(wait));
    }

    /// One slice of run `generation`; schedules the next unless finished or cancelled.
    fn tick(self, generation: u64) {
        let to_workers = self.run.borrow().as_ref().is_some_and(|r| {
            r.generation == generation
                && r.fan.paths_done() >= r.setup.fan_paths
                && r.mc.paths_done() % BLOCK_PATHS == 0
                && r.mc.paths_done() < r.setup.paths
        });
        // The fan is drawn: the main run goes to the workers when they run.
        if to_workers && self.workers_ready() {
            let workers = self
                .pool
                .borrow()
                .as_ref()
                .and_then(Option::as_ref)
                .map_or(0, Pool::len);
            if let Some(run) = self.run.borrow_mut().as_mut() {
                run.on_workers = Some(perf_now());
                run.next_block = (run.mc.paths_done() / BLOCK_PATHS) as usize;
                run.back = vec![None; run.blocks()];
            }
            self.view.update(|v| v.workers = workers);
            return self.dispatch();
        }
        let t0 = perf_now();
        let mut published = None;
        let (done, finished, compute_ms, max_task_ms);
        {
            let mut guard = self.run.borrow_mut();
            let Some(run) = guard.as_mut().filter(|r| r.generation == generation) else {
                return;
            };
            let total_paths = run.setup.paths;
            let budget = (SLICE_BUDGET_MS - run.read_ms).max(2.0);
            // The fan run first (the chart appears early), then the main run.
            let fan_left = run.setup.fan_paths.saturating_sub(run.fan.paths_done());
            let on_fan = fan_left > 0;
            let remaining = if on_fan {
                fan_left
            } else {
                total_paths.saturating_sub(run.mc.paths_done())
            };
            let n = run.slicer.next(budget, PROBE_PATHS, remaining);
            if on_fan {
                run.fan.run_chunk(n);
            } else {
                run.mc.run_chunk(n);
            }
            let t1 = perf_now();
            run.slicer.record(n, t1 - t0);
            run.read_ms = 0.0;
            if on_fan && n == fan_left {
                // One read of the fan run: quantiles at each time, a few sample paths.
                if let Ok(r) = run.fan.result() {
                    let k = SAMPLE_PATHS.min(run.fan.paths_done());
                    let samples = (0..k).filter_map(|i| run.fan.sample_path(i)).collect();
                    run.fan_read = Some((r.fan, Arc::new(samples)));
                }
                run.read_ms = perf_now() - t1;
            }
            let paths_done = run.mc.paths_done();
            finished = paths_done >= total_paths;
            if !on_fan && run.publish_due(t1) {
                published = Some(run.read());
            }
            let t_end = perf_now();
            run.compute_ms += t_end - t0;
            run.max_task_ms = run.max_task_ms.max(t_end - t0);
            (done, compute_ms, max_task_ms) = (paths_done, run.compute_ms, run.max_task_ms);
        }
        self.show(done, compute_ms, max_task_ms, published, finished);
        if !finished {
            set_timeout(move || self.tick(generation), Duration::ZERO);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::risk::montecarlo::Increments;
    use crate::scenario::{evaluate_scenario, Num, Scenario};

    fn setup_for(s: &Scenario) -> Result<McSetup, String> {
        let e = evaluate_scenario(s).unwrap();
        let d = super::super::model::build(&e).unwrap();
        setup(
            &d,
            &e,
            McParams {
                increments: Increments::Gaussian,
                paths: 2000,
                seed: 3,
            },
        )
    }

    fn scenario() -> Scenario {
        Scenario {
            volatility_annual: Some(Num::new("0.6")),
            horizon_hours: Some(Num::new("24")),
            ..Scenario::default()
        }
    }

    #[test]
    fn continuous_runs_agree_with_the_closed_form() {
        let s = scenario();
        let m = setup_for(&s).unwrap();
        assert_eq!(m.config.steps, 96);
        assert_eq!(m.config.monitoring, PathMonitoring::Continuous);
        assert_eq!(m.step_minutes, 15.0);
        assert_eq!(m.config.fan_points, 0);
        assert_eq!(m.fan_config.fan_points, FAN_POINTS);
        assert_eq!(m.fan_paths, 2000);
        let lp = m.liquidation.unwrap();
        // Liquidation loses the margin balance: 3 000 of a 30 000 notional (plus nothing).
        assert!((m.config.barriers.liquidation_pnl.unwrap() + 0.1).abs() < 1e-12);
        let mut mc = MonteCarlo::new(m.config).unwrap();
        // Sliced or not, the same result.
        mc.run_chunk(700);
        mc.run_chunk(1300);
        let r = mc.result().unwrap();
        let mut whole = MonteCarlo::new(m.config).unwrap();
        whole.run_chunk(2000);
        assert_eq!(whole.result().unwrap(), r);
        let e = evaluate_scenario(&s).unwrap();
        let f = e.risk.unwrap().figures;
        assert!(r
            .prob_touch_stop
            .agrees_with(f.prob_touch_stop.unwrap(), 4.0, 1e-3));
        assert!(r
            .prob_touch_liquidation
            .agrees_with(f.prob_touch_liquidation, 4.0, 1e-3));
        assert!(lp < 60_000.0);
        // The fan run's paths are the main run's first paths.
        let mut fan = MonteCarlo::new(m.fan_config).unwrap();
        fan.run_chunk(500);
        let mut head = MonteCarlo::new(m.config).unwrap();
        head.run_chunk(500);
        let (f, h) = (fan.result().unwrap(), head.result().unwrap());
        assert_eq!(f.fan.len(), FAN_POINTS as usize + 1);
        assert_eq!(f.prob_touch_stop, h.prob_touch_stop);
        assert_eq!(f.value_at_risk, h.value_at_risk);
        assert!(r.fan.is_empty());
    }

    #[test]
    fn a_mark_interval_sets_the_steps() {
        let mut s = scenario();
        s.mark_interval_seconds = Some(Num::new("60"));
        let m = setup_for(&s).unwrap();
        assert_eq!(m.config.steps, 1440);
        assert_eq!(m.config.monitoring, PathMonitoring::AtSteps);
        assert!(!m.capped);
        s.mark_interval_seconds = Some(Num::new("1"));
        let m = setup_for(&s).unwrap();
        assert_eq!(m.config.steps, MAX_STEPS);
        assert!(m.capped);
    }

    #[test]
    fn exits_on_the_wrong_side_of_the_mark_are_left_out() {
        let mut s = scenario();
        // The mark sits on the stop (it fires at once): only liquidation and target remain.
        s.mark_price = Some(Num::new("57000"));
        let m = setup_for(&s).unwrap();
        assert_eq!(m.stop, None);
        assert!(m.liquidation.is_some());
        assert_eq!(m.config.s0, 57_000.0);
    }

    #[test]
    fn states_have_keys() {
        assert_eq!(McState::Done.key(), "done");
        assert_eq!(McState::Error("x".into()).key(), "error");
        assert_eq!(McState::default(), McState::Idle);
    }
}
