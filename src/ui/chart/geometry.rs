//! Chart geometry as pure functions: scales, ticks, path strings, label placement.
//!
//! Nothing here knows about Leptos or the DOM; the SVG component only calls these. Non-finite
//! values never reach a path: a NaN point leaves a gap, an empty or zero-width range is
//! widened instead of dividing by zero.

/// Linear map from a data domain to a pixel range (the y range is given flipped by the caller).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Scale {
    /// A scale from `domain` to `range`. A zero-width or non-finite domain is widened around
    /// its centre (or set to `[0, 1]`) so that mapping never divides by zero.
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Scale {
        let (d0, d1) = guard_domain(domain);
        Scale {
            d0,
            d1,
            r0: range.0,
            r1: range.1,
        }
    }

    /// Data → pixels.
    pub fn map(&self, v: f64) -> f64 {
        self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }

    /// Pixels → data. A zero-width range maps everything to the domain's start.
    pub fn invert(&self, p: f64) -> f64 {
        let span = self.r1 - self.r0;
        if span == 0.0 || !span.is_finite() {
            return self.d0;
        }
        self.d0 + (p - self.r0) / span * (self.d1 - self.d0)
    }

    #[cfg(test)]
    pub fn domain(&self) -> (f64, f64) {
        (self.d0, self.d1)
    }
}

/// Make a domain usable: ordered, finite, non-zero width.
pub fn guard_domain((a, b): (f64, f64)) -> (f64, f64) {
    match (a.is_finite(), b.is_finite()) {
        (true, true) => {}
        (true, false) => return guard_domain((a, a)),
        (false, true) => return guard_domain((b, b)),
        (false, false) => return (0.0, 1.0),
    }
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    if hi - lo > f64::EPSILON * hi.abs().max(1.0) {
        return (lo, hi);
    }
    let half = (lo.abs() * 0.05).max(0.5);
    (lo - half, hi + half)
}

/// The smallest and largest finite values, or `None` when there are none.
pub fn extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// Widen `(lo, hi)` by `frac` of its width on each side.
pub fn pad((lo, hi): (f64, f64), frac: f64) -> (f64, f64) {
    let (lo, hi) = guard_domain((lo, hi));
    let w = (hi - lo) * frac;
    (lo - w, hi + w)
}

/// "Nice" tick values (steps of 1, 2 or 5 × 10ⁿ) inside `[lo, hi]`, about `count` of them.
pub fn ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let (lo, hi) = guard_domain((lo, hi));
    let count = count.max(1) as f64;
    let raw = (hi - lo) / count;
    let mut mag = 1.0;
    while mag * 10.0 <= raw && mag < 1e15 {
        mag *= 10.0;
    }
    while mag > raw && mag > 1e-12 {
        mag /= 10.0;
    }
    let norm = raw / mag;
    let step = if norm < 1.5 {
        1.0
    } else if norm < 3.0 {
        2.0
    } else if norm < 7.0 {
        5.0
    } else {
        10.0
    } * mag;
    if !step.is_finite() || step <= 0.0 {
        return Vec::new();
    }
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    if last < first || last - first > 1000 {
        return Vec::new();
    }
    (first..=last).map(|i| i as f64 * step).collect()
}

/// A coordinate as SVG text with one decimal (`12.3`, `-4`); non-finite values give `0`.
/// Integer arithmetic only, so the bundle carries no float formatting code.
pub fn px(v: f64) -> String {
    let mut out = String::new();
    px_into(&mut out, v);
    out
}

