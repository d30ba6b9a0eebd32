// ../shared (the seed and a third of every corpus family: every third file of each folder, in sorted order,
// linked into a scratch tree of the same shape) through `presser index build`: token and event counts agree
// with the parser and analyzer, `index check` passes, and `index info` reports them. A third keeps every
// family, format and language while the sanitizer build stays within the suite's time; the parser tests of
// each family (corpus.fomc, corpus.mfa, ...) read every file.
#include <gtest/gtest.h>

#include <algorithm>
#include <future>

#include <nlohmann/json.hpp>

#include "index/index.h"
#include "index_test_support.h"
#include "test_paths.h"

namespace presser::index {
namespace {

namespace fs = std::filesystem;

// Links every `step`-th file of `from` (recursively, sorted by path) to the same relative path under `into`.
void link_every(const fs::path& from, std::size_t step, const fs::path& into) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(from))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (std::size_t i = 0; i < files.size(); i += step) {
        const auto link = into / files[i].lexically_relative(from);
        fs::create_directories(link.parent_path());
        fs::create_symlink(files[i], link);
    }
}

TEST(IndexCorpus, EveryFamilyIndexesWithExactCounts) {
    PRESSER_REQUIRE_SHARED();
    const auto shared = testing::shared_dir();
    testing::ScratchDir scratch("index-corpus");
    const auto sample = scratch.path() / "sample";
    link_every(shared / "seed", 1, sample / "seed");
    for (const auto& family : fs::directory_iterator(shared / "corpora"))
        if (family.is_directory()) link_every(family.path(), 3, sample / "corpora" / family.path().filename());
    const std::vector<std::string> inputs{(sample / "seed").string(), (sample / "corpora").string()};
    // The independent count runs beside the build (a separate process), so the two overlap on the cores.
    auto counting = std::async(std::launch::async, [&inputs] { return testing::expected_counts(inputs); });
    const auto idx = (scratch.path() / "idx").string();

    std::vector<std::string> args{"index", "build", "--index", idx, "--json"};
    args.insert(args.end(), inputs.begin(), inputs.end());
    std::string output;
    const int built = testing::run_presser(args, &output);
    const auto expected = counting.get();
    ASSERT_EQ(built, 0) << output;

    ASSERT_EQ(testing::run_presser({"index", "info", "--index", idx, "--json"}, &output), 0) << output;
    const auto info = nlohmann::json::parse(output);
    EXPECT_EQ(info.at("tokens").get<std::uint64_t>(), expected.tokens);
    EXPECT_EQ(info.at("events").get<std::uint64_t>(), expected.events);
    EXPECT_EQ(info.at("languages").size(), 4u);  // en, es, zh, tr
    std::cout << "indexed " << expected.events << " events, " << expected.tokens << " tokens; index "
              << info.at("bytes").get<std::uint64_t>() << " bytes for " << info.at("source_bytes").get<std::uint64_t>()
              << " source bytes\n";

    ASSERT_EQ(testing::run_presser({"index", "check", "--index", idx}, &output), 0) << output;

    auto index = Index::open(idx);
    ASSERT_TRUE(index.ok());
    for (const auto& segment : index->segments()) {
        const auto& events = segment->regions(Structure::event);
        for (std::uint64_t e = 0; e < events.size(); ++e) {
            const std::string id(events.column("id")->string(e));
            ASSERT_EQ(events.end(e) - events.start(e), expected.tokens_by_event.at(id)) << id;
        }
    }
    // Chinese is segmented into words: the commonest two-character words of the MFA pages are terms.
    std::uint64_t reporters = 0;
    for (const auto& segment : index->segments())
        if (const auto id = segment->lexicon(Attribute::word).terms().find("记者")) reporters += segment->lexicon(Attribute::word).count(*id);
    EXPECT_GT(reporters, 150u);  // 237 in the third of the MFA pages indexed here
}

}  // namespace
}  // namespace presser::index
