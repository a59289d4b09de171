//! The tantivy schema of the search index and handles to its fields.
//!
//! Only `id` and `title` are stored (the site holds everything else). Only
//! `ngram` keeps positions (for bigram phrase queries); the other text fields
//! keep term frequencies for BM25 and nothing more, to keep the index small.

use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};

use crate::tokenize::{TOKENIZER_JA, TOKENIZER_NGRAM, TOKENIZER_READING};

/// Field names, in schema order.
pub mod names {
    /// Document id (slug); stored, fast, untokenised.
    pub const ID: &str = "id";
    /// Resource title; stored.
    pub const TITLE: &str = "title";
    /// Author-supplied kana reading of the title.
    pub const KANA: &str = "kana";
    /// Hiragana readings (from IPADIC) of the entry's own text fields.
    pub const READING: &str = "reading";
    /// Hiragana readings of what the entry is listed under (`places`, `keywords`): kept
    /// apart from `reading` so that, like those fields, they count as listed, not as the
    /// entry's own words.
    pub const LISTED_READING: &str = "listed_reading";
    /// Tags.
    pub const TAGS: &str = "tags";
    /// Target audiences.
    pub const AUDIENCES: &str = "audiences";
    /// One-line summary.
    pub const SUMMARY: &str = "summary";
    /// Operating organisation.
    pub const ORGANIZATION: &str = "organization";
    /// Body text.
    pub const BODY: &str = "body";
    /// Area and category display names, ancestors included.
    pub const PLACES: &str = "places";
    /// Everyday words of the entry's areas and categories (their `keywords`).
    pub const KEYWORDS: &str = "keywords";
    /// Character n-grams of the title, its reading and the tags (substring recall field).
    pub const NGRAM: &str = "ngram";
    /// Phone-number digits.
    pub const PHONE: &str = "phone";
    /// Area facet (`/amagasaki/amagasaki-tachibana`).
    pub const AREA: &str = "area";
    /// Category facet.
    pub const CATEGORY: &str = "category";
    /// The entry's own area paths, exactly (not a facet: the area filter finds the desks
    /// of a district's ancestor areas by these).
    pub const AREA_AT: &str = "area_at";
    /// The area paths whose residents start at this entry when unsure: areas.yaml's
    /// `first_contact` (of the area, or of its nearest ancestor naming some).
    pub const FIRST_CONTACT: &str = "first_contact";
    /// How to use it facet (`/visit`, `/phone` …).
    pub const USE: &str = "use";
    /// Languages facet (`/ja`, `/en` …).
    pub const LANGUAGE: &str = "language";
    /// Audiences facet (`/高齢者` …).
    pub const AUDIENCE: &str = "audience";
    /// The result card the site shows for a hit (JSON, stored only): the browser reads
    /// the cards of the hits it shows from the doc store, by range.
    pub const CARD: &str = "card";
}

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// See [`names::ID`].
    pub id: Field,
    /// See [`names::TITLE`].
    pub title: Field,
    /// See [`names::KANA`].
    pub kana: Field,
    /// See [`names::READING`].
    pub reading: Field,
    /// See [`names::LISTED_READING`].
    pub listed_reading: Field,
    /// See [`names::TAGS`].
    pub tags: Field,
    /// See [`names::AUDIENCES`].
    pub audiences: Field,
    /// See [`names::SUMMARY`].
    pub summary: Field,
    /// See [`names::ORGANIZATION`].
    pub organization: Field,
    /// See [`names::BODY`].
    pub body: Field,
    /// See [`names::PLACES`].
    pub places: Field,
    /// See [`names::KEYWORDS`].
    pub keywords: Field,
    /// See [`names::NGRAM`].
    pub ngram: Field,
    /// See [`names::PHONE`].
    pub phone: Field,
    /// See [`names::AREA`].
    pub area: Field,
    /// See [`names::CATEGORY`].
    pub category: Field,
    /// See [`names::AREA_AT`].
    pub area_at: Field,
    /// See [`names::FIRST_CONTACT`].
    pub first_contact: Field,
    /// See [`names::USE`].
    pub how_to_use: Field,
    /// See [`names::LANGUAGE`].
    pub language: Field,
    /// See [`names::AUDIENCE`].
    pub audience: Field,
    /// See [`names::CARD`].
    pub card: Field,
}