/// [`px`] appended to `out`: the digits are written straight into it (no string per
/// coordinate, no formatting machinery: a chart's paths hold hundreds of coordinates and
/// are written on every change, issue 14).
pub fn px_into(out: &mut String, v: f64) {
    if !v.is_finite() {
        out.push('0');
        return;
    }
    let tenths = (v * 10.0).round() as i64;
    if tenths < 0 {
        out.push('-');
    }
    let t = tenths.unsigned_abs();
    let (int, frac) = (t / 10, t % 10);
    // The integer part's digits, most significant first (u64 has at most 20).
    let mut digits = [0u8; 20];
    let mut n = 0;
    let mut rest = int;
    loop {
        digits[n] = b'0' + (rest % 10) as u8;
        n += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &d in digits[..n].iter().rev() {
        out.push(char::from(d));
    }
    if frac != 0 {
        out.push('.');
        out.push(char::from(b'0' + frac as u8));
    }
}

/// One path command with its point, `cmd` then `x,y` in [`px`] form (`L12.3,45`), appended
/// to `out`: the one writer of a point for every path the charts draw.
pub fn push_point(out: &mut String, cmd: char, x: f64, y: f64) {
    out.push(cmd);
    px_into(out, x);
    out.push(',');
    px_into(out, y);
}

/// An SVG path through `points` (data units). A point with a non-finite coordinate ends the
/// current segment; the next finite point starts a new one. Empty input gives `""`.
pub fn line_path(points: &[(f64, f64)], x: &Scale, y: &Scale) -> String {
    let mut out = String::new();
    let mut pen_down = false;
    for &(dx, dy) in points {
        let (sx, sy) = (x.map(dx), y.map(dy));
        if !(sx.is_finite() && sy.is_finite()) {
            pen_down = false;
            continue;
        }
        push_point(&mut out, if pen_down { 'L' } else { 'M' }, sx, sy);
        pen_down = true;
    }
    out
}

/// The closed area between the curve and the horizontal line `y = base` (data units), for
/// the finite points only. Empty when fewer than two finite points.
pub fn area_path(points: &[(f64, f64)], x: &Scale, y: &Scale, base: f64) -> String {
    let finite: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .collect();
    if finite.len() < 2 {
        return String::new();
    }
    let by = y.map(base);
    // About sixteen bytes a point ("L123.4,56.7" and some room).
    let mut out = String::with_capacity(16 * (finite.len() + 3));
    push_point(&mut out, 'M', x.map(finite[0].0), by);
    for (a, b) in &finite {
        push_point(&mut out, 'L', x.map(*a), y.map(*b));
    }
    push_point(&mut out, 'L', x.map(finite[finite.len() - 1].0), by);
    out.push('Z');
    out
}

/// The index of the point whose x is closest to `x` (data units), skipping non-finite points.
pub fn nearest(points: &[(f64, f64)], x: f64) -> Option<usize> {
    if !x.is_finite() {
        return None;
    }
    points
        .iter()
        .enumerate()
        .filter(|(_, (px, py))| px.is_finite() && py.is_finite())
        .min_by(|(_, a), (_, b)| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()))
        .map(|(i, _)| i)
}

/// Rows for labels at pixel positions `xs` so that labels closer than `gap` go to different
/// rows: [`span_rows`] for labels of no width.
pub fn label_rows(xs: &[f64], gap: f64, max_rows: usize) -> Vec<usize> {
    let spans: Vec<(f64, f64)> = xs.iter().map(|&x| (x, x)).collect();
    span_rows(&spans, gap, max_rows)
}

/// Rows for labels covering the pixel spans `(from, to)`, so that two labels of one row are at
/// least `gap` apart (greedy, by left edge; at most `max_rows`, the last row takes the rest).
/// Spans, not anchor points: a start-anchored label near the left edge reaches as far right
/// as its text does.
pub fn span_rows(spans: &[(f64, f64)], gap: f64, max_rows: usize) -> Vec<usize> {
    let max_rows = max_rows.max(1);
    let mut order: Vec<usize> = (0..spans.len()).collect();
    crate::engine::order::sort_indices(&mut order, &|a, b| {
        spans[a].0.total_cmp(&spans[b].0).is_lt()
    });
    let mut end_of_row = vec![f64::NEG_INFINITY; max_rows];
    let mut rows = vec![0; spans.len()];
    for i in order {
        let (from, to) = spans[i];
        let row = (0..max_rows)
            .find(|r| from - end_of_row[*r] >= gap)
            .unwrap_or(max_rows - 1);
        end_of_row[row] = to.max(from);
        rows[i] = row;
    }
    rows
}

