//! The generators' pseudo-random numbers: xoshiro256** seeded by SplitMix64.
//!
//! Both algorithms are specified bit for bit by their authors, so a seed gives
//! the same numbers on every platform and in every version of this crate (no
//! dependency on `rand`, whose streams may change between releases). Only
//! integer arithmetic is used here; callers that need real numbers build them
//! from [`Rng::unit`] with the operations IEEE 754 rounds exactly (`+ − × ÷`
//! and `sqrt`), never `ln`, `exp` or `powf`, whose last bit may differ between
//! platforms' maths libraries.
//!
//! Parallel generators never share a generator: they derive an independent
//! stream from `(seed, stream index)` for each fixed-size chunk of work, so the
//! output does not depend on how chunks are spread over threads.
//!
//! This module must never read a clock, the environment or the thread count.

/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014; the constants of Vigna's public-domain
/// `splitmix64.c`, <https://prng.di.unimi.it/splitmix64.c>).
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(state: u64) -> SplitMix64 {
        SplitMix64(state)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }
}

/// The SplitMix64 output function: a bijective mixer of 64-bit words.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number
/// generators", ACM TOMS 47(4), 2021; transcribed from the public-domain
/// <https://prng.di.unimi.it/xoshiro256starstar.c>).
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// The generator of stream `stream` under `seed`: its state is four
    /// SplitMix64 outputs, as Vigna recommends, started from the seed mixed
    /// with the stream index (so neighbouring streams do not share words).
    pub(crate) fn stream(seed: u64, stream: u64) -> Rng {
        let mut sm = SplitMix64::new(seed ^ mix64(stream.wrapping_add(0x6A09_E667_F3BC_C909)));
        let mut s = [sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()];
        // The all-zero state is the one state xoshiro cannot leave.
        if s == [0; 4] {
            s[0] = 1;
        }
        Rng { s }
    }

    #[cfg(test)]
    fn from_state(s: [u64; 4]) -> Rng {
        Rng { s }
    }

    #[inline]
    pub(crate) fn next_u64(&mut self) -> u64 {
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

    /// A uniform integer in `0..n` (`n > 0`), without modulo bias (Lemire,
    /// "Fast random integer generation in an interval", ACM TOMACS 29(1), 2019).
    #[inline]
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        let mut m = u128::from(self.next_u64()) * u128::from(n);
        if (m as u64) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u64) < threshold {
                m = u128::from(self.next_u64()) * u128::from(n);
            }
        }
        (m >> 64) as u64
    }

    /// A uniform real in `[0, 1)` with 53 random bits (every value a multiple
    /// of 2⁻⁵³).
    #[inline]
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform real in `(0, 1]`, for inverting distributions at 0.
    #[inline]
    pub(crate) fn unit_open0(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// `true` with probability `p` (to a resolution of 2⁻⁵³).
    #[inline]
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xoshiro_matches_the_published_reference_outputs() {
        // Outputs of the reference C implementation from the state {1, 2, 3, 4}
        // (the test vector of the rand_xoshiro crate, among others).
        let mut rng = Rng::from_state([1, 2, 3, 4]);
        let expected: [u64; 10] = [
            11520,
            0,
            1509978240,
            1215971899390074240,
            1216172134540287360,
            607988272756665600,
            16172922978634559625,
            8476171486693032832,
            10595114339597558777,
            2904607092377533576,
        ];
        for e in expected {
            assert_eq!(rng.next_u64(), e);
        }
    }

    #[test]
    fn splitmix_matches_the_published_outputs_from_zero() {
        let mut sm = SplitMix64::new(0);
        let got: Vec<u64> = (0..4).map(|_| sm.next_u64()).collect();
        assert_eq!(got, [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC]);
    }

    #[test]
    fn streams_differ_and_repeat() {
        let first = |seed, stream| Rng::stream(seed, stream).next_u64();
        assert_eq!(first(1, 0), first(1, 0));
        assert_ne!(first(1, 0), first(1, 1));
        assert_ne!(first(1, 0), first(2, 0));
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut rng = Rng::stream(7, 0);
        let mut seen = [false; 10];
        for _ in 0..1000 {
            let x = rng.below(10);
            seen[x as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
        assert_eq!(rng.below(1), 0);
    }

    #[test]
    fn units_stay_in_their_intervals() {
        let mut rng = Rng::stream(3, 9);
        for _ in 0..1000 {
            let u = rng.unit();
            assert!((0.0..1.0).contains(&u));
            let v = rng.unit_open0();
            assert!(v > 0.0 && v <= 1.0);
        }
    }
}
