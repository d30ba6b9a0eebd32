// Exports (src/export): VRT read back by a reader written here gives the index's tokens and regions; CoNLL-U
// has the index's tokens and sentences; the CSV tables parse back with the project's RFC 4180 reader with the
// library's counts and tricky text intact; TEI read by presser's TEI parser and ConvoKit read by a reader
// written here give back the same events, speakers, turns and question -> answer links.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "analysis/subcorpus.h"
#include "analysis_fixture.h"
#include "export/export.h"
#include "export/text_escape.h"
#include "index/stored_event.h"
#include "ingest/csv_reader.h"
#include "ingest/parser.h"
#include "query/cql_parser.h"
#include "served_index.h"

namespace presser::exports {
namespace {

namespace fs = std::filesystem;
using index::Structure;

// A briefing whose text has what CSV, XML and tab-separated cells must escape, and Chinese.
constexpr const char* kTricky =
    "MS. OKAFOR: Good morning. We said \"no\", then \"yes, maybe\"; AT&T <and> others agreed.\n\n"
    "Q  Comma, quote \" and\ttab? 中国外交部发言人说了什么？\n\n"
    "MS. OKAFOR: 我们坚决反对。 That is all, thanks.\n";

class ExportTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        scratch_ = new testing::ScratchDir("export");
        testing::write_text(scratch_->path() / "in" / "2024-02-01-tricky.txt", kTricky);
        const auto idx = testing::build_analysis_corpus(scratch_->path());
        ASSERT_FALSE(idx.empty());
        auto opened = index::Index::open(idx);
        ASSERT_TRUE(opened.ok()) << opened.error().describe();
        index_ = new index::Index(std::move(opened.value()));
    }
    static void TearDownTestSuite() {
        delete index_;
        delete scratch_;
    }
    static std::string single(Format format, const Selection& selection) {
        std::ostringstream out;
        auto written = write_single(format, *index_, selection, info(selection), out);
        EXPECT_TRUE(written.ok()) << written.error().describe();
        return out.str();
    }
    static ExportInfo info(const Selection& selection) { return {"testcorpus", selection.description, "2026-12-07"}; }
    // The live events' models, in index order.
    static std::vector<model::Event> live_events() {
        std::vector<model::Event> out;
        for (const auto& segment : index_->segments())
            for (std::uint64_t e = 0; e < segment->events(); ++e)
                if (!segment->event_deleted(e)) {
                    auto event = index::stored_event(*segment, e);
                    EXPECT_TRUE(event.ok());
                    out.push_back(std::move(*event));
                }
        return out;
    }
    static Selection query_selection(const std::string& cql) {
        auto parsed = query::cql::parse_cql(cql);
        EXPECT_TRUE(parsed.ok());
        auto compiled = query::CorpusQuery::compile(*index_, parsed.value());
        EXPECT_TRUE(compiled.ok());
        auto selection = select_query(*index_, compiled.value(), cql);
        EXPECT_TRUE(selection.ok());
        return std::move(selection.value());
    }
    static inline testing::ScratchDir* scratch_ = nullptr;
    static inline index::Index* index_ = nullptr;
};

std::string unescape_xml(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out += text[i];
            continue;
        }
        const auto end = text.find(';', i);
        const auto entity = text.substr(i, end - i + 1);
        out += entity == "&amp;" ? "&" : entity == "&lt;" ? "<" : entity == "&gt;" ? ">" : entity == "&quot;" ? "\"" : "?";
        i = end;
    }
    return out;
}

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> out;
    std::size_t from = 0;
    for (std::size_t at; (at = text.find(separator, from)) != std::string_view::npos; from = at + 1) out.emplace_back(text.substr(from, at - from));
    out.emplace_back(text.substr(from));
    return out;
}

// What the VRT reader gives back: tokens as word/lower/lemma, and regions per structure with positions
// counted over the whole file and the attributes as written.
struct Region {
    std::uint64_t start = 0, end = 0;
    std::map<std::string, std::string> attributes;
    bool operator==(const Region&) const = default;
};
struct Vertical {
    std::vector<std::array<std::string, 3>> tokens;
    std::map<std::string, std::vector<Region>> regions;
    std::string error;
};

