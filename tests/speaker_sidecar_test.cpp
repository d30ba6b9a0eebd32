// presser-speakers.tsv corrects roles, titles, names and outlets; presser-events.tsv supplies dates and
// other facts the sources do not state.
#include <gtest/gtest.h>

#include <fstream>

#include <unistd.h>

#include "ingest/parser.h"

namespace presser {
namespace {

class SpeakerSidecar : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("presser-sidecar-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_ / "nested");
        std::ofstream(dir_ / "nested" / "2024-01-02-briefing.txt")
            << "ALEX MORGAN: Welcome. Let's begin.\n\nQ: What about the budget?\n\nSAM LEE: It is balanced.\n";
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::filesystem::path dir_;
};

TEST_F(SpeakerSidecar, OverridesFromTheNearestFolderAbove) {
    std::ofstream(dir_ / "presser-speakers.tsv") << "# label\trole\ttitle\taffiliations\tname\n"
                                                 << "ALEX MORGAN\tmoderator\n"
                                                 << "sam lee\tofficial\tBudget Director\t\tSamantha Lee\n"
                                                 << "Q\tjournalist\t\tHarbour Radio; Coastal Ledger\n";
    auto events = ingest::parse_file(dir_ / "nested" / "2024-01-02-briefing.txt");
    ASSERT_TRUE(events.ok()) << events.error().describe();
    const model::Event& event = events->front();
    ASSERT_EQ(event.speakers.size(), 3u);
    EXPECT_EQ(event.speakers[0].role, model::Role::moderator);
    EXPECT_EQ(event.speakers[2].role, model::Role::official);
    EXPECT_EQ(event.speakers[2].title, "Budget Director");
    EXPECT_EQ(event.speakers[2].name, "Samantha Lee");
    EXPECT_EQ(event.speakers[1].affiliations, (std::vector<std::string>{"Harbour Radio", "Coastal Ledger"}));
    ASSERT_EQ(event.exchanges.size(), 1u);
    EXPECT_EQ(event.turns[0].kind, model::TurnKind::moderation);
}

// One run shares its sidecar lookups: the files of a folder find the sidecar above them through the cache,
// which remembers the answer per folder (a sidecar added during a run is seen only by runs after it).
TEST_F(SpeakerSidecar, ARunRemembersWhichSidecarServesEachFolder) {
    std::ofstream(dir_ / "nested" / "2024-01-03-briefing.txt") << "ALEX MORGAN: Welcome.\n\nQ: And taxes?\n\nSAM LEE: Lower.\n";
    ingest::ParseOptions run;
    run.sidecars = std::make_shared<ingest::SidecarCache>();
    auto role_of_alex = [&](const std::string& file, const ingest::ParseOptions& options) {
        auto events = ingest::parse_file(dir_ / "nested" / file, options);
        EXPECT_TRUE(events.ok());
        return events.ok() ? events->front().speakers[0].role : model::Role::unknown;
    };
    const auto before = role_of_alex("2024-01-02-briefing.txt", run);
    EXPECT_NE(before, model::Role::official);
    std::ofstream(dir_ / "presser-speakers.tsv") << "ALEX MORGAN\tofficial\n";
    EXPECT_EQ(role_of_alex("2024-01-03-briefing.txt", run), before);                   // the run's answer
    EXPECT_EQ(role_of_alex("2024-01-03-briefing.txt", {}), model::Role::official);     // a new run sees it
    ingest::ParseOptions next;
    next.sidecars = std::make_shared<ingest::SidecarCache>();
    EXPECT_EQ(role_of_alex("2024-01-02-briefing.txt", next), model::Role::official);
    EXPECT_EQ(role_of_alex("2024-01-03-briefing.txt", next), model::Role::official);  // remembered, and found
}

TEST_F(SpeakerSidecar, UnknownRoleIsAnErrorNamingFileAndLine) {
    std::ofstream(dir_ / "presser-speakers.tsv") << "ALEX MORGAN\tmoderator\nSAM LEE\tboss\n";
    auto events = ingest::parse_file(dir_ / "nested" / "2024-01-02-briefing.txt");
    ASSERT_FALSE(events.ok());
    EXPECT_NE(events.error().file.find("presser-speakers.tsv"), std::string::npos);
    EXPECT_EQ(events.error().line, 2u);
    EXPECT_NE(events.error().message.find("boss"), std::string::npos);
}

TEST_F(SpeakerSidecar, EventSidecarSuppliesTheDateUnlessTheCommandLineGivesOne) {
    std::ofstream(dir_ / "nested" / "day-only.txt")
        << "The council held a press conference on the 7th.\n\nQ: Any news?\n\nALEX MORGAN: None.\n";
    std::ofstream(dir_ / "presser-events.tsv") << "# file\tdate\ttitle\torganiser\tvenue\tlanguage\n"
                                               << "day-only.txt\t2023-03-07\tCouncil briefing\t\tTown Hall\n";
    auto events = ingest::parse_file(dir_ / "nested" / "day-only.txt");
    ASSERT_TRUE(events.ok()) << events.error().describe();
    EXPECT_EQ(events->front().date.to_string(), "2023-03-07");
    EXPECT_EQ(events->front().title, "Council briefing");
    EXPECT_EQ(events->front().venue, "Town Hall");
    EXPECT_EQ(events->front().organiser, "council") << "an empty column keeps what the source says";
    EXPECT_TRUE(events->front().warnings.empty());

    ingest::ParseOptions options;
    options.date = model::PartialDate::parse_iso("2024-01-01");
    auto overridden = ingest::parse_file(dir_ / "nested" / "day-only.txt", options);
    ASSERT_TRUE(overridden.ok());
    EXPECT_EQ(overridden->front().date.to_string(), "2024-01-01");
}

TEST_F(SpeakerSidecar, BadDateInEventSidecarIsAnErrorNamingTheLine) {
    std::ofstream(dir_ / "presser-events.tsv") << "# comment\n2024-01-02-briefing.txt\tsoon\n";
    auto events = ingest::parse_file(dir_ / "nested" / "2024-01-02-briefing.txt");
    ASSERT_FALSE(events.ok());
    EXPECT_EQ(events.error().line, 2u);
    EXPECT_NE(events.error().message.find("soon"), std::string::npos);
}

}  // namespace
}  // namespace presser
