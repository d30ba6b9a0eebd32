// Text-layer throughput over real transcripts: per corpus family, MB/s and tokens/s of tokenization (the
// automatic path, and ICU alone for comparison), then of tokenize + lower + lemma. One thread on purpose:
// the figures are per core, measured in thread CPU time. Parsing is done first and not timed.
//
//   text_throughput [DIR...]          (default: every folder of ../shared/corpora)
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "ingest/parser.h"
#include "ingest/source_files.h"
#include "text/analyzer.h"
#include "text/tokenizer.h"

namespace {

struct Paragraph {
    std::string text;
    std::string language;
};

// CPU time of this thread: the machine is shared, and wall-clock time would count other processes.
double thread_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

double seconds_since(double start) { return thread_seconds() - start; }

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> roots;
    for (int i = 1; i < argc; ++i) roots.emplace_back(argv[i]);
    if (roots.empty()) {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator("../shared/corpora", ec))
            if (entry.is_directory()) roots.push_back(entry.path().string());
        std::sort(roots.begin(), roots.end());
    }

    {
        double start = thread_seconds();
        presser::text::Analyzer analyzer;
        (void)analyzer.lemma("warming", "en");
        double en = seconds_since(start);
        (void)analyzer.lemma("calentando", "es");
        std::printf("lemmatiser load per analyzer: en %.0f ms, en+es %.0f ms (first analyzer of the process)\n",
                    en * 1000, seconds_since(start) * 1000);
        start = thread_seconds();
        presser::text::Analyzer second;
        (void)second.lemma("warming", "en");
        (void)second.lemma("calentando", "es");
        std::printf("second analyzer en+es: %.0f ms\n\n", seconds_since(start) * 1000);
    }

    std::printf("%-16s %9s %11s %13s %11s %11s %13s %13s\n", "family", "MB", "tokens", "auto MB/s", "Mtok/s",
                "ICU MB/s", "+lemma cold", "+lemma warm");
    presser::ingest::ParseOptions options;  // as presser parse runs: sidecar lookups shared by the run
    options.sidecars = std::make_shared<presser::ingest::SidecarCache>();
    for (const std::string& root : roots) {
        std::vector<Paragraph> paragraphs;
        std::uint64_t bytes = 0;
        presser::ingest::SourceFiles files = presser::ingest::collect_source_files({root});
        for (const auto& path : files.transcripts) {
            auto events = presser::ingest::parse_file(path, options);
            if (!events) continue;
            for (const auto& event : *events)
                for (const auto& turn : event.turns)
                    for (const auto& paragraph : turn.paragraphs) {
                        paragraphs.push_back({paragraph.text, event.language});
                        bytes += paragraph.text.size();
                    }
        }
        if (paragraphs.empty()) continue;
        std::vector<presser::text::Token> tokens;
        double mb = static_cast<double>(bytes) / 1e6;

        presser::text::Tokenizer tokenizer;
        std::uint64_t count = 0;
        double start = thread_seconds();
        for (const auto& p : paragraphs) {
            tokens.clear();
            tokenizer.tokenize(p.text, p.language, tokens);
            count += tokens.size();
        }
        double automatic = seconds_since(start);

        start = thread_seconds();
        for (const auto& p : paragraphs) {
            tokens.clear();
            tokenizer.tokenize(p.text, p.language, tokens, presser::text::Tokenizer::Path::icu_only);
        }
        double icu = seconds_since(start);

        presser::text::Analyzer analyzer;
        (void)analyzer.lemma("warming", "en");
        (void)analyzer.lemma("calentando", "es");
        // Twice: the first pass computes every word type's lemma with hunspell (cold caches), the second
        // is the steady state of a long ingest, where almost every word has been seen.
        std::uint64_t checksum = 0;
        double full[2] = {0, 0};
        for (double& pass : full) {
            start = thread_seconds();
            for (const auto& p : paragraphs) {
                tokens.clear();
                analyzer.tokenize(p.text, p.language, tokens);
                for (const auto& token : tokens) {
                    std::string lower =
                        analyzer.lower(std::string_view(p.text).substr(token.begin, token.end - token.begin));
                    checksum += analyzer.lemma(lower, p.language).size();
                }
            }
            pass = seconds_since(start);
        }
        std::printf("%-16s %9.1f %11llu %13.1f %11.2f %11.1f %13.1f %13.1f\n",
                    std::filesystem::path(root).filename().c_str(), mb, static_cast<unsigned long long>(count),
                    mb / automatic, static_cast<double>(count) / automatic / 1e6, mb / icu, mb / full[0],
                    mb / full[1]);
        if (checksum == 0) std::printf("(no lemmas)\n");
    }
}
