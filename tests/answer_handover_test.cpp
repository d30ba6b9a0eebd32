// An official who passes a question on by name hands it to someone who answers (docs/labels.md, "Roles"):
// that speaker is an official and their turn an answer of the same exchange, not a statement between two
// answers. Invented transcript.
#include <gtest/gtest.h>

#include "layout_test_support.h"

namespace presser {
namespace {

using model::Role;
using model::TurnKind;
using testing::parse_text;
using testing::speaker_of;

TEST(AnswerHandover, SpeakerHandedAQuestionByNameAnswersIt) {
    model::Event event = parse_text(
        "---\ntitle: \"Press Briefing by Harbour Coordinator Ada Quill and Public Health Officials\"\n---\n"
        "COORDINATOR QUILL:  Good morning. Let us take questions.\n\n"
        "Q    Are the ferries safe, and when will the night routes open?\n\n"
        "COORDINATOR QUILL:  Why don't we start with the first one, Dr. Brandt.\n\n"
        "DR. BRANDT:  Thank you. The ferries were inspected last week, and every one of them passed the "
        "inspection with no findings at all, which is what we expected from the new maintenance plan.\n\n"
        "COORDINATOR QUILL:  And the night routes open in June.\n",
        "briefing.md");
    ASSERT_EQ(event.turns.size(), 5u);
    EXPECT_EQ(speaker_of(event, event.turns[3]).role, Role::official);
    EXPECT_EQ(event.turns[3].kind, TurnKind::answer);
    ASSERT_EQ(event.exchanges.size(), 1u);
    EXPECT_EQ(event.exchanges[0].answers, (std::vector<std::string>{"t3", "t4", "t5"}));
}

}  // namespace
}  // namespace presser
