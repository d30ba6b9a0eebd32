// The text and Markdown families of ../shared/corpora, asserted family by family: every file parses,
// every paragraph range slices its text, and each publisher's structure comes out as a reader would
// mark it by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <mutex>

#include "ingest/inline_markup.h"
#include "ingest/parser.h"
#include "ingest/source_files.h"
#include "test_paths.h"

namespace presser {
namespace {

using model::Role;
using model::TurnKind;

struct ParsedFamily {
    std::vector<std::filesystem::path> files;
    std::vector<model::Event> events;
    std::vector<std::string> errors;
};

// Each family is parsed once for all the tests that look at it.
const ParsedFamily& family(const std::string& name) {
    static std::mutex mutex;
    static std::map<std::string, ParsedFamily> cache;
    std::lock_guard lock(mutex);
    auto [it, inserted] = cache.try_emplace(name);
    if (inserted) {
        ingest::SourceFiles files = ingest::collect_source_files({(testing::shared_dir() / "corpora" / name).string()});
        it->second.files = files.transcripts;
        for (const auto& path : files.transcripts) {
            auto events = ingest::parse_file(path);
            if (!events) {
                it->second.errors.push_back(events.error().describe());
                continue;
            }
            for (auto& event : *events) it->second.events.push_back(std::move(event));
        }
    }
    return it->second;
}

const model::Speaker& speaker_of(const model::Event& event, const model::Turn& turn) {
    const model::Speaker* speaker = event.find_speaker(turn.speaker);
    EXPECT_NE(speaker, nullptr) << event.id << " " << turn.id;
    static const model::Speaker none;
    return speaker ? *speaker : none;
}

// "Thank you." after an answer is a journalist's courtesy, not a question.
bool is_courtesy(const model::Turn& turn) {
    return turn.kind == TurnKind::statement && turn.paragraphs.size() == 1 &&
           turn.paragraphs[0].text.find('?') == std::string::npos && turn.paragraphs[0].text.size() < 60;
}

bool has_alias(const model::Speaker& speaker, std::string_view label) {
    return std::find(speaker.aliases.begin(), speaker.aliases.end(), label) != speaker.aliases.end();
}

class TextFamily : public ::testing::TestWithParam<std::string> {};

TEST_P(TextFamily, EveryFileParsesIntoOneEventWithoutError) {
    PRESSER_REQUIRE_SHARED();
    const ParsedFamily& parsed = family(GetParam());
    EXPECT_TRUE(parsed.errors.empty()) << parsed.errors.front();
    EXPECT_GT(parsed.files.size(), 0u);
    EXPECT_EQ(parsed.events.size(), parsed.files.size());
}

TEST_P(TextFamily, EveryParagraphRangeSlicesItsTextOutOfTheFile) {
    PRESSER_REQUIRE_SHARED();
    std::size_t checked = 0;
    for (const model::Event& event : family(GetParam()).events) {
        std::string bytes = testing::read_file(event.source);
        bool markdown = event.source_format == "markdown";
        for (const model::Turn& turn : event.turns) {
            for (const model::Paragraph& paragraph : turn.paragraphs) {
                ASSERT_LE(paragraph.range.start, paragraph.range.end) << event.id;
                ASSERT_LE(paragraph.range.end, bytes.size()) << event.id;
                std::string_view slice(bytes.data() + paragraph.range.start, paragraph.range.end - paragraph.range.start);
                ASSERT_EQ(ingest::clean_inline(slice, markdown), paragraph.text) << event.id << " " << turn.id;
                ++checked;
            }
        }
    }
    EXPECT_GT(checked, 1000u);
}

TEST_P(TextFamily, ExchangesReferToQuestionAndAnswerTurns) {
    PRESSER_REQUIRE_SHARED();
    for (const model::Event& event : family(GetParam()).events) {
        for (const model::Exchange& exchange : event.exchanges) {
            ASSERT_FALSE(exchange.questions.empty()) << event.id << " " << exchange.id;
            for (const auto& id : exchange.questions) {
                const model::Turn* turn = event.find_turn(id);
                ASSERT_NE(turn, nullptr);
                EXPECT_EQ(turn->kind, TurnKind::question) << event.id << " " << id;
            }
            for (const auto& id : exchange.answers) {
                const model::Turn* turn = event.find_turn(id);
                ASSERT_NE(turn, nullptr);
                EXPECT_EQ(turn->kind, TurnKind::answer) << event.id << " " << id;
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Corpora, TextFamily, ::testing::Values("fomc-en", "whitehouse-en", "amlo-es"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string name = info.param;
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

TEST(FomcFamily, ChairAnswersModeratorGivesTheFloorJournalistsNameOutlets) {
    PRESSER_REQUIRE_SHARED();
    std::size_t questions = 0, with_outlet = 0;
    for (const model::Event& event : family("fomc-en").events) {
        SCOPED_TRACE(event.id);
        EXPECT_EQ(event.date.precision, model::DatePrecision::day);
        std::vector<const model::Speaker*> officials, moderators;
        for (const auto& speaker : event.speakers) {
            if (speaker.role == Role::official) officials.push_back(&speaker);
            if (speaker.role == Role::moderator) moderators.push_back(&speaker);
        }
        ASSERT_EQ(officials.size(), 1u);
        EXPECT_EQ(officials[0]->name, "Powell");
        EXPECT_EQ(officials[0]->title, "Chair");
        EXPECT_GE(moderators.size(), 1u);
        EXPECT_GE(event.exchanges.size(), 10u);
        for (const model::Turn& turn : event.turns) {
            if (turn.kind == TurnKind::answer) {
                EXPECT_EQ(turn.speaker, officials[0]->id);
            }
            if (turn.kind != TurnKind::question) continue;
            ++questions;
            with_outlet += !speaker_of(event, turn).affiliations.empty();
        }
    }
    double share = static_cast<double>(with_outlet) / static_cast<double>(questions);
    std::cout << "fomc-en: " << with_outlet << " of " << questions << " questions by a journalist with an outlet ("
              << share * 100 << "%)\n";
    EXPECT_GE(share, 0.65);
}

TEST(WhiteHouseFamily, QTurnsAreQuestionsAndTheBriefersAnswer) {
    PRESSER_REQUIRE_SHARED();
    std::size_t exchanges = 0, answered = 0, briefings = 0;
    for (const model::Event& event : family("whitehouse-en").events) {
        SCOPED_TRACE(event.id);
        EXPECT_EQ(event.date.precision, model::DatePrecision::day);
        bool asked = false;
        for (const model::Turn& turn : event.turns) {
            if (turn.speaker.empty()) continue;
            const model::Speaker& speaker = speaker_of(event, turn);
            if (has_alias(speaker, "Q")) {
                // A question asked in a video clip played to the room is played media (docs/labels.md).
                EXPECT_TRUE(turn.kind == TurnKind::question || turn.kind == TurnKind::played_media || is_courtesy(turn))
                    << turn.paragraphs[0].text;
                asked = true;
            }
            if (turn.kind == TurnKind::answer) {
                EXPECT_EQ(speaker.role, Role::official);
            }
        }
        if (asked) {
            EXPECT_FALSE(event.exchanges.empty());
        }
        for (const auto& exchange : event.exchanges) answered += !exchange.answers.empty();
        exchanges += event.exchanges.size();
        if (event.title.starts_with("Press Briefing by Press Secretary")) {
            ++briefings;
            bool secretary = false;
            for (const auto& speaker : event.speakers)
                secretary |= speaker.role == Role::official && speaker.title == "Press Secretary";
            EXPECT_TRUE(secretary) << "the press secretary named in the title is an official";
        }
    }
    std::cout << "whitehouse-en: " << answered << " of " << exchanges << " exchanges answered; " << briefings
              << " press-secretary briefings\n";
    EXPECT_GE(static_cast<double>(answered), 0.99 * static_cast<double>(exchanges));
    EXPECT_GT(briefings, 300u);
}

TEST(AmloFamily, PreguntaTurnsAreQuestionsAndThePresidentAnswers) {
    PRESSER_REQUIRE_SHARED();
    std::size_t with_president = 0, president_answers = 0, questions = 0, with_outlet = 0;
    for (const model::Event& event : family("amlo-es").events) {
        SCOPED_TRACE(event.id);
        EXPECT_EQ(event.language, "es");
        std::vector<std::string> president;
        for (const auto& speaker : event.speakers)
            if (speaker.name == "Andrés Manuel López Obrador") {
                president.push_back(speaker.id);
                EXPECT_EQ(speaker.role, Role::official);
            }
        bool asked = false, answered = false;
        for (const model::Turn& turn : event.turns) {
            if (turn.speaker.empty()) continue;
            const model::Speaker& speaker = speaker_of(event, turn);
            if (has_alias(speaker, "PREGUNTA") || has_alias(speaker, "INTERLOCUTOR") || has_alias(speaker, "INTERLOCUTORA")) {
                // A question asked in a video clip played to the room is played media (docs/labels.md).
                EXPECT_TRUE(turn.kind == TurnKind::question || turn.kind == TurnKind::played_media || is_courtesy(turn))
                    << turn.paragraphs[0].text;
            }
            if (turn.kind == TurnKind::question) {
                asked = true;
                ++questions;
                with_outlet += !speaker.affiliations.empty();
            }
            if (turn.kind == TurnKind::answer && std::find(president.begin(), president.end(), turn.speaker) != president.end())
                answered = true;
        }
        if (asked && !president.empty()) {
            ++with_president;
            president_answers += answered;
        }
    }
    std::cout << "amlo-es: the president answers in " << president_answers << " of " << with_president
              << " conferences with questions; " << with_outlet << " of " << questions
              << " questions by a journalist with an outlet\n";
    EXPECT_GE(static_cast<double>(president_answers), 0.97 * static_cast<double>(with_president));
    EXPECT_GT(with_president, 400u);
}

}  // namespace
}  // namespace presser
