//! The key map as data: one table from key chords to [`Action`]s, scoped by focus. The explorer
//! looks keys up here and the help overlay is generated from the same table, so they cannot
//! drift apart.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::{Action, Focus};

/// A key with its modifiers. For character keys Shift is part of the character (`Y`, `?`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere.
    Any,
    /// Only while the search line has focus.
    Search,
    /// Only outside the search line, where letters are commands.
    Browse,
}

impl Scope {
    fn applies(self, focus: Focus) -> bool {
        match self {
            Scope::Any => true,
            Scope::Search => focus == Focus::Search,
            Scope::Browse => focus != Focus::Search,
        }
    }
}

/// One row of the key map: the chords, where they apply, the action, and its help text.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    pub keys: &'static [Chord],
    pub scope: Scope,
    pub action: Action,
    pub help: &'static str,
}

const fn key(code: KeyCode) -> Chord {
    Chord {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Chord {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Chord {
    Chord {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn alt(code: KeyCode) -> Chord {
    Chord {
        code,
        mods: KeyModifiers::ALT,
    }
}

const fn bind(keys: &'static [Chord], scope: Scope, action: Action, help: &'static str) -> Binding {
    Binding {
        keys,
        scope,
        action,
        help,
    }
}

use Action as A;
use KeyCode as K;
use Scope::{Any, Browse, Search};

/// Every key the explorer knows, in the order the help overlay lists them. Lookup takes the first
/// binding whose chord and scope match; unbound printable keys in search are typed into the query.
pub const KEYMAP: &[Binding] = &[
    bind(&[ctrl('c')], Any, A::Quit, "quit"),
    bind(&[ch('q')], Browse, A::Quit, "quit"),
    bind(&[ctrl('z')], Any, A::Suspend, "suspend (fg resumes)"),
    bind(&[ch('r')], Browse, A::Reload, "reload the graph file"),
    bind(&[ch('?')], Browse, A::ToggleHelp, "show or hide this help"),
    bind(
        &[key(K::F(1))],
        Any,
        A::ToggleHelp,
        "show or hide this help",
    ),
    bind(&[ch('/')], Browse, A::FocusSearch, "focus the search line"),
    bind(
        &[key(K::Esc)],
        Any,
        A::Escape,
        "clear the query, else leave search",
    ),
    bind(&[ctrl('u')], Search, A::ClearQuery, "clear the query"),
    bind(
        &[ctrl('w')],
        Search,
        A::DeleteWord,
        "delete the word before the cursor",
    ),
    bind(
        &[key(K::Backspace)],
        Search,
        A::DeleteBack,
        "delete before the cursor",
    ),
    bind(
        &[key(K::Delete)],
        Search,
        A::DeleteForward,
        "delete under the cursor",
    ),
    bind(
        &[key(K::Left)],
        Search,
        A::CursorLeft,
        "move the cursor left",
    ),
    bind(
        &[key(K::Right)],
        Search,
        A::CursorRight,
        "move the cursor right",
    ),
    bind(&[ctrl('t')], Any, A::CycleKind, "cycle the kind filter"),
    bind(
        &[key(K::Tab)],
        Any,
        A::FocusNext,
        "focus: search → results → relations",
    ),
    bind(
        &[key(K::BackTab)],
        Any,
        A::FocusPrev,
        "focus the previous pane",
    ),
    bind(&[key(K::Up), ctrl('p')], Any, A::MoveUp, "move up"),
    bind(&[key(K::Down), ctrl('n')], Any, A::MoveDown, "move down"),
    bind(&[ch('k')], Browse, A::MoveUp, "move up"),
    bind(&[ch('j')], Browse, A::MoveDown, "move down"),
    bind(&[key(K::PageUp)], Any, A::PageUp, "page up"),
    bind(&[key(K::PageDown)], Any, A::PageDown, "page down"),
    bind(&[key(K::Home)], Any, A::Top, "first row"),
    bind(&[key(K::End)], Any, A::Bottom, "last row"),
    bind(&[ch('g')], Browse, A::Top, "first row"),
    bind(&[ch('G')], Browse, A::Bottom, "last row"),
    bind(
        &[key(K::Enter)],
        Any,
        A::Activate,
        "open result / follow relation",
    ),
    bind(&[ch('[')], Browse, A::Back, "back"),
    bind(&[ch(']')], Browse, A::Forward, "forward"),
    bind(&[alt(K::Left)], Any, A::Back, "back"),
    bind(&[alt(K::Right)], Any, A::Forward, "forward"),
    bind(
        &[ch('y')],
        Browse,
        A::CopyId,
        "copy the entity's id (OSC 52)",
    ),
    bind(
        &[ch('Y')],
        Browse,
        A::CopyName,
        "copy the entity's name (OSC 52)",
    ),
    bind(
        &[ch('p')],
        Browse,
        A::OpenPaths,
        "paths from this entity to another",
    ),
    bind(
        &[ch('n')],
        Browse,
        A::OpenNeighbourhood,
        "neighbourhood picture",
    ),
    bind(&[ch('t')], Browse, A::OpenTimeline, "deal timeline"),
    bind(&[ch('c')], Browse, A::OpenCycles, "circular money flows"),
];

/// The action a key press means with `focus`, if any.
pub fn action_for(event: KeyEvent, focus: Focus) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let chord = normalize(event);
    let bound = KEYMAP
        .iter()
        .filter(|b| b.scope.applies(focus))
        .find(|b| b.keys.contains(&chord))
        .map(|b| b.action);
    if bound.is_some() {
        return bound;
    }
    match chord {
        Chord {
            code: KeyCode::Char(c),
            mods: KeyModifiers::NONE,
        } if focus == Focus::Search => Some(Action::Insert(c)),
        _ => None,
    }
}

/// Drops Shift from character keys (the character already says it) and from BackTab.
pub(super) fn normalize(event: KeyEvent) -> Chord {
    let mut mods =
        event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods.remove(KeyModifiers::SHIFT);
    }
    let code = match event.code {
        // Terminals report Ctrl-letter in lower case; some report Shift+letter in lower case too.
        KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
            KeyCode::Char(c.to_ascii_lowercase())
        }
        KeyCode::Char(c)
            if event.modifiers.contains(KeyModifiers::SHIFT) && c.is_ascii_lowercase() =>
        {
            KeyCode::Char(c.to_ascii_uppercase())
        }
        code => code,
    };
    Chord { code, mods }
}

/// How the help overlay writes a chord: `Ctrl-u`, `Alt-←`, `PgUp`, `q`.
pub fn chord_label(chord: &Chord) -> String {
    let key = match chord.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other}"),
    };
    let mut label = String::new();
    if chord.mods.contains(KeyModifiers::CONTROL) {
        label.push_str("Ctrl-");
    }
    if chord.mods.contains(KeyModifiers::ALT) {
        label.push_str("Alt-");
    }
    label + &key
}

/// One line of the help overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    /// Where the keys below it apply.
    Heading(&'static str),
    /// The chords of one binding (as [`chord_label`] writes them) and what they do.
    Binding { keys: String, help: &'static str },
}

/// The help overlay's lines, in order: a heading per scope, then one line per binding.
pub fn help_lines() -> Vec<HelpLine> {
    let binding = |b: &Binding| HelpLine::Binding {
        keys: b.keys.iter().map(chord_label).collect::<Vec<_>>().join(" "),
        help: b.help,
    };
    let mut out = Vec::new();
    for (scope, heading) in [
        (Scope::Any, "Everywhere"),
        (Scope::Search, "In the search line"),
        (Scope::Browse, "Outside the search line"),
    ] {
        out.push(HelpLine::Heading(heading));
        out.extend(KEYMAP.iter().filter(|b| b.scope == scope).map(binding));
    }
    out.push(HelpLine::Heading("In the views (p n t c)"));
    out.extend(super::views::VIEW_KEYMAP.iter().map(binding));
    out
}
