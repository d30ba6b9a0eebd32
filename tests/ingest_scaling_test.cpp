// One transcript with a hundred thousand exchanges, indexed whole: indexing is linear in the turns and
// exchanges of an event (a lookup of each exchange's turns by a scan of the event once made it quadratic,
// and this test then ran for hours under the sanitizers). The structure must come out exact.
#include <gtest/gtest.h>

#include <fstream>

#include "index/index.h"
#include "index_test_support.h"

namespace presser::index {
namespace {

using testing::ScratchDir;

constexpr std::size_t kExchanges = 100'000;

TEST(IngestScaling, HundredThousandExchangesInOneEventKeepTheirStructure) {
    ScratchDir scratch("ingest-scaling");
    const auto source = scratch.path() / "qa.txt";
    {
        std::ofstream out(source, std::ios::binary);
        for (std::size_t i = 0; i < kExchanges; ++i) out << "Q: why " << i << "?\n\nMR. SMITH: because " << i << ".\n\n";
    }
    auto report = build_index(scratch.path() / "idx", {source.string()}, {});
    ASSERT_TRUE(report.ok()) << report.error().describe();
    ASSERT_TRUE(report->failures.empty()) << report->failures.front().describe();
    EXPECT_EQ(report->events_added, 1u);

    auto index = Index::open(scratch.path() / "idx");
    ASSERT_TRUE(index.ok()) << index.error().describe();
    ASSERT_EQ(index->segments().size(), 1u);
    const auto& segment = *index->segments().front();
    const auto& turns = segment.regions(Structure::turn);
    const auto& exchanges = segment.regions(Structure::exchange);
    ASSERT_EQ(turns.size(), 2 * kExchanges);
    ASSERT_EQ(exchanges.size(), kExchanges);
    const auto* kind = turns.column("kind");
    const auto* exchange_id = exchanges.column("id");
    const auto* answerer = exchanges.column("answerer");
    ASSERT_TRUE(kind && exchange_id && answerer);
    // Exchange i spans question turn 2i and answer turn 2i + 1, exactly.
    std::size_t wrong = 0;
    for (std::uint64_t x = 0; x < kExchanges; ++x) {
        const bool right = kind->string(2 * x) == "question" && kind->string(2 * x + 1) == "answer" &&
                           exchanges.start(x) == turns.start(2 * x) && exchanges.end(x) == turns.end(2 * x + 1) &&
                           exchange_id->string(x) == "x" + std::to_string(x + 1) && !answerer->string(x).empty();
        if (!right && wrong++ < 5) ADD_FAILURE() << "exchange " << x << " does not span its question and answer turns";
    }
    EXPECT_EQ(wrong, 0u);
    // Labels are not text: each exchange is "why N ?" and "because N .".
    EXPECT_EQ(segment.tokens(), kExchanges * 6);
}

}  // namespace
}  // namespace presser::index
