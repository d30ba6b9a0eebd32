// The tokenizer's fast path (src/text/latin_fast_path.h) must give exactly ICU's tokens and sentence
// starts. This proves it on every paragraph of the English and Spanish corpora that the fast path takes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/parser.h"
#include "ingest/source_files.h"
#include "test_paths.h"
#include "text/tokenizer.h"

namespace {

using presser::text::Token;
using presser::text::Tokenizer;

void compare_family(const std::string& family) {
    PRESSER_REQUIRE_SHARED();
    auto root = presser::testing::shared_dir() / "corpora" / family;
    auto files = presser::ingest::collect_source_files({root});
    Tokenizer tokenizer;
    std::vector<Token> icu, fast;
    std::size_t paragraphs = 0, taken = 0, mismatches = 0;
    for (const auto& path : files.transcripts) {
        auto events = presser::ingest::parse_file(path);
        if (!events) continue;
        for (const auto& event : *events)
            for (const auto& turn : event.turns)
                for (const auto& paragraph : turn.paragraphs) {
                    ++paragraphs;
                    fast.clear();
                    if (!tokenizer.tokenize(paragraph.text, event.language, fast, Tokenizer::Path::fast_only)) continue;
                    ++taken;
                    icu.clear();
                    tokenizer.tokenize(paragraph.text, event.language, icu, Tokenizer::Path::icu_only);
                    bool same = icu.size() == fast.size();
                    for (std::size_t i = 0; same && i < icu.size(); ++i)
                        same = icu[i].begin == fast[i].begin && icu[i].end == fast[i].end &&
                               icu[i].sentence_start == fast[i].sentence_start;
                    if (same) continue;
                    if (++mismatches <= 5) {
                        std::size_t i = 0;
                        while (i < icu.size() && i < fast.size() && icu[i].begin == fast[i].begin &&
                               icu[i].end == fast[i].end && icu[i].sentence_start == fast[i].sentence_start)
                            ++i;
                        std::size_t at = i < icu.size() ? icu[i].begin : paragraph.text.size();
                        std::size_t from = at > 60 ? at - 60 : 0;
                        ADD_FAILURE() << path.string() << ": token " << i << " differs near byte " << at << ": ..."
                                      << paragraph.text.substr(from, 120) << "...\n icu: "
                                      << (i < icu.size() ? paragraph.text.substr(icu[i].begin, icu[i].end - icu[i].begin) : "<end>")
                                      << (i < icu.size() && icu[i].sentence_start ? " (sentence start)" : "")
                                      << "\n fast: "
                                      << (i < fast.size() ? paragraph.text.substr(fast[i].begin, fast[i].end - fast[i].begin) : "<end>")
                                      << (i < fast.size() && fast[i].sentence_start ? " (sentence start)" : "");
                    }
                }
    }
    std::printf("%s: fast path taken for %zu of %zu paragraphs, %zu differ from ICU\n", family.c_str(), taken,
                paragraphs, mismatches);
    EXPECT_GT(taken, paragraphs / 2);
    EXPECT_EQ(mismatches, 0u);
}

TEST(TextFastPathCorpus, WhiteHouse) { compare_family("whitehouse-en"); }
TEST(TextFastPathCorpus, Fomc) { compare_family("fomc-en"); }
TEST(TextFastPathCorpus, Amlo) { compare_family("amlo-es"); }

}  // namespace
