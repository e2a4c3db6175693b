//! CPPI: leverage managed by the cushion above a floor, simulated on seeded paths in slices
//! of about [`SLICE_MS`] so the page never freezes.
//!
//! A [`Runner`] lives as long as the page: the simulation keeps its results while another tab
//! is open. A change of inputs starts a new generation; slices of an older one stop at once.

use super::forms::{inputs, Item};
use super::plot::{
    exact, heads, num, pct, ChartData, Line, Mark, Plot, PlotView, Rect, Row, Stat, Stats, Table,
    TableView, Tick,
};
use super::state::{CppiSettings, DField, Fallback, STEPS_PER_DAY};
use super::{now, Dyn, Html};
use crate::engine::cppi::{Cppi, CppiRun, CppiSummary, HistogramBin, PathModel, TracePoint};
use crate::ui::slice::Slicer;
use leptos::prelude::*;
use std::time::Duration;

/// Target compute time of one slice, in milliseconds.
pub const SLICE_MS: f64 = 8.0;
/// Multipliers and rebalancing intervals (hours) of the comparison table.
pub const GRID_M: [f64; 3] = [2.0, 4.0, 8.0];
pub const GRID_EVERY: [u32; 3] = [1, 24, 168];
/// Paths per cell of the comparison table (at most the run's own count).
pub const GRID_PATHS: u64 = 500;

/// One cell of the comparison table.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub multiplier: f64,
    pub every_hours: u32,
    pub summary: CppiSummary,
}

/// What the page shows of the simulation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CppiOut {
    pub settings: Option<CppiSettings>,
    /// Paths simulated, of all runs.
    pub done: u64,
    pub total: u64,
    pub summary: Option<CppiSummary>,
    pub hist: Vec<HistogramBin>,
    pub trace: Vec<TracePoint>,
    pub grid: Vec<Cell>,
    /// Time from start to the main run's end, and to the table's end (ms).
    pub main_ms: Option<f64>,
    pub all_ms: Option<f64>,
    /// Longest slice (ms) and number of slices.
    pub longest: f64,
    pub slices: u32,
    pub error: Option<String>,
}

/// A run: `None` is the main run, `Some((m, every))` a cell of the table.
type Stage = (Option<(f64, u32)>, CppiRun);

struct Job {
    gen: u64,
    settings: CppiSettings,
    /// `None`: the main run; `Some((m, every))`: a cell of the table.
    runs: Vec<Stage>,
    stage: usize,
    /// The measured cost of the slices so far: sizes the next one.
    slicer: Slicer,
    t0: f64,
}

impl Job {
    fn build(s: &CppiSettings) -> Result<Vec<Stage>, String> {
        let e = |e: crate::engine::CalcError| e.to_string();
        let model = PathModel::new(s.sigma, s.mu, s.law).map_err(e)?;
        let cppi = Cppi::new(s.config, model).map_err(e)?;
        let mut runs = vec![(None, CppiRun::new(cppi, s.seed, s.paths).map_err(e)?)];
        let cell_paths = s.paths.min(GRID_PATHS);
        for m in GRID_M {
            for every in GRID_EVERY {
                let mut c = s.config;
                c.multiplier = m;
                c.rebalance_every = every;
                let run = Cppi::new(c, model)
                    .and_then(|cppi| CppiRun::new(cppi, s.seed, cell_paths))
                    .map_err(e)?;
                runs.push((Some((m, every)), run));
            }
        }
        Ok(runs)
    }
}

/// The simulation's state, owned by the page.
#[derive(Clone, Copy)]
pub struct Runner {
    pub out: RwSignal<CppiOut>,
    job: StoredValue<Option<Job>, LocalStorage>,
    gen: StoredValue<u64>,
}

impl Runner {
    pub fn new() -> Runner {
        Runner {
            out: RwSignal::new(CppiOut::default()),
            job: StoredValue::new_local(None),
            gen: StoredValue::new(0),
        }
    }

    /// Run `s` unless it is already running or done.
    fn start(self, s: CppiSettings) {
        let same = self
            .job
            .with_value(|j| j.as_ref().is_some_and(|j| j.settings == s));
        if same {
            return;
        }
        let gen = self.gen.get_value() + 1;
        self.gen.set_value(gen);
        self.job.set_value(Some(Job {
            gen,
            settings: s,
            runs: Vec::new(),
            stage: 0,
            slicer: Slicer::default(),
            t0: now(),
        }));
        set_timeout(move || self.step(gen), Duration::ZERO);
    }

