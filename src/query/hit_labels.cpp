#include "query/hit_labels.h"

#include "query/corpus_query_impl.h"
#include "query/segment_run.h"

namespace presser::query {

namespace plan {

std::optional<std::vector<std::uint32_t>> SegmentRun::label_slots(std::uint32_t start, std::uint32_t end) {
    // The whole pattern: the alternatives the plans run may have lost trailing optional elements, which
    // a path to `end` never needs but could bind a label on (`"a" b:"c"?` under `longest`).
    if (!whole_pattern_compiled_) {
        whole_pattern_ = compile(q_.alternatives);
        whole_pattern_compiled_ = true;
    }
    const States from{State{start, std::vector<std::uint32_t>(q_.label_count, kUnbound)}};
    for (const State& s : advance_alternatives(whole_pattern_, from, end))
        if (s.pos == end && constraints_hold(s)) return s.labels;
    return std::nullopt;
}

}  // namespace plan

HitLabeler::HitLabeler(const CorpusQuery& query) : query_(*query.impl_) {}
HitLabeler::~HitLabeler() = default;

bool HitLabeler::any() const { return query_.kind == cql::Query::Kind::pattern && !query_.labels.empty(); }

std::vector<LabelSpan> HitLabeler::labels(const IndexHit& hit) {
    std::vector<LabelSpan> out;
    if (!any() || hit.start >= hit.end) return out;
    if (!run_ || segment_ != hit.segment) {
        run_ = std::make_unique<plan::SegmentRun>(query_, *query_.index->segments()[hit.segment], hit.segment);
        segment_ = hit.segment;
    }
    const auto slots = run_->label_slots(hit.start, hit.end);
    if (!slots) return out;
    for (const auto& label : query_.labels) {
        const auto at = (*slots)[static_cast<std::size_t>(label.slot)];
        if (at == plan::kUnbound) continue;
        out.push_back({label.name, at, label.group ? (*slots)[static_cast<std::size_t>(label.slot) + 1] : at + 1});
    }
    return out;
}

}  // namespace presser::query
