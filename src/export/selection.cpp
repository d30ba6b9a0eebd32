// What an export writes: the turns a whole index, a subcorpus or a query's hits select.
#include <algorithm>
#include <cctype>

#include "export/export.h"

namespace presser::exports {

namespace {

Selection empty_selection(const index::Index& index) {
    Selection selection;
    for (const auto& segment : index.segments())
        selection.turns.emplace_back(segment->regions(index::Structure::turn).size(), false);
    return selection;
}

// Marks the turns holding a token of [start, end).
void mark(const index::Segment& segment, std::vector<bool>& selected, std::uint32_t start, std::uint32_t end, std::uint64_t& hint) {
    if (start >= end) return;
    const auto& turns = segment.regions(index::Structure::turn);
    auto turn = turns.find_from(start, hint);
    if (!turn) return;
    hint = *turn;
    for (auto t = *turn; t < turns.size() && turns.start(t) < end; ++t)
        if (turns.end(t) > turns.start(t)) selected[t] = true;
}

}  // namespace

Selection select_whole(const index::Index& index) {
    Selection selection;
    selection.label = "corpus";
    selection.description = "whole corpus";
    selection.whole = true;
    selection.turns.resize(index.segments().size());
    return selection;
}

Selection select_subcorpus(const index::Index& index, const analysis::Subcorpus& subcorpus) {
    if (subcorpus.definition.whole_corpus()) return select_whole(index);
    auto selection = empty_selection(index);
    std::string slug;
    for (const char c : subcorpus.name) slug += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '-';
    selection.label = slug.empty() ? "subcorpus" : "subcorpus-" + slug;
    selection.description = analysis::subcorpus_label(subcorpus);
    for (std::size_t s = 0; s < subcorpus.spans.segments.size() && s < index.segments().size(); ++s) {
        std::uint64_t hint = 0;
        for (const auto& span : subcorpus.spans.segments[s]) mark(*index.segments()[s], selection.turns[s], span.start, span.end, hint);
    }
    return selection;
}

Result<Selection> select_query(const index::Index& index, std::shared_ptr<const query::CorpusQuery> query, std::string cql) {
    auto selection = empty_selection(index);
    selection.label = "query";
    selection.description = "CQL query: " + cql;
    selection.cql = std::move(cql);
    std::vector<std::uint64_t> hints(index.segments().size(), 0);
    auto done = query->for_each([&](const query::IndexHit& hit) {
        mark(*index.segments()[hit.segment], selection.turns[hit.segment], hit.start, hit.end, hints[hit.segment]);
        return true;
    });
    if (!done) return done.error();
    selection.query = std::move(query);
    return selection;
}

}  // namespace presser::exports
