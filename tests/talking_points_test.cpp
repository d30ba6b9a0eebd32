// Talking points on a hand-made corpus whose clusters are known: a passage said verbatim (punctuation and
// case aside), with one insertion and with one substitution; two passages overlapping in one event; a
// passage repeated inside one event only; a formula in every event (boilerplate).
#include <gtest/gtest.h>

#include <fstream>

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "analysis/talking_point_selection.h"
#include "analysis/talking_point_store.h"
#include "analysis/talking_points.h"
#include "index/index.h"
#include "index_test_support.h"
#include "served_index.h"

namespace presser::testing {
namespace {

namespace fs = std::filesystem;
using analysis::TalkingPoint;

const std::string kOpening = "Good afternoon. Thank you all for coming to this briefing, today we will begin with the news.";
const std::string kPeace = "Between peace and war, we choose peace; between dialogue and sanctions, we choose dialogue.";
const std::string kEconomy =
    "The economy grew faster than anyone expected last year and the unemployment rate fell to its lowest level in decades across the "
    "whole country.";
const std::string kEconomyStart = "The economy grew faster than anyone expected last year and the unemployment rate";  // 13 tokens
const std::string kEconomyEnd = "rate fell to its lowest level in decades across the whole country.";              // 12 tokens

// Words no other event has, so that only the planted passages are shared.
std::string filler(int event, int part) {
    std::string out;
    for (int i = 0; i < 6; ++i) out += "w" + std::to_string(event) + "x" + std::to_string(part) + "y" + std::to_string(i) + " ";
    return out;
}

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

std::string event_text(int event, const std::string& passage) {
    static const char* const kSpeakers[] = {"", "MR. ADAMS", "MS. BAKER", "MR. CLARK", "MS. DAVIS", "MR. EVANS", "MS. FOSTER", "MR. GRANT", "MS. HILL"};
    return "MODERATOR: " + kOpening + "\n\n" + kSpeakers[event] + ": " + filler(event, 1) + passage + " " + filler(event, 2) +
           "\n\nQ: " + filler(event, 3) + "\n";
}

void write_corpus(const fs::path& folder) {
    write(folder / "2024-01-01-e1.txt", event_text(1, kPeace + " " + filler(1, 4) + kEconomy));
    write(folder / "2024-01-02-e2.txt", event_text(2, "between PEACE and war we choose peace between dialogue and sanctions we choose dialogue!"));
    write(folder / "2024-01-03-e3.txt", event_text(3, "Between peace and war, we always choose peace; between dialogue and sanctions, we choose dialogue."));
    write(folder / "2024-01-04-e4.txt", event_text(4, "Between peace and conflict, we choose peace; between dialogue and sanctions, we choose dialogue."));
    write(folder / "2024-01-05-e5.txt", event_text(5, kEconomyStart));
    write(folder / "2024-01-06-e6.txt", event_text(6, kEconomyEnd));
    // Said twice in one event, nowhere else: not a talking point.
    const std::string once = "our delegation will travel to the northern provinces next week to inspect the harvest";
    write(folder / "2024-01-07-e7.txt", event_text(7, once + " " + filler(7, 5) + once));
}

analysis::TalkingPointOptions options() {
    analysis::TalkingPointOptions o;
    o.boilerplate_share = 0.9;
    o.threads = 2;
    return o;
}

struct Fixture {
    ScratchDir scratch{"talking-points"};
    fs::path corpus = scratch.path() / "in";
    fs::path directory = scratch.path() / "idx";
    Fixture() {
        write_corpus(corpus);
        EXPECT_TRUE(index::build_index(directory, {corpus.string()}, {}).ok());
    }
    [[nodiscard]] index::Index open() const {
        auto opened = index::Index::open(directory);
        EXPECT_TRUE(opened.ok());
        return std::move(opened.value());
    }
    analysis::TalkingPointSet build(const analysis::TalkingPointOptions& o = options()) {
        const auto index = open();
        auto summary = analysis::build_talking_points(index, o);
        EXPECT_TRUE(summary.ok()) << summary.error().message;
        auto set = analysis::load_talking_points(index);
        EXPECT_TRUE(set.ok()) << set.error().message;
        return set.ok() ? std::move(set.value()) : analysis::TalkingPointSet{};
    }
};

std::vector<std::string> events_of(const TalkingPoint& point) {
    std::vector<std::string> out;
    for (const auto& o : point.occurrences) out.push_back(o.event_id);
    return out;
}

const TalkingPoint* containing(const analysis::TalkingPointSet& set, const std::string& event, const std::string& word) {
    for (const auto& point : set.points)
        for (const auto& o : point.occurrences)
            if (o.event_id.find(event) != std::string::npos && o.text.find(word) != std::string::npos) return &point;
    return nullptr;
}

// One line per talking point: events and token ranges, what an equality of two builds compares.
std::vector<std::string> summary_lines(const analysis::TalkingPointSet& set) {
    std::vector<std::string> out;
    for (const auto& point : set.points) {
        std::string line = point.canonical + (point.boilerplate ? " [boilerplate]" : "") + ":";
        for (const auto& o : point.occurrences) line += " " + o.event_id + "@" + std::to_string(o.tokens) + ":" + o.text;
        out.push_back(line);
    }
    std::sort(out.begin(), out.end());
    return out;
}

TEST(TalkingPoints, VerbatimInsertionAndSubstitutionFormOneTalkingPoint) {
    Fixture fixture;
    const auto set = fixture.build();
    const auto* peace = containing(set, "e1", "dialogue");
    ASSERT_NE(peace, nullptr);
    EXPECT_EQ(events_of(*peace), (std::vector<std::string>{"2024-01-01-e1", "2024-01-02-e2", "2024-01-03-e3", "2024-01-04-e4"}));
    ASSERT_EQ(peace->occurrences.size(), 4u);
    EXPECT_EQ(peace->occurrences[0].tokens, 14u);  // punctuation left out
    EXPECT_EQ(peace->occurrences[1].tokens, 14u);  // verbatim but for case and punctuation
    EXPECT_EQ(peace->occurrences[2].tokens, 15u);  // "always" inserted
    EXPECT_EQ(peace->occurrences[3].tokens, 14u);  // "conflict" for "war"
    EXPECT_EQ(peace->variants, 3u);
    EXPECT_EQ(peace->canonical, peace->occurrences[0].text);  // e1 and e2 say the same tokens: the most frequent variant
    EXPECT_EQ(peace->first_seen, "2024-01-01");
    EXPECT_EQ(peace->last_seen, "2024-01-04");
    EXPECT_EQ(peace->events, 4u);
    EXPECT_EQ(peace->speakers, 4u);
    EXPECT_TRUE(peace->travels());
    EXPECT_FALSE(peace->boilerplate);
    EXPECT_TRUE(peace->occurrences[0].text.starts_with("Between peace and war")) << peace->occurrences[0].text;
    EXPECT_TRUE(peace->occurrences[0].text.ends_with("dialogue")) << peace->occurrences[0].text;
    ASSERT_TRUE(peace->occurrences[0].source_begin && peace->occurrences[0].source_end);
    std::ifstream source(fixture.corpus / "2024-01-01-e1.txt");
    const std::string bytes((std::istreambuf_iterator<char>(source)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.substr(*peace->occurrences[0].source_begin, *peace->occurrences[0].source_end - *peace->occurrences[0].source_begin),
              "Between peace and war, we choose peace; between dialogue and sanctions, we choose dialogue");
}

TEST(TalkingPoints, OverlappingPassagesAreTwoTalkingPoints) {
    Fixture fixture;
    const auto set = fixture.build();
    const auto* start = containing(set, "e5", "economy");
    const auto* end = containing(set, "e6", "country");
    ASSERT_NE(start, nullptr);
    ASSERT_NE(end, nullptr);
    EXPECT_NE(start, end);
    EXPECT_EQ(events_of(*start), (std::vector<std::string>{"2024-01-01-e1", "2024-01-05-e5"}));
    EXPECT_EQ(events_of(*end), (std::vector<std::string>{"2024-01-01-e1", "2024-01-06-e6"}));
    EXPECT_EQ(start->occurrences[0].tokens, 13u);
    EXPECT_EQ(end->occurrences[0].tokens, 12u);
    EXPECT_EQ(start->occurrences[0].text, "The economy grew faster than anyone expected last year and the unemployment rate");
}

TEST(TalkingPoints, RepetitionInsideOneEventIsNoTalkingPointAndEveryEventsFormulaIsBoilerplate) {
    Fixture fixture;
    const auto set = fixture.build();
    EXPECT_EQ(containing(set, "e7", "delegation"), nullptr);
    const auto* opening = containing(set, "e3", "briefing");
    ASSERT_NE(opening, nullptr);
    EXPECT_EQ(opening->events, 7u);
    EXPECT_TRUE(opening->boilerplate);
    EXPECT_DOUBLE_EQ(opening->event_share, 1.0);
    // Exactly these four: the opening, the peace formula and the two halves of the economy sentence.
    EXPECT_EQ(set.points.size(), 4u) << ::testing::PrintToString(summary_lines(set));
    EXPECT_EQ(set.points.front().id, 1u);
    EXPECT_EQ(set.points.front().canonical, opening->canonical);  // ids by decreasing events
    auto lower = options();
    lower.boilerplate_share = 1.1;  // nothing reaches it
    const auto none = fixture.build(lower);
    for (const auto& point : none.points) EXPECT_FALSE(point.boilerplate);
}

TEST(TalkingPoints, IncrementalBuildEqualsAFullBuild) {
    Fixture incremental;
    incremental.build();
    const std::string added = event_text(8, "between peace and war we choose peace and between dialogue and sanctions we choose dialogue") +
                              "\n\nMS. OTHER: " + kEconomyStart + "\n";
    write(incremental.corpus / "2024-01-08-e8.txt", added);
    write(incremental.corpus / "2024-01-06-e6.txt", event_text(6, "a new version without the end of the economy sentence"));
    ASSERT_TRUE(index::build_index(incremental.directory, {incremental.corpus.string()}, {}).ok());
    const auto index = incremental.open();
    auto summary = analysis::build_talking_points(index, options());
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_TRUE(summary->incremental);
    EXPECT_EQ(summary->events_added, 2u);  // e8, and e6 replaced
    EXPECT_EQ(summary->events_dropped, 1u);
    auto after = analysis::load_talking_points(index);
    ASSERT_TRUE(after.ok()) << after.error().message;

    Fixture full;
    write(full.corpus / "2024-01-08-e8.txt", added);
    write(full.corpus / "2024-01-06-e6.txt", event_text(6, "a new version without the end of the economy sentence"));
    ASSERT_TRUE(index::build_index(full.directory, {full.corpus.string()}, {}).ok());
    auto full_options = options();
    full_options.full = true;
    const auto expected = full.build(full_options);
    EXPECT_EQ(summary_lines(after.value()), summary_lines(expected));
    EXPECT_EQ(containing(after.value(), "e1", "country"), nullptr);  // e6's first version deleted: its talking point has one event left
    const auto* peace = containing(after.value(), "e8", "dialogue");
    ASSERT_NE(peace, nullptr);
    EXPECT_EQ(peace->events, 5u);
}

TEST(TalkingPoints, AnInterruptedBuildKeepsThePreviousTalkingPoints) {
    Fixture fixture;
    const auto before = fixture.build();
    write(fixture.corpus / "2024-01-08-e8.txt", event_text(8, kPeace));
    ASSERT_TRUE(index::build_index(fixture.directory, {fixture.corpus.string()}, {}).ok());
    const auto index = fixture.open();
    auto interrupted = options();
    interrupted.before_commit = [] { return std::optional<Error>(plain_error("killed")); };
    EXPECT_FALSE(analysis::build_talking_points(index, interrupted).ok());
    // Still the previous build's, which the index has outgrown: stale, not corrupt.
    auto stale = analysis::load_talking_points(index);
    ASSERT_FALSE(stale.ok());
    EXPECT_NE(stale.error().message.find("presser talking-points build --index"), std::string::npos) << stale.error().message;
    EXPECT_NE(stale.error().message.find("generation"), std::string::npos) << stale.error().message;
    auto previous = analysis::load_talking_points(fixture.directory, before.index_generation);
    ASSERT_TRUE(previous.ok()) << previous.error().message;
    EXPECT_EQ(summary_lines(previous.value()), summary_lines(before));
    // The next build completes it.
    auto resumed = analysis::build_talking_points(index, options());
    ASSERT_TRUE(resumed.ok()) << resumed.error().message;
    auto now = analysis::load_talking_points(index);
    ASSERT_TRUE(now.ok());
    EXPECT_EQ(containing(now.value(), "e8", "dialogue")->events, 5u);
}

TEST(TalkingPoints, AnIndexWithoutTalkingPointsSaysWhatToRun) {
    Fixture fixture;
    auto missing = analysis::load_talking_points(fixture.open());
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("has no talking points yet"), std::string::npos) << missing.error().message;
    EXPECT_NE(missing.error().message.find("presser talking-points build --index " + fixture.directory.string()), std::string::npos);
    auto similar = analysis::similar_passages(fixture.open(), kPeace, {});
    ASSERT_FALSE(similar.ok());
    EXPECT_NE(similar.error().message.find("presser talking-points build"), std::string::npos);
}

TEST(TalkingPoints, SimilarFindsNearVerbatimOccurrencesWithTheirDifferences) {
    Fixture fixture;
    const auto set = fixture.build();
    const auto index = fixture.open();
    auto found = analysis::similar_passages(index, "Between peace and war we always choose peace, between dialogue and sanctions we choose dialogue", {});
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ(found->query_tokens, 15u);
    ASSERT_EQ(found->matches.size(), 4u);
    EXPECT_EQ(found->matches[0].occurrence.event_id, "2024-01-03-e3");  // the same words
    EXPECT_DOUBLE_EQ(found->matches[0].similarity, 1.0);
    const auto* peace = containing(set, "e1", "dialogue");
    for (const auto& match : found->matches) EXPECT_EQ(match.talking_point, peace->id);
    const auto& e4 = found->matches.back();  // "always" missing and "conflict" for "war": two edits
    EXPECT_EQ(e4.occurrence.event_id, "2024-01-04-e4");
    EXPECT_EQ(e4.edits, 2u);
    int substitutions = 0, insertions = 0;
    for (const auto& token : e4.differences) {
        if (token.kind == analysis::AlignmentOp::Kind::substitute) {
            ++substitutions;
            EXPECT_EQ(token.query, "war");
            EXPECT_EQ(token.text, "conflict");
        }
        if (token.kind == analysis::AlignmentOp::Kind::insert) {
            ++insertions;
            EXPECT_EQ(token.query, "always");
        }
    }
    EXPECT_EQ(substitutions, 1);
    EXPECT_EQ(insertions, 1);
    auto short_passage = analysis::similar_passages(index, "peace and war, choose peace", {});
    ASSERT_FALSE(short_passage.ok());
    EXPECT_NE(short_passage.error().message.find("5 tokens"), std::string::npos) << short_passage.error().message;
    EXPECT_NE(short_passage.error().message.find("at least 8"), std::string::npos) << short_passage.error().message;
}


// The API answers what the library gives: the stored points as `list` selects them, one point whole, and
// "where else was this said"; before the store is built, a 404 that says what to run.
TEST(TalkingPointsApi, AnswersTheStoredPointsAndSimilarPassagesAsTheLibraryDoes) {
    Fixture fixture;
    const auto index = fixture.open();
    ServedIndex served(index, {});
    httplib::Client client("127.0.0.1", served.port());
    auto get = [&](const std::string& url, int status) {
        auto result = client.Get(url);
        EXPECT_TRUE(result) << url;
        if (!result) return nlohmann::json();
        EXPECT_EQ(result->status, status) << url << "\n" << result->body;
        return nlohmann::json::parse(result->body);
    };
    EXPECT_NE(get("/api/talking-points", 404)["error"]["message"].get<std::string>().find("talking-points build"), std::string::npos);

    const auto set = fixture.build();
    analysis::TalkingPointFilter filter;
    filter.boilerplate = analysis::TalkingPointFilter::Boilerplate::include;
    filter.sort = analysis::TalkingPointFilter::Sort::first;
    const auto expected = analysis::select_talking_points(set, filter);
    ASSERT_GT(expected.size(), 1u);
    const auto listed = get("/api/talking-points?boilerplate=include&sort=first", 200);
    ASSERT_EQ(listed["total"], expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(listed["talking_points"][i], analysis::to_json(*expected[i], false)) << i;
    EXPECT_EQ(get("/api/talking-points?boilerplate=include&sort=first&offset=1&limit=1", 200)["talking_points"][0],
              analysis::to_json(*expected[1], false));
    EXPECT_LT(get("/api/talking-points", 200)["total"].get<std::size_t>(), expected.size());  // boilerplate left out by default

    const auto* peace = containing(set, "e1", "dialogue");
    ASSERT_NE(peace, nullptr);
    EXPECT_EQ(get("/api/talking-points/" + std::to_string(peace->id), 200), analysis::to_json(*peace, true));
    get("/api/talking-points/abc", 400);
    get("/api/talking-points/999", 404);
    get("/api/talking-points?sort=sideways", 400);

    const std::string passage = "Between peace and war we always choose peace between dialogue and sanctions we choose dialogue";
    auto direct = analysis::similar_passages(index, passage, {});
    ASSERT_TRUE(direct.ok()) << direct.error().message;
    std::string url = "/api/similar?text=";
    for (const char c : passage) url += c == ' ' ? std::string("%20") : std::string(1, c);
    auto similar = get(url, 200);
    similar.erase("took_ms");
    EXPECT_EQ(similar, analysis::to_json(direct.value()));
    EXPECT_NE(get("/api/similar?text=peace%20and%20war", 400)["error"]["message"].get<std::string>().find("at least 8"), std::string::npos);
}

}  // namespace
}  // namespace presser::testing
