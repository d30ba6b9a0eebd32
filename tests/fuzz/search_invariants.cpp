#include "search_invariants.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include "index/index.h"
#include "search/query_parser.h"
#include "search/searcher.h"

namespace presser::fuzz {
namespace {

namespace fs = std::filesystem;

// A briefing of `turns` turns, alternating questions (with an outlet) and answers, whose words vary with
// `seed`: some words in nearly every turn (lists of several blocks), some rare, and a Spanish turn.
std::string briefing(const std::string& date, unsigned seed, int turns) {
    static const char* const kWords[] = {"tariffs", "steel", "exports", "rules", "peace", "talks", "sanctions",
                                         "taiwan",  "the",   "of",      "today", "market", "prices", "supply"};
    std::string text = "Regular Press Conference of the Ministry of Trade on " + date + "\n\n";
    unsigned state = seed;
    auto next = [&state] {
        state = state * 1103515245u + 12345u;
        return (state >> 16) & 0x7fff;
    };
    for (int t = 0; t < turns; ++t) {
        text += t % 2 == 0 ? "Q (Reuters): " : "SPOKESPERSON LI: ";
        const int words = 4 + static_cast<int>(next() % 12);
        for (int w = 0; w < words; ++w) text += std::string(kWords[next() % (t % 7 == 0 ? 14 : 9)]) + " ";
        if (t % 11 == 5) text += "la reforma eléctrica avanza ";
        text += "today.\n\n";
    }
    return text;
}

void write(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

struct FuzzIndex {
    fs::path directory;
    std::unique_ptr<index::Index> index;
    std::unique_ptr<search::Searcher> searcher;
    ~FuzzIndex() {
        searcher.reset();
        index.reset();
        std::error_code ignored;
        if (!directory.empty()) fs::remove_all(directory, ignored);
    }
};

void build(FuzzIndex& out) {
    out.directory = fs::temp_directory_path() / ("presser-fuzz-search-" + std::to_string(::getpid()));
    fs::remove_all(out.directory);
    const auto sources = out.directory / "transcripts";
    fs::create_directories(sources);
    write(sources / "2024-01-10-trade-briefing.txt", briefing("January 10, 2024", 1, 300));
    write(sources / "2024-02-10-trade-briefing.txt", briefing("February 10, 2024", 2, 60));
    if (!index::build_index(out.directory / "idx", {sources.string()}, {}).ok()) std::abort();
    // A second segment that replaces February's briefing (a deleted event in the first).
    write(sources / "2024-02-10-trade-briefing.txt", briefing("February 10, 2024", 3, 80));
    write(sources / "2024-03-10-trade-briefing.txt", briefing("March 10, 2024", 4, 250));
    if (!index::build_index(out.directory / "idx", {sources.string()}, {}).ok()) std::abort();
    auto opened = index::Index::open(out.directory / "idx");
    if (!opened.ok()) std::abort();
    out.index = std::make_unique<index::Index>(std::move(opened.value()));
    out.searcher = std::make_unique<search::Searcher>(*out.index);
}

// Built on first use, removed at exit.
FuzzIndex& fuzz_index() {
    static FuzzIndex built;
    static const bool ready = (build(built), true);
    (void)ready;
    return built;
}

void check_parse(std::string_view input, const Result<search::ParsedQuery>& parsed, std::vector<std::string>& out) {
    auto check = [&out](bool ok, std::string what) {
        if (!ok) out.push_back(std::move(what));
    };
    if (!parsed) {
        const auto& error = parsed.error();
        check(error.message.starts_with("column "), "a query error starts with its column: " + error.message);
        check(error.offset && *error.offset <= input.size(), "a query error's byte offset is within the query");
        return;
    }
    bool required = false;
    for (const auto& clause : parsed->clauses) {
        check(!clause.alternatives.empty(), "every clause has an alternative");
        check(!clause.excluded || clause.alternatives.size() == 1, "an excluded clause has exactly one term");
        required = required || !clause.excluded;
        for (const auto& term : clause.alternatives) {
            check(!term.text.empty(), "a term has text");
            check(term.column >= 1 && term.column <= input.size() + 1, "a term's column is within the query");
            check(term.fields != 0 && (term.fields & ~search::kAnyField) == 0, "a term's fields are a non-empty set of fields");
        }
    }
    check(required, "a query that parses has a clause that is not excluded");
}

}  // namespace

std::vector<std::string> check_search_query(std::string_view input) {
    std::vector<std::string> out;
    const auto parsed = search::parse_query(input);
    check_parse(input, parsed, out);
    if (!parsed) return out;
    auto& searcher = *fuzz_index().searcher;
    for (const auto unit : {search::Unit::turn, search::Unit::exchange, search::Unit::event}) {
        for (const auto sort : {search::SortOrder::score, search::SortOrder::date}) {
            search::SearchOptions options;
            options.unit = unit;
            options.sort = sort;
            options.snippets = unit == search::Unit::turn;
            options.limit = 5;
            auto all_options = options;
            all_options.limit = 1000000;
            const auto top = searcher.search(input, options);
            const auto all = searcher.search(input, all_options);
            const std::string where = std::string(search::to_string(unit)) + (sort == search::SortOrder::date ? " by date" : "");
            if (!top || !all) {
                if (top.ok() != all.ok() || top.error().message != all.error().message)
                    out.push_back(where + ": the limit changes whether the search fails");
                else if (top.error().message.empty())
                    out.push_back(where + ": a failed search says why");
                continue;
            }
            if (all->hits.size() != all->total) out.push_back(where + ": with room for every hit, every hit is returned");
            if (top->total != all->total) out.push_back(where + ": the total does not depend on the limit");
            if (top->hits.size() != std::min<std::uint64_t>(5, all->total)) out.push_back(where + ": k hits when k or more match");
            for (std::size_t i = 0; i < top->hits.size() && i < all->hits.size(); ++i) {
                const auto& a = top->hits[i];
                const auto& b = all->hits[i];
                if (a.segment != b.segment || a.unit != b.unit || a.score != b.score) {
                    out.push_back(where + ": the pruned top 5 is the exhaustive one (hit " + std::to_string(i) + ")");
                    break;
                }
            }
            for (std::size_t i = 1; i < all->hits.size(); ++i) {
                const auto& a = all->hits[i - 1];
                const auto& b = all->hits[i];
                const bool ordered = sort == search::SortOrder::date ? a.date >= b.date : a.score >= b.score;
                if (!ordered) {
                    out.push_back(where + ": hits are in order");
                    break;
                }
            }
        }
    }
    return out;
}

}  // namespace presser::fuzz
