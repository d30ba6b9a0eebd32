#include "ingest/structured_speakers.h"

#include <gtest/gtest.h>

#include "ingest/clock_time.h"
#include "ingest/csv_reader.h"
#include "ingest/mapped_text.h"

namespace presser::ingest {
namespace {

using model::Role;

TEST(StructuredSpeakers, ParticipantLines) {
    SpeakerEntry cfo = parse_participant_line("Alma Ruiz--Chief Financial Officer", Role::unknown);
    EXPECT_EQ(cfo.name, "Alma Ruiz");
    EXPECT_EQ(cfo.title, "Chief Financial Officer");
    EXPECT_EQ(cfo.role, Role::official);
    SpeakerEntry analyst = parse_participant_line("Theo Grant -- Harbor Securities -- Analyst", Role::unknown);
    EXPECT_EQ(analyst.name, "Theo Grant");
    EXPECT_EQ(analyst.title, "Analyst");
    EXPECT_EQ(analyst.affiliations, std::vector<std::string>{"Harbor Securities"});
    EXPECT_EQ(analyst.role, Role::journalist);
    SpeakerEntry piped = parse_participant_line("Jo Park | Daily Ledger", Role::unknown);
    EXPECT_EQ(piped.title, "Daily Ledger");
    SpeakerEntry comma = parse_participant_line("Jean-Luc Brun, Press Secretary", Role::unknown);
    EXPECT_EQ(comma.name, "Jean-Luc Brun");  // a hyphen inside a name separates nothing
    EXPECT_EQ(comma.role, Role::official);  // an office, though "press" leans to the askers
    EXPECT_EQ(parse_participant_line("Kim Oh", Role::journalist).role, Role::journalist);
}

TEST(StructuredSpeakers, RoleWords) {
    EXPECT_EQ(role_from_words("corporate_participants"), Role::official);
    EXPECT_EQ(role_from_words("Conference Call Participants"), Role::journalist);
    EXPECT_EQ(role_from_words("Editor-in-Chief"), Role::journalist);
    EXPECT_EQ(role_from_words("Conference Operator"), Role::moderator);
    EXPECT_EQ(role_from_words("journalist"), Role::journalist);
    EXPECT_EQ(role_from_words("other"), Role::other);
    EXPECT_EQ(role_from_words("Ferry Pilot"), Role::unknown);
}

TEST(StructuredSpeakers, LabelsAreNeverWeakAndTakeWhatIsKnown) {
    SpeakerEntry row;
    SpeakerEntry known{"Theo Grant", "Analyst", {"Harbor Securities"}, Role::journalist};
    Label label = structured_label("Theo Grant", &known, row);
    EXPECT_FALSE(label.weak);
    EXPECT_EQ(label.name, "Theo Grant");
    EXPECT_EQ(label.role_hint, Role::journalist);
    EXPECT_EQ(label.affiliations, known.affiliations);
    EXPECT_EQ(structured_label("Q", nullptr, row).label_class, LabelClass::question_marker);
    EXPECT_EQ(structured_label("Operator", nullptr, row).role_hint, Role::moderator);
    Label written = structured_label("Theo Grant -- Harbor Securities -- Analyst", nullptr, row);
    EXPECT_EQ(written.name, "Theo Grant");
    EXPECT_EQ(written.title, "Analyst");
}

TEST(CsvReader, QuotesNewlinesAndDelimiters) {
    const std::string text = "a,\"b,\"\"c\"\"\r\nd\",e\r\n\r\nf,,\n\"g\"x,h";
    CsvTable table = read_csv(text, 0, ',');
    ASSERT_FALSE(table.unclosed_quote);
    ASSERT_EQ(table.records.size(), 3u);
    ASSERT_EQ(table.records[0].cells.size(), 3u);
    EXPECT_EQ(cell_text(text, table.records[0].cells[1]).text, "b,\"c\"\r\nd");
    EXPECT_EQ(cell_value(text, table.records[0].cells[2]), "e");
    ASSERT_EQ(table.records[1].cells.size(), 3u);
    EXPECT_EQ(cell_value(text, table.records[1].cells[1]), "");
    EXPECT_EQ(cell_value(text, table.records[2].cells[0]), "gx");
    EXPECT_EQ(sniff_delimiter("a\tb\tc,d\n", 0), '\t');
    EXPECT_EQ(sniff_delimiter("\"x;y\",b,c\n", 0), ',');
    EXPECT_TRUE(read_csv("a,\"open", 0, ',').unclosed_quote.has_value());
}

TEST(MappedText, ParagraphsKeepTheirSourceBytes) {
    MappedText speech = verbatim("  One\nline.\r\n\r\n  Two. \n", 10);
    std::vector<model::Paragraph> paragraphs = paragraphs_of(speech);
    ASSERT_EQ(paragraphs.size(), 2u);
    EXPECT_EQ(paragraphs[0].text, "One line.");
    EXPECT_EQ(paragraphs[0].range, (model::ByteRange{12, 21}));
    EXPECT_EQ(paragraphs[1].text, "Two.");
    EXPECT_EQ(paragraphs[1].range, (model::ByteRange{27, 31}));
    EXPECT_TRUE(paragraphs_of(verbatim(" \n\n ", 0)).empty());
}

TEST(ClockTime, Forms) {
    EXPECT_EQ(parse_clock_time("01:05"), 65u);
    EXPECT_EQ(parse_clock_time("(1:02:03)"), 3723u);
    EXPECT_EQ(parse_clock_time("[00:00:07]"), 7u);
    EXPECT_EQ(parse_clock_time("65.4s"), 65u);
    EXPECT_FALSE(parse_clock_time("1:75").has_value());
    EXPECT_FALSE(parse_clock_time("noon").has_value());
    EXPECT_FALSE(parse_clock_time("").has_value());
}

}  // namespace
}  // namespace presser::ingest
