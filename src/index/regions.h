// Structures of a segment as sorted span lists with attribute columns: `s`, `p`, `turn`, `exchange`,
// `event`. A tiled structure (s, p, turn, event) covers every position exactly once, so only its
// starts are stored and region i ends where region i+1 starts. `exchange` regions are not tiled (opening
// statements belong to none) and store their ends.
//
// Layout: u64 region count, u64 token count, u8 tiled, the starts and (unless tiled) the ends as
// PositionArrays, u32 column count, then per column: u8 kind (0 string, 1 number), a length-prefixed name and
// either u8 id width w (1, 2 or 4: the fewest bytes that hold every value id of the column), the value
// ids[count] at w bytes each and a StringTable of the values, or u64 values[count].
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/file_io.h"
#include "index/string_table.h"

namespace presser::index {

// Region lists as the segment builder collects them.
struct RegionsBuilder {
    bool tiled = true;
    std::vector<std::uint32_t> starts;
    std::vector<std::uint32_t> ends;  // only when !tiled
    struct Column {
        std::string name;
        bool numeric = false;
        std::vector<std::string> strings;   // one per region, when !numeric
        std::vector<std::uint64_t> numbers; // one per region, when numeric
    };
    std::vector<Column> columns;

    Column& column(std::string_view name, bool numeric = false);
    void write(FileWriter& out, std::uint64_t token_count) const;
};

// Token positions of a region list (starts or ends), read in O(1). Stored as a u32 base per group of 64
// and a u16 offset from it per position when every group spans less than 65,536 tokens (sentences,
// paragraphs and turns nearly always do), else as plain u32s.
//
// Layout: u8 width (2 or 4); width 2: u32 bases[ceil(n / 64)], u16 offsets[n]; width 4: u32 values[n].
class PositionArray {
public:
    static void write(FileWriter& out, const std::vector<std::uint32_t>& positions);
    // Reads the layout of `count` positions at `at`; nullptr when it does not fit before `end`, else the
    // byte after it.
    [[nodiscard]] const char* open(const char* at, const char* end, std::uint64_t count);
    [[nodiscard]] std::uint32_t at(std::uint64_t i) const {
        if (!narrow_) return load<std::uint32_t>(values_ + i * 4);
        return load<std::uint32_t>(bases_ + (i >> kGroupShift) * 4) + load<std::uint16_t>(values_ + i * 2);
    }

private:
    static constexpr unsigned kGroupShift = 6;
    bool narrow_ = false;
    const char* bases_ = nullptr;
    const char* values_ = nullptr;
};

class RegionColumn {
public:
    [[nodiscard]] bool numeric() const { return numeric_; }
    // Value id of region i (string columns): an index into values().
    [[nodiscard]] std::uint32_t id(std::uint64_t region) const {
        if (id_width_ == 1) return static_cast<unsigned char>(ids_[region]);
        if (id_width_ == 2) return load<std::uint16_t>(ids_ + region * 2);
        return load<std::uint32_t>(ids_ + region * 4);
    }
    // "" for a value id out of range (a damaged file; Regions::verify() reports it).
    [[nodiscard]] std::string_view string(std::uint64_t region) const {
        const auto value = id(region);
        return value < values_.size() ? values_.at(value) : std::string_view();
    }
    [[nodiscard]] std::uint64_t number(std::uint64_t region) const { return load<std::uint64_t>(ids_ + region * 8); }
    [[nodiscard]] const StringTable& values() const { return values_; }

private:
    friend class Regions;
    bool numeric_ = false;
    std::uint8_t id_width_ = 4;  // bytes per value id: the fewest that hold every id of the column
    const char* ids_ = nullptr;
    StringTable values_;
};

class Regions {
public:
    Regions() = default;
    [[nodiscard]] static Result<Regions> open(std::string_view bytes, std::string_view file);

    [[nodiscard]] std::uint64_t size() const { return count_; }
    [[nodiscard]] bool tiled() const { return tiled_; }
    [[nodiscard]] std::uint32_t start(std::uint64_t region) const { return starts_.at(region); }
    [[nodiscard]] std::uint32_t end(std::uint64_t region) const {
        if (!tiled_) return ends_.at(region);
        return region + 1 < count_ ? start(region + 1) : static_cast<std::uint32_t>(tokens_);
    }
    // Starts in order, ends after starts, value ids in range (index check; open() checks only sizes).
    [[nodiscard]] bool verify() const;
    // The region containing `position`, if any (for tiled structures the last one starting at or before
    // it; empty regions never contain a position).
    [[nodiscard]] std::optional<std::uint64_t> find(std::uint32_t position) const;
    // The same as find(position), searched forward from region `hint` (galloping), which is faster when
    // positions come in order and each is near the previous one's region; any hint gives the same answer.
    [[nodiscard]] std::optional<std::uint64_t> find_from(std::uint32_t position, std::uint64_t hint) const;
    // First region whose start is >= position.
    [[nodiscard]] std::uint64_t first_starting_at_or_after(std::uint32_t position) const;
    [[nodiscard]] const RegionColumn* column(std::string_view name) const;
    // The value of string column `name` for a region: "" when the column is absent or numeric, or the
    // region out of range.
    [[nodiscard]] std::string_view string(std::string_view name, std::uint64_t region) const {
        const auto* found = column(name);
        return found != nullptr && !found->numeric() && region < count_ ? found->string(region) : std::string_view{};
    }
    [[nodiscard]] const std::vector<std::string>& column_names() const { return names_; }

private:
    // The region containing `position` given that regions [0, starting_before) start at or before it and the
    // others after it.
    [[nodiscard]] std::optional<std::uint64_t> containing(std::uint32_t position, std::uint64_t starting_before) const;

    std::uint64_t count_ = 0;
    std::uint64_t tokens_ = 0;
    bool tiled_ = true;
    PositionArray starts_;
    PositionArray ends_;  // unless tiled
    std::vector<std::string> names_;
    std::vector<RegionColumn> columns_;
};

}  // namespace presser::index
