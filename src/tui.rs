//! The terminal: init and restore (also on panic), mouse capture, the event loop, and carrying
//! out the [`Effect`]s that [`app::update`] returns (OSC 52 for the clipboard).
//!
//! Keys are read from the controlling terminal: crossterm opens `/dev/tty` when standard input is
//! not a terminal, so `kgx -` with a piped graph still gets the keyboard, as fzf does.
//!
//! However the explorer ends — `q`, a panic, SIGTERM, SIGHUP — the terminal is restored first;
//! Ctrl-z hands it back while stopped ([`signals`]). On `q`, Ctrl-c and the caught signals the
//! investigation trail is then saved ([`crate::trail::store`]).

mod reload;
mod search_worker;
mod signals;
#[cfg(feature = "test-support")]
mod test_hooks;

pub use reload::{Watcher, reload};
pub(crate) use search_worker::SearchWorker;

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, enable_raw_mode};

use crate::app::{self, Action, App, Effect};
use crate::{trail, ui};

/// Two clicks on the same cell within this time are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);
/// How long the loop waits for input before looking at signals again.
const TICK: Duration = Duration::from_millis(50);
/// The same while a worker search is pending: how soon its answer is drawn after it arrives.
const SEARCH_TICK: Duration = Duration::from_millis(4);
/// How long a burst may pause and still count as one (one search, one frame). Not zero: the
/// /dev/tty reader does not look at the terminal at all for a zero timeout.
const BURST_GAP: Duration = Duration::from_millis(1);

/// How the event loop ended.
enum Ended {
    Quit,
    Signal(i32),
}

/// Runs the explorer until the user quits; the terminal is restored however it ends.
pub fn run(mut app: App) -> io::Result<()> {
    if !io::stdout().is_terminal() {
        return Err(io::Error::other(
            "the explorer needs a terminal on standard output; for scripts use `kgx search` or `kgx show`",
        ));
    }
    let signals = signals::Signals::catch()?;
    let mut terminal = ratatui::try_init()?;
    install_mouse_restoring_hook();
    let result = execute!(io::stdout(), EnableMouseCapture)
        .and_then(|()| event_loop(&mut terminal, &mut app, &signals));
    leave_terminal();
    // However the loop ended, the trail is saved once the terminal is back, so a warning about
    // it lands on a normal screen; failing to save never fails the quit.
    app.history.now = unix_now();
    save_trail(&app);
    match result? {
        Ended::Quit => Ok(()),
        Ended::Signal(sig) => signals::die_by(sig),
    }
}

/// Seconds since 1970, for the times the trail records.
fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Saves the investigation trail for the app's graph in the state folder, or says on standard
/// error why it could not (after the terminal is restored).
fn save_trail(app: &App) {
    let path = match &app.options.source {
        app::Source::File(path) => Some(path.as_path()),
        app::Source::Stdin => Some(std::path::Path::new("-")),
        app::Source::BuiltIn => None,
    };
    let key = trail::store::GraphKey::of(path);
    let Some(trail) = app.trail(key.label()) else {
        return;
    };
    let saved = trail::store::state_dir().and_then(|dir| trail::store::save(&dir, &key, &trail));
    if let Err(e) = saved {
        let _ = writeln!(
            io::stderr(),
            "kgx: warning: the trail was not saved: {}",
            crate::escape::safe_text(&e.to_string())
        );
    }
}

/// Mouse reporting off, cursor shown, raw mode off, main screen. Errors are ignored: after
/// SIGHUP the terminal may be gone, and nothing else can be done about it.
fn leave_terminal() {
    let _ = execute!(io::stdout(), DisableMouseCapture, Show);
    ratatui::restore();
}

/// Ctrl-z: hand the terminal back, stop, and on `fg` take it again and redraw everything (the
/// shell has drawn over the screen meanwhile, and the terminal may have been resized).
fn suspend(terminal: &mut DefaultTerminal, app: &mut App) -> io::Result<()> {
    leave_terminal();
    signals::stop_until_continued()?;
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        Clear(ClearType::All)
    )?;
    // Both buffers emptied: the next draw writes every cell. Not `terminal.clear()`, which asks
    // the terminal for the cursor position and fails when no answer comes.
    terminal.swap_buffers();
    terminal.swap_buffers();
    let size = terminal.size()?;
    app::update(app, Action::Resize(size.width, size.height));
    Ok(())
}

