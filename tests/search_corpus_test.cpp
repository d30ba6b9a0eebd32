// Known questions of mfa-zh/pairs.csv, searched with their own most distinctive words, must come back at
// rank 1. The index of mfa-zh/pages is kept under the temp dir between runs (build_index skips unchanged
// files), so only the first run pays for the ingest.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <set>

#include "index/index.h"
#include "search/searcher.h"
#include "test_paths.h"
#include "text/analyzer.h"

namespace presser::search {
namespace {

std::vector<std::vector<std::string>> read_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            rows.back().push_back(std::move(field));
            field.clear();
            rows.emplace_back();
        } else if (c != '\r') {
            field += c;
        }
    }
    if (!field.empty() || !rows.back().empty()) rows.back().push_back(std::move(field));
    if (rows.back().empty()) rows.pop_back();
    return rows;
}

std::string without_spaces(std::string_view text) {
    std::string out;
    for (char c : text)
        if (c != ' ' && c != '\n' && c != '\t' && c != '\r') out += c;
    return out;
}

TEST(SearchCorpus, MfaKnownQuestionsAtRankOne) {
    PRESSER_REQUIRE_SHARED();
    const auto corpus = testing::shared_dir() / "corpora" / "mfa-zh";
    const auto directory = std::filesystem::temp_directory_path() / "presser-search-test-mfa-index";
    std::uint64_t pages = 0;
    for (const auto& entry : std::filesystem::directory_iterator(corpus / "pages")) pages += entry.is_regular_file();
    auto built = index::build_index(directory, {(corpus / "pages").string()}, {});
    if (!built.ok() && built.error().message.find("format version") != std::string::npos) {  // a cache of an older format
        std::filesystem::remove_all(directory);
        built = index::build_index(directory, {(corpus / "pages").string()}, {});
    }
    ASSERT_TRUE(built.ok()) << built.error().describe();
    auto opened = index::Index::open(directory);
    ASSERT_TRUE(opened.ok()) << opened.error().describe();
    if (opened->events() != pages) {  // a cache left by an older index format: start again
        std::filesystem::remove_all(directory);
        ASSERT_TRUE(index::build_index(directory, {(corpus / "pages").string()}, {}).ok());
        opened = index::Index::open(directory);
        ASSERT_TRUE(opened.ok()) << opened.error().describe();
    }
    ASSERT_EQ(opened->events(), pages);
    const auto& idx = opened.value();
    Searcher searcher(idx);
    text::Analyzer analyzer;

    const auto rows = read_csv(testing::read_file(corpus / "pairs.csv"));
    ASSERT_GT(rows.size(), 100u);
    const auto header = rows[0];
    const auto column = [&](std::string_view name) {
        return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    const auto date_column = column("date"), question_column = column("question");
    ASSERT_LT(question_column, header.size());

    auto occurrences = [&](const std::string& lower) {
        std::uint64_t total = 0;
        for (const auto& segment : idx.segments()) {
            const auto& lexicon = segment->lexicon(index::Attribute::lower);
            if (const auto id = lexicon.terms().find(lower)) total += lexicon.count(*id);
        }
        return total;
    };

    double reciprocal_ranks = 0;
    std::size_t asked = 0, at_one = 0;
    std::uint64_t matches = 0, scored = 0;
    for (std::size_t r = 1; r < rows.size(); r += 20) {
        const auto& row = rows[r];
        if (row.size() <= question_column) continue;
        std::string question = row[question_column];
        // "新华社记者：..." : the outlet label is the speaker, not the turn's text.
        if (const auto colon = question.find("："); colon != std::string::npos && colon < 40) question = question.substr(colon + 3);
        std::vector<text::Token> tokens;
        analyzer.tokenize(question, "zh", tokens);
        std::vector<std::pair<std::uint64_t, std::string>> candidates;
        std::set<std::string> seen;
        for (const auto& token : tokens) {
            const auto lower = analyzer.lower(std::string_view(question).substr(token.begin, token.end - token.begin));
            if (lower.size() < 4 || !seen.insert(lower).second) continue;  // at least two CJK characters / 4 bytes
            const auto count = occurrences(lower);
            if (count > 0) candidates.emplace_back(count, lower);
        }
        std::sort(candidates.begin(), candidates.end());
        if (candidates.size() > 5) candidates.resize(5);
        if (candidates.empty()) continue;
        std::string query;
        for (const auto& [count, word] : candidates) query += (query.empty() ? "" : " OR ") + word;

        SearchOptions options;
        options.limit = 10;
        options.snippets = false;
        auto result = searcher.search(query, options);
        ASSERT_TRUE(result.ok()) << query << ": " << result.error().message;
        ++asked;
        matches += result->total;
        scored += result->scored;
        if (asked <= 8) {
            // MaxScore skips units that cannot make the top 10: the same 10 as scoring every match.
            SearchOptions everything = options;
            everything.limit = 1000000;
            auto all = searcher.search(query, everything);
            ASSERT_TRUE(all.ok());
            EXPECT_EQ(all->total, result->total);
            EXPECT_EQ(all->scored, all->total);
            ASSERT_GE(all->hits.size(), result->hits.size());
            for (std::size_t h = 0; h < result->hits.size(); ++h) {
                EXPECT_EQ(all->hits[h].unit, result->hits[h].unit) << query << " rank " << h + 1;
                EXPECT_DOUBLE_EQ(all->hits[h].score, result->hits[h].score);
            }
        }
        const auto probe = without_spaces(question).substr(0, 30);
        std::size_t rank = 0;
        for (std::size_t h = 0; h < result->hits.size() && rank == 0; ++h) {
            const auto& hit = result->hits[h];
            if (hit.date != row[date_column]) continue;
            const auto& segment = *idx.segments()[hit.segment];
            const auto& turns = segment.regions(index::Structure::turn);
            const auto& paragraphs = segment.regions(index::Structure::p);
            std::string text;
            for (auto p = paragraphs.find(turns.start(hit.unit)).value_or(0); p < paragraphs.size() && paragraphs.start(p) < turns.end(hit.unit); ++p)
                if (auto stored = segment.paragraph(p); stored.ok()) text += stored->text;
            const auto turn_text = without_spaces(text);
            // The pair's question opens this turn (or this turn is part of it).
            if (turn_text.size() < 18 || probe.size() < 18) continue;
            if (turn_text.find(probe.substr(0, 18)) != std::string::npos || probe.find(turn_text.substr(0, 18)) != std::string::npos)
                rank = h + 1;
        }
        if (rank == 1) ++at_one;
        else std::cout << "  rank " << rank << " for " << row[date_column] << " query " << query << "\n";
        reciprocal_ranks += rank > 0 ? 1.0 / static_cast<double>(rank) : 0;
    }
    ASSERT_GT(asked, 20u);
    const double mrr = reciprocal_ranks / static_cast<double>(asked);
    std::cout << "mfa-zh known questions: " << asked << " (every 20th pair), " << at_one << " at rank 1, MRR " << mrr << "; top-10 pruning scored " << scored
              << " of " << matches << " matching turns\n";
    EXPECT_GE(mrr, 0.9);
}

}  // namespace
}  // namespace presser::search
