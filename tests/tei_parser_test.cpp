// TEI through the whole pipeline (parse_bytes -> parse_tei_drafts -> TranscriptBuilder), on small
// hand-written documents whose every expected value is known.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "ingest/parser.h"

namespace presser {
namespace {

using model::Role;
using model::TurnKind;

ingest::ParseOptions tei_options() {
    ingest::ParseOptions options;
    options.format = ingest::Format::tei;
    return options;
}

std::string_view bytes_of(const std::string& source, const model::ByteRange& range) {
    EXPECT_LE(range.start, range.end);
    EXPECT_LE(range.end, source.size());
    return std::string_view(source).substr(range.start, range.end - range.start);
}

// Two members and a minister with persons and parties in the header, a chair marked by @ana, a note
// between utterances, a note inside a segment, an unregistered speaker and an unidentified guest.
const std::string kSitting = R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="Sitting-1" xml:lang="tr">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main" xml:lang="en">Sitting 1</title>
        <title type="main" xml:lang="tr">Birleşim 1</title>
        <title type="sub" xml:lang="tr">Tutanak</title>
        <meeting n="1" corresp="#PARL">Term 1</meeting>
      </titleStmt>
      <sourceDesc>
        <bibl>
          <publisher xml:lang="en">The Test Parliament</publisher>
          <date when="2019-01-01">2019-01-01</date>
        </bibl>
      </sourceDesc>
    </fileDesc>
    <profileDesc>
      <settingDesc>
        <setting>
          <name type="city">Ankara</name>
          <name type="country" key="TR">Turkey</name>
          <date when="2020-03-04">04.03.2020</date>
        </setting>
      </settingDesc>
      <particDesc>
        <listPerson>
          <person xml:id="Ayse.Kaya">
            <persName><surname>Kaya</surname> <forename>Ayşe</forename></persName>
            <affiliation role="MP" ref="#PARL" from="2018-07-07"/>
            <affiliation role="member" ref="#party.B" from="2015-01-01" to="2017-12-31"/>
            <affiliation role="member" ref="#party.A" from="2018-01-01"/>
          </person>
          <person xml:id="MehmetAli.Demir">
            <persName><forename>Mehmet Ali</forename><surname>Demir</surname></persName>
            <affiliation role="member" ref="#party.B" from="2018"/>
          </person>
          <person xml:id="Veli.Bakan">
            <persName><forename>Veli</forename><surname>Bakan</surname></persName>
            <affiliation role="minister" ref="#GOV" from="2019-01-01" to="2021"/>
          </person>
        </listPerson>
        <listOrg>
          <org xml:id="PARL" role="parliament">
            <orgName full="yes" xml:lang="en">Test Parliament</orgName>
            <orgName full="yes" xml:lang="tr">Test Meclisi</orgName>
          </org>
          <org xml:id="party.A" role="politicalParty">
            <orgName full="init">AP</orgName>
            <orgName full="yes" xml:lang="en">A Party</orgName>
            <orgName full="yes" xml:lang="tr">A Partisi</orgName>
          </org>
          <org xml:id="party.B" role="politicalParty">
            <orgName full="yes" xml:lang="en">B Party</orgName>
          </org>
          <org xml:id="GOV" role="government">
            <orgName full="yes" xml:lang="tr">Hükümet</orgName>
          </org>
        </listOrg>
      </particDesc>
    </profileDesc>
  </teiHeader>
  <text xml:lang="tr">
    <body>
      <div type="debateSection">
        <note type="time">14.00</note>
        <u who="#Ayse.Kaya" ana="#chair" xml:id="u1">
          <seg xml:id="u1.1">Birleşimi açıyorum.</seg>
          <seg xml:id="u1.2">Gündeme geçiyoruz.</seg>
        </u>
        <u who="#Ayse.Kaya" ana="#chair" xml:id="u2">
          <seg xml:id="u2.1">Söz sırası Demir &amp; Bakan'da.</seg>
        </u>
        <note>CHP sıralarından alkışlar</note>
        <u who="#MehmetAli.Demir" ana="#regular" xml:id="u3">
          <seg xml:id="u3.1">Teşekkür ederim <note>Gürültüler</note> Sayın Başkan.</seg>
          <seg xml:id="u3.2">İkinci   paragraf
            satır.</seg>
        </u>
        <u who="#Veli.Bakan" ana="#regular" xml:id="u4">
          <seg xml:id="u4.1">Bakan olarak cevap veriyorum.</seg>
        </u>
        <u who="#Kayitsiz.Uye" ana="#regular" xml:id="u5">
          <seg xml:id="u5.1">Ben kayıtlı değilim.</seg>
        </u>
        <u ana="#guest" xml:id="u6">
          <seg xml:id="u6.1">Kimliği belirsiz.</seg>
        </u>
      </div>
    </body>
  </text>
</TEI>
)";

TEST(TeiParser, ReadsTheHeader) {
    auto events = ingest::parse_bytes(kSitting, "sitting-1.xml", tei_options());
    ASSERT_TRUE(events.ok()) << events.error().describe();
    ASSERT_EQ(events->size(), 1u);
    const model::Event& event = events->front();
    EXPECT_EQ(event.id, "sitting-1");
    EXPECT_EQ(event.source_format, "tei");
    EXPECT_EQ(event.title, "Birleşim 1");  // the main title in the document's language
    EXPECT_EQ(event.date.to_string(), "2020-03-04");  // the setting's date, not the source's
    EXPECT_EQ(event.date.precision, model::DatePrecision::day);
    EXPECT_EQ(event.language, "tr");
    EXPECT_EQ(event.organiser, "Test Meclisi");  // the meeting body from listOrg, in the document's language
    EXPECT_EQ(event.venue, "Ankara, Turkey");
    EXPECT_TRUE(event.warnings.empty());
}

TEST(TeiParser, SpeakersComeFromListPersonWithPartiesOnTheSittingDate) {
    auto events = ingest::parse_bytes(kSitting, "sitting-1.xml", tei_options());
    ASSERT_TRUE(events.ok()) << events.error().describe();
    const model::Event& event = events->front();
    ASSERT_EQ(event.speakers.size(), 5u);

    const model::Speaker& chair = event.speakers[0];
    EXPECT_EQ(chair.name, "Ayşe Kaya");
    EXPECT_EQ(chair.role, Role::moderator);
    // Party B ended before the sitting; the parliament itself is not listed.
    EXPECT_EQ(chair.affiliations, std::vector<std::string>{"A Partisi"});

    const model::Speaker& member = event.speakers[1];
    EXPECT_EQ(member.name, "Mehmet Ali Demir");
    EXPECT_EQ(member.role, Role::other);
    EXPECT_EQ(member.affiliations, std::vector<std::string>{"B Party"});  // no Turkish name: English

    const model::Speaker& minister = event.speakers[2];
    EXPECT_EQ(minister.name, "Veli Bakan");
    EXPECT_EQ(minister.role, Role::official);
    EXPECT_EQ(minister.affiliations, std::vector<std::string>{"Hükümet"});

    const model::Speaker& unregistered = event.speakers[3];
    EXPECT_EQ(unregistered.name, "Kayitsiz Uye");  // the id, readable
    EXPECT_EQ(unregistered.role, Role::other);
    EXPECT_TRUE(unregistered.affiliations.empty());

    const model::Speaker& guest = event.speakers[4];
    EXPECT_EQ(guest.name, "");
    EXPECT_EQ(guest.aliases, std::vector<std::string>{"guest"});
    EXPECT_EQ(guest.role, Role::other);
}

TEST(TeiParser, UtterancesBecomeTurnsAndNotesStageDirections) {
    auto events = ingest::parse_bytes(kSitting, "sitting-1.xml", tei_options());
    ASSERT_TRUE(events.ok()) << events.error().describe();
    const model::Event& event = events->front();
    ASSERT_EQ(event.turns.size(), 7u);

    const model::Turn& time = event.turns[0];
    EXPECT_EQ(time.kind, TurnKind::narration);
    EXPECT_EQ(time.speaker, "");
    ASSERT_EQ(time.paragraphs.size(), 1u);
    EXPECT_EQ(time.paragraphs[0].text, "14.00");

    // Two consecutive utterances of the chair are one turn of three paragraphs.
    const model::Turn& opening = event.turns[1];
    EXPECT_EQ(opening.speaker, event.speakers[0].id);
    EXPECT_EQ(opening.kind, TurnKind::moderation);
    ASSERT_EQ(opening.paragraphs.size(), 3u);
    EXPECT_EQ(opening.paragraphs[0].text, "Birleşimi açıyorum.");
    EXPECT_EQ(opening.paragraphs[1].text, "Gündeme geçiyoruz.");
    EXPECT_EQ(opening.paragraphs[2].text, "Söz sırası Demir & Bakan'da.");

    const model::Turn& applause = event.turns[2];
    EXPECT_EQ(applause.kind, TurnKind::stage_direction);
    EXPECT_EQ(applause.speaker, "");
    ASSERT_EQ(applause.paragraphs.size(), 1u);
    EXPECT_EQ(applause.paragraphs[0].text, "CHP sıralarından alkışlar");

    const model::Turn& speech = event.turns[3];
    EXPECT_EQ(speech.speaker, event.speakers[1].id);
    EXPECT_EQ(speech.kind, TurnKind::statement);
    ASSERT_EQ(speech.paragraphs.size(), 2u);
    EXPECT_EQ(speech.paragraphs[0].text, "Teşekkür ederim Sayın Başkan.");
    ASSERT_EQ(speech.paragraphs[0].asides.size(), 1u);
    EXPECT_EQ(speech.paragraphs[0].asides[0].text, "Gürültüler");
    EXPECT_EQ(speech.paragraphs[1].text, "İkinci paragraf satır.");

    EXPECT_EQ(event.turns[4].speaker, event.speakers[2].id);
    EXPECT_EQ(event.turns[4].kind, TurnKind::statement);  // an official before any question states
    EXPECT_EQ(event.turns[5].speaker, event.speakers[3].id);
    EXPECT_EQ(event.turns[6].speaker, event.speakers[4].id);
    EXPECT_EQ(event.turns[6].paragraphs[0].text, "Kimliği belirsiz.");
    EXPECT_TRUE(event.exchanges.empty());
}

TEST(TeiParser, RangesPointAtTheSegmentTextInTheSource) {
    auto events = ingest::parse_bytes(kSitting, "sitting-1.xml", tei_options());
    ASSERT_TRUE(events.ok()) << events.error().describe();
    const model::Event& event = events->front();

    // A segment without markup: the range's bytes are the text exactly.
    const model::Paragraph& plain = event.turns[1].paragraphs[0];
    EXPECT_EQ(bytes_of(kSitting, plain.range), "Birleşimi açıyorum.");
    EXPECT_EQ(plain.range.start, kSitting.find("Birleşimi açıyorum."));
    EXPECT_EQ(bytes_of(kSitting, event.turns[2].paragraphs[0].range), "CHP sıralarından alkışlar");
    EXPECT_EQ(bytes_of(kSitting, event.turns[6].paragraphs[0].range), "Kimliği belirsiz.");

    // An entity reference: the range holds the raw bytes, the text the decoded character.
    EXPECT_EQ(bytes_of(kSitting, event.turns[1].paragraphs[2].range), "Söz sırası Demir &amp; Bakan'da.");

    // A note inside the segment: the range spans the whole segment content, the aside its own text.
    const model::Paragraph& with_note = event.turns[3].paragraphs[0];
    EXPECT_EQ(bytes_of(kSitting, with_note.range), "Teşekkür ederim <note>Gürültüler</note> Sayın Başkan.");
    EXPECT_EQ(bytes_of(kSitting, with_note.asides[0].range), "Gürültüler");

    // Line breaks and runs of spaces: folded in the text, kept in the range.
    std::size_t second_start = kSitting.find("İkinci   paragraf\n");
    std::size_t second_end = kSitting.find("satır.</seg>") + std::string_view("satır.").size();
    EXPECT_EQ(event.turns[3].paragraphs[1].range, (model::ByteRange{second_start, second_end}));
}

TEST(TeiParser, ByteOrderMarkDoesNotShiftRanges) {
    std::string with_bom = "\xEF\xBB\xBF" + kSitting;
    auto events = ingest::parse_bytes(with_bom, "sitting-1.xml", tei_options());
    ASSERT_TRUE(events.ok()) << events.error().describe();
    const model::Paragraph& plain = events->front().turns[1].paragraphs[0];
    EXPECT_EQ(bytes_of(with_bom, plain.range), "Birleşimi açıyorum.");
}

TEST(TeiParser, FormatIsSniffedFromContent) {
    auto events = ingest::parse_bytes(kSitting, "sitting-1.xml");
    ASSERT_TRUE(events.ok()) << events.error().describe();
    ASSERT_EQ(events->size(), 1u);
    EXPECT_EQ(events->front().source_format, "tei");
}

// A chair named by <note type="chair"> (ParlaMint-TR marks every utterance #regular), notes inside an
// utterance, a segment that holds only a remark, and an empty gap.
TEST(TeiParser, ChairNoteAndRemarksInsideUtterances) {
    const std::string source = R"(<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="tr"><teiHeader/>
<text><body>
<note type="chair">Durmuş Yılmaz</note>
<u who="#Durmuş.Yılmaz" ana="#regular"><seg>Oturumu açıyorum.</seg></u>
<u who="#Ali.Veli" ana="#regular">
  <seg>Birinci.</seg>
  <note>Alkışlar</note>
  <seg>İkinci <gap reason="inaudible"/> devam.</seg>
  <seg><vocal><desc>Gülüşmeler</desc></vocal></seg>
  <seg>Üçüncü.</seg>
</u>
</body></text></TEI>)";
    auto events = ingest::parse_bytes(source, "chair.xml", tei_options());
    ASSERT_TRUE(events.ok()) << events.error().describe();
    ASSERT_EQ(events->size(), 1u);
    const model::Event& event = events->front();
    ASSERT_EQ(event.speakers.size(), 2u);
    EXPECT_EQ(event.speakers[0].name, "Durmuş Yılmaz");
    EXPECT_EQ(event.speakers[0].role, Role::moderator);
    EXPECT_EQ(event.speakers[1].name, "Ali Veli");
    EXPECT_EQ(event.speakers[1].role, Role::other);

