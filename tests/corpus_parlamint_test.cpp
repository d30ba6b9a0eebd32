// ParlaMint-TR (../shared/corpora/parlamint-tr): every file parses, and each sitting's structure matches
// what an independent reading of its XML with pugixml says it must be.
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "ingest/label_grammar.h"
#include "ingest/parser.h"
#include "ingest/source_files.h"
#include "test_paths.h"

namespace presser {
namespace {

namespace fs = std::filesystem;
using model::Role;

fs::path corpus_dir() { return testing::shared_dir() / "corpora" / "parlamint-tr"; }

std::vector<fs::path> sitting_files() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(corpus_dir())) {
        std::string name = entry.path().filename().string();
        if (name.ends_with(".xml") && name.find('_') != std::string::npos) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string normalized(const pugi::xml_node& node) {
    return pugi::xpath_query("normalize-space(.)").evaluate_string(node);
}

// "Durmuş Yılmaz" and "DURMUS YILMAZ" alike.
std::string compact(std::string_view name) {
    std::string folded = ingest::fold_key(name);
    std::erase(folded, ' ');
    return folded;
}

// What the transcript of a sitting must look like, read straight from the XML: each non-empty <seg> is a
// paragraph of its <u>'s speaker (@who, or @ana for an unidentified speaker), each non-empty <note> a
// paragraph outside any speaker's turn, and a speaker turn starts at every paragraph whose predecessor is
// not speech of the same speaker.
struct Expected {
    std::size_t utterances = 0;
    std::size_t speaker_turns = 0;
    std::size_t speech_paragraphs = 0;
    std::size_t note_paragraphs = 0;
    std::string date;
    std::string language;
    std::set<std::string> chairs;  // compact names of the chairs
};

Expected read_expected(const fs::path& file) {
    pugi::xml_document document;
    EXPECT_TRUE(document.load_file(file.c_str())) << file;
    Expected expected;
    expected.date = document.select_node("//*[local-name()='setting']/*[local-name()='date']/@when").attribute().value();
    expected.language = document.document_element().attribute("xml:lang").value();
    std::string previous_speaker;  // "" after a note
    for (const pugi::xpath_node& hit :
         document.select_nodes("//*[local-name()='body']//*[local-name()='u' or local-name()='note']")) {
        pugi::xml_node node = hit.node();
        if (std::string_view(node.name()) == "note") {
            if (std::string_view(node.attribute("type").value()) == "chair") expected.chairs.insert(compact(normalized(node)));
            if (normalized(node).empty()) continue;
            ++expected.note_paragraphs;
            previous_speaker.clear();
            continue;
        }
        ++expected.utterances;
        std::string who = node.attribute("who").value();
        std::string speaker = !who.empty() ? who : std::string("?") + node.attribute("ana").value();
        if (std::string_view(node.attribute("ana").value()).find("#chair") != std::string_view::npos) {
            std::string id = who.substr(who.find('#') + 1);  // "MetinNurullah.Sazak"
            std::erase(id, '.');
            expected.chairs.insert(compact(id));
        }
        for (pugi::xml_node seg : node.children("seg")) {
            if (normalized(seg).empty()) continue;
            ++expected.speech_paragraphs;
            if (speaker != previous_speaker) ++expected.speaker_turns;
            previous_speaker = speaker;
        }
    }
    return expected;
}

// "Forename Surname" of every person in the corpus root's listPerson.
std::set<std::string> registered_names() {
    pugi::xml_document document;
    EXPECT_TRUE(document.load_file((corpus_dir() / "ParlaMint-TR.xml").c_str()));
    std::set<std::string> names;
    for (const pugi::xpath_node& hit : document.select_nodes("//*[local-name()='person']/*[local-name()='persName']")) {
        std::string forename = normalized(hit.node().child("forename"));
        std::string surname = normalized(hit.node().child("surname"));
        names.insert(forename + " " + surname);
    }
    return names;
}

TEST(ParlamintCorpus, EveryFileParses) {
    PRESSER_REQUIRE_SHARED();
    ingest::SourceFiles files = ingest::collect_source_files({corpus_dir().string()});
    ASSERT_TRUE(files.errors.empty());
    std::size_t xml_files = 0, tables = 0;
    for (const auto& entry : fs::directory_iterator(corpus_dir())) {
        xml_files += entry.path().extension() == ".xml";
        tables += entry.path().extension() == ".tsv";
    }
    ASSERT_EQ(files.transcripts.size(), xml_files + tables);
    std::size_t events_total = 0;
    for (const fs::path& file : files.transcripts) {
        auto events = ingest::parse_file(file);
        // pm.tsv, the members' metadata (a name column, no text), is read and found to be no transcript.
        if (file.extension() == ".tsv") {
            ASSERT_FALSE(events.ok()) << file;
            EXPECT_TRUE(events.error().not_transcript) << events.error().describe();
            continue;
        }
        ASSERT_TRUE(events.ok()) << events.error().describe();
        for (const model::Event& event : *events) EXPECT_EQ(event.source_format, "tei") << file;
        // The corpus root is a header: persons and parties, no utterances.
        if (file.filename() == "ParlaMint-TR.xml") {
            EXPECT_TRUE(events->empty());
        }
        events_total += events->size();
    }
    EXPECT_EQ(events_total, sitting_files().size());
}

TEST(ParlamintCorpus, SittingsMatchTheirXml) {
    PRESSER_REQUIRE_SHARED();
    const std::set<std::string> registered = registered_names();
    ASSERT_FALSE(registered.empty());
    std::size_t named_speakers = 0, resolved_speakers = 0;
    for (const fs::path& file : sitting_files()) {
        SCOPED_TRACE(file.filename().string());
        const Expected expected = read_expected(file);
        auto events = ingest::parse_file(file);
        ASSERT_TRUE(events.ok()) << events.error().describe();
        ASSERT_EQ(events->size(), 1u);
        const model::Event& event = events->front();

        ASSERT_FALSE(expected.date.empty());
        EXPECT_EQ(event.date.to_string(), expected.date);
        EXPECT_EQ(event.date.precision, model::DatePrecision::day);
        EXPECT_EQ(expected.language, "tr");
        EXPECT_EQ(event.language, expected.language);

        std::size_t speaker_turns = 0, speech_paragraphs = 0, other_paragraphs = 0;
        for (const model::Turn& turn : event.turns) {
            (turn.speaker.empty() ? other_paragraphs : speech_paragraphs) += turn.paragraphs.size();
            speaker_turns += !turn.speaker.empty();
        }
        EXPECT_EQ(speaker_turns, expected.speaker_turns);
        EXPECT_EQ(speech_paragraphs, expected.speech_paragraphs);
        EXPECT_EQ(other_paragraphs, expected.note_paragraphs);
        std::printf("%s: %zu <u>, %zu speaker turns, %zu turns in all, %zu speakers\n", file.filename().c_str(),
                    expected.utterances, speaker_turns, event.turns.size(), event.speakers.size());

        // The chair moderates, and only the chair.
        ASSERT_FALSE(expected.chairs.empty());
        std::size_t chairs_found = 0;
        for (const model::Speaker& speaker : event.speakers) {
            bool chair = expected.chairs.contains(compact(speaker.name));
            chairs_found += chair;
            EXPECT_EQ(speaker.role == Role::moderator, chair) << speaker.name;
            EXPECT_NE(speaker.role, Role::journalist) << speaker.name;
        }
        EXPECT_EQ(chairs_found, expected.chairs.size());

        for (const model::Speaker& speaker : event.speakers) {
            if (speaker.name.empty()) continue;  // the unidentified guest
            ++named_speakers;
            resolved_speakers += registered.contains(speaker.name);
        }

        // Segments without entities or line breaks: the range's bytes are the paragraph's text.
        const std::string source = testing::read_file(file);
        std::size_t exact = 0;
        for (const model::Turn& turn : event.turns)
            for (const model::Paragraph& paragraph : turn.paragraphs) {
                ASSERT_LE(paragraph.range.end, source.size());
                std::string_view raw = std::string_view(source).substr(paragraph.range.start, paragraph.range.end - paragraph.range.start);
                if (raw.find_first_of("&<\n") != std::string_view::npos || raw.find("  ") != std::string_view::npos) continue;
                EXPECT_EQ(raw, paragraph.text);
                ++exact;
            }
        EXPECT_GT(exact, 0u);
    }
    ASSERT_GT(named_speakers, 0u);
    double resolved = static_cast<double>(resolved_speakers) / static_cast<double>(named_speakers);
    std::printf("speaker names resolved from listPerson: %zu of %zu (%.1f%%)\n", resolved_speakers, named_speakers,
                100.0 * resolved);
    EXPECT_GE(resolved, 0.9);
}

TEST(ParlamintCorpus, MembersCarryTheirPartyOnTheSittingDate) {
    PRESSER_REQUIRE_SHARED();
    std::size_t speakers = 0, with_party = 0;
    for (const fs::path& file : sitting_files()) {
        auto events = ingest::parse_file(file);
        ASSERT_TRUE(events.ok()) << events.error().describe();
        for (const model::Speaker& speaker : events->front().speakers) {
            if (speaker.name.empty()) continue;
            ++speakers;
            // One party at a time; the parliament itself is the organiser, not an affiliation.
            EXPECT_LE(speaker.affiliations.size(), 1u) << speaker.name;
            with_party += speaker.affiliations.size() == 1;
            for (const std::string& affiliation : speaker.affiliations)
                EXPECT_NE(affiliation, events->front().organiser);
        }
        EXPECT_FALSE(events->front().organiser.empty());
    }
    std::printf("speakers with a party: %zu of %zu\n", with_party, speakers);
    EXPECT_GE(with_party * 10, speakers * 9);
}

}  // namespace
}  // namespace presser
