// The HTML and XML layout families of ../shared/layouts: what their gold annotations (tests/gold/layouts)
// cannot say: titles of speakers, venues, byte ranges, formats, and the mechanisms on their own.
#include <gtest/gtest.h>

#include <algorithm>

#include "ingest/build_steps.h"
#include "ingest/damaged_labels.h"
#include "ingest/parser.h"
#include "layout_test_support.h"

namespace presser {
namespace {

using model::Role;
using model::TurnKind;
using testing::parse_layout;
using testing::speaker_of;

std::filesystem::path layout(const char* name) { return testing::shared_dir() / "layouts" / name; }

// Every paragraph's range lies in the file and begins with the paragraph's first bytes.
void expect_ranges_in_file(const model::Event& event, const std::string& file) {
    for (const model::Turn& turn : event.turns)
        for (const model::Paragraph& paragraph : turn.paragraphs) {
            ASSERT_LE(paragraph.range.end, file.size()) << paragraph.text;
            std::string_view source = std::string_view(file).substr(paragraph.range.start, paragraph.range.end - paragraph.range.start);
            std::string_view head = std::string_view(paragraph.text).substr(0, 6);
            EXPECT_TRUE(source.starts_with(head)) << "range of '" << paragraph.text << "' reads '" << source << "'";
        }
}

TEST(LayoutsMarkup, RecordXmlTakesItsMetadataAndParsesTheHtmlBodyInPlace) {
    PRESSER_REQUIRE_SHARED();
    model::Event event = parse_layout("record-xml-with-html-body.xml");
    EXPECT_EQ(event.source_format, "xml");
    EXPECT_EQ(event.title, "Press Conference, Hobart");
    EXPECT_EQ(event.date.to_string(), "2032-03-05");
    EXPECT_EQ(event.venue, "Hobart");
    ASSERT_EQ(event.turns.size(), 1u);
    for (const model::Paragraph& paragraph : event.turns[0].paragraphs) EXPECT_EQ(paragraph.text.find("]]>"), std::string::npos);
    const model::Speaker& prime_minister = speaker_of(event, event.turns[0]);
    EXPECT_EQ(prime_minister.name, "");
    EXPECT_EQ(prime_minister.title, "Prime Minister");
    EXPECT_EQ(prime_minister.role, Role::official);
    expect_ranges_in_file(event, testing::read_file(layout("record-xml-with-html-body.xml")));
}

TEST(LayoutsMarkup, TypewrittenLabelsAfterLineBreaksAndSentencesStartTurns) {
    PRESSER_REQUIRE_SHARED();
    model::Event event = parse_layout("typewritten-labels-after-line-breaks.xml");
    EXPECT_EQ(event.date.to_string(), "1977-05-03");
    EXPECT_EQ(event.venue, "Canberra");
    ASSERT_EQ(event.turns.size(), 5u);
    EXPECT_EQ(event.turns[0].kind, TurnKind::narration);
    EXPECT_EQ(event.turns[3].paragraphs.at(0).text, "And next?");
    EXPECT_EQ(event.turns[2].paragraphs.at(0).text, "It will hold this season.");
    EXPECT_EQ(speaker_of(event, event.turns[2]).title, "Prime Minister");
    expect_ranges_in_file(event, testing::read_file(layout("typewritten-labels-after-line-breaks.xml")));
}

TEST(LayoutsMarkup, OfficeOnlyLabelsGiveTitlesAndNoNames) {
    PRESSER_REQUIRE_SHARED();
    model::Event event = parse_layout("office-only-labels.html");
    ASSERT_EQ(event.turns.size(), 4u);
    const std::vector<std::pair<std::string, std::string>> expected{
        {"", "Prime Minister"}, {"", "Minister for Fisheries"}, {"", "Prime Minister of Fiji"}, {"Holland", "Premier"}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const model::Speaker& speaker = speaker_of(event, event.turns[i]);
        EXPECT_EQ(speaker.name, expected[i].first) << i;
        EXPECT_EQ(speaker.title, expected[i].second) << i;
        EXPECT_EQ(speaker.role, Role::official) << i;
    }
}

TEST(LayoutsMarkup, StatementPageIsTheSpokespersonsStatement) {
    PRESSER_REQUIRE_SHARED();
    model::Event event = parse_layout("statement-page-without-labels.html");
    ASSERT_EQ(event.turns.size(), 1u);
    EXPECT_EQ(event.turns[0].kind, TurnKind::statement);
    EXPECT_EQ(event.turns[0].paragraphs.size(), 2u);
    const model::Speaker& spokesperson = speaker_of(event, event.turns[0]);
    EXPECT_EQ(spokesperson.title, "外交部发言人");
    EXPECT_EQ(spokesperson.role, Role::official);
    EXPECT_TRUE(std::none_of(event.warnings.begin(), event.warnings.end(),
                             [](const std::string& warning) { return warning.starts_with("no speaker labels"); }));
}

TEST(LayoutsMarkup, GenericJournalistLabelIsAnonymousAndChainsNoFollowUps) {
    PRESSER_REQUIRE_SHARED();
    model::Event event = parse_layout("generic-journalist-label.html");
    for (const model::Speaker& speaker : event.speakers) EXPECT_NE(speaker.name, "Journalist");
    for (const model::Exchange& exchange : event.exchanges) EXPECT_FALSE(exchange.follows.has_value()) << exchange.id;
}

TEST(LayoutsMarkup, DamagedLabelsReadAsTheIntactOnes) {
    auto glued = ingest::match_damaged_label("QUESTIONX Is the dam going ahead?", {});
    ASSERT_TRUE(glued);
    EXPECT_EQ(glued->label.label_class, ingest::LabelClass::question_marker);
    EXPECT_EQ(glued->consumed, std::string("QUESTIONX ").size());
    auto misread = ingest::match_damaged_label("QUESTE ON: When?", {});
    ASSERT_TRUE(misread);
    EXPECT_EQ(misread->label.label_class, ingest::LabelClass::question_marker);
    auto comma = ingest::match_damaged_label("PRIME MINISTER, By the end of the year.", {});
    ASSERT_TRUE(comma);
    EXPECT_EQ(comma->label.title, "Prime Minister");
    auto from_document = ingest::match_damaged_label("MR WHITLAMi It is not.", {"MR WHITLAM"});
    ASSERT_TRUE(from_document);
    EXPECT_EQ(from_document->label.name, "Whitlam");
    EXPECT_FALSE(ingest::match_damaged_label("QUESTIONS AND ANSWERS", {}));
    EXPECT_FALSE(ingest::match_damaged_label("Question time, Sir.", {}));
    EXPECT_FALSE(ingest::match_damaged_label("PRIME MINISTERS OF THE PAST met here.", {}));
}

TEST(LayoutsMarkup, RecordXmlIsSniffedButInlineNameTagsAreNot) {
    EXPECT_EQ(ingest::sniff_format("<records><record><body>x</body></record></records>\n", "a"), ingest::Format::xml);
    EXPECT_EQ(ingest::sniff_format("<?xml version=\"1.0\"?>\n<r><c><![CDATA[<p>x</p>]]></c></r>", "a"), ingest::Format::xml);
    EXPECT_NE(ingest::sniff_format("<NAME>CHAIR POWELL</NAME>. Good afternoon.", "a"), ingest::Format::xml);
    EXPECT_EQ(ingest::sniff_format("<p>PM: Hello.</p>\n<p>Q: Hi?</p>", "a"), ingest::Format::html);
}

TEST(LayoutsMarkup, NumericDatesAreDayFirstUnlessOnlyMonthFirstFits) {
    EXPECT_EQ(ingest::find_numeric_date("05/03/2032")->date.to_string(), "2032-03-05");
    EXPECT_EQ(ingest::find_numeric_date("12/31/2032")->date.to_string(), "2032-12-31");
    EXPECT_EQ(ingest::find_numeric_date("5.3.1977")->date.to_string(), "1977-03-05");
    EXPECT_FALSE(ingest::find_numeric_date("version 1/2"));
}

}  // namespace
}  // namespace presser