/// Evenly spaced sample positions from `lo` to `hi` inclusive (`n ≥ 2`).
pub fn samples(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let n = n.max(2);
    let (lo, hi) = guard_domain((lo, hi));
    (0..n)
        .map(|i| lo + (hi - lo) * i as f64 / (n - 1) as f64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-9;

    #[test]
    fn corners_and_centre_round_trip() {
        let x = Scale::new((100.0, 200.0), (40.0, 640.0));
        let y = Scale::new((-50.0, 50.0), (300.0, 20.0)); // flipped
        for (v, p) in [(100.0, 40.0), (200.0, 640.0), (150.0, 340.0)] {
            assert!((x.map(v) - p).abs() < EPS);
            assert!((x.invert(p) - v).abs() < EPS);
        }
        assert!((y.map(-50.0) - 300.0).abs() < EPS);
        assert!((y.map(50.0) - 20.0).abs() < EPS);
        assert!((y.map(0.0) - 160.0).abs() < EPS);
        assert!((y.invert(160.0)).abs() < EPS);
    }

    #[test]
    fn zero_range_is_guarded() {
        let s = Scale::new((5.0, 5.0), (0.0, 100.0));
        assert!(s.map(5.0).is_finite());
        assert!((s.map(5.0) - 50.0).abs() < EPS);
        let (lo, hi) = s.domain();
        assert!(hi > lo);
        let flat = Scale::new((0.0, 1.0), (10.0, 10.0));
        assert_eq!(flat.invert(10.0), 0.0);
        assert_eq!(guard_domain((f64::NAN, f64::INFINITY)), (0.0, 1.0));
        let (lo, hi) = guard_domain((0.0, 0.0));
        assert!(hi > lo);
    }

    #[test]
    fn nan_points_leave_a_gap_and_empty_series_draw_nothing() {
        let x = Scale::new((0.0, 3.0), (0.0, 30.0));
        let y = Scale::new((0.0, 3.0), (30.0, 0.0));
        let p = line_path(
            &[(0.0, 0.0), (1.0, f64::NAN), (2.0, 2.0), (3.0, 3.0)],
            &x,
            &y,
        );
        assert_eq!(p, "M0,30M20,10L30,0");
        assert_eq!(line_path(&[], &x, &y), "");
        assert_eq!(line_path(&[(f64::NAN, 1.0)], &x, &y), "");
        assert_eq!(area_path(&[(1.0, 1.0)], &x, &y, 0.0), "");
        assert!(!p.contains("NaN"));
    }

    #[test]
    fn area_closes_on_the_base_line() {
        let x = Scale::new((0.0, 2.0), (0.0, 20.0));
        let y = Scale::new((-1.0, 1.0), (20.0, 0.0));
        let a = area_path(&[(0.0, -1.0), (2.0, 1.0)], &x, &y, 0.0);
        assert_eq!(a, "M0,10L0,20L20,0L20,10Z");
    }

    #[test]
    fn ticks_are_round_and_inside() {
        assert_eq!(ticks(0.0, 10.0, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        let t = ticks(52_130.0, 67_870.0, 5);
        assert!(t.iter().all(|v| (52_130.0..=67_870.0).contains(v)));
        assert!(t.iter().all(|v| v % 1000.0 == 0.0), "{t:?}");
        assert!(ticks(f64::NAN, 1.0, 5).len() <= 1000);
        assert!(!ticks(3.0, 3.0, 4).is_empty());
    }

    #[test]
    fn coordinates_print_with_one_decimal() {
        assert_eq!(px(12.34), "12.3");
        assert_eq!(px(12.0), "12");
        assert_eq!(px(-0.26), "-0.3");
        assert_eq!(px(-3.05), "-3.1");
        assert_eq!(px(f64::NAN), "0");
        assert_eq!(px(-0.04), "0");
        assert_eq!(px(-0.05), "-0.1");
        assert_eq!(px(-12.0), "-12");
        assert_eq!(px(1234567.89), "1234567.9");
        assert_eq!(px(-1234567.04), "-1234567");
        assert_eq!(px(0.96), "1");
        let mut s = String::from("M");
        px_into(&mut s, 3.06);
        px_into(&mut s, f64::INFINITY);
        assert_eq!(s, "M3.10");
    }

    #[test]
    fn extent_skips_non_finite() {
        assert_eq!(
            extent([1.0, f64::NAN, -2.0, f64::INFINITY]),
            Some((-2.0, 1.0))
        );
        assert_eq!(extent([f64::NAN]), None);
        assert_eq!(extent(std::iter::empty()), None);
    }

    #[test]
    fn nearest_point() {
        let pts = [(0.0, 0.0), (1.0, f64::NAN), (2.0, 2.0)];
        assert_eq!(nearest(&pts, 0.9), Some(0));
        assert_eq!(nearest(&pts, 1.6), Some(2));
        assert_eq!(nearest(&pts, f64::NAN), None);
        assert_eq!(nearest(&[], 1.0), None);
    }

    #[test]
    fn close_labels_go_to_separate_rows() {
        assert_eq!(
            label_rows(&[100.0, 105.0, 300.0, 102.0], 40.0, 3),
            vec![0, 2, 0, 1]
        );
        assert_eq!(label_rows(&[0.0, 1.0, 2.0], 40.0, 2), vec![0, 1, 1]);
    }

    #[test]
    fn wide_labels_keep_their_row_clear() {
        // The default trade at 360 px: "Bankr." start-anchored at 71 reaches 114, "Liq." at 75,
        // "Stop" centred at 124 from 108: the stop may not share the bankruptcy label's row.
        let spans = [(71.0, 114.0), (75.0, 100.0), (108.0, 140.0)];
        let rows = span_rows(&spans, 6.0, 3);
        assert_ne!(rows[0], rows[2]);
        assert_ne!(rows[0], rows[1]);
        // Far apart: one row.
        assert_eq!(span_rows(&[(0.0, 40.0), (50.0, 90.0)], 6.0, 3), vec![0, 0]);
        // Touching within the gap: two rows.
        assert_eq!(span_rows(&[(0.0, 40.0), (44.0, 90.0)], 6.0, 3), vec![0, 1]);
    }

    #[test]
    fn samples_cover_the_ends() {
        let s = samples(10.0, 20.0, 11);
        assert_eq!(s.len(), 11);
        assert_eq!(s[0], 10.0);
        assert_eq!(s[10], 20.0);
    }
}
