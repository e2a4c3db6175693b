//! The page's one rule for sizing the slices of a simulation run on the main thread (the
//! Monte Carlo card, CPPI): each slice fills a time budget from the measured cost of the
//! previous ones, so the page never runs a long task.

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
}
