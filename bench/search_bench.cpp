// Ranked top-10 search latency: the BM25 query list of ../shared/bench/anchors.md, one warm process.
//   search_bench [--tsv] INDEX [RUNS] [LABEL]   (LABEL: run only the queries whose label equals it)
//   search_bench --list                         the query list below as TSV (label, query, filters), the one
//                                               source of truth read by bench/engine-search and the engines
// --tsv: one tab-separated line per query instead of the table (label, total, scored, hits, first, warm p50,
// warm p95, uncached p50, uncached p95, verified), for bench/engine-search.
// For every query: exact total, the first (cold) run, then RUNS runs with the Searcher's per-term list cache
// warm and RUNS runs with it cleared before each run (postings decoded and grouped every time); p50 and p95
// in ms. Unquoted words are OR, no stemming (`lower`), as in the anchors; snippets off (only the search
// to 10 units with scores is timed, like the other engines' figures).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "index/index.h"
#include "search/searcher.h"

namespace {

using Clock = std::chrono::steady_clock;

struct BenchQuery {
    std::string label;
    std::string query;
    bool answers = false;
    bool date_2022 = false;
    bool speaker_counts = false;
};

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(at, values.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
    bool list = false, tsv = false;
    while (argc > 1 && (std::string(argv[1]) == "--list" || std::string(argv[1]) == "--tsv")) {
        (std::string(argv[1]) == "--list" ? list : tsv) = true;
        --argc;
        ++argv;
    }
    if (argc < 2 && !list) {
        std::fprintf(stderr, "usage: search_bench [--tsv] INDEX [RUNS] [LABEL] | search_bench --list\n");
        return 2;
    }
    const std::vector<BenchQuery> queries = {
        {"sanctions", "sanctions"},
        {"inflation", "inflation"},
        {"the", "the"},
        {"\"peace talks\"", "\"peace talks\""},
        {"china taiwan", "china OR taiwan"},
        {"inflation prices wages", "inflation OR prices OR wages"},
        {"\"supply chain\"", "\"supply chain\""},
        {"russia ukraine sanctions", "russia OR ukraine OR sanctions"},
        {"president biden administration", "president OR biden OR administration"},
        {"vaccine mandate", "vaccine OR mandate"},
        {"economía", "economía"},
        {"\"reforma eléctrica\"", "\"reforma eléctrica\""},
        {"migrantes frontera", "migrantes OR frontera"},
        {"climate change policy", "climate OR change OR policy"},
        {"interest rates", "interest OR rates"},
        {"covid", "covid"},
        {"\"white house\"", "\"white house\""},
        {"border security immigration", "border OR security OR immigration"},
        {"energy prices gas", "energy OR prices OR gas"},
        {"hypersonic", "hypersonic"},
        {"\"united states\"", "\"united states\""},
        {"federal reserve interest rates", "federal OR reserve OR interest OR rates"},
        {"seguridad migrantes frontera violencia", "seguridad OR migrantes OR frontera OR violencia"},
        {"sanctions, role = answer", "sanctions", true},
        {"inflation prices, role = answer", "inflation OR prices", true},
        {"sanctions + date 2022", "sanctions", false, true},
        {"china taiwan + date 2022", "china OR taiwan", false, true},
        {"russia ukraine sanctions + date 2022", "russia OR ukraine OR sanctions", false, true},
        {"\"prime minister\" + date 2022", "\"prime minister\"", false, true},
        {"sanctions + speaker counts", "sanctions", false, false, true},
        {"china taiwan + speaker counts", "china OR taiwan", false, false, true},
        {"russia ukraine sanctions + speaker counts", "russia OR ukraine OR sanctions", false, false, true},
        {"covid + speaker counts", "covid", false, false, true},
        // Not in the anchors: exact facets over the largest result sets.
        {"(extra) the + speaker counts", "the", false, false, true},
        {"(extra) the OR and OR to OR a + speaker counts", "the OR and OR to OR a", false, false, true},
    };
    if (list) {
        // label, query (presser syntax: words, "phrases", OR), filters (comma-separated, or -)
        std::printf("# label\tquery\tfilters\n");
        for (const auto& q : queries) {
            std::string filters;
            auto add = [&](const char* f) { filters += (filters.empty() ? "" : ",") + std::string(f); };
            if (q.answers) add("role=answer");
            if (q.date_2022) add("date=2022");
            if (q.speaker_counts) add("facet=speaker");
            std::printf("%s\t%s\t%s\n", q.label.c_str(), q.query.c_str(), filters.empty() ? "-" : filters.c_str());
        }
        return 0;
    }
    const int runs = argc > 2 ? std::atoi(argv[2]) : 20;
    auto opened = presser::index::Index::open(argv[1]);
    if (!opened) {
        std::fprintf(stderr, "search_bench: %s\n", opened.error().describe().c_str());
        return 1;
    }
    presser::search::Searcher searcher(opened.value());
    std::printf("%sindex %s: %llu tokens, %zu segments; %d runs per query\n", tsv ? "# " : "", argv[1],
                static_cast<unsigned long long>(opened->tokens()), opened->segments().size(), runs);
    if (tsv)
        std::printf("# label\ttotal\tscored\thits\tfirst\twarm_p50\twarm_p95\tuncached_p50\tuncached_p95\tverified\n");
    else
        std::printf("| query | total | scored | first run | warm p50 (p95) | uncached p50 (p95) |\n|---|---|---|---|---|---|\n");
    if (argc > 3 && std::none_of(queries.begin(), queries.end(), [&](const auto& q) { return q.label == argv[3]; })) {
        std::fprintf(stderr, "search_bench: no query is labelled '%s' (--list lists them)\n", argv[3]);
        return 2;
    }
    std::vector<double> all_warm, all_uncached;
    for (const auto& q : queries) {
        if (argc > 3 && q.label != argv[3]) continue;
        presser::search::SearchOptions options;
        options.limit = 10;
        options.snippets = false;
        options.exact_forms = true;
        if (q.answers) options.kinds = {"answer"};
        if (q.date_2022) {
            options.from = "2022-01-01";
            options.to = "2022-12-31";
        }
        if (q.speaker_counts) {
            options.facets = {"speaker"};
            options.facet_limit = 1000000;
        }
        auto timed = [&](bool clear) {
            if (clear) searcher.clear_cache();
            const auto t0 = Clock::now();
            auto result = searcher.search(q.query, options);
            const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
            if (!result) {
                std::fprintf(stderr, "search_bench: %s: %s\n", q.query.c_str(), result.error().message.c_str());
                std::exit(1);
            }
            return std::make_pair(ms, std::move(result.value()));
        };
        searcher.clear_cache();
        auto [first, result] = timed(false);
        std::vector<double> warm, uncached;
        for (int r = 0; r < runs; ++r) warm.push_back(timed(false).first);
        for (int r = 0; r < runs; ++r) uncached.push_back(timed(true).first);
        const char* verified = "skipped";
        if (std::getenv("SEARCH_BENCH_NO_VERIFY") == nullptr) {
            // The pruned top 10 must be the exhaustive one.
            auto exhaustive = options;
            exhaustive.limit = 100000000;
            auto all = searcher.search(q.query, exhaustive);
            bool same = all.ok() && all->total == result.total;
            for (std::size_t h = 0; same && h < result.hits.size(); ++h)
                same = all->hits[h].segment == result.hits[h].segment && all->hits[h].unit == result.hits[h].unit;
            verified = same ? "yes" : "MISMATCH";
            if (!same && !tsv)
                std::printf("MISMATCH between the pruned and the exhaustive top 10 for %s\n", q.query.c_str());
        }
        all_warm.push_back(percentile(warm, 0.5));
        all_uncached.push_back(percentile(uncached, 0.5));
        if (tsv)
            std::printf("%s\t%llu\t%llu\t%zu\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%s\n", q.label.c_str(),
                        static_cast<unsigned long long>(result.total), static_cast<unsigned long long>(result.scored),
                        result.hits.size(), first, percentile(warm, 0.5), percentile(warm, 0.95),
                        percentile(uncached, 0.5), percentile(uncached, 0.95), verified);
        else
            std::printf("| %s | %llu | %llu | %.2f | %.2f (%.2f) | %.2f (%.2f) |\n", q.label.c_str(),
                        static_cast<unsigned long long>(result.total), static_cast<unsigned long long>(result.scored),
                        first, percentile(warm, 0.5), percentile(warm, 0.95), percentile(uncached, 0.5),
                        percentile(uncached, 0.95));
        std::fflush(stdout);
    }
    std::printf("%smedian of the per-query p50s: warm %.2f ms, uncached %.2f ms\n", tsv ? "# " : "",
                percentile(all_warm, 0.5), percentile(all_uncached, 0.5));
    return 0;
}
