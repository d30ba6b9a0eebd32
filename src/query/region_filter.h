// Region constraints (`within <turn role="official"/>`, `<event date="2023.*"/>`, metadata filters) compiled
// once per query and turned, per segment, into a mask over that segment's regions.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "index/segment.h"

namespace presser::query {

struct ColumnTest {
    std::string column;                                // "speaker"; a missing column reads as ""
    std::function<bool(std::string_view)> accepts;     // called once per distinct value of the segment
};

struct RegionConstraint {
    index::Structure structure = index::Structure::turn;
    std::vector<ColumnTest> tests;  // all must hold
};

// Which regions of one segment satisfy a constraint. The tests are decided once per distinct value of
// their columns; a region is then tested when asked (a query may ask about a few of hundreds of thousands
// of turns, so nothing is computed per region up front).
class RegionMask {
public:
    RegionMask() = default;
    RegionMask(const index::Segment& segment, const RegionConstraint& constraint);
    [[nodiscard]] const index::Regions& regions() const { return *regions_; }
    [[nodiscard]] bool matches(std::uint64_t region) const {
        if (all_) return true;
        if (none_ || region >= regions_->size()) return false;
        for (const auto& [column, accepted] : tests_) {
            const auto id = column->id(region);
            if (id >= accepted.size() || !accepted[id]) return false;
        }
        return true;
    }
    // The matching region containing `position`, if any. Searched on from the last region found (positions
    // mostly come in order): a mask belongs to one evaluation thread.
    [[nodiscard]] std::optional<std::uint64_t> containing(std::uint32_t position) const {
        auto region = regions_->find_from(position, hint_);
        if (!region) return std::nullopt;
        hint_ = *region;
        if (!matches(*region)) return std::nullopt;
        return region;
    }
    [[nodiscard]] bool all() const { return all_; }

private:
    const index::Regions* regions_ = nullptr;
    bool all_ = false;
    bool none_ = false;
    mutable std::uint64_t hint_ = 0;  // a test that no region passes (its column is missing and "" fails it)
    std::vector<std::pair<const index::RegionColumn*, std::vector<bool>>> tests_;  // accepted value ids
};

// Per value id of a region column (or the single value "" when the column is missing): does it pass.
[[nodiscard]] std::vector<bool> accepted_values(const index::RegionColumn* column, const std::function<bool(std::string_view)>& accepts);

}  // namespace presser::query
