//! Pure helpers of the risk charts: crossings, heatmap bins and cells, bands, hover look-ups,
//! and the Monte Carlo slice budget. No Leptos, no DOM; the shared scales, ticks and path
//! builders are in [`crate::ui::chart::geometry`].

use crate::ui::chart::geometry::{push_point, px, Scale};

/// The first `x` at which the piecewise-linear curve `(xs, ys)` reaches `level`, going from
/// one side to the other (either direction), interpolated linearly. Non-finite points are
/// skipped. `None` when it never crosses, and when it starts at or beyond the level (then
/// there is no crossing *inside* the range: the caller decides what that means).
pub fn first_crossing(xs: &[f64], ys: &[f64], level: f64) -> Option<f64> {
    let mut prev: Option<(f64, f64)> = None;
    for (&x, &y) in xs.iter().zip(ys) {
        if !(x.is_finite() && y.is_finite()) {
            continue;
        }
        if let Some((x0, y0)) = prev {
            let (a, b) = (y0 - level, y - level);
            if a != 0.0 && (b == 0.0 || (a < 0.0) != (b < 0.0)) {
                let t = a / (a - b);
                return Some(x0 + t * (x - x0));
            }
        } else if y == level {
            return None;
        }
        prev = Some((x, y));
    }
    None
}

/// Upper edges of the heatmap's colour bins for a probability (the last bin is open): finer
/// at small probabilities, where the decisions are.
pub const HEAT_EDGES: [f64; 9] = [0.001, 0.01, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75];
/// Number of colour bins, `HEAT_EDGES.len() + 1`.
pub const HEAT_BINS: usize = HEAT_EDGES.len() + 1;

/// The colour bin of a probability (`NaN` goes to the last bin; the charts never draw it).
pub fn heat_bin(p: f64) -> usize {
    HEAT_EDGES
        .iter()
        .position(|e| p < *e)
        .unwrap_or(HEAT_EDGES.len())
}

/// Cell edges around sorted centres: midpoints between neighbours, and half a step beyond
/// the ends. `n` centres give `n + 1` edges.
pub fn edges(centres: &[f64]) -> Vec<f64> {
    let n = centres.len();
    match n {
        0 => Vec::new(),
        1 => vec![centres[0] - 0.5, centres[0] + 0.5],
        _ => {
            let mut e = Vec::with_capacity(n + 1);
            e.push(centres[0] - 0.5 * (centres[1] - centres[0]));
            for w in centres.windows(2) {
                e.push(0.5 * (w[0] + w[1]));
            }
            e.push(centres[n - 1] + 0.5 * (centres[n - 1] - centres[n - 2]));
            e
        }
    }
}

/// The index of the cell holding `v`, given sorted `edges`; `None` outside.
pub fn cell_of(edges: &[f64], v: f64) -> Option<usize> {
    if edges.len() < 2 || !v.is_finite() || v < edges[0] || v > edges[edges.len() - 1] {
        return None;
    }
    let i = edges.partition_point(|e| *e <= v);
    Some(i.saturating_sub(1).min(edges.len() - 2))
}

/// One SVG path per colour bin holding every cell of that bin as a rectangle, so that a
/// heatmap of a few thousand cells is a dozen elements; neighbouring cells of a row in the
/// same bin are one rectangle. `values[r·cols + c]` is the cell of row `r` (edges
/// `y_edges[r..=r+1]`) and column `c` (`x_edges[c..=c+1]`); non-finite cells are left out.
pub fn heat_paths(
    values: &[f64],
    x_edges: &[f64],
    y_edges: &[f64],
    x: &Scale,
    y: &Scale,
) -> Vec<String> {
    let cols = x_edges.len().saturating_sub(1);
    let rows = y_edges.len().saturating_sub(1);
    let mut out = vec![String::new(); HEAT_BINS];
    if cols == 0 || rows == 0 || values.len() < rows * cols {
        return out;
    }
    let xp: Vec<String> = x_edges.iter().map(|v| px(x.map(*v))).collect();
    let yp: Vec<String> = y_edges.iter().map(|v| px(y.map(*v))).collect();
    let bin = |p: f64| p.is_finite().then(|| heat_bin(p));
    for r in 0..rows {
        let row = &values[r * cols..(r + 1) * cols];
        let mut c = 0;
        while c < cols {
            let Some(b) = bin(row[c]) else {
                c += 1;
                continue;
            };
            let mut end = c + 1;
            while end < cols && bin(row[end]) == Some(b) {
                end += 1;
            }
            let s = &mut out[b];
            s.push('M');
            s.push_str(&xp[c]);
            s.push(',');
            s.push_str(&yp[r]);
            s.push('H');
            s.push_str(&xp[end]);
            s.push('V');
            s.push_str(&yp[r + 1]);
            s.push('H');
            s.push_str(&xp[c]);
            s.push('Z');
            c = end;
        }
    }
    out
}

/// The closed band between two curves sampled at the same `xs`: along `hi` forwards, back
/// along `lo`. Points where either is non-finite are left out; empty with fewer than two.
pub fn band_path(xs: &[f64], lo: &[f64], hi: &[f64], x: &Scale, y: &Scale) -> String {
    let pts: Vec<(f64, f64, f64)> = xs
        .iter()
        .zip(lo.iter().zip(hi))
        .map(|(a, (l, h))| (*a, *l, *h))
        .filter(|(a, l, h)| a.is_finite() && l.is_finite() && h.is_finite())
        .collect();
    if pts.len() < 2 {
        return String::new();
    }
    let mut s = String::new();
    for (i, (a, _, h)) in pts.iter().enumerate() {
        push_point(&mut s, if i == 0 { 'M' } else { 'L' }, x.map(*a), y.map(*h));
    }
    for (a, l, _) in pts.iter().rev() {
        push_point(&mut s, 'L', x.map(*a), y.map(*l));
    }
    s.push('Z');
    s
}