    ASSERT_EQ(event.turns.size(), 7u);
    EXPECT_EQ(event.turns[0].kind, TurnKind::narration);  // the typed note naming the chair
    EXPECT_EQ(event.turns[0].paragraphs[0].text, "Durmuş Yılmaz");
    EXPECT_EQ(event.turns[1].kind, TurnKind::moderation);
    EXPECT_EQ(event.turns[2].speaker, event.speakers[1].id);
    EXPECT_EQ(event.turns[2].paragraphs[0].text, "Birinci.");
    EXPECT_EQ(event.turns[3].kind, TurnKind::stage_direction);
    EXPECT_EQ(event.turns[3].paragraphs[0].text, "Alkışlar");
    // The speaker resumes after the remark in a turn of their own.
    EXPECT_EQ(event.turns[4].speaker, event.speakers[1].id);
    ASSERT_EQ(event.turns[4].paragraphs.size(), 1u);
    const model::Paragraph& gap = event.turns[4].paragraphs[0];
    EXPECT_EQ(gap.text, "İkinci devam.");
    ASSERT_EQ(gap.asides.size(), 1u);
    EXPECT_EQ(gap.asides[0].text, "inaudible");
    EXPECT_EQ(bytes_of(source, gap.asides[0].range), R"(<gap reason="inaudible"/>)");
    // A segment that is nothing but a remark is a stage direction.
    EXPECT_EQ(event.turns[5].kind, TurnKind::stage_direction);
    EXPECT_EQ(event.turns[5].paragraphs[0].text, "Gülüşmeler");
    EXPECT_EQ(event.turns[6].speaker, event.speakers[1].id);
    EXPECT_EQ(event.turns[6].paragraphs[0].text, "Üçüncü.");
}

