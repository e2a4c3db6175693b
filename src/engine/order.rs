//! Ordering without the standard library's sorts: one stable merge sort of indices and one
//! selection (k-th smallest) for the engine's and the charts' few orderings.
//!
//! Why not `sort_by` and `select_nth_unstable_by`: each call site instantiates the standard
//! library's pattern-defeating quicksort or driftsort for its own element and comparator types,
//! 1.5–3 KB of wasm each, and the page had ten of them (about 25 KB of its code). Here the index
//! sort is compiled once (the comparator is a `&dyn Fn`), and the selection once per element
//! type (`f64`, `f32`).
//!
//! - [`sort_indices`]: stable, O(n log n) (bottom-up merge sort, one buffer of n indices).
//! - [`select_by`]: the k-th smallest element, O(n) expected (quickselect with a median-of-three
//!   pivot and a three-way partition, so runs of equal values, as many liquidated paths have,
//!   stay linear). Afterwards every element after position k compares greater or equal to it
//!   and every element before it less or equal (what an expected-shortfall sum needs).
//!
//! Source: Sedgewick & Wayne, *Algorithms* (4th ed.), §2.2 (bottom-up mergesort), §2.3
//! (3-way partitioning, selection).

use std::cmp::Ordering;

/// Sort `v` (indices, or any `usize` keys) stably by `less(a, b)` ("a goes before b").
pub fn sort_indices(v: &mut [usize], less: &dyn Fn(usize, usize) -> bool) {
    let n = v.len();
    if n < 2 {
        return;
    }
    let mut buf = v.to_vec();
    let mut width = 1usize;
    while width < n {
        let mut start = 0usize;
        while start < n {
            let mid = start.saturating_add(width).min(n);
            let end = start.saturating_add(width.saturating_mul(2)).min(n);
            merge(v, start, mid, end, &mut buf, less);
            start = end;
        }
        v.copy_from_slice(&buf);
        width = width.saturating_mul(2);
    }
}

