// Replays every saved fuzz input (tests/fuzz/regressions/<target>/*) through the same invariant checks
// as the libFuzzer target of that name, and the hand-written seeds as well, so that a fixed crash stays
// fixed in the ordinary debug build (ASan + UBSan) without clang or libFuzzer.
#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "fuzz/invariants.h"
#include "ingest/parser.h"
#include "test_paths.h"

namespace presser {
namespace {

namespace fs = std::filesystem;

struct SavedInput {
    fuzz::Target target;
    fs::path file;
};

std::vector<SavedInput> saved_inputs(const fs::path& root) {
    std::vector<SavedInput> inputs;
    if (!fs::is_directory(root)) return inputs;
    for (const fs::directory_entry& folder : fs::directory_iterator(root)) {
        if (!folder.is_directory()) continue;
        std::optional<fuzz::Target> target = fuzz::parse_target_name(folder.path().filename().string());
        EXPECT_TRUE(target.has_value()) << folder.path() << " is not named after a fuzz target";
        if (!target) continue;
        for (const fs::directory_entry& file : fs::directory_iterator(folder.path()))
            if (file.is_regular_file()) inputs.push_back({*target, file.path()});
    }
    return inputs;
}

void replay(const fs::path& root) {
    std::vector<SavedInput> inputs = saved_inputs(root);
    for (const SavedInput& input : inputs) {
        std::vector<std::string> violations = fuzz::check_input(input.target, testing::read_file(input.file));
        for (const std::string& violation : violations)
            ADD_FAILURE() << input.file.string() << " (" << fuzz::target_name(input.target) << "): " << violation;
    }
}

TEST(FuzzRegressions, EverySavedCrashInputNowHoldsTheInvariants) {
    fs::path root = testing::source_dir() / "tests" / "fuzz" / "regressions";
    ASSERT_TRUE(fs::is_directory(root)) << root;
    replay(root);
}

TEST(FuzzRegressions, EverySeedHoldsTheInvariants) {
    fs::path root = testing::source_dir() / "tests" / "fuzz" / "corpus";
    ASSERT_GE(saved_inputs(root).size(), 30u);
    replay(root);
}

TEST(FuzzRegressions, TargetNamesRoundTrip) {
    for (fuzz::Target target : {fuzz::Target::text, fuzz::Target::markdown, fuzz::Target::html, fuzz::Target::tei,
                                fuzz::Target::label_grammar, fuzz::Target::source_text, fuzz::Target::cql_parser,
                                fuzz::Target::segment, fuzz::Target::search_query})
        EXPECT_EQ(fuzz::parse_target_name(fuzz::target_name(target)), target);
    EXPECT_FALSE(fuzz::parse_target_name("no_such_target").has_value());
}

// The checker can fail: a broken event is caught on each count.
TEST(FuzzRegressions, CheckerCatchesABrokenEvent) {
    const std::string text = "Q: Hello?\n\nA: Hi.\n";
    model::Event event;
    event.source = "fuzz-input";
    event.speakers.push_back({"s1", "", model::Role::journalist, "", {}, {"Q"}});
    model::Turn question{"t1", "s1", model::TurnKind::question, {{"Hello?", {3, 9}, {}}}, std::nullopt};
    model::Turn answer{"t2", "s2", model::TurnKind::answer, {{"Hi.", {14, 40}, {}}}, std::nullopt};
    event.turns = {question, answer};
    event.exchanges.push_back({"x1", {"t1"}, {"t3"}, std::nullopt});

    std::vector<std::string> violations = fuzz::check_event_invariants(event, text, ingest::Format::text);
    ASSERT_EQ(violations.size(), 3u);
    EXPECT_NE(violations[0].find("speaker s2 exists"), std::string::npos) << violations[0];
    EXPECT_NE(violations[1].find("ends past the decoded text"), std::string::npos) << violations[1];
    EXPECT_NE(violations[2].find("answer t3 is an answer turn"), std::string::npos) << violations[2];

    event.turns[1].speaker = "s1";
    event.turns[1].kind = model::TurnKind::question;
    event.turns[1].paragraphs[0].range = {14, 17};
    event.exchanges[0].answers.clear();
    EXPECT_EQ(fuzz::check_event_invariants(event, text, ingest::Format::text), std::vector<std::string>{});
}

}  // namespace
}  // namespace presser
