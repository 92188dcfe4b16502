//! Synthetic graphs. (Being written.)
