// presser serve's HTTP API, in process on a free port, over an index of samples/ (plus a month of the
// White House corpus when ../shared is present): every route's shape, counts checked against the library
// that answers them, filters, paging, errors, auth, gzip, ETag/304, and conformance with openapi.json.
#include <gtest/gtest.h>

#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "analysis/hit_breakdown.h"
#include "index/index.h"
#include "event_reader_reference.h"
#include "index_test_support.h"
#include "served_index.h"
#include "query/concordance.h"
#include "query/corpus_query.h"
#include "query/cql_parser.h"
#include "query/hit_labels.h"
#include "search/searcher.h"
#include "server/gzip.h"
#include "server/server.h"
#include "test_paths.h"

namespace presser {
namespace {

using nlohmann::json;

using testing::encode;

// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = any = true;
        } else if (c == ',') {
            row.push_back(std::move(field)), field.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            row.push_back(std::move(field)), field.clear();
            rows.push_back(std::move(row)), row.clear();
            ++i;
        } else {
            field += c;
        }
    }
    EXPECT_FALSE(quoted) << "unterminated quoted field";
    EXPECT_TRUE(field.empty() && row.empty()) << "last record without CRLF";
    return rows;
}

class ServerApi : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        scratch_ = new testing::ScratchDir("server-api");
        std::vector<std::string> sources = {(testing::source_dir() / "samples").string()};
        if (!testing::shared_dir().empty()) sources.push_back((testing::shared_dir() / "corpora" / "whitehouse-en" / "2021-01").string());
        auto built = index::build_index(scratch_->path() / "idx", sources, {});
        ASSERT_TRUE(built.ok()) << built.error().describe();
        auto opened = index::Index::open(scratch_->path() / "idx");
        ASSERT_TRUE(opened.ok()) << opened.error().describe();
        index_ = new index::Index(std::move(opened.value()));
        server::ServerOptions options;
        options.port = 0;
        options.threads = 2;
        options.web_dir = scratch_->path() / "no-ui";
        served_ = new testing::ServedIndex(*index_, options);
    }
    static void TearDownTestSuite() {
        delete served_;
        delete index_;
        delete scratch_;
    }

    static httplib::Result get(const std::string& path, const httplib::Headers& headers = {}, server::Server* server = nullptr) {
        httplib::Client client("127.0.0.1", (server ? server : &served_->server())->port());
        client.set_read_timeout(120, 0);
        return client.Get(path.c_str(), headers);
    }
    // The JSON body of a GET that must answer `status`.
    static json get_json(const std::string& path, int status = 200) {
        auto result = get(path);
        EXPECT_TRUE(result) << path;
        if (!result) return json();
        EXPECT_EQ(result->status, status) << path << "\n" << result->body;
        EXPECT_EQ(result->get_header_value("Content-Type"), "application/json; charset=utf-8") << path;
        return json::parse(result->body, nullptr, false);
    }

    static std::vector<query::IndexHit> library_hits(const std::string& cql, const query::QueryOptions& options = {}) {
        auto parsed = query::cql::parse_cql(cql);
        EXPECT_TRUE(parsed.ok()) << cql;
        auto compiled = query::CorpusQuery::compile(*index_, parsed.value(), options);
        EXPECT_TRUE(compiled.ok()) << cql;
        auto hits = (*compiled)->all_hits();
        EXPECT_TRUE(hits.ok()) << cql;
        return hits.value();
    }
    static search::SearchResult library_search(const std::string& q, search::SearchOptions options = {}) {
        search::Searcher searcher(*index_);
        auto result = searcher.search(q, options);
        EXPECT_TRUE(result.ok()) << q;
        return result.ok() ? std::move(result.value()) : search::SearchResult{};
    }
    static std::string first_event_id() { return get_json("/api/events?sort=date&limit=1")["events"][0]["id"]; }

    static testing::ScratchDir* scratch_;
    static index::Index* index_;
    static testing::ServedIndex* served_;
};
testing::ScratchDir* ServerApi::scratch_ = nullptr;
index::Index* ServerApi::index_ = nullptr;
testing::ServedIndex* ServerApi::served_ = nullptr;

const std::vector<std::string> kCql = {"\"the\"", "[lemma=\"question\"]", "\"harbour|water\" []", "[lower=\"no\"] [lower=\"way\"]",
                                       "<turn role=\"journalist\"/>"};

TEST_F(ServerApi, InfoCountsTheIndex) {
    const auto info = get_json("/api/info");
    EXPECT_EQ(info["tokens"], index_->tokens());
    EXPECT_EQ(info["events"], index_->events());
    EXPECT_EQ(info["segments"], index_->segments().size());
    std::uint64_t events = 0, turns = 0;
    for (const auto& language : info["languages"]) events += language["events"].get<std::uint64_t>();
    EXPECT_EQ(events, index_->events());
    for (const auto& segment : index_->segments()) turns += segment->regions(index::Structure::turn).size();
    EXPECT_EQ(info["turns"], turns);  // no deleted events in this index
    EXPECT_LE(info["date_min"].get<std::string>(), info["date_max"].get<std::string>());
}

TEST_F(ServerApi, QueryTotalsAreTheLibrarysCounts) {
    for (const auto& cql : kCql) {
        const auto hits = library_hits(cql);
        const auto counts = query::count_hits(*index_, hits);
        const auto page = get_json("/api/query?cql=" + encode(cql) + "&limit=7");
        EXPECT_EQ(page["total"], hits.size()) << cql;
        EXPECT_EQ(page["events"], counts.events) << cql;
        EXPECT_EQ(page["turns"], counts.turns) << cql;
        ASSERT_EQ(page["lines"].size(), std::min<std::size_t>(7, hits.size())) << cql;
        const auto counts_only = get_json("/api/query?cql=" + encode(cql) + "&limit=0");
        EXPECT_EQ(counts_only["lines"].size(), 0u) << cql;
        EXPECT_EQ(counts_only["total"], hits.size()) << cql;
        EXPECT_EQ(counts_only["turns"], counts.turns) << cql;
        query::Concordancer concordancer(*index_);
        for (std::size_t i = 0; i < page["lines"].size(); ++i) {
            const auto& line = page["lines"][i];
            const auto expected = concordancer.line(hits[i], {8, false});
            EXPECT_EQ(line["start"], hits[i].start);
            EXPECT_EQ(line["match"], expected.match);
            EXPECT_EQ(line["left"], expected.left);
            EXPECT_EQ(line["event_id"], expected.event_id);
        }
    }
}

TEST_F(ServerApi, QueryLinesShowTheLabels) {
    const std::string cql = R"(a:[] [lower="and"] g:([]{2}))";
    const auto hits = library_hits(cql);
    ASSERT_GE(hits.size(), 5u);
    const auto page = get_json("/api/query?cql=" + encode(cql) + "&limit=5");
    ASSERT_EQ(page["lines"].size(), 5u);
    query::Concordancer concordancer(*index_);
    auto parsed = query::cql::parse_cql(cql);
    auto compiled = query::CorpusQuery::compile(*index_, parsed.value());
    ASSERT_TRUE(compiled.ok());
    query::HitLabeler labeler(*compiled.value());
    for (std::size_t i = 0; i < 5; ++i) {
        const auto& line = page["lines"][i];
        const auto expected = concordancer.line(hits[i], {8, false}, labeler.labels(hits[i]));
        ASSERT_EQ(expected.labels.size(), 2u);
        ASSERT_EQ(line["labels"].size(), 2u) << line.dump();
        for (const auto& label : expected.labels) {
            EXPECT_EQ(line["labels"][label.name]["start"], label.start);
            EXPECT_EQ(line["labels"][label.name]["end"], label.end);
            EXPECT_EQ(line["labels"][label.name]["text"], label.text);
        }
        EXPECT_EQ(line["labels"]["a"]["start"], hits[i].start);
        EXPECT_EQ(line["labels"]["g"]["end"], hits[i].end);
    }
    const auto plain = get_json("/api/query?cql=" + encode("[lower=\"and\"]") + "&limit=3");
    for (const auto& line : plain["lines"]) EXPECT_EQ(line["labels"], json::object());
}

