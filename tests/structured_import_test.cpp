// Structured transcripts: JSON speaker/speech lists with participants, CSV/TSV tables with a header or a
// column mapping, and the JSON/CSV files that hold no transcript (listed as skipped, never read as narration).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "index_test_support.h"
#include "ingest/column_mapping.h"
#include "ingest/parser.h"
#include "test_paths.h"

namespace presser::ingest {
namespace {

using model::Role;
using model::TurnKind;

ParseOptions quiet_options() {
    static const SpeakerOverrides none;  // keeps sidecar lookups out of the tests
    ParseOptions options;
    options.overrides = &none;
    return options;
}

model::Event parse_one(const std::string& text, const std::string& name, ParseOptions options = quiet_options()) {
    auto events = parse_bytes(text, name, options);
    EXPECT_TRUE(events.ok()) << events.error().describe();
    if (!events.ok() || events->empty()) return {};
    EXPECT_EQ(events->size(), 1u);
    return std::move(events->front());
}

const model::Speaker& speaker_of(const model::Event& event, const model::Turn& turn) {
    const model::Speaker* speaker = event.find_speaker(turn.speaker);
    static const model::Speaker none;
    EXPECT_NE(speaker, nullptr) << turn.id;
    return speaker ? *speaker : none;
}

std::string_view slice(const std::string& text, const model::ByteRange& range) {
    return std::string_view(text).substr(range.start, range.end - range.start);
}

TEST(StructuredImport, JsonLayoutIsAnEventWithTitlesAndAffiliations) {
    PRESSER_REQUIRE_SHARED();
    const auto path = testing::shared_dir() / "layouts" / "structured-json-transcript.json";
    auto events = parse_file(path, quiet_options());
    ASSERT_TRUE(events.ok()) << events.error().describe();
    ASSERT_EQ(events->size(), 1u);
    const model::Event& event = events->front();
    EXPECT_EQ(event.source_format, "json");
    ASSERT_EQ(event.turns.size(), 3u);
    const std::string source = testing::read_file(path);
    for (const model::Turn& turn : event.turns)
        for (const model::Paragraph& paragraph : turn.paragraphs) EXPECT_EQ(slice(source, paragraph.range), paragraph.text);

    const model::Speaker& operator_ = speaker_of(event, event.turns[0]);
    EXPECT_EQ(operator_.role, Role::moderator);
    EXPECT_EQ(event.turns[0].kind, TurnKind::moderation);

    const model::Speaker& analyst = speaker_of(event, event.turns[1]);
    EXPECT_EQ(analyst.name, "Theo Grant");
    EXPECT_EQ(analyst.role, Role::journalist);
    EXPECT_EQ(analyst.title, "Analyst");
    EXPECT_EQ(analyst.affiliations, std::vector<std::string>{"Harbor Securities"});
    EXPECT_EQ(event.turns[1].kind, TurnKind::question);

    const model::Speaker& cfo = speaker_of(event, event.turns[2]);
    EXPECT_EQ(cfo.name, "Alma Ruiz");
    EXPECT_EQ(cfo.role, Role::official);
    EXPECT_EQ(cfo.title, "Chief Financial Officer");
    EXPECT_TRUE(cfo.affiliations.empty());
    EXPECT_EQ(event.turns[2].kind, TurnKind::answer);

    ASSERT_EQ(event.exchanges.size(), 1u);
    EXPECT_EQ(event.exchanges[0].questions, std::vector<std::string>{event.turns[1].id});
    EXPECT_EQ(event.exchanges[0].answers, std::vector<std::string>{event.turns[2].id});
}

TEST(StructuredImport, JsonEscapesAndParagraphsKeepTheStringsBytes) {
    const std::string text = R"({"event": {"title": "Harbour briefing", "date": "2031-06-10", "organiser": "Port Authority"},
 "turns": [{"speaker": "Kim Oh", "role": "official", "title": "Minister", "text": "Good morning.\n\nThe \"new\" pier opens. caf\u00e9"},
           {"speaker": "Lu Ma", "outlet": "Daily Ledger", "role": "journalist", "text": ["When will fares rise?", "And by how much?"]},
           {"speaker": "Kim Oh", "text": "In May."}]})";
    model::Event event = parse_one(text, "briefing.json");
    EXPECT_EQ(event.title, "Harbour briefing");
    EXPECT_EQ(event.date.to_string(), "2031-06-10");
    EXPECT_EQ(event.organiser, "Port Authority");
    ASSERT_EQ(event.turns.size(), 3u);
    const model::Turn& opening = event.turns[0];
    ASSERT_EQ(opening.paragraphs.size(), 2u);
    EXPECT_EQ(opening.paragraphs[0].text, "Good morning.");
    EXPECT_EQ(slice(text, opening.paragraphs[0].range), "Good morning.");
    EXPECT_EQ(opening.paragraphs[1].text, "The \"new\" pier opens. café");
    EXPECT_EQ(slice(text, opening.paragraphs[1].range), R"(The \"new\" pier opens. caf\u00e9)");
    EXPECT_EQ(speaker_of(event, opening).title, "Minister");
    EXPECT_EQ(speaker_of(event, opening).role, Role::official);

