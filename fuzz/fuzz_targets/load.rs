//! Fuzz target: any bytes given to the loader produce a graph or a located error, never a panic:
//! detected (the format detector on every input), and read as each format in turn (`--from`), so
//! every importer sees every input.
#![no_main]

use kgx::graph::{Format, LoadError, LoadOptions, load_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // `map` reads with a user's MAP, which `--from` alone does not give (a Read error by design).
    let forced =
        std::iter::once(None).chain(Format::all().filter(|f| *f != Format::Mapped).map(Some));
    for from in forced {
        for strict in [false, true] {
            let opts = LoadOptions {
                strict,
                from,
                ..LoadOptions::default()
            };
            match load_bytes(data, "fuzz", opts) {
                Ok(loaded) => {
                    let g = &loaded.graph;
                    for e in g.entities() {
                        assert!(g.find(e.id()) == Some(e.ix()));
                        for r in e.outgoing() {
                            assert_eq!(r.source_ix(), e.ix());
                        }
                    }
                }
                Err(LoadError::Invalid { problems, .. }) => {
                    assert!(problems.iter().all(|p| p.location.is_some()));
                }
                Err(LoadError::Syntax { location, .. }) => assert!(location.line >= 1),
                Err(LoadError::Read { .. }) => panic!("bytes cannot fail to be read"),
            }
        }
    }
});
