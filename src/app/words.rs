//! From a key press to an [`Action`], with what the previous key left behind: the key map's
//! lookup for where the user is ([`App::key_context`]), and the rule that keeps a word typed
//! into a pane whole. In a pane letters are commands; a letter that is not a command starts a
//! search. When a command letter is followed at once by a letter that is no command there, the
//! two are read as the start of a word: `nvidia` typed on the results opens the neighbourhood
//! (`n`), then `v` closes it again and searches `nv`, so a burst of letters runs at most one
//! command and never a chain. The same holds when the second letter is a command too (`intel`:
//! `i` opens the overview, then `n` searches `in`), for the commands a word could start by
//! mistake ([`Action::may_start_a_word`]); moves (`j`, `k`) chain as they always did. `q` asks
//! once before quitting, so `qualcomm` searches too.
//!
//! What this file does not do: apply the action (that is `update`).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::keymap::{self, KeyContext};
use super::{Action, App, Focus, View};

impl App {
    /// Where the user is, as the key map needs it.
    pub(crate) fn key_context(&self) -> KeyContext {
        let typing = self.date_prompt.is_some()
            || match self.view {
                View::Explore => self.focus == Focus::Search,
                // The path picker, the timeline's filter or year.
                _ => super::views::typing(self),
            };
        KeyContext {
            in_view: self.view != View::Explore,
            typing,
            partners: self.focus == Focus::Relations
                && self.relations.grouping == super::Grouping::Partners,
        }
    }

    /// The action a key press means now. Over the help overlay the scrolling keys scroll it and
    /// any other key closes it.
    pub fn action_for_key(&mut self, event: KeyEvent) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let previous = self.keys.command_letter.take();
        if self.help.shown {
            let browsing = KeyContext {
                in_view: false,
                typing: false,
                partners: false,
            };
            return keymap::action_for(event, browsing).or(Some(Action::ToggleHelp));
        }
        let cx = self.key_context();
        let action = keymap::action_for(event, cx)?;
        if let Action::StartSearch { typed, .. } = action {
            return Some(Action::StartSearch {
                typed,
                after: previous,
            });
        }
        if cx.typing {
            return Some(action);
        }
        let letter = plain_letter(event);
        // A second word-like command letter right after one (`in` of `intel`: `i` opened the
        // overview, `n` would open the neighbourhood) is the word going on, not a chain.
        if let (Some(p), Some(c)) = (previous, letter)
            && p != c
            && c.is_lowercase()
            && action.may_start_a_word()
        {
            return Some(Action::StartSearch {
                typed: c,
                after: Some(p),
            });
        }
        self.keys.command_letter = letter.filter(|_| action.may_start_a_word());
        Some(action)
    }
}

/// The letter a key press types, when it is a letter without Ctrl or Alt.
fn plain_letter(event: KeyEvent) -> Option<char> {
    match event.code {
        KeyCode::Char(c)
            if c.is_alphabetic()
                && !event
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    }
}