    const model::Turn& question = event.turns[1];
    EXPECT_EQ(question.kind, TurnKind::question);
    ASSERT_EQ(question.paragraphs.size(), 2u);
    EXPECT_EQ(slice(text, question.paragraphs[1].range), "And by how much?");
    EXPECT_EQ(speaker_of(event, question).affiliations, std::vector<std::string>{"Daily Ledger"});
    EXPECT_EQ(event.turns[2].kind, TurnKind::answer);
    EXPECT_EQ(event.exchanges.size(), 1u);
}

TEST(StructuredImport, JsonParticipantGroupsGiveRoles) {
    const std::string text = R"({"participants": {"executives": [{"name": "Ana Ruiz", "title": "CEO"}],
                                   "analysts": [{"name": "Bo Lee", "firm": "Vale Capital"}]},
 "transcript": [{"speaker_name": "Bo Lee", "utterance": "How were margins?"},
                {"speaker_name": "Ana Ruiz", "utterance": "Better than planned."}]})";
    model::Event event = parse_one(text, "call.json");
    ASSERT_EQ(event.turns.size(), 2u);
    EXPECT_EQ(speaker_of(event, event.turns[0]).role, Role::journalist);
    EXPECT_EQ(speaker_of(event, event.turns[0]).affiliations, std::vector<std::string>{"Vale Capital"});
    EXPECT_EQ(speaker_of(event, event.turns[1]).role, Role::official);
    EXPECT_EQ(speaker_of(event, event.turns[1]).title, "CEO");
}

TEST(StructuredImport, JsonRowsMayNameSpeakersById) {
    const std::string text = R"({"speakers": [{"id": 1, "name": "Kim Oh", "title": "Minister", "role": "official"},
                                              {"id": 2, "name": "Lu Ma", "affiliation": "Daily Ledger", "role": "journalist"}],
 "segments": [{"speaker_id": 2, "text": "Will fares rise?"}, {"speaker_id": 1, "text": "No."}]})";
    model::Event event = parse_one(text, "ids.json");
    ASSERT_EQ(event.turns.size(), 2u);
    EXPECT_EQ(speaker_of(event, event.turns[0]).name, "Lu Ma");
    EXPECT_EQ(speaker_of(event, event.turns[0]).affiliations, std::vector<std::string>{"Daily Ledger"});
    EXPECT_EQ(event.turns[0].kind, TurnKind::question);
    EXPECT_EQ(speaker_of(event, event.turns[1]).title, "Minister");
    EXPECT_EQ(event.turns[1].kind, TurnKind::answer);
}

