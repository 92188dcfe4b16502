//! An experiment towards cache blocking of the PageRank gather: the pull
//! loop of one iteration (every user sums the contributions of the users
//! reacting to them) over the Graph500 R-MAT graph, numbered by degree, as
//! it is (one pass over the in-edge CSR, gathering from anywhere in the
//! contributions vector) against the same sums done segment by segment,
//! each segment holding the in-edges from one range of sources, so that
//! the gathers of a segment stay within a cache-sized part of the vector,
//! and against the plain loop with software prefetching at several
//! distances (x86-64 only; the library's sweep prefetches 128 edges ahead).
//! Single-threaded, one gather and one add per edge, `f32` contributions;
//! prints the best of REPS timings of each layout and checks that every
//! layout gives the same sums.
//!
//! ```sh
//! cargo bench --bench gather_blocking -- [SCALE [REPS [degree|input]]]
//! ```
//!
//! SCALE defaults to 16 (65,536 users, quick), REPS to 3; run by `cargo
//! test --benches` (without cargo bench's `--bench` flag) it checks itself
//! at scale 10, once. A first argument that is not a number (a filter
//! meant for the criterion benches) skips it. The library's PageRank does
//! not use segments; docs/perf/2026-11-27-cache-blocking.md records what
//! this measured.
use influence::generate::RmatConfig;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let Some((scale, reps, rest)) = arguments() else { return };
    let t = Instant::now();
    let rmat = RmatConfig::default().scale(scale);
    let degree = rest.first().is_none_or(|o| o == "degree");
    let mut b = influence::GraphBuilder::new(rmat.graph_config().degree_order(degree)).expect("the R-MAT graph builds");
    rmat.add_to(&mut b).expect("the R-MAT graph builds");
    let g = b.build().expect("the R-MAT graph builds");
    let layer = g.combined();
    let offsets = layer.offsets();
    let sources = layer.sources();
    let n = offsets.len() - 1;
    eprintln!("scale {scale}: {n} users, {} edges, built in {:.1?}", sources.len(), t.elapsed());
    let contrib: Vec<f32> = (0..n).map(|i| ((i * 7919) % 1000) as f32 * 1e-3).collect();
    let contrib64: Vec<f64> = contrib.iter().map(|&c| f64::from(c)).collect();
    let mut out = vec![0f64; n];
    let ms = best_of(reps, || gather(offsets, sources, &contrib, &mut out));
    let reference = out.clone();
    println!("plain f32: {ms:.1} ms");
    let ms = best_of(reps, || gather(offsets, sources, &contrib64, &mut out));
    println!("plain f64: {ms:.1} ms");
    #[cfg(target_arch = "x86_64")]
    for distance in [16usize, 64, 128, 256, 512] {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let ms = best_of(reps, || {
            for (v, o) in out.iter_mut().enumerate() {
                let mut s = 0.0f64;
                for e in offsets[v]..offsets[v + 1] {
                    if let Some(&ahead) = sources.get(e + distance) {
                        let p: *const f32 = &contrib[ahead as usize];
                        // SAFETY: a prefetch is only a hint; `p` points into `contrib`.
                        unsafe { _mm_prefetch(p.cast::<i8>(), _MM_HINT_T0) };
                    }
                    s += f64::from(contrib[sources[e] as usize]);
                }
                *o = s;
            }
            black_box(&out);
        });
        println!("plain f32, prefetching {distance} edges ahead: {ms:.1} ms");
    }
    let mut layouts: Vec<(String, Vec<usize>)> = Vec::new();
    for bits in [15u32, 16, 17, 18, 19] {
        let width = 1usize << bits;
        if n > width {
            layouts.push((format!("equal 2^{bits}"), (0..n.div_ceil(width)).map(|k| k * width).collect()));
        }
    }
    for cuts in [
        vec![0, 1 << 17],
        vec![0, 1 << 16, 1 << 18],
        vec![0, 1 << 17, 1 << 19],
        vec![0, 1 << 16, 1 << 17, 1 << 18, 1 << 19, 1 << 20],
    ] {
        if cuts.iter().all(|&c| c < n) {
            layouts.push((format!("cuts {:?}", &cuts[1..]), cuts));
        }
    }
    for (name, starts) in layouts {
        let segs = starts.len();
        let seg_of = |u: usize| starts.partition_point(|&s| s <= u) - 1;
        let end_of = |k: usize| if k + 1 < segs { starts[k + 1] } else { usize::MAX };
        let t = Instant::now();
        let mut seg_t: Vec<Vec<u32>> = vec![Vec::new(); segs];
        let mut seg_o: Vec<Vec<u32>> = vec![vec![0]; segs];
        let mut seg_s: Vec<Vec<u32>> = vec![Vec::new(); segs];
        for v in 0..n {
            let list = &sources[offsets[v]..offsets[v + 1]];
            let mut i = 0;
            while i < list.len() {
                let k = seg_of(list[i] as usize);
                let end = end_of(k);
                let j = i + list[i..].partition_point(|&u| (u as usize) < end);
                seg_t[k].push(v as u32);
                seg_s[k].extend_from_slice(&list[i..j]);
                seg_o[k].push(seg_s[k].len() as u32);
                i = j;
            }
        }
        let pairs: usize = seg_t.iter().map(Vec::len).sum();
        let build = t.elapsed();
        let ms = best_of(reps, || {
            out.iter_mut().for_each(|o| *o = 0.0);
            for ((ts, os), ss) in seg_t.iter().zip(&seg_o).zip(&seg_s) {
                for (i, &v) in ts.iter().enumerate() {
                    let s: f64 =
                        ss[os[i] as usize..os[i + 1] as usize].iter().map(|&u| f64::from(contrib[u as usize])).sum();
                    out[v as usize] += s;
                }
            }
            black_box(&out);
        });
        let err: f64 = out.iter().zip(&reference).map(|(a, b)| (a - b).abs()).sum();
        let total: f64 = reference.iter().sum();
        assert!(err <= 1e-12 * total, "{name}: the segmented sums differ by {err:e}");
        let share: Vec<String> =
            seg_s.iter().map(|s| format!("{:.0}%", 100.0 * s.len() as f64 / sources.len() as f64)).collect();
        println!(
            "{name} ({segs} segments): {:.1} ms, {:.2} (target, segment) pairs per user, built in {:.1?}, L1 diff {err:.1e}, edges {}",
            ms,
            pairs as f64 / n as f64,
            build,
            if segs <= 6 { share.join("/") } else { String::new() }
        );
    }
}