TEST(TeiParser, SpeechWithSpeakerElementAndNoRegistry) {
    const std::string source = R"(<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>
<title>Briefing</title></titleStmt><sourceDesc><bibl><publisher>Press Office</publisher><date when="2021-05"/></bibl></sourceDesc>
</fileDesc></teiHeader><text><body>
<sp who="#mod"><speaker>MODERATOR:</speaker><p>Welcome, everyone.</p></sp>
<sp who="#sec"><speaker>Jane Roe</speaker><p>Thank you.</p><p>We begin.</p></sp>
</body></text></TEI>)";
    auto events = ingest::parse_bytes(source, "briefing.xml", tei_options());
    ASSERT_TRUE(events.ok()) << events.error().describe();
    const model::Event& event = events->front();
    EXPECT_EQ(event.title, "Briefing");
    EXPECT_EQ(event.organiser, "Press Office");
    EXPECT_EQ(event.date.to_string(), "2021-05");
    ASSERT_EQ(event.speakers.size(), 2u);
    EXPECT_EQ(event.speakers[0].name, "Moderator");  // read by the label grammar
    EXPECT_EQ(event.speakers[0].role, Role::moderator);  // no @ana: the label's own words decide
    EXPECT_EQ(event.speakers[1].name, "Jane Roe");
    ASSERT_EQ(event.turns.size(), 2u);
    EXPECT_EQ(event.turns[1].paragraphs.size(), 2u);
    EXPECT_EQ(event.turns[1].paragraphs[1].text, "We begin.");
}

