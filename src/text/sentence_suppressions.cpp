#include "text/sentence_suppressions.h"

#include <unicode/udata.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

namespace presser::text {
namespace {

std::uint16_t ending_key(std::string_view s) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(s[s.size() - 2]) << 8) |
                                      static_cast<unsigned char>(s[s.size() - 1]));
}

std::vector<std::string> read_exceptions(const std::string& locale) {
    std::vector<std::string> out;
    UErrorCode status = U_ZERO_ERROR;
    UResourceBundle* bundle = ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", locale.c_str(), &status);
    if (U_FAILURE(status) || status == U_USING_DEFAULT_WARNING) {
        if (bundle != nullptr) ures_close(bundle);
        return out;
    }
    UResourceBundle* exceptions = ures_getByKey(bundle, "exceptions", nullptr, &status);
    UResourceBundle* breaks = ures_getByKey(exceptions, "SentenceBreak", nullptr, &status);
    while (U_SUCCESS(status) && ures_hasNext(breaks)) {
        std::int32_t length = 0;
        const UChar* chars = ures_getNextString(breaks, &length, nullptr, &status);
        if (U_FAILURE(status)) break;
        std::string utf8;
        icu::UnicodeString(chars, length).toUTF8String(utf8);
        if (utf8.size() >= 2) out.push_back(utf8);
    }
    if (breaks != nullptr) ures_close(breaks);
    if (exceptions != nullptr) ures_close(exceptions);
    ures_close(bundle);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace

// Mirrors SimpleFilteredBreakIteratorBuilder::build: an abbreviation with a full stop inside ("Ph.D.")
// puts its part up to the first full stop ("Ph.") in the backward set as partial, and every abbreviation
// starting with that part (including "Ph." itself, if listed) is then only matched forwards.
SentenceSuppressions::SentenceSuppressions(std::string_view language) {
    if (language.empty()) return;
    std::vector<std::string> strings = read_exceptions(std::string(language));
    std::vector<bool> forward_only(strings.size(), false);
    std::vector<std::string> partials;
    for (std::size_t i = 0; i < strings.size(); ++i) {
        std::size_t dot = strings[i].find('.');
        if (dot == std::string::npos || dot + 1 == strings[i].size()) continue;
        std::string prefix = strings[i].substr(0, dot + 1);
        bool already = false;
        for (std::size_t j = 0; j < strings.size(); ++j) {
            if (j == i || strings[j].compare(0, prefix.size(), prefix) != 0) continue;
            if (!forward_only[j]) forward_only[j] = true;
            else already = true;
        }
        if (!already && !forward_only[i]) partials.push_back(prefix);
        forward_only[i] = true;
    }
    for (std::size_t i = 0; i < strings.size(); ++i) {
        if (forward_only[i]) forward_.push_back(strings[i]);
        else backward_[ending_key(strings[i])].push_back({strings[i], false});
    }
    for (const std::string& prefix : partials) backward_[ending_key(prefix)].push_back({prefix, true});
}

const SentenceSuppressions& SentenceSuppressions::for_language(std::string_view language) {
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<SentenceSuppressions>, std::less<>> loaded;
    std::lock_guard lock(mutex);
    auto found = loaded.find(language);
    if (found == loaded.end())
        found = loaded.emplace(std::string(language), std::unique_ptr<SentenceSuppressions>(new SentenceSuppressions(language))).first;
    return *found->second;
}

// SimpleFilteredSentenceBreakIterator::breakExceptionAt: skip one space before the boundary, find the
// longest backward string the text ends with; a whole abbreviation suppresses the boundary, a partial one
// does if the text from its start continues into one of the forward abbreviations.
bool SentenceSuppressions::suppresses(std::string_view text, std::uint32_t boundary) const {
    if (backward_.empty() || boundary > text.size()) return false;
    std::size_t end = boundary > 0 && text[boundary - 1] == ' ' ? boundary - 1 : boundary;
    if (end < 2) return false;
    std::string_view before = text.substr(0, end);
    auto found = backward_.find(ending_key(before));
    if (found == backward_.end()) return false;
    const Backward* best = nullptr;
    for (const Backward& s : found->second)
        if (before.size() >= s.text.size() && before.substr(before.size() - s.text.size()) == s.text &&
            (best == nullptr || s.text.size() > best->text.size()))
            best = &s;
    if (best == nullptr) return false;
    if (!best->partial) return true;
    // The forward trie walk: read until no abbreviation continues the text read so far; it matches when
    // the text read is an abbreviation that no other extends, or when the text ends on an abbreviation.
    std::string_view rest = text.substr(end - best->text.size());
    for (std::size_t k = 1;; ++k) {
        if (k > rest.size()) {
            for (const std::string& s : forward_)
                if (s == rest) return true;
            return false;
        }
        std::string_view read = rest.substr(0, k);
        bool equal = false, longer = false;
        for (const std::string& s : forward_) {
            if (s.size() < k || std::string_view(s).substr(0, k) != read) continue;
            if (s.size() == k) equal = true;
            else longer = true;
        }
        if (!equal && !longer) return false;
        if (!longer) return true;
    }
}

}  // namespace presser::text
