//! The key map as data: one table from key chords to [`Action`]s, each binding scoped to where
//! it applies, and the one lookup ([`action_for`]) that says which binding wins. The explorer
//! looks keys up here and the help overlay is generated from the same table, so they cannot
//! drift apart. What a key means beyond the table (a word typed into a pane) is `app/words.rs`.
//!
//! The model, as in k9s and lazygit: in the search line (and the path view's picker) keys type;
//! in the panes and views letters are commands, and a letter that is not a command where the
//! user is starts a search with that letter.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::Action;

/// A key with its modifiers. For character keys Shift is part of the character (`Y`, `?`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chord {
    /// The key.
    pub code: KeyCode,
    /// Ctrl and Alt (Shift only for keys that are not characters).
    pub mods: KeyModifiers,
}

/// Where the user is when a key arrives: what [`action_for`] needs to pick a binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyContext {
    /// A relationship view (paths, neighbourhood, timeline, cycles) shows.
    pub in_view: bool,
    /// Keys type: the search line has focus, or the path view asks for a target.
    pub typing: bool,
    /// The relations pane has focus and groups by partners.
    pub partners: bool,
}

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere: the explorer, the views, while typing or not.
    Everywhere,
    /// While keys type: the search line, or the path view's target picker.
    Typing,
    /// Where letters are commands: the explorer's panes and the views, outside a picker.
    Browsing,
    /// In the explorer (not a view), typing or not.
    Explorer,
    /// In the explorer's results and relations panes.
    Panes,
    /// Inside a view, typing or not.
    InView,
    /// Inside a view, outside its picker.
    ViewBrowsing,
    /// In the relations pane while it groups by partners.
    Partners,
}

impl Scope {
    /// Whether a binding with this scope applies in `cx`.
    pub fn applies(self, cx: KeyContext) -> bool {
        match self {
            Scope::Everywhere => true,
            Scope::Typing => cx.typing,
            Scope::Browsing => !cx.typing,
            Scope::Explorer => !cx.in_view,
            Scope::Panes => !cx.in_view && !cx.typing,
            Scope::InView => cx.in_view,
            Scope::ViewBrowsing => cx.in_view && !cx.typing,
            Scope::Partners => cx.partners && !cx.in_view && !cx.typing,
        }
    }

    /// The scope under whose heading the help overlay lists this scope's bindings: the
    /// partners grouping's keys go with the panes' (their text says "partners:"), so the help
    /// still fits one screen at 120x40.
    fn help_section(self) -> Scope {
        match self {
            Scope::Partners => Scope::Panes,
            other => other,
        }
    }

    /// The help overlay's heading for the bindings of this scope.
    fn heading(self) -> &'static str {
        match self {
            Scope::Everywhere => "Everywhere",
            Scope::Typing => "In the search line",
            Scope::Browsing => "In the panes and views (other letters search)",
            Scope::Explorer => "In the explorer",
            Scope::Panes => "In the results and relations panes",
            Scope::InView => "In the views (p n t c i =)",
            Scope::ViewBrowsing => "In the views, outside the path picker",
            Scope::Partners => "In the relations pane, grouped by partners (`)",
        }
    }
}

/// One row of the key map: the chords, where they apply, the action, and its help text.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// The chords that trigger it.
    pub keys: &'static [Chord],
    /// Where it applies.
    pub scope: Scope,
    /// What it does.
    pub action: Action,
    /// The help overlay's text for it.
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