TEST(StructuredImport, JsonRecordWithTheTranscriptAsOneString) {
    const std::string text = R"([{"title": "Press Briefing", "date": "2023-05-02",
  "transcript": "MS. JEAN-PIERRE:  Good afternoon, everyone.\n\nQ  Thank you, Karine. Will the \"deal\" pass?\n\nMS. JEAN-PIERRE:  We believe it will."},
 {"title": "An article", "body": "The harbour reopened on Tuesday after a week of repairs to its northern breakwater."}])";
    auto events = parse_bytes(text, "records.json", quiet_options());
    ASSERT_TRUE(events.ok()) << events.error().describe();
    ASSERT_EQ(events->size(), 1u);  // the article has no speaker labels: no transcript
    const model::Event& event = events->front();
    EXPECT_EQ(event.title, "Press Briefing");
    EXPECT_EQ(event.date.to_string(), "2023-05-02");
    ASSERT_EQ(event.turns.size(), 3u);
    EXPECT_EQ(event.turns[1].kind, TurnKind::question);
    EXPECT_EQ(event.turns[1].paragraphs[0].text, "Thank you, Karine. Will the \"deal\" pass?");
    EXPECT_EQ(slice(text, event.turns[1].paragraphs[0].range), R"(Thank you, Karine. Will the \"deal\" pass?)");
    EXPECT_EQ(slice(text, event.turns[2].paragraphs[0].range), "We believe it will.");
}

TEST(StructuredImport, JsonArrayOfEventsGivesOneEventEach) {
    const std::string text = R"([{"title": "Day one", "turns": [{"speaker": "A", "text": "One."}]},
                                 {"title": "Day two", "turns": [{"speaker": "B", "text": "Two."}]}])";
    auto events = parse_bytes(text, "days.json", quiet_options());
    ASSERT_TRUE(events.ok()) << events.error().describe();
    ASSERT_EQ(events->size(), 2u);
    EXPECT_EQ((*events)[0].title, "Day one");
    EXPECT_EQ((*events)[1].title, "Day two");
}

TEST(StructuredImport, JsonLinesAreRows) {
    const std::string text = "{\"speaker\": \"Q\", \"text\": \"Is it open?\"}\n{\"speaker\": \"Kim Oh\", \"text\": \"It is.\"}\n";
    model::Event event = parse_one(text, "rows.jsonl");
    ASSERT_EQ(event.turns.size(), 2u);
    EXPECT_EQ(event.turns[0].kind, TurnKind::question);
    EXPECT_EQ(slice(text, event.turns[1].paragraphs[0].range), "It is.");
}

TEST(StructuredImport, CsvWithQuotesAndNewlines) {
    const std::string text =
        "speaker,role,affiliation,text,time\r\n"
        "Operator,moderator,,\"Welcome, everyone.\",0:05\r\n"
        "Bo Lee,analyst,Vale Capital,\"How are \"\"margins\"\"?\r\n\r\nAnd costs?\",1:10\r\n"
        "Ana Ruiz,executive,,Better.,1:02:03\r\n";
    model::Event event = parse_one(text, "call.csv");
    EXPECT_EQ(event.source_format, "csv");
    ASSERT_EQ(event.turns.size(), 3u);
    EXPECT_EQ(event.turns[0].kind, TurnKind::moderation);
    EXPECT_EQ(event.turns[0].paragraphs[0].text, "Welcome, everyone.");
    EXPECT_EQ(event.turns[0].time_offset, 5u);
    const model::Turn& question = event.turns[1];
    EXPECT_EQ(question.kind, TurnKind::question);
    ASSERT_EQ(question.paragraphs.size(), 2u);
    EXPECT_EQ(question.paragraphs[0].text, "How are \"margins\"?");
    EXPECT_EQ(slice(text, question.paragraphs[0].range), "How are \"\"margins\"\"?");
    EXPECT_EQ(slice(text, question.paragraphs[1].range), "And costs?");
    EXPECT_EQ(question.time_offset, 70u);
    EXPECT_EQ(speaker_of(event, question).affiliations, std::vector<std::string>{"Vale Capital"});
    EXPECT_EQ(speaker_of(event, question).role, Role::journalist);
    EXPECT_EQ(event.turns[2].kind, TurnKind::answer);
    EXPECT_EQ(event.turns[2].time_offset, 3723u);
    EXPECT_EQ(speaker_of(event, event.turns[2]).role, Role::official);
}

