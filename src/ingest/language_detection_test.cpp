#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/build_steps.h"

namespace presser::ingest {
namespace {

model::Event event_of(const std::vector<std::string>& paragraphs) {
    model::Event event;
    model::Turn turn;
    for (const auto& text : paragraphs) turn.paragraphs.push_back(model::Paragraph{text, {0, 0}, {}});
    event.turns.push_back(turn);
    return event;
}

TEST(LanguageDetection, CountsTheStopWordsOfEachLanguage) {
    EXPECT_EQ(detect_language(event_of({"What is the view of the administration on this, and what do you expect?"})), "en");
    EXPECT_EQ(detect_language(event_of({"El presidente dijo que la reforma de los precios se va a presentar por la mañana."})), "es");
    EXPECT_EQ(detect_language(event_of({"Bu konu için çok önemli bir adım, ve daha fazla bilgi ile geleceğiz."})), "tr");
    EXPECT_EQ(detect_language(event_of({"Nous pensons que les mesures pour le pays sont dans une bonne direction et pas trop tard."})), "fr");
    EXPECT_EQ(detect_language(event_of({"Wir wissen nicht, ob die Regierung das ist, was sie mit den Leuten auf der Straße will."})), "de");
    EXPECT_EQ(detect_language(event_of({"O governo não disse que os preços são uma questão para o país com a economia."})), "pt");
    EXPECT_EQ(detect_language(event_of({"外交部发言人汪文斌主持例行记者会，回答了记者提出的关于中美关系的问题。"})), "zh");
    EXPECT_EQ(detect_language(event_of({"Thanks."})), "");  // too few stop words to tell
}

TEST(LanguageDetection, ReadsOnlyTheStartOfALongEvent) {
    std::string english;
    while (english.size() < 3000) english += "what is the plan of the team that you lead in this town ";
    std::string spanish;
    while (spanish.size() < 20000) spanish += "el plan de la casa que los vecinos hacen en las calles por una ";
    EXPECT_EQ(detect_language(event_of({english, spanish})), "en");
    EXPECT_EQ(detect_language(event_of({english + spanish})), "en");
}

}  // namespace
}  // namespace presser::ingest