Vertical read_vrt(const std::string& text) {
    Vertical out;
    std::vector<std::pair<std::string, Region>> open;
    for (const auto& line : split(text, '\n')) {
        if (line.empty() || line.starts_with("<!--")) continue;
        if (line.starts_with("</")) {
            const auto name = line.substr(2, line.size() - 3);
            if (open.empty() || open.back().first != name) {
                out.error = "</" + name + "> does not close the innermost element";
                return out;
            }
            open.back().second.end = out.tokens.size();
            out.regions[name].push_back(open.back().second);
            open.pop_back();
        } else if (line.starts_with("<")) {
            const auto name_end = line.find_first_of(" >");
            Region region;
            region.start = out.tokens.size();
            std::string_view rest = std::string_view(line).substr(name_end);
            while (true) {
                const auto equals = rest.find("=\"");
                if (equals == std::string_view::npos) break;
                const auto key_start = rest.rfind(' ', equals) + 1;
                const auto close = rest.find('"', equals + 2);
                region.attributes[std::string(rest.substr(key_start, equals - key_start))] = unescape_xml(rest.substr(equals + 2, close - equals - 2));
                rest = rest.substr(close + 1);
            }
            open.emplace_back(line.substr(1, name_end - 1), region);
        } else {
            const auto cells = split(line, '\t');
            if (cells.size() != 3 || line.find_first_of("<>\"") != std::string::npos) {
                out.error = "bad token line: " + line;
                return out;
            }
            out.tokens.push_back({unescape_xml(cells[0]), unescape_xml(cells[1]), unescape_xml(cells[2])});
        }
    }
    if (!open.empty()) out.error = "unclosed <" + open.back().first + ">";
    return out;
}

TEST_F(ExportTest, VrtReadBackGivesTheIndexsTokensAndRegions) {
    const auto text = single(Format::vrt, select_whole(*index_));
    ASSERT_TRUE(text.starts_with("<!-- presser ")) << "the provenance comment comes first";
    EXPECT_NE(text.find("whole corpus"), std::string::npos);
    const auto read = read_vrt(text);
    ASSERT_EQ(read.error, "");

    // The same from the index: live events' tokens in order, regions with tokens, their columns.
    Vertical expected;
    const std::map<Structure, std::vector<std::string>> columns = {
        {Structure::event, {"id", "date", "title", "organiser", "venue", "language", "source", "format"}},
        {Structure::exchange, {"id", "asker", "asker_affiliation", "answerer", "answerer_role", "follows"}},
        {Structure::turn, {"id", "speaker", "role", "kind", "affiliation", "title"}},
        {Structure::p, {}},
        {Structure::s, {}}};
    for (const auto& segment : index_->segments()) {
        const auto& events = segment->regions(Structure::event);
        std::vector<std::int64_t> exported(segment->tokens() + 1, -1);  // segment position -> export position
        for (std::uint64_t e = 0; e < events.size(); ++e) {
            if (segment->event_deleted(e)) continue;
            for (auto position = events.start(e); position < events.end(e); ++position) {
                exported[position] = static_cast<std::int64_t>(expected.tokens.size());
                auto term = [&](index::Attribute attribute) {
                    const auto id = segment->term_at(attribute, position);
                    return id == index::Segment::kNoTerm ? std::string("__UNDEF__") : std::string(segment->lexicon(attribute).term(id));
                };
                expected.tokens.push_back({term(index::Attribute::word), term(index::Attribute::lower), term(index::Attribute::lemma)});
            }
        }
        for (const auto& [structure, names] : columns) {
            const auto& regions = segment->regions(structure);
            for (std::uint64_t r = 0; r < regions.size(); ++r) {
                const auto start = regions.start(r), end = regions.end(r);
                if (start >= end || exported[start] < 0) continue;
                Region region{static_cast<std::uint64_t>(exported[start]), static_cast<std::uint64_t>(exported[end - 1] + 1), {}};
                for (const auto& name : names) region.attributes[name] = std::string(regions.string(name, r));
                expected.regions[std::string(index::to_string(structure))].push_back(region);
            }
        }
    }
    ASSERT_EQ(read.tokens.size(), index_->tokens());
    EXPECT_EQ(read.tokens, expected.tokens);
    for (auto& [name, regions] : expected.regions) {
        auto got = read.regions.count(name) ? read.regions.at(name) : std::vector<Region>{};
        // The reader lists regions as they close; the index by start.
        std::stable_sort(got.begin(), got.end(), [](const Region& a, const Region& b) { return a.start < b.start; });
        EXPECT_EQ(got, regions) << name;
        EXPECT_FALSE(regions.empty()) << name;
    }
    // The tricky text came through escaped and back.
    bool ampersand = false, chinese = false;
    for (const auto& token : read.tokens) {
        ampersand = ampersand || token[0].find('&') != std::string::npos;
        chinese = chinese || token[0].find("中国") != std::string::npos || token[0].find("我们") != std::string::npos;
    }
    EXPECT_TRUE(ampersand);
    EXPECT_TRUE(chinese);
}

