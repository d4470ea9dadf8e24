//! The in-memory graph: entities, relations and sources stored compactly, read through borrowed views.
//!
//! Every string of the graph lives once in one arena (`strings`) and records point into it with
//! 8-byte spans, so a million entities cost a handful of large allocations instead of millions of
//! small ones. Callers never see spans: they read through [`Entity`], [`Relation`] and [`Source`]
//! views that borrow the graph.

pub(crate) use super::records::{
    Adjacency, EntityRec, Interner, Mask, RelationRec, Slots, SourceRec, Span, StoredAttr,
    StoredValue,
};
pub(crate) use super::records::{EntityIx, RelationIx};

use std::sync::Arc;

/// An attribute value borrowed from the graph.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AttrValue<'g> {
    /// JSON `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction (or too large for `i64`).
    Float(f64),
    /// A string.
    Str(&'g str),
}

impl AttrValue<'_> {
    /// The value as a number, when it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            AttrValue::Int(i) => Some(i as f64),
            AttrValue::Float(f) => Some(f),
            _ => None,
        }
    }

    /// The value as a string, when it is one.
    pub fn as_str(&self) -> Option<&str> {
        match *self {
            AttrValue::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// A loaded, validated and indexed knowledge graph: its shared data and, for a dated view, the
/// mask that hides what was not yet known (see [`Mask`]). Cloning a `Graph` or putting a new
/// mask on it shares the data; nothing is copied.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    pub(super) data: Arc<GraphData>,
    pub(super) mask: Option<Arc<Mask>>,
}

impl std::ops::Deref for Graph {
    type Target = GraphData;
    fn deref(&self) -> &GraphData {
        &self.data
    }
}

impl From<GraphData> for Graph {
    fn from(data: GraphData) -> Graph {
        Graph {
            data: Arc::new(data),
            mask: None,
        }
    }
}

/// The records of a graph, filled by the loader and read through [`Graph`]'s views.
#[derive(Clone, Debug, Default)]
pub struct GraphData {
    pub(crate) title: Option<String>,
    pub(crate) strings: String,
    /// Entity ids, back to back, apart from the other strings: id lookups (every relation end
    /// while loading) then touch a compact region instead of the whole arena.
    pub(crate) ids: String,
    pub(crate) entities: Vec<EntityRec>,
    pub(crate) relations: Vec<RelationRec>,
    pub(crate) sources: Vec<SourceRec>,
    pub(crate) span_lists: Vec<Span>,
    pub(crate) attrs: Vec<StoredAttr>,
    pub(crate) source_refs: Vec<u32>,
    pub(crate) kinds: Interner,
    pub(crate) rel_types: Interner,
    pub(crate) attr_keys: Interner,
    pub(crate) id_index: super::index::IdIndex,
    pub(crate) outgoing: Adjacency,
    pub(crate) incoming: Adjacency,
    /// Graph-level fields kept from an imported file (`directed`, `graph`), as JSON text.
    pub(crate) meta: Vec<(String, String)>,
}

impl GraphData {
    /// Looks an entity up by its exact id, hidden or not (for the loader).
    pub(crate) fn find_any(&self, id: &str) -> Option<EntityIx> {
        self.id_index.get(id, &self.ids)
    }

    /// Every id, hidden or not (for the loader's "did you mean").
    pub(crate) fn all_ids(&self) -> impl Iterator<Item = &str> + '_ {
        self.entities.iter().map(|e| self.id_text(e.id))
    }

    /// An entity id (its span points into `ids`, not `strings`).
    pub(crate) fn id_text(&self, span: Span) -> &str {
        &self.ids[span.start as usize..(span.start + span.len) as usize]
    }

    pub(crate) fn text(&self, span: Span) -> &str {
        &self.strings[span.start as usize..(span.start + span.len) as usize]
    }

    /// Gives back what the builder reserved ahead (its guesses from the file size) so a loaded
    /// graph holds only what it uses.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.strings.shrink_to_fit();
        self.ids.shrink_to_fit();
        self.id_index.shrink_to_fit(&self.ids);
        self.entities.shrink_to_fit();
        self.relations.shrink_to_fit();
        self.span_lists.shrink_to_fit();
        self.attrs.shrink_to_fit();
        self.source_refs.shrink_to_fit();
    }

    pub(crate) fn value(&self, v: StoredValue) -> AttrValue<'_> {
        match v {
            StoredValue::Null => AttrValue::Null,
            StoredValue::Bool(b) => AttrValue::Bool(b),
            StoredValue::Int(i) => AttrValue::Int(i),
            StoredValue::Float(f) => AttrValue::Float(f),
            StoredValue::Str(s) => AttrValue::Str(self.text(s)),
        }
    }
}

