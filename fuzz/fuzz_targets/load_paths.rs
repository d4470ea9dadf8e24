//! Differential fuzz target: the loader's ways give the same graph or the same error for any
//! bytes: one thread; relations read ahead on a second thread; ids indexed at once (the last two
//! only run on files from 4 MB in the product, so this is where small inputs reach them); and
//! the bytes as a file, read into memory and paged with its pages released every 4 KB (paged
//! text only runs on files from 1 MB in the product).
#![no_main]

use kgx::graph::{LoadOptions, load_every_way, load_path_both_ways};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = std::env::temp_dir().join(format!("kgx-fuzz-paged-{}.json", std::process::id()));
    std::fs::write(&file, data).expect("a temporary file");
    for strict in [false, true] {
        let opts = LoadOptions {
            strict,
            ..LoadOptions::default()
        };
        let ways = load_every_way(data, opts.clone());
        let mut taken = ways.iter().flatten();
        if let Some(first) = taken.next() {
            for other in taken {
                assert_eq!(first, other, "the loader's ways disagree (strict {strict})");
            }
        }
        let ([read, paged], _) = load_path_both_ways(&file, opts, 4096);
        assert_eq!(read, paged, "paged and read disagree (strict {strict})");
    }
});