TEST_F(ExportTest, VrtRegistryDeclaresEveryAttribute) {
    std::ostringstream out;
    write_vrt_registry(info(select_whole(*index_)), "testcorpus", "/data/testcorpus", out);
    const auto text = out.str();
    for (const auto* line : {"ATTRIBUTE word\n", "ATTRIBUTE lower\n", "ATTRIBUTE lemma\n", "STRUCTURE event\n", "STRUCTURE event_date\n",
                             "STRUCTURE turn_speaker\n", "STRUCTURE turn_affiliation\n", "STRUCTURE exchange_asker\n", "STRUCTURE s\n",
                             "ID   testcorpus\n", "PATH \"/data/testcorpus\"\n"})
        EXPECT_NE(text.find(line), std::string::npos) << line;
}

// Tokens and sentences of a CoNLL-U text.
std::pair<std::uint64_t, std::uint64_t> conllu_counts(const std::string& text, std::string* error) {
    std::uint64_t tokens = 0, sentences = 0;
    bool in_sentence = false;
    for (const auto& line : split(text, '\n')) {
        if (line.empty()) {
            if (in_sentence) ++sentences;
            in_sentence = false;
        } else if (!line.starts_with("#")) {
            if (split(line, '\t').size() != 10) *error = "not ten columns: " + line;
            const auto id = std::stoul(line.substr(0, line.find('\t')));
            if (id != (in_sentence ? 0 : 0) + 1 && !in_sentence) *error = "a sentence that does not start at 1: " + line;
            ++tokens;
            in_sentence = true;
        }
    }
    return {tokens, sentences};
}

TEST_F(ExportTest, ConlluHasTheSelectionsTokensAndSentences) {
    std::uint64_t live_sentences = 0;
    for (const auto& segment : index_->segments()) {
        const auto& sentences = segment->regions(Structure::s);
        const auto& events = segment->regions(Structure::event);
        for (std::uint64_t s = 0; s < sentences.size(); ++s)
            if (sentences.start(s) < sentences.end(s) && !segment->event_deleted(*events.find(sentences.start(s)))) ++live_sentences;
    }
    const auto text = single(Format::conllu, select_whole(*index_));
    EXPECT_TRUE(text.starts_with("# generator = presser "));
    std::string error;
    const auto [tokens, sentences] = conllu_counts(text, &error);
    EXPECT_EQ(error, "");
    EXPECT_EQ(tokens, index_->tokens());
    EXPECT_EQ(sentences, live_sentences);
    EXPECT_NE(text.find("# newdoc id = 2024-02-01-tricky"), std::string::npos);
    EXPECT_NE(text.find("# speaker = "), std::string::npos);
    EXPECT_NE(text.find("SpaceAfter=No"), std::string::npos);  // "morning." and "?" follow their words

    // A query selects the turns its hits touch: their tokens, no more.
    const auto selection = query_selection("[lower=\"sanctions\"]");
    std::uint64_t selected_tokens = 0;
    for (std::size_t s = 0; s < index_->segments().size(); ++s) {
        const auto& turns = index_->segments()[s]->regions(Structure::turn);
        for (std::uint64_t t = 0; t < turns.size(); ++t)
            if (selection.selected(s, t)) selected_tokens += turns.end(t) - turns.start(t);
    }
    EXPECT_GT(selected_tokens, 0u);
    EXPECT_LT(selected_tokens, index_->tokens());
    const auto selected = conllu_counts(single(Format::conllu, selection), &error);
    EXPECT_EQ(selected.first, selected_tokens);
}