impl Graph {
    /// The graph's title, if the file gave one.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// How many entities the graph holds.
    pub fn entity_count(&self) -> usize {
        self.entities.len()
    }

    /// How many relations the graph holds.
    pub fn relation_count(&self) -> usize {
        self.relations.len()
    }

    /// How many sources the graph holds.
    pub fn source_count(&self) -> usize {
        self.sources.len()
    }

    /// The entity at a dense index. Panics when `ix` is out of range, like slice indexing.
    pub fn entity(&self, ix: EntityIx) -> Entity<'_> {
        Entity {
            graph: self,
            ix,
            rec: &self.entities[ix as usize],
        }
    }

    /// All visible entities in file order.
    pub fn entities(&self) -> impl Iterator<Item = Entity<'_>> + '_ {
        self.entity_ixs().map(|ix| self.entity(ix))
    }

    /// The relation at `ix`.
    pub fn relation(&self, ix: RelationIx) -> Relation<'_> {
        Relation {
            graph: self,
            ix,
            rec: &self.relations[ix as usize],
        }
    }

    /// All visible relations in file order.
    pub fn relations(&self) -> impl Iterator<Item = Relation<'_>> + '_ {
        self.relation_ixs().map(|ix| self.relation(ix))
    }

    /// Every visible source, in file order (an as-of mask hides those published later).
    pub fn sources(&self) -> impl Iterator<Item = Source<'_>> + '_ {
        self.sources
            .iter()
            .enumerate()
            .filter(|&(s, _)| self.shows_source(s as u32))
            .map(|(_, rec)| Source { rec })
    }

    /// Looks a visible entity up by its exact id.
    pub fn find(&self, id: &str) -> Option<EntityIx> {
        self.find_any(id).filter(|&ix| self.shows_entity(ix))
    }

    /// The visible relations among `list` (an adjacency list).
    fn shown<'a>(&'a self, list: &'a [RelationIx]) -> impl Iterator<Item = RelationIx> + 'a {
        let mask = self.mask.as_deref();
        list.iter()
            .copied()
            .filter(move |&r| mask.is_none_or(|m| m.relations.contains(r)))
    }

    /// Visible relations leaving `ix` (`ix` is their `from`), in file order.
    pub fn outgoing(&self, ix: EntityIx) -> impl Iterator<Item = Relation<'_>> + '_ {
        self.shown(self.outgoing.of(ix)).map(|r| self.relation(r))
    }

    /// Visible relations arriving at `ix` (`ix` is their `to`), in file order.
    pub fn incoming(&self, ix: EntityIx) -> impl Iterator<Item = Relation<'_>> + '_ {
        self.shown(self.incoming.of(ix)).map(|r| self.relation(r))
    }

    /// Number of visible relations touching `ix`, both directions.
    pub fn degree(&self, ix: EntityIx) -> usize {
        match self.mask {
            None => self.outgoing.of(ix).len() + self.incoming.of(ix).len(),
            Some(_) => {
                self.shown(self.outgoing.of(ix)).count() + self.shown(self.incoming.of(ix)).count()
            }
        }
    }

    /// The number of `ix`'s kind in [`Graph::kinds`] order (for indexes that compare kinds often).
    pub(crate) fn kind_number(&self, ix: EntityIx) -> u32 {
        self.entities[ix as usize].kind
    }

    /// The ends of relation `r` as (from, to), without building a [`Relation`] view (for the
    /// analyses' inner loops).
    pub(crate) fn relation_ends(&self, r: RelationIx) -> (EntityIx, EntityIx) {
        let rec = &self.relations[r as usize];
        (rec.from, rec.to)
    }

    /// The relations leaving `ix`, each with the entity it leads to, in file order.
    pub(crate) fn out_steps(
        &self,
        ix: EntityIx,
    ) -> impl Iterator<Item = (RelationIx, EntityIx)> + '_ {
        let relations = &self.relations;
        self.shown(self.outgoing.of(ix))
            .map(move |r| (r, relations[r as usize].to))
    }

    /// The relations arriving at `ix`, each with the entity it comes from, in file order.
    pub(crate) fn in_steps(
        &self,
        ix: EntityIx,
    ) -> impl Iterator<Item = (RelationIx, EntityIx)> + '_ {
        let relations = &self.relations;
        self.shown(self.incoming.of(ix))
            .map(move |r| (r, relations[r as usize].from))
    }

    /// The name of kind number `k` (see [`Graph::kind_number`]).
    pub(crate) fn kind_name(&self, k: u32) -> &str {
        self.kinds.name(k)
    }

    /// How many distinct kinds, relation types and attribute keys the graph has.
    pub(crate) fn name_counts(&self) -> (usize, usize, usize) {
        (self.kinds.len(), self.rel_types.len(), self.attr_keys.len())
    }

    /// The number of relation `r`'s type (for analyses that count by type).
    pub(crate) fn relation_type_number(&self, r: RelationIx) -> u32 {
        self.relations[r as usize].rtype
    }

    /// The name of relation type number `t`.
    pub(crate) fn relation_type_name(&self, t: u32) -> &str {
        self.rel_types.name(t)
    }

    /// The name of attribute key number `k`.
    pub(crate) fn attr_key_name(&self, k: u32) -> &str {
        self.attr_keys.name(k)
    }

    /// Entity `ix`'s attributes with their keys as numbers, in file order.
    pub(crate) fn numbered_attrs(
        &self,
        ix: EntityIx,
    ) -> impl ExactSizeIterator<Item = (u32, AttrValue<'_>)> + '_ {
        self.entity_attr_list(ix)
            .iter()
            .map(|a| (a.key, self.value(a.value)))
    }

    /// Whether entity `ix` cites at least one source the graph defines.
    pub(crate) fn has_sources(&self, ix: EntityIx) -> bool {
        self.source_view(self.entities[ix as usize].sources)
            .next()
            .is_some()
    }

    /// Distinct entity kinds in order of first appearance.
    pub fn kinds(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.kinds.len() as u32).map(|i| self.kinds.name(i))
    }

    /// Heap bytes held by the graph, by part, for memory reports (`kgx` keeps it under the size of
    /// the file it loaded).
    pub fn heap_bytes(&self) -> Vec<(&'static str, usize)> {
        use std::mem::size_of;
        vec![
            ("strings", self.strings.capacity()),
            ("ids", self.ids.capacity()),
            (
                "entities",
                self.entities.capacity() * size_of::<EntityRec>(),
            ),
            (
                "relations",
                self.relations.capacity() * size_of::<RelationRec>(),
            ),
            ("span_lists", self.span_lists.capacity() * size_of::<Span>()),
            ("attrs", self.attrs.capacity() * size_of::<StoredAttr>()),
            ("source_refs", self.source_refs.capacity() * 4),
            ("id_index", self.id_index.heap_bytes()),
            (
                "adjacency",
                4 * (self.outgoing.offsets.capacity()
                    + self.outgoing.targets.capacity()
                    + self.incoming.offsets.capacity()
                    + self.incoming.targets.capacity()),
            ),
        ]
    }

    /// Graph-level fields kept from an imported file, as `(key, JSON text)`.
    pub(crate) fn meta(&self) -> &[(String, String)] {
        &self.meta
    }

    /// True when the file says its graph is undirected: node-link JSON's `"directed": false`, or
    /// graphology's `options.type` `"undirected"`. Its relations then have no direction: the
    /// explorer lists each once (`— linked (N)`) and paths follow them either way. The one
    /// place this is decided; a graph without such a field is directed.
    pub fn is_undirected(&self) -> bool {
        self.meta.iter().any(|(key, value)| match key.as_str() {
            "directed" => value == "false",
            "options" => serde_json::from_str::<serde_json::Value>(value)
                .is_ok_and(|o| o.get("type").and_then(|t| t.as_str()) == Some("undirected")),
            _ => false,
        })
    }

    /// The ids of the visible entities, for "did you mean" suggestions.
    pub fn ids(&self) -> impl Iterator<Item = &str> + '_ {
        self.entities().map(|e| e.id())
    }

    fn attr_view<'g>(
        &'g self,
        list: &'g [StoredAttr],
    ) -> impl ExactSizeIterator<Item = (&'g str, AttrValue<'g>)> + 'g {
        list.iter()
            .map(|a| (self.attr_keys.name(a.key), self.value(a.value)))
    }

    fn source_view(&self, slots: Slots) -> impl Iterator<Item = Source<'_>> + '_ {
        self.source_refs[slots.range()]
            .iter()
            .filter(|&&s| s != u32::MAX && self.shows_source(s))
            .map(|&s| Source {
                rec: &self.sources[s as usize],
            })
    }
}

