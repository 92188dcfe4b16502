//! Where the time of one PageRank iteration goes: the pull loop of the
//! power solver (every user sums the contributions of the users reacting
//! to them) over the Graph500 R-MAT graph numbered by degree, taken apart
//! into the work it does, each part timed on one thread:
//!
//! 1. streaming the sources (the 4 bytes per edge an iteration must read),
//! 2. the per-user loop over the in-edges without gathering anything,
//! 3. the gather with every source folded into the first 4,096 users, so
//!    that every contribution read hits the L1 cache (the loop's own cost),
//! 4. the same folded into the first 65,536 users (an L2-sized vector), and
//!    into the first 2^20 (4 MiB, within a last-level cache), prefetching,
//! 5. the real gather, without and with the sweep's software prefetch
//!    (128 edges ahead, x86-64 only).
//!
//! First it prints what the numbering gives the cache: the share of the
//! edges whose source is among the first 2^16 and 2^20 users, numbered by
//! degree and (the most any order by popularity can reach) by out-degree,
//! and the share of edges a Gauss–Seidel sweep would read fresh, sequential
//! and in fixed blocks of equal work (what a parallel, thread-count
//! independent form could use).
//!
//! The gap between 3 and 5 is what cache misses cost; the gap between 1
//! and 3 is the loop's work per user and per edge, which no memory layout
//! removes. `f32` contributions, `f64` sums with four partial sums, as in
//! the library's sweep; prints the best of REPS timings and checks that the
//! prefetching gather gives the same sums as the plain one.
//!
//! ```sh
//! cargo bench --bench iteration_floor -- [SCALE [REPS]]
//! ```
//!
//! SCALE defaults to 16 (65,536 users, quick), REPS to 3; run by `cargo
//! test --benches` (without cargo bench's `--bench` flag) it checks itself
//! at scale 10, once. A first argument that is not a number (a filter
//! meant for the criterion benches) skips it.
//! docs/perf/2026-11-27-iteration-floor.md records what this measured at
//! scale 22.
use influence::generate::RmatConfig;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let Some((scale, reps)) = arguments() else { return };
    let rmat = RmatConfig::default().scale(scale);
    let mut b = influence::GraphBuilder::new(rmat.graph_config().degree_order(true)).expect("the R-MAT graph builds");
    rmat.add_to(&mut b).expect("the R-MAT graph builds");
    let g = b.build().expect("the R-MAT graph builds");
    let layer = g.combined();
    let (offsets, sources) = (layer.offsets(), layer.sources());
    let n = offsets.len() - 1;
    let m = sources.len();
    println!("scale {scale}: {n} users, {m} edges, one thread, best of {reps}");
    numbering(offsets, sources);
    let contrib: Vec<f32> = (0..n).map(|i| ((i * 7919) % 1000) as f32 * 1e-3).collect();
    let mut out = vec![0f64; n];
    let time = |name: &str, out: &mut [f64], work: &mut dyn FnMut(&mut [f64])| {
        let ms = (0..reps)
            .map(|_| {
                let t = Instant::now();
                work(out);
                black_box(&*out);
                t.elapsed().as_secs_f64() * 1e3
            })
            .fold(f64::INFINITY, f64::min);
        println!("{name:48} {ms:8.1} ms  {:5.2} ns per edge", ms * 1e6 / m as f64);
    };
    time("1 stream the sources", &mut out, &mut |_| {
        black_box(sources.iter().map(|&u| u64::from(u)).sum::<u64>());
    });
    time("2 per-user loop, no gather", &mut out, &mut |out| {
        for (v, o) in out.iter_mut().enumerate() {
            *o = sources[offsets[v]..offsets[v + 1]].iter().map(|&u| u64::from(u)).sum::<u64>() as f64;
        }
    });
    time("3 gather, sources folded into 4,096 users (L1)", &mut out, &mut |out| {
        gather(offsets, sources, &contrib, out, (1 << 12) - 1, false)
    });
    time("4 gather, sources folded into 65,536 users (L2)", &mut out, &mut |out| {
        gather(offsets, sources, &contrib, out, (1 << 16) - 1, false)
    });
    time("4b gather, folded into 2^20 users (LLC), prefetching", &mut out, &mut |out| {
        gather(offsets, sources, &contrib, out, (1 << 20) - 1, true)
    });
    time("5a gather", &mut out, &mut |out| gather(offsets, sources, &contrib, out, usize::MAX, false));
    let plain = out.clone();
    time("5b gather, prefetching 128 edges ahead", &mut out, &mut |out| {
        gather(offsets, sources, &contrib, out, usize::MAX, true)
    });
    assert!(out.iter().zip(&plain).all(|(a, b)| a.to_bits() == b.to_bits()), "prefetching changed the sums");
}