// The rows of a CSV/TSV export as header name -> cell.
std::vector<std::map<std::string, std::string>> read_table(const std::string& text, char delimiter) {
    const auto table = ingest::read_csv(text, 0, delimiter);
    EXPECT_FALSE(table.unclosed_quote);
    std::vector<std::map<std::string, std::string>> rows;
    if (table.records.empty()) return rows;
    std::vector<std::string> header;
    for (const auto& cell : table.records[0].cells) header.push_back(ingest::cell_text(text, cell).text);
    for (std::size_t r = 1; r < table.records.size(); ++r) {
        const auto& cells = table.records[r].cells;
        EXPECT_EQ(cells.size(), header.size()) << "row " << r;
        std::map<std::string, std::string> row;
        for (std::size_t c = 0; c < cells.size() && c < header.size(); ++c) row[header[c]] = ingest::cell_text(text, cells[c]).text;
        rows.push_back(std::move(row));
    }
    return rows;
}

TEST_F(ExportTest, TurnTablesParseBackWithTheIndexsTurnsAndTrickyText) {
    const auto events = live_events();
    std::uint64_t turns = 0;
    const model::Turn* tricky_question = nullptr;
    for (const auto& event : events) {
        turns += event.turns.size();
        if (event.id == "2024-02-01-tricky")
            for (const auto& turn : event.turns)
                if (turn.kind == model::TurnKind::question) tricky_question = &turn;
    }
    ASSERT_NE(tricky_question, nullptr);
    for (const char delimiter : {',', '\t'}) {
        const auto text = single(delimiter == ',' ? Format::csv_turns : Format::tsv_turns, select_whole(*index_));
        const auto rows = read_table(text, delimiter);
        ASSERT_EQ(rows.size(), turns);
        std::uint64_t tokens = 0;
        bool found = false;
        for (const auto& row : rows) {
            tokens += std::stoull(row.at("tokens"));
            if (row.at("event_id") == "2024-02-01-tricky" && row.at("turn_id") == tricky_question->id) {
                found = true;
                EXPECT_EQ(row.at("text"), tricky_question->paragraphs.front().text);
                EXPECT_NE(row.at("text").find("中国外交部"), std::string::npos);
                EXPECT_NE(row.at("text").find("quote \""), std::string::npos);
                EXPECT_EQ(row.at("kind"), "question");
                EXPECT_EQ(row.at("role"), "journalist");
            }
        }
        EXPECT_TRUE(found);
        EXPECT_EQ(tokens, index_->tokens());
        EXPECT_NE(rows.front().at("export").find("presser "), std::string::npos);
    }
}

TEST_F(ExportTest, ExchangeTableHasEveryExchangeQuestionBesideAnswer) {
    std::uint64_t exchanges = 0;
    for (const auto& event : live_events()) exchanges += event.exchanges.size();
    const auto rows = read_table(single(Format::csv_exchanges, select_whole(*index_)), ',');
    ASSERT_EQ(rows.size(), exchanges);
    ASSERT_GT(exchanges, 0u);
    bool tricky = false;
    for (const auto& row : rows) {
        EXPECT_FALSE(row.at("question").empty());
        EXPECT_FALSE(row.at("answer").empty());
        EXPECT_EQ(row.at("asker_role"), "journalist");
        EXPECT_EQ(row.at("answerer_role"), "official");
        if (row.at("event_id") == "2024-02-01-tricky") {
            tricky = true;
            EXPECT_NE(row.at("question").find("Comma, quote \""), std::string::npos);
            EXPECT_NE(row.at("answer").find("我们坚决反对"), std::string::npos);
            EXPECT_EQ(row.at("answerer"), "Okafor");
        }
    }
    EXPECT_TRUE(tricky);
}

TEST_F(ExportTest, HitTableHasARowPerHit) {
    const std::string cql = "[lower=\"sanctions\"]";
    const auto selection = query_selection(cql);
    const auto count = selection.query->count();
    ASSERT_TRUE(count.ok());
    const auto rows = read_table(single(Format::csv_hits, selection), ',');
    ASSERT_EQ(rows.size(), *count);
    for (const auto& row : rows) {
        EXPECT_EQ(row.at("query"), cql);
        EXPECT_TRUE(row.at("match") == "sanctions" || row.at("match") == "Sanctions") << row.at("match");
    }
    // Without a query there are no hits to write.
    std::ostringstream out;
    EXPECT_FALSE(write_single(Format::csv_hits, *index_, select_whole(*index_), info(select_whole(*index_)), out).ok());
}

