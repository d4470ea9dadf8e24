//! Hooks for tests and measurements, read from the environment and compiled only with the
//! `test-support` cargo feature, so a release build carries none of them (README, security):
//!
//! - `KGX_TEST_PANIC_AFTER_KEYS=N` panics on the N-th key press, so the pseudo-terminal tests
//!   can check that a panic restores the terminal.
//! - `KGX_EXIT_AFTER_FIRST_FRAME` quits as soon as the first frame is drawn, for the start-up
//!   measurement in docs/performance.md.
//! - `KGX_TEST_INDEX_DELAY_MS=N` waits N ms before building a large graph's search index after
//!   the first frame, so the pseudo-terminal tests can type while the results say `indexing…`.
//!
//! What this module does not do: anything when its variables are unset.

/// The hooks the environment asked for when the explorer started.
pub(super) struct TestHooks {
    keys_left: Option<u64>,
    exit_after_first_frame: bool,
    index_delay: std::time::Duration,
}

impl TestHooks {
    pub(super) fn from_env() -> TestHooks {
        TestHooks {
            keys_left: std::env::var("KGX_TEST_PANIC_AFTER_KEYS")
                .ok()
                .and_then(|v| v.parse().ok()),
            exit_after_first_frame: std::env::var_os("KGX_EXIT_AFTER_FIRST_FRAME").is_some(),
            index_delay: std::time::Duration::from_millis(
                std::env::var("KGX_TEST_INDEX_DELAY_MS")
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0),
            ),
        }
    }

    /// Counts one key press; panics when the count is reached.
    pub(super) fn key_pressed(&mut self) {
        if let Some(left) = &mut self.keys_left {
            *left = left.saturating_sub(1);
            assert!(*left > 0, "KGX_TEST_PANIC_AFTER_KEYS: test-only panic");
        }
    }

    /// True when the explorer should quit once its first frame is drawn.
    pub(super) fn exit_after_first_frame(&self) -> bool {
        self.exit_after_first_frame
    }

    /// How long to wait before building the search index.
    pub(super) fn index_delay(&self) -> std::time::Duration {
        self.index_delay
    }
}
