// A small made-up corpus for the analysis tests (collocations, n-grams, hit breakdown), indexed once per
// test into a scratch directory, and comparisons of the engine's tables with the reference ones.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "analysis/token_spans.h"
#include "index/index.h"
#include "index_test_support.h"
#include "query/corpus_query.h"
#include "query/cql_parser.h"

namespace presser::testing::colloc {

inline void write_text(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

// Three briefings where "sanctions" keeps company with "Iran", the same formulae recur across events, and
// one event is replaced (its first version's tokens are deleted and must count nowhere).
inline void write_small_corpus(const std::filesystem::path& folder) {
    write_text(folder / "a.txt",
               "Q: What about the sanctions on Iran? Will the sanctions on Iran stay?\n\n"
               "MR. SMITH: Thank you for the question. The sanctions on Iran remain in place. Sanctions work.\n\n"
               "Q: And the sanctions on Russia?\n\n"
               "MR. SMITH: Thank you for the question. We do not comment on sanctions sanctions.\n");
    write_text(folder / "b.txt",
               "Q: Thank you. Are new sanctions coming?\n\n"
               "MS. JONES: Thank you for the question. New sanctions on Iran are coming, and the sanctions are strong.\n\n"
               "Q: When?\n\n"
               "MS. JONES: Soon. Thank you for the question.\n");
    write_text(folder / "c.txt",
               "Q: Is the economy strong?\n\n"
               "MR. SMITH: The economy is strong. Thank you for the question.\n");
}

struct CollocIndex {
    ScratchDir scratch{"colloc"};
    std::unique_ptr<index::Index> index;

    CollocIndex() {
        const auto corpus = scratch.path() / "in";
        write_small_corpus(corpus);
        const auto idx = scratch.path() / "idx";
        EXPECT_TRUE(index::build_index(idx, {corpus.string()}, {}).ok());
        // Replace c: its old event stays in its segment, deleted.
        write_text(corpus / "c.txt", "Q: Is the economy strong now?\n\nMR. SMITH: The economy is strong. Sanctions on Iran are not.\n");
        EXPECT_TRUE(index::build_index(idx, {corpus.string()}, {}).ok());
        auto opened = index::Index::open(idx);
        EXPECT_TRUE(opened.ok());
        index = std::make_unique<index::Index>(std::move(opened.value()));
    }
};

inline std::shared_ptr<const query::CorpusQuery> compile(const index::Index& index, const std::string& cql) {
    auto parsed = query::cql::parse_cql(cql);
    EXPECT_TRUE(parsed.ok()) << cql;
    auto compiled = query::CorpusQuery::compile(index, parsed.value());
    EXPECT_TRUE(compiled.ok()) << cql;
    return compiled.value();
}

// A random subcorpus of `whole`: in each segment a few random stretches of its live spans.
inline analysis::TokenSpans random_subcorpus(const index::Index& index, std::mt19937& random, int stretches) {
    const auto whole = analysis::whole_corpus(index);
    analysis::TokenSpans out;
    for (const auto& list : whole.segments) {
        std::vector<analysis::TokenSpan> picked;
        for (const auto& span : list) {
            for (int i = 0; i < stretches; ++i) {
                std::uniform_int_distribution<std::uint32_t> at(span.start, span.end - 1);
                auto a = at(random), b = at(random);
                if (a > b) std::swap(a, b);
                picked.push_back({a, b + 1});
            }
        }
        analysis::normalise(picked);
        out.segments.push_back(std::move(picked));
    }
    return analysis::intersect(out, whole);
}

}  // namespace presser::testing::colloc
