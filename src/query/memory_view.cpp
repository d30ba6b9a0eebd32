#include "query/memory_view.h"

#include <algorithm>

namespace presser::query {

MemoryCorpus memory_view(const index::Segment& segment) {
    MemoryCorpus corpus;
    const auto tokens = segment.tokens();
    for (const auto attribute : index::kAttributes) {
        auto& column = attribute == index::Attribute::word ? corpus.word
                       : attribute == index::Attribute::lower ? corpus.lower : corpus.lemma;
        const auto& lexicon = segment.lexicon(attribute);
        column.reserve(tokens);
        for (std::uint64_t p = 0; p < tokens; ++p) {
            const auto id = segment.term_at(attribute, p);
            column.emplace_back(id < lexicon.size() ? lexicon.term(id) : std::string_view());
        }
    }
    for (const auto structure : index::kStructures) {
        const auto& regions = segment.regions(structure);
        auto& out = corpus.regions[std::string(index::to_string(structure))];
        for (std::uint64_t r = 0; r < regions.size(); ++r) {
            MemoryRegion region;
            region.start = regions.start(r);
            region.end = regions.end(r);
            for (const auto& name : regions.column_names()) {
                const auto* column = regions.column(name);
                if (!column->numeric()) region.attributes[name] = std::string(column->string(r));
            }
            out.push_back(std::move(region));
        }
        std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
    }
    return corpus;
}

}  // namespace presser::query
