// Lines that are not speech inside or after a turn (docs/labels.md, "Stage directions and source notes"):
// clock times, separators and short reference codes are narration of their own, and the speaker goes on
// after them. Invented transcripts.
#include <gtest/gtest.h>

#include "ingest/inline_markup.h"
#include "layout_test_support.h"

namespace presser {
namespace {

using model::TurnKind;
using testing::parse_text;
using testing::text_of;

TEST(NonSpeechLines, ShapesOfTimesSeparatorsAndCodes) {
    for (std::string_view line : {"11:42 A.M. EDT", "6:32 P.M.", "(11:42 a.m.)", "14:05", "---", "\\---", "* * *",
                                  "___", "VE 1065.", "VE 1007", "AB-12"})
        EXPECT_TRUE(ingest::is_non_speech_line(line)) << line;
    for (std::string_view line : {"Yes.", "At 11:42 we left.", "Mm-hmm.", "COVID cases rose 12 percent.", "I.",
                                  "Thank you.", "--- and then we left", "11:42 is late"})
        EXPECT_FALSE(ingest::is_non_speech_line(line)) << line;
}

TEST(NonSpeechLines, AreNarrationAndTheSpeakerGoesOnAfterThem) {
    model::Event event = parse_text(
        "---\ntitle: \"Press Briefing by Press Secretary Nora Okafor\"\n---\n"
        "Q    Will the bridge open in May?\n\n"
        "MS. OKAFOR:  Yes, in May.\n\n"
        "\\---\n\n"
        "And the tolls start in June.\n\n"
        "Q    Thank you.\n\n"
        "MS. OKAFOR:  Thank you, everyone.\n\n"
        "11:42 A.M. EDT\n\n"
        "VE 1065.\n",
        "briefing.md");
    std::vector<std::pair<TurnKind, std::string>> turns;
    for (const model::Turn& turn : event.turns) turns.emplace_back(turn.kind, text_of(turn));
    ASSERT_GE(turns.size(), 6u);
    EXPECT_EQ(turns[1], std::make_pair(TurnKind::answer, std::string("Yes, in May.")));
    EXPECT_EQ(turns[2].first, TurnKind::narration);
    EXPECT_EQ(turns[3], std::make_pair(TurnKind::answer, std::string("And the tolls start in June.")));
    EXPECT_EQ(event.turns[3].speaker, event.turns[1].speaker);
    EXPECT_EQ(turns.back().first, TurnKind::narration);
    EXPECT_EQ(turns.back().second, "11:42 A.M. EDT VE 1065.");
    for (const model::Exchange& exchange : event.exchanges)
        for (const std::string& answer : exchange.answers)
            for (const model::Turn& turn : event.turns)
                if (turn.id == answer) {
                    EXPECT_EQ(text_of(turn).find("EDT"), std::string::npos);
                }
}

}  // namespace
}  // namespace presser