TEST(StructuredImport, TsvIsSniffedFromItsHeader) {
    const std::string text = "Speaker Name\tSpeech\nKim Oh\tGood morning.\nQ\tWill fares rise?\nKim Oh\tNo.\n";
    EXPECT_EQ(sniff_format(text, "briefing"), Format::tsv);
    model::Event event = parse_one(text, "briefing");
    EXPECT_EQ(event.source_format, "tsv");
    ASSERT_EQ(event.turns.size(), 3u);
    EXPECT_EQ(event.turns[1].kind, TurnKind::question);
    EXPECT_EQ(event.turns[2].kind, TurnKind::answer);
}

TEST(StructuredImport, ColumnsMapByNumberAndByName) {
    const std::string text = "1,Kim Oh,Good morning.\n2,Q,Will fares rise?\n3,Kim Oh,No.\n";
    ParseOptions options = quiet_options();
    auto mapping = parse_column_mapping("speaker=2,text=3");
    ASSERT_TRUE(mapping.ok()) << mapping.error().describe();
    options.columns = mapping.value();
    model::Event event = parse_one(text, "numbered.csv", options);
    ASSERT_EQ(event.turns.size(), 3u);  // no header: the first row is a turn
    EXPECT_EQ(event.turns[0].paragraphs[0].text, "Good morning.");

    const std::string named = "n,Who Spoke,Said\n1,Kim Oh,Good morning.\n2,Q,Why?\n";
    options.columns = parse_column_mapping("speaker=Who Spoke, text=said").value();
    event = parse_one(named, "named.csv", options);
    ASSERT_EQ(event.turns.size(), 2u);
    EXPECT_EQ(event.turns[1].kind, TurnKind::question);

    EXPECT_FALSE(parse_column_mapping("speaker").ok());
    EXPECT_FALSE(parse_column_mapping("voice=2").ok());
    EXPECT_FALSE(parse_column_mapping("text=0").ok());
}

TEST(StructuredImport, ColumnsSidecarBesideTheTable) {
    testing::ScratchDir scratch("structured-columns");
    std::ofstream(scratch.path() / "presser-columns.tsv") << "# field\tcolumn\nspeaker\t2\ntext\t3\n";
    std::ofstream(scratch.path() / "rows.csv") << "1,Kim Oh,Good morning.\n2,Q,Why?\n";
    ParseOptions options;
    options.overrides = quiet_options().overrides;
    auto events = parse_file(scratch.path() / "rows.csv", options);
    ASSERT_TRUE(events.ok()) << events.error().describe();
    ASSERT_EQ(events->front().turns.size(), 2u);
}

TEST(StructuredImport, FilesThatAreNoTranscriptsSaySoAndWhy) {
    for (const auto& [text, name] : std::vector<std::pair<std::string, std::string>>{
             {R"({"port": 8080, "debug": true, "paths": ["a", "b"]})", "config.json"},
             {"[1, 2, 3]", "numbers.json"},
             {"\"just a string\"", "scalar.json"},
             {"date,i,question,answer\n2020-09-02,1,Why?,Because.\n", "pairs.csv"},
             {"x,y\n1,2\n3,4\n", "numbers.csv"},
             {"id\tname\tparty\nA.B\tAda\tX\n", "members.tsv"},
             {R"({"turns": [{"speaker": "A", "text": "   "}]})", "blank.json"}}) {
        auto events = parse_bytes(text, name, quiet_options());
        ASSERT_FALSE(events.ok()) << name;
        EXPECT_TRUE(events.error().not_transcript) << name << ": " << events.error().describe();
        EXPECT_TRUE(events.error().message.starts_with("not a transcript (")) << events.error().message;
        EXPECT_EQ(events.error().file, name);
    }
}

TEST(StructuredImport, BadInputNamesTheFileAndTheByteOffset) {
    const std::string broken = R"({"turns": [{"speaker": "A", "text": "one"} oops]})";
    auto json = parse_bytes(broken, "broken.json", quiet_options());
    ASSERT_FALSE(json.ok());
    EXPECT_FALSE(json.error().not_transcript);
    EXPECT_EQ(json.error().file, "broken.json");
    ASSERT_TRUE(json.error().offset.has_value());
    EXPECT_EQ(*json.error().offset, broken.find("oops"));
    EXPECT_NE(json.error().message.find("not valid JSON"), std::string::npos) << json.error().message;

    const std::string csv = "speaker,text\nA,\"never closed\nB,two\n";
    auto table = parse_bytes(csv, "broken.csv", quiet_options());
    ASSERT_FALSE(table.ok());
    EXPECT_FALSE(table.error().not_transcript);
    EXPECT_EQ(table.error().file, "broken.csv");
    EXPECT_EQ(table.error().offset, csv.find('"'));

    auto deep = parse_bytes(std::string(5000, '[') + std::string(5000, ']'), "deep.json", quiet_options());
    ASSERT_FALSE(deep.ok());
    EXPECT_NE(deep.error().message.find("nested deeper"), std::string::npos) << deep.error().message;
    EXPECT_EQ(deep.error().offset, 256u);  // the bracket that opens level 257
}