TEST_F(ServerApi, QueryPagesTileTheHits) {
    const auto hits = library_hits("\"the\"");
    ASSERT_GT(hits.size(), 10u);
    std::vector<std::uint32_t> paged;
    for (std::size_t offset = 0; offset < hits.size(); offset += 4) {
        const auto page = get_json("/api/query?cql=%22the%22&context=2&limit=4&offset=" + std::to_string(offset));
        for (const auto& line : page["lines"]) paged.push_back(line["start"]);
        if (paged.size() > 60) break;
    }
    for (std::size_t i = 0; i < paged.size(); ++i) EXPECT_EQ(paged[i], hits[i].start) << i;
    const auto past = get_json("/api/query?cql=%22the%22&offset=" + std::to_string(hits.size()));
    EXPECT_TRUE(past["lines"].empty());
    const auto sorted = get_json("/api/query?cql=%22the%22&sort=right:lower&limit=50");
    // Lines in order of the lowercased token after the match.
    auto right_key = [](const json& line) -> std::string {
        const auto& segment = *index_->segments()[line["segment"].get<std::size_t>()];
        const std::uint32_t end = line["end"];
        if (end >= segment.tokens()) return "";
        const auto& lexicon = segment.lexicon(index::Attribute::lower);
        return std::string(lexicon.term(segment.term_at(index::Attribute::lower, end)));
    };
    for (std::size_t i = 1; i < sorted["lines"].size(); ++i) EXPECT_LE(right_key(sorted["lines"][i - 1]), right_key(sorted["lines"][i])) << i;
    EXPECT_EQ(sorted["total"], hits.size());
}

TEST_F(ServerApi, QuerySortsByKeysThenCorpusOrder) {
    auto expected = library_hits("[lower=\"the|a\"]");
    ASSERT_GT(expected.size(), 20u);
    const std::string keys = "match:word,right:lower:desc";
    query::sort_hits(*index_, expected, query::parse_sort_keys(keys).value(), 2);
    expected.resize(std::min<std::size_t>(expected.size(), 200));
    const auto sorted = get_json("/api/query?cql=" + encode("[lower=\"the|a\"]") + "&sort=" + encode(keys) + "&context=2&limit=200");
    ASSERT_EQ(sorted["lines"].size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(sorted["lines"][i]["segment"], expected[i].segment) << i;
        EXPECT_EQ(sorted["lines"][i]["start"], expected[i].start) << i;
    }
    // The second key reorders the first key's ties on this page.
    auto first_key_only = library_hits("[lower=\"the|a\"]");
    query::sort_hits(*index_, first_key_only, query::parse_sort_keys(keys).value()[0], 2);
    first_key_only.resize(expected.size());
    EXPECT_NE(first_key_only, expected);
    const auto bad = get_json("/api/query?cql=a&sort=" + encode("match,rite:lower"), 400);
    EXPECT_EQ(bad["error"]["message"],
              "parameter 'sort': sort key 2 'rite:lower': unknown part 'rite': expected match, left, right, date, speaker, role, outlet "
              "or event (or none)");
    // A sorted page is computed keeping only the lines that can reach it: one ending past the bound is refused.
    const auto deep = get_json("/api/query?cql=%22the%22&sort=left&offset=999990&limit=20", 400);
    EXPECT_NE(deep["error"]["message"].get<std::string>().find("first 1000000 lines"), std::string::npos) << deep.dump();
    get_json("/api/query?cql=%22the%22&sort=left&offset=999990&limit=10");
}

TEST_F(ServerApi, QuerySortsByMetadataKeysMixedWithTokenKeys) {
    const std::string cql = "[lower=\"the|a\"]";
    for (const std::string keys : {"date:desc,left:lower", "speaker,match:lower", "outlet:desc,right", "event,role"}) {
        auto expected = library_hits(cql);
        query::sort_hits(*index_, expected, query::parse_sort_keys(keys).value(), 3);
        expected.resize(std::min<std::size_t>(expected.size(), 40));
        const auto sorted = get_json("/api/query?cql=" + encode(cql) + "&sort=" + encode(keys) + "&context=3&limit=40&offset=0");
        ASSERT_EQ(sorted["lines"].size(), expected.size()) << keys;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            EXPECT_EQ(sorted["lines"][i]["segment"], expected[i].segment) << keys << " line " << i;
            EXPECT_EQ(sorted["lines"][i]["start"], expected[i].start) << keys << " line " << i;
        }
    }
    // Newest first: the lines' dates never increase.
    const auto newest = get_json("/api/query?cql=" + encode(cql) + "&sort=date:desc&limit=100");
    for (std::size_t i = 1; i < newest["lines"].size(); ++i)
        EXPECT_GE(newest["lines"][i - 1]["date"].get<std::string>(), newest["lines"][i]["date"].get<std::string>()) << i;
    const auto bad = get_json("/api/query?cql=a&sort=" + encode("date:lemma"), 400);
    EXPECT_EQ(bad["error"]["message"],
              "parameter 'sort': sort key 1 'date:lemma': 'date' takes no attribute, got 'lemma': expected date or date:desc (or none)");
}

TEST_F(ServerApi, QueryLinesSayWhereWithTheOfficeAndTheEventTitle) {
    const auto page = get_json("/api/query?cql=" + encode("[lower=\"the\"]") + "&limit=50");
    ASSERT_FALSE(page["lines"].empty());
    bool any_office = false, any_title = false;
    for (const auto& line : page["lines"]) {
        const auto& segment = *index_->segments()[line["segment"].get<std::size_t>()];
        const auto& events = segment.regions(index::Structure::event);
        const auto& turns = segment.regions(index::Structure::turn);
        EXPECT_EQ(line["event_title"], events.string("title", *events.find(line["start"])));
        EXPECT_EQ(line["office"], turns.string("title", *turns.find(line["start"])));
        any_office = any_office || !line["office"].get<std::string>().empty();
        any_title = any_title || !line["event_title"].get<std::string>().empty();
    }
    EXPECT_TRUE(any_title);
    EXPECT_TRUE(any_office);
}

