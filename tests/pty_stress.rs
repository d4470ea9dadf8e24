//! Stress in a pseudo-terminal: thousands of keystrokes sent as fast as the pty takes them to
//! kgx on a 100,000-entity graph. kgx keeps up, shows the final query's results, and exits
//! cleanly on `q`. The graph comes from a small deterministic generator, written to a temp file.
#![cfg(unix)]

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 40;
const COLS: u16 = 120;
const ENTITIES: usize = 100_000;
const SYLLABLES: [&str; 16] = [
    "ax", "bel", "cor", "dyn", "eon", "fab", "gri", "hel", "ion", "jet", "kor", "lum", "mag",
    "neo", "orb", "pix",
];

const RELATION_TYPES: [&str; 6] = [
    "customer", "supplier", "investor", "owns", "operates", "partner",
];

/// A graph of `ENTITIES` entities with two-word names and 1.5 relations per entity, from a
/// fixed-seed linear congruential generator: the same file on every run.
fn big_graph() -> String {
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let kinds = ["company", "chip", "cloud", "deal", "datacenter"];
    let mut out = String::from("{\"entities\":[");
    for i in 0..ENTITIES {
        let name: Vec<&str> = (0..4).map(|_| SYLLABLES[next() % 16]).collect();
        let sep = if i == 0 { "" } else { "," };
        let kind = kinds[i % kinds.len()];
        let (a, b, c, d) = (name[0], name[1], name[2], name[3]);
        write!(
            out,
            "{sep}{{\"id\":\"e{i}\",\"kind\":\"{kind}\",\"name\":\"{a}{b} {c}{d} {i}\"}}"
        )
        .unwrap();
    }
    out.push_str("],\"relations\":[");
    for i in 0..ENTITIES * 3 / 2 {
        let sep = if i == 0 { "" } else { "," };
        let (from, to) = (next() % ENTITIES, next() % ENTITIES);
        let kind = RELATION_TYPES[next() % RELATION_TYPES.len()];
        write!(
            out,
            "{sep}{{\"from\":\"e{from}\",\"to\":\"e{to}\",\"type\":\"{kind}\"}}"
        )
        .unwrap();
    }
    out.push_str("]}");
    out
}

/// The keystrokes: long queries typed word by word, words deleted, the selection moved, the
/// kind filter cycled, the query cleared; about 3,000 in all. The final query comes after.
fn keystrokes() -> String {
    let mut keys = String::new();
    for round in 0..12 {
        for word in 0..40 {
            keys.push_str(SYLLABLES[(round + word) % 16]);
            keys.push_str(SYLLABLES[(round * 7 + word * 3) % 16]);
            keys.push(' ');
        }
        keys.push_str("\x1b[B\x1b[B\x1b[A"); // down, down, up
        keys.push_str("\x7f\x7f\x7f\x7f\x7f"); // backspace
        keys.push_str("\x17\x17\x17"); // Ctrl-w
        keys.push('\x14'); // Ctrl-t
        keys.push('\x15'); // Ctrl-u
    }
    keys
}

/// This test found that input beyond crossterm's 1 KB read buffer stalled until the next key
/// (its mio reader is edge-triggered); kgx now uses crossterm's /dev/tty reader (Cargo.toml).
#[test]
fn thousands_of_keystrokes_on_a_100k_graph() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    std::fs::write(&path, big_graph()).unwrap();

    let pair = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kgx"));
    cmd.arg(&path);
    cmd.env("TERM", "xterm-256color");
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let (tx, output) = channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut parser = vt100::Parser::new(ROWS.try_into().unwrap(), COLS.try_into().unwrap(), 0);
    let mut wait_for = |what: &str, secs: u64, ready: &dyn Fn(&vt100::Screen) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while !ready(parser.screen()) {
            match output.recv_timeout(Duration::from_millis(100)) {
                Ok(bytes) => parser.process(&bytes),
                Err(_) => assert!(
                    Instant::now() < deadline,
                    "timed out waiting for {what}; screen:\n{}",
                    parser.screen().contents()
                ),
            }
        }
    };
    wait_for("the explorer", 60, &|sc| {
        sc.contents().contains("of 100,000")
    });

    let mut keys = keystrokes();
    // Cycle the filter back to "all" and type the final query.
    let presses = keys.matches('\x14').count();
    for _ in 0..(6 - presses % 6) % 6 {
        keys.push('\x14');
    }
    keys.push_str("pixneo 4242");
    let started = Instant::now();
    writer.write_all(keys.as_bytes()).unwrap();
    writer.flush().unwrap();
    wait_for("the final query's results", 120, &|sc| {
        let text = sc.contents();
        text.starts_with("/ pixneo 4242") && text.contains(" 4242") && text.contains("all ·")
    });
    let elapsed = started.elapsed();
    eprintln!(
        "{} keystrokes on {ENTITIES} entities: final results after {elapsed:?}",
        keys.chars().count()
    );
    // Still responsive: one more key is answered quickly.
    let answered = Instant::now();
    writer.write_all(b"\x7f").unwrap();
    wait_for("the edit after the burst", 30, &|sc| {
        sc.contents().starts_with("/ pixneo 424 ")
    });
    eprintln!(
        "one key after the burst answered in {:?}",
        answered.elapsed()
    );
    writer.write_all(b"\tq").unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "kgx did not exit");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.exit_code(), 0);
}