/// The index of the value in sorted `xs` nearest to `v` (`None` for an empty slice or NaN).
pub fn nearest_sorted(xs: &[f64], v: f64) -> Option<usize> {
    if xs.is_empty() || !v.is_finite() {
        return None;
    }
    let i = xs.partition_point(|x| *x < v);
    if i == 0 {
        return Some(0);
    }
    if i >= xs.len() {
        return Some(xs.len() - 1);
    }
    Some(if v - xs[i - 1] <= xs[i] - v { i - 1 } else { i })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossings_interpolate_in_both_directions() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(first_crossing(&xs, &[0.0, 0.1, 0.3, 0.9], 0.2), Some(2.5));
        assert_eq!(first_crossing(&xs, &[0.9, 0.5, 0.3, 0.1], 0.4), Some(2.5));
        assert_eq!(first_crossing(&xs, &[0.0, 0.2, 0.3, 0.9], 0.2), Some(2.0));
        assert_eq!(first_crossing(&xs, &[0.0, 0.1, 0.1, 0.1], 0.2), None);
        // Starting beyond the level is not a crossing inside the range.
        assert_eq!(first_crossing(&xs, &[0.5, 0.6, 0.7, 0.9], 0.2), None);
        assert_eq!(first_crossing(&xs, &[0.2, 0.6, 0.7, 0.9], 0.2), None);
        // NaN points are skipped, not crossed.
        assert_eq!(
            first_crossing(&xs, &[0.0, f64::NAN, 0.4, 0.9], 0.2),
            Some(2.0)
        );
        assert_eq!(first_crossing(&[], &[], 0.2), None);
    }

    #[test]
    fn bins_edges_and_cells() {
        assert_eq!(heat_bin(0.0), 0);
        assert_eq!(heat_bin(0.0005), 0);
        assert_eq!(heat_bin(0.001), 1);
        assert_eq!(heat_bin(0.049), 3);
        assert_eq!(heat_bin(0.05), 4);
        assert_eq!(heat_bin(1.0), HEAT_BINS - 1);
        assert_eq!(heat_bin(f64::NAN), HEAT_BINS - 1);
        let e = edges(&[1.0, 3.0, 5.0]);
        assert_eq!(e, vec![0.0, 2.0, 4.0, 6.0]);
        assert_eq!(cell_of(&e, 0.0), Some(0));
        assert_eq!(cell_of(&e, 2.0), Some(1));
        assert_eq!(cell_of(&e, 5.9), Some(2));
        assert_eq!(cell_of(&e, 6.0), Some(2));
        assert_eq!(cell_of(&e, 6.1), None);
        assert_eq!(cell_of(&e, f64::NAN), None);
        assert_eq!(edges(&[2.0]), vec![1.5, 2.5]);
        assert!(edges(&[]).is_empty());
    }

    #[test]
    fn heat_cells_go_to_their_bin_path() {
        let x = Scale::new((0.0, 2.0), (0.0, 20.0));
        let y = Scale::new((0.0, 1.0), (10.0, 0.0));
        let paths = heat_paths(
            &[0.0, 0.5, f64::NAN, 0.9],
            &[0.0, 1.0, 2.0],
            &[0.0, 0.5, 1.0],
            &x,
            &y,
        );
        assert_eq!(paths.len(), HEAT_BINS);
        assert_eq!(paths[0], "M0,10H10V5H0Z");
        assert_eq!(paths[heat_bin(0.5)], "M10,10H20V5H10Z");
        assert_eq!(paths[HEAT_BINS - 1], "M10,5H20V0H10Z");
        assert!(paths.iter().all(|p| !p.contains("NaN")));
        // A run of one bin in a row is one rectangle.
        let x3 = Scale::new((0.0, 3.0), (0.0, 30.0));
        let run = heat_paths(
            &[0.3, 0.31, 0.0],
            &[0.0, 1.0, 2.0, 3.0],
            &[0.0, 1.0],
            &x3,
            &y,
        );
        assert_eq!(run[heat_bin(0.3)], "M0,10H20V0H0Z");
        assert_eq!(run[0], "M20,10H30V0H20Z");
        // Too few values: nothing drawn, no panic.
        assert!(heat_paths(&[0.1], &[0.0, 1.0, 2.0], &[0.0, 1.0], &x, &y)
            .iter()
            .all(String::is_empty));
    }

    #[test]
    fn bands_close_and_skip_gaps() {
        let x = Scale::new((0.0, 2.0), (0.0, 20.0));
        let y = Scale::new((0.0, 10.0), (100.0, 0.0));
        let b = band_path(
            &[0.0, 1.0, 2.0],
            &[1.0, f64::NAN, 3.0],
            &[2.0, 5.0, 4.0],
            &x,
            &y,
        );
        assert_eq!(b, "M0,80L20,60L20,70L0,90Z");
        assert_eq!(band_path(&[0.0], &[1.0], &[2.0], &x, &y), "");
    }

    #[test]
    fn nearest_in_a_sorted_grid() {
        let xs = [1.0, 2.0, 4.0];
        assert_eq!(nearest_sorted(&xs, 0.0), Some(0));
        assert_eq!(nearest_sorted(&xs, 2.9), Some(1));
        assert_eq!(nearest_sorted(&xs, 3.1), Some(2));
        assert_eq!(nearest_sorted(&xs, 9.0), Some(2));
        assert_eq!(nearest_sorted(&xs, f64::NAN), None);
        assert_eq!(nearest_sorted(&[], 1.0), None);
    }
}