TEST_F(ServerApi, QueryThinsToASampleWithTheExactTotal) {
    const std::string cql = "&cql=" + encode("[lower=\"the\"]");
    const auto hits = library_hits("[lower=\"the\"]");
    ASSERT_GT(hits.size(), 30u);
    const std::set<std::pair<std::uint32_t, std::uint32_t>> all = [&] {
        std::set<std::pair<std::uint32_t, std::uint32_t>> out;
        for (const auto& hit : hits) out.insert({hit.segment, hit.start});
        return out;
    }();
    const auto sample = get_json("/api/query?sample=20&seed=7&limit=100" + cql);
    EXPECT_EQ(sample["total"], hits.size());
    EXPECT_EQ(sample["sample"], (json{{"size", 20}, {"seed", 7}}));
    ASSERT_EQ(sample["lines"].size(), 20u);
    for (std::size_t i = 0; i < 20; ++i) {
        const auto& line = sample["lines"][i];
        EXPECT_TRUE(all.count({line["segment"], line["start"]})) << line.dump();
        if (i > 0) {
            const auto& previous = sample["lines"][i - 1];
            EXPECT_LT((std::pair<std::uint32_t, std::uint32_t>{previous["segment"], previous["start"]}),
                      (std::pair<std::uint32_t, std::uint32_t>{line["segment"], line["start"]})) << "not in corpus order at " << i;
        }
    }
    EXPECT_EQ(get_json("/api/query?sample=20&seed=7&limit=100" + cql)["lines"], sample["lines"]);
    EXPECT_NE(get_json("/api/query?sample=20&seed=8&limit=100" + cql)["lines"], sample["lines"]);
    // Paged: two pages of ten are the sample's lines.
    const auto second = get_json("/api/query?sample=20&seed=7&limit=10&offset=10" + cql);
    ASSERT_EQ(second["lines"].size(), 10u);
    EXPECT_EQ(second["lines"][0], sample["lines"][10]);
    // Sorted: the same lines, in the sort's order.
    const auto sorted = get_json("/api/query?sample=20&seed=7&limit=100&sort=right:lower&context=1" + cql);
    std::vector<query::IndexHit> drawn;
    for (const auto& line : sample["lines"]) drawn.push_back({line["segment"], line["start"], line["end"]});
    query::sort_hits(*index_, drawn, query::parse_sort_keys("right:lower").value(), 1);
    ASSERT_EQ(sorted["lines"].size(), drawn.size());
    for (std::size_t i = 0; i < drawn.size(); ++i) EXPECT_EQ(sorted["lines"][i]["start"], drawn[i].start) << i;
    // More than there are: every hit.
    EXPECT_EQ(get_json("/api/query?limit=0&sample=" + std::to_string(hits.size() + 10) + cql)["sample"]["size"], hits.size());
    EXPECT_EQ(get_json("/api/query?limit=0" + cql)["sample"], nullptr);
    const auto bad = get_json("/api/query?sample=-3" + cql, 400);
    EXPECT_NE(bad["error"]["message"].get<std::string>().find("sample"), std::string::npos) << bad.dump();
}

TEST_F(ServerApi, MatchingStrategyIsChosenPerRequestAndNamedBesideTheCounts) {
    const std::string cql = "&cql=" + encode("[lower=\"the\"] [lower=\"harbour\"]?");
    const std::string reader = "/api/events/2024-05-14-harbour-authority-briefing?";
    const std::vector<std::string> counted = {"/api/query?", "/api/groups?", "/api/timeline?", reader};
    // The answer names the strategy the compiled query holds (CorpusQuery::options().matching).
    for (const std::string strategy : {"standard", "shortest", "longest", "all"})
        for (const auto& route : counted) EXPECT_EQ(get_json(route + "matching=" + strategy + cql)["matching"], strategy) << route;
    for (const auto& route : counted) EXPECT_EQ(get_json(route + cql.substr(1))["matching"], "standard") << route;
    auto exported = get("/api/export?matching=all" + cql);
    ASSERT_TRUE(exported);
    EXPECT_EQ(exported->status, 200) << exported->body;
    // Unknown strategies, and a strategy for a query that is not CQL, are refused.
    for (const auto& route : {counted[0], counted[1], counted[2], counted[3], std::string("/api/export?")})
        EXPECT_EQ(get_json(route + "matching=greedy" + cql, 400)["error"]["message"],
                  "parameter 'matching': expected one of standard, shortest, longest, all, got 'greedy'") << route;
    for (const auto& route : {std::string("/api/timeline?"), std::string("/api/export?"), reader})
        EXPECT_EQ(get_json(route + "matching=all&q=harbour", 400)["error"]["message"],
                  "parameter 'matching' does not apply here: it is the matching strategy of a CQL query ('cql')") << route;
    EXPECT_FALSE(get_json(reader.substr(0, reader.size() - 1))["matching"].is_string()) << "a reader without a query has no count to name";
}

TEST_F(ServerApi, FiltersAreAlternativesWithinAFieldAndConjunctionsAcross) {
    const auto speakers = get_json("/api/speakers?limit=3")["speakers"];
    ASSERT_GE(speakers.size(), 2u);
    const std::string a = speakers[0]["name"], b = speakers[1]["name"];
    std::uint64_t sum = 0;
    for (const auto& name : {a, b}) {
        query::QueryOptions options;
        options.filter.speaker = name;
        const auto expected = library_hits("[]", options).size();
        const auto page = get_json("/api/query?cql=%5B%5D&limit=0&speaker=" + encode(name));
        EXPECT_EQ(page["total"], expected) << name;
        sum += expected;
    }
    EXPECT_EQ(get_json("/api/query?cql=%5B%5D&limit=0&speaker=" + encode(a) + "&speaker=" + encode(b))["total"], sum);
    // A speaker's tokens in /api/speakers are the tokens of their turns.
    std::uint64_t tokens = 0;
    const auto named = get_json("/api/speakers?limit=1000&name=" + encode(a));
    for (const auto& s : named["speakers"])
        if (s["name"] == a) tokens += s["tokens"].get<std::uint64_t>();
    EXPECT_EQ(tokens, get_json("/api/query?cql=%5B%5D&limit=0&speaker=" + encode(a))["total"]);

    query::QueryOptions dated;
    dated.filter.date_from = "2021";
    dated.filter.date_to = "2024-05";
    dated.filter.role = "official";
    EXPECT_EQ(get_json("/api/query?cql=%22the%22&limit=0&from=2021&to=2024-05&role=official")["total"], library_hits("\"the\"", dated).size());
    EXPECT_EQ(get_json("/api/query?cql=%22the%22&limit=0&role=official&role=journalist&kind=question")["total"],
              library_hits("\"the\" within <turn role=\"official|journalist\" kind=\"question\"/>").size());
    EXPECT_EQ(get_json("/api/query?cql=%22the%22&role=nobody", 400)["error"]["status"], 400);
    EXPECT_EQ(get_json("/api/query?cql=%22the%22&from=March", 400)["error"]["status"], 400);
    // Date prefixes must name a real month and day.
    for (const std::string url : {"/api/query?cql=%22the%22&from=2021-13-45", "/api/query?cql=%22the%22&to=2023-02-29",
                                  "/api/search?q=water&from=2021-00", "/api/events?to=2024-04-31", "/api/timeline?q=water&from=0000"}) {
        const auto message = get_json(url, 400)["error"]["message"].get<std::string>();
        EXPECT_NE(message.find("real month and day"), std::string::npos) << url << ": " << message;
    }
    query::QueryOptions leap_day;
    leap_day.filter.date_to = "2024-02-29";
    EXPECT_EQ(get_json("/api/query?cql=%22the%22&limit=0&to=2024-02-29")["total"], library_hits("\"the\"", leap_day).size());
}

