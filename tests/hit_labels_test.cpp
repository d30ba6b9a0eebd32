// Where a hit's labels lie (query/hit_labels.h), on the small index of samples/ plus generated
// transcripts: queries whose labels sit where the query's shape puts them, so every hit's labels can be
// stated without running the labeler; and the words Concordancer::line gives them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cql_index_fixture.h"
#include "query/concordance.h"
#include "query/corpus_query.h"
#include "query/cql_parser.h"
#include "query/hit_labels.h"

namespace presser {
namespace {

using query::IndexHit;
using query::LabelSpan;

std::shared_ptr<const query::CorpusQuery> compile(const std::string& cql, query::MatchingStrategy matching = query::MatchingStrategy::standard) {
    auto parsed = query::cql::parse_cql(cql);
    EXPECT_TRUE(parsed.ok()) << cql;
    query::QueryOptions options;
    options.matching = matching;
    auto compiled = query::CorpusQuery::compile(testing::cql_fixture_index(), parsed.value(), options);
    EXPECT_TRUE(compiled.ok()) << cql;
    return compiled.value();
}

std::vector<IndexHit> hits_of(const query::CorpusQuery& q) {
    auto hits = q.all_hits(1);
    EXPECT_TRUE(hits.ok());
    EXPECT_FALSE(hits.value().empty());
    return hits.value();
}

std::string lower_at(const IndexHit& hit, std::uint32_t pos) {
    const auto& segment = *testing::cql_fixture_index().segments()[hit.segment];
    return std::string(segment.lexicon(index::Attribute::lower).term(segment.term_at(index::Attribute::lower, pos)));
}

TEST(HitLabels, TokenLabelsAtFixedOffsets) {
    const auto q = compile(R"(a:[] [lower="and"] b:[])");
    query::HitLabeler labeler(*q);
    ASSERT_TRUE(labeler.any());
    EXPECT_EQ(q->label_names(), (std::vector<std::string>{"a", "b"}));
    for (const auto& hit : hits_of(*q))
        EXPECT_EQ(labeler.labels(hit), (std::vector<LabelSpan>{{"a", hit.start, hit.start + 1}, {"b", hit.start + 2, hit.start + 3}}))
            << hit.segment << ":" << hit.start;
}

TEST(HitLabels, GroupLabelSpansEveryRepetitionAndLabelsComeInTheOrderDefined) {
    const auto q = compile(R"(z:[lower="and"] g:([lower="the|tariffs|trade"]+))", query::MatchingStrategy::longest);
    query::HitLabeler labeler(*q);
    bool repeated = false;
    for (const auto& hit : hits_of(*q)) {
        EXPECT_EQ(labeler.labels(hit), (std::vector<LabelSpan>{{"z", hit.start, hit.start + 1}, {"g", hit.start + 1, hit.end}}));
        repeated = repeated || hit.end - hit.start > 2;
    }
    EXPECT_TRUE(repeated);
}

TEST(HitLabels, AnOptionalLabelSkippedIsAbsent) {
    const auto q = compile(R"((c:[lower="the"])? a:[lower="tariffs"])");
    query::HitLabeler labeler(*q);
    bool with = false, without = false;
    for (const auto& hit : hits_of(*q)) {
        if (hit.end - hit.start == 2) {
            with = true;
            EXPECT_EQ(labeler.labels(hit), (std::vector<LabelSpan>{{"c", hit.start, hit.start + 1}, {"a", hit.start + 1, hit.end}}));
        } else {
            without = true;
            EXPECT_EQ(labeler.labels(hit), (std::vector<LabelSpan>{{"a", hit.start, hit.end}}));
        }
    }
    EXPECT_TRUE(with);
    EXPECT_TRUE(without);
}

TEST(HitLabels, ThePathShownSatisfiesTheConstraints) {
    // x and y could each be either end token of the gap; the constraint makes them agree.
    const auto q = compile(R"(x:[lower="tariffs|trade"] []{0,2} y:[lower="tariffs|trade"] :: x.lower = y.lower)");
    query::HitLabeler labeler(*q);
    for (const auto& hit : hits_of(*q)) {
        const auto labels = labeler.labels(hit);
        ASSERT_EQ(labels.size(), 2u);
        EXPECT_EQ(labels[0], (LabelSpan{"x", hit.start, hit.start + 1}));
        EXPECT_EQ(labels[1], (LabelSpan{"y", hit.end - 1, hit.end}));
        EXPECT_EQ(lower_at(hit, labels[0].start), lower_at(hit, labels[1].start));
    }
}

TEST(HitLabels, OnlyThePatternsOwnLabels) {
    const auto q = compile(R"(a:[] [lower="and"] [] containing b:[lower="and"])");
    EXPECT_EQ(q->label_names(), std::vector<std::string>{"a"});
    query::HitLabeler labeler(*q);
    for (const auto& hit : hits_of(*q)) EXPECT_EQ(labeler.labels(hit), (std::vector<LabelSpan>{{"a", hit.start, hit.start + 1}}));
    const auto unlabelled = compile(R"([lower="and"] [])");
    query::HitLabeler none(*unlabelled);
    EXPECT_FALSE(none.any());
    EXPECT_TRUE(none.labels(hits_of(*unlabelled).front()).empty());
    EXPECT_TRUE(compile("<s/>")->label_names().empty());
}

TEST(HitLabels, KwicLinesShowTheLabelsWords) {
    const auto q = compile(R"(a:[] [lower="and"] g:([]{2}))");
    const auto hits = hits_of(*q);
    const auto lines = query::kwic_lines(testing::cql_fixture_index(), hits, {8, false}, 2, q.get());
    ASSERT_EQ(lines.size(), hits.size());
    for (const auto& line : lines) {
        ASSERT_EQ(line.labels.size(), 2u);
        EXPECT_EQ(line.labels[0].name, "a");
        EXPECT_EQ(line.labels[1].name, "g");
        EXPECT_EQ(line.labels[1].start, line.hit.start + 2);
        EXPECT_EQ(line.labels[1].end, line.hit.end);
        // The match opens with a's word and closes with g's two.
        EXPECT_EQ(line.match.substr(0, line.labels[0].text.size()), line.labels[0].text) << line.match;
        ASSERT_GE(line.match.size(), line.labels[1].text.size());
        EXPECT_EQ(line.match.substr(line.match.size() - line.labels[1].text.size()), line.labels[1].text) << line.match;
        EXPECT_NE(line.labels[1].text.find_first_not_of(' '), std::string::npos);
    }
    const auto plain = query::kwic_lines(testing::cql_fixture_index(), hits, {8, false});
    for (const auto& line : plain) EXPECT_TRUE(line.labels.empty());
}

}  // namespace
}  // namespace presser
