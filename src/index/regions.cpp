#include "index/regions.h"

#include <algorithm>
#include <unordered_map>

namespace presser::index {

RegionsBuilder::Column& RegionsBuilder::column(std::string_view name, bool numeric) {
    for (auto& column : columns)
        if (column.name == name) return column;
    columns.push_back(Column{std::string(name), numeric, {}, {}});
    return columns.back();
}

void RegionsBuilder::write(FileWriter& out, std::uint64_t token_count) const {
    out.put(static_cast<std::uint64_t>(starts.size()));
    out.put(token_count);
    out.put(static_cast<std::uint8_t>(tiled ? 1 : 0));
    PositionArray::write(out, starts);
    if (!tiled) PositionArray::write(out, ends);
    out.put(static_cast<std::uint32_t>(columns.size()));
    for (const auto& column : columns) {
        out.put(static_cast<std::uint8_t>(column.numeric ? 1 : 0));
        out.put(static_cast<std::uint32_t>(column.name.size()));
        out.write(column.name);
        if (column.numeric) {
            out.put_array(column.numbers);
            continue;
        }
        std::vector<std::string_view> sorted(column.strings.begin(), column.strings.end());
        std::sort(sorted.begin(), sorted.end());
        sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
        std::unordered_map<std::string_view, std::uint32_t> ids;
        ids.reserve(sorted.size());
        for (std::uint32_t i = 0; i < sorted.size(); ++i) ids.emplace(sorted[i], i);
        const unsigned width = sorted.size() <= 0x100 ? 1 : sorted.size() <= 0x10000 ? 2 : 4;
        out.put(static_cast<std::uint8_t>(width));
        std::string values;
        values.reserve(column.strings.size() * width);
        for (const auto& value : column.strings) {
            const std::uint32_t id = ids.at(value);
            values.append(reinterpret_cast<const char*>(&id), width);  // little-endian, as load<> reads
        }
        out.write(values);
        write_string_table(out, sorted);
    }
}

void PositionArray::write(FileWriter& out, const std::vector<std::uint32_t>& positions) {
    constexpr std::size_t group = std::size_t{1} << kGroupShift;
    std::vector<std::uint32_t> bases;
    bases.reserve(positions.size() / group + 1);
    bool narrow = true;
    for (std::size_t first = 0; first < positions.size() && narrow; first += group) {
        const auto [low, high] = std::minmax_element(positions.begin() + static_cast<std::ptrdiff_t>(first),
                                                     positions.begin() + static_cast<std::ptrdiff_t>(std::min(positions.size(), first + group)));
        bases.push_back(*low);
        narrow = *high - *low <= UINT16_MAX;
    }
    out.put(static_cast<std::uint8_t>(narrow ? 2 : 4));
    if (!narrow) {
        out.put_array(positions);
        return;
    }
    out.put_array(bases);
    std::vector<std::uint16_t> offsets(positions.size());
    for (std::size_t i = 0; i < positions.size(); ++i) offsets[i] = static_cast<std::uint16_t>(positions[i] - bases[i >> kGroupShift]);
    out.put_array(offsets);
}

const char* PositionArray::open(const char* at, const char* end, std::uint64_t count) {
    if (at >= end) return nullptr;
    const unsigned width = static_cast<unsigned char>(*at++);
    const auto remaining = static_cast<std::uint64_t>(end - at);
    if (width == 4) {
        if (count > remaining / 4) return nullptr;
        narrow_ = false;
        values_ = at;
        return at + count * 4;
    }
    const std::uint64_t groups = (count + (std::uint64_t{1} << kGroupShift) - 1) >> kGroupShift;
    if (width != 2 || count > remaining / 2 || groups * 4 > remaining - count * 2) return nullptr;
    narrow_ = true;
    bases_ = at;
    values_ = at + groups * 4;
    return values_ + count * 2;
}

Result<Regions> Regions::open(std::string_view bytes, std::string_view file) {
    auto bad = [&](const std::string& message) {
        return Error{std::string(file), std::nullopt, std::nullopt, "corrupt regions: " + message};
    };
    const char* at = bytes.data();
    const char* end = bytes.data() + bytes.size();
    auto remaining = [&] { return static_cast<std::uint64_t>(end - at); };
    if (remaining() < 17) return bad("truncated header");
    Regions regions;
    regions.count_ = load<std::uint64_t>(at);
    regions.tokens_ = load<std::uint64_t>(at + 8);
    regions.tiled_ = at[16] != 0;
    at += 17;
    at = regions.starts_.open(at, end, regions.count_);
    if (at == nullptr) return bad("truncated starts");
    if (!regions.tiled_) {
        at = regions.ends_.open(at, end, regions.count_);
        if (at == nullptr) return bad("truncated ends");
    }
    if (remaining() < 4) return bad("truncated column count");
    const auto columns = load<std::uint32_t>(at);
    at += 4;
    for (std::uint32_t c = 0; c < columns; ++c) {
        if (remaining() < 5) return bad("truncated column header");
        RegionColumn column;
        column.numeric_ = at[0] != 0;
        const auto name_size = load<std::uint32_t>(at + 1);
        at += 5;
        if (name_size > remaining()) return bad("truncated column name");
        regions.names_.emplace_back(at, name_size);
        at += name_size;
        std::uint64_t width = 8;
        if (!column.numeric_) {
            if (remaining() < 1) return bad("truncated column " + regions.names_.back());
            width = static_cast<unsigned char>(*at++);
            if (width != 1 && width != 2 && width != 4) return bad("column " + regions.names_.back() + " has value ids of " + std::to_string(width) + " bytes");
            column.id_width_ = static_cast<std::uint8_t>(width);
        }
        if (regions.count_ > remaining() / width) return bad("truncated column " + regions.names_.back());
        column.ids_ = at;
        at += regions.count_ * width;
        if (!column.numeric_) {
            std::size_t consumed = 0;
            auto table = StringTable::open(at, end, file, consumed);
            if (!table) return table.error();
            column.values_ = table.value();
            at += consumed;
        }
        regions.columns_.push_back(column);
    }
    return regions;
}

std::optional<std::uint64_t> Regions::find(std::uint32_t position) const {
    // Last region starting at or before position.
    std::uint64_t low = 0, high = count_;
    while (low < high) {
        const std::uint64_t mid = low + (high - low) / 2;
        if (start(mid) <= position) low = mid + 1;
        else high = mid;
    }
    return containing(position, low);
}

std::optional<std::uint64_t> Regions::containing(std::uint32_t position, std::uint64_t starting_before) const {
    if (starting_before == 0) return std::nullopt;
    std::uint64_t region = starting_before - 1;
    // Tiled: empty regions share their start with the next one, and the containing region is the last of
    // them. Not tiled: regions do not nest within one structure, so the last one starting before is the only
    // candidate.
    return position < end(region) ? std::optional<std::uint64_t>(region) : std::nullopt;
}

std::optional<std::uint64_t> Regions::find_from(std::uint32_t position, std::uint64_t hint) const {
    if (hint >= count_ || start(hint) > position) return find(position);
    // Regions [0, low) start at or before position; gallop to a region that starts after it.
    std::uint64_t low = hint + 1, step = 1;
    while (low + step <= count_ && start(low + step - 1) <= position) {
        low += step;
        step *= 2;
    }
    std::uint64_t high = std::min(count_, low + step - 1);
    while (low < high) {
        const std::uint64_t mid = low + (high - low) / 2;
        if (start(mid) <= position) low = mid + 1;
        else high = mid;
    }
    return containing(position, low);
}

std::uint64_t Regions::first_starting_at_or_after(std::uint32_t position) const {
    std::uint64_t low = 0, high = count_;
    while (low < high) {
        const std::uint64_t mid = low + (high - low) / 2;
        if (start(mid) < position) low = mid + 1;
        else high = mid;
    }
    return low;
}

bool Regions::verify() const {
    std::uint32_t previous = 0;
    for (std::uint64_t i = 0; i < count_; ++i) {
        const auto first = start(i);
        if (first < previous || first > tokens_) return false;
        if (!tiled_ && (end(i) < first || end(i) > tokens_)) return false;
        previous = first;
    }
    for (const auto& column : columns_) {
        if (column.numeric()) continue;
        if (!column.values().verify()) return false;
        for (std::uint64_t i = 0; i < count_; ++i)
            if (column.id(i) >= column.values().size()) return false;
    }
    return true;
}

const RegionColumn* Regions::column(std::string_view name) const {
    for (std::size_t i = 0; i < names_.size(); ++i)
        if (names_[i] == name) return &columns_[i];
    return nullptr;
}

}  // namespace presser::index
