#include "index/string_table.h"

#include <cstring>

namespace presser::index {

void write_string_table(FileWriter& out, const std::vector<std::string_view>& sorted) {
    out.put(static_cast<std::uint32_t>(sorted.size()));
    std::uint64_t offset = 0;
    out.put(offset);
    for (const auto value : sorted) {
        offset += value.size();
        out.put(offset);
    }
    for (const auto value : sorted) out.write(value);
}

Result<StringTable> StringTable::open(const char* begin, const char* end, std::string_view file,
                                      std::size_t& consumed) {
    auto bad = [&](std::string message) {
        return Error{std::string(file), std::nullopt, std::nullopt, "corrupt string table: " + message};
    };
    const auto available = static_cast<std::size_t>(end - begin);
    if (available < 4) return bad("truncated header");
    StringTable table;
    table.count_ = load<std::uint32_t>(begin);
    const std::size_t offsets_size = (static_cast<std::size_t>(table.count_) + 1) * 8;
    if (available - 4 < offsets_size) return bad("truncated offsets");
    table.offsets_ = begin + 4;
    table.bytes_ = table.offsets_ + offsets_size;
    const auto total = load<std::uint64_t>(table.offsets_ + table.count_ * 8ull);
    if (total > available - 4 - offsets_size) return bad("string bytes past the end of the file");
    table.total_ = total;
    consumed = 4 + offsets_size + static_cast<std::size_t>(total);
    return table;
}

bool StringTable::verify() const {
    std::uint64_t previous = 0;
    for (std::uint32_t i = 0; i <= count_; ++i) {
        const auto offset = load<std::uint64_t>(offsets_ + i * 8ull);
        if (offset < previous || offset > total_) return false;
        previous = offset;
    }
    return true;
}

std::uint32_t StringTable::lower_bound(std::string_view value) const {
    std::uint32_t low = 0, high = count_;
    while (low < high) {
        const std::uint32_t mid = low + (high - low) / 2;
        if (at(mid) < value) low = mid + 1;
        else high = mid;
    }
    return low;
}

std::optional<std::uint32_t> StringTable::find(std::string_view value) const {
    const auto id = lower_bound(value);
    if (id < count_ && at(id) == value) return id;
    return std::nullopt;
}

std::pair<std::uint32_t, std::uint32_t> StringTable::prefix_range(std::string_view prefix) const {
    const auto first = lower_bound(prefix);
    std::uint32_t low = first, high = count_;
    while (low < high) {
        const std::uint32_t mid = low + (high - low) / 2;
        if (at(mid).substr(0, prefix.size()) == prefix) low = mid + 1;
        else high = mid;
    }
    return {first, low};
}

std::vector<std::uint32_t> StringTable::containing(std::string_view needle) const {
    std::vector<std::uint32_t> ids;
    if (needle.empty() || count_ == 0) return ids;
    auto offset = [&](std::uint32_t id) { return std::min(load<std::uint64_t>(offsets_ + id * 8ull), total_); };
    std::uint64_t from = 0;
    while (from + needle.size() <= total_) {
        const void* hit = memmem(bytes_ + from, total_ - from, needle.data(), needle.size());
        if (hit == nullptr) break;
        const auto at = static_cast<std::uint64_t>(static_cast<const char*>(hit) - bytes_);
        // The string holding byte `at`: the last id whose start is <= at.
        std::uint32_t low = 0, high = count_;
        while (low < high) {
            const std::uint32_t mid = low + (high - low) / 2;
            if (offset(mid + 1) <= at) low = mid + 1;
            else high = mid;
        }
        const std::uint32_t id = std::min(low, count_ - 1);
        const auto end = offset(id + 1);
        if (at + needle.size() <= end && this->at(id).find(needle) != std::string_view::npos) {
            ids.push_back(id);
            from = std::max(at + 1, end);  // the next string
        } else {
            from = at + 1;
        }
    }
    // Damaged offsets could break the order; a sound table never does.
    if (!std::is_sorted(ids.begin(), ids.end())) {
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    }
    return ids;
}

}  // namespace presser::index