// What a round trip must keep of an event: its metadata, speakers (name, role, outlets), turns (speaker's
// name, kind, paragraph texts) and exchanges (question and answer turns by position).
struct EventShape {
    std::string id, title, date, language;
    std::vector<std::string> speakers;
    std::vector<std::string> turns;
    std::vector<std::string> exchanges;
    bool operator==(const EventShape&) const = default;
};

std::ostream& operator<<(std::ostream& out, const EventShape& shape) {
    out << shape.id << " | " << shape.title << " | " << shape.date << " | " << shape.language << "\n";
    for (const auto& speaker : shape.speakers) out << "  speaker " << speaker << "\n";
    for (const auto& turn : shape.turns) out << "  turn " << turn << "\n";
    for (const auto& exchange : shape.exchanges) out << "  exchange " << exchange << "\n";
    return out;
}

EventShape shape_of(const model::Event& event) {
    EventShape shape{event.id, event.title, event.date.to_string(), event.language, {}, {}, {}};
    std::map<std::string, std::size_t> turn_position;
    for (const auto& speaker : event.speakers) {
        std::string line = speaker.name + " (" + std::string(model::to_string(speaker.role)) + ")";
        for (const auto& outlet : speaker.affiliations) line += " @" + outlet;
        shape.speakers.push_back(line);
    }
    std::sort(shape.speakers.begin(), shape.speakers.end());
    for (const auto& turn : event.turns) {
        turn_position[turn.id] = turn_position.size();
        const auto* speaker = turn.speaker.empty() ? nullptr : event.find_speaker(turn.speaker);
        std::string line = (speaker ? speaker->name : "-") + " [" + std::string(model::to_string(turn.kind)) + "]";
        for (const auto& paragraph : turn.paragraphs) line += " | " + paragraph.text;
        shape.turns.push_back(line);
    }
    for (const auto& exchange : event.exchanges) {
        std::string line = "q";
        for (const auto& id : exchange.questions) line += " " + std::to_string(turn_position[id]);
        line += " a";
        for (const auto& id : exchange.answers) line += " " + std::to_string(turn_position[id]);
        shape.exchanges.push_back(line);
    }
    return shape;
}

TEST_F(ExportTest, TeiReadByPressersTeiParserGivesTheSameEvents) {
    const auto tei = single(Format::tei, select_whole(*index_));
    ingest::ParseOptions options;
    options.format = ingest::Format::tei;
    auto parsed = ingest::parse_bytes(tei, "export.xml", options);
    ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
    const auto events = live_events();
    ASSERT_EQ(parsed->size(), events.size());
    for (std::size_t e = 0; e < events.size(); ++e) {
        auto expected = shape_of(events[e]);
        auto got = shape_of((*parsed)[e]);
        got.id = expected.id;  // the reader names events after the file; the id is the TEI's xml:id and idno
        EXPECT_EQ(got, expected);
    }
    EXPECT_NE(tei.find("<idno type=\"presser\">2024-02-01-tricky</idno>"), std::string::npos);
    EXPECT_NE(tei.find("presser " + std::string(presser_version())), std::string::npos);
}

// A ConvoKit corpus read back: per conversation, its utterances in file order.
struct ConvokitUtterance {
    std::string id, speaker, reply_to, text, kind, turn_id;
};

