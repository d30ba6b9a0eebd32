// Accuracy of the text layer against hand-checked lists in tests/data (how they were made: docs/text.md):
// lemmas for English and Spanish (at least 95% right), and Chinese word segmentation (at least 60% of
// the phrases exactly as expected: ICU's dictionary reaches 65%, see docs/text.md; and none cut into single
// characters throughout).
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "test_paths.h"
#include "text/analyzer.h"

namespace {

struct Row {
    std::string left, right;
};

std::vector<Row> read_tsv(const std::string& name) {
    std::vector<Row> rows;
    std::istringstream in(presser::testing::read_file(presser::testing::source_dir() / "tests" / "data" / name));
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::size_t tab = line.find('\t');
        if (tab == std::string::npos) continue;
        rows.push_back({line.substr(0, tab), line.substr(tab + 1)});
    }
    return rows;
}

void check_lemmas(const std::string& language) {
    if (!std::filesystem::exists("/usr/share/hunspell/en_US.dic")) GTEST_SKIP() << "hunspell dictionaries missing";
    std::vector<Row> rows = read_tsv("lemma-" + language + ".tsv");
    ASSERT_GE(rows.size(), 200u);
    presser::text::Analyzer analyzer;
    std::size_t right = 0;
    std::string misses;
    for (const Row& row : rows) {
        std::string lemma = analyzer.lemma(analyzer.lower(row.left), language);
        if (lemma == row.right) ++right;
        else misses += "  " + row.left + " -> " + lemma + " (expected " + row.right + ")\n";
    }
    double accuracy = 100.0 * static_cast<double>(right) / static_cast<double>(rows.size());
    std::printf("lemma accuracy %s: %.1f%% (%zu/%zu)\n%s", language.c_str(), accuracy, right, rows.size(),
                misses.c_str());
    EXPECT_GE(accuracy, 95.0);
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, separator)) {
        std::size_t b = part.find_first_not_of(' '), e = part.find_last_not_of(' ');
        if (b != std::string::npos) parts.push_back(part.substr(b, e - b + 1));
    }
    return parts;
}

TEST(LemmaAccuracy, English) { check_lemmas("en"); }
TEST(LemmaAccuracy, Spanish) { check_lemmas("es"); }

TEST(TextSegmentationZh, MatchesHandSegmentation) {
    std::vector<Row> rows = read_tsv("segmentation-zh.tsv");
    ASSERT_GE(rows.size(), 30u);
    presser::text::Analyzer analyzer;
    std::size_t exact = 0;
    std::string misses;
    for (const Row& row : rows) {
        std::vector<presser::text::Token> tokens;
        analyzer.tokenize(row.left, "zh", tokens);
        std::string got;
        std::size_t single = 0;
        for (const auto& t : tokens) {
            if (!got.empty()) got += ' ';
            got += row.left.substr(t.begin, t.end - t.begin);
            single += t.end - t.begin <= 3;
        }
        EXPECT_FALSE(tokens.size() > 2 && single == tokens.size()) << row.left << " cut into characters";
        EXPECT_FALSE(tokens.size() == 1 && row.left.size() > 12) << row.left << " left whole";
        bool ok = false;
        for (const std::string& alternative : split(row.right, '|')) ok = ok || alternative == got;
        if (ok) ++exact;
        else misses += "  " + row.left + ": " + got + " (expected " + row.right + ")\n";
    }
    double share = 100.0 * static_cast<double>(exact) / static_cast<double>(rows.size());
    std::printf("segmentation zh: %.1f%% exact (%zu/%zu)\n%s", share, exact, rows.size(), misses.c_str());
    EXPECT_GE(share, 60.0);
}

}  // namespace