TEST(TeiParser, CorpusHeaderWithoutUtterancesYieldsNoEvents) {
    const std::string source = R"(<?xml version="1.0"?>
<teiCorpus xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude" xml:lang="tr">
  <teiHeader><fileDesc><titleStmt><title type="main">Corpus</title></titleStmt></fileDesc>
    <profileDesc><particDesc><listPerson><person xml:id="a.b"><persName>A B</persName></person></listPerson></particDesc></profileDesc>
  </teiHeader>
  <xi:include href="sitting-1.xml"/>
</teiCorpus>)";
    auto events = ingest::parse_bytes(source, "corpus.xml", tei_options());
    ASSERT_TRUE(events.ok()) << events.error().describe();
    EXPECT_TRUE(events->empty());
}

TEST(TeiParser, CorpusWithEmbeddedDocumentsYieldsOneEventEach) {
    const std::string source = R"(<teiCorpus xmlns="http://www.tei-c.org/ns/1.0" xml:lang="tr"><teiHeader/>
<TEI><teiHeader><profileDesc><settingDesc><setting><date when="2020-01-02"/></setting></settingDesc></profileDesc></teiHeader>
<text><body><u who="#a"><seg>Bir.</seg></u></body></text></TEI>
<TEI xml:lang="en"><teiHeader/><text><body><u who="#b"><seg>Two.</seg></u></body></text></TEI>
</teiCorpus>)";
    auto events = ingest::parse_bytes(source, "corpus.xml", tei_options());
    ASSERT_TRUE(events.ok()) << events.error().describe();
    ASSERT_EQ(events->size(), 2u);
    EXPECT_EQ((*events)[0].id, "corpus#1");
    EXPECT_EQ((*events)[0].date.to_string(), "2020-01-02");
    EXPECT_EQ((*events)[0].language, "tr");  // inherited from the corpus
    EXPECT_EQ((*events)[0].turns.at(0).paragraphs.at(0).text, "Bir.");
    EXPECT_EQ((*events)[1].id, "corpus#2");
    EXPECT_EQ((*events)[1].language, "en");
    EXPECT_EQ((*events)[1].speakers.at(0).name, "b");
}

