//! What the user can ask the explorer to do: the [`Action`]s that [`super::update`] applies, and
//! the [`Effect`]s it hands back for the terminal layer to carry out.

/// One thing the user asked for. Keys become actions through [`super::keymap`]; mouse events
/// become actions in the terminal layer. Applying an action is [`super::update`]'s job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Type a character into the query at the cursor.
    Insert(char),
    /// Delete the character before the cursor.
    DeleteBack,
    /// Delete the character under the cursor.
    DeleteForward,
    /// Delete the word before the cursor (Ctrl-w).
    DeleteWord,
    /// Clear the whole query (Ctrl-u).
    ClearQuery,
    /// Move the query cursor one character left.
    CursorLeft,
    /// Move the query cursor one character right.
    CursorRight,
    /// Clear a non-empty query; otherwise leave the search line (or the relations pane).
    Escape,
    /// Focus the search line.
    FocusSearch,
    /// Cycle focus forward: search → results → relations.
    FocusNext,
    /// Cycle focus backward: relations → results → search.
    FocusPrev,
    /// Move the selection up one row in the focused list.
    MoveUp,
    /// Move the selection down one row in the focused list.
    MoveDown,
    /// Move the selection up one page.
    PageUp,
    /// Move the selection down one page.
    PageDown,
    /// Select the first row.
    Top,
    /// Select the last row.
    Bottom,
    /// Open the selected result, or follow the selected relation.
    Activate,
    /// Go back in the history.
    Back,
    /// Go forward in the history.
    Forward,
    /// Cycle the kind filter: all · company · chip · cloud · deal · other.
    CycleKind,
    /// Copy the highlighted entity's id to the clipboard (OSC 52): on the relations pane the
    /// highlighted relation's other end, elsewhere the shown entity.
    CopyId,
    /// Copy the highlighted entity's name to the clipboard (OSC 52), as [`Action::CopyId`].
    CopyName,
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Leave the explorer, asking once first (`q`): a second `Quit` right after quits.
    Quit,
    /// Leave the explorer at once (Ctrl-c).
    QuitNow,
    /// A letter that is not a command where the user is (a pane or a view): leave the view,
    /// focus the search line and search for the letter. `after` is the command letter pressed
    /// just before it, if any: the two together are the start of a word typed into a pane, so
    /// that command is undone where it can be (a view it opened closes) and the search starts
    /// with both letters (`app/words.rs`).
    StartSearch {
        /// The letter typed.
        typed: char,
        /// A letter typed at once after it, when the pair starts a word.
        after: Option<char>,
    },
    /// A key bound to nothing where the user is: the status line says so and points to help.
    Unbound(super::keymap::Chord),
    /// Scroll the detail pane by this many lines (negative: up), from anywhere in the explorer
    /// (Shift-↓ Shift-↑). The pane shows `▼ N more lines` while
    /// it is cut; drawing stops at its last line.
    ScrollDetail(i8),
    /// Move the selection up half a page (Ctrl-u outside the search line).
    HalfPageUp,
    /// Move the selection down half a page (Ctrl-d).
    HalfPageDown,
    /// Hand the terminal back and stop, as Ctrl-z does in a shell; `fg` resumes.
    Suspend,
    /// Read the graph file again, keeping the user's place by entity id.
    Reload,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// A mouse click at a column and row; `double` for a double click.
    Click {
        /// Column, from 0.
        col: u16,
        /// Row, from 0.
        row: u16,
        /// True for the second click of a double click.
        double: bool,
    },
    /// The mouse wheel turned over a column and row: negative scrolls up.
    Scroll {
        /// Column, from 0.
        col: u16,
        /// Row, from 0.
        row: u16,
        /// Rows to move: negative up, positive down.
        delta: i8,
    },
    /// Open the path view: pick a target, then see how the shown entity connects to it.
    OpenPaths,
    /// Open the neighbourhood picture of the shown entity.
    OpenNeighbourhood,
    /// Open the deal timeline.
    OpenTimeline,
    /// Open the list of circular money flows.
    OpenCycles,
    /// Open the overview of the graph: kinds, relation types, attributes, shape, data quality.
    OpenOverview,
    /// Leave a relationship view, back to the explorer.
    CloseView,
    /// Move to the column on the left (neighbourhood picture).
    MoveLeft,
    /// Move to the column on the right (neighbourhood picture).
    MoveRight,
    /// Switch the neighbourhood picture between one and two hops.
    ToggleHops,
    /// Open the as-of date prompt (`a`): Enter sets the date, an empty date clears it.
    OpenDatePrompt,
    /// Move the as-of date by this many months (the timeline's ← →, Shift for a year).
    ShiftAsOf {
        /// Months to move: negative moves back.
        months: i8,
    },
    /// Switch the relations pane and the neighbourhood picture between relations and partners.
    ToggleGrouping,
    /// Partners grouping: list the selected partner's deals.
    ExpandPartner,
    /// Partners grouping: fold the selected partner's deals away.
    CollapsePartner,
    /// Rings view: rings of one more party (up to four).
    MoreParties,
    /// Rings view: rings of one party fewer (down to two).
    FewerParties,
    /// Mark the shown entity for comparison, or compare the marked one with it.
    Compare,
    /// Timeline: the next order of the deals (date ↑, date ↓, amount ↓).
    CycleSort,
    /// Timeline: type a filter by party or name (`/`).
    FilterList,
    /// Timeline: type a year to jump to (`:`).
    JumpToYear,
}