/// SCALE and REPS; `None` (after saying so) when an argument is not a
/// number. Flags such as cargo bench's `--bench` are left out.
fn arguments() -> Option<(u32, usize)> {
    let bench = std::env::args().any(|a| a == "--bench");
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with('-'));
    let mut number = |default: usize| match args.next() {
        None => Some(default),
        Some(s) => s.parse().ok().or_else(|| {
            eprintln!("iteration_floor: {s:?} is not SCALE or REPS; skipped");
            None
        }),
    };
    let scale = number(if bench { 16 } else { 10 })? as u32;
    let reps = number(if bench { 3 } else { 1 })?.max(1);
    Some((scale, reps))
}

/// Prints what the numbering gives the cache and Gauss–Seidel (see above).
fn numbering(offsets: &[usize], sources: &[u32]) {
    let (n, m) = (offsets.len() - 1, sources.len() as f64);
    let mut out_degree = vec![0u64; n];
    for &u in sources {
        out_degree[u as usize] += 1;
    }
    let mut by_popularity = out_degree.clone();
    by_popularity.sort_unstable_by(|a, b| b.cmp(a));
    for bits in [16, 20] {
        let first = (1usize << bits).min(n);
        let share = |d: &[u64]| 100.0 * d[..first].iter().sum::<u64>() as f64 / m;
        println!(
            "edges from the first 2^{bits} users: {:.1} % numbered by degree, {:.1} % by out-degree",
            share(&out_degree),
            share(&by_popularity)
        );
    }
    let fresh = |blocks: usize| {
        // Blocks of about equal in-edges, as the sweep's chunks are cut.
        let per = (sources.len() / blocks).max(1);
        let (mut start, mut edges, mut count) = (0, 0, 0usize);
        for v in 0..n {
            let list = &sources[offsets[v]..offsets[v + 1]];
            count += list.iter().filter(|&&u| (start..v).contains(&(u as usize))).count();
            edges += list.len();
            if edges >= per {
                (start, edges) = (v + 1, 0);
            }
        }
        100.0 * count as f64 / m
    };
    println!(
        "edges a Gauss-Seidel sweep reads fresh: {:.1} % in one sequence, {:.1} / {:.1} / {:.1} % in 16 / 64 / 256 blocks",
        fresh(1),
        fresh(16),
        fresh(64),
        fresh(256)
    );
}

/// The library's pull loop: `out[v]` = the sum of `contrib[u & mask]` over
/// the users `u` reacting to `v`, in four partial sums.
fn gather(offsets: &[usize], sources: &[u32], contrib: &[f32], out: &mut [f64], mask: usize, prefetch: bool) {
    for (v, o) in out.iter_mut().enumerate() {
        let (lo, hi) = (offsets[v], offsets[v + 1]);
        let mut acc = [0.0f64; 4];
        let mut e = lo;
        while e + 4 <= hi {
            for (k, a) in acc.iter_mut().enumerate() {
                if prefetch {
                    if let Some(&ahead) = sources.get(e + k + 128) {
                        hint(contrib, ahead as usize & mask);
                    }
                }
                *a += f64::from(contrib[sources[e + k] as usize & mask]);
            }
            e += 4;
        }
        for &u in &sources[e..hi] {
            acc[0] += f64::from(contrib[u as usize & mask]);
        }
        *o = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    }
}

/// A software prefetch of `slice[i]` (a hint: no other effect).
#[inline(always)]
fn hint(slice: &[f32], i: usize) {
    #[cfg(target_arch = "x86_64")]
    if i < slice.len() {
        // SAFETY: `i` is in bounds; a prefetch reads nothing architecturally.
        unsafe { std::arch::x86_64::_mm_prefetch(slice.as_ptr().add(i).cast::<i8>(), std::arch::x86_64::_MM_HINT_T0) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (slice, i);
}