TEST_F(ServerApi, SearchTotalsAndPagesAreTheSearchers) {
    for (const std::string q : {"harbour", "president OR vaccine", "\"press briefing\"", "question:water"}) {
        search::SearchOptions options;
        options.limit = 30;
        options.facets = {"speaker", "outlet", "role", "year"};
        const auto expected = library_search(q, options);
        const auto first = get_json("/api/search?q=" + encode(q) + "&limit=5");
        EXPECT_EQ(first["total"], expected.total) << q;
        ASSERT_EQ(first["facets"].size(), 4u);
        for (std::size_t f = 0; f < 4; ++f) EXPECT_EQ(first["facets"][f]["distinct"], expected.facets[f].distinct) << q;
        const auto second = get_json("/api/search?q=" + encode(q) + "&limit=5&offset=5");
        std::vector<std::string> ids;
        for (const auto* page : {&first, &second})
            for (const auto& hit : (*page)["hits"]) ids.push_back(hit["event_id"].get<std::string>() + "#" + hit["turn_id"].get<std::string>());
        ASSERT_EQ(ids.size(), std::min<std::size_t>(10, expected.total)) << q;
        for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], expected.hits[i].event_id + "#" + expected.hits[i].turn_id) << q << " " << i;
        for (const auto& hit : first["hits"]) {
            std::string text;
            bool marked = false;
            for (const auto& part : hit["snippet"]["parts"]) text += part["text"].get<std::string>(), marked = marked || part.value("hit", false);
            EXPECT_TRUE(marked) << q;
            EXPECT_FALSE(text.empty());
        }
    }
    const auto exchanges = get_json("/api/search?q=water&unit=exchange&facets=outlet");
    search::SearchOptions options;
    options.unit = search::Unit::exchange;
    EXPECT_EQ(exchanges["total"], library_search("water", options).total);
    EXPECT_EQ(get_json("/api/search?q=water&unit=event&facets=speaker", 400)["error"]["status"], 400);
    EXPECT_EQ(get_json("/api/search?q=water&offset=9990&limit=20", 400)["error"]["status"], 400);
}

// The search answer is written without a value tree (json_writer.h): every field of every hit, snippet and
// facet must still be the library's.
TEST_F(ServerApi, SearchAnswersCarryEveryFieldOfTheLibrarysHits) {
    auto same_snippet = [](const nlohmann::json& json, const search::Snippet& snippet, const std::string& where) {
        std::string text;
        std::vector<std::pair<std::uint64_t, std::uint64_t>> sources;
        for (const auto& part : json["parts"]) {
            if (part.value("hit", false)) sources.emplace_back(part["source_begin"], part["source_end"]);
            text += part["text"].get<std::string>();
        }
        EXPECT_EQ(text, snippet.text) << where;
        ASSERT_EQ(sources.size(), snippet.matches.size()) << where;
        for (std::size_t m = 0; m < sources.size(); ++m)
            EXPECT_EQ(sources[m], std::make_pair(snippet.matches[m].source_begin, snippet.matches[m].source_end)) << where;
        EXPECT_EQ(json["truncated_before"], snippet.truncated_before) << where;
        EXPECT_EQ(json["truncated_after"], snippet.truncated_after) << where;
        if (snippet.matches.empty()) EXPECT_TRUE(json["source_begin"].is_null()) << where;
        else EXPECT_EQ(json["source_end"], snippet.matches.back().source_end) << where;
    };
    for (const auto& [q, unit] : {std::pair<std::string, std::string>{"president OR vaccine", "turn"}, {"water", "exchange"}, {"harbour", "event"}}) {
        search::SearchOptions options;
        options.limit = 8;
        options.unit = unit == "exchange" ? search::Unit::exchange : unit == "event" ? search::Unit::event : search::Unit::turn;
        const std::string facets = unit == "event" ? "year" : "speaker,year";
        options.facets = unit == "event" ? std::vector<std::string>{"year"} : std::vector<std::string>{"speaker", "year"};
        const auto expected = library_search(q, options);
        const auto answer = get_json("/api/search?q=" + encode(q) + "&unit=" + unit + "&limit=8&facets=" + facets);
        EXPECT_EQ(answer["q"], q);
        EXPECT_EQ(answer["unit"], unit);
        ASSERT_EQ(answer["hits"].size(), expected.hits.size()) << q;
        ASSERT_FALSE(expected.hits.empty()) << q;
        for (std::size_t i = 0; i < expected.hits.size(); ++i) {
            const auto& hit = answer["hits"][i];
            const auto& want = expected.hits[i];
            const auto where = q + " #" + std::to_string(i);
            EXPECT_EQ(hit["score"].get<double>(), want.score) << where;
            for (const auto& [name, value] : {std::pair<const char*, const std::string*>{"event_id", &want.event_id}, {"turn_id", &want.turn_id},
                                              {"exchange_id", &want.exchange_id}, {"date", &want.date}, {"speaker", &want.speaker},
                                              {"role", &want.role}, {"kind", &want.kind}, {"outlet", &want.outlet},
                                              {"title", &want.title}, {"source", &want.source}})
                EXPECT_EQ(hit[name], *value) << where << " " << name;
            same_snippet(hit["snippet"], want.snippet, where);
            if (want.answer.text.empty()) EXPECT_TRUE(hit["answer"].is_null()) << where;
            else same_snippet(hit["answer"], want.answer, where + " answer");
        }
        ASSERT_EQ(answer["facets"].size(), expected.facets.size());
        for (std::size_t f = 0; f < expected.facets.size(); ++f) {
            EXPECT_EQ(answer["facets"][f]["name"], expected.facets[f].name);
            ASSERT_EQ(answer["facets"][f]["values"].size(), expected.facets[f].values.size());
            for (std::size_t v = 0; v < expected.facets[f].values.size(); ++v) {
                EXPECT_EQ(answer["facets"][f]["values"][v]["value"], expected.facets[f].values[v].value);
                EXPECT_EQ(answer["facets"][f]["values"][v]["count"], expected.facets[f].values[v].count);
            }
        }
    }
}

TEST_F(ServerApi, TimelineBucketsSumToTheTotal) {
    for (const std::string granularity : {"year", "month", "day"}) {
        const auto cql = get_json("/api/timeline?cql=%22the%22&granularity=" + granularity);
        std::uint64_t hits = 0, tokens = 0;
        std::string previous;
        for (const auto& bucket : cql["buckets"]) {
            hits += bucket["hits"].get<std::uint64_t>();
            tokens += bucket["tokens"].get<std::uint64_t>();
            EXPECT_LT(previous, bucket["period"].get<std::string>());
            previous = bucket["period"];
        }
        EXPECT_EQ(cql["total"], library_hits("\"the\"").size());
        EXPECT_EQ(hits + cql["undated"].get<std::uint64_t>(), cql["total"].get<std::uint64_t>()) << granularity;
        EXPECT_LE(tokens, index_->tokens());
        const auto q = get_json("/api/timeline?q=water&granularity=" + granularity);
        hits = 0;
        for (const auto& bucket : q["buckets"]) hits += bucket["hits"].get<std::uint64_t>();
        EXPECT_EQ(q["total"], library_search("water").total);
        EXPECT_EQ(hits + q["undated"].get<std::uint64_t>(), q["total"].get<std::uint64_t>()) << granularity;
    }
    // With a filter, tokens are those of the filtered subcorpus.
    const auto official = get_json("/api/timeline?cql=%5B%5D&granularity=year&role=official");
    for (const auto& bucket : official["buckets"]) EXPECT_EQ(bucket["hits"], bucket["tokens"]);
    EXPECT_EQ(get_json("/api/timeline?cql=a&q=b", 400)["error"]["status"], 400);
}

TEST_F(ServerApi, GroupsAreTheDistribution) {
    const auto hits = library_hits("\"the\"");
    for (const std::string by : {"turn.speaker", "turn.role", "event.date:month", "event.language"}) {
        auto group = query::parse_group_by(by);
        ASSERT_TRUE(group.ok());
        const auto rows = query::distribution(*index_, hits, group.value());
        const auto answer = get_json("/api/groups?cql=%22the%22&limit=1000&by=" + encode(by));
        EXPECT_EQ(answer["total"], hits.size());
        EXPECT_EQ(answer["distinct"], rows.size());
        ASSERT_EQ(answer["rows"].size(), rows.size()) << by;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            EXPECT_EQ(answer["rows"][i]["value"], rows[i].value);
            EXPECT_EQ(answer["rows"][i]["hits"], rows[i].hits);
            EXPECT_EQ(answer["rows"][i]["tokens"], rows[i].tokens);
        }
    }
    const auto unknown = get_json("/api/groups?cql=%22the%22&by=turn.shoe_size", 400)["error"]["message"].get<std::string>();
    EXPECT_NE(unknown.find("turn has no attribute 'shoe_size'; it has turn.affiliation"), std::string::npos) << unknown;
}

