//! Software prefetching: a hint that brings a value into the cache before
//! it is read, so that a cache miss overlaps other work.

/// Asks the processor to bring `slice[i]` into the cache; no other effect,
/// and nothing where the architecture offers no hint (everywhere but
/// x86-64) or `i` is out of bounds.
#[inline(always)]
pub(crate) fn prefetch<T>(slice: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    if i < slice.len() {
        // SAFETY: `i` is in bounds, so the pointer is into `slice`; a
        // prefetch is a hint that reads nothing architecturally and cannot
        // fault.
        unsafe { std::arch::x86_64::_mm_prefetch(slice.as_ptr().add(i).cast::<i8>(), std::arch::x86_64::_MM_HINT_T0) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (slice, i);
}
