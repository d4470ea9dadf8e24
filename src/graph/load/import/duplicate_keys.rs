//! Keys given twice in one object of a parsed import document or line (`{"id":"a","id":"b"}`),
//! each with the byte offset where it stands, so the importers can warn about the value they
//! drop. It only finds them; the sink words and locates the warning.

use super::json::Json;

/// Every key repeated within one object anywhere in `value`, with its byte offset in `text`
/// (the repeated occurrence's opening quote). A key written with escapes is not borrowed from
/// the text, so it is placed at the nearest position known before it (at least `near`).
pub(crate) fn find(text: &str, value: &Json<'_>, near: usize) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    walk(text, value, near, &mut out);
    out
}

fn walk(text: &str, value: &Json<'_>, mut near: usize, out: &mut Vec<(String, usize)>) {
    match value {
        Json::Arr(items) => {
            for item in items {
                walk(text, item, near, out);
            }
        }
        Json::Obj(fields) => {
            // Objects hold few keys: a scan of the keys before beats hashing, except in the rare
            // object with many (a hostile one with thousands would make the scan quadratic).
            let mut seen = (fields.len() > 32).then(std::collections::HashSet::new);
            for (i, (key, v)) in fields.iter().enumerate() {
                if let Some(at) = offset_in(text, key) {
                    near = at;
                }
                let repeated = match &mut seen {
                    Some(seen) => !seen.insert(key.as_ref()),
                    None => fields[..i].iter().any(|(k, _)| k == key),
                };
                if repeated {
                    out.push((key.to_string(), near));
                }
                walk(text, v, near, out);
            }
        }
        _ => {}
    }
}

/// The offset of a key's opening quote when the key borrows from `text`.
fn offset_in(text: &str, key: &str) -> Option<usize> {
    let start = text.as_ptr() as usize;
    let at = key.as_ptr() as usize;
    (at > start && at + key.len() <= start + text.len()).then(|| at - start - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::load::import::json;

    #[test]
    fn repeated_keys_are_found_at_the_repeat_at_any_depth() {
        let text = "{\"id\":\"a\",\"x\":{\"k\":1,\"k\":2},\n\"id\":\"b\"}";
        let value = json::parse(text).unwrap();
        let found = find(text, &value, 0);
        assert_eq!(
            found,
            [("k".to_string(), 21), ("id".to_string(), 29)],
            "{found:?}"
        );
        assert_eq!(&text[21..24], "\"k\"");
        assert_eq!(&text[29..33], "\"id\"");
        let plain = r#"{"id":"a","x":[{"id":1},{"id":2}]}"#;
        assert!(find(plain, &json::parse(plain).unwrap(), 0).is_empty());
        let many: Vec<String> = (0..40).chain([7]).map(|i| format!("\"k{i}\":0")).collect();
        let wide = format!("{{{}}}", many.join(","));
        let found = find(&wide, &json::parse(&wide).unwrap(), 0);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "k7");
        assert!(wide[found[0].1..].starts_with("\"k7\":0}"));
    }
}