TEST_F(ServerApi, GroupsByMatchAreTheHitBreakdown) {
    auto parsed = query::cql::parse_cql("[lower=\"the\"] []");
    ASSERT_TRUE(parsed.ok());
    auto compiled = query::CorpusQuery::compile(*index_, parsed.value());
    ASSERT_TRUE(compiled.ok());
    auto breakdown = analysis::hit_breakdown(*compiled.value(), {index::Attribute::lower, ""}, index_->tokens());
    ASSERT_TRUE(breakdown.ok());
    const auto answer = get_json("/api/groups?cql=" + encode("[lower=\"the\"] []") + "&limit=1000&by=match.lower");
    EXPECT_EQ(answer["total"], breakdown->hits);
    EXPECT_EQ(answer["distinct"], breakdown->rows.size());
    ASSERT_EQ(answer["rows"].size(), breakdown->rows.size());
    ASSERT_FALSE(breakdown->rows.empty());
    for (std::size_t i = 0; i < breakdown->rows.size(); ++i) {
        EXPECT_EQ(answer["rows"][i]["value"], breakdown->rows[i].form);
        EXPECT_EQ(answer["rows"][i]["hits"], breakdown->rows[i].hits);
        EXPECT_DOUBLE_EQ(answer["rows"][i]["per_million"].get<double>(), *breakdown->rows[i].per_million);
    }
    // A filter narrows the corpus to a size the rows cannot state: no per-million figure.
    const auto filtered = get_json("/api/groups?cql=%22the%22&by=match.word&role=official");
    ASSERT_FALSE(filtered["rows"].empty());
    EXPECT_TRUE(filtered["rows"][0]["per_million"].is_null());
    const auto unknown = get_json("/api/groups?cql=%22the%22&by=match.pos", 400)["error"]["message"].get<std::string>();
    EXPECT_NE(unknown.find("unknown token attribute 'pos'"), std::string::npos) << unknown;
}

TEST_F(ServerApi, EventListAndReader) {
    const auto all = get_json("/api/events?limit=1000&sort=date");
    EXPECT_EQ(all["total"], index_->events());
    ASSERT_EQ(all["events"].size(), index_->events());
    std::uint64_t tokens = 0;
    for (std::size_t i = 0; i < all["events"].size(); ++i) {
        tokens += all["events"][i]["tokens"].get<std::uint64_t>();
        if (i) {
            EXPECT_LE(all["events"][i - 1]["date"].get<std::string>(), all["events"][i]["date"].get<std::string>());
        }
    }
    EXPECT_EQ(tokens, index_->tokens());
    EXPECT_EQ(get_json("/api/events?language=es")["total"], 8u);  // the Spanish events of samples/
    const auto titled = get_json("/api/events?title=" + encode("CONFERENCIA"));
    ASSERT_EQ(titled["total"], 1u);

    const std::string id = "2024-05-14-harbour-authority-briefing";
    const auto reader = get_json("/api/events/" + encode(id) + "?cql=" + encode("\"breakwater\""));
    EXPECT_EQ(reader["event"]["id"], id);
    query::QueryOptions only;
    only.filter.event = id;
    const auto hits = library_hits("\"breakwater\"", only);
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(reader["hits"], hits.size());
    std::size_t marked = 0;
    const auto source = testing::read_file(testing::source_dir() / "samples" / (id + ".txt"));
    std::set<std::string> speaker_ids;
    for (const auto& s : reader["speakers"]) speaker_ids.insert(s["id"]);
    for (const auto& turn : reader["turns"]) {
        if (!turn["speaker"].get<std::string>().empty()) {
            EXPECT_TRUE(speaker_ids.count(turn["speaker"]));
        }
        for (const auto& paragraph : turn["paragraphs"])
            for (const auto& part : paragraph["parts"])
                if (part.value("hit", false)) {
                    ++marked;
                    EXPECT_EQ(part["text"], "breakwater");
                    const std::uint64_t b = part["source_begin"], e = part["source_end"];
                    EXPECT_EQ(source.substr(b, e - b), "breakwater");
                }
    }
    EXPECT_EQ(marked, hits.size());
    const auto searched = get_json("/api/events/" + encode(id) + "?q=breakwater");
    EXPECT_EQ(searched["hits"], hits.size());  // every occurrence, as the CQL found them
    const auto plain = get_json("/api/events/" + encode(id));
    EXPECT_EQ(plain["hits"], 0u);
    EXPECT_FALSE(plain["exchanges"].empty());
    EXPECT_EQ(get_json("/api/events/no-such-event", 404)["error"]["status"], 404);
    EXPECT_EQ(get_json("/api/events/" + encode(id) + "?cql=%5B", 400)["error"]["column"], 2);
}

// The reader's body is written a paragraph at a time (server/event_reader.h): byte for byte what the route
// built as one nlohmann tree before, on a sample event (with and without marked hits) and on a real one.
TEST_F(ServerApi, EventReaderBodyIsTheWholeTreeDumpedByteForByte) {
    std::vector<std::string> ids = {"2024-05-14-harbour-authority-briefing", "2024-07-09-fisheries-briefing"};
    if (!testing::shared_dir().empty()) {
        const auto listed = get_json("/api/events?limit=1000&sort=date");
        for (const auto& e : listed["events"])
            if (e["source"].get<std::string>().find("whitehouse") != std::string::npos && e["turns"].get<std::uint64_t>() > 20) {
                ids.push_back(e["id"]);
                break;
            }
        ASSERT_EQ(ids.size(), 3u) << "no White House event of more than 20 turns";
    }
    for (const auto& id : ids) {
        const auto [segment, event] = testing::find_event(*index_, id);
        query::QueryOptions only;
        only.filter.event = id;
        for (const std::string cql : {"", "[lower=\"the\"]", "[]{2}"}) {
            std::vector<query::IndexHit> hits;
            if (!cql.empty())
                for (const auto& hit : library_hits(cql, only))
                    if (hit.segment == segment) hits.push_back(hit);
            std::sort(hits.begin(), hits.end());
            const auto got = get("/api/events/" + encode(id) + (cql.empty() ? "" : "?cql=" + encode(cql)));
            ASSERT_TRUE(got);
            ASSERT_EQ(got->status, 200) << got->body;
            EXPECT_EQ(testing::without_took_ms(got->body),
                      testing::reference_reader_body(*index_, segment, event, hits, cql.empty() ? "" : "standard")) << id << " " << cql;
            EXPECT_NE(got->body.find(",\"took_ms\":"), std::string::npos);
        }
    }
}

