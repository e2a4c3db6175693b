//! The page's one rule for sizing the slices of a simulation run on the main thread (the
//! Monte Carlo card, CPPI): each slice fills a time budget from the measured cost of the
//! previous ones, so the page never runs a long task. [`Slicer`] keeps that measure and
//! sizes the next slice; both runners hold one.

/// The measured cost of a simulation's slices so far, and the size of the next one.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Slicer {
    ms_per_path: Option<f64>,
    last: u64,
}

impl Slicer {
    /// Paths for the next slice ([`next_slice`]).
    pub fn next(&self, budget_ms: f64, probe: u64, remaining: u64) -> u64 {
        next_slice(self.ms_per_path, self.last, budget_ms, probe, remaining)
    }

    /// A slice of `ran` paths took `ms`. A cost a path above the estimate replaces it at once
    /// (the next slice must not run long); one below is blended in (0.7 the new, 0.3 the
    /// old), so one fast slice does not make the next one jump. A slice faster than the
    /// clock's grain counts as 0.05 ms, so the next one doubles. An empty slice measures
    /// nothing.
    pub fn record(&mut self, ran: u64, ms: f64) {
        if ran == 0 {
            return;
        }
        let per = ms.max(0.05) / ran as f64;
        self.ms_per_path = Some(match self.ms_per_path {
            Some(old) if per < old => 0.3 * old + 0.7 * per,
            _ => per,
        });
        self.last = ran;
    }
}

/// Paths for the next slice of a simulation (Monte Carlo, CPPI), from the measured cost of the previous ones: enough
/// to fill `budget_ms`, at most twice the last slice (the estimate may be noisy), at least
/// one, and never more than `remaining`. Before any measurement, a small probe of `probe`
/// paths.
pub fn next_slice(
    ms_per_path: Option<f64>,
    last: u64,
    budget_ms: f64,
    probe: u64,
    remaining: u64,
) -> u64 {
    let n = match ms_per_path {
        Some(c) if c > 0.0 && c.is_finite() => {
            let fit = (budget_ms / c).floor();
            let fit = if fit.is_finite() && fit >= 1.0 {
                fit as u64
            } else {
                1
            };
            fit.min(last.max(1).saturating_mul(2))
        }
        Some(_) => last.max(1).saturating_mul(2),
        None => probe,
    };
    n.clamp(1, remaining.max(1)).min(remaining)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_fill_the_budget_without_jumping() {
        // First a probe.
        assert_eq!(next_slice(None, 0, 12.0, 50, 20_000), 50);
        // 0.01 ms a path fits 1200 in 12 ms, but at most twice the last slice.
        assert_eq!(next_slice(Some(0.01), 50, 12.0, 50, 20_000), 100);
        assert_eq!(next_slice(Some(0.01), 1000, 12.0, 50, 20_000), 1200);
        // Slow paths: at least one.
        assert_eq!(next_slice(Some(100.0), 10, 12.0, 50, 20_000), 1);
        // Never more than what is left.
        assert_eq!(next_slice(Some(0.001), 5000, 12.0, 50, 300), 300);
        assert_eq!(next_slice(None, 0, 12.0, 50, 20), 20);
        assert_eq!(next_slice(Some(0.0), 10, 12.0, 50, 1000), 20);
    }

    #[test]
    fn a_slicer_probes_then_grows_toward_the_budget() {
        let mut s = Slicer::default();
        assert_eq!(s.next(12.0, 50, 20_000), 50);
        // 50 paths in 0.5 ms: 0.01 ms a path, 1200 would fit, twice the last is 100.
        s.record(50, 0.5);
        assert_eq!(s.next(12.0, 50, 20_000), 100);
        // Faster than the clock: counts as 0.05 ms, the slice doubles.
        s.record(100, 0.0);
        assert_eq!(s.next(12.0, 50, 20_000), 200);
        // A slow slice sets the estimate at once: 0.24 ms a path fits 50 in 12 ms.
        s.record(200, 48.0);
        assert_eq!(s.next(12.0, 50, 20_000), 50);
        // A fast one after it is blended in: 0.3 × 0.24 + 0.7 × 0.01 = 0.079 ms, 151 would
        // fit, twice the last is 100.
        s.record(50, 0.5);
        assert_eq!(s.next(12.0, 50, 20_000), 100);
        s.record(100, 1.0);
        let n = s.next(12.0, 50, 20_000);
        assert!((140..=200).contains(&n), "{n}");
        // Nothing ran: nothing learnt.
        let before = s;
        s.record(0, 5.0);
        assert_eq!(s, before);
    }
}
