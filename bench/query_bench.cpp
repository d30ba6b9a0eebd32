// Times CQL queries on an index in one warm process: for each query, the exact total (every hit, plus the
// distribution for group-by queries) and the first KWIC page of 50 lines, median and p95 over N runs.
//   query_bench [--engine-lines] INDEX_DIR [RUNS] [LABEL]   (LABEL: only the query with that label;
//   --engine-lines: Q1-Q10 as lines for bench/engine-queries)
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "index/index.h"
#include "query/concordance.h"
#include "query/corpus_query.h"
#include "query/cql_parser.h"

using namespace presser;

namespace {

struct Case {
    std::string name;
    std::string cql;
    std::string group_by;  // "" for none
    query::MatchingStrategy matching = query::MatchingStrategy::standard;
};

double ms_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
    // --engine-lines: Q1-Q10 only, as bench/engine-queries reads every engine's answers.
    const bool engine_lines = argc > 1 && std::string_view(argv[1]) == "--engine-lines";
    if (engine_lines) {
        --argc;
        ++argv;
    }
    if (argc < 2) {
        std::fprintf(stderr, "usage: query_bench [--engine-lines] INDEX_DIR [RUNS] [LABEL]\n");
        return 2;
    }
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 7;
    auto index = index::Index::open(argv[1]);
    if (!index) {
        std::fprintf(stderr, "%s\n", index.error().describe().c_str());
        return 1;
    }
    const std::vector<Case> cases = {
        {"Q1 frequent term", "[lower=\"the\"]", ""},
        {"Q2 rarer term", "[lower=\"sanctions\"]", ""},
        {"Q3 2-token phrase", "[lower=\"peace\"] [lower=\"talks\"]", ""},
        {"Q4 prefix regex", "[lower=\"sanction.*\"]", ""},
        {"Q5 infix regex", "[lower=\".*nation.*\"]", ""},
        {"Q6 gap 0-3", "[lower=\"inflation\"] []{0,3} [lower=\"prices\"]", ""},
        {"Q7 3 frequent words", "[lower=\"the\"] [lower=\"president\"] [lower=\"has\"]", ""},
        {"Q8 within answer turns", "[lower=\"china\"] within <turn kind=\"answer\"/>", ""},
        {"Q9 Q2 by speaker", "[lower=\"sanctions\"]", "turn.speaker"},
        {"Q10 KWIC of Q3", "[lower=\"peace\"] [lower=\"talks\"]", ""},
        {"spanish term", "[lower=\"presidente\"]", ""},
        {"spanish phrase", "[lower=\"el\"] [lower=\"presidente\"]", ""},
        {"lemma", "[lemma=\"sanction\"]", ""},
        {"suffix regex", "[lower=\".*ción\"]", ""},
        {"case-insensitive word", "[word=\"biden\"%c]", ""},
        {"gap []{0,3} frequent", "[lower=\"the\"] []{0,3} [lower=\"economy\"]", ""},
        {"phrase with [] ", "[lower=\"the\"] [] [lower=\"of\"]", ""},
        {"within question turn", "[lower=\"inflation\"] within <turn kind=\"question\"/>", ""},
        {"!within answer turn", "[lower=\"inflation\"] !within <turn kind=\"answer\"/>", ""},
        {"region attr in token", "[lower=\"china\" & _.turn_kind=\"question\"]", ""},
        {"containing", "<turn kind=\"question\"/> containing [lower=\"inflation\"]", ""},
        {"within s, 2 terms", "[lower=\"inflation\"] []* [lower=\"prices\"] within s", ""},
        {"the by month", "[lower=\"the\"]", "event.date:month"},
        {"china by speaker", "[lower=\"china\"]", "turn.speaker"},
        {"100k hits by speaker", "[lower=\"people\"]", "turn.speaker"},
        {"labels", "a:[lower=\"very\"] b:[] :: a.lower = b.lower", ""},
        // Issue 25's constructs and strategies.
        {"constraint or", "a:[] [lower=\"and\"] b:[] :: a.lemma = b.lemma | b.lower = \"prices\"", ""},
        {"group label", "g:([lower=\"very\"]+) [lower=\"important\"] :: g.lower = \"very very\"", ""},
        {"pattern containing", "[lower=\"the\"] []{0,3} [lower=\"economy\"] containing [lower=\"our\"]", ""},
        {"within (query)", "[lower=\"inflation\"] within (<s/> containing [lower=\"prices\"])", ""},
        {"gap shortest", "[lower=\"the\"] []{0,3} [lower=\"economy\"]", "", query::MatchingStrategy::shortest},
        {"gap longest", "[lower=\"the\"] []{0,3} [lower=\"economy\"]", "", query::MatchingStrategy::longest},
        {"gap all", "[lower=\"the\"] []{0,3} [lower=\"economy\"]", "", query::MatchingStrategy::all},
        {"leading * all", "[lower=\"very\"]* [lower=\"important\"]", "", query::MatchingStrategy::all},
    };
    if (!engine_lines) {
        std::printf("index %s: %llu tokens, %llu events, %zu segments; %d runs per query\n", argv[1],
                    static_cast<unsigned long long>(index->tokens()), static_cast<unsigned long long>(index->events()),
                    index->segments().size(), runs);
        std::printf("| query | CQL | hits | total p50 ms | total p95 ms | first page p50 ms | first page p95 ms |\n");
        std::printf("|---|---|---:|---:|---:|---:|---:|\n");
    }
    for (const auto& c : cases) {
        if (argc > 3 && c.name != argv[3]) continue;
        const auto id = c.name.substr(0, c.name.find(' '));
        if (engine_lines && (id.size() < 2 || id[0] != 'Q')) continue;
        auto parsed = query::cql::parse_cql(c.cql);
        if (!parsed) {
            std::fprintf(stderr, "%s: %s\n", c.cql.c_str(), parsed.error().message.c_str());
            return 1;
        }
        std::vector<double> totals, pages;
        std::uint64_t hits = 0;
        std::size_t groups = 0;
        query::QueryOptions options;
        options.matching = c.matching;
        for (int r = 0; r < runs; ++r) {
            auto t = std::chrono::steady_clock::now();
            auto compiled = query::CorpusQuery::compile(index.value(), parsed.value(), options);
            if (c.group_by.empty()) {
                auto count = (*compiled)->count();
                if (!count) {
                    std::fprintf(stderr, "%s: %s\n", c.cql.c_str(), count.error().message.c_str());
                    return 1;
                }
                hits = count.value();
            } else {
                auto counted = query::distribution(**compiled, query::parse_group_by(c.group_by).value());
                if (!counted) {
                    std::fprintf(stderr, "%s: %s\n", c.cql.c_str(), counted.error().message.c_str());
                    return 1;
                }
                hits = counted->hits;
                groups = counted->rows.size();
            }
            totals.push_back(ms_since(t));

            t = std::chrono::steady_clock::now();
            auto first = query::CorpusQuery::compile(index.value(), parsed.value(), options);
            std::vector<query::IndexHit> page;
            (void)(*first)->for_each([&](const query::IndexHit& hit) {
                page.push_back(hit);
                return page.size() < 50;
            });
            std::size_t bytes = 0;
            for (const auto& line : query::kwic_lines(index.value(), page, {8, false})) bytes += line.match.size();
            pages.push_back(ms_since(t));
            if (bytes == 0 && !page.empty()) std::fprintf(stderr, "empty KWIC line\n");
        }
        if (engine_lines) {
            // Qn, count, median ms, the runs, how: Q10 is the first KWIC page (its lines), the others the
            // exact total (token hits, as CWB counts them).
            const bool page_query = id == "Q10";
            const auto& times = page_query ? pages : totals;
            std::string all;
            for (const auto t : times) all += (all.empty() ? "" : ",") + std::to_string(t);
            const auto count = page_query ? std::min<std::uint64_t>(hits, 50) : hits;
            std::printf("%s\t%llu\t%.3f\t%s\t%s\n", id.c_str(), static_cast<unsigned long long>(count), percentile(times, 0.5),
                        all.c_str(), page_query ? "first KWIC page of 50 lines, 8 tokens of context" : (c.cql + (c.group_by.empty() ? "" : " by " + c.group_by) + ", exact count").c_str());
            std::fflush(stdout);
            continue;
        }
        std::string shown = c.cql;
        for (std::size_t at = 0; (at = shown.find('|', at)) != std::string::npos; at += 2) shown.replace(at, 1, "\\|");
        std::printf("| %s | `%s`%s | %llu%s | %.3f | %.3f | %.3f | %.3f |\n", c.name.c_str(), shown.c_str(),
                    c.group_by.empty() ? "" : (" by " + c.group_by).c_str(), static_cast<unsigned long long>(hits),
                    c.group_by.empty() ? "" : (" (" + std::to_string(groups) + " groups)").c_str(), percentile(totals, 0.5),
                    percentile(totals, 0.95), percentile(pages, 0.5), percentile(pages, 0.95));
        std::fflush(stdout);
    }
    if (engine_lines) return 0;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("\npeak RSS %.1f MB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
    return 0;
}
