//! Seeded, reproducible random numbers: `xoshiro256**` seeded by `splitmix64`, with uniform,
//! normal (ziggurat), Student-t (Bailey polar) and Poisson variates.
//!
//! Everything is plain integer arithmetic and `f64` math, so a seed gives the same stream
//! natively and in WASM. [`Xoshiro256StarStar::for_stream`] derives an independent-looking
//! generator for each Monte Carlo path, which makes results independent of how the paths are
//! split into chunks.

/// `splitmix64`: a 64-bit counter passed through a strong mixing function.
///
/// ```text
/// z ← state += 0x9E3779B97F4A7C15
/// z ← (z ⊕ z≫30)·0xBF58476D1CE4E5B9;  z ← (z ⊕ z≫27)·0x94D049BB133111EB;  out = z ⊕ z≫31
/// ```
/// Source: G. L. Steele, D. Lea, C. H. Flood (2014), "Fast splittable pseudorandom number
/// generators", OOPSLA '14; S. Vigna, `splitmix64.c` (prng.di.unimi.it).
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.state)
    }
}

/// The `splitmix64` output function (a bijection on `u64`).
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `xoshiro256**` 1.0.
///
/// ```text
/// out = rotl(s₁·5, 7)·9
/// t = s₁≪17;  s₂ ⊕= s₀;  s₃ ⊕= s₁;  s₁ ⊕= s₂;  s₀ ⊕= s₃;  s₂ ⊕= t;  s₃ = rotl(s₃, 45)
/// ```
/// Source: D. Blackman & S. Vigna (2021), "Scrambled linear pseudorandom number generators",
/// *ACM Trans. Math. Softw.* 47(4), article 36; reference code `xoshiro256starstar.c`.
#[derive(Debug, Clone)]
pub struct Xoshiro256StarStar {
    s: [u64; 4],
}

impl Xoshiro256StarStar {
    /// A generator whose state is four outputs of `splitmix64(seed)` (the seeding the
    /// authors recommend).
    pub fn seed_from_u64(seed: u64) -> Self {
        let mut sm = SplitMix64::new(seed);
        let mut s = [sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()];
        if s == [0; 4] {
            s[0] = 1; // the all-zero state is the one forbidden state
        }
        Xoshiro256StarStar { s }
    }

    /// The generator for stream `stream` (e.g. a path index) of `seed`:
    /// `seed_from_u64(mix64(seed) ⊕ mix64(stream + φ))`, `φ = 0x9E3779B97F4A7C15`.
    pub fn for_stream(seed: u64, stream: u64) -> Self {
        let key = mix64(seed) ^ mix64(stream.wrapping_add(0x9E37_79B9_7F4A_7C15));
        Self::seed_from_u64(key)
    }