    /// Stop an unfinished run (its tab closed); a finished one is kept.
    fn pause(self) {
        let unfinished = self
            .job
            .try_with_value(|j| {
                j.as_ref()
                    .is_some_and(|j| j.runs.is_empty() || j.stage < j.runs.len())
            })
            .unwrap_or(false);
        if unfinished {
            self.job.try_set_value(None);
            self.gen.try_update_value(|g| *g += 1);
        }
    }

    /// One slice of generation `gen`.
    fn step(self, gen: u64) {
        let t0 = now();
        let taken = self
            .job
            .try_update_value(|slot| match slot {
                Some(j) if j.gen == gen => slot.take(),
                _ => None,
            })
            .flatten();
        let Some(mut j) = taken else { return };
        if j.runs.is_empty() {
            match Job::build(&j.settings) {
                Ok(runs) => j.runs = runs,
                Err(msg) => {
                    self.out.set(CppiOut {
                        settings: Some(j.settings),
                        error: Some(msg),
                        ..CppiOut::default()
                    });
                    self.job.set_value(Some(j));
                    return;
                }
            }
            let cells = (GRID_M.len() * GRID_EVERY.len()) as u64;
            let total = j.settings.paths + cells * j.settings.paths.min(GRID_PATHS);
            self.out.set(CppiOut {
                settings: Some(j.settings),
                total,
                ..CppiOut::default()
            });
            j.t0 = t0;
        }
        let stage = j.stage;
        let (cell, run) = &mut j.runs[stage];
        // Before any measurement, a probe of about 20,000 path-steps.
        let probe = run.paths_for_budget(20_000);
        let n = j.slicer.next(SLICE_MS, probe, u64::MAX);
        let ran = run.run_chunk(n);
        let dt = now() - t0;
        j.slicer.record(ran, dt);
        let mut finished_stage = None;
        if run.is_done() {
            finished_stage = Some((*cell, run.summary().map_err(|e| e.to_string())));
            j.stage += 1;
        }
        let main_extra = (stage == 0 && finished_stage.is_some()).then(|| {
            let r = &j.runs[0].1;
            let cppi = Cppi::new(
                j.settings.config,
                PathModel::new(j.settings.sigma, j.settings.mu, j.settings.law).ok()?,
            )
            .ok()?;
            Some((r.histogram(30), cppi.trace(j.settings.seed, 0, 241)))
        });
        let finished = j.stage >= j.runs.len();
        let t_start = j.t0;
        self.job.set_value(Some(j));
        let slice_ms = now() - t0;
        // The main run's end draws both charts and the figures: that is done in a task of its
        // own, not after a slice's compute in the same one (issue 14: no task over 50 ms).
        let main_done = main_extra.is_some();
        let publish = move || {
            self.out.update(|o| {
                o.done += ran;
                o.slices += 1;
                if let Some((cell, summary)) = finished_stage {
                    match (cell, summary) {
                        (_, Err(m)) => o.error = Some(m),
                        (None, Ok(s)) => {
                            o.summary = Some(s);
                            o.main_ms = Some(now() - t_start);
                        }
                        (Some((m, every)), Ok(s)) => o.grid.push(Cell {
                            multiplier: m,
                            every_hours: every,
                            summary: s,
                        }),
                    }
                }
                if let Some(Some((hist, trace))) = main_extra {
                    o.hist = hist;
                    o.trace = trace;
                }
                if finished {
                    o.all_ms = Some(now() - t_start);
                }
                o.longest = o.longest.max(slice_ms);
            });
            if !finished {
                set_timeout(move || self.step(gen), Duration::ZERO);
            }
        };
        if main_done {
            set_timeout(
                move || {
                    if self.gen.try_get_value() == Some(gen) {
                        publish();
                    }
                },
                Duration::ZERO,
            );
        } else {
            publish();
        }
    }
}