/// Sort the vector `v` stably by `less(a, b)` ("a goes before b"), through [`sort_indices`]:
/// only this small permutation step is compiled per element type.
pub fn sort_vec<T>(v: &mut Vec<T>, less: &dyn Fn(&T, &T) -> bool) {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    {
        let items: &[T] = v;
        sort_indices(&mut idx, &|a, b| match (items.get(a), items.get(b)) {
            (Some(x), Some(y)) => less(x, y),
            _ => false,
        });
    }
    let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(
        idx.into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// Merge the sorted runs `v[start..mid]` and `v[mid..end]` into `out[start..end]` (stable: on a
/// tie the left run's element comes first).
fn merge(
    v: &[usize],
    start: usize,
    mid: usize,
    end: usize,
    out: &mut [usize],
    less: &dyn Fn(usize, usize) -> bool,
) {
    let (mut i, mut j) = (start, mid);
    for slot in out.iter_mut().take(end).skip(start) {
        let take_right = if i >= mid {
            true
        } else if j >= end {
            false
        } else {
            less(v[j], v[i])
        };
        if take_right {
            *slot = v[j];
            j += 1;
        } else {
            *slot = v[i];
            i += 1;
        }
    }
}

/// The k-th smallest element of `v` by `cmp` (k from 0), with `v` rearranged so that it sits
/// at position k, everything before it compares less or equal and everything after it greater
/// or equal. `None` when `k` is out of range.
pub fn select_by<T: Copy>(v: &mut [T], k: usize, cmp: fn(&T, &T) -> Ordering) -> Option<T> {
    if k >= v.len() {
        return None;
    }
    let (mut lo, mut hi) = (0usize, v.len());
    loop {
        let part = v.get_mut(lo..hi)?;
        if part.len() <= 16 {
            insertion_sort(part, cmp);
            return v.get(k).copied();
        }
        let last = part.len() - 1;
        let pivot = median3(part[0], part[last / 2], part[last], cmp);
        // Three-way partition: [0, lt) < pivot, [lt, gt) = pivot, [gt, len) > pivot.
        let (mut lt, mut i, mut gt) = (0usize, 0usize, part.len());
        while i < gt {
            match cmp(&part[i], &pivot) {
                Ordering::Less => {
                    part.swap(lt, i);
                    lt += 1;
                    i += 1;
                }
                Ordering::Greater => {
                    gt -= 1;
                    part.swap(i, gt);
                }
                Ordering::Equal => i += 1,
            }
        }
        let (lt, gt) = (lo + lt, lo + gt);
        if k < lt {
            hi = lt;
        } else if k >= gt {
            lo = gt;
        } else {
            return v.get(k).copied();
        }
    }
}

fn median3<T: Copy>(a: T, b: T, c: T, cmp: fn(&T, &T) -> Ordering) -> T {
    let le = |x: &T, y: &T| cmp(x, y) != Ordering::Greater;
    if le(&a, &b) {
        if le(&b, &c) {
            b
        } else if le(&a, &c) {
            c
        } else {
            a
        }
    } else if le(&a, &c) {
        a
    } else if le(&b, &c) {
        c
    } else {
        b
    }
}

fn insertion_sort<T: Copy>(v: &mut [T], cmp: fn(&T, &T) -> Ordering) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && cmp(&v[j], &v[j - 1]) == Ordering::Less {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (tests only).
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *seed >> 33
    }

    #[test]
    fn index_sort_is_stable_and_agrees_with_the_standard_sort() {
        let mut seed = 7;
        for n in [0, 1, 2, 3, 5, 16, 17, 100, 1_000] {
            let keys: Vec<u64> = (0..n).map(|_| lcg(&mut seed) % 10).collect();
            let mut mine: Vec<usize> = (0..n).collect();
            sort_indices(&mut mine, &|a, b| keys[a] < keys[b]);
            let mut std_sorted: Vec<usize> = (0..n).collect();
            std_sorted.sort_by_key(|&i| keys[i]);
            assert_eq!(mine, std_sorted, "n = {n}");
        }
        // Descending with ties broken by index, as the cascade orders its longs.
        let keys = [3, 1, 3, 2];
        let mut v = vec![0, 1, 2, 3];
        sort_indices(&mut v, &|a, b| {
            keys[a] > keys[b] || (keys[a] == keys[b] && a < b)
        });
        assert_eq!(v, [0, 2, 3, 1]);
    }

    #[test]
    fn vector_sort_is_stable() {
        let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        sort_vec(&mut v, &|x, y| x.0 < y.0);
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
        // The charts' markers sorted by price (what ui::chart::geometry::sort_small did).
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        sort_vec(&mut v, &|a, b| a.0 < b.0);
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
        let mut empty: Vec<u8> = Vec::new();
        sort_vec(&mut empty, &|a, b| a < b);
        assert!(empty.is_empty());
        let mut words: Vec<String> = ["b", "a", "c"].iter().map(|s| s.to_string()).collect();
        sort_vec(&mut words, &|x, y| x < y);
        assert_eq!(words, ["a", "b", "c"]);
    }

    #[test]
    fn selection_finds_the_kth_and_partitions_around_it() {
        let mut seed = 11;
        for n in [1usize, 2, 15, 16, 17, 200, 5_000] {
            for distinct in [2u64, 1_000_000] {
                let data: Vec<f64> = (0..n).map(|_| (lcg(&mut seed) % distinct) as f64).collect();
                let mut sorted = data.clone();
                sorted.sort_by(f64::total_cmp);
                for k in [0, n / 3, n / 2, n - 1] {
                    let mut v = data.clone();
                    assert_eq!(select_by(&mut v, k, f64::total_cmp), Some(sorted[k]));
                    assert!(v[..k].iter().all(|x| *x <= v[k]), "n {n} k {k}");
                    assert!(v[k + 1..].iter().all(|x| *x >= v[k]), "n {n} k {k}");
                    let mut back = v.clone();
                    back.sort_by(f64::total_cmp);
                    assert_eq!(back, sorted, "a permutation of the input");
                }
            }
        }
        assert_eq!(select_by(&mut [1.0f64, 2.0], 2, f64::total_cmp), None);
        assert_eq!(select_by(&mut Vec::<f32>::new(), 0, f32::total_cmp), None);
        // All equal (every path liquidated at the same loss): linear, and the value itself.
        let mut same = vec![5.0f64; 100_000];
        assert_eq!(select_by(&mut same, 95_000, f64::total_cmp), Some(5.0));
    }
}
