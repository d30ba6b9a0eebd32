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

// Which regions of one segment satisfy a constraint.
class RegionMask {
public:
    RegionMask() = default;
    RegionMask(const index::Segment& segment, const RegionConstraint& constraint);
    [[nodiscard]] const index::Regions& regions() const { return *regions_; }
    [[nodiscard]] bool matches(std::uint64_t region) const { return all_ || (region < match_.size() && match_[region]); }
    // The matching region containing `position`, if any.
    [[nodiscard]] std::optional<std::uint64_t> containing(std::uint32_t position) const {
        auto region = regions_->find(position);
        if (!region || !matches(*region)) return std::nullopt;
        return region;
    }
    [[nodiscard]] bool all() const { return all_; }

private:
    const index::Regions* regions_ = nullptr;
    bool all_ = false;
    std::vector<bool> match_;
};

// Per value id of a region column (or the single value "" when the column is missing): does it pass.
[[nodiscard]] std::vector<bool> accepted_values(const index::RegionColumn* column, const std::function<bool(std::string_view)>& accepts);

}  // namespace presser::query
