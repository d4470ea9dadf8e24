//! Differential fuzz target: the loader's three ways (one thread; relations read ahead on a
//! second thread; ids indexed at once) give the same graph or the same error for any bytes. The
//! last two only run on files from 4 MB in the product, so this is where small inputs reach them.
#![no_main]

use kgx::graph::{LoadOptions, load_every_way};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for strict in [false, true] {
        let ways = load_every_way(
            data,
            LoadOptions {
                strict,
                ..LoadOptions::default()
            },
        );
        let mut taken = ways.iter().flatten();
        if let Some(first) = taken.next() {
            for other in taken {
                assert_eq!(first, other, "the loader's ways disagree (strict {strict})");
            }
        }
    }
});