TEST_F(ServerApi, SpeakersAndOutlets) {
    const auto speakers = get_json("/api/speakers?limit=1000&sort=name");
    ASSERT_GT(speakers["total"].get<std::uint64_t>(), 0u);
    for (std::size_t i = 1; i < speakers["speakers"].size(); ++i)
        EXPECT_LE(speakers["speakers"][i - 1]["name"].get<std::string>(), speakers["speakers"][i]["name"].get<std::string>());
    const auto officials = get_json("/api/speakers?role=official&limit=1000");
    for (const auto& s : officials["speakers"]) EXPECT_EQ(s["role"], "official");
    const auto outlets = get_json("/api/outlets?limit=1000");
    ASSERT_GT(outlets["total"].get<std::uint64_t>(), 0u);
    for (const auto& outlet : outlets["outlets"]) {
        // An outlet's tokens are those of the turns of any of its spellings, and its filter selects them all.
        std::uint64_t tokens = 0;
        for (const auto& spelling : outlet["spellings"]) {
            query::QueryOptions options;
            options.filter.outlet = spelling;
            tokens += library_hits("[]", options).size();
        }
        EXPECT_EQ(outlet["tokens"], tokens) << outlet["name"];
        const auto counted = get_json("/api/query?cql=%5B%5D&limit=0&outlet=" + encode(outlet["name"].get<std::string>()));
        EXPECT_EQ(counted["total"], tokens) << outlet["name"];
    }
}

TEST_F(ServerApi, PeopleAreOneIdentityWithExactCounts) {
    const auto people = get_json("/api/people?limit=1000");
    ASSERT_GT(people["total"].get<std::uint64_t>(), 0u);
    std::uint64_t named_turns = 0;
    for (const auto& person : people["people"]) {
        named_turns += person["turns"].get<std::uint64_t>();
        ASSERT_FALSE(person["spellings"].empty());
        // The person's filter selects every spelling: its hits are exactly its tokens.
        const auto counted = get_json("/api/query?cql=%5B%5D&limit=0&speaker=" + encode(person["name"].get<std::string>()));
        EXPECT_EQ(counted["total"], person["tokens"]) << person["name"];
    }
    std::uint64_t all_turns = 0;
    const auto speakers = get_json("/api/speakers?limit=1000");
    for (const auto& s : speakers["speakers"]) all_turns += s["turns"].get<std::uint64_t>();
    EXPECT_EQ(named_turns, all_turns);
    const auto officials = get_json("/api/people?role=official&limit=1000");
    for (const auto& official : officials["people"]) {
        bool spoke_as_official = false;
        for (const auto& role : official["roles"]) spoke_as_official = spoke_as_official || role["role"] == "official";
        EXPECT_TRUE(spoke_as_official) << official["name"];
    }
    EXPECT_EQ(get_json("/api/people?role=pilot", 400)["error"]["status"], 400);
}

TEST_F(ServerApi, ExportStreamsEveryHit) {
    const auto hits = library_hits("\"the\"");
    auto csv = get("/api/export?cql=%22the%22&format=csv&context=3");
    ASSERT_TRUE(csv);
    EXPECT_EQ(csv->status, 200);
    EXPECT_NE(csv->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
    const auto rows = parse_csv(csv->body);
    ASSERT_EQ(rows.size(), hits.size() + 1);
    const auto& header = rows[0];
    const auto column = [&](std::string_view name) { return std::find(header.begin(), header.end(), name) - header.begin(); };
    ASSERT_LT(column("right"), static_cast<long>(header.size()));
    for (std::size_t i = 1; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].size(), header.size()) << i;
        EXPECT_EQ(rows[i][column("query")], "\"the\"");  // quotes survive CSV quoting
        EXPECT_EQ(rows[i][column("match")], "the");
    }
    auto jsonl = get("/api/export?cql=%22the%22&format=jsonl&speaker=" + encode("Elena Vasquez"));
    ASSERT_TRUE(jsonl);
    query::QueryOptions options;
    options.filter.speaker = "Elena Vasquez";
    std::istringstream lines(jsonl->body);
    std::size_t count = 0;
    for (std::string line; std::getline(lines, line); ++count) {
        const auto row = json::parse(line);
        EXPECT_EQ(row["speaker"], "Elena Vasquez");
    }
    EXPECT_EQ(count, library_hits("\"the\"", options).size());

    for (const std::string q : {"water", "president OR vaccine"}) {
        auto search_csv = get("/api/export?q=" + encode(q) + "&format=csv");
        ASSERT_TRUE(search_csv);
        const auto search_rows = parse_csv(search_csv->body);
        EXPECT_EQ(search_rows.size(), library_search(q).total + 1) << q;
        std::set<std::string> units;
        for (std::size_t i = 1; i < search_rows.size(); ++i) units.insert(search_rows[i][1] + "#" + search_rows[i][2]);
        EXPECT_EQ(units.size() + 1, search_rows.size()) << "a unit exported twice";
    }
    EXPECT_EQ(get_json("/api/export?cql=%5B", 400)["error"]["column"], 2);
    EXPECT_EQ(get_json("/api/export?q=%22open", 400)["error"]["status"], 400);
}

// A labelled query's export carries its labels as /api/query's lines do (JSON lines: `labels`) and as
// `presser query --format tsv` does (CSV: a `label.NAME` column each); an unlabelled one has neither.
TEST_F(ServerApi, ExportCarriesTheLabelsOfALabelledQuery) {
    const std::string cql = R"(a:[] [lower="and"] g:([]{2}))";
    const auto hits = library_hits(cql);
    ASSERT_GE(hits.size(), 5u);
    auto parsed = query::cql::parse_cql(cql);
    auto compiled = query::CorpusQuery::compile(*index_, parsed.value());
    ASSERT_TRUE(compiled.ok());
    query::HitLabeler labeler(*compiled.value());
    query::Concordancer concordancer(*index_);
    std::vector<query::KwicLine> expected;
    for (const auto& hit : hits) expected.push_back(concordancer.line(hit, {8, false}, labeler.labels(hit)));

    auto csv = get("/api/export?format=csv&cql=" + encode(cql));
    ASSERT_TRUE(csv);
    const auto rows = parse_csv(csv->body);
    ASSERT_EQ(rows.size(), hits.size() + 1);
    const std::vector<std::string> plain_header = {"query", "event_id", "date", "speaker", "role", "kind", "outlet",
                                                   "language", "source", "source_begin", "source_end", "left", "match", "right"};
    auto labelled_header = plain_header;
    labelled_header.insert(labelled_header.end(), {"label.a", "label.g"});
    EXPECT_EQ(rows[0], labelled_header);
    for (std::size_t i = 0; i < hits.size(); ++i) {
        ASSERT_EQ(rows[i + 1].size(), labelled_header.size()) << i;
        ASSERT_EQ(expected[i].labels.size(), 2u);
        EXPECT_EQ(rows[i + 1][12], expected[i].match);
        EXPECT_EQ(rows[i + 1][14], expected[i].labels[0].text) << i;
        EXPECT_EQ(rows[i + 1][15], expected[i].labels[1].text) << i;
    }

    auto jsonl = get("/api/export?format=jsonl&cql=" + encode(cql));
    ASSERT_TRUE(jsonl);
    std::istringstream lines(jsonl->body);
    std::size_t i = 0;
    for (std::string line; std::getline(lines, line); ++i) {
        ASSERT_LT(i, expected.size());
        const auto row = json::parse(line);
        ASSERT_EQ(row["labels"].size(), 2u) << line;
        for (const auto& label : expected[i].labels) {
            EXPECT_EQ(row["labels"][label.name]["start"], label.start);
            EXPECT_EQ(row["labels"][label.name]["end"], label.end);
            EXPECT_EQ(row["labels"][label.name]["text"], label.text);
        }
    }
    EXPECT_EQ(i, expected.size());

    const std::string unlabelled = encode(R"([lower="and"])");
    auto plain_csv = get("/api/export?format=csv&cql=" + unlabelled);
    ASSERT_TRUE(plain_csv);
    const auto plain_rows = parse_csv(plain_csv->body);
    ASSERT_GT(plain_rows.size(), 1u);
    EXPECT_EQ(plain_rows[0], plain_header);
    EXPECT_EQ(plain_rows[1].size(), plain_header.size());
    auto plain_jsonl = get("/api/export?format=jsonl&cql=" + unlabelled);
    ASSERT_TRUE(plain_jsonl);
    std::istringstream plain_lines(plain_jsonl->body);
    std::string first;
    ASSERT_TRUE(std::getline(plain_lines, first));
    EXPECT_FALSE(json::parse(first).contains("labels")) << first;
    // No hits: the header alone, with the label columns all the same.
    auto empty = get("/api/export?format=csv&cql=" + encode(R"(a:[lower="zzzzqx"])"));
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->body, "query,event_id,date,speaker,role,kind,outlet,language,source,source_begin,source_end,left,match,right,label.a\r\n");
}