/// Histogram of final values with the floor and the capital marked.
pub fn hist_plot(hist: &[HistogramBin], floor: f64, capital: f64, paths: u64) -> (Plot, Table) {
    let n = paths.max(1) as f64;
    let lo = hist.first().map_or(0.0, |b| b.low).min(floor);
    let hi = hist.last().map_or(1.0, |b| b.high).max(capital);
    let top = hist
        .iter()
        .map(|b| b.count as f64 / n)
        .fold(0.0, f64::max)
        .max(0.01)
        * 1.1;
    let mut rows = Vec::new();
    let mut rects = Vec::new();
    let cursor = hist
        .iter()
        .map(|b| {
            let share = b.count as f64 / n;
            rects.push(Rect {
                x0: b.low,
                x1: b.high,
                y0: 0.0,
                y1: share,
                class: if b.high <= floor { "bar-bad" } else { "bar" },
            });
            let range = format!("{} – {}", num(b.low, 0), num(b.high, 0));
            rows.push(Row::new(vec![
                range.clone(),
                b.count.to_string(),
                pct(share, 1),
            ]));
            (
                (b.low + b.high) / 2.0,
                format!(
                    "Final value {range}: {} of paths ({}).",
                    pct(share, 1),
                    b.count
                ),
            )
        })
        .collect();
    (
        Plot {
            label: format!(
                "Distribution of the final value over {paths} paths, from {} to {}; the floor at the horizon is {}.",
                num(lo, 0),
                num(hi, 0),
                num(floor, 0)
            ),
            x: (lo - (hi - lo) * 0.02, hi + (hi - lo) * 0.02),
            y: (0.0, top),
            x_tick: Tick::Num,
            y_tick: Tick::Pct,
            x_tick_max: None,
            rects,
            lines: Vec::new(),
            marks: vec![
                Mark {
                    vertical: true,
                    at: floor,
                    class: "m-liq",
                    label: "floor".to_owned(),
                },
                Mark {
                    vertical: true,
                    at: capital,
                    class: "m-entry",
                    label: "capital".to_owned(),
                },
            ],
            cursor,
            reading: None,
            legend: vec![
                ("bar", "Share of paths".to_owned()),
                ("bar-bad", "Ending below the floor".to_owned()),
            ],
        },
        Table {
            caption: "Final values: count and share of paths".to_owned(),
            head: heads(&["Final value", "Paths", "Share"]),
            rows,
        },
    )
}

/// One path: value, floor, exposure, and the asset scaled to the capital.
pub fn path_plot(trace: &[TracePoint], capital: f64) -> (Plot, Table) {
    let day = |p: &TracePoint| p.t_years * 365.0;
    let series = |f: fn(&TracePoint) -> f64| -> Vec<(f64, f64)> {
        trace.iter().map(|p| (day(p), f(p))).collect()
    };
    let value = series(|p| p.value);
    let floor = series(|p| p.floor);
    let exposure = series(|p| p.exposure);
    let asset: Vec<(f64, f64)> = trace.iter().map(|p| (day(p), p.price * capital)).collect();
    let all = value
        .iter()
        .chain(&floor)
        .chain(&exposure)
        .chain(&asset)
        .map(|p| p.1);
    let (ylo, yhi) = crate::ui::chart::geometry::extent(all.chain([0.0])).unwrap_or((0.0, 1.0));
    let last = trace.last().map_or(1.0, day).max(1e-9);
    let mut rows = Vec::new();
    let cursor = trace
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let cells = vec![
                format!("Day {}", num(day(p), 1)),
                num(p.value, 2),
                num(p.floor, 2),
                num(p.exposure, 2),
                num(p.price * capital, 2),
            ];
            let text = format!(
                "{}: value {}, floor {}, exposure {}, asset {}.",
                cells[0], cells[1], cells[2], cells[3], cells[4]
            );
            if k % 12 == 0 || k + 1 == trace.len() {
                rows.push(Row::new(cells));
            }
            (day(p), text)
        })
        .collect();
    (
        Plot {
            label: format!(
                "One simulated path over {} days: portfolio value, floor, exposure to the asset, and the asset itself scaled to the capital.",
                num(last, 0)
            ),
            x: (0.0, last),
            y: (ylo, yhi * 1.05),
            x_tick: Tick::Day,
            y_tick: Tick::Num,
            x_tick_max: None,
            rects: Vec::new(),
            lines: vec![
                Line { points: asset, class: "s3" },
                Line { points: exposure, class: "s2" },
                Line { points: floor, class: "s-liq" },
                Line { points: value, class: "s1" },
            ],
            marks: Vec::new(),
            cursor,
            reading: None,
            legend: vec![
                ("s1", "Portfolio value".to_owned()),
                ("s-liq", "Floor".to_owned()),
                ("s2", "Exposure".to_owned()),
                ("s3", "Asset, scaled to the capital".to_owned()),
            ],
        },
        Table {
            caption: "Path 1 of the seed: value, floor, exposure and asset".to_owned(),
            head: heads(&["Time", "Value", "Floor", "Exposure", "Asset"]),
            rows,
        },
    )
}

