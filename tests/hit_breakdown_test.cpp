// Hit breakdown (--group-by match.ATTR): every distinct form of the matches with its count, against the
// forms read token by token from each hit.
#include <gtest/gtest.h>

#include <map>

#include "analysis/hit_breakdown.h"
#include "colloc_fixture.h"
#include "query/cql_parser.h"

namespace presser::testing::colloc {

std::map<std::string, std::uint64_t> forms_by_hand(const index::Index& index, const query::CorpusQuery& query, index::Attribute attribute) {
    std::map<std::string, std::uint64_t> out;
    auto hits = query.all_hits();
    EXPECT_TRUE(hits.ok());
    for (const auto& hit : hits.value()) {
        const auto& segment = *index.segments()[hit.segment];
        std::string form;
        for (auto p = hit.start; p < hit.end; ++p) {
            const auto term = segment.term_at(attribute, p);
            if (p > hit.start) form += ' ';
            if (term < segment.lexicon(attribute).size()) form += segment.lexicon(attribute).term(term);
        }
        ++out[form];
    }
    return out;
}

TEST(HitBreakdown, EveryFormCountedAsTheHitsSpellIt) {
    CollocIndex fixture;
    const auto& index = *fixture.index;
    for (const std::string cql : {"[lower=\"sanctions|thank\"]", "[lower=\"the\"] []", "[lemma=\"be\"]", "\"q\"", "[] [] []"}) {
        for (const auto attribute : index::kAttributes) {
            const auto query = compile(index, cql);
            auto breakdown = analysis::hit_breakdown(*query, {attribute, ""}, index.tokens(), 2);
            ASSERT_TRUE(breakdown.ok());
            const auto expected = forms_by_hand(index, *query, attribute);
            std::map<std::string, std::uint64_t> got;
            std::uint64_t total = 0;
            for (std::size_t i = 0; i < breakdown->rows.size(); ++i) {
                const auto& row = breakdown->rows[i];
                got[row.form] = row.hits;
                total += row.hits;
                if (i > 0) {
                    EXPECT_GE(breakdown->rows[i - 1].hits, row.hits);
                }
                EXPECT_DOUBLE_EQ(*row.per_million, row.hits * 1e6 / static_cast<double>(index.tokens()));
            }
            EXPECT_EQ(got, expected) << cql << " by " << index::to_string(attribute);
            EXPECT_EQ(total, breakdown->hits);
        }
    }
}

// The form of the token `offset` after the start (or before the end) of each hit, by hand.
std::map<std::string, std::uint64_t> label_forms_by_hand(const index::Index& index, const query::CorpusQuery& query, index::Attribute attribute,
                                                         bool from_end, std::uint32_t offset) {
    std::map<std::string, std::uint64_t> out;
    auto hits = query.all_hits();
    EXPECT_TRUE(hits.ok());
    for (const auto& hit : hits.value()) {
        const auto& segment = *index.segments()[hit.segment];
        const auto p = from_end ? hit.end - 1 - offset : hit.start + offset;
        const auto term = segment.term_at(attribute, p);
        ++out[term < segment.lexicon(attribute).size() ? std::string(segment.lexicon(attribute).term(term)) : std::string()];
    }
    return out;
}

TEST(HitBreakdown, ByALabelledToken) {
    CollocIndex fixture;
    const auto& index = *fixture.index;
    struct Case {
        std::string cql, label;
        bool from_end;
        std::uint32_t offset;
    };
    for (const auto& c : std::vector<Case>{{"a:[] [lower=\"sanctions\"]", "a", false, 0},
                                           {"[lower=\"the\"] b:[] []{0,2} [lower=\"on\"]", "b", false, 1},
                                           {"[lower=\"the\"] []{0,2} b:[] [lower=\"on\"]", "b", true, 1},
                                           {"<s> x:[] []*", "x", false, 0}}) {
        auto parsed = query::cql::parse_cql(c.cql);
        ASSERT_TRUE(parsed.ok()) << c.cql;
        auto position = analysis::label_position(parsed.value(), c.label);
        ASSERT_TRUE(position.ok()) << c.cql << ": " << position.error().message;
        EXPECT_EQ(position->from_end, c.from_end) << c.cql;
        EXPECT_EQ(position->offset, c.offset) << c.cql;
        const auto query = compile(index, c.cql);
        auto breakdown = analysis::hit_breakdown(*query, {index::Attribute::lower, c.label}, std::nullopt, 2, position.value());
        ASSERT_TRUE(breakdown.ok());
        std::map<std::string, std::uint64_t> got;
        for (const auto& row : breakdown->rows) {
            got[row.form] = row.hits;
            EXPECT_FALSE(row.per_million.has_value());
        }
        EXPECT_FALSE(got.empty()) << c.cql;
        EXPECT_EQ(got, label_forms_by_hand(index, *query, index::Attribute::lower, c.from_end, c.offset)) << c.cql;
    }
    for (const auto& [cql, message] : std::vector<std::pair<std::string, std::string>>{
             {"a:[] [lower=\"x\"]", "the query has no label 'b'"},
             {"[]{0,1} b:[] []{0,1}", "label 'b' is not at a fixed distance"},
             {"[lower=\"x\"]+ b:[] [lower=\"y\"]+", "label 'b' is not at a fixed distance"}}) {
        auto parsed = query::cql::parse_cql(cql);
        ASSERT_TRUE(parsed.ok()) << cql;
        auto position = analysis::label_position(parsed.value(), "b");
        ASSERT_FALSE(position.ok()) << cql;
        EXPECT_NE(position.error().message.find(message), std::string::npos) << position.error().message;
    }
}

TEST(HitBreakdown, ParsesMatchAttributesAndRefusesOthers) {
    EXPECT_FALSE(analysis::parse_match_group_by("turn.speaker").has_value());
    auto lower = analysis::parse_match_group_by("match.lower");
    ASSERT_TRUE(lower.has_value() && lower->ok());
    EXPECT_EQ(lower->value().attribute, index::Attribute::lower);
    auto labelled = analysis::parse_match_group_by("a.lemma");
    ASSERT_TRUE(labelled.has_value() && labelled->ok());
    EXPECT_EQ(labelled->value().label, "a");
    EXPECT_EQ(labelled->value().attribute, index::Attribute::lemma);
    EXPECT_FALSE(analysis::parse_match_group_by("event.date:month").has_value());
    auto bad = analysis::parse_match_group_by("match.colour");
    ASSERT_TRUE(bad.has_value());
    ASSERT_FALSE(bad->ok());
    EXPECT_NE(bad->error().message.find("'colour'"), std::string::npos);
    EXPECT_NE(bad->error().message.find("match.word, match.lower or match.lemma"), std::string::npos);
}

}  // namespace presser::testing::colloc