TEST(TeiParser, MalformedXmlIsAnErrorAtItsOffset) {
    const std::string source = R"(<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>
<text><body><u who="#a"><seg>Bir.</seg></u></body></text></TEI>)";
    auto events = ingest::parse_bytes(source, "broken.xml", tei_options());
    ASSERT_FALSE(events.ok());
    const Error& error = events.error();
    EXPECT_EQ(error.file, "broken.xml");
    // pugixml reports a mismatched end tag at its name: </TEI> closes the unclosed <teiHeader>.
    ASSERT_TRUE(error.offset.has_value());
    EXPECT_EQ(*error.offset, source.rfind("</TEI>") + 2);
    EXPECT_EQ(error.line, 2u);
    EXPECT_NE(error.message.find("Start-end tags mismatch"), std::string::npos) << error.message;
}

TEST(TeiParser, ForeignRootIsAnError) {
    auto events = ingest::parse_bytes("<?xml version=\"1.0\"?>\n<html><p>x</p></html>", "page.xml", tei_options());
    ASSERT_FALSE(events.ok());
    EXPECT_EQ(events.error().offset, std::optional<std::uint64_t>(22));
    EXPECT_NE(events.error().message.find("<html>"), std::string::npos) << events.error().message;
}

TEST(TeiParser, DeepNestingNeitherCrashesNorLosesTheUtterance) {
    constexpr int kDepth = 100000;
    std::string source = R"(<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>)";
    for (int i = 0; i < kDepth; ++i) source += "<div>";
    source += R"(<u who="#deep"><seg>Derinde.</seg></u>)";
    for (int i = 0; i < kDepth; ++i) source += "</div>";
    source += "</body></text></TEI>";
    auto events = ingest::parse_bytes(source, "deep.xml", tei_options());
    ASSERT_TRUE(events.ok()) << events.error().describe();
    ASSERT_EQ(events->size(), 1u);
    ASSERT_EQ(events->front().turns.size(), 1u);
    EXPECT_EQ(bytes_of(source, events->front().turns[0].paragraphs.at(0).range), "Derinde.");
}

