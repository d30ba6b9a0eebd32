// The transcript presser started from must always parse exactly right.
#include <gtest/gtest.h>

#include "ingest/parser.h"
#include "test_paths.h"

namespace presser {
namespace {

using model::Role;
using model::TurnKind;

std::filesystem::path seed_file() { return testing::shared_dir() / "seed" / "000_0abc0026b6dcbffa.txt"; }

TEST(Seed, ParsesIntoOneExchangeWithTheRightSpeakers) {
    PRESSER_REQUIRE_SHARED();
    auto events = ingest::parse_file(seed_file());
    ASSERT_TRUE(events.ok()) << events.error().describe();
    ASSERT_EQ(events->size(), 1u);
    const model::Event& event = events->front();

    EXPECT_EQ(event.organiser, "First Session of the 14th National People's Congress");
    // No heading: the title is the opening announcement's first sentence.
    EXPECT_EQ(event.title, "The First Session of the 14th National People's Congress held a press conference on the 7th.");
    EXPECT_EQ(event.date.precision, model::DatePrecision::day_of_month);
    EXPECT_EQ(event.date.day, 7);
    EXPECT_EQ(event.date.to_string(), "---07");
    EXPECT_FALSE(event.warnings.empty());
    EXPECT_EQ(event.language, "en");

    ASSERT_EQ(event.speakers.size(), 2u);
    const model::Speaker* qin = nullptr;
    const model::Speaker* journalist = nullptr;
    for (const auto& speaker : event.speakers) (speaker.role == Role::official ? qin : journalist) = &speaker;
    ASSERT_NE(qin, nullptr);
    ASSERT_NE(journalist, nullptr);
    EXPECT_EQ(qin->name, "Qin Gang");
    EXPECT_EQ(qin->title, "Foreign Minister");
    EXPECT_EQ(journalist->role, Role::journalist);
    EXPECT_EQ(journalist->name, "");
    EXPECT_EQ(journalist->affiliations, (std::vector<std::string>{"Global Times", "Global.com"}));

    ASSERT_EQ(event.exchanges.size(), 1u);
    const model::Exchange& exchange = event.exchanges.front();
    ASSERT_EQ(exchange.questions.size(), 1u);
    ASSERT_EQ(exchange.answers.size(), 1u);
    EXPECT_FALSE(exchange.follows.has_value());
    const model::Turn* question = event.find_turn(exchange.questions[0]);
    const model::Turn* answer = event.find_turn(exchange.answers[0]);
    ASSERT_TRUE(question && answer);
    EXPECT_EQ(question->kind, TurnKind::question);
    EXPECT_EQ(question->speaker, journalist->id);
    ASSERT_EQ(question->paragraphs.size(), 2u);
    EXPECT_EQ(question->paragraphs[1].text, "What do you think about this?");
    EXPECT_EQ(answer->kind, TurnKind::answer);
    EXPECT_EQ(answer->speaker, qin->id);
    EXPECT_EQ(answer->paragraphs.size(), 11u);

    ASSERT_EQ(event.turns.size(), 4u);
    EXPECT_EQ(event.turns.front().kind, TurnKind::narration);
    EXPECT_EQ(event.turns.back().kind, TurnKind::source_note);
    EXPECT_EQ(event.source_note, "(According to the text of the webcast)");
}

TEST(Seed, EveryParagraphRangeSlicesItsTextExactly) {
    PRESSER_REQUIRE_SHARED();
    std::string bytes = testing::read_file(seed_file());
    auto events = ingest::parse_file(seed_file());
    ASSERT_TRUE(events.ok());
    std::size_t paragraphs = 0;
    for (const auto& turn : events->front().turns) {
        for (const auto& paragraph : turn.paragraphs) {
            ASSERT_LE(paragraph.range.end, bytes.size());
            EXPECT_EQ(bytes.substr(paragraph.range.start, paragraph.range.end - paragraph.range.start), paragraph.text);
            ++paragraphs;
        }
    }
    EXPECT_EQ(paragraphs, 1u + 2u + 11u + 1u);
}

TEST(Seed, DateOverrideSetsTheFullDate) {
    PRESSER_REQUIRE_SHARED();
    ingest::ParseOptions options;
    options.date = model::PartialDate::parse_iso("2023-03-07");
    auto events = ingest::parse_file(seed_file(), options);
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(events->front().date.to_string(), "2023-03-07");
    EXPECT_EQ(events->front().date.precision, model::DatePrecision::day);
}

}  // namespace
}  // namespace presser
