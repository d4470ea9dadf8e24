//! A pseudo-terminal session around the real binary, shared by the pty test files: spawn a
//! command in a 120x40 terminal, type into it, and read the screen through the vt100 parser
//! (never the raw bytes for screen assertions: ratatui skips unchanged cells).
//!
//! A module of the pty test binary (`tests/pty/main.rs`); not every test file uses
//! every helper, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const ROWS: u16 = 40;
pub const COLS: u16 = 120;
/// How long any one wait may take: generous, for a loaded 2-core machine; not a speed claim.
pub const TIMEOUT: Duration = Duration::from_secs(30);

pub struct Session {
    pub child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    pub output: Receiver<Vec<u8>>,
    pub parser: vt100::Parser,
    /// Every byte the program wrote, for properties of the stream itself (no window title).
    pub raw: Vec<u8>,
    // Kept open so the child's terminal stays alive until the session ends; resized by
    // `resize`.
    master: Box<dyn MasterPty + Send>,
}

impl Session {
    pub fn start(cmd: CommandBuilder) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Session {
            child,
            writer,
            output,
            parser: vt100::Parser::new(ROWS.try_into().unwrap(), COLS.try_into().unwrap(), 0),
            raw: Vec::new(),
            master: pair.master,
        }
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Resizes the terminal, as a user dragging the window does: the kernel sends SIGWINCH.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.parser
            .set_size(rows.try_into().unwrap(), cols.try_into().unwrap());
    }

    /// Reads whatever the program writes until it has been quiet for `quiet`.
    pub fn drain(&mut self, quiet: Duration) {
        while let Ok(bytes) = self.output.recv_timeout(quiet) {
            self.take(bytes);
        }
    }

    fn take(&mut self, bytes: Vec<u8>) {
        self.parser.process(&bytes);
        self.raw.extend_from_slice(&bytes);
    }

    /// Waits until `ready` holds for the parsed screen; panics with the screen on timeout.
    pub fn wait_for(&mut self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) {
        self.wait_for_within(what, TIMEOUT, ready);
    }

    /// [`Session::wait_for`] with a timeout of its own (a big graph in a debug build).
    pub fn wait_for_within(
        &mut self,
        what: &str,
        timeout: Duration,
        ready: impl Fn(&vt100::Screen) -> bool,
    ) {
        let deadline = Instant::now() + timeout;
        while !ready(self.parser.screen()) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self
                .output
                .recv_timeout(left.min(Duration::from_millis(100)))
            {
                Ok(bytes) => self.take(bytes),
                Err(_) if Instant::now() < deadline => {}
                Err(_) => panic!(
                    "timed out waiting for {what}; screen:\n{}",
                    self.parser.screen().contents()
                ),
            }
        }
    }

    /// The program's exit code, draining its output meanwhile so it never blocks on a full pty.
    pub fn exit_code(&mut self) -> u32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            while let Ok(bytes) = self.output.try_recv() {
                self.take(bytes);
            }
            assert!(Instant::now() < deadline, "the program did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The pid of the session's process's first child (kgx, when a shell runs it).
    pub fn child_pid(&self) -> String {
        let sh = self.child.process_id().unwrap();
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let children =
                std::fs::read_to_string(format!("/proc/{sh}/task/{sh}/children")).unwrap();
            if let Some(pid) = children.split_whitespace().next() {
                return pid.to_string();
            }
            assert!(Instant::now() < deadline, "kgx never started");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Row `y` of the screen as text.
pub fn row(screen: &vt100::Screen, y: u16) -> String {
    let (_, cols) = screen.size();
    screen
        .rows(0, cols.get())
        .nth(y as usize)
        .unwrap_or_default()
}

/// The status line: the screen's last row.
pub fn status_line(screen: &vt100::Screen) -> String {
    row(screen, screen.size().0.get() - 1)
}

/// True when a results row shows `name` in reverse video (the selection).
pub fn selected_result_is(screen: &vt100::Screen, name: &str) -> bool {
    (2..screen.size().0.get().saturating_sub(2)).any(|y| {
        let text = row(screen, y);
        text.find(name).is_some_and(|byte| {
            let col = text[..byte].chars().count() as u16;
            screen.cell(y, col).is_some_and(|c| c.inverse())
        })
    })
}

/// Gives the command a state folder of its own (`XDG_STATE_HOME`, under the target folder), so
/// the trails kgx saves on quit never reach the user's and no test sees another's.
pub fn own_state_folder(cmd: &mut CommandBuilder) -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("pty-state")
        .join(format!("{}-{n}", std::process::id()));
    cmd.env("XDG_STATE_HOME", &dir);
    dir
}

/// The real `kgx ARGS` in the repository's folder, for a 256-colour terminal, with a state
/// folder of its own.
pub fn kgx(args: &[&str]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kgx"));
    own_state_folder(&mut cmd);
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// What the search line and the first result should show for `query` on the graph in `path`,
/// computed by the library: ` N of M ` and the top result's name.
pub fn expected_results(path: &std::path::Path, query: &str) -> (String, String) {
    use kgx::display::format_count;
    use kgx::graph::{LoadOptions, load_path};
    use kgx::search::{KindFilter, Query, SearchIndex, Searcher};
    let graph = load_path(path, LoadOptions::default()).unwrap().graph;
    let index = SearchIndex::new(&graph);
    let hits = Searcher::new().search(&graph, &index, &Query::parse(query), &KindFilter::All);
    let count = format!(
        " {} of {} ",
        format_count(hits.len()),
        format_count(graph.entity_count())
    );
    (count, graph.entity(hits[0].entity).name().to_string())
}

/// A generated graph of `entities` entities (`kgx::generate`, seed 7) in a new temporary folder.
pub fn generated_graph(entities: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    kgx::generate::write_graph(&mut out, entities, 7).unwrap();
    drop(out);
    (dir, path)
}

/// The graph `text` (tests/fixtures/small.json) without the entity `sakura` and its relations:
/// a save that changes the counts, for the reload tests.
pub fn without_sakura(text: &str) -> Vec<u8> {
    let mut graph: serde_json::Value = serde_json::from_str(text).unwrap();
    graph["entities"]
        .as_array_mut()
        .unwrap()
        .retain(|e| e["id"] != "sakura");
    graph["relations"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["from"] != "sakura" && r["to"] != "sakura");
    serde_json::to_vec_pretty(&graph).unwrap()
}
