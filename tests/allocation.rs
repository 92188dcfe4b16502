//! Found by probing (issue "defects"): ARCHITECTURE.md and `pagerank.rs`
//! said nothing is allocated inside PageRank's iteration loop, while the
//! sweep allocated three small vectors per iteration. Counted here: a run
//! of 60 iterations allocates exactly as often as a run of 10.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use influence::generate::RmatConfig;
use influence::{PageRank, PageRankConfig};

/// The system allocator, counting allocations.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's guarantees hold for the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above, that is from `System`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as for `alloc` and `dealloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

#[test]
fn pagerank_iterations_allocate_nothing() {
    let graph = RmatConfig::default().scale(14).weighted(true).build().unwrap();
    let run = |iterations: usize| {
        // A tolerance no run reaches: each runs exactly `iterations`.
        let pagerank = PageRank::new(PageRankConfig::default().tolerance(1e-300).max_iterations(iterations)).unwrap();
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        let ranking = pagerank.run(&graph).unwrap();
        let after = ALLOCATIONS.load(Ordering::Relaxed);
        assert_eq!(ranking.iterations(), iterations);
        after - before
    };
    // One worker thread: what rayon itself allocates when threads steal
    // work varies from run to run, and is not the sweep's. The first run
    // starts the pool's thread, which allocates once.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    pool.install(|| run(5));
    let (few, many) = pool.install(|| (run(10), run(40)));
    assert_eq!(few, many, "10 iterations made {few} allocations, 40 made {many}");
}
