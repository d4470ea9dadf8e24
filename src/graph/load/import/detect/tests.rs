use super::*;

fn format_of(text: &str) -> Result<(Format, bool), NotAGraph> {
    detect(text, None).map(|d| (d.format, d.lines))
}

#[test]
fn shapes_are_told_apart() {
    let cases: &[(&str, Format, bool)] = &[
        (r#"{"entities": []}"#, Format::Native, false),
        (
            r#"{"title": "x", "relations": [], "entities": []}"#,
            Format::Native,
            false,
        ),
        (r#"{"entities": {"Q42": {}}}"#, Format::Wikidata, false),
        (
            r#"{"nodes": [{"id": 1}], "links": []}"#,
            Format::NodeLink,
            false,
        ),
        (
            r#"{"nodes": [{"data": {"id": 1}}], "edges": []}"#,
            Format::Cytoscape,
            false,
        ),
        (
            r#"{"nodes": [{"key": "a"}], "edges": []}"#,
            Format::Graphology,
            false,
        ),
        (
            r#"{"attributes": {}, "nodes": [], "edges": []}"#,
            Format::Graphology,
            false,
        ),
        (r#"{"nodes": [], "rels": []}"#, Format::Apoc, false),
        (r#"{"nodes": {}, "rels": {}}"#, Format::Apoc, false),
        (
            r#"{"mode": "NORMAL", "vertices": [], "edges": []}"#,
            Format::GraphSon,
            false,
        ),
        (
            r#"{"@type": "tinker:graph", "@value": {}}"#,
            Format::GraphSon,
            false,
        ),
        (r#"{"@context": {}, "@graph": []}"#, Format::JsonLd, false),
        (r#"{"@id": "x", "name": "X"}"#, Format::JsonLd, false),
        (
            r#"{"type": "item", "id": "Q1", "claims": {}}"#,
            Format::Wikidata,
            false,
        ),
        (
            "[{\"type\":\"item\",\"id\":\"Q1\",\"labels\":{}},\n",
            Format::Wikidata,
            false,
        ),
        (
            r#"[{"head": "a", "relation": "r", "tail": "b"}]"#,
            Format::Triples,
            false,
        ),
        (r#"[["a", "r", "b"]]"#, Format::Triples, false),
        (
            r#"[{"statementID": "1", "statementType": "personStatement"}]"#,
            Format::Bods,
            false,
        ),
        ("[]", Format::Cytoscape, false),
        (
            "{\"type\":\"node\",\"id\":\"0\"}\n{\"type\":\"node\",\"id\":\"1\"}",
            Format::Apoc,
            true,
        ),
        (
            "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{}}\r\n\r\n{\"id\":\"b\",\"schema\":\"Company\",\"properties\":{}}",
            Format::Ftm,
            true,
        ),
        (
            "{\"id\":1,\"label\":\"person\",\"outE\":{}}\n{\"id\":2,\"label\":\"person\"}",
            Format::GraphSon,
            true,
        ),
        (
            "{\"entity\":{\"id\":\"a\"}}\n{\"relation\":{}}",
            Format::KgxLines,
            true,
        ),
    ];
    for (text, format, lines) in cases {
        assert_eq!(format_of(text), Ok((*format, *lines)), "{text}");
    }
}

#[test]
fn unknown_shapes_say_what_was_seen() {
    let e = detect(
        r#"{"u": {"type": "node", "id": "1"}, "rel": {}, "p": 1}"#,
        None,
    )
    .unwrap_err();
    let m = e.message();
    assert!(m.contains(r#"keys "u", "rel", "p""#), "{m}");
    assert!(m.contains("apoc.export.json.query"), "{m}");
    assert!(m.contains("kgx reads"), "{m}");
    let e = detect("[1, 2]", None).unwrap_err();
    assert!(e.message().contains("array of"), "{}", e.message());
    assert!(detect("\u{0}\u{0}", None).is_err());
    // Text that is not JSON goes to the native parser, which says where it breaks.
    assert_eq!(detect("hello", None).map(|d| d.format), Ok(Format::Native));
    assert!(sniff(b"hello").unwrap_err().message().contains("\"hello\""));
}

#[test]
fn sniff_rejects_binary_at_once() {
    assert!(sniff(&[0u8; SNIFF_BYTES]).is_err());
    assert!(sniff(b"\xff\xfe{").is_err());
    assert!(sniff(b"  \n").is_ok());
    assert!(sniff("{\"name\": \"caf\u{e9}".as_bytes().split_last().unwrap().1).is_ok());
    assert!(sniff(b"\xEF\xBB\xBF[1]").is_ok());
    assert!(sniff(b"PK\x03\x04").is_err());
}

#[test]
fn forced_formats_keep_the_framing() {
    let d = detect("{\"a\":1}\n{\"a\":2}", Some(Format::Ftm)).unwrap();
    assert_eq!((d.format, d.lines), (Format::Ftm, true));
    assert_eq!("neo4j".parse::<Format>(), Ok(Format::Apoc));
    assert!("zzz".parse::<Format>().unwrap_err().contains("graphson"));
}