    #[inline(always)]
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform on `[0, 1)`: the top 53 bits, `(x ≫ 11)·2⁻⁵³`.
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        unit(self.next_u64())
    }

    /// Uniform on the open interval `(0, 1)`: `((x ≫ 11) + ½)·2⁻⁵³`.
    #[inline]
    pub fn uniform_open(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform on `(−1, 1)`.
    #[inline]
    fn symmetric(&mut self) -> f64 {
        2.0 * self.uniform_open() - 1.0
    }

    /// Standard normal, the ziggurat method with 256 layers of equal area under
    /// `f(x) = e^{−x²/2}` (see [`Ziggurat`]). One 64-bit draw gives the layer `i` (bits 0–7),
    /// the sign (bit 8) and `U ∈ [0, 1)` (bits 11–63), disjoint bits, so no correlation between
    /// layer and value (the flaw Doornik found in the original, which took both from one
    /// 32-bit word):
    ///
    /// ```text
    /// z = U·xᵢ;  z < xᵢ₊₁                      → ±z            (≈ 98.8 % of draws: no ln, no exp)
    /// i = 0 (base strip, z ≥ r)                → ±(r + a) from the tail: a = −ln U₁ / r,
    ///                                             b = −ln U₂, accept 2b > a²
    /// else (wedge of layer i)                  → ±z if f(xᵢ) + U₃·(f(xᵢ₊₁) − f(xᵢ)) < f(z)
    /// otherwise draw again
    /// ```
    /// Source: G. Marsaglia & W. W. Tsang (2000), "The ziggurat method for generating random
    /// variables", *J. Stat. Software* 5(8) (method and tail); J. A. Doornik (2005), "An
    /// improved ziggurat method to generate normal random samples" (independent bits for
    /// layer, sign and value).
    #[inline(always)]
    pub fn normal(&mut self) -> f64 {
        let t = Ziggurat::get();
        let bits = self.next_u64();
        let (i, z) = t.point(bits);
        if z < t.x[i + 1] {
            return with_sign(z, bits);
        }
        self.normal_slow(t, bits)
    }

    /// The ziggurat's rare cases: the tail (layer 0) and the wedges of the draw `bits`
    /// (already outside its layer's rectangle), drawing again on a rejection.
    #[cold]
    #[inline(never)]
    fn normal_slow(&mut self, t: &Ziggurat, mut bits: u64) -> f64 {
        loop {
            let (i, z) = t.point(bits);
            if z < t.x[i + 1] {
                return with_sign(z, bits);
            }
            if i == 0 {
                return with_sign(self.normal_tail(), bits);
            }
            let y = t.f[i] + self.uniform() * (t.f[i + 1] - t.f[i]);
            if y < (-0.5 * z * z).exp() {
                return with_sign(z, bits);
            }
            bits = self.next_u64();
        }
    }

    /// A normal variate conditioned on exceeding [`Ziggurat::R`] (Marsaglia's tail method).
    #[cold]
    fn normal_tail(&mut self) -> f64 {
        loop {
            let a = -self.uniform_open().ln() / Ziggurat::R;
            let b = -self.uniform_open().ln();
            if b + b > a * a {
                return Ziggurat::R + a;
            }
        }
    }

    /// Student-t with `df > 0` degrees of freedom, Bailey's polar method.
    ///
    /// ```text
    /// U, V ~ U(−1, 1), W = U² + V², accept 0 < W < 1;
    /// T = U·√( df·(W^{−2/df} − 1) / W )
    /// ```
    /// As `df → ∞`, `df·(W^{−2/df} − 1) → −2 ln W`: the polar normal. Source: R. W. Bailey
    /// (1994), "Polar generation of random variates with the t-distribution", *Mathematics of
    /// Computation* 62(206), 779–781.
    #[inline]
    pub fn student_t(&mut self, df: f64) -> f64 {
        loop {
            let u = self.symmetric();
            let v = self.symmetric();
            let w = u * u + v * v;
            if w < 1.0 && w > 0.0 {
                let e = (-2.0 / df * w.ln()).exp_m1();
                return u * (df * e / w).sqrt();
            }
        }
    }

    /// Student-t scaled to unit variance (`df > 2`): `T·√((df − 2)/df)`, since
    /// `Var(T) = df/(df − 2)`.
    #[inline]
    pub fn student_t_unit(&mut self, df: f64) -> f64 {
        self.student_t(df) * ((df - 2.0) / df).sqrt()
    }

    /// Poisson with mean `m ≥ 0` by multiplying uniforms until the product drops below
    /// `e^{−m}` (exact; cost ∝ m, meant for the small means of jumps per step).
    ///
    /// Source: D. E. Knuth, *The Art of Computer Programming* vol. 2 (3rd ed.), §3.4.1 F.
    #[inline]
    pub fn poisson(&mut self, m: f64) -> u32 {
        let limit = (-m).exp();
        let mut k = 0;
        let mut p = self.uniform_open();
        while p > limit && k < 10_000 {
            k += 1;
            p *= self.uniform_open();
        }
        k
    }
}

