// Askers named by their own introductions and by an operator's (docs/labels.md, "Outlets"): Spanish
// self-introductions with a verb that says the outlet is theirs, follow-ups under a follow-up label, lists
// of outlets, an operator's "line" forms. Invented transcripts.
#include <gtest/gtest.h>

#include "layout_test_support.h"

namespace presser {
namespace {

using testing::parse_text;
using testing::speaker_of;

TEST(AskerIntroductions, SpanishSelfIntroductionNamesTheAskerForTheFollowUps) {
    model::Event event = parse_text(
        "**PRESIDENTE RAMÓN TELLO:** Buenos días. Vamos a las preguntas.\n\n"
        "**PREGUNTA:** Buenos días, presidente. Mi nombre es Lucía Ferrer Soto y represento al medio informativo "
        "_Voces del Puerto_.\n\nQuisiera preguntarle por el puente.\n\n"
        "**PRESIDENTE RAMÓN TELLO:** Abre en mayo.\n\n"
        "**INTERLOCUTORA:** ¿Y las cuotas?\n\n"
        "**PRESIDENTE RAMÓN TELLO:** En junio.\n\n"
        "**PREGUNTA:** ¿Y el agua, presidente?\n\n"
        "**PRESIDENTE RAMÓN TELLO:** Hay suficiente.\n",
        "conferencia.md");
    ASSERT_EQ(event.turns.size(), 7u);
    const model::Speaker& asker = speaker_of(event, event.turns[1]);
    EXPECT_EQ(asker.name, "Lucía Ferrer Soto");
    EXPECT_EQ(asker.affiliations, (std::vector<std::string>{"Voces del Puerto"}));
    EXPECT_EQ(speaker_of(event, event.turns[3]).name, "Lucía Ferrer Soto");  // INTERLOCUTORA: her follow-up
    EXPECT_EQ(speaker_of(event, event.turns[5]).name, "");                   // a new PREGUNTA: someone else
}

TEST(AskerIntroductions, CorrespondentOfAListOfOutletsHasEachOutlet) {
    model::Event event = parse_text(
        "**PRESIDENTE RAMÓN TELLO:** Buenos días.\n\n"
        "**PREGUNTA:** Muchas gracias, presidente. Tomás Rivas Lugo, corresponsal del _Grupo Faro, El Vigía,_ de "
        "Mazatlán. ¿Cuándo abre el puente?\n\n"
        "**PRESIDENTE RAMÓN TELLO:** En mayo.\n",
        "conferencia.md");
    ASSERT_EQ(event.turns.size(), 3u);
    const model::Speaker& asker = speaker_of(event, event.turns[1]);
    EXPECT_EQ(asker.name, "Tomás Rivas Lugo");
    EXPECT_EQ(asker.affiliations, (std::vector<std::string>{"Grupo Faro", "El Vigía"}));
}

// A vocative or a third party before the verb is no self-introduction.
TEST(AskerIntroductions, VocativeBeforeTheVerbIsNoIntroduction) {
    model::Event event = parse_text(
        "**PRESIDENTE RAMÓN TELLO:** Buenos días.\n\n"
        "**PREGUNTA:** Presidente, represento a los vecinos de la colonia Centro. ¿Cuándo abre el puente?\n\n"
        "**PRESIDENTE RAMÓN TELLO:** En mayo.\n",
        "conferencia.md");
    ASSERT_EQ(event.turns.size(), 3u);
    EXPECT_EQ(speaker_of(event, event.turns[1]).name, "");
    EXPECT_TRUE(speaker_of(event, event.turns[1]).affiliations.empty());
}

TEST(AskerIntroductions, OperatorsLineFormsNameTheCaller) {
    model::Event event = parse_text(
        "---\ntitle: \"Background Press Call by a Senior Official on the Harbour\"\n---\n"
        "SENIOR OFFICIAL:  Thanks, everyone. Over to the moderator.\n\n"
        "MODERATOR:  And next, we can go to the line of Dana Whitlow at the Lakeside Courier. Please go ahead.\n\n"
        "Q    Thanks. Will the ferries run at night?\n\n"
        "SENIOR OFFICIAL:  Yes, from June.\n\n"
        "MODERATOR:  Omar Reyes of Harbour Radio, your line is open.\n\n"
        "Q    Thank you. And the fares?\n\n"
        "SENIOR OFFICIAL:  Unchanged.\n",
        "call.md");
    ASSERT_EQ(event.turns.size(), 7u);
    EXPECT_EQ(speaker_of(event, event.turns[2]).name, "Dana Whitlow");
    EXPECT_EQ(speaker_of(event, event.turns[2]).affiliations, (std::vector<std::string>{"Lakeside Courier"}));
    EXPECT_EQ(speaker_of(event, event.turns[5]).name, "Omar Reyes");
    EXPECT_EQ(speaker_of(event, event.turns[5]).affiliations, (std::vector<std::string>{"Harbour Radio"}));
}

}  // namespace
}  // namespace presser
