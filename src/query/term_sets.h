// From a CQL pattern (regex + %c/%d) to the set of term ids of a sorted term dictionary (lexicon or region
// value pool) whose strings it fully matches: exact literals by binary search, literal prefixes (`sanction.*`)
// by one id range, other regexes by RE2 over the ids in RE2's possible-match range (the whole dictionary for
// %d, since folding moves strings around in the sort order).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/string_table.h"
#include "model/error.h"
#include "query/cql_ast.h"

namespace re2 {
class RE2;
}

namespace presser::query {

class CompiledPattern {
public:
    [[nodiscard]] static Result<CompiledPattern> compile(const cql::Pattern& pattern);
    // RE2 full match, with the value folded first under %d.
    [[nodiscard]] bool matches(std::string_view value) const;
    [[nodiscard]] const cql::Pattern& pattern() const { return pattern_; }

private:
    friend class TermSet;
    cql::Pattern pattern_;
    std::shared_ptr<const re2::RE2> regex_;
    std::optional<std::string> literal_;  // the regex matches exactly this string
    std::optional<std::string> prefix_;   // the regex is this literal followed by .*
    std::optional<std::string> suffix_;   // .* followed by this literal
    std::optional<std::string> infix_;    // .*literal.*
};

// A set of ids of one dictionary: a bitmap for membership and the sorted ids for postings.
class TermSet {
public:
    TermSet() = default;
    [[nodiscard]] static TermSet match(const CompiledPattern& pattern, const index::StringTable& terms);
    [[nodiscard]] bool contains(std::uint32_t id) const { return id < size_ && (bits_[id >> 6] >> (id & 63) & 1); }
    [[nodiscard]] const std::vector<std::uint32_t>& ids() const { return ids_; }
    [[nodiscard]] std::uint32_t universe() const { return size_; }

private:
    void add(std::uint32_t id);
    std::uint32_t size_ = 0;
    std::vector<std::uint64_t> bits_;
    std::vector<std::uint32_t> ids_;
};

}  // namespace presser::query