TEST_F(ExportTest, ConvokitReadBackGivesTheSameEventsSpeakersTurnsAndLinks) {
    const auto directory = scratch_->path() / "convokit";
    const auto selection = select_whole(*index_);
    auto written = write_convokit(*index_, selection, info(selection), directory);
    ASSERT_TRUE(written.ok()) << written.error().describe();
    auto read_json = [&](const char* name) {
        std::ifstream in(directory / name);
        return nlohmann::json::parse(in);
    };
    const auto speakers = read_json("speakers.json");
    const auto conversations = read_json("conversations.json");
    const auto corpus = read_json("corpus.json");
    const auto index_json = read_json("index.json");
    for (const auto* key : {"utterances-index", "speakers-index", "conversations-index", "overall-index", "version"})
        EXPECT_TRUE(index_json.contains(key)) << key;
    EXPECT_EQ(corpus.at("selection"), "whole corpus");
    std::map<std::string, std::vector<ConvokitUtterance>> by_event;
    std::map<std::string, std::string> conversation_of_event;
    std::ifstream lines(directory / "utterances.jsonl");
    for (std::string line; std::getline(lines, line);) {
        const auto u = nlohmann::json::parse(line);
        const auto& meta = u.at("meta");
        ASSERT_TRUE(speakers.contains(u.at("speaker").get<std::string>())) << "every speaker is in speakers.json";
        const auto event = meta.at("event_id").get<std::string>();
        ASSERT_TRUE(conversations.contains(u.at("conversation_id").get<std::string>()));
        if (!conversation_of_event.count(event)) conversation_of_event[event] = u.at("conversation_id");
        EXPECT_EQ(conversation_of_event[event], u.at("conversation_id")) << "one conversation per event";
        by_event[event].push_back({u.at("id"), u.at("speaker"), u.at("reply_to").is_null() ? "" : u.at("reply_to").get<std::string>(),
                                   u.at("text"), meta.at("kind"), meta.at("turn_id")});
    }
    const auto events = live_events();
    ASSERT_EQ(by_event.size(), events.size());
    for (const auto& event : events) {
        const auto& utterances = by_event[event.id];
        ASSERT_EQ(utterances.size(), event.turns.size()) << event.id;
        std::map<std::string, std::string> question_of_answer;
        for (const auto& exchange : event.exchanges)
            for (const auto& answer : exchange.answers) question_of_answer[answer] = event.id + "/" + exchange.questions.back();
        for (std::size_t t = 0; t < event.turns.size(); ++t) {
            const auto& turn = event.turns[t];
            const auto& u = utterances[t];
            const auto* speaker = turn.speaker.empty() ? nullptr : event.find_speaker(turn.speaker);
            EXPECT_EQ(u.turn_id, turn.id);
            EXPECT_EQ(u.kind, model::to_string(turn.kind));
            std::string text;
            for (const auto& paragraph : turn.paragraphs) text += (text.empty() ? "" : "\n\n") + paragraph.text;
            EXPECT_EQ(u.text, text);
            if (speaker && !speaker->name.empty()) {
                EXPECT_EQ(u.speaker, speaker->name);
                EXPECT_EQ(speakers.at(u.speaker).at("meta").at("role"), model::to_string(speaker->role));
            }
            if (question_of_answer.count(turn.id)) EXPECT_EQ(u.reply_to, question_of_answer[turn.id]) << "an answer replies to its question";
            else EXPECT_EQ(u.reply_to, t == 0 ? "" : utterances[t - 1].id) << "other turns reply to the turn before";
        }
    }
}

TEST_F(ExportTest, FileNamesSayWhatTheyHold) {
    const auto whole = select_whole(*index_);
    EXPECT_EQ(file_name(Format::vrt, info(whole), whole), "presser-vrt-testcorpus-2026-12-07.vrt");
    const auto query = query_selection("[lower=\"sanctions\"]");
    EXPECT_EQ(file_name(Format::csv_hits, info(query), query), "presser-csv-hits-testcorpus-query-lower-sanctions-2026-12-07.csv");
    EXPECT_EQ(file_name(Format::convokit, info(whole), whole), "presser-convokit-testcorpus-2026-12-07");
    EXPECT_EQ(corpus_name("/data/whitehouse/presser"), "whitehouse");
    EXPECT_EQ(corpus_name("/data/fomc"), "fomc");
}

