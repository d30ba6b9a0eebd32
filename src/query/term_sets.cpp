#include "query/term_sets.h"

#include <re2/re2.h>

#include "query/diacritics.h"

namespace presser::query {
namespace {

bool is_meta(char c) {
    switch (c) {
        case '\\': case '.': case '^': case '$': case '|': case '?': case '*': case '+':
        case '(': case ')': case '[': case ']': case '{': case '}':
            return true;
        default:
            return false;
    }
}

bool is_literal(std::string_view regex) {
    for (char c : regex)
        if (is_meta(c)) return false;
    return true;
}

bool is_ascii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

}  // namespace

Result<CompiledPattern> CompiledPattern::compile(const cql::Pattern& pattern) {
    CompiledPattern out;
    out.pattern_ = pattern;
    const std::string regex = pattern.ignore_diacritics ? strip_diacritics(pattern.regex) : pattern.regex;
    if (!pattern.ignore_case && !pattern.ignore_diacritics) {
        if (is_literal(regex)) {
            out.literal_ = regex;
        } else if (regex.size() >= 2 && regex.ends_with(".*") && is_literal(std::string_view(regex).substr(0, regex.size() - 2))) {
            // RE2's `.` does not match \n; terms never contain one (tokens hold no whitespace).
            out.prefix_ = regex.substr(0, regex.size() - 2);
        } else if (regex.size() >= 4 && regex.starts_with(".*") && regex.ends_with(".*") &&
                   is_literal(std::string_view(regex).substr(2, regex.size() - 4))) {
            out.infix_ = regex.substr(2, regex.size() - 4);
        } else if (regex.size() >= 2 && regex.starts_with(".*") && is_literal(std::string_view(regex).substr(2))) {
            out.suffix_ = regex.substr(2);
        }
    }
    // A literal, prefix, suffix or infix is matched without RE2 (matches(), TermSet::match); building the
    // automaton anyway was about 4% of a rare phrase's first KWIC page. Only ASCII skips the check that
    // the regex is one RE2 accepts (which refuses invalid UTF-8).
    if ((out.literal_ || out.prefix_ || out.suffix_ || out.infix_) && is_ascii(regex)) return out;
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(!pattern.ignore_case);
    auto compiled = std::make_shared<RE2>(regex, options);
    if (!compiled->ok())
        return plain_error("invalid regular expression \"" + regex + "\": " + compiled->error());
    out.regex_ = std::move(compiled);
    return out;
}

bool CompiledPattern::matches(std::string_view value) const {
    if (literal_) return value == *literal_;
    // `.` does not match \n in RE2, hence the checks for it.
    if (prefix_) return value.starts_with(*prefix_) && value.find('\n', prefix_->size()) == std::string_view::npos;
    if (suffix_) return value.ends_with(*suffix_) && value.substr(0, value.size() - suffix_->size()).find('\n') == std::string_view::npos;
    if (infix_) {
        const auto at = value.find(*infix_);
        return at != std::string_view::npos && value.find('\n') == std::string_view::npos;
    }
    if (pattern_.ignore_diacritics && !is_ascii(value)) return RE2::FullMatch(strip_diacritics(value), *regex_);
    return RE2::FullMatch(value, *regex_);
}

void TermSet::add(std::uint32_t id) {
    bits_[id >> 6] |= std::uint64_t{1} << (id & 63);
    ids_.push_back(id);
}

TermSet TermSet::match(const CompiledPattern& pattern, const index::StringTable& terms) {
    TermSet set;
    set.size_ = terms.size();
    set.bits_.assign((set.size_ + 63) / 64, 0);
    if (pattern.literal_) {
        if (auto id = terms.find(*pattern.literal_)) set.add(*id);
        return set;
    }
    if (pattern.prefix_ && pattern.prefix_->find('\n') == std::string::npos) {
        auto [first, last] = terms.prefix_range(*pattern.prefix_);
        for (std::uint32_t id = first; id < last; ++id)
            if (terms.at(id).find('\n') == std::string_view::npos) set.add(id);
        return set;
    }
    // An infix or suffix: the strings that contain it, from one scan of the table's bytes.
    const auto& needle = pattern.infix_ ? pattern.infix_ : pattern.suffix_;
    if (needle && !needle->empty()) {
        for (const auto id : terms.containing(*needle))
            if (pattern.matches(terms.at(id))) set.add(id);
        return set;
    }
    std::uint32_t first = 0, last = terms.size();
    std::string min, max;
    if (!pattern.pattern_.ignore_diacritics && pattern.regex_->PossibleMatchRange(&min, &max, 64)) {
        first = terms.lower_bound(min);
        last = terms.lower_bound(max);
        // lower_bound(max) excludes max itself; include it when present.
        if (last < terms.size() && terms.at(last) == max) ++last;
    }
    for (std::uint32_t id = first; id < last; ++id)
        if (pattern.matches(terms.at(id))) set.add(id);
    return set;
}

}  // namespace presser::query