impl Fields {
    /// Looks the fields up by name (e.g. in an index opened from files).
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            id: f(names::ID)?,
            title: f(names::TITLE)?,
            kana: f(names::KANA)?,
            reading: f(names::READING)?,
            listed_reading: f(names::LISTED_READING)?,
            tags: f(names::TAGS)?,
            audiences: f(names::AUDIENCES)?,
            summary: f(names::SUMMARY)?,
            organization: f(names::ORGANIZATION)?,
            body: f(names::BODY)?,
            places: f(names::PLACES)?,
            keywords: f(names::KEYWORDS)?,
            ngram: f(names::NGRAM)?,
            phone: f(names::PHONE)?,
            area: f(names::AREA)?,
            category: f(names::CATEGORY)?,
            area_at: f(names::AREA_AT)?,
            first_contact: f(names::FIRST_CONTACT)?,
            how_to_use: f(names::USE)?,
            language: f(names::LANGUAGE)?,
            audience: f(names::AUDIENCE)?,
            card: f(names::CARD)?,
        })
    }

    /// The field of a facet.
    pub fn facet(&self, f: crate::facet::FacetField) -> Field {
        use crate::facet::FacetField;
        match f {
            FacetField::Area => self.area,
            FacetField::Category => self.category,
            FacetField::Use => self.how_to_use,
            FacetField::Language => self.language,
            FacetField::Audience => self.audience,
        }
    }

    /// The morphological (lindera surface) fields with their BM25 boosts, highest first:
    /// title > kana/tags > audiences > summary/places/keywords/organization > body.
    pub fn weighted_text_fields(&self) -> [(Field, f32); 9] {
        [
            (self.title, 4.0),
            (self.kana, 2.5),
            (self.tags, 2.5),
            (self.audiences, 2.0),
            (self.summary, 1.5),
            (self.places, 1.5),
            (self.keywords, 1.5),
            (self.organization, 1.5),
            (self.body, 1.0),
        ]
    }

    /// The reading fields, own text first: they come after the weighted text fields in
    /// the order of [`crate::query::terms::TermFields`]' bits.
    pub fn reading_fields(&self) -> [Field; 2] {
        [self.reading, self.listed_reading]
    }

    /// The fields words are looked up in, in bit order ([`Fields::weighted_text_fields`],
    /// then [`Fields::reading_fields`]), with their boosts.
    pub fn scored_fields(&self) -> [(Field, f32); 11] {
        let weighted = self.weighted_text_fields();
        // (the readings of names and keywords weigh what those do)
        let listed = weighted
            .iter()
            .find(|(f, _)| *f == self.places)
            .map_or(1.0, |(_, boost)| *boost);
        let [a, b, c, d, e, f, g, h, i] = weighted;
        let [r, l] = self.reading_fields();
        [a, b, c, d, e, f, g, h, i, (r, READING_BOOST), (l, listed)]
    }

    /// The fields (bits in [`Fields::scored_fields`] order) filled from what an entry is
    /// listed under rather than from its own text: the names of its areas and categories,
    /// their keywords, and the readings of both.
    pub fn taxonomy_mask(&self) -> u16 {
        self.scored_fields()
            .into_iter()
            .enumerate()
            .filter(|(_, (f, _))| self.listed_fields().contains(f))
            .fold(0, |m, (bit, _)| m | 1 << bit)
    }

    /// What an entry is listed under: the names of its areas and categories, their
    /// keywords, and the readings of both.
    fn listed_fields(&self) -> [Field; 3] {
        [self.places, self.keywords, self.listed_reading]
    }

    /// The field that holds the readings of a text field's words.
    pub fn reading_of(&self, field: Field) -> Field {
        match self.listed_fields().contains(&field) {
            true => self.listed_reading,
            false => self.reading,
        }
    }
}

