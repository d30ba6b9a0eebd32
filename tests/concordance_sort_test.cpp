// KWIC sort keys (query/concordance.h): the comma-separated list of keys, its errors, and the order
// sort_hits gives on the CQL test index (samples/ plus generated trade briefings, cql_index_fixture.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cql_index_fixture.h"
#include "query/concordance.h"
#include "query/corpus_query.h"
#include "query/cql_parser.h"

namespace presser {
namespace {

using query::SortKey;

std::vector<query::IndexHit> hits_of(const std::string& cql) {
    auto parsed = query::cql::parse_cql(cql);
    EXPECT_TRUE(parsed.ok()) << cql;
    auto compiled = query::CorpusQuery::compile(testing::cql_fixture_index(), parsed.value());
    EXPECT_TRUE(compiled.ok()) << cql;
    auto hits = (*compiled)->all_hits(1);
    EXPECT_TRUE(hits.ok()) << cql;
    return hits.value();
}

// A key's tokens of a hit, read here position by position from the segment (up to `depth`).
std::vector<std::string> key_tokens(const query::IndexHit& hit, const SortKey& key, std::uint32_t depth) {
    const auto& segment = *testing::cql_fixture_index().segments()[hit.segment];
    auto token = [&](std::uint32_t pos) {
        return std::string(segment.lexicon(key.attribute).term(segment.term_at(key.attribute, pos)));
    };
    std::vector<std::string> out;
    if (const auto where = query::metadata_column(key.part)) {
        const auto& regions = segment.regions(where->structure);
        const auto region = regions.find(hit.start);
        out.emplace_back(region ? regions.string(where->column, *region) : "");
        return out;
    }
    switch (key.part) {
        case SortKey::Part::match:
            for (auto p = hit.start; p < hit.end && out.size() < depth; ++p) out.push_back(token(p));
            break;
        case SortKey::Part::left:
            for (auto p = hit.start; p > 0 && out.size() < depth; --p) out.push_back(token(p - 1));
            break;
        case SortKey::Part::right:
            for (auto p = hit.end; p < segment.tokens() && out.size() < depth; ++p) out.push_back(token(p));
            break;
        default: break;  // the metadata keys, above
    }
    return out;
}

// The order the keys define, then corpus order: checked on every neighbouring pair, which settles a total order.
void expect_sorted(const std::vector<query::IndexHit>& sorted, const std::vector<SortKey>& keys, std::uint32_t depth) {
    for (std::size_t i = 1; i < sorted.size(); ++i) {
        const auto& a = sorted[i - 1];
        const auto& b = sorted[i];
        bool tied = true;
        for (std::size_t k = 0; k < keys.size() && tied; ++k) {
            const auto x = key_tokens(a, keys[k], depth), y = key_tokens(b, keys[k], depth);
            if (x == y) continue;
            tied = false;
            EXPECT_TRUE(keys[k].descending ? y < x : x < y) << "lines " << i - 1 << " and " << i << " out of order by key " << k + 1;
        }
        if (tied) {
            EXPECT_LT(a, b) << "equal keys out of corpus order at line " << i;
        }
    }
}

TEST(SortKeys, ParsesACommaSeparatedList) {
    const auto one = query::parse_sort_keys("right:lower");
    ASSERT_TRUE(one.ok());
    ASSERT_EQ(one->size(), 1u);
    EXPECT_EQ((*one)[0], (SortKey{SortKey::Part::right, index::Attribute::lower, false}));
    const auto three = query::parse_sort_keys("match:lower,left:lemma:desc,right");
    ASSERT_TRUE(three.ok()) << three.error().message;
    ASSERT_EQ(three->size(), 3u);
    EXPECT_EQ((*three)[0], (SortKey{SortKey::Part::match, index::Attribute::lower, false}));
    EXPECT_EQ((*three)[1], (SortKey{SortKey::Part::left, index::Attribute::lemma, true}));
    EXPECT_EQ((*three)[2], (SortKey{SortKey::Part::right, index::Attribute::word, false}));
    EXPECT_EQ(query::parse_sort_keys("left:desc").value()[0], (SortKey{SortKey::Part::left, index::Attribute::word, true}));
    const auto metadata = query::parse_sort_keys("date:desc,speaker,role,outlet");
    ASSERT_TRUE(metadata.ok()) << metadata.error().message;
    EXPECT_EQ((*metadata)[0], (SortKey{SortKey::Part::date, index::Attribute::word, true}));
    EXPECT_EQ((*metadata)[1].part, SortKey::Part::speaker);
    EXPECT_EQ((*metadata)[2].part, SortKey::Part::role);
    EXPECT_EQ((*metadata)[3].part, SortKey::Part::outlet);
    EXPECT_EQ(query::parse_sort_keys("event").value()[0].part, SortKey::Part::event);
}

TEST(SortKeys, AMalformedListNamesTheBadKey) {
    auto message = [](std::string_view text) {
        auto keys = query::parse_sort_keys(text);
        EXPECT_FALSE(keys.ok()) << text;
        return keys.ok() ? std::string() : keys.error().message;
    };
    EXPECT_EQ(message("match:lower,lft:lower"),
              "sort key 2 'lft:lower': unknown part 'lft': expected match, left, right, date, speaker, role, outlet or event");
    EXPECT_EQ(message("date:lower"), "sort key 1 'date:lower': 'date' takes no attribute, got 'lower': expected date or date:desc");
    EXPECT_EQ(message("speaker:desc:x"),
              "sort key 1 'speaker:desc:x': ':desc' must come last: expected "
              "match|left|right[:word|lower|lemma][:desc] or date|speaker|role|outlet|event[:desc]");
    EXPECT_EQ(message("match:upper"),
              "sort key 1 'match:upper': unknown attribute 'upper': expected word, lower or lemma (then optionally :desc)");
    EXPECT_EQ(message("match,,left"),
              "sort key 2 is empty: expected keys match|left|right[:word|lower|lemma][:desc] or date|speaker|role|outlet|event[:desc] separated by commas");
    EXPECT_EQ(message("match,"), "sort key 2 is empty: expected keys match|left|right[:word|lower|lemma][:desc] or date|speaker|role|outlet|event[:desc] separated by commas");
    EXPECT_EQ(message(""), "sort key 1 is empty: expected keys match|left|right[:word|lower|lemma][:desc] or date|speaker|role|outlet|event[:desc] separated by commas");
    EXPECT_EQ(message("left:desc:lower"), "sort key 1 'left:desc:lower': ':desc' must come last: expected match|left|right[:word|lower|lemma][:desc] or "
              "date|speaker|role|outlet|event[:desc]");
    EXPECT_EQ(message("left:lower:lemma"), "sort key 1 'left:lower:lemma': 'lemma' after the attribute: expected :desc or nothing");
    EXPECT_EQ(message("left:lower:desc:x"), "sort key 1 'left:lower:desc:x': expected match|left|right[:word|lower|lemma][:desc] or "
              "date|speaker|role|outlet|event[:desc], got 4 parts");
    EXPECT_EQ(message("match,left,right,match:lower,left:lower"), "sort key 5 'left:lower': at most 4 keys");
}

TEST(SortHits, TiesOfTheFirstKeyGoByTheSecondThenByCorpusOrder) {
    auto hits = hits_of("[lower=\"the|tariffs|trade|sanctions\"]");
    ASSERT_GT(hits.size(), 100u);
    const std::vector<SortKey> keys = query::parse_sort_keys("match:lower,right:lower").value();
    auto sorted = hits;
    query::sort_hits(testing::cql_fixture_index(), sorted, keys, 3);
    expect_sorted(sorted, keys, 3);
    auto as_set = [](std::vector<query::IndexHit> v) { return std::sort(v.begin(), v.end()), v; };
    EXPECT_EQ(as_set(sorted), as_set(hits));
    // The data has ties on the first key that the second key orders, so the second key made a difference.
    auto by_first = hits;
    query::sort_hits(testing::cql_fixture_index(), by_first, keys[0], 3);
    EXPECT_NE(by_first, sorted);
}

TEST(SortHits, EachKeyHasItsOwnDirectionAndAttribute) {
    auto hits = hits_of("[lower=\"the|tariffs|and\"] [lower=\"trade|sanctions|the\"]");
    ASSERT_GT(hits.size(), 20u);
    for (const char* text : {"match:word:desc,left:lower", "left:lower:desc,match", "right:lemma,match:lower:desc,left:word"}) {
        const auto keys = query::parse_sort_keys(text).value();
        auto sorted = hits;
        query::sort_hits(testing::cql_fixture_index(), sorted, keys, 2);
        SCOPED_TRACE(text);
        expect_sorted(sorted, keys, 2);
    }
}

TEST(SortHits, MetadataKeysOrderByTheValuesOfTheHitsEventOrTurn) {
    auto hits = hits_of("[lower=\"the|tariffs|trade\"]");
    ASSERT_GT(hits.size(), 100u);
    for (const char* text : {"date:desc,match:lower", "speaker,left:lower", "outlet:desc,date", "event,role:desc,right"}) {
        const auto keys = query::parse_sort_keys(text).value();
        auto sorted = hits;
        query::sort_hits(testing::cql_fixture_index(), sorted, keys, 2);
        SCOPED_TRACE(text);
        expect_sorted(sorted, keys, 2);
        // The first key is not constant on the data, so the order is not corpus order.
        EXPECT_NE(sorted, hits);
    }
}

TEST(SortHits, OneKeyInAListSortsAsTheKeyAlone) {
    auto hits = hits_of("[lower=\"the|and\"]");
    for (const char* text : {"left:lower", "right:word:desc", "match:lemma"}) {
        const auto keys = query::parse_sort_keys(text).value();
        auto listed = hits, alone = hits;
        query::sort_hits(testing::cql_fixture_index(), listed, keys, 4);
        query::sort_hits(testing::cql_fixture_index(), alone, keys[0], 4);
        EXPECT_EQ(listed, alone) << text;
        expect_sorted(alone, keys, 4);
    }
}

}  // namespace
}  // namespace presser
