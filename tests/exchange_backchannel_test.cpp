// Backchannels and short interjections do not cut exchanges (docs/labels.md, "Turn kinds"): a journalist's
// few words inside an official's answer, an official's acknowledgement inside a question that is cut off.
// Invented transcripts in English, Spanish and Chinese.
#include <gtest/gtest.h>

#include "layout_test_support.h"

namespace presser {
namespace {

using model::TurnKind;
using testing::parse_text;

const std::string kBriefing = "---\ntitle: \"Press Briefing by Press Secretary Nora Okafor\"\n---\n";

// Each exchange as "questions -> answers", turn ids joined by commas.
std::vector<std::string> exchanges_of(const model::Event& event) {
    std::vector<std::string> out;
    for (const model::Exchange& exchange : event.exchanges) {
        std::string line;
        for (const std::string& id : exchange.questions) line += (line.empty() ? "" : ",") + id;
        line += " ->";
        for (const std::string& id : exchange.answers) line += " " + id;
        out.push_back(line);
    }
    return out;
}

std::vector<TurnKind> kinds_of(const model::Event& event) {
    std::vector<TurnKind> kinds;
    for (const model::Turn& turn : event.turns)
        if (!turn.speaker.empty()) kinds.push_back(turn.kind);
    return kinds;
}

TEST(ExchangeBackchannel, JournalistsFewWordsInsideAnAnswerDoNotCutIt) {
    model::Event event = parse_text(kBriefing +
                                    "Q    Will the bridge open in May?\n\n"
                                    "MS. OKAFOR:  Okay. That is a lot of questions right there.\n\n"
                                    "Q    Got them all in.\n\n"
                                    "MS. OKAFOR:  So, the bridge opens on the first of May.\n\n"
                                    "Q    Mm-hmm.\n\n"
                                    "MS. OKAFOR:  And the tolls start in June.\n",
                                    "briefing.md");
    EXPECT_EQ(kinds_of(event), (std::vector<TurnKind>{TurnKind::question, TurnKind::answer, TurnKind::statement,
                                                      TurnKind::answer, TurnKind::statement, TurnKind::answer}));
    EXPECT_EQ(exchanges_of(event), (std::vector<std::string>{"t1 -> t2 t4 t6"}));
}

TEST(ExchangeBackchannel, SpanishAndChineseBackchannelsDoNotCutTheAnswer) {
    model::Event spanish = parse_text("**PREGUNTA:** ¿Cuándo abre el puente?\n\n"
                                      "**PRESIDENTE RAMÓN TELLO:** Vamos a abrirlo en mayo.\n\n"
                                      "**INTERLOCUTOR:** Ajá.\n\n"
                                      "**PRESIDENTE RAMÓN TELLO:** Y las cuotas empiezan en junio.\n",
                                      "conferencia.md");
    EXPECT_EQ(exchanges_of(spanish), (std::vector<std::string>{"t1 -> t2 t4"}));
    EXPECT_EQ(spanish.turns[2].kind, TurnKind::statement);

    model::Event chinese = parse_text("记者：大桥什么时候通车？\n\n"
                                      "林海：大桥五月通车。\n\n"
                                      "记者：嗯。\n\n"
                                      "林海：六月开始收费。\n",
                                      "jizhehui.txt");
    EXPECT_EQ(exchanges_of(chinese), (std::vector<std::string>{"t1 -> t2 t4"}));
}

// A remark the official takes up (agrees with, or repeats its words) asks by its intonation; words that ask,
// a question mark, an official who asked or was cut off, or a remark of more than four words: a question.
TEST(ExchangeBackchannel, RemarksThatAskOrAreTakenUpStillStartAnExchange) {
    model::Event taken_up = parse_text("**PREGUNTA:** ¿Cuántas reservas hay?\n\n"
                                       "**PRESIDENTE RAMÓN TELLO:** Muchas, ya se vendieron.\n\n"
                                       "**INTERLOCUTOR:** Casi dos mil reservas.\n\n"
                                       "**PRESIDENTE RAMÓN TELLO:** Dos mil reservas, sí, en una semana.\n",
                                       "conferencia.md");
    EXPECT_EQ(exchanges_of(taken_up), (std::vector<std::string>{"t1 -> t2", "t3 -> t4"}));

    model::Event asked_back = parse_text(kBriefing +
                                         "Q    Will the bridge open in May?\n\n"
                                         "MS. OKAFOR:  Is that what you are asking me?\n\n"
                                         "Q    Yes.\n\n"
                                         "MS. OKAFOR:  Then yes, in May.\n\n"
                                         "Q    And the tolls, in June?\n\n"
                                         "MS. OKAFOR:  Yes.\n\n"
                                         "Q    Tell us more.\n\n"
                                         "MS. OKAFOR:  Not today.\n",
                                         "briefing.md");
    EXPECT_EQ(exchanges_of(asked_back),
              (std::vector<std::string>{"t1 -> t2", "t3 -> t4", "t5 -> t6", "t7 -> t8"}));
}

TEST(ExchangeBackchannel, OfficialsAcknowledgementInsideACutOffQuestionDoesNotCutIt) {
    model::Event event = parse_text(kBriefing +
                                    "Q    Thank you. The harbour board says it is buying two more ferries —\n\n"
                                    "MS. OKAFOR:  Mm-hmm.\n\n"
                                    "Q    — for the night routes. Can you confirm the purchase?\n\n"
                                    "MS. OKAFOR:  Yes, we made that purchase.\n\n"
                                    "Q    And one more since\n\n"
                                    "MS. OKAFOR:  Sure.\n\n"
                                    "Q    Will the fares change?\n\n"
                                    "MS. OKAFOR:  No.\n",
                                    "briefing.md");
    EXPECT_EQ(exchanges_of(event), (std::vector<std::string>{"t1,t3 -> t2 t4", "t5,t7 -> t6 t8"}));
}

// A finished question answered "Yes." and a thanks answered "Sure." are exchanges of their own.
TEST(ExchangeBackchannel, AcknowledgementAfterAFinishedQuestionIsAnAnswer) {
    model::Event event = parse_text(kBriefing +
                                    "Q    Are you going to the harbour?\n\n"
                                    "MS. OKAFOR:  Yes.\n\n"
                                    "Q    When?\n\n"
                                    "MS. OKAFOR:  On Friday.\n",
                                    "briefing.md");
    EXPECT_EQ(exchanges_of(event), (std::vector<std::string>{"t1 -> t2", "t3 -> t4"}));
}

}  // namespace
}  // namespace presser
