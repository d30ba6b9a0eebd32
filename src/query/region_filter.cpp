#include "query/region_filter.h"

namespace presser::query {

std::vector<bool> accepted_values(const index::RegionColumn* column, const std::function<bool(std::string_view)>& accepts) {
    if (!column || column->numeric()) return {accepts("")};
    std::vector<bool> out(column->values().size());
    for (std::uint32_t id = 0; id < out.size(); ++id) out[id] = accepts(column->values().at(id));
    return out;
}

RegionMask::RegionMask(const index::Segment& segment, const RegionConstraint& constraint)
    : regions_(&segment.regions(constraint.structure)) {
    if (constraint.tests.empty()) {
        all_ = true;
        return;
    }
    for (const ColumnTest& test : constraint.tests) {
        const index::RegionColumn* column = regions_->column(test.column);
        std::vector<bool> accepted = accepted_values(column, test.accepts);
        if (!column || column->numeric()) {
            none_ = none_ || !accepted[0];
            continue;
        }
        tests_.emplace_back(column, std::move(accepted));
    }
    all_ = !none_ && tests_.empty();
}

}  // namespace presser::query