TEST_F(ServerApi, SourceBytes) {
    const std::string id = "2024-05-14-harbour-authority-briefing";
    const auto source = testing::read_file(testing::source_dir() / "samples" / (id + ".txt"));
    auto part = get("/api/source?event=" + id + "&begin=10&end=40");
    ASSERT_TRUE(part);
    EXPECT_EQ(part->status, 200);
    EXPECT_EQ(part->body, source.substr(10, 30));
    EXPECT_EQ(get_json("/api/source?event=" + id + "&begin=40&end=10", 400)["error"]["status"], 400);
    EXPECT_EQ(get_json("/api/source?event=nope", 404)["error"]["status"], 404);
}

TEST_F(ServerApi, ErrorsAreJsonWithTheirStatus) {
    const auto bad_cql = get_json("/api/query?cql=" + encode("[word=\"a\""), 400);
    EXPECT_EQ(bad_cql["error"]["status"], 400);
    EXPECT_TRUE(bad_cql["error"]["column"].is_number());
    EXPECT_EQ(bad_cql["error"]["message"].get<std::string>().rfind("CQL: column ", 0), 0u);
    EXPECT_FALSE(get_json("/api/query", 400)["error"]["message"].get<std::string>().empty());
    EXPECT_EQ(get_json("/api/query?cql=a&limit=1001", 400)["error"]["status"], 400);
    EXPECT_EQ(get_json("/api/query?cql=a&limit=ten", 400)["error"]["status"], 400);
    EXPECT_EQ(get_json("/api/query?cql=a&sort=sideways", 400)["error"]["status"], 400);
    EXPECT_EQ(get_json("/api/search?q=a&colour=red", 400)["error"]["status"], 400);
    EXPECT_TRUE(get_json("/api/search?q=%22open", 400)["error"]["column"].is_number());
    EXPECT_EQ(get_json("/api/nothing-here", 404)["error"]["status"], 404);
    std::string long_query = "/api/query?cql=";
    for (int i = 0; i < 1500; ++i) long_query += "%22a%22";
    const auto too_long = get_json(long_query, 414)["error"]["message"].get<std::string>();
    EXPECT_NE(too_long.find("longer than 8192 bytes"), std::string::npos) << too_long;
    auto root = get("/");
    ASSERT_TRUE(root);
    EXPECT_EQ(root->status, 200);
    EXPECT_NE(root->body.find("not built"), std::string::npos);
}

// A request still computing at its deadline answers 503 and names the limit; the server goes on serving.
// Both take far longer than 1 ms in any build: a first search tabulates every segment, and the CQL query
// sorts every token of the index by its left context.
TEST_F(ServerApi, RequestsPastTheirTimeLimitAnswer503) {
    server::ServerOptions options;
    options.port = 0;
    options.timeout_ms = 1;
    options.cache_bytes = 0;
    std::optional<testing::ServedIndex> hurried_served(std::in_place, *index_, options);
    server::Server* hurried = &hurried_served->server();
    for (const std::string& url : std::vector<std::string>{"/api/search?q=the&facets=speaker,outlet,role,kind,day,event,language",
                                                           "/api/query?cql=" + encode("[]") + "&sort=left"}) {
        auto result = get(url, {}, hurried);
        ASSERT_TRUE(result) << url;
        EXPECT_EQ(result->status, 503) << url << "\n" << result->body;
        const auto body = json::parse(result->body, nullptr, false);
        ASSERT_TRUE(body.contains("error")) << url;
        EXPECT_EQ(body["error"]["status"], 503) << url;
        EXPECT_EQ(body["error"]["message"], "timed out after 1 ms") << url;
    }
    auto info = get("/api/info", {}, hurried);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->status, 200);
    hurried_served.reset();
}

TEST_F(ServerApi, TokenIsRequiredWhenSet) {
    server::ServerOptions options;
    options.port = 0;
    options.token = "s3cret";
    std::optional<testing::ServedIndex> guarded_served(std::in_place, *index_, options);
    server::Server* guarded = &guarded_served->server();
    auto missing = get("/api/info", {}, guarded);
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 401);
    EXPECT_EQ(json::parse(missing->body)["error"]["status"], 401);
    auto wrong = get("/api/info", {{"Authorization", "Bearer nope"}}, guarded);
    EXPECT_EQ(wrong->status, 401);
    EXPECT_EQ(get("/api/info", {{"Authorization", "Bearer s3cret"}}, guarded)->status, 200);
    EXPECT_EQ(get("/api/info?token=s3cret", {}, guarded)->status, 200);
    guarded_served.reset();

    options.token.clear();
    options.host = "0.0.0.0";
    EXPECT_FALSE(server::check_options(options).empty());
    EXPECT_FALSE(server::Server::create(*index_, options).ok());
    std::string output;
    EXPECT_EQ(testing::run_presser({"serve", "--index", (scratch_->path() / "idx").string(), "--host", "0.0.0.0"}, &output), 2);
    EXPECT_NE(output.find("--token"), std::string::npos) << output;
}

TEST_F(ServerApi, InvalidUtf8InParametersIsNoServerError) {
    for (const std::string url : {"/api/query?cql=%FF%FE", "/api/search?q=%FF", "/api/events?title=%C3", "/api/query?cql=a&speaker=%FF"}) {
        auto result = get(url);
        ASSERT_TRUE(result) << url;
        EXPECT_LT(result->status, 500) << url << "\n" << result->body;
        EXPECT_TRUE(json::accept(result->body)) << url;
    }
}

TEST_F(ServerApi, ServesTheBuiltUi) {
    const auto ui = scratch_->path() / "ui";
    std::filesystem::create_directories(ui / "assets");
    std::ofstream(ui / "index.html") << "<!doctype html><title>presser ui</title>";
    std::ofstream(ui / "assets" / "app.js") << "console.log(1);";
    server::ServerOptions options;
    options.port = 0;
    options.web_dir = ui;
    std::optional<testing::ServedIndex> with_ui_served(std::in_place, *index_, options);
    server::Server* with_ui = &with_ui_served->server();
    EXPECT_NE(get("/", {}, with_ui)->body.find("presser ui"), std::string::npos);
    EXPECT_EQ(get("/assets/app.js", {}, with_ui)->body, "console.log(1);");
    auto client_route = get("/events/2024-05-14-harbour-authority-briefing", {}, with_ui);
    EXPECT_EQ(client_route->status, 200);
    EXPECT_NE(client_route->body.find("presser ui"), std::string::npos);
    auto missing = get("/api/nope", {}, with_ui);
    EXPECT_EQ(missing->status, 404);
    EXPECT_TRUE(json::accept(missing->body));
    with_ui_served.reset();
}