/// `ratatui::init` installs a hook that restores the terminal (raw mode off, main screen) before
/// printing a panic; this one runs first and undoes what `restore` does not: mouse reporting and
/// the hidden cursor.
fn install_mouse_restoring_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture, Show);
        previous(info);
    }));
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    signals: &signals::Signals,
) -> io::Result<Ended> {
    let size = terminal.size()?;
    app::update(app, Action::Resize(size.width, size.height));
    let mut last_click: Option<(Instant, u16, u16)> = None;
    #[cfg(feature = "test-support")]
    let mut test_hooks = test_hooks::TestHooks::from_env();
    let mut watcher = Watcher::for_app(app);
    // Started with the first worker search, so small graphs never have the thread.
    let mut worker: Option<SearchWorker> = None;
    // A large graph's search index, built after the first frame (and after each reload).
    let (index_tx, index_rx) = std::sync::mpsc::channel::<app::BuiltIndex>();
    loop {
        terminal.draw(|frame| {
            let area = frame.area();
            ui::render(app, area, frame.buffer_mut());
            if let Some(pos) = ui::cursor_position(app, area) {
                frame.set_cursor_position(pos);
            }
        })?;
        app.detail.max_scroll = ui::detail_max_scroll(app, terminal.get_frame().area());
        #[cfg(feature = "test-support")]
        if test_hooks.exit_after_first_frame() {
            return Ok(Ended::Quit);
        }
        // After the first frame of a large graph (and after a reload), one thread builds the
        // search index (a query typed meanwhile waits for it), then works out the overview
        // (`i`, under a second at 1M) and then the money index (the detail pane's ↻ marks, the
        // rings): one after the other, so the overview a user may ask for at once does not
        // share the two cores with the money graph.
        let index_job = app.take_index_job();
        let (overview_job, money_job) = (app.take_overview_job(), app.take_cycle_index_job());
        if index_job.is_some() || overview_job.is_some() || money_job.is_some() {
            let index_tx = index_tx.clone();
            #[cfg(feature = "test-support")]
            let delay = test_hooks.index_delay();
            std::thread::Builder::new()
                .name("kgx-index".into())
                .spawn(move || {
                    if let Some(job) = index_job {
                        #[cfg(feature = "test-support")]
                        std::thread::sleep(delay);
                        // The loop is gone only when the explorer quits.
                        let _ = index_tx.send(job.build());
                    }
                    if let Some(job) = overview_job {
                        job();
                    }
                    if let Some(job) = money_job {
                        job();
                    }
                })?;
        }
        // A comparison of two hubs of a large graph: on a thread too; the view says it waits.
        if let Some(job) = app.take_compare_job() {
            std::thread::Builder::new()
                .name("kgx-compare".into())
                .spawn(job)?;
        }
        let cycles_pending = !app.cycles_ready();
        // Apply every event that is already waiting before drawing again, so a burst of typing
        // (or a paste) costs one frame.
        // The wait polls in ticks so a signal ends the loop (and a changed file is reloaded)
        // even while no key comes.
        let mut file_changed = false;
        let mut redraw = false;
        while !event::poll(if app.awaiting_search() {
            SEARCH_TICK
        } else {
            TICK
        })? {
            if let Some(sig) = signals.received() {
                return Ok(Ended::Signal(sig));
            }
            if let Some(done) = worker.as_ref().and_then(SearchWorker::try_recv) {
                redraw |= app::search_done(app, done);
                if redraw {
                    break;
                }
            }
            if let Ok(built) = index_rx.try_recv() {
                if app::index_done(app, built) {
                    send_searches(app, &mut worker);
                    redraw = true;
                    break;
                }
            }
            if watcher.as_mut().is_some_and(Watcher::changed) {
                file_changed = true;
                break;
            }
            if cycles_pending && app.cycles_ready() {
                app::views::money_index_done(app);
                redraw = true;
                break;
            }
            if app.overview_arrived() {
                app::views::overview::overview_done(app);
                redraw = true;
                break;
            }
            if app.compare_ready() {
                app::views::compare_done(app);
                redraw = true;
                break;
            }
        }
        if file_changed {
            reload(app);
            continue;
        }
        if redraw {
            continue;
        }
        let mut wait = true;
        while wait || event::poll(BURST_GAP)? {
            wait = false;
            let event = event::read()?;
            app.history.now = unix_now();
            #[cfg(feature = "test-support")]
            if matches!(event, Event::Key(_)) {
                test_hooks.key_pressed();
            }
            let Some(action) = to_action(event, app, &mut last_click) else {
                continue;
            };
            match app.apply_batched(action) {
                Effect::None => {}
                Effect::Quit => return Ok(Ended::Quit),
                Effect::Copy(text) => copy_osc52(&text)?,
                Effect::Suspend => suspend(terminal, app)?,
                Effect::Reload => reload(app),
            }
        }
        app.flush_search();
        send_searches(app, &mut worker);
        if let Some(sig) = signals.received() {
            return Ok(Ended::Signal(sig));
        }
    }
}

/// Hands the searches the app asked for to the worker, starting it on the first.
fn send_searches(app: &mut App, worker: &mut Option<SearchWorker>) {
    while let Some(request) = app.take_search_request() {
        worker.get_or_insert_with(SearchWorker::spawn).send(request);
    }
}

fn to_action(
    event: Event,
    app: &mut App,
    last_click: &mut Option<(Instant, u16, u16)>,
) -> Option<Action> {
    match event {
        Event::Key(key) => app.action_for_key(key),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        Event::Mouse(m) => mouse_action(m, last_click),
        _ => None,
    }
}

fn mouse_action(m: MouseEvent, last_click: &mut Option<(Instant, u16, u16)>) -> Option<Action> {
    let (col, row) = (m.column, m.row);
    match m.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            let now = Instant::now();
            let double =
                last_click.is_some_and(|(t, c, r)| c == col && r == row && now - t < DOUBLE_CLICK);
            *last_click = (!double).then_some((now, col, row));
            Some(Action::Click { col, row, double })
        }
        MouseEventKind::ScrollUp => Some(Action::Scroll {
            col,
            row,
            delta: -1,
        }),
        MouseEventKind::ScrollDown => Some(Action::Scroll { col, row, delta: 1 }),
        _ => None,
    }
}

/// Puts `text` on the clipboard through the terminal (OSC 52). The text is base64-encoded, so
/// nothing in it can act as a control sequence.
fn copy_osc52(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    write!(out, "\x1b]52;c;{}\x07", base64(text.as_bytes()))?;
    out.flush()
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
        assert_eq!(super::base64(b"trainium3"), "dHJhaW5pdW0z");
    }
}