/// The top 53 bits of `bits` as a uniform on `[0, 1)`: `(bits ≫ 11)·2⁻⁵³`.
#[inline(always)]
fn unit(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// `z ≥ 0` with the sign bit 8 of `bits` gives (bit 8 moved to the sign bit, bit 63).
#[inline(always)]
fn with_sign(z: f64, bits: u64) -> f64 {
    f64::from_bits(z.to_bits() | ((bits & 0x100) << 55))
}

/// The ziggurat's layers for the standard normal: 256 regions of equal area `v` under
/// `f(x) = e^{−x²/2}` — a base strip (the rectangle `[0, r] × [0, f(r)]` plus the tail beyond
/// `r`) and 255 rectangles stacked above it.
///
/// ```text
/// v = r·f(r) + √(π/2)·erfc(r/√2)           (area of the base strip)
/// x₀ = v / f(r),  x₁ = r,  xᵢ₊₁ = √(−2 ln(v/xᵢ + f(xᵢ))),  x₂₅₆ = 0
/// ```
/// `r = 3.6541528853610088` is the value for which the last layer closes at `x = 0`
/// (`x₂₅₅·(1 − f(x₂₅₅)) = v`). Built once, from the engine's own `erfc`, on first use.
/// Source: Marsaglia & Tsang (2000), §2 and the 256-layer constants of their Table.
pub struct Ziggurat {
    /// Layer edges `x₀ > x₁ = r > … > x₂₅₆ = 0`.
    x: [f64; 257],
    /// `f(xᵢ)`, increasing to `f(0) = 1`.
    f: [f64; 257],
}

impl Ziggurat {
    /// Where the tail begins.
    pub const R: f64 = 3.654_152_885_361_009;

    fn build() -> Ziggurat {
        let f = |x: f64| (-0.5 * x * x).exp();
        let r = Self::R;
        let v = r * f(r)
            + (core::f64::consts::PI / 2.0).sqrt()
                * super::normal::erfc(r / core::f64::consts::SQRT_2);
        let mut x = [0.0; 257];
        x[0] = v / f(r);
        x[1] = r;
        for i in 2..256 {
            x[i] = (-2.0 * (v / x[i - 1] + f(x[i - 1])).ln()).sqrt();
        }
        x[256] = 0.0;
        let mut fx = [0.0; 257];
        for (fi, xi) in fx.iter_mut().zip(x.iter()) {
            *fi = f(*xi);
        }
        Ziggurat { x, f: fx }
    }

    /// The layer `i` (bits 0–7) and the point `z = U·xᵢ` (U from bits 11–63) of one draw.
    #[inline(always)]
    fn point(&self, bits: u64) -> (usize, f64) {
        let i = (bits & 0xff) as usize;
        (i, unit(bits) * self.x[i])
    }

    /// The tables (built on the first call).
    #[inline]
    pub fn get() -> &'static Ziggurat {
        static TABLES: std::sync::OnceLock<Ziggurat> = std::sync::OnceLock::new();
        TABLES.get_or_init(Ziggurat::build)
    }

    /// The area of the base strip, `v`, and how far the top layer misses closing at 0:
    /// `x₂₅₅·(1 − f(x₂₅₅)) − v` (for the tests).
    #[cfg(test)]
    fn closure(&self) -> (f64, f64) {
        let v = self.x[0] * self.f[1];
        (v, self.x[255] * (1.0 - self.f[255]) - v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_reference_values() {
        // Vigna's splitmix64.c with seed 1234567: the first outputs.
        let mut sm = SplitMix64::new(1_234_567);
        assert_eq!(sm.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(sm.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn xoshiro_reference_values() {
        // xoshiro256starstar.c from state {1, 2, 3, 4}: 11520, 0, 1509978240, 1215971899390074240
        let mut x = Xoshiro256StarStar { s: [1, 2, 3, 4] };
        assert_eq!(x.next_u64(), 11_520);
        assert_eq!(x.next_u64(), 0);
        assert_eq!(x.next_u64(), 1_509_978_240);
        assert_eq!(x.next_u64(), 1_215_971_899_390_074_240);
    }

    #[test]
    fn reproducible_and_streams_differ() {
        let mut a = Xoshiro256StarStar::for_stream(42, 7);
        let mut b = Xoshiro256StarStar::for_stream(42, 7);
        let mut c = Xoshiro256StarStar::for_stream(42, 8);
        let xa: Vec<f64> = (0..10).map(|_| a.normal()).collect();
        let xb: Vec<f64> = (0..10).map(|_| b.normal()).collect();
        let xc: Vec<f64> = (0..10).map(|_| c.normal()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    fn moments(mut f: impl FnMut() -> f64, n: usize) -> (f64, f64, f64) {
        let (mut s1, mut s2, mut s4) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            let x = f();
            s1 += x;
            s2 += x * x;
            s4 += x * x * x * x;
        }
        let n = n as f64;
        (s1 / n, s2 / n, s4 / n)
    }

    #[test]
    fn normal_moments() {
        let mut r = Xoshiro256StarStar::seed_from_u64(1);
        let n = 200_000;
        let (m, v, k) = moments(|| r.normal(), n);
        // SE of the mean 1/√n ≈ 0.0022; of E[X²] √2/√n ≈ 0.0032; of E[X⁴] √96/√n ≈ 0.022.
        assert!(m.abs() < 0.01, "{m}");
        assert!((v - 1.0).abs() < 0.015, "{v}");
        assert!((k - 3.0).abs() < 0.12, "{k}");
    }

    #[test]
    fn ziggurat_layers_close() {
        let (v, miss) = Ziggurat::get().closure();
        assert!((v - 0.004_928_673_233_974_658).abs() < 1e-15, "{v}");
        // The recursion from r lands on x = 0 to within rounding.
        assert!(miss.abs() < 1e-12, "{miss}");
        let x = &Ziggurat::get().x;
        assert!(x.windows(2).all(|w| w[0] > w[1]), "layers not decreasing");
    }

    #[test]
    fn normal_matches_the_cdf_and_the_tails() {
        use super::super::normal::cdf;
        let mut r = Xoshiro256StarStar::seed_from_u64(11);
        let n = 1_000_000usize;
        let mut xs: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        xs.sort_by(f64::total_cmp);
        // Kolmogorov–Smirnov distance; its 1 % critical value is 1.63/√n ≈ 0.00163.
        let d = xs
            .iter()
            .enumerate()
            .map(|(i, &x)| {
                let c = cdf(x);
                (c - i as f64 / n as f64)
                    .abs()
                    .max(((i + 1) as f64 / n as f64 - c).abs())
            })
            .fold(0.0, f64::max);
        assert!(d < 0.00163, "KS distance {d}");
        // The tail beyond r (the base strip's slow path) and far beyond it, both signs.
        let beyond = |t: f64| xs.iter().filter(|x| x.abs() > t).count() as f64;
        for t in [Ziggurat::R, 4.5] {
            let want = 2.0 * cdf(-t) * n as f64;
            let got = beyond(t);
            // Within 4 Poisson standard deviations (plus 2 for the far tail's few counts).
            assert!(
                (got - want).abs() < 4.0 * want.sqrt() + 2.0,
                "beyond {t}: {got} vs {want}"
            );
        }
        let neg = xs.iter().filter(|x| **x < -Ziggurat::R).count() as f64;
        let pos = xs.iter().filter(|x| **x > Ziggurat::R).count() as f64;
        assert!(
            (neg - pos).abs() < 4.0 * (neg + pos).sqrt(),
            "{neg} vs {pos}"
        );
    }

    #[test]
    fn normal_wedges_leave_no_sawtooth() {
        use super::super::normal::cdf;
        // The layers' x-intervals [xᵢ₊₁, xᵢ] partition [0, r]; a wrong wedge test (too many or
        // too few kept) shows as a sawtooth: mass moved between the left and right halves of
        // each interval, most in the top layers, which are wide and nearly all wedge. There
        // the right halves' share of |Z| < x₁₉₂ is what Φ gives. (Keeping every wedge point
        // moves that share by ≈ 11 standard deviations at this n.)
        let zx = &Ziggurat::get().x;
        let mid = |i: usize| 0.5 * (zx[i] + zx[i + 1]);
        let top = 192;
        let mass = |lo: f64, hi: f64| 2.0 * (cdf(hi) - cdf(lo));
        let want = (top..256).map(|i| mass(mid(i), zx[i])).sum::<f64>() / mass(0.0, zx[top]);
        let mut r = Xoshiro256StarStar::seed_from_u64(12);
        let (mut right, mut all) = (0u64, 0u64);
        for _ in 0..16_000_000 {
            let a = r.normal().abs();
            if a < zx[top] {
                // The layer whose interval holds a: x[i+1] ≤ a < x[i] (x decreasing).
                let i = zx[1..].partition_point(|&e| e > a);
                all += 1;
                right += u64::from(a >= mid(i));
            }
        }
        let got = right as f64 / all as f64;
        let sd = (want * (1.0 - want) / all as f64).sqrt();
        assert!(
            (got - want).abs() < 4.0 * sd,
            "right halves {got} vs {want} (sd {sd})"
        );
    }

    #[test]
    fn uniform_range_and_mean() {
        let mut r = Xoshiro256StarStar::seed_from_u64(9);
        let mut s = 0.0;
        for _ in 0..100_000 {
            let u = r.uniform();
            assert!((0.0..1.0).contains(&u));
            let o = r.uniform_open();
            assert!(o > 0.0 && o < 1.0);
            s += u;
        }
        assert!((s / 1e5 - 0.5).abs() < 0.005);
    }

    #[test]
    fn student_t_unit_variance_and_tails() {
        let mut r = Xoshiro256StarStar::seed_from_u64(3);
        let n = 200_000;
        let (m, v, _) = moments(|| r.student_t_unit(8.0), n);
        assert!(m.abs() < 0.01, "{m}");
        // Var of X² for t₈ scaled: E[X⁴] = 3(df−2)/(df−4) = 4.5 ⇒ SE(v) ≈ √3.5/√n ≈ 0.0042.
        assert!((v - 1.0).abs() < 0.02, "{v}");
        // Fat tails: P(|X| > 3) for unit-variance t₄ ≈ 0.0081 vs 0.0027 for the normal... use t₄.
        let mut r = Xoshiro256StarStar::seed_from_u64(4);
        let tail = (0..n).filter(|_| r.student_t_unit(4.0).abs() > 3.0).count() as f64 / n as f64;
        assert!(tail > 0.005, "{tail}");
    }

    #[test]
    fn student_t_large_df_is_normal() {
        let mut r = Xoshiro256StarStar::seed_from_u64(5);
        let n = 200_000;
        let (_, v, k) = moments(|| r.student_t_unit(1e6), n);
        assert!((v - 1.0).abs() < 0.015);
        assert!((k - 3.0).abs() < 0.12);
    }

    #[test]
    fn poisson_mean() {
        let mut r = Xoshiro256StarStar::seed_from_u64(6);
        let n = 100_000;
        let s: u64 = (0..n).map(|_| u64::from(r.poisson(0.3))).sum();
        let mean = s as f64 / n as f64;
        assert!((mean - 0.3).abs() < 0.01, "{mean}");
        assert_eq!(r.poisson(0.0), 0);
    }
}
