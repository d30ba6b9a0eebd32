// The index evaluator (corpus_query.h) against the reference evaluator on random queries over a small
// index, segment by segment (each segment read back as a MemoryCorpus).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <set>

#include "cql_index_fixture.h"
#include "cql_random_query.h"
#include "query/concordance.h"
#include "query/corpus_query.h"
#include "query/cql_parser.h"
#include "query/memory_view.h"

namespace presser {
namespace {

std::string show(const std::vector<query::Hit>& hits) {
    std::string out;
    for (const auto& h : hits) out += std::to_string(h.start) + "-" + std::to_string(h.end) + " ";
    return out;
}

// The distribution and the counts taken as the query runs (several threads, segments split into ranges)
// must be those counted from the list of its hits.
void same_distributions(const index::Index& index, const query::CorpusQuery& ranged, const std::string& text) {
    const auto all = ranged.all_hits(1);
    ASSERT_TRUE(all.ok()) << text;
    // So must the counts of hits, distinct events and distinct turns (a turn split between two ranges is
    // still one turn).
    std::set<std::pair<std::uint32_t, std::uint64_t>> events, turns;  // (segment, region), found one by one
    for (const auto& hit : all.value()) {
        const auto& segment = *index.segments()[hit.segment];
        if (const auto event = segment.regions(index::Structure::event).find(hit.start)) events.emplace(hit.segment, *event);
        if (const auto turn = segment.regions(index::Structure::turn).find(hit.start)) turns.emplace(hit.segment, *turn);
    }
    const auto listed = query::count_hits(index, all.value());
    const auto counted = query::count_hits(ranged, 3);
    ASSERT_TRUE(counted.ok()) << text;
    for (const auto& counts : {listed, counted.value()}) {
        EXPECT_EQ(counts.hits, all->size()) << text;
        EXPECT_EQ(counts.events, events.size()) << text;
        EXPECT_EQ(counts.turns, turns.size()) << text;
    }
    for (const char* by_text : {"turn.speaker", "event.date:month"}) {
        const auto by = query::parse_group_by(by_text).value();
        const auto expected = query::distribution(index, all.value(), by);
        const auto streamed = query::distribution(ranged, by, 3);
        ASSERT_TRUE(streamed.ok()) << text;
        EXPECT_EQ(streamed->hits, all->size()) << text << " by " << by_text;
        ASSERT_EQ(streamed->rows.size(), expected.size()) << text << " by " << by_text;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            EXPECT_EQ(streamed->rows[i].value, expected[i].value) << text << " by " << by_text;
            EXPECT_EQ(streamed->rows[i].hits, expected[i].hits) << text << " by " << by_text << " " << expected[i].value;
            EXPECT_EQ(streamed->rows[i].tokens, expected[i].tokens) << text << " by " << by_text << " " << expected[i].value;
        }
    }
}

// Compares both engines on `text`; returns false after reporting a difference.
// max_span: the random queries use a short span limit so that `[]+ [x]*` stays cheap for the reference
// (its cost grows with the square of the span), under sanitizers too.
bool same_hits(const index::Index& index, const std::vector<query::MemoryCorpus>& views, const std::string& text,
               std::uint64_t seed, std::uint32_t max_span = 500,
               query::MatchingStrategy matching = query::MatchingStrategy::standard) {
    auto parsed = query::cql::parse_cql(text);
    if (!parsed) {
        ADD_FAILURE() << "seed " << seed << ": does not parse: " << text << ": " << parsed.error().message;
        return false;
    }
    query::QueryOptions options;
    options.max_span = max_span;
    options.matching = matching;
    auto compiled = query::CorpusQuery::compile(index, parsed.value(), options);
    query::QueryOptions split = options;
    split.split_tokens = 300;  // several ranges, so step 2 across range borders is exercised
    auto ranged = query::CorpusQuery::compile(index, parsed.value(), split);
    if (!compiled || !ranged) {
        ADD_FAILURE() << "seed " << seed << ": does not compile: " << text;
        return false;
    }
    for (std::size_t s = 0; s < views.size(); ++s) {
        auto t0 = std::chrono::steady_clock::now();
        query::ReferenceOptions reference_options;
        reference_options.max_span = max_span;
        reference_options.matching = matching;
        auto expected = query::evaluate_reference(parsed.value(), views[s], reference_options);
        auto t1 = std::chrono::steady_clock::now();
        auto got = (*compiled)->segment_hits(s);
        auto t2 = std::chrono::steady_clock::now();
        if (std::getenv("PRESSER_CQL_SLOW") && t2 - t1 > std::chrono::milliseconds(20))
            std::cout << "slow: " << (t1 - t0) / std::chrono::milliseconds(1) << " ms reference, "
                      << (t2 - t1) / std::chrono::milliseconds(1) << " ms index: " << text << "\n";
        if (!expected.ok() || !got.ok()) {
            ADD_FAILURE() << "seed " << seed << ": evaluation failed: " << text;
            return false;
        }
        std::vector<query::Hit> hits;
        const auto& events = index.segments()[s]->regions(index::Structure::event);
        for (const auto& h : got.value()) {
            hits.push_back({h.start, h.end});
            // No hit spans two press conferences.
            EXPECT_EQ(events.find(h.start), events.find(h.end - 1)) << text << ": hit " << h.start << "-" << h.end;
        }
        if (views.size() == 1) {
            EXPECT_EQ((*compiled)->count().value(), hits.size()) << text;
            EXPECT_EQ((*ranged)->count(3).value(), hits.size()) << text;
            EXPECT_EQ((*ranged)->all_hits(3).value(), got.value()) << text;
        }
        if (s == 0) same_distributions(index, **ranged, text);
        if (hits != expected.value()) {
            ADD_FAILURE() << "seed " << seed << " segment " << s << " (" << query::to_string(matching) << " matching): " << text
                          << "\n  index:     " << show(hits)
                          << "\n  reference: " << show(expected.value());
            return false;
        }
    }
    return true;
}

std::vector<query::MemoryCorpus> views_of(const index::Index& index) {
    std::vector<query::MemoryCorpus> views;
    for (const auto& segment : index.segments()) views.push_back(query::memory_view(*segment));
    return views;
}

TEST(CqlIndexEquivalence, RandomQueriesMatchTheReference) {
    const auto& index = testing::cql_fixture_index();
    const auto views = views_of(index);
    std::uint64_t tokens = 0;
    for (const auto& v : views) tokens += v.size();
    ASSERT_GT(tokens, 500u);
    // PRESSER_CQL_SEED replays a run; PRESSER_CQL_QUERIES runs more queries.
    const char* seed_text = std::getenv("PRESSER_CQL_SEED");
    const char* queries_text = std::getenv("PRESSER_CQL_QUERIES");
    const std::uint64_t seed = seed_text ? std::stoull(seed_text) : std::chrono::steady_clock::now().time_since_epoch().count() % 1000000;
    const int queries = queries_text ? std::stoi(queries_text) : 50;
    std::cout << "CqlIndexEquivalence seed " << seed << " (" << tokens << " tokens)\n";
    testing::RandomCql random(seed);
    int failures = 0;
    for (int i = 0; i < queries && failures < 5; ++i) {
        std::string text = random.pattern_query();
        if (i % 10 == 0) text = "<turn/> containing " + random.sequence(1);
        if (i % 10 == 5) text = "<s/> !containing " + random.sequence(1) + " within <turn role=\"official\"/>";
        if (i % 10 == 3 || i % 10 == 7) text = random.extended_query();
        if (!same_hits(index, views, text, seed, 40)) ++failures;
    }
}

// Every strategy, on random patterns and the extended constructs.
TEST(CqlIndexEquivalence, RandomQueriesMatchTheReferenceUnderEveryStrategy) {
    const auto& index = testing::cql_fixture_index();
    const auto views = views_of(index);
    const char* seed_text = std::getenv("PRESSER_CQL_SEED");
    const std::uint64_t seed = seed_text ? std::stoull(seed_text) : std::chrono::steady_clock::now().time_since_epoch().count() % 1000000;
    std::cout << "CqlIndexEquivalence strategies seed " << seed << "\n";
    testing::RandomCql random(seed);
    int failures = 0;
    const char* queries_text = std::getenv("PRESSER_CQL_QUERIES");
    const int queries = queries_text ? std::stoi(queries_text) : 16;
    for (int i = 0; i < queries && failures < 5; ++i) {
        const std::string text = i % 2 ? random.extended_query() : random.pattern_query();
        for (const auto matching : {query::MatchingStrategy::shortest, query::MatchingStrategy::longest, query::MatchingStrategy::all})
            if (!same_hits(index, views, text, seed, 40, matching)) ++failures;
    }
}

TEST(CqlIndexEquivalence, HandPickedQueriesMatchTheReference) {
    const auto& index = testing::cql_fixture_index();
    const auto views = views_of(index);
    for (const char* text : {
             "[lower=\"the\"]", "[lower=\"the\"] [lower=\"sanctions\"]", "[lower=\"the\"] [] [lower=\"and\"]",
             "[lower=\"sanction.*\"]", "[lower=\".*a.*\"%c] [lemma=\"tariff\"]", "[word=\"Lopez\"%d] []{0,3} \"trade\"",
             "[lower=\"the\"] []* [lower=\"trade\"]", "[lower=\"and\"]+ \"trade\"", "<s> [lower=\"the\"]",
             "[lower=\"trade\"] </s>", "a:[] [lower=\"and\"] b:[] :: a.lemma = b.lemma",
             "a:[] [lower=\"and\"] b:[] :: a.turn_speaker != b.turn_speaker", "[lower=\"the\"] within <turn speaker=\".*QIN.*\"%c/>",
             "[lower=\"the\" & _.turn_kind=\"answer\"]", "<turn kind=\"answer\"/>", "<event/> containing [lower=\"tariffs\"] [lower=\"and\"]",
             "[lower=\"the\"] [lower=\"sanctions\"] !within s", "[] [lower=\"the\"]", "[!lower=\"the\"] [lower=\"the\"]",
             "<p> [] []", "[lower=\"tariffs\"] within <event date=\"2024.*\"/>", "[lower=\"the\"]{2}",
             // The gap plan, driven by either side, with term sets and filters.
             "[lower=\"sanctions\"] []{0,2} [lower=\"trade\"]", "[lower=\"trade\"] []{1,3} [lower=\"the\"]",
             "[lower=\"the\"] []{0,4} [lower=\"lópez\"]", "[lower=\"the\"] []{0,1} [lower=\"the\"]", "[lower=\"tariffs\"] []{2} [lower=\"and\"]",
             "[lower=\"and\"] []{0,3} [lower=\"sanctions\"] within s", "[lower=\"the\"] []{0,5} [lower=\"trade\"] within <turn kind=\"answer\"/>",
             "[lower=\"tariff.*\"] []{0,2} [lower=\"are|and\"]", "[lower=\"are|and\"] []{0,6} [lower=\"the\"] !within p",
             "[lower=\"the\"] []* [lower=\"trade\"] within s", "[lower=\"sanctions\"] []{2,} [lower=\"the\"]",
             "[lower=\"and\"] []* [lower=\"tariffs\"] within <turn kind=\"answer\"/>", "[lower=\"the\"] []+ [lower=\"and\"]",
             // Labels at fixed offsets (the phrase plan), a known term's label checked by postings.
             "a:[lower=\"the\"] b:[] :: a.lower = b.lower", "a:[lower=\"and\"] [] b:[] :: b.lower = a.lower",
             "a:[lower=\"the\"] b:[] :: a.lower != b.lower", "a:[word=\"The\"] b:[] :: a.lower = b.lower",
             "a:[lower=\"the\"] b:[lower=\"the|and\"] :: a.lower = b.lower", "a:[lower=\"the\"] [] b:[] :: a.word = b.word",
             "a:[lower=\"trade\"] b:[] :: a.turn_speaker = b.turn_speaker",
         })
        EXPECT_TRUE(same_hits(index, views, text, 0));
}

TEST(CqlIndexEquivalence, MetadataFiltersRestrictTurnsAndEvents) {
    const auto& index = testing::cql_fixture_index();
    auto parsed = query::cql::parse_cql("[lower=\"the\"]");
    ASSERT_TRUE(parsed.ok());
    query::QueryOptions options;
    auto all = query::CorpusQuery::compile(index, parsed.value(), options);
    options.filter.date_from = "2024";
    auto recent = query::CorpusQuery::compile(index, parsed.value(), options);
    auto within = query::cql::parse_cql("[lower=\"the\"] within <event date=\"2024.*\"/>");
    auto same = query::CorpusQuery::compile(index, within.value());
    ASSERT_TRUE(all.ok() && recent.ok() && same.ok());
    EXPECT_LT((*recent)->count().value(), (*all)->count().value());
    EXPECT_EQ((*recent)->all_hits().value(), (*same)->all_hits().value());
    std::atomic<bool> cancel{true};
    query::QueryOptions cancelled;
    cancelled.cancel = &cancel;
    auto any = query::cql::parse_cql("[]");
    auto q = query::CorpusQuery::compile(index, any.value(), cancelled);
    auto result = (*q)->count();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message, "cancelled");
}

}  // namespace
}  // namespace presser