const fn shift(code: KeyCode) -> Chord {
    Chord {
        code,
        mods: KeyModifiers::SHIFT,
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

/// The key that opens the as-of date prompt; a letter typed right after it is a word typed into
/// a pane (`amazon`), so it searches instead (`app/as_of.rs`).
pub(crate) const DATE_PROMPT_KEY: char = 'a';

use Action as A;
use KeyCode as K;
use Scope::{Browsing, Everywhere, Explorer, InView, Panes, Partners, Typing, ViewBrowsing};

/// Every key the explorer knows. [`action_for`] takes the first binding, in this order, whose
/// chord matches and whose scope applies; the views' bindings come first, so inside a view they
/// win over the explorer's (Esc and `q` leave the view instead of clearing or quitting).
pub const KEYMAP: &[Binding] = &[
    bind(&[key(K::Esc)], InView, A::CloseView, "back to the explorer"),
    bind(
        &[ch('q')],
        ViewBrowsing,
        A::CloseView,
        "back to the explorer",
    ),
    bind(
        &[key(K::Left), ch('h')],
        ViewBrowsing,
        A::MoveLeft,
        "column (n), side (=), month back (t)",
    ),
    bind(
        &[key(K::Right), ch('l')],
        ViewBrowsing,
        A::MoveRight,
        "column (n), side (=), month on (t)",
    ),
    bind(
        &[shift(K::Left)],
        ViewBrowsing,
        A::ShiftAsOf { months: -12 },
        "timeline: date a year back",
    ),
    bind(
        &[shift(K::Right)],
        ViewBrowsing,
        A::ShiftAsOf { months: 12 },
        "timeline: date a year on",
    ),
    bind(
        &[ch('2')],
        ViewBrowsing,
        A::ToggleHops,
        "neighbourhood: one or two hops",
    ),
    bind(
        &[ch('s')],
        ViewBrowsing,
        A::CycleSort,
        "timeline: sort by date ↑, date ↓, amount",
    ),
    bind(
        &[ch('/')],
        ViewBrowsing,
        A::FilterList,
        "timeline: filter by party or name",
    ),
    bind(
        &[ch(':')],
        ViewBrowsing,
        A::JumpToYear,
        "timeline: jump to a year (:2025)",
    ),
    bind(
        &[ch('+')],
        ViewBrowsing,
        A::MoreParties,
        "rings: a party more / fewer (2 to 4)",
    ),
    bind(&[ch('-')], ViewBrowsing, A::FewerParties, ""),
    bind(
        &[key(K::Right), ch('l')],
        Partners,
        A::ExpandPartner,
        "partners: list the partner's deals",
    ),
    bind(
        &[key(K::Left), ch('h')],
        Partners,
        A::CollapsePartner,
        "partners: fold the deals away",
    ),
    bind(&[ctrl('c')], Everywhere, A::QuitNow, "quit at once"),
    bind(&[ctrl('z')], Everywhere, A::Suspend, "suspend (fg resumes)"),
    bind(
        &[key(K::F(1))],
        Everywhere,
        A::ToggleHelp,
        "show or hide this help",
    ),
    bind(
        &[key(K::Esc)],
        Everywhere,
        A::Escape,
        "clear the query, else leave search",
    ),
    bind(&[key(K::Up), ctrl('p')], Everywhere, A::MoveUp, "move up"),
    bind(
        &[key(K::Down), ctrl('n')],
        Everywhere,
        A::MoveDown,
        "move down",
    ),
    bind(&[key(K::PageUp)], Everywhere, A::PageUp, "page up"),
    bind(&[key(K::PageDown)], Everywhere, A::PageDown, "page down"),
    bind(&[key(K::Home)], Everywhere, A::Top, "first row"),
    bind(&[key(K::End)], Everywhere, A::Bottom, "last row"),
    bind(
        &[key(K::Enter)],
        Everywhere,
        A::Activate,
        "open result / follow relation",
    ),
    bind(&[alt(K::Left)], Everywhere, A::Back, "back"),
    bind(&[alt(K::Right)], Everywhere, A::Forward, "forward"),
    bind(&[ctrl('u')], Typing, A::ClearQuery, "clear the query"),
    bind(
        &[ctrl('w')],
        Typing,
        A::DeleteWord,
        "delete the word before the cursor",
    ),
    bind(
        &[key(K::Backspace)],
        Typing,
        A::DeleteBack,
        "delete before the cursor",
    ),
    bind(
        &[key(K::Delete)],
        Typing,
        A::DeleteForward,
        "delete under the cursor",
    ),
    bind(
        &[key(K::Left)],
        Typing,
        A::CursorLeft,
        "move the cursor left",
    ),
    bind(
        &[key(K::Right)],
        Typing,
        A::CursorRight,
        "move the cursor right",
    ),
    bind(
        &[ctrl('t')],
        Explorer,
        A::CycleKind,
        "cycle the kind filter",
    ),
    bind(
        &[key(K::Tab)],
        Explorer,
        A::FocusNext,
        "focus: search → results → relations",
    ),
    bind(
        &[key(K::BackTab)],
        Explorer,
        A::FocusPrev,
        "focus the previous pane",
    ),
    bind(&[ch('q')], Panes, A::Quit, "quit (asks once)"),
    bind(
        &[ch('?')],
        Browsing,
        A::ToggleHelp,
        "show or hide this help",
    ),
    bind(&[ch('k')], Browsing, A::MoveUp, "move up"),
    bind(&[ch('j')], Browsing, A::MoveDown, "move down"),
    bind(&[ctrl('u')], Browsing, A::HalfPageUp, "half a page up"),
    bind(&[ctrl('d')], Browsing, A::HalfPageDown, "half a page down"),
    bind(
        &[shift(K::Down)],
        Explorer,
        A::ScrollDetail(3),
        "scroll the detail down",
    ),
    bind(
        &[shift(K::Up)],
        Explorer,
        A::ScrollDetail(-3),
        "scroll the detail up",
    ),
    bind(&[ch('g')], Browsing, A::Top, "first row / last row"),
    bind(&[ch('G')], Browsing, A::Bottom, ""),
    bind(&[ch('[')], Browsing, A::Back, "back / forward"),
    bind(&[ch(']')], Browsing, A::Forward, ""),
    bind(
        &[ch('p')],
        Browsing,
        A::OpenPaths,
        "paths from this entity to another",
    ),
    bind(
        &[ch('n')],
        Browsing,
        A::OpenNeighbourhood,
        "neighbourhood picture",
    ),
    bind(&[ch('t')], Browsing, A::OpenTimeline, "deal timeline"),
    bind(&[ch('c')], Browsing, A::OpenCycles, "money rings"),
    bind(
        &[ch('=')],
        Browsing,
        A::Compare,
        "compare: = here, then = on another",
    ),
    bind(
        &[ch('`')],
        Browsing,
        A::ToggleGrouping,
        "group by relations or partners",
    ),
    bind(
        &[ch('i')],
        Browsing,
        A::OpenOverview,
        "overview of the graph",
    ),
    bind(
        &[ch(DATE_PROMPT_KEY)],
        Browsing,
        A::OpenDatePrompt,
        "see the graph as of a date (empty: today)",
    ),
    bind(
        &[ch('/')],
        Browsing,
        A::FocusSearch,
        "focus the search line",
    ),
    bind(&[ch('r')], Panes, A::Reload, "reload the graph file"),
    bind(
        &[ch('y')],
        Panes,
        A::CopyId,
        "copy the entity's id (OSC 52)",
    ),
    bind(
        &[ch('Y')],
        Panes,
        A::CopyName,
        "copy the entity's name (OSC 52)",
    ),
];

/// The action a key press means in `cx`, if any: the first binding of [`KEYMAP`] whose chord
/// matches and whose scope applies; else a character types (while typing) or starts a search
/// (elsewhere); else, for a key that is bound nowhere here, [`Action::Unbound`] so the status
/// line can say so. Releases and lone modifier keys mean nothing.
pub(crate) fn action_for(event: KeyEvent, cx: KeyContext) -> Option<Action> {
    if event.kind == KeyEventKind::Release || matches!(event.code, KeyCode::Modifier(_)) {
        return None;
    }
    let chord = normalize(event);
    if let Some(b) = KEYMAP
        .iter()
        .find(|b| b.scope.applies(cx) && b.keys.contains(&chord))
    {
        return Some(b.action);
    }
    Some(match chord {
        Chord {
            code: KeyCode::Char(c),
            mods: KeyModifiers::NONE,
        } if cx.typing => Action::Insert(c),
        Chord {
            code: KeyCode::Char(c),
            mods: KeyModifiers::NONE,
        } => Action::StartSearch {
            typed: c,
            after: None,
        },
        chord => Action::Unbound(chord),
    })
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

/// How the help overlay and the status line write a chord: `Ctrl-u`, `Alt-←`, `PgUp`, `q`.
pub fn chord_label(chord: &Chord) -> String {
    let key = match chord.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => crate::escape::safe_text(&c.to_string()).into_owned(),
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
    if chord.mods.contains(KeyModifiers::SHIFT) {
        label.push_str("Shift-");
    }
    label + &key
}

/// One line of the help overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum HelpLine {
    /// Where the keys below it apply.
    Heading(&'static str),
    /// The chords of one binding (as [`chord_label`] writes them) and what they do.
    Binding {
        /// The chords, space-separated.
        keys: String,
        /// What they do.
        help: &'static str,
    },
}

/// The order of the help overlay's key sections.
const HELP_SCOPES: [Scope; 7] = [
    Everywhere,
    Typing,
    Explorer,
    Panes,
    Browsing,
    InView,
    ViewBrowsing,
];

/// The help overlay's lines, in order: a heading per scope, then one line per binding, then the
/// query syntax and the mouse.
pub(crate) fn help_lines() -> Vec<HelpLine> {
    let binding = |b: &Binding| HelpLine::Binding {
        keys: b.keys.iter().map(chord_label).collect::<Vec<_>>().join(" "),
        help: b.help,
    };
    let mut out = Vec::new();
    for scope in HELP_SCOPES {
        out.push(HelpLine::Heading(scope.heading()));
        for b in KEYMAP.iter().filter(|b| b.scope.help_section() == scope) {
            // A binding without help text pairs with the one before it (`[ ]  back / forward`),
            // so the help keeps to one screen at 120x40.
            match (b.help, out.last_mut()) {
                ("", Some(HelpLine::Binding { keys, .. })) => {
                    for chord in b.keys {
                        keys.push(' ');
                        keys.push_str(&chord_label(chord));
                    }
                }
                _ => out.push(binding(b)),
            }
        }
    }
    out.push(HelpLine::Heading("Query (fzf syntax)"));
    out.extend(QUERY_HELP.iter().map(|&(keys, help)| HelpLine::Binding {
        keys: keys.to_string(),
        help,
    }));
    out.push(HelpLine::Heading("Mouse"));
    out.extend(MOUSE_HELP.iter().map(|&(keys, help)| HelpLine::Binding {
        keys: keys.to_string(),
        help,
    }));
    out
}

/// The query syntax, as the help overlay lists it (the parser is `search/query.rs`).
const QUERY_HELP: &[(&str, &str)] = &[
    ("trn3  a b", "fuzzy (letters in order); terms all match"),
    ("'x ^x x$", "exact; starts with; ends with"),
    ("!x  @chip", "exclude; only this kind (plurals too)"),
    ("amount>10b", "over $10B (k m b t); year:2025; date<2026"),
    ("status:talks", "party:x has:amount attr:k>5 too; ! negates"),
];

/// What the mouse does, as the help overlay lists it.
const MOUSE_HELP: &[(&str, &str)] = &[
    ("click", "select (a tab: filter; a crumb: go back)"),
    ("double-click", "open result / follow relation"),
    ("wheel", "scroll the pane under the pointer"),
];

#[cfg(test)]
mod tests {
    use super::*;

    const SEARCH: KeyContext = KeyContext {
        in_view: false,
        typing: true,
        partners: false,
    };
    const PANES: KeyContext = KeyContext {
        in_view: false,
        typing: false,
        partners: false,
    };
    const VIEW: KeyContext = KeyContext {
        in_view: true,
        typing: false,
        partners: false,
    };

    fn press(c: char, cx: KeyContext) -> Option<Action> {
        action_for(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), cx)
    }

    #[test]
    fn letters_type_in_the_search_line_and_command_elsewhere() {
        assert_eq!(press('n', SEARCH), Some(Action::Insert('n')));
        assert_eq!(press('n', PANES), Some(Action::OpenNeighbourhood));
        assert_eq!(press('n', VIEW), Some(Action::OpenNeighbourhood));
    }

    #[test]
    fn a_letter_that_is_no_command_starts_a_search() {
        for cx in [PANES, VIEW] {
            assert_eq!(
                press('b', cx),
                Some(Action::StartSearch {
                    typed: 'b',
                    after: None
                })
            );
        }
    }

    #[test]
    fn view_bindings_win_inside_views() {
        assert_eq!(press('q', VIEW), Some(Action::CloseView));
        assert_eq!(press('q', PANES), Some(Action::Quit));
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(action_for(esc, VIEW), Some(Action::CloseView));
        assert_eq!(action_for(esc, SEARCH), Some(Action::Escape));
    }

    #[test]
    fn keys_bound_nowhere_here_are_reported() {
        let f9 = KeyEvent::new(KeyCode::F(9), KeyModifiers::NONE);
        assert_eq!(
            action_for(f9, PANES),
            Some(Action::Unbound(Chord {
                code: KeyCode::F(9),
                mods: KeyModifiers::NONE
            }))
        );
        let shift = KeyEvent::new(
            KeyCode::Modifier(ratatui::crossterm::event::ModifierKeyCode::LeftShift),
            KeyModifiers::SHIFT,
        );
        assert_eq!(action_for(shift, PANES), None);
    }

    #[test]
    fn half_pages_outside_the_search_line_clear_inside_it() {
        let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(action_for(ctrl_u, SEARCH), Some(Action::ClearQuery));
        assert_eq!(action_for(ctrl_u, PANES), Some(Action::HalfPageUp));
    }

    #[test]
    fn every_scope_has_a_help_section_and_every_binding_is_listed() {
        let lines = help_lines();
        let listed = lines
            .iter()
            .filter(|l| matches!(l, HelpLine::Binding { .. }))
            .count();
        let paired = KEYMAP.iter().filter(|b| b.help.is_empty()).count();
        assert_eq!(
            listed,
            KEYMAP.len() - paired + QUERY_HELP.len() + MOUSE_HELP.len()
        );
        for b in KEYMAP {
            assert!(
                HELP_SCOPES.contains(&b.scope.help_section()),
                "{:?} has no heading",
                b.scope
            );
        }
    }
}
