// Algebraic properties of the reference evaluator on random queries over random corpora: checks of the
// specification against itself, and the harness later reused to compare the index with it.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cql_random_query.h"
#include "query/cql_parser.h"
#include "query/reference_evaluator.h"

namespace presser {
namespace {

using query::Hit;

// Step 1 of the standard strategy only: the shortest match of every start.
query::ReferenceOptions per_start() {
    query::ReferenceOptions options;
    options.collapse_same_end = false;
    return options;
}

std::vector<Hit> hits_of(const std::string& text, const query::MemoryCorpus& corpus,
                         const query::ReferenceOptions& options = {}) {
    Result<query::cql::Query> parsed = query::cql::parse_cql(text);
    EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message);
    if (!parsed.ok()) return {};
    Result<std::vector<Hit>> hits = query::evaluate_reference(parsed.value(), corpus, options);
    EXPECT_TRUE(hits.ok()) << text;
    return hits.ok() ? hits.value() : std::vector<Hit>{};
}

std::map<std::uint32_t, std::uint32_t> by_start(const std::vector<Hit>& hits) {
    std::map<std::uint32_t, std::uint32_t> out;
    for (const Hit& hit : hits) out[hit.start] = hit.end;
    return out;
}

constexpr int kRounds = 40;
constexpr std::uint32_t kTokens = 60;  // below the span limit, so only regions bound matches

TEST(CqlReferenceProperties, RandomQueriesRoundTripAndGiveOneShortestHitPerStart) {
    for (int round = 0; round < kRounds; ++round) {
        testing::RandomCql random(static_cast<std::uint64_t>(round));
        query::MemoryCorpus corpus = random.corpus(kTokens);
        std::string text = random.pattern_query();
        Result<query::cql::Query> parsed = query::cql::parse_cql(text);
        ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.error().message;
        EXPECT_EQ(query::cql::parse_cql(query::cql::to_string(parsed.value())).value(), parsed.value()) << text;
        std::vector<Hit> hits = hits_of(text, corpus);
        std::set<std::uint32_t> ends;
        for (std::size_t i = 0; i < hits.size(); ++i) {
            EXPECT_LT(hits[i].start, hits[i].end) << text;
            EXPECT_LE(hits[i].end, kTokens) << text;
            EXPECT_TRUE(ends.insert(hits[i].end).second) << text << ": two hits end at " << hits[i].end;
            if (i > 0) {
                EXPECT_LT(hits[i - 1].start, hits[i].start) << text;
            }
        }
        // Step 2 keeps, of the step-1 hits sharing an end, the first.
        std::vector<Hit> expected;
        std::set<std::uint32_t> seen;
        for (const Hit& hit : hits_of(text, corpus, per_start()))
            if (seen.insert(hit.end).second) expected.push_back(hit);
        EXPECT_EQ(hits, expected) << text;
    }
}

bool inside_some(const Hit& hit, const std::vector<query::MemoryRegion>& regions) {
    return std::any_of(regions.begin(), regions.end(),
                       [&](const query::MemoryRegion& r) { return r.start <= hit.start && hit.end <= r.end; });
}

// !within X drops the hits inside X; within X keeps those and may add hits that lay in longer hits.
TEST(CqlReferenceProperties, WithinAndNotWithinFilterTheHits) {
    const std::vector<std::string> names = {"s", "turn", "event"};
    for (int round = 0; round < kRounds; ++round) {
        testing::RandomCql random(5000 + static_cast<std::uint64_t>(round));
        query::MemoryCorpus corpus = random.corpus(kTokens);
        std::string text = random.alternatives(0);
        const std::string& name = names[static_cast<std::size_t>(round) % names.size()];
        const std::vector<query::MemoryRegion>& regions = corpus.regions[name];
        std::vector<Hit> all = hits_of(text, corpus);
        std::vector<Hit> inside = hits_of(text + " within " + name, corpus);
        std::vector<Hit> outside;
        for (const Hit& hit : all)
            if (!inside_some(hit, regions)) outside.push_back(hit);
        EXPECT_EQ(hits_of(text + " !within " + name, corpus), outside) << text << " / " << name;
        for (const Hit& hit : inside) EXPECT_TRUE(inside_some(hit, regions)) << text << " / " << name;
        for (const Hit& hit : all) {
            if (inside_some(hit, regions)) {
                EXPECT_TRUE(std::binary_search(inside.begin(), inside.end(), hit)) << text << " / " << name;
            }
        }
    }
}

// Before step 2, within X and !within X split the shortest matches of every start.
TEST(CqlReferenceProperties, WithinAndNotWithinPartitionTheMatchesOfEachStart) {
    const std::vector<std::string> targets = {"s", "turn", "<turn role=\"official\"/>", "<event date=\"2023.*\"/>"};
    for (int round = 0; round < kRounds; ++round) {
        testing::RandomCql random(1000 + static_cast<std::uint64_t>(round));
        query::MemoryCorpus corpus = random.corpus(kTokens);
        std::string text = random.alternatives(0);
        const std::string& target = targets[static_cast<std::size_t>(round) % targets.size()];
        std::vector<Hit> all = hits_of(text, corpus, per_start());
        std::vector<Hit> inside = hits_of(text + " within " + target, corpus, per_start());
        std::vector<Hit> outside = hits_of(text + " !within " + target, corpus, per_start());
        std::vector<Hit> merged = inside;
        merged.insert(merged.end(), outside.begin(), outside.end());
        std::sort(merged.begin(), merged.end());
        EXPECT_EQ(merged, all) << text << " / " << target;
    }
}

// The hit of A | B at a start is the shorter of A's and B's hits there.
TEST(CqlReferenceProperties, AlternativesTakeTheShorterHitAtEachStart) {
    for (int round = 0; round < kRounds; ++round) {
        testing::RandomCql random(2000 + static_cast<std::uint64_t>(round));
        query::MemoryCorpus corpus = random.corpus(kTokens);
        std::string a = random.sequence(1), b = random.sequence(1);
        std::map<std::uint32_t, std::uint32_t> expected = by_start(hits_of(a, corpus, per_start()));
        for (const auto& [start, end] : by_start(hits_of(b, corpus, per_start()))) {
            auto [it, inserted] = expected.emplace(start, end);
            if (!inserted) it->second = std::min(it->second, end);
        }
        EXPECT_EQ(by_start(hits_of(a + " | " + b, corpus, per_start())), expected) << a << " | " << b;
    }
}

// <turn/> containing Q: the turns inside which some match of Q lies; !containing the others.
TEST(CqlReferenceProperties, ContainingAgreesWithTheHitsOfTheSubquery) {
    for (int round = 0; round < kRounds; ++round) {
        testing::RandomCql random(3000 + static_cast<std::uint64_t>(round));
        query::MemoryCorpus corpus = random.corpus(kTokens);
        std::string q = random.alternatives(0);
        std::vector<Hit> hits = hits_of(q, corpus, per_start());
        std::vector<Hit> expected_in, expected_out;
        for (const query::MemoryRegion& turn : corpus.regions["turn"]) {
            bool contains = std::any_of(hits.begin(), hits.end(), [&](const Hit& hit) {
                return turn.start <= hit.start && hit.end <= turn.end;
            });
            (contains ? expected_in : expected_out).push_back({turn.start, turn.end});
        }
        EXPECT_EQ(hits_of("<turn/> containing " + q, corpus), expected_in) << q;
        EXPECT_EQ(hits_of("<turn/> !containing " + q, corpus), expected_out) << q;
    }
}

// A trailing optional element never changes the hits; a leading [] shifts them by one token, except a hit
// that opens an event (the [] would cross into the event before).
TEST(CqlReferenceProperties, TrailingOptionalAndLeadingAnyToken) {
    for (int round = 0; round < kRounds; ++round) {
        testing::RandomCql random(4000 + static_cast<std::uint64_t>(round));
        query::MemoryCorpus corpus = random.corpus(kTokens);
        // A mandatory first token: q never matches zero tokens.
        std::string q = random.token() + " " + random.sequence(1);
        std::vector<Hit> hits = hits_of(q, corpus);
        EXPECT_EQ(hits_of("(" + q + ") " + random.token() + "?", corpus), hits) << q;
        std::vector<Hit> shifted;
        auto opens_event = [&](std::uint32_t position) {
            const auto& events = corpus.regions["event"];
            return std::any_of(events.begin(), events.end(), [&](const query::MemoryRegion& e) { return e.start == position; });
        };
        for (const Hit& hit : hits_of(q, corpus, per_start()))
            if (hit.start > 0 && !opens_event(hit.start)) shifted.push_back({hit.start - 1, hit.end});
        std::vector<Hit> with_any = hits_of("[] (" + q + ")", corpus, per_start());
        EXPECT_EQ(with_any, shifted) << q;
    }
}

}  // namespace
}  // namespace presser