/// The comparison table: breach probability and median by multiplier and interval.
pub fn grid_table(cells: &[Cell]) -> Table {
    let every = |h: u32| match h {
        1 => "hourly".to_owned(),
        24 => "daily".to_owned(),
        168 => "weekly".to_owned(),
        h => format!("every {h} h"),
    };
    Table {
        caption: "Ending below the floor (± standard error) and the median final value, by multiplier and rebalancing interval".to_owned(),
        head: heads(&["Multiplier m", "Rebalancing", "Below floor", "Breached at some point", "Median"]),
        rows: cells
            .iter()
            .map(|c| {
                let median = c.summary.quantiles.iter().find(|q| q.0 == 0.5).map_or(f64::NAN, |q| q.1);
                Row::new(vec![
                    format!("{}×", num(c.multiplier, 2)),
                    every(c.every_hours),
                    format!("{} ± {}", pct(c.summary.p_below_floor, 2), pct(c.summary.p_below_floor_se, 2)),
                    pct(c.summary.p_breach, 2),
                    num(median, 0),
                ])
            })
            .collect(),
    }
}

/// The tab.
#[component]
pub fn CppiPanel(d: Dyn) -> impl IntoView {
    let form = d.form;
    let runner = d.cppi;
    let settings = Memo::new(move |_| {
        let fb = d.fallback.get();
        form.with(|f| f.cppi_settings(fb))
    });
    let bad = Signal::derive(move || settings.with(|s| s.as_ref().err().cloned()));
    Effect::new(move |_| {
        if let Ok(s) = settings.get() {
            runner.start(s);
        }
    });
    on_cleanup(move || runner.pause());
    let note = Signal::derive(move || {
        let fb = d.fallback.get();
        super::fallback_note(fb, fb.mu_cppi)
    });
    view! {
        <div class="dyn-panel">
            <Html html=Signal::stored(EXPLAIN.to_owned()) />
            {inputs(d, FORM, bad, Some(placeholder))}
            <Html html=note />
            // The results (figures, two charts, two tables) are built in a task after the
            // form's: a tab switch is two short tasks, not one long one (issue 14).
            <crate::ui::Later>
                <CppiResults d=d />
            </crate::ui::Later>
        </div>
    }
}

const EXPLAIN: &str = r#"<p class="explain">Constant-proportion portfolio insurance keeps an exposure of m times the cushion above a floor, capped at a maximum leverage: exposure = min(m × (value − floor), max leverage × value). Rebalanced continuously on a price without gaps, the value never falls below the floor. Between rebalancing dates a fall of more than 1/m goes through it: gap risk, larger for larger m and longer intervals. Cash earns nothing here.</p>"#;

/// The inputs' placeholders: what a blank volatility or drift uses.
fn placeholder(field: DField, fb: Fallback) -> Option<String> {
    match field {
        DField::CppiSigma => Some(num(fb.sigma, 2)),
        DField::CppiMu => Some(num(fb.mu_cppi, 2)),
        _ => None,
    }
}