// Mutated documents: every outcome is an Error or events whose ranges lie inside the source.
TEST(TeiParser, MutatedDocumentsNeverBreakTheContract) {
    std::mt19937 random(20240607u);
    std::size_t parsed = 0;
    for (int round = 0; round < 300; ++round) {
        std::string source = kSitting;
        int edits = 1 + static_cast<int>(random() % 3);
        for (int e = 0; e < edits; ++e) {
            std::size_t at = random() % source.size();
            switch (random() % 4) {
                case 0: source[at] = "<>&\"'/#=x \n"[random() % 11]; break;
                case 1: source.erase(at, 1 + random() % 40); break;
                case 2: source[at] = static_cast<char>(random() % 256); break;  // may break UTF-8: an Error then
                default: source.insert(at, source.substr(random() % source.size(), 1 + random() % 60)); break;
            }
        }
        auto events = ingest::parse_bytes(source, "mutated.xml", tei_options());
        if (!events.ok()) continue;
        ++parsed;
        for (const model::Event& event : *events)
            for (const model::Turn& turn : event.turns)
                for (const model::Paragraph& paragraph : turn.paragraphs) {
                    ASSERT_LE(paragraph.range.start, paragraph.range.end);
                    ASSERT_LE(paragraph.range.end, source.size());
                    for (const model::Aside& aside : paragraph.asides) ASSERT_LE(aside.range.end, source.size());
                }
    }
    std::printf("mutated TEI documents that still parsed: %zu of 300\n", parsed);
}

}  // namespace
}  // namespace presser
