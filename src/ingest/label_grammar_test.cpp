#include "ingest/label_grammar.h"

#include <gtest/gtest.h>

#include <ostream>

namespace presser::ingest {
namespace {

using model::Role;

struct Case {
    std::string block;
    std::string label;       // "" when no label is expected
    LabelClass label_class;
    std::string name;
    std::string title;
    std::vector<std::string> affiliations;
    std::string body;        // what follows the label
};

void PrintTo(const Case& c, std::ostream* out) { *out << '"' << c.block << '"'; }

class LabelGrammar : public ::testing::TestWithParam<Case> {};

TEST_P(LabelGrammar, RecognisesTheLabelAndSplitsIt) {
    const Case& c = GetParam();
    std::optional<LabelMatch> match = match_label(c.block);
    if (c.label.empty()) {
        EXPECT_FALSE(match.has_value()) << "matched " << match->label.text;
        return;
    }
    ASSERT_TRUE(match.has_value()) << c.block;
    EXPECT_EQ(match->label.text, c.label);
    EXPECT_EQ(match->label.label_class, c.label_class);
    EXPECT_EQ(match->label.name, c.name);
    EXPECT_EQ(match->label.title, c.title);
    EXPECT_EQ(match->label.affiliations, c.affiliations);
    EXPECT_EQ(c.block.substr(match->consumed), c.body);
}

INSTANTIATE_TEST_SUITE_P(
    Families, LabelGrammar,
    ::testing::Values(
        Case{"  Qin Gang: The Ukrainian crisis", "Qin Gang", LabelClass::named, "Qin Gang", "", {}, "The Ukrainian crisis"},
        Case{"Q\xC2\xA0 Thank you, Jen.", "Q", LabelClass::question_marker, "", "", {}, "Thank you, Jen."},
        Case{"Q: Two questions.", "Q", LabelClass::question_marker, "", "", {}, "Two questions."},
        Case{"A: Yes.", "A", LabelClass::answer_marker, "", "", {}, "Yes."},
        Case{"MS. JEAN-PIERRE:\xC2\xA0 Good afternoon.", "MS. JEAN-PIERRE", LabelClass::named, "Jean-Pierre", "", {}, "Good afternoon."},
        Case{"THE PRESIDENT: Thank you.", "THE PRESIDENT", LabelClass::named, "", "President", {}, "Thank you."},
        Case{"PM: I will hand over.", "PM", LabelClass::named, "", "Prime Minister", {}, "I will hand over."},
        Case{"MINISTER FOR FISHERIES: The quota", "MINISTER FOR FISHERIES", LabelClass::named, "", "Minister for Fisheries",
             {}, "The quota"},
        Case{"PRIME MINISTER OF FIJI: We", "PRIME MINISTER OF FIJI", LabelClass::named, "", "Prime Minister of Fiji", {}, "We"},
        Case{"PREMIER HOLLAND: Queensland", "PREMIER HOLLAND", LabelClass::named, "Holland", "Premier", {}, "Queensland"},
        Case{"DEPUTY PRIME MINISTER: Yes", "DEPUTY PRIME MINISTER", LabelClass::named, "", "Deputy Prime Minister", {}, "Yes"},
        Case{"JOURNALIST: When?", "JOURNALIST", LabelClass::question_marker, "", "", {}, "When?"},
        Case{"MR. KIRBY: Thanks.", "MR. KIRBY", LabelClass::named, "Kirby", "", {}, "Thanks."},
        Case{"MODERATOR: Next.", "MODERATOR", LabelClass::moderator_marker, "", "", {}, "Next."},
        // An official the transcript does not name: a title, no name.
        Case{"SENIOR ADMINISTRATION OFFICIAL: So,", "SENIOR ADMINISTRATION OFFICIAL", LabelClass::named, "",
             "Senior Administration Official", {}, "So,"},
        Case{"  Reporters from Global Times and Global.com: The conflict", "Reporters from Global Times and Global.com",
             LabelClass::reporter_group, "", "", {"Global Times", "Global.com"}, "The conflict"},
        Case{"记者：请问", "记者", LabelClass::question_marker, "", "", {}, "请问"},
        Case{"问：中方对此有何评论？", "问", LabelClass::question_marker, "", "", {}, "中方对此有何评论？"},
        Case{"答：中方密切关注", "答", LabelClass::answer_marker, "", "", {}, "中方密切关注"},
        Case{"法新社记者：据报道", "法新社记者", LabelClass::outlet_reporter, "", "", {"法新社"}, "据报道"},
        Case{"《中国日报》记者：我的问题", "《中国日报》记者", LabelClass::outlet_reporter, "", "", {"中国日报"}, "我的问题"},
        Case{"汪文斌：我不了解", "汪文斌", LabelClass::named, "汪文斌", "", {}, "我不了解"},
        Case{"**PREGUNTA:** Buenos días.", "PREGUNTA", LabelClass::question_marker, "", "", {}, "Buenos días."},
        Case{"INTERLOCUTORA: Gracias.", "INTERLOCUTORA", LabelClass::question_marker, "", "", {}, "Gracias."},
        // A voice from the room: it asks only when it asks (docs/labels.md, turn kinds).
        Case{"**INTERVENCIÓN:** Sí.", "INTERVENCIÓN", LabelClass::voice, "", "", {}, "Sí."},
        Case{"**P** **RESIDENTE ANDRÉS MANUEL LÓPEZ OBRADOR:** Buenos días", "PRESIDENTE ANDRÉS MANUEL LÓPEZ OBRADOR",
             LabelClass::named, "Andrés Manuel López Obrador", "Presidente", {}, "Buenos días"},
        Case{"**MARCELO EBRARD CASAUBÓN, SECRETARIO DE RELACIONES EXTERIORES:** Gracias,",
             "MARCELO EBRARD CASAUBÓN, SECRETARIO DE RELACIONES EXTERIORES", LabelClass::named, "Marcelo Ebrard Casaubón",
             "Secretario de Relaciones Exteriores", {}, "Gracias,"},
        Case{"<NAME>CHAIR POWELL</NAME>. Good afternoon.", "CHAIR POWELL", LabelClass::named, "Powell", "Chair", {},
             "Good afternoon."},
        // A closing tag set inside a hyphenated name: the letters after the hyphen continue the name.
        Case{"<NAME>ROSA DELGADO</NAME>-IBARRA. Hi, Chair.", "ROSA DELGADO-IBARRA", LabelClass::named,
             "Rosa Delgado-Ibarra", "", {}, "Hi, Chair."},
        Case{"<NAME>ROSA DELGADO</NAME>- Hi.", "ROSA DELGADO", LabelClass::named, "Rosa Delgado", "", {}, "- Hi."},
        Case{"The economy is strong. Inflation is high.", "", LabelClass::named, "", "", {}, ""},
        Case{"NOTE: this is not a speaker", "", LabelClass::named, "", "", {}, ""},
        Case{"4:03 P.M. EST", "", LabelClass::named, "", "", {}, ""},
        Case{"", "", LabelClass::named, "", "", {}, ""}));

TEST(LabelGrammar, WeakLabelsAreMarkedWeak) {
    EXPECT_TRUE(match_label("Qin Gang: text")->label.weak);
    EXPECT_TRUE(match_label("汪文斌：text")->label.weak);
    EXPECT_FALSE(match_label("MS. PSAKI: text")->label.weak);
}

TEST(LabelGrammar, IdentityKeysFoldCaseAndAccents) {
    EXPECT_EQ(fold_key("Casaubón"), fold_key("CASAUBON"));
    EXPECT_EQ(fold_key("  Jen\xC2\xA0 Psaki "), "JEN PSAKI");
    EXPECT_EQ(title_case_if_upper("SECRETARIO DE RELACIONES EXTERIORES"), "Secretario de Relaciones Exteriores");
    EXPECT_EQ(title_case_if_upper("Qin Gang"), "Qin Gang");
}

// Labels of ASCII and U+00C0..U+00FF are folded from a table, the others through ICU: both give the same keys.
TEST(LabelGrammar, LatinOneLabelsFoldAsThroughIcu) {
    EXPECT_EQ(fold_key("Andrés Manuel López Obrador"), "ANDRES MANUEL LOPEZ OBRADOR");
    EXPECT_EQ(fold_key("  peña\t\vnieto  "), "PENA NIETO");  // vertical tab: white space, as ICU reads it
    EXPECT_EQ(fold_key("ÿ æ ø ß × ð þ"), "Y Æ Ø ß × Ð Þ");
    EXPECT_EQ(fold_key("Ångström Žižek"), "ANGSTROM ZIZEK");  // Ž is beyond the table: ICU
    EXPECT_EQ(fold_key("é\xC3"), fold_key("É\xC3"));               // a cut sequence: ICU, as before
    EXPECT_EQ(fold_key("ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝ"), "AAAAAACEEEEIIIINOOOOOUUUUY");
}

}  // namespace
}  // namespace presser::ingest
