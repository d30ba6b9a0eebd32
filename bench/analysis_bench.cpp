// Times the analyses of issue 20 on an index in one warm process, p50 and p95 over RUNS runs (after one
// warm-up run), each run resolving its subcorpus as a request would:
//   1. the complete `lower` frequency list of the whole index, with range and dispersion (D, DP);
//   2. the complete `lemma` frequency list of a one-year subcorpus (the year with most tokens, or YEAR);
//   3. keyness over `lemma` of the official with most tokens against the rest of the corpus.
//   analysis_bench INDEX_DIR [RUNS] [YEAR]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "analysis/frequency_list.h"
#include "analysis/keyness.h"
#include "analysis/keyness_counts.h"
#include "analysis/subcorpus.h"
#include "index/index.h"

using namespace presser;

namespace {

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

// Tokens per value of a turn or event column over the live events (event dates cut to the year).
std::map<std::string, std::uint64_t> tokens_by(const index::Index& index, index::Structure structure, const std::string& column,
                                               const std::function<bool(const index::Segment&, std::uint64_t)>& keep) {
    std::map<std::string, std::uint64_t> out;
    for (const auto& segment : index.segments()) {
        const auto& regions = segment->regions(structure);
        const auto& events = segment->regions(index::Structure::event);
        for (std::uint64_t r = 0; r < regions.size(); ++r) {
            const auto event = events.find(regions.start(r));
            if (!event || segment->event_deleted(*event) || !keep(*segment, r)) continue;
            auto value = std::string(regions.string(column, r));
            if (column == "date") value = value.substr(0, 4);
            out[value] += regions.end(r) - regions.start(r);
        }
    }
    return out;
}

std::string largest(const std::map<std::string, std::uint64_t>& sizes) {
    std::string best;
    std::uint64_t most = 0;
    for (const auto& [value, tokens] : sizes)
        if (!value.empty() && tokens > most) best = value, most = tokens;
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: analysis_bench INDEX_DIR [RUNS] [YEAR]\n");
        return 2;
    }
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 21;
    auto opened = index::Index::open(argv[1]);
    if (!opened) {
        std::fprintf(stderr, "%s\n", opened.error().describe().c_str());
        return 1;
    }
    const auto& index = opened.value();
    const std::string year = argc > 3 ? argv[3] : largest(tokens_by(index, index::Structure::event, "date", [](auto&, auto) { return true; }));
    const std::string official = largest(tokens_by(index, index::Structure::turn, "speaker", [](const index::Segment& s, std::uint64_t t) {
        return s.regions(index::Structure::turn).string("role", t) == "official";
    }));
    std::printf("index %s: %llu tokens, %llu events, %zu segments; year %s; official %s; %d runs\n", argv[1],
                static_cast<unsigned long long>(index.tokens()), static_cast<unsigned long long>(index.events()),
                index.segments().size(), year.c_str(), official.c_str(), runs);

    struct Case {
        std::string name;
        std::function<std::string()> run;  // returns a summary of the result
    };
    const std::vector<Case> cases = {
        {"freq lower, whole index, range + D + DP",
         [&] {
             auto table = analysis::frequency_table(index, analysis::whole_corpus(index), {.attribute = index::Attribute::lower});
             return std::to_string(table->rows.size()) + " types, " + std::to_string(table->size.tokens) + " tokens";
         }},
        {"freq lemma, one year (" + year + "), range + D + DP",
         [&] {
             analysis::SubcorpusDefinition definition;
             definition.filter.date_from = year;
             definition.filter.date_to = year;
             auto subcorpus = analysis::resolve_subcorpus(index, definition);
             auto table = analysis::frequency_table(index, subcorpus->spans, {.attribute = index::Attribute::lemma});
             return std::to_string(table->rows.size()) + " types, " + std::to_string(table->size.tokens) + " tokens";
         }},
        {"keyness lemma, " + official + " vs rest",
         [&] {
             analysis::SubcorpusDefinition definition;
             definition.filter.speaker = official;
             auto target = analysis::resolve_subcorpus(index, definition);
             const auto rest = analysis::complement(index, target->spans);
             auto counts = analysis::keyness_counts(index, target->spans, index, rest, true, {.attribute = index::Attribute::lemma});
             const auto table = analysis::keyness(counts->target, counts->reference, {.alpha = 0.001});
             return std::to_string(table.positive.size()) + " positive, " + std::to_string(table.negative.size()) + " negative; target " +
                    std::to_string(counts->target.size.tokens) + " tokens";
         }},
    };
    for (const auto& c : cases) {
        std::string summary = c.run();  // warm-up
        std::vector<double> times;
        for (int run = 0; run < runs; ++run) {
            const auto start = std::chrono::steady_clock::now();
            summary = c.run();
            times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        }
        std::printf("%-55s p50 %9.1f ms  p95 %9.1f ms  (%s)\n", c.name.c_str(), percentile(times, 0.5), percentile(times, 0.95), summary.c_str());
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("peak RSS %.0f MB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
    return 0;
}