const FORM: &[&[Item]] = &[
    &[
        Item::In(DField::Capital, "Capital", "", ""),
        Item::In(DField::Floor, "Floor", "", ""),
        Item::In(DField::Mult, "Multiplier m", "", ""),
        Item::In(DField::MaxLev, "Maximum leverage", "×", ""),
    ],
    &[
        Item::In(DField::CppiSigma, "Volatility σ", "% a year", ""),
        Item::In(DField::CppiMu, "Drift μ", "% a year", ""),
        Item::In(DField::CppiDays, "Horizon", "days", ""),
        Item::Sel(
            DField::Rebalance,
            "Rebalance",
            &[
                ("1", "every hour"),
                ("4", "every 4 hours"),
                ("24", "every day"),
                ("168", "every week"),
            ],
        ),
    ],
    &[
        Item::Sel(
            DField::Law,
            "Price model",
            &[
                ("gbm", "Normal returns (GBM)"),
                ("t", "Fat tails (Student-t, 3 df)"),
                ("jumps", "Crashes: −20 % jumps, 2 a year"),
            ],
        ),
        Item::In(DField::Paths, "Paths", "", "100 to 20,000"),
        Item::In(DField::Seed, "Seed", "", "Same seed, same paths."),
    ],
];

/// The quantile at level `a` of a summary.
fn q(s: &CppiSummary, a: f64) -> f64 {
    s.quantiles
        .iter()
        .find(|q| q.0 == a)
        .map_or(f64::NAN, |q| q.1)
}

/// The histogram and the path, each with its table.
type Charts = ((Plot, Table), (Plot, Table));

#[component]
fn CppiResults(d: Dyn) -> impl IntoView {
    let out = d.cppi.out;
    let progress = move || {
        out.with(|o| {
            if let Some(e) = &o.error {
                return format!("The simulation cannot run: {e}");
            }
            let steps = o.settings.map_or(0, |s| s.config.steps);
            // The main run has the Paths the user set; the table's cells run their own.
            let main = o.settings.map_or(0, |s| s.paths);
            let cells = (GRID_M.len() * GRID_EVERY.len()) as u64;
            let per_cell = main.min(GRID_PATHS);
            match o.all_ms {
                Some(ms) => format!(
                    "{main} paths of {steps} hourly steps, plus {} for the table ({cells} cells × {per_cell}), simulated in {} ms ({} slices, the longest {} ms).",
                    o.done.saturating_sub(main),
                    num(ms, 0),
                    o.slices,
                    num(o.longest, 1)
                ),
                None => format!(
                    "Simulating… {} of {} paths ({main} for the figures, then {cells} × {per_cell} for the table).",
                    o.done, o.total
                ),
            }
        })
    };
    // Each slice updates `out`; the figures, charts and table follow only the parts they
    // show (the summary, the number of table cells), so a slice redraws the status alone.
    let summary = Memo::new(move |_| out.with(|o| o.summary.clone()));
    let figs = Signal::derive(move || summary.with(|s| summary_figs(s.as_ref())));
    let charts = Memo::new(move |_| {
        summary.with(|s| {
            let s = s.as_ref()?;
            // The histogram and trace are set with the summary (see `Runner::step`).
            out.with_untracked(|o| {
                let set = o.settings?;
                Some((
                    hist_plot(&o.hist, s.floor_at_horizon, set.config.capital, s.paths),
                    path_plot(&o.trace, set.config.capital),
                ))
            })
        })
    });
    let part =
        move |f: fn(&Charts) -> Plot| Signal::derive(move || charts.with(|c| c.as_ref().map(f)));
    let data =
        move |f: fn(&Charts) -> Table| Signal::derive(move || charts.with(|c| c.as_ref().map(f)));
    let cells = Memo::new(move |_| out.with(|o| o.grid.len()));
    let grid = Signal::derive(move || {
        // Read, not only tracked: a memo that was never read has not subscribed to `out`.
        let _ = cells.get();
        out.with_untracked(|o| Some(grid_table(&o.grid)))
    });
    let ms = |x: Option<f64>| x.map(exact).unwrap_or_default();
    view! {
        <p
            class="status"
            role="status"
            data-testid="cppi-status"
            data-ms=move || out.with(|o| ms(o.all_ms))
            data-main-ms=move || out.with(|o| ms(o.main_ms))
            data-longest=move || out.with(|o| exact(o.longest))
        >
            {progress}
        </p>
        <Stats items=figs />
        <h3 class="subhead">"Final value"</h3>
        <PlotView plot=part(|c| c.0 .0.clone()) testid="cppi-hist" width=d.width />
        <ChartData table=data(|c| c.0 .1.clone()) testid="cppi-hist-table" />
        <h3 class="subhead">"One path"</h3>
        <PlotView plot=part(|c| c.1 .0.clone()) testid="cppi-path" width=d.width />
        <ChartData table=data(|c| c.1 .1.clone()) testid="cppi-path-table" />
        <h3 class="subhead">"How m and the rebalancing interval move it"</h3>
        <p class="explain">
            {format!("Each cell runs up to {GRID_PATHS} paths of the same model and seed ({STEPS_PER_DAY} steps a day). A larger m leaves less room for a fall between two rebalancing dates. With normal returns, rebalancing more often closes most of that gap; a crash (a jump) happens between two prices, so no rebalancing schedule avoids it.")}
        </p>
        <TableView table=grid testid="cppi-grid" />
    }
}

