// The one filter model (docs/api.md, "Filters"; index/filter_values.h) over HTTP, on an index of samples/:
// a speaker, outlet, organiser or language written in another case selects the same turns on every route,
// the search routes and the CQL routes agree, a part of a name is not the name, and /api/suggest offers
// the values the filters take, with counts.
#include <gtest/gtest.h>

#include <httplib.h>

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "index/index.h"
#include "index_test_support.h"
#include "served_index.h"
#include "server/server.h"
#include "test_paths.h"

namespace presser {
namespace {

using nlohmann::json;

using testing::encode;

std::string lower(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string upper(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

class FilterModel : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        scratch_ = new testing::ScratchDir("filter-model");
        auto built = index::build_index(scratch_->path() / "idx", {(testing::source_dir() / "samples").string()}, {});
        ASSERT_TRUE(built.ok()) << built.error().describe();
        auto opened = index::Index::open(scratch_->path() / "idx");
        ASSERT_TRUE(opened.ok()) << opened.error().describe();
        index_ = new index::Index(std::move(opened.value()));
        server::ServerOptions options;
        options.threads = 2;
        options.web_dir = scratch_->path() / "no-ui";
        served_ = new testing::ServedIndex(*index_, options);
    }
    static void TearDownTestSuite() {
        delete served_;
        delete index_;
        delete scratch_;
    }

    static json get_json(const std::string& path, int status = 200) {
        httplib::Client client("127.0.0.1", served_->server().port());
        client.set_read_timeout(120, 0);
        auto result = client.Get(path.c_str());
        EXPECT_TRUE(result) << path;
        if (!result) return json();
        EXPECT_EQ(result->status, status) << path << "\n" << result->body;
        return json::parse(result->body, nullptr, false);
    }

    // Turns of every route for one filter: CQL turns (<turn/> regions), the turns of a word in CQL and in
    // search, the timeline's and the groups' totals, the events listed.
    struct Counts {
        std::uint64_t cql_turns, word_turns_cql, word_turns_search, timeline_cql, timeline_search, groups, events;
        auto operator<=>(const Counts&) const = default;
    };
    static Counts counts(const std::string& filter, const std::string& word) {
        const auto w = encode(word);
        Counts c{};
        c.cql_turns = get_json("/api/query?cql=%3Cturn%2F%3E&limit=0&" + filter)["total"];
        c.word_turns_cql = get_json("/api/query?cql=%5Blower%3D%22" + w + "%22%5D&limit=0&" + filter)["turns"];
        c.word_turns_search = get_json("/api/search?q=" + w + "&exact=1&limit=0&facets=&" + filter)["total"];
        c.timeline_cql = get_json("/api/timeline?cql=%5Blower%3D%22" + w + "%22%5D&" + filter)["total"];
        c.timeline_search = get_json("/api/timeline?q=" + w + "&exact=1&" + filter)["total"];
        c.groups = get_json("/api/groups?cql=%5Blower%3D%22" + w + "%22%5D&by=event.id&" + filter)["total"];
        if (!filter.starts_with("role=")) c.events = get_json("/api/events?limit=0&" + filter)["total"];
        return c;
    }

    static testing::ScratchDir* scratch_;
    static index::Index* index_;
    static testing::ServedIndex* served_;
};
testing::ScratchDir* FilterModel::scratch_ = nullptr;
index::Index* FilterModel::index_ = nullptr;
testing::ServedIndex* FilterModel::served_ = nullptr;

TEST_F(FilterModel, ASpeakerInAnotherCaseSelectsTheSameTurnsOnEveryRoute) {
    const std::string name = "Elena Vasquez";
    const auto as_listed = counts("speaker=" + encode(name), "harbour");
    EXPECT_GT(as_listed.cql_turns, 0u);
    EXPECT_GT(as_listed.word_turns_cql, 0u);
    EXPECT_EQ(counts("speaker=" + encode(lower(name)), "harbour"), as_listed);
    EXPECT_EQ(counts("speaker=" + encode(upper(name)), "harbour"), as_listed);
}

TEST_F(FilterModel, SearchAndCqlFindTheSameTurnsForTheSameFilter) {
    const std::string organiser = get_json("/api/info")["organisers"][0]["value"];
    std::uint64_t found = 0;
    const std::vector<std::string> filters = {"speaker=elena%20vasquez", "role=journalist", "organiser=" + encode(upper(organiser)),
                                              "language=EN", "from=2024-05&to=2024-06"};
    for (const auto& filter : filters) {
        for (const std::string word : {"harbour", "water", "drought"}) {
            const auto c = counts(filter, word);
            EXPECT_EQ(c.word_turns_cql, c.word_turns_search) << filter << " " << word;
            EXPECT_EQ(c.timeline_cql, c.groups) << filter << " " << word;
            found += c.word_turns_cql;
        }
        const auto as_listed = counts(filter == "language=EN" ? "language=en" : filter, "harbour");
        EXPECT_EQ(counts(filter, "harbour"), as_listed) << filter;
    }
    EXPECT_GT(found, 0u);
}

TEST_F(FilterModel, APartOfANameIsNotTheName) {
    // "vasquez" is in "Elena Vasquez" but is not her name, nor a spelling of it: no turns, on either side.
    EXPECT_EQ(get_json("/api/search?q=the&limit=0&facets=&speaker=vasquez")["total"], 0u);
    EXPECT_EQ(get_json("/api/query?cql=%3Cturn%2F%3E&limit=0&speaker=vasquez")["total"], 0u);
    EXPECT_EQ(get_json("/api/search?q=the&limit=0&facets=&organiser=harbour")["total"], 0u);
    EXPECT_EQ(get_json("/api/query?cql=%3Cturn%2F%3E&limit=0&organiser=harbour")["total"], 0u);
}

TEST_F(FilterModel, AnOutletInAnotherCaseSelectsTheSameTurns) {
    const auto outlets = get_json("/api/outlets?limit=1")["outlets"];
    ASSERT_EQ(outlets.size(), 1u);
    const std::string name = outlets[0]["name"];
    const auto turns = get_json("/api/query?cql=%3Cturn%2F%3E&limit=0&outlet=" + encode(name))["total"].get<std::uint64_t>();
    EXPECT_EQ(turns, outlets[0]["turns"].get<std::uint64_t>()) << name;
    EXPECT_EQ(get_json("/api/query?cql=%3Cturn%2F%3E&limit=0&outlet=" + encode(lower(name)))["total"], turns) << name;
    EXPECT_EQ(get_json("/api/search?q=the&exact=1&limit=0&facets=&outlet=" + encode(lower(name)))["total"],
              get_json("/api/search?q=the&exact=1&limit=0&facets=&outlet=" + encode(name))["total"]);
}

TEST_F(FilterModel, TheAnalysesCompareFiltersTheSameWay) {
    const auto listed = get_json("/api/freq?speaker=" + encode("Elena Vasquez") + "&limit=1")["subcorpus"]["tokens"];
    EXPECT_GT(listed.get<std::uint64_t>(), 0u);
    EXPECT_EQ(get_json("/api/freq?speaker=" + encode("elena vasquez") + "&limit=1")["subcorpus"]["tokens"], listed);
}

TEST_F(FilterModel, SuggestionsOfferTheValuesTheFiltersTakeWithCounts) {
    const auto speakers = get_json("/api/suggest?field=speaker&q=vasq");
    ASSERT_GE(speakers["suggestions"].size(), 1u) << speakers.dump();
    const auto& first = speakers["suggestions"][0];
    EXPECT_EQ(first["value"], "Elena Vasquez");
    EXPECT_EQ(speakers["count_of"], "turns");
    EXPECT_EQ(first["count"], get_json("/api/query?cql=%3Cturn%2F%3E&limit=0&speaker=" + encode("Elena Vasquez"))["total"]);

    // An event by a word of its title: its id (what the filter takes), title and date.
    json event;
    const auto listed = get_json("/api/events?limit=1000&sort=date");
    for (const auto& e : listed["events"])
        if (event.is_null() && e["title"].get<std::string>().find(' ') != std::string::npos) event = e;
    ASSERT_FALSE(event.is_null()) << "no event of samples/ has a title";
    const std::string title = event["title"];
    const auto word = lower(title.substr(0, title.find(' ')));
    const auto found = get_json("/api/suggest?field=event&limit=100&q=" + encode(word));
    const auto rows = found["suggestions"];
    const auto row = std::find_if(rows.begin(), rows.end(), [&](const json& r) { return r["value"] == event["id"]; });
    ASSERT_NE(row, rows.end()) << found.dump();
    EXPECT_EQ((*row)["label"], title);
    EXPECT_EQ((*row)["date"], event["date"]);
    EXPECT_EQ((*row)["count"], event["turns"]);
    for (const auto& r : rows) EXPECT_GT(get_json("/api/events?limit=0&event=" + encode(r["value"].get<std::string>()))["total"], 0u);

    const auto organisers = get_json("/api/suggest?field=organiser&q=HARBOUR");
    ASSERT_GE(organisers["suggestions"].size(), 1u);
    EXPECT_EQ(organisers["count_of"], "events");
    const std::string organiser = organisers["suggestions"][0]["value"];
    EXPECT_EQ(organisers["suggestions"][0]["count"], get_json("/api/events?limit=0&organiser=" + encode(organiser))["total"]);

    EXPECT_EQ(get_json("/api/suggest?field=outlet&q=zzzzqqq")["suggestions"].size(), 0u);
    EXPECT_EQ(get_json("/api/suggest?field=speaker&limit=3")["suggestions"].size(), 3u);  // empty text: the most turns
}

TEST_F(FilterModel, SuggestionsRankNamesStartingWithTheTextFirst) {
    const auto rows = get_json("/api/suggest?field=speaker&limit=100&q=a")["suggestions"];
    bool seen_later = false;
    for (const auto& r : rows) {
        const bool starts = lower(r["value"].get<std::string>()).starts_with("a") ||
                            std::any_of(r["spellings"].begin(), r["spellings"].end(),
                                        [](const json& s) { return lower(s.get<std::string>()).starts_with("a"); });
        if (!starts) seen_later = true;
        else EXPECT_FALSE(seen_later) << r.dump() << " comes after a name that does not start with the text";
    }
}

TEST_F(FilterModel, BadSuggestionRequestsSayWhatWasExpected) {
    EXPECT_EQ(get_json("/api/suggest?q=vasquez")["field"], "speaker");  // the default field
    const auto wrong = get_json("/api/suggest?field=venue", 400)["error"]["message"].get<std::string>();
    EXPECT_NE(wrong.find("expected one of speaker, outlet, event, organiser"), std::string::npos) << wrong;
    EXPECT_EQ(get_json("/api/suggest?field=speaker&limit=101", 400)["error"]["status"], 400);
    // Invalid UTF-8 in what was typed is no server error.
    httplib::Client client("127.0.0.1", served_->server().port());
    const auto invalid = client.Get("/api/suggest?field=event&q=%FF%C3");
    ASSERT_TRUE(invalid);
    EXPECT_LT(invalid->status, 500) << invalid->body;
    EXPECT_TRUE(json::accept(invalid->body)) << invalid->body;
}

TEST_F(FilterModel, EventsSortByTitleAndOrganiser) {
    for (const std::string key : {"title", "organiser"}) {
        for (const bool descending : {false, true}) {
            const auto events = get_json("/api/events?limit=1000&sort=" + std::string(descending ? "-" : "") + key)["events"];
            std::vector<std::string> values;
            for (const auto& e : events)
                if (!e[key].get<std::string>().empty()) values.push_back(e[key]);
            ASSERT_GT(values.size(), 1u);
            if (descending) EXPECT_TRUE(std::is_sorted(values.rbegin(), values.rend())) << key;
            else EXPECT_TRUE(std::is_sorted(values.begin(), values.end())) << key;
            EXPECT_FALSE(std::is_sorted(values.begin(), values.end()) && std::is_sorted(values.rbegin(), values.rend())) << key;
        }
    }
}

}  // namespace
}  // namespace presser