/// A borrowed view of one entity.
#[derive(Clone, Copy)]
pub struct Entity<'g> {
    graph: &'g Graph,
    ix: EntityIx,
    rec: &'g EntityRec,
}

impl<'g> Entity<'g> {
    /// The entity's index in the graph.
    pub fn ix(&self) -> EntityIx {
        self.ix
    }

    /// The entity's id, unique in the graph.
    pub fn id(&self) -> &'g str {
        self.graph.id_text(self.rec.id)
    }

    /// The entity's display name.
    pub fn name(&self) -> &'g str {
        self.graph.text(self.rec.name)
    }

    /// The entity's kind (`company`, `chip`, ...).
    pub fn kind(&self) -> &'g str {
        self.graph.kinds.name(self.rec.kind)
    }

    /// A one-line description, if any.
    pub fn summary(&self) -> Option<&'g str> {
        self.rec.summary.map(|s| self.graph.text(s))
    }

    /// Other names the entity goes by.
    pub fn aliases(&self) -> impl ExactSizeIterator<Item = &'g str> + use<'g> {
        let g = self.graph;
        g.span_lists[self.rec.aliases.range()]
            .iter()
            .map(move |&s| g.text(s))
    }

    /// Free-form tags (an import keeps all of a node's labels here).
    pub fn tags(&self) -> impl ExactSizeIterator<Item = &'g str> + use<'g> {
        let g = self.graph;
        g.span_lists[self.rec.tags.range()]
            .iter()
            .map(move |&s| g.text(s))
    }

    /// Attributes in file order.
    pub fn attrs(&self) -> impl ExactSizeIterator<Item = (&'g str, AttrValue<'g>)> + use<'g> {
        self.graph.attr_view(self.graph.entity_attr_list(self.ix))
    }

    /// One attribute by key.
    pub fn attr(&self, key: &str) -> Option<AttrValue<'g>> {
        self.attrs().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The sources this entity cites that the graph defines.
    pub fn sources(&self) -> impl Iterator<Item = Source<'g>> + use<'g> {
        self.graph.source_view(self.rec.sources)
    }

    /// Relations starting at this entity.
    pub fn outgoing(&self) -> impl Iterator<Item = Relation<'g>> + use<'g> {
        self.graph.outgoing(self.ix)
    }

    /// Relations ending at this entity.
    pub fn incoming(&self) -> impl Iterator<Item = Relation<'g>> + use<'g> {
        self.graph.incoming(self.ix)
    }

    /// Relations in and out.
    pub fn degree(&self) -> usize {
        self.graph.degree(self.ix)
    }
}

