//! Fuzz target: any bytes given to the loader produce a graph or a located error, never a panic.
#![no_main]

use kgx::graph::{LoadError, LoadOptions, load_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for strict in [false, true] {
        match load_bytes(data, "fuzz", LoadOptions { strict }) {
            Ok(loaded) => {
                let g = &loaded.graph;
                for e in g.entities() {
                    assert!(g.find(e.id()) == Some(e.ix()));
                    for r in e.outgoing() {
                        assert_eq!(r.from_ix(), e.ix());
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
});