// `presser serve` as a process: prints where it serves, answers, and exits 0 on SIGINT.
TEST_F(ServerApi, ServeCommandStopsCleanlyOnSigint) {
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const std::string binary = testing::presser_binary().string(), index = (scratch_->path() / "idx").string();
    std::vector<std::string> args = {binary, "serve", "--index", index, "--port", "0"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    ASSERT_EQ(posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    std::string line;
    char c = 0;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    EXPECT_EQ(line.rfind("presser: serving " + index + " (", 0), 0u) << line;
    const auto colon = line.rfind(':');
    ASSERT_NE(colon, std::string::npos) << line;
    httplib::Client client("127.0.0.1", std::stoi(line.substr(colon + 1)));
    auto info = client.Get("/api/info");
    ASSERT_TRUE(info);
    EXPECT_EQ(json::parse(info->body)["tokens"], index_->tokens());
    kill(pid, SIGINT);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    close(out[0]);
    EXPECT_TRUE(WIFEXITED(status)) << status;
    EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST_F(ServerApi, GzipWhenAccepted) {
    httplib::Client client("127.0.0.1", served_->port());
    client.set_decompress(false);
    auto zipped = client.Get("/api/events?limit=100", {{"Accept-Encoding", "gzip"}});
    ASSERT_TRUE(zipped);
    EXPECT_EQ(zipped->get_header_value("Content-Encoding"), "gzip");
    ASSERT_GE(zipped->body.size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>(zipped->body[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(zipped->body[1]), 0x8b);
    auto plain = client.Get("/api/events?limit=100");
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->get_header_value("Content-Encoding"), "");
    EXPECT_TRUE(json::accept(plain->body));
    httplib::Client inflating("127.0.0.1", served_->port());
    auto inflated = inflating.Get("/api/events?limit=100", {{"Accept-Encoding", "gzip, deflate"}});
    ASSERT_TRUE(inflated);
    EXPECT_EQ(inflated->body, plain->body);
    EXPECT_EQ(client.Get("/api/events?limit=100", {{"Accept-Encoding", "gzip;q=0"}})->get_header_value("Content-Encoding"), "");
    EXPECT_TRUE(server::accepts_gzip("br, gzip;q=0.5"));
    EXPECT_TRUE(server::accepts_gzip("*"));
    EXPECT_FALSE(server::accepts_gzip("br, deflate"));
    EXPECT_FALSE(server::accepts_gzip("gzip;q=0.0"));
}

TEST_F(ServerApi, RepeatedUrlsComeFromTheCache) {
    const std::string url = "/api/search?q=harbour&limit=3&facets=year";
    auto first = get(url);
    auto second = get(url);
    ASSERT_TRUE(first && second);
    EXPECT_EQ(second->get_header_value("X-Presser-Cache"), "hit");
    EXPECT_EQ(first->body, second->body);
    auto other = get(url + "&offset=1");
    EXPECT_EQ(other->get_header_value("X-Presser-Cache"), "miss");
    EXPECT_NE(other->body, first->body);
}

TEST_F(ServerApi, EtagAnswers304) {
    auto first = get("/api/speakers");
    ASSERT_TRUE(first);
    const auto etag = first->get_header_value("ETag");
    ASSERT_FALSE(etag.empty());
    EXPECT_EQ(get("/api/speakers")->get_header_value("ETag"), etag);
    EXPECT_NE(get("/api/events")->get_header_value("ETag"), etag);
    auto again = get("/api/speakers", {{"If-None-Match", etag}});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304);
    EXPECT_TRUE(again->body.empty());
    EXPECT_EQ(get("/api/speakers", {{"If-None-Match", "W/\"other\""}})->status, 200);
    // /api/info reports reloads and ingests as they happen: never tagged (nor cached).
    EXPECT_FALSE(get("/api/info")->has_header("ETag"));
}

// Every documented path answers, every route is documented, and the top-level fields of each JSON answer
// are the schema's required properties.
TEST_F(ServerApi, OpenApiConformance) {
    const auto doc = json::parse(server::Server::openapi());
    EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
    const auto served = get_json("/api/openapi.json");
    EXPECT_EQ(served, doc);
    const auto& paths = doc["paths"];
    for (const auto& route : served_->server().routes()) EXPECT_TRUE(paths.contains(route)) << route << " is not in openapi.json";
    const std::string id = "2024-05-14-harbour-authority-briefing";
    const std::map<std::string, std::string> examples = {
        {"/api/search", "?q=water"},  {"/api/query", "?cql=%22the%22"}, {"/api/groups", "?cql=%22the%22"},
        {"/api/timeline", "?cql=%22the%22"}, {"/api/export", "?cql=%22the%22"}, {"/api/source", "?event=" + id + "&begin=0&end=5"},
        {"/api/colloc", "?q=%22the%22"}, {"/api/keyness", "?role=official"}};
    auto resolve = [&](const json& schema) -> const json& {
        if (!schema.contains("$ref")) return schema;
        const std::string ref = schema["$ref"];
        return doc["components"]["schemas"][ref.substr(ref.rfind('/') + 1)];
    };
    // Answered from the store `presser talking-points build` writes, which this index has not: a 404 that
    // says what to run (tests/talking_points_test.cpp checks their answers on an index that has one).
    const std::set<std::string> need_talking_points = {"/api/talking-points", "/api/talking-points/{id}", "/api/similar"};
    for (const auto& [path, item] : paths.items()) {
        if (need_talking_points.count(path)) {
            const auto missing = get(path == "/api/similar" ? path + "?text=x" : path == "/api/talking-points/{id}" ? "/api/talking-points/1" : path);
            ASSERT_TRUE(missing) << path;
            EXPECT_EQ(missing->status, 404) << path;
            EXPECT_NE(missing->body.find("talking-points build"), std::string::npos) << missing->body;
            continue;
        }
        if (!item.contains("get")) {
            // POST /api/ingest: this server has no token, so it takes no uploads and says why
            // (tests/upload_ingest_test.cpp checks uploads on a server that has one).
            ASSERT_TRUE(item.contains("post")) << path;
            httplib::Client client("127.0.0.1", served_->port());
            auto refused = client.Post(path + "?name=a.txt", "MS. OKAFOR: Hello.\n", "text/plain");
            ASSERT_TRUE(refused) << path;
            EXPECT_EQ(refused->status, 403) << path << "\n" << refused->body;
            continue;
        }
        std::string url = path;
        if (auto at = url.find("{id}"); at != std::string::npos) url.replace(at, 4, encode(id));
        if (auto example = examples.find(path); example != examples.end()) url += example->second;
        auto result = get(url);
        ASSERT_TRUE(result) << url;
        EXPECT_EQ(result->status, 200) << url << "\n" << result->body;
        const auto& ok = item["get"]["responses"]["200"];
        if (!ok["content"].contains("application/json") || path == "/api/openapi.json") continue;
        const auto& schema = resolve(ok["content"]["application/json"]["schema"]);
        const auto body = json::parse(result->body);
        std::set<std::string> properties;
        for (const auto& [name, value] : schema["properties"].items()) properties.insert(name);
        for (const auto& required : schema["required"]) EXPECT_TRUE(body.contains(required)) << url << " lacks " << required;
        for (const auto& [name, value] : body.items()) EXPECT_TRUE(properties.count(name)) << url << " answers undocumented " << name;
    }
    for (const auto& [code, response] : doc["components"]["responses"].items())
        EXPECT_EQ(resolve(response["content"]["application/json"]["schema"])["required"], json::array({"error"})) << code;
}

}  // namespace
}  // namespace presser