impl std::fmt::Debug for Entity<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entity")
            .field("ix", &self.ix)
            .field("id", &self.id())
            .field("kind", &self.kind())
            .field("name", &self.name())
            .finish()
    }
}

/// A borrowed view of one relation.
#[derive(Clone, Copy)]
pub struct Relation<'g> {
    graph: &'g Graph,
    ix: RelationIx,
    rec: &'g RelationRec,
}

impl<'g> Relation<'g> {
    /// The relation's index in the graph.
    pub fn ix(&self) -> RelationIx {
        self.ix
    }

    /// The entity the relation starts at.
    pub fn from(&self) -> Entity<'g> {
        self.graph.entity(self.rec.from)
    }

    /// The entity the relation points to.
    pub fn to(&self) -> Entity<'g> {
        self.graph.entity(self.rec.to)
    }

    /// The index of [`Relation::from`].
    pub fn source_ix(&self) -> EntityIx {
        self.rec.from
    }

    /// The index of [`Relation::to`].
    pub fn target_ix(&self) -> EntityIx {
        self.rec.to
    }

    /// The relation type (`investor`, `operates`, ...).
    pub fn rtype(&self) -> &'g str {
        self.graph.rel_types.name(self.rec.rtype)
    }

    /// The end of the relation that is not `ix` (for a self-loop, `ix` itself).
    pub fn other(&self, ix: EntityIx) -> Entity<'g> {
        if self.rec.from == ix {
            self.to()
        } else {
            self.from()
        }
    }

    /// The relation's attributes, in file order.
    pub fn attrs(&self) -> impl ExactSizeIterator<Item = (&'g str, AttrValue<'g>)> + use<'g> {
        self.graph.attr_view(self.graph.relation_attr_list(self.ix))
    }

    /// The attribute `key`, if present.
    pub fn attr(&self, key: &str) -> Option<AttrValue<'g>> {
        self.attrs().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The sources cited for the relation.
    pub fn sources(&self) -> impl Iterator<Item = Source<'g>> + use<'g> {
        self.graph.source_view(self.rec.sources)
    }
}

impl std::fmt::Debug for Relation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} -{}-> {}",
            self.from().id(),
            self.rtype(),
            self.to().id()
        )
    }
}

/// A borrowed view of one source (a document that supports facts).
#[derive(Clone, Copy)]
pub struct Source<'g> {
    rec: &'g SourceRec,
}

impl<'g> Source<'g> {
    /// The source's id, unique in the graph.
    pub fn id(&self) -> &'g str {
        &self.rec.id
    }
    /// The title of the article or document.
    pub fn title(&self) -> Option<&'g str> {
        self.rec.title.as_deref()
    }
    /// Who published it.
    pub fn publisher(&self) -> Option<&'g str> {
        self.rec.publisher.as_deref()
    }
    /// When it was published, as written.
    pub fn date(&self) -> Option<&'g str> {
        self.rec.date.as_deref()
    }
    /// Where it can be read.
    pub fn url(&self) -> Option<&'g str> {
        self.rec.url.as_deref()
    }
    /// Further addresses of the same source, besides [`Source::url`].
    pub fn urls(&self) -> impl ExactSizeIterator<Item = &'g str> + use<'g> {
        self.rec.urls.iter().map(String::as_str)
    }
}
