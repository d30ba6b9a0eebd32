// Times Index::open on an index: the first open in a process (every file hashed against the manifest's
// checksum) and a second open of the same unchanged files (verifications remembered: the open as it was
// before checksums were verified, plus a stat per file), median over N runs. The page cache is warm
// after the first run; the figures are CPU, not disk.
//   open_bench INDEX_DIR [RUNS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "index/index.h"
#include "index/verified_files.h"

using namespace presser;

namespace {

double ms_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: open_bench INDEX_DIR [RUNS]\n");
        return 2;
    }
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 7;
    std::vector<double> first, again;
    std::uint64_t bytes = 0, files = 0;
    for (int run = 0; run < runs; ++run) {
        index::forget_verified_files();
        auto start = std::chrono::steady_clock::now();
        auto verified = index::Index::open(argv[1]);
        first.push_back(ms_since(start));
        if (!verified) {
            std::fprintf(stderr, "%s\n", verified.error().describe().c_str());
            return 1;
        }
        start = std::chrono::steady_clock::now();
        auto cached = index::Index::open(argv[1]);
        again.push_back(ms_since(start));
        if (run == 0) {
            for (const auto& segment : verified->segments())
                for (const auto& file : segment->info().files) {
                    bytes += file.size;
                    ++files;
                }
        }
    }
    std::printf("index %s: %llu files, %.1f MB\n", argv[1], static_cast<unsigned long long>(files), bytes / 1e6);
    std::printf("first open (every file hashed): median %.1f ms (%.2f GB/s)\n", median(first), bytes / 1e6 / median(first));
    std::printf("second open (verifications remembered): median %.1f ms\n", median(again));
    return 0;
}
