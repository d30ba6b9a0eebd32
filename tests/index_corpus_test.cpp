// The whole of ../shared (seed and every corpus family) through `presser index build`: token and event
// counts agree with the parser and analyzer, `index check` passes, and `index info` reports them.
#include <gtest/gtest.h>

#include <future>

#include <nlohmann/json.hpp>

#include "index/index.h"
#include "index_test_support.h"
#include "test_paths.h"

namespace presser::index {
namespace {

TEST(IndexCorpus, EveryFamilyIndexesWithExactCounts) {
    PRESSER_REQUIRE_SHARED();
    const auto shared = testing::shared_dir();
    const std::vector<std::string> inputs{(shared / "seed").string(), (shared / "corpora").string()};
    // The independent count runs beside the build (a separate process), so the two overlap on the cores.
    auto counting = std::async(std::launch::async, [&inputs] { return testing::expected_counts(inputs); });
    testing::ScratchDir scratch("index-corpus");
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
    EXPECT_GT(reporters, 1000u);
}

}  // namespace
}  // namespace presser::index
