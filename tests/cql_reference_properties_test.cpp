// Algebraic properties of the reference evaluator on random queries over random corpora: checks of the
// specification against itself, and the harness later reused to compare the index with it.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cql_random_query.h"
#include "query/cql_parser.h"
#include "query/reference_evaluator.h"

namespace presser {
namespace {

using query::Hit;

std::vector<Hit> hits_of(const std::string& text, const query::MemoryCorpus& corpus) {
    Result<query::cql::Query> parsed = query::cql::parse_cql(text);
    EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message);
    if (!parsed.ok()) return {};
    Result<std::vector<Hit>> hits = query::evaluate_reference(parsed.value(), corpus);
    EXPECT_TRUE(hits.ok()) << text;
    return hits.ok() ? hits.value() : std::vector<Hit>{};
}

std::map<std::uint32_t, std::uint32_t> by_start(const std::vector<Hit>& hits) {
    std::map<std::uint32_t, std::uint32_t> out;
    for (const Hit& hit : hits) out[hit.start] = hit.end;
    return out;
}

constexpr int kRounds = 60;
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
        for (std::size_t i = 0; i < hits.size(); ++i) {
            EXPECT_LT(hits[i].start, hits[i].end) << text;
            EXPECT_LE(hits[i].end, kTokens) << text;
            if (i > 0) {
                EXPECT_LT(hits[i - 1].start, hits[i].start) << text;
            }
        }
    }
}

// within X and !within X split the hits of the query without them.
TEST(CqlReferenceProperties, WithinAndNotWithinPartitionTheHits) {
    const std::vector<std::string> targets = {"s", "turn", "<turn role=\"official\"/>", "<event date=\"2023.*\"/>"};
    for (int round = 0; round < kRounds; ++round) {
        testing::RandomCql random(1000 + static_cast<std::uint64_t>(round));
        query::MemoryCorpus corpus = random.corpus(kTokens);
        std::string text = random.alternatives(0);
        const std::string& target = targets[static_cast<std::size_t>(round) % targets.size()];
        std::vector<Hit> all = hits_of(text, corpus);
        std::vector<Hit> inside = hits_of(text + " within " + target, corpus);
        std::vector<Hit> outside = hits_of(text + " !within " + target, corpus);
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
        std::map<std::uint32_t, std::uint32_t> expected = by_start(hits_of(a, corpus));
        for (const auto& [start, end] : by_start(hits_of(b, corpus))) {
            auto [it, inserted] = expected.emplace(start, end);
            if (!inserted) it->second = std::min(it->second, end);
        }
        EXPECT_EQ(by_start(hits_of(a + " | " + b, corpus)), expected) << a << " | " << b;
    }
}

// <turn/> containing Q: the turns inside which some hit of Q lies; !containing the others.
TEST(CqlReferenceProperties, ContainingAgreesWithTheHitsOfTheSubquery) {
    for (int round = 0; round < kRounds; ++round) {
        testing::RandomCql random(3000 + static_cast<std::uint64_t>(round));
        query::MemoryCorpus corpus = random.corpus(kTokens);
        std::string q = random.alternatives(0);
        std::vector<Hit> hits = hits_of(q, corpus);
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

// A trailing optional element never changes the hits; a leading [] shifts them by one token.
TEST(CqlReferenceProperties, TrailingOptionalAndLeadingAnyToken) {
    for (int round = 0; round < kRounds; ++round) {
        testing::RandomCql random(4000 + static_cast<std::uint64_t>(round));
        query::MemoryCorpus corpus = random.corpus(kTokens);
        // A mandatory first token: q never matches zero tokens.
        std::string q = random.token() + " " + random.sequence(1);
        std::vector<Hit> hits = hits_of(q, corpus);
        EXPECT_EQ(hits_of("(" + q + ") " + random.token() + "?", corpus), hits) << q;
        std::vector<Hit> shifted;
        for (const Hit& hit : hits)
            if (hit.start > 0) shifted.push_back({hit.start - 1, hit.end});
        std::vector<Hit> with_any = hits_of("[] (" + q + ")", corpus);
        EXPECT_EQ(with_any, shifted) << q;
    }
}

}  // namespace
}  // namespace presser