TEST_F(ExportTest, CliWritesEveryFormatAndRefusesBadOptions) {
    const auto idx = (scratch_->path() / "idx").string();
    std::string output;
    ASSERT_EQ(testing::run_presser({"export", "--index", idx, "--format", "csv-turns"}, &output), 0) << output;
    EXPECT_TRUE(output.starts_with("event_id,date,event_title,")) << "a header row";
    EXPECT_EQ(read_table(output.substr(0, output.rfind("\r\n") + 2), ',').size(), read_table(single(Format::csv_turns, select_whole(*index_)), ',').size());
    const auto folder = scratch_->path() / "cli-out";
    fs::create_directories(folder);
    ASSERT_EQ(testing::run_presser({"export", "--index", idx, "--format", "vrt", "--speaker", "Okafor", "--out", folder.string()}, &output), 0) << output;
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    ASSERT_EQ(names.size(), 2u);
    EXPECT_TRUE(names[0].starts_with("presser-vrt-") && names[0].ends_with(".registry")) << names[0];
    EXPECT_TRUE(names[1].find("-subcorpus-") != std::string::npos && names[1].ends_with(".vrt")) << names[1];
    ASSERT_EQ(testing::run_presser({"export", "--index", idx, "--format", "convokit", "--cql", "[lower=\"sanctions\"]", "--out",
                                    (folder / "ck").string()}, &output), 0) << output;
    for (const auto* file : {"utterances.jsonl", "speakers.json", "conversations.json", "corpus.json", "index.json"})
        EXPECT_TRUE(fs::exists(folder / "ck" / file)) << file;
    EXPECT_EQ(testing::run_presser({"export", "--index", idx, "--format", "bogus"}, &output), 2);
    EXPECT_NE(output.find("--format: expected vrt"), std::string::npos) << output;
    EXPECT_EQ(testing::run_presser({"export", "--index", idx, "--format", "csv-hits"}, &output), 2);
    EXPECT_NE(output.find("--cql"), std::string::npos) << output;
    EXPECT_EQ(testing::run_presser({"export", "--index", idx, "--format", "tei", "--cql", "[lower="}, &output), 2);
}

TEST_F(ExportTest, ApiStreamsTheCorpusFormatsUnderDescriptiveNames) {
    server::ServerOptions options;
    options.threads = 2;
    options.web_dir = scratch_->path() / "no-ui";
    testing::ServedIndex served(*index_, options);
    httplib::Client client("127.0.0.1", served.port());
    client.set_read_timeout(120, 0);
    auto turns = client.Get("/api/export?format=csv-turns");
    ASSERT_TRUE(turns);
    ASSERT_EQ(turns->status, 200) << turns->body;
    EXPECT_NE(turns->get_header_value("Content-Disposition").find("filename=\"presser-csv-turns-"), std::string::npos);
    EXPECT_EQ(read_table(turns->body, ',').size(), read_table(single(Format::csv_turns, select_whole(*index_)), ',').size());
    // The filters select the turns that pass them.
    auto okafor = client.Get("/api/export?format=csv-turns&speaker=Okafor");
    ASSERT_TRUE(okafor);
    const auto rows = read_table(okafor->body, ',');
    ASSERT_FALSE(rows.empty());
    for (const auto& row : rows) EXPECT_EQ(row.at("speaker"), "Okafor");
    auto tei = client.Get("/api/export?format=tei&cql=%5Blower%3D%22sanctions%22%5D");
    ASSERT_TRUE(tei);
    ASSERT_EQ(tei->status, 200);
    EXPECT_NE(tei->get_header_value("Content-Disposition").find("presser-tei-"), std::string::npos);
    ingest::ParseOptions parse;
    parse.format = ingest::Format::tei;
    EXPECT_TRUE(ingest::parse_bytes(tei->body, "api.xml", parse).ok());
    auto hits = client.Get("/api/export?cql=%5Blower%3D%22sanctions%22%5D");
    ASSERT_TRUE(hits);
    EXPECT_NE(hits->get_header_value("Content-Disposition").find("filename=\"presser-hits-"), std::string::npos);
    for (const auto* bad : {"/api/export?format=csv-hits", "/api/export?format=vrt&q=tariffs", "/api/export?format=csv&cql=%5B%5D&subcorpus=x"}) {
        auto refused = client.Get(bad);
        ASSERT_TRUE(refused);
        EXPECT_EQ(refused->status, 400) << bad;
    }
}

TEST(ExportEscaping, XmlAndCsvFields) {
    EXPECT_EQ(xml_text("a&b <c> \"d\"\x01"), "a&amp;b &lt;c&gt; &quot;d&quot; ");
    EXPECT_EQ(xml_text("a\tb\nc", true), "a b c");
    std::string field;
    append_csv_field(field, "say \"hi\", then\nleave");
    EXPECT_EQ(field, "\"say \"\"hi\"\", then\nleave\"");
    field.clear();
    append_csv_field(field, "a\tb", '\t');
    EXPECT_EQ(field, "\"a\tb\"");
    EXPECT_EQ(xml_id("e", "2023-03-07 briefing"), "e2023-03-07_briefing");
}

}  // namespace
}  // namespace presser::exports
