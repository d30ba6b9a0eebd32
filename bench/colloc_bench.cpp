// Times the analyses on an index in one warm process (issue 20, part 4): p50 and p95 over RUNS runs of one
// job, and the process's peak RSS. One job per process, so the peak RSS is that job's (plus the index's
// mapped pages it touched).
//   colloc_bench INDEX_DIR colloc|ngrams|ngrams10m [RUNS]
//   colloc     collocations of [lower="sanctions"], window ±5, logDice over lower
//   ngrams     all 3-grams of lower with frequency >= 5 over the whole index
//   ngrams10m  3-grams of lower with range >= 3 events over the first live events holding 10M tokens
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "analysis/collocations.h"
#include "analysis/ngrams.h"
#include "index/index.h"
#include "query/cql_parser.h"

using namespace presser;

namespace {

double ms_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

// The first live events of the index, in index order, until they hold `tokens` tokens.
analysis::TokenSpans first_tokens(const index::Index& index, std::uint64_t tokens) {
    auto whole = analysis::whole_corpus(index);
    std::uint64_t kept = 0;
    for (auto& list : whole.segments) {
        std::vector<analysis::TokenSpan> out;
        for (const auto& span : list) {
            if (kept >= tokens) break;
            const auto take = static_cast<std::uint32_t>(std::min<std::uint64_t>(span.end - span.start, tokens - kept));
            out.push_back({span.start, span.start + take});
            kept += take;
        }
        list = std::move(out);
    }
    return whole;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: colloc_bench INDEX_DIR colloc|ngrams|ngrams10m [RUNS]\n");
        return 2;
    }
    const std::string job = argv[2];
    const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 20;
    auto index = index::Index::open(argv[1]);
    if (!index) {
        std::fprintf(stderr, "%s\n", index.error().describe().c_str());
        return 1;
    }
    std::vector<double> times;
    std::string detail;
    if (job == "colloc") {
        const std::string cql = "[lower=\"sanctions\"]";
        auto parsed = query::cql::parse_cql(cql);
        auto compiled = query::CorpusQuery::compile(*index, parsed.value());
        if (!compiled) return 1;
        const auto whole = analysis::whole_corpus(*index);
        analysis::CollocationOptions options;
        options.limit = 20;
        options.node_cql = cql;
        for (int run = 0; run <= runs; ++run) {  // run 0 warms the page cache
            const auto began = std::chrono::steady_clock::now();
            auto table = analysis::collocations(*compiled.value(), whole, options);
            const double ms = ms_since(began);
            if (!table) return 1;
            if (run > 0) times.push_back(ms);
            detail = std::to_string(table->nodes) + " nodes, " + std::to_string(table->collocates) + " collocates, top";
            for (std::size_t i = 0; i < table->rows.size() && i < 5; ++i) detail += " " + table->rows[i].collocate;
        }
    } else if (job == "ngrams" || job == "ngrams10m") {
        const bool small = job == "ngrams10m";
        const auto subcorpus = small ? first_tokens(*index, 10'000'000) : analysis::whole_corpus(*index);
        analysis::NgramOptions options;
        options.n = 3;
        options.min_frequency = small ? 1 : 5;
        options.min_events = small ? 3 : 0;
        for (int run = 0; run < runs; ++run) {
            const auto began = std::chrono::steady_clock::now();
            auto table = analysis::ngrams(*index, subcorpus, options);
            const double ms = ms_since(began);
            if (!table) {
                std::fprintf(stderr, "%s\n", table.error().message.c_str());
                return 1;
            }
            times.push_back(ms);
            detail = std::to_string(table->rows.size()) + " 3-grams of " + std::to_string(table->tokens) + " tokens";
        }
    } else {
        std::fprintf(stderr, "colloc_bench: unknown job '%s': expected colloc, ngrams or ngrams10m\n", job.c_str());
        return 2;
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("%s\t%d\t%.2f\t%.2f\t%ld\t%s\n", job.c_str(), static_cast<int>(times.size()), percentile(times, 0.5), percentile(times, 0.95),
                usage.ru_maxrss / 1024, detail.c_str());
    return 0;
}