/// The summary's figures (dashes while the main run is going).
fn summary_figs(s: Option<&CppiSummary>) -> Vec<Stat> {
    let fig = |label: &str, testid, exact: String, text: String, detail: String| Stat {
        label: label.into(),
        testid,
        exact,
        text,
        se: None,
        detail,
    };
    let Some(s) = s else {
        return [
            "Ends below the floor",
            "Below the floor at some point",
            "Median final value",
            "5 % and 95 % quantiles",
        ]
        .into_iter()
        .map(|l| fig(l, "", String::new(), "…".to_owned(), String::new()))
        .collect();
    };
    vec![
        fig(
            "Ends below the floor",
            "cppi-p-below",
            exact(s.p_below_floor),
            format!(
                "{} ± {}",
                pct(s.p_below_floor, 2),
                pct(s.p_below_floor_se, 2)
            ),
            format!("± is the standard error, over {} paths", s.paths),
        ),
        fig(
            "Standard error",
            "cppi-p-se",
            exact(s.p_below_floor_se),
            pct(s.p_below_floor_se, 3),
            "of the probability of ending below the floor".to_owned(),
        ),
        fig(
            "Below the floor at some point",
            "cppi-p-breach",
            exact(s.p_breach),
            pct(s.p_breach, 2),
            "gap risk between rebalancing dates".to_owned(),
        ),
        fig(
            "Median final value",
            "cppi-median",
            exact(q(s, 0.5)),
            num(q(s, 0.5), 2),
            format!("mean {}", num(s.mean, 2)),
        ),
        fig(
            "5 % and 95 % quantiles",
            "cppi-range",
            String::new(),
            format!("{} – {}", num(q(s, 0.05), 0), num(q(s, 0.95), 0)),
            format!(
                "mean shortfall below the floor {}",
                num(s.mean_shortfall, 2)
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::state::DynForm;
    use super::*;

    #[test]
    fn a_small_run_gives_clean_charts_and_a_full_table() {
        let mut s = DynForm::default()
            .cppi_settings(super::super::state::Fallback::of(None))
            .unwrap();
        s.paths = 200;
        s.config.steps = 24 * 10;
        s.config.horizon_years = 10.0 / 365.0;
        let mut runs = Job::build(&s).unwrap();
        assert_eq!(runs.len(), 10);
        let mut cells = Vec::new();
        for (cell, run) in &mut runs {
            while !run.is_done() {
                let n = run.paths_for_budget(5_000);
                run.run_chunk(n);
            }
            if let Some((m, every)) = cell {
                cells.push(Cell {
                    multiplier: *m,
                    every_hours: *every,
                    summary: run.summary().unwrap(),
                });
            }
        }
        let main = &runs[0].1;
        let sum = main.summary().unwrap();
        let (hp, ht) = hist_plot(
            &main.histogram(30),
            sum.floor_at_horizon,
            10_000.0,
            sum.paths,
        );
        assert!(hp.is_clean());
        assert_eq!(ht.rows.len(), 30);
        let cppi = Cppi::new(s.config, PathModel::new(s.sigma, s.mu, s.law).unwrap()).unwrap();
        let (pp, _) = path_plot(&cppi.trace(s.seed, 0, 241), 10_000.0);
        assert!(pp.is_clean());
        assert_eq!(grid_table(&cells).rows.len(), 9);
    }

    #[test]
    fn bad_settings_fail_to_build() {
        let mut s = DynForm::default()
            .cppi_settings(super::super::state::Fallback::of(None))
            .unwrap();
        s.sigma = 0.1; // jumps more volatile than the total
        assert!(Job::build(&s).is_err());
    }
}