/// Boost of the `reading` field (same tier as kana/tags).
pub const READING_BOOST: f32 = 2.5;
/// Boost of the `ngram` recall field (low: n-gram matches rank below exact).
pub const NGRAM_BOOST: f32 = 0.3;
/// Boost of the `phone` field.
pub const PHONE_BOOST: f32 = 4.0;
/// Constant score of a one-typo (fuzzy) match, below any exact match.
pub const FUZZY_SCORE: f32 = 0.05;

fn text(tokenizer: &str, record: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

/// A field of pre-cut terms that match or not (a phone number's digits, an area's path):
/// no frequencies, and no field lengths (they were 40 kB of the first search at 100,000
/// entries, and say nothing about a match).
fn raw_terms() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    )
}

/// Builds the schema (see the module doc for what is stored and indexed how).
pub fn build_schema() -> Schema {
    let freqs = IndexRecordOption::WithFreqs;
    let mut b = Schema::builder();
    b.add_text_field(names::ID, STRING | STORED | FAST);
    b.add_text_field(names::TITLE, text(TOKENIZER_JA, freqs).set_stored());
    b.add_text_field(names::KANA, text(TOKENIZER_JA, freqs));
    b.add_text_field(names::READING, text(TOKENIZER_READING, freqs));
    b.add_text_field(names::LISTED_READING, text(TOKENIZER_READING, freqs));
    b.add_text_field(names::TAGS, text(TOKENIZER_JA, freqs));
    b.add_text_field(names::AUDIENCES, text(TOKENIZER_JA, freqs));
    b.add_text_field(names::SUMMARY, text(TOKENIZER_JA, freqs));
    b.add_text_field(names::ORGANIZATION, text(TOKENIZER_JA, freqs));
    b.add_text_field(names::BODY, text(TOKENIZER_JA, freqs));
    b.add_text_field(names::PLACES, text(TOKENIZER_JA, freqs));
    b.add_text_field(names::KEYWORDS, text(TOKENIZER_JA, freqs));
    b.add_text_field(
        names::NGRAM,
        text(TOKENIZER_NGRAM, IndexRecordOption::WithFreqsAndPositions),
    );
    // Phone terms come pre-tokenised from [`crate::phone::PhoneNumber::index_terms`].
    b.add_text_field(names::PHONE, raw_terms());
    b.add_facet_field(names::AREA, FacetOptions::default());
    b.add_facet_field(names::CATEGORY, FacetOptions::default());
    b.add_text_field(names::AREA_AT, raw_terms());
    b.add_text_field(names::FIRST_CONTACT, raw_terms());
    b.add_facet_field(names::USE, FacetOptions::default());
    b.add_facet_field(names::LANGUAGE, FacetOptions::default());
    b.add_facet_field(names::AUDIENCE, FacetOptions::default());
    b.add_text_field(names::CARD, STORED);
    b.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_round_trips_field_lookup() {
        let schema = build_schema();
        let f = Fields::from_schema(&schema).unwrap();
        assert_eq!(schema.get_field_name(f.category), names::CATEGORY);
    }

    #[test]
    fn only_scored_text_fields_keep_their_lengths() {
        let schema = build_schema();
        let f = Fields::from_schema(&schema).unwrap();
        let lengths = |field| schema.get_field_entry(field).has_fieldnorms();
        assert!(!lengths(f.phone) && !lengths(f.area_at) && !lengths(f.first_contact));
        assert!(f
            .weighted_text_fields()
            .iter()
            .all(|(field, _)| lengths(*field)));
        assert!(lengths(f.reading) && lengths(f.listed_reading) && lengths(f.ngram));
    }
}
