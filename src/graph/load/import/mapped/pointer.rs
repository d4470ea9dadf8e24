//! Paths into a JSON document as a MAP writes them: a JSON pointer (RFC 6901, `/data/companies`,
//! `~1` for `/` and `~0` for `~` inside a key) or a dotted path (`data.companies`); in both, a
//! number steps into an array. The empty string and `/` name the document itself. What it does
//! not do: wildcards or filters (a MAP names one place).

use std::borrow::Cow;

use super::super::json::Json;

/// A parsed path: its steps, and the text it was written as (for messages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pointer {
    pub steps: Vec<String>,
    pub text: String,
}

impl Pointer {
    /// Reads `text` as a JSON pointer when it starts with `/`, else as a dotted path.
    pub(crate) fn parse(text: &str) -> Pointer {
        let steps = if text.is_empty() || text == "/" {
            Vec::new()
        } else if let Some(rest) = text.strip_prefix('/') {
            rest.split('/')
                .map(|s| s.replace("~1", "/").replace("~0", "~"))
                .collect()
        } else {
            text.split('.').map(str::to_owned).collect()
        };
        Pointer {
            steps,
            text: text.to_string(),
        }
    }

    /// The value the path leads to from `root`, if every step exists.
    pub(crate) fn find<'j, 't>(&self, root: &'j Json<'t>) -> Option<&'j Json<'t>> {
        let mut at = root;
        for step in &self.steps {
            at = match at {
                Json::Obj(fields) => fields.iter().find(|(k, _)| k == step).map(|(_, v)| v)?,
                Json::Arr(items) => items.get(step.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(at)
    }

    /// The path as a JSON pointer, whatever syntax it was written in.
    pub(crate) fn as_pointer(&self) -> String {
        pointer_of(self.steps.iter().map(|s| Cow::Borrowed(s.as_str())))
    }
}

/// Steps written as a JSON pointer (`/` for none).
pub(crate) fn pointer_of<'s>(steps: impl Iterator<Item = Cow<'s, str>>) -> String {
    let mut out = String::new();
    for step in steps {
        out.push('/');
        out.push_str(&step.replace('~', "~0").replace('/', "~1"));
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// Every array of objects in `root` outside other arrays (and every object whose values are all
/// objects, keyed records), with its pointer and how many records it holds, largest first.
pub(crate) fn record_lists(root: &Json<'_>) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut path: Vec<Cow<'_, str>> = Vec::new();
    walk(root, &mut path, &mut out, 0);
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// How deep [`record_lists`] looks: MAP targets sit near the top of a document.
const MAX_DEPTH: usize = 8;

fn walk<'t>(
    v: &Json<'t>,
    path: &mut Vec<Cow<'t, str>>,
    out: &mut Vec<(String, usize)>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Json::Arr(items) => {
            let objects = items.iter().filter(|i| matches!(i, Json::Obj(_))).count();
            // Lists inside records (a company's funding rounds) are the records' business:
            // a MAP reaches them through a link, so they are not offered as record lists.
            if objects > 0 && objects * 2 >= items.len() {
                out.push((pointer_of(path.iter().cloned()), objects));
            }
        }
        Json::Obj(fields) => {
            let keyed = fields.len() >= 2 && fields.iter().all(|(_, v)| matches!(v, Json::Obj(_)));
            if keyed {
                out.push((pointer_of(path.iter().cloned()), fields.len()));
            }
            for (k, v) in fields {
                path.push(k.clone());
                walk(v, path, out, depth + 1);
                path.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::load::import::json::parse;

    #[test]
    fn pointers_and_dotted_paths_find_the_same_place() {
        let doc = parse(r#"{"data":{"a/b":[{"x":1},{"x":2}],"list":[{"y":3}]}}"#).unwrap();
        let by_pointer = Pointer::parse("/data/a~1b/1/x");
        let dotted = Pointer::parse("data.list.0.y");
        assert_eq!(by_pointer.find(&doc), Some(&Json::Num(2.into())));
        assert_eq!(dotted.find(&doc), Some(&Json::Num(3.into())));
        assert_eq!(Pointer::parse("").find(&doc), Some(&doc));
        assert_eq!(Pointer::parse("/data/nothing").find(&doc), None);
        assert_eq!(Pointer::parse("data.a/b").as_pointer(), "/data/a~1b");
    }

    #[test]
    fn record_lists_are_found_largest_first() {
        let doc = parse(
            r#"{"meta":{"n":1},"data":{"companies":[{"id":1},{"id":2},{"id":3}],
                "people":[{"id":"p"}]},"tags":["a","b"]}"#,
        )
        .unwrap();
        assert_eq!(
            record_lists(&doc),
            [
                ("/data/companies".to_string(), 3),
                ("/data/people".to_string(), 1)
            ]
        );
    }
}