/// SCALE, REPS and the arguments after them; `None` (after saying so)
/// when the first argument is not a number. Flags such as cargo bench's
/// `--bench` are left out.
fn arguments() -> Option<(u32, usize, Vec<String>)> {
    let bench = std::env::args().any(|a| a == "--bench");
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with('-'));
    let mut number = |default: usize| match args.next() {
        None => Some(default),
        Some(s) => s.parse().ok().or_else(|| {
            eprintln!("gather_blocking: {s:?} is not SCALE or REPS; skipped");
            None
        }),
    };
    let scale = number(if bench { 16 } else { 10 })? as u32;
    let reps = number(if bench { 3 } else { 1 })?.max(1);
    Some((scale, reps, args.collect()))
}

/// The best of `reps` timings of `work`, in milliseconds.
fn best_of(reps: usize, mut work: impl FnMut()) -> f64 {
    (0..reps)
        .map(|_| {
            let t = Instant::now();
            work();
            t.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::INFINITY, f64::min)
}

/// The plain pull gather: `out[v]` = the sum of `contrib[u]` over the
/// users `u` reacting to `v`.
fn gather<T: Copy + Into<f64>>(offsets: &[usize], sources: &[u32], contrib: &[T], out: &mut [f64]) {
    for (v, o) in out.iter_mut().enumerate() {
        *o = sources[offsets[v]..offsets[v + 1]].iter().map(|&u| contrib[u as usize].into()).sum();
    }
    black_box(out);
}
