// Plain-text and Markdown layout families of ../shared/layouts: what their gold annotations
// (tests/gold/layouts) cannot state — time offsets, header fields, titles — and the same mechanisms on
// small texts of the tests' own.
#include <gtest/gtest.h>

#include <algorithm>

#include "layout_test_support.h"

namespace presser {
namespace {

using model::Role;
using model::TurnKind;
using testing::parse_layout;
using testing::parse_text;
using testing::speaker_of;
using testing::text_of;

TEST(LayoutsText, TimestampedSpeakerLinesGiveTimeOffsetsNotText) {
    PRESSER_REQUIRE_SHARED();
    model::Event event = parse_layout("timestamped-speaker-lines.txt");
    ASSERT_EQ(event.turns.size(), 3u);
    EXPECT_EQ(event.turns[0].time_offset, 12u);
    EXPECT_EQ(event.turns[1].time_offset, 65u);
    EXPECT_EQ(event.turns[2].time_offset, 3669u);
    for (const model::Turn& turn : event.turns) EXPECT_EQ(text_of(turn).find('('), std::string::npos) << text_of(turn);
    EXPECT_EQ(text_of(event.turns[1]), "How many test kits have been shipped?");
    // "Speaker 2" is someone unidentified, and another person than Harriet Vance.
    const model::Speaker& second = speaker_of(event, event.turns[1]);
    EXPECT_EQ(second.name, "");
    EXPECT_NE(event.turns[1].speaker, event.turns[0].speaker);
    EXPECT_EQ(event.turns[0].speaker, event.turns[2].speaker);
}

TEST(LayoutsText, NumberedSpeakersAreDistinctPeople) {
    model::Event event = parse_text("Speaker 1: (00:01)\nWelcome, everyone.\nSpeaker 2: (00:09)\nWhen does it open?\n"
                                    "Speaker 1: (00:15)\nIn May.\nSpeaker 3: (0:20)\nAnd the fares?\n");
    ASSERT_EQ(event.turns.size(), 4u);
    EXPECT_NE(event.turns[0].speaker, event.turns[1].speaker);
    EXPECT_NE(event.turns[1].speaker, event.turns[3].speaker);
    EXPECT_EQ(event.turns[0].speaker, event.turns[2].speaker);
    EXPECT_EQ(event.turns[3].time_offset, 20u);
}

TEST(LayoutsText, StampOutOfRangeIsText) {
    model::Event event = parse_text("MS. LEE: (12:75)\nHello.\n");
    ASSERT_EQ(event.turns.size(), 1u);
    EXPECT_FALSE(event.turns[0].time_offset.has_value());
    EXPECT_NE(text_of(event.turns[0]).find("(12:75)"), std::string::npos);
}

TEST(LayoutsText, SubjectsLineIsAnEventField) {
    PRESSER_REQUIRE_SHARED();
    model::Event event = parse_layout("field-line-not-speaker.txt");
    ASSERT_EQ(event.fields.size(), 1u);
    EXPECT_EQ(event.fields[0], (model::EventField{"Subjects", "ferry fares; port upgrade"}));
    for (const model::Speaker& speaker : event.speakers) EXPECT_NE(speaker.name, "Subjects");
    ASSERT_EQ(event.turns.size(), 2u);
}

TEST(LayoutsText, FieldLinesOfAHeaderGiveVenueAndDate) {
    model::Event event = parse_text("Date: 3 May 2024\nLOCATION: Canberra\n\nSUBJECTS: budget\n\n"
                                    "PRIME MINISTER: Good morning.\n\nQUESTION: Will it pass?\n\nPRIME MINISTER: Yes.\n");
    ASSERT_EQ(event.fields.size(), 3u);
    EXPECT_EQ(event.fields[0], (model::EventField{"Date", "3 May 2024"}));
    EXPECT_EQ(event.fields[1], (model::EventField{"LOCATION", "Canberra"}));
    EXPECT_EQ(event.fields[2], (model::EventField{"SUBJECTS", "budget"}));
    EXPECT_EQ(event.venue, "Canberra");
    EXPECT_EQ(event.date.to_string(), "2024-05-03");
    EXPECT_EQ(event.turns.size(), 3u);
}

TEST(LayoutsText, FieldNamesAfterTheFirstTurnAreSpeech) {
    model::Event event = parse_text("MS. LEE: Hello.\n\nQ: Why?\n\nMS. LEE: Because.\n\nLocation: the north side.\n");
    EXPECT_TRUE(event.fields.empty());
}

TEST(LayoutsText, SpeakerHeaderLinesStateTitlesFirmsAndRoles) {
    PRESSER_REQUIRE_SHARED();
    model::Event event = parse_layout("speaker-line-name-dash-title.txt");
    ASSERT_EQ(event.turns.size(), 3u);
    const model::Speaker& analyst = speaker_of(event, event.turns[1]);
    EXPECT_EQ(analyst.name, "Theo Grant");
    EXPECT_EQ(analyst.title, "Analyst");
    EXPECT_EQ(analyst.role, Role::journalist);
    EXPECT_EQ(analyst.affiliations, (std::vector<std::string>{"Harbor Securities"}));
    const model::Speaker& officer = speaker_of(event, event.turns[2]);
    EXPECT_EQ(officer.name, "Alma Ruiz");
    EXPECT_EQ(officer.title, "Chief Financial Officer");
    EXPECT_EQ(officer.role, Role::official);
    EXPECT_EQ(speaker_of(event, event.turns[0]).role, Role::moderator);
    EXPECT_EQ(event.exchanges.size(), 1u);
}

TEST(LayoutsText, RecurringNameLinesAreSpeakerHeaders) {
    model::Event event = parse_text("Dana Fox\n\nWelcome to the briefing on the new port.\n\nLi Wei\n\n"
                                    "When will the port open to ferries?\n\nDana Fox\n\nIn the spring, we expect.\n");
    ASSERT_EQ(event.turns.size(), 3u);
    EXPECT_EQ(speaker_of(event, event.turns[0]).name, "Dana Fox");
    EXPECT_EQ(speaker_of(event, event.turns[1]).name, "Li Wei");
    EXPECT_EQ(event.turns[0].speaker, event.turns[2].speaker);
    EXPECT_EQ(text_of(event.turns[2]), "In the spring, we expect.");
}

TEST(LayoutsText, ShortLinesOfALabelledTranscriptAreNotHeaders) {
    model::Event event = parse_text("MS. LEE: Hello.\n\nDana Fox\n\nis here.\n\nQ: Why?\n\nMS. LEE: Dana Fox\n\nagain.\n");
    for (const model::Speaker& speaker : event.speakers) EXPECT_NE(speaker.name, "Dana Fox");
}

TEST(LayoutsText, SectionHeadingsAreNotSpeakers) {
    PRESSER_REQUIRE_SHARED();
    model::Event event = parse_layout("section-headings-not-speakers.txt");
    ASSERT_EQ(event.turns.size(), 3u);
    EXPECT_EQ(event.turns[0].kind, TurnKind::narration);
    EXPECT_EQ(event.turns[2].kind, TurnKind::narration);
    EXPECT_EQ(text_of(event.turns[2]), "Questions and Answers:");
    for (const model::Speaker& speaker : event.speakers) EXPECT_EQ(speaker.role, Role::moderator) << speaker.name;
}

TEST(LayoutsText, WrappedLabelIsOneLabelWithItsOffice) {
    PRESSER_REQUIRE_SHARED();
    model::Event event = parse_layout("label-wrapped-over-two-lines.md");
    ASSERT_EQ(event.turns.size(), 2u);
    EXPECT_EQ(text_of(event.turns[0]), "Le damos la palabra al director.");
    const model::Speaker& director = speaker_of(event, event.turns[1]);
    EXPECT_EQ(director.name, "Tomás Arrieta Vela");
    EXPECT_EQ(director.title, "Director General del Servicio Nacional de Meteorología (Senamet)");
    EXPECT_EQ(director.role, Role::official);
}

TEST(LayoutsText, WrappedPlainTextLabelEndingInAJoiningWord) {
    model::Event event = parse_text("THE PRESIDENT: Welcome.\n\nJANE DOE, MINISTER FOR PORTS AND\nHARBOURS: Thank you.\n\n"
                                    "Q: When?\n\nJANE DOE: Soon.\n");
    ASSERT_EQ(event.turns.size(), 4u);
    EXPECT_EQ(text_of(event.turns[0]), "Welcome.");
    EXPECT_EQ(speaker_of(event, event.turns[1]).title, "Minister for Ports and Harbours");
    EXPECT_EQ(event.turns[1].speaker, event.turns[3].speaker);
}

TEST(LayoutsText, WrappedHeadingIsTheWholeTitle) {
    PRESSER_REQUIRE_SHARED();
    model::Event event = parse_layout("heading-wrapped-over-two-lines.md");
    EXPECT_EQ(event.title,
              "Versión estenográfica. Conferencia de prensa matutina de la presidenta Lucía Ortega Pardo del 10 de junio "
              "de 2031");
    EXPECT_EQ(event.date.to_string(), "2031-06-10");
}

TEST(LayoutsText, ShortHeadingIsNotContinuedByTheNextLine) {
    model::Event event = parse_text("# Briefing\nThe minister spoke at noon.\n\nMS. LEE: Hello.\n\nQ: Why?\n", "briefing.md");
    EXPECT_EQ(event.title, "Briefing");
}

TEST(LayoutsText, UntaggedNameInTheInlineTagLayoutStartsATurn) {
    PRESSER_REQUIRE_SHARED();
    model::Event event = parse_layout("untagged-name-in-inline-tags.txt");
    ASSERT_EQ(event.turns.size(), 4u);
    EXPECT_EQ(text_of(event.turns[1]), "Priya.");
    const model::Speaker& asker = speaker_of(event, event.turns[2]);
    EXPECT_EQ(asker.name, "Priya Nandakumar");
    EXPECT_EQ(asker.role, Role::journalist);
    EXPECT_EQ(asker.affiliations, (std::vector<std::string>{"Daily Ledger"}));
}

TEST(LayoutsText, MixedCaseLabelsOfADocumentThatOpensItsTurnsSo) {
    model::Event event = parse_text("Operator: Next is Ann Lee.\n\nAnn Lee: Hi, how are sales?\n\nBo Chan: Up a bit.\n\n"
                                    "Ann Lee: And costs?\n\nBo Chan: Down.\n\nOperator: Next is Cy Ng.\n\nCy Ng: Margins?\n\n"
                                    "Bo Chan: Flat.\n");
    ASSERT_EQ(event.turns.size(), 8u);
    EXPECT_EQ(speaker_of(event, event.turns[6]).name, "Cy Ng");  // used once, a label all the same
    EXPECT_EQ(speaker_of(event, event.turns[0]).role, Role::moderator);
}

}  // namespace
}  // namespace presser
