//! The loader's error messages, pinned: each bad fixture gets its exact message and `line:column`.
//! The excerpt kgx prints under each located problem (the line and a caret) is checked by
//! `excerpts_show_the_line_and_a_caret_under_the_column` and left out of the pinned messages.
//!
//! Regenerating by hand is deliberate: a change to a message should be looked at, not rubber-stamped.

use assert_cmd::Command;

fn check(file: &str, extra: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("kgx")
        .unwrap()
        .arg("check")
        .arg(format!("tests/fixtures/bad/{file}"))
        .args(extra)
        .timeout(std::time::Duration::from_secs(10))
        .output()
        .unwrap();
    assert!(
        out.stdout.is_empty(),
        "{file}: nothing on stdout for an invalid file"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    (out.status.code().unwrap_or(-1), without_excerpts(&stderr))
}

/// `text` without the excerpt lines (`   |`, `20 |       "to": …`, `   |             ^`).
fn without_excerpts(text: &str) -> String {
    let is_excerpt = |l: &str| {
        let gutter = l.split(" |").next().unwrap_or("");
        l.contains(" |") && gutter.trim().chars().all(|c| c.is_ascii_digit())
    };
    let kept: Vec<&str> = text.lines().filter(|l| !is_excerpt(l)).collect();
    let mut out = kept.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[test]
fn excerpts_show_the_line_and_a_caret_under_the_column() {
    let stderr = |file: &str| {
        let out = Command::cargo_bin("kgx")
            .unwrap()
            .args(["check", &format!("tests/fixtures/bad/{file}")])
            .output()
            .unwrap();
        String::from_utf8(out.stderr).unwrap()
    };
    assert_eq!(
        stderr("truncated.json"),
        "kgx: error: tests/fixtures/bad/truncated.json:11:21: the file ends too early (EOF while parsing a string)\n   |\n11 |       \"name\": \"Amazon\n   |                     ^\n  hint: the JSON is truncated: a closing bracket or brace is missing\n"
    );
    assert_eq!(
        stderr("dangling-to.json"),
        "kgx: error: tests/fixtures/bad/dangling-to.json: the graph is not valid (1 problem)\ntests/fixtures/bad/dangling-to.json:20:13: relations[0].to: 'to' refers to unknown entity 'opnai'\n   |\n20 |       \"to\": \"opnai\",\n   |             ^\n  hint: did you mean 'openai'?\n"
    );
    // Standard input cannot be read again: the message stands alone.
    let out = Command::cargo_bin("kgx")
        .unwrap()
        .args(["check", "-"])
        .write_stdin(std::fs::read("tests/fixtures/bad/dangling-to.json").unwrap())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(!text.contains(" | "), "{text}");
    assert!(text.contains("<stdin>:20:13: relations[0].to"), "{text}");
}

#[test]
fn attr_not_scalar_json() {
    let (code, stderr) = check("attr-not-scalar.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/attr-not-scalar.json:9:10: entities[0].attrs: expected a string, number, boolean or null (attribute values are scalars), found an object\n"
    );
}

#[test]
fn binary_garbage_bin() {
    let (code, stderr) = check("binary-garbage.bin", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/binary-garbage.bin:1:8: the file is not valid UTF-8 text (byte 7)\n  hint: kgx reads JSON encoded as UTF-8; is this a binary file?\n"
    );
}

#[test]
fn comment_json() {
    let (code, stderr) = check("comment.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/comment.json:2:3: object keys must be strings in double quotes\n"
    );
}

#[test]
fn dangling_from_json() {
    let (code, stderr) = check("dangling-from.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/dangling-from.json: the graph is not valid (1 problem)\ntests/fixtures/bad/dangling-from.json:19:15: relations[0].from: 'from' refers to unknown entity 'zzzz'\n"
    );
}

#[test]
fn dangling_to_json() {
    let (code, stderr) = check("dangling-to.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/dangling-to.json: the graph is not valid (1 problem)\ntests/fixtures/bad/dangling-to.json:20:13: relations[0].to: 'to' refers to unknown entity 'opnai'\n  hint: did you mean 'openai'?\n"
    );
}

#[test]
fn deeply_nested_json() {
    let (code, stderr) = check("deeply-nested.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/deeply-nested.json:1:14: entities[0]: expected an entity object, found an array\n"
    );
}

/// Valid without `--strict` (an unknown top-level field is a warning); with it, the unknown
/// field is located at its key, however deep the value below it nests.
#[test]
fn deeply_nested_unknown_field_json() {
    let (code, stderr) = check("deeply-nested-unknown-field.json", &["--strict"]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/deeply-nested-unknown-field.json: the graph is not valid (1 problem)\ntests/fixtures/bad/deeply-nested-unknown-field.json:1:27: extra: unknown field 'extra'\n"
    );
}

#[test]
fn duplicate_id_json() {
    let (code, stderr) = check("duplicate-id.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/duplicate-id.json: the graph is not valid (1 problem)\ntests/fixtures/bad/duplicate-id.json:22:13: entities[3].id: duplicate id 'openai' (first at line 4, entities[0].id)\n  hint: ids must be unique; rename one of them\n"
    );
}

#[test]
fn empty_id_json() {
    let (code, stderr) = check("empty-id.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/empty-id.json: the graph is not valid (1 problem)\ntests/fixtures/bad/empty-id.json:9:13: entities[1].id: 'id' must not be empty\n"
    );
}

#[test]
fn empty_json() {
    let (code, stderr) = check("empty.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/empty.json:1:1: the file is empty\n  hint: a kgx graph is a JSON object with an \"entities\" array\n"
    );
}

#[test]
fn entities_not_array_json() {
    let (code, stderr) = check("entities-not-array.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/entities-not-array.json:2:15: entities: expected an array, found an object\n"
    );
}

#[test]
fn id_is_number_json() {
    let (code, stderr) = check("id-is-number.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/id-is-number.json:3:13: entities[0].id: expected a string, found the number 12\n"
    );
}

#[test]
fn invalid_utf8_json() {
    let (code, stderr) = check("invalid-utf8.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/invalid-utf8.json:2:14: the file is not valid UTF-8 text (byte 28)\n  hint: kgx reads JSON encoded as UTF-8; is this a binary file?\n"
    );
}

#[test]
fn many_errors_json() {
    let (code, stderr) = check("many-errors.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/many-errors.json: the graph is not valid (30 problems)\ntests/fixtures/bad/many-errors.json:20:13: relations[0].to: 'to' refers to unknown entity 'missing-0'\ntests/fixtures/bad/many-errors.json:25:13: relations[1].to: 'to' refers to unknown entity 'missing-1'\ntests/fixtures/bad/many-errors.json:30:13: relations[2].to: 'to' refers to unknown entity 'missing-2'\ntests/fixtures/bad/many-errors.json:35:13: relations[3].to: 'to' refers to unknown entity 'missing-3'\ntests/fixtures/bad/many-errors.json:40:13: relations[4].to: 'to' refers to unknown entity 'missing-4'\ntests/fixtures/bad/many-errors.json:45:13: relations[5].to: 'to' refers to unknown entity 'missing-5'\ntests/fixtures/bad/many-errors.json:50:13: relations[6].to: 'to' refers to unknown entity 'missing-6'\ntests/fixtures/bad/many-errors.json:55:13: relations[7].to: 'to' refers to unknown entity 'missing-7'\ntests/fixtures/bad/many-errors.json:60:13: relations[8].to: 'to' refers to unknown entity 'missing-8'\ntests/fixtures/bad/many-errors.json:65:13: relations[9].to: 'to' refers to unknown entity 'missing-9'\ntests/fixtures/bad/many-errors.json:70:13: relations[10].to: 'to' refers to unknown entity 'missing-10'\ntests/fixtures/bad/many-errors.json:75:13: relations[11].to: 'to' refers to unknown entity 'missing-11'\ntests/fixtures/bad/many-errors.json:80:13: relations[12].to: 'to' refers to unknown entity 'missing-12'\ntests/fixtures/bad/many-errors.json:85:13: relations[13].to: 'to' refers to unknown entity 'missing-13'\ntests/fixtures/bad/many-errors.json:90:13: relations[14].to: 'to' refers to unknown entity 'missing-14'\ntests/fixtures/bad/many-errors.json:95:13: relations[15].to: 'to' refers to unknown entity 'missing-15'\ntests/fixtures/bad/many-errors.json:100:13: relations[16].to: 'to' refers to unknown entity 'missing-16'\ntests/fixtures/bad/many-errors.json:105:13: relations[17].to: 'to' refers to unknown entity 'missing-17'\ntests/fixtures/bad/many-errors.json:110:13: relations[18].to: 'to' refers to unknown entity 'missing-18'\ntests/fixtures/bad/many-errors.json:115:13: relations[19].to: 'to' refers to unknown entity 'missing-19'\n... and 10 more\n"
    );
}

#[test]
fn missing_name_json() {
    let (code, stderr) = check("missing-name.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/missing-name.json: the graph is not valid (1 problem)\ntests/fixtures/bad/missing-name.json:8:5: entities[1]: missing required field 'name'\n  hint: every entity needs \"id\", \"kind\" and \"name\" (this is 'aws')\n"
    );
}

#[test]
fn name_wrong_type_json() {
    let (code, stderr) = check("name-wrong-type.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/name-wrong-type.json:11:15: entities[1].name: expected a string, found the number 5\n"
    );
}

#[test]
fn no_entities_json() {
    let (code, stderr) = check("no-entities.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/no-entities.json:1:1: the file has no \"entities\" array\n  hint: a kgx graph is an object like {\"entities\": [...], \"relations\": [...]}; node-link (networkx, D3) and Cytoscape.js files are also read\n"
    );
}

#[test]
fn not_json_txt() {
    let (code, stderr) = check("not-json.txt", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/not-json.txt:1:1: this is not valid JSON (expected a value)\n  hint: check for a missing quote, a stray character, or a comment\n"
    );
}

#[test]
fn relation_missing_type_json() {
    let (code, stderr) = check("relation-missing-type.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/relation-missing-type.json: the graph is not valid (1 problem)\ntests/fixtures/bad/relation-missing-type.json:18:5: relations[0]: missing required field 'type'\n  hint: every relation needs \"from\", \"to\" and \"type\"\n"
    );
}

#[test]
fn relations_not_array_json() {
    let (code, stderr) = check("relations-not-array.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/relations-not-array.json:3:21: relations: expected an array, found the string \"none\"\n"
    );
}

#[test]
fn top_level_array_json() {
    let (code, stderr) = check("top-level-array.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/top-level-array.json: the graph is not valid (1 problem)\ntests/fixtures/bad/top-level-array.json:2:3: [0]: the element has no 'data' object\n  hint: Cytoscape.js elements look like {\"data\": {\"id\": \"a\"}}\n"
    );
}

#[test]
fn trailing_comma_json() {
    let (code, stderr) = check("trailing-comma.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/trailing-comma.json:4:3: trailing comma\n  hint: JSON does not allow a comma before ] or }\n"
    );
}

#[test]
fn truncated_json() {
    let (code, stderr) = check("truncated.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/truncated.json:11:21: the file ends too early (EOF while parsing a string)\n  hint: the JSON is truncated: a closing bracket or brace is missing\n"
    );
}

#[test]
fn two_documents_json() {
    let (code, stderr) = check("two-documents.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/two-documents.json:2:1: unexpected text after the end of the JSON value\n  hint: a file holds one JSON object; is something appended?\n"
    );
}

#[test]
fn unknown_field_json() {
    let (code, stderr) = check("unknown-field.json", &["--strict"]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/unknown-field.json: the graph is not valid (1 problem)\ntests/fixtures/bad/unknown-field.json:7:17: entities[0].sumary: unknown field 'sumary'\n  hint: did you mean 'summary'?\n"
    );
}

#[test]
fn whitespace_only_json() {
    let (code, stderr) = check("whitespace-only.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/whitespace-only.json:1:1: the file contains only whitespace\n  hint: a kgx graph is a JSON object with an \"entities\" array\n"
    );
}

/// Found by `cargo fuzz run load`: two problems on the same JSON path left the first unlocated.
#[test]
fn fuzz_crash_relation_missing_two_fields() {
    let (code, stderr) = check("fuzz-crash-relation-missing-two-fields.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json: the graph is not valid (19 problems)\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:20:13: relations[0].to: 'to' refers to unknown entity 'missing-0'\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:25:13: relations[1].to: 'to' refers to unknown entity 'missing-1'\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:28:5: relations[2]: missing required fields 'from', 'to' and 'type'\n  hint: every relation needs \"from\", \"to\" and \"type\"\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:32:13: relations[3].to: 'to' refers to unknown entity 'missing-14'\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:37:13: relations[4].to: 'to' refers to unknown entity 'missing-15'\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:42:13: relations[5].to: 'to' refers to unknown entity 'missing-16'\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:47:13: relations[6].to: 'to' refers to unknown entity 'missing-17'\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:52:13: relations[7].to: 'to' refers to unknown entity 'missing-18'\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:57:13: relations[8].to: 'to' refers to unknown entity 'missing-19'\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:62:13: relations[9].to: 'to' refers to unknown entity 'missing-20'\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:67:13: relations[10].to: 'to' refers to unknown entity 'missing-21'\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:72:13: relations[11].to: 'to' refers to unknown entity 'missing-22'\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:77:13: relations[12].to: 'to' refers to unknown entity 'missing-23'\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:82:13: relations[13].to: 'to' refers to unknown entity 'missing-24'\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:87:13: relations[14].to: 'to' refers to unknown entity 'missing-25'\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:92:13: relations[15].to: 'to' refers to unknown entity 'missing-26'\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:97:13: relations[16].to: 'to' refers to unknown entity 'missing-27'\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:102:13: relations[17].to: 'to' refers to unknown entity 'missing-28'\ntests/fixtures/bad/fuzz-crash-relation-missing-two-fields.json:107:13: relations[18].to: 'to' refers to unknown entity 'missing-29'\n"
    );
}

/// Found by `cargo fuzz run load`: a problem about an absent field (`sources[0].id`) had no
/// location; it is now placed at the enclosing object.
#[test]
fn fuzz_crash_source_without_id() {
    let (code, stderr) = check("fuzz-crash-source-without-id.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "kgx: error: tests/fixtures/bad/fuzz-crash-source-without-id.json: the graph is not valid (1 problem)\ntests/fixtures/bad/fuzz-crash-source-without-id.json:42:5: sources[0].id: a source needs a non-empty 'id'\n"
    );
}

/// Every file in `tests/fixtures/bad/` has its message pinned above.
#[test]
fn every_bad_fixture_has_a_pinned_message() {
    let source = include_str!("loader_fixtures.rs");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            source.contains(&format!("check(\"{name}\"")),
            "tests/fixtures/bad/{name} has no test here"
        );
    }
}