TEST(StructuredImport, FormatNamesAndSniffing) {
    EXPECT_EQ(parse_format_name("json"), Format::json);
    EXPECT_EQ(parse_format_name("jsonl"), Format::json);
    EXPECT_EQ(parse_format_name("csv"), Format::csv);
    EXPECT_EQ(parse_format_name("tsv"), Format::tsv);
    EXPECT_EQ(format_name(Format::tsv), "tsv");
    EXPECT_EQ(sniff_format("{\"a\": 1}", "x"), Format::json);
    EXPECT_EQ(sniff_format("[\n  {\"a\": 1}]", "x"), Format::json);
    EXPECT_EQ(sniff_format("<p>hi</p>", "x.json"), Format::json);
    EXPECT_EQ(sniff_format("a,b\n", "x.csv"), Format::csv);
    EXPECT_EQ(sniff_format("speaker,text\nA,hi\n", "x"), Format::csv);
    EXPECT_EQ(sniff_format("[Music]\n\nQ: Hello?\n", "x.txt"), Format::text);
    EXPECT_EQ(sniff_format("Speaker: Hello, world, again.\n", "x"), Format::text);
}

TEST(StructuredImport, ParseAndIndexListSkippedFilesAndSucceed) {
    testing::ScratchDir scratch("structured-skipped");
    const auto folder = scratch.path() / "corpus";
    std::filesystem::create_directories(folder);
    std::ofstream(folder / "briefing.csv") << "speaker,text\nKim Oh,Good morning.\nQ,Why?\nKim Oh,Because.\n";
    std::ofstream(folder / "settings.json") << R"({"theme": "dark"})";
    std::ofstream(folder / "pairs.csv") << "date,question,answer\n2020-01-01,Why?,Because.\n";
    std::string output;
    EXPECT_EQ(testing::run_presser({"parse", folder.string()}, &output), 0) << output;
    EXPECT_NE(output.find("1 events"), std::string::npos) << output;
    EXPECT_NE(output.find("2 files skipped (not transcripts)"), std::string::npos) << output;
    EXPECT_NE(output.find("skipped: " + (folder / "pairs.csv").string() + ": not a transcript ("), std::string::npos) << output;
    EXPECT_NE(output.find("skipped: " + (folder / "settings.json").string() + ": not a transcript ("), std::string::npos) << output;
    EXPECT_NE(output.find(" 0 errors"), std::string::npos) << output;

    const auto index = (scratch.path() / "idx").string();
    EXPECT_EQ(testing::run_presser({"index", "build", "--index", index, folder.string()}, &output), 0) << output;
    EXPECT_NE(output.find("2 not transcripts"), std::string::npos) << output;
    EXPECT_NE(output.find("skipped: " + (folder / "settings.json").string() + ": not a transcript ("), std::string::npos) << output;

    std::ofstream(folder / "rows.csv") << "1,Kim Oh,Good morning.\n2,Q,Why?\n";
    EXPECT_EQ(testing::run_presser({"parse", "--columns", "speaker=2,text=3", "--json", (folder / "rows.csv").string()}, &output), 0)
        << output;
    EXPECT_NE(output.find("\"source_format\": \"csv\""), std::string::npos) << output;
    EXPECT_EQ(testing::run_presser({"parse", "--columns", "voice=2", (folder / "rows.csv").string()}, &output), 2) << output;
    EXPECT_NE(output.find("unknown field 'voice'"), std::string::npos) << output;
}

}  // namespace
}  // namespace presser::ingest
