// Parse throughput over real transcripts: MB/s per core for each corpus family, the slowest files, and the
// process's peak RSS. Single-threaded on purpose: the figure is per core. Beside the wall-clock figure, the
// same over the thread's CPU time, which a busy host (other processes on the same cores) changes far less.
//
//   parse_throughput [DIR...]          (default: ../shared/corpora and ../shared/seed)
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "ingest/parser.h"
#include "ingest/source_files.h"

namespace {

struct Family {
    std::uint64_t bytes = 0;
    double seconds = 0;
    double cpu_seconds = 0;
    std::size_t files = 0, events = 0, turns = 0, errors = 0;
};

struct Timed {
    std::string path;
    std::uint64_t bytes;
    double seconds;
};

double thread_cpu_seconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

double megabytes_per_second(std::uint64_t bytes, double seconds) { return seconds > 0 ? bytes / 1e6 / seconds : 0.0; }

}  // namespace

int main(int argc, char** argv) {
    // Each argument is one family; by default every folder of ../shared/corpora, and the seed.
    std::vector<std::string> roots;
    for (int i = 1; i < argc; ++i) roots.emplace_back(argv[i]);
    if (roots.empty()) {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator("../shared/corpora", ec))
            if (entry.is_directory()) roots.push_back(entry.path().string());
        std::sort(roots.begin(), roots.end());
        roots.push_back("../shared/seed");
    }

    // The parsers compile their patterns once per process; time that apart from the throughput.
    {
        auto start = std::chrono::steady_clock::now();
        (void)presser::ingest::parse_bytes("Q: Warm up?\n\nMS. PSAKI: Yes.\n", "warm-up.txt");
        (void)presser::ingest::parse_bytes("<html><body><p>问：热身？</p><p>答：是。</p></body></html>", "warm-up.html");
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        std::printf("one-time pattern compilation: %.0f ms\n\n", ms);
    }

    std::map<std::string, Family> families;
    std::vector<Timed> timed;
    presser::ingest::ParseOptions options;  // as presser parse runs: sidecar lookups shared by the run
    options.sidecars = std::make_shared<presser::ingest::SidecarCache>();
    for (const std::string& root : roots) {
        presser::ingest::SourceFiles files = presser::ingest::collect_source_files({root});
        for (const auto& error : files.errors) std::fprintf(stderr, "%s\n", error.c_str());
        for (const auto& path : files.transcripts) {
            std::error_code ec;
            std::uint64_t bytes = std::filesystem::file_size(path, ec);
            auto start = std::chrono::steady_clock::now();
            double cpu_start = thread_cpu_seconds();
            auto events = presser::ingest::parse_file(path, options);
            double cpu_seconds = thread_cpu_seconds() - cpu_start;
            double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (!events && events.error().not_transcript) continue;  // a data table beside the transcripts
            Family& family = families[std::filesystem::path(root).filename().string()];
            family.bytes += bytes;
            family.seconds += seconds;
            family.cpu_seconds += cpu_seconds;
            family.files++;
            if (!events) {
                family.errors++;
                continue;
            }
            family.events += events->size();
            for (const auto& event : *events) family.turns += event.turns.size();
            timed.push_back({path.string(), bytes, seconds});
        }
    }

    Family all;
    std::printf("| family | files | MB | events | turns | errors | MB/s (1 core) | MB/s (CPU time) |\n"
                "|---|---|---|---|---|---|---|---|\n");
    for (const auto& [name, f] : families) {
        std::printf("| %s | %zu | %.1f | %zu | %zu | %zu | %.1f | %.1f |\n", name.c_str(), f.files, f.bytes / 1e6, f.events,
                    f.turns, f.errors, megabytes_per_second(f.bytes, f.seconds), megabytes_per_second(f.bytes, f.cpu_seconds));
        all.bytes += f.bytes;
        all.seconds += f.seconds;
        all.cpu_seconds += f.cpu_seconds;
        all.files += f.files;
        all.events += f.events;
        all.turns += f.turns;
        all.errors += f.errors;
    }
    std::printf("| **all** | %zu | %.1f | %zu | %zu | %zu | %.1f | %.1f |\n\n", all.files, all.bytes / 1e6, all.events,
                all.turns, all.errors, megabytes_per_second(all.bytes, all.seconds),
                megabytes_per_second(all.bytes, all.cpu_seconds));

    std::sort(timed.begin(), timed.end(), [](const Timed& a, const Timed& b) {
        return a.bytes / std::max(a.seconds, 1e-9) < b.bytes / std::max(b.seconds, 1e-9);
    });
    std::printf("slowest files (MB/s):\n");
    for (std::size_t i = 0; i < std::min<std::size_t>(5, timed.size()); ++i)
        std::printf("  %.1f MB/s  %.1f ms  %s (%.0f KB)\n", timed[i].bytes / 1e6 / std::max(timed[i].seconds, 1e-9),
                    timed[i].seconds * 1e3, timed[i].path.c_str(), timed[i].bytes / 1e3);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("peak RSS: %.1f MB\n", usage.ru_maxrss / 1024.0);
    return all.errors ? 1 : 0;
}