impl Action {
    /// True for the commands a letter runs that a word's first letter could run by mistake
    /// (opening a view, reloading, copying, quitting): a second such letter right after one is
    /// read as typing a word (`app/words.rs`), so a burst of letters never runs a chain of them.
    /// Moves (`j`, `k`, `g`, ...) are not: `jn` is a move, then the neighbourhood.
    pub(crate) fn may_start_a_word(self) -> bool {
        match self {
            Action::OpenPaths
            | Action::OpenNeighbourhood
            | Action::OpenTimeline
            | Action::OpenCycles
            | Action::OpenOverview
            | Action::OpenDatePrompt
            | Action::Reload
            | Action::CopyId
            | Action::CopyName
            | Action::Quit => true,
            Action::Insert(_)
            | Action::DeleteBack
            | Action::DeleteForward
            | Action::DeleteWord
            | Action::ClearQuery
            | Action::CursorLeft
            | Action::CursorRight
            | Action::Escape
            | Action::FocusSearch
            | Action::FocusNext
            | Action::FocusPrev
            | Action::MoveUp
            | Action::MoveDown
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
            | Action::Activate
            | Action::Back
            | Action::Forward
            | Action::CycleKind
            | Action::ToggleHelp
            | Action::QuitNow
            | Action::StartSearch { .. }
            | Action::Unbound(_)
            | Action::HalfPageUp
            | Action::HalfPageDown
            | Action::ScrollDetail(_)
            | Action::Suspend
            | Action::Resize(..)
            | Action::Click { .. }
            | Action::Scroll { .. }
            | Action::CloseView
            | Action::MoveLeft
            | Action::MoveRight
            | Action::ShiftAsOf { .. }
            | Action::ToggleHops
            | Action::ToggleGrouping
            | Action::ExpandPartner
            | Action::CollapsePartner
            | Action::MoreParties
            | Action::FewerParties
            | Action::Compare
            | Action::CycleSort
            | Action::FilterList
            | Action::JumpToYear => false,
        }
    }
}

/// Something [`super::update`] asks the terminal layer to do, since it does no I/O itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Nothing to do beyond redrawing.
    None,
    /// Restore the terminal and exit.
    Quit,
    /// Restore the terminal, stop the process, and re-enter the terminal once continued.
    Suspend,
    /// Read the graph file again and hand the result to [`super::App::apply_reload`].
    Reload,
    /// Put this text on the clipboard with OSC 52.
    Copy(String),
}
