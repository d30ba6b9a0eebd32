#include "text/sentence_suppressions.h"

#include <unicode/udata.h>
#include <unicode/ures.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <map>
#include <memory>
#include <mutex>

namespace presser::text {
namespace {

std::uint16_t ending_key(std::string_view s) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(s[s.size() - 2]) << 8) |
                                      static_cast<unsigned char>(s[s.size() - 1]));
}

}  // namespace

SentenceSuppressions::SentenceSuppressions(std::string_view language) {
    if (language.empty()) return;
    UErrorCode status = U_ZERO_ERROR;
    std::string locale(language);
    UResourceBundle* bundle = ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", locale.c_str(), &status);
    if (U_FAILURE(status) || status == U_USING_DEFAULT_WARNING) {
        if (bundle != nullptr) ures_close(bundle);
        return;
    }
    UResourceBundle* exceptions = ures_getByKey(bundle, "exceptions", nullptr, &status);
    UResourceBundle* breaks = ures_getByKey(exceptions, "SentenceBreak", nullptr, &status);
    while (U_SUCCESS(status) && ures_hasNext(breaks)) {
        std::int32_t length = 0;
        const UChar* chars = ures_getNextString(breaks, &length, nullptr, &status);
        if (U_FAILURE(status)) break;
        std::string utf8;
        icu::UnicodeString(chars, length).toUTF8String(utf8);
        std::vector<std::string> keys{utf8};
        // ICU matches "Ph." of "Ph.D." backwards and then the whole string forwards.
        if (std::size_t dot = utf8.find('.'); dot != std::string::npos && dot + 1 != utf8.size())
            keys.push_back(utf8.substr(0, dot + 1));
        for (std::string& key : keys) {
            if (key.size() < 2) key.insert(0, 1, '\0');  // never happens in CLDR; keeps the key 2 bytes
            by_ending_[ending_key(key)].push_back(key);
        }
    }
    if (breaks != nullptr) ures_close(breaks);
    if (exceptions != nullptr) ures_close(exceptions);
    ures_close(bundle);
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

bool SentenceSuppressions::may_suppress(std::string_view text, std::uint32_t boundary) const {
    if (by_ending_.empty() || boundary < 2 || boundary > text.size()) return false;
    std::size_t end = text[boundary - 1] == ' ' ? boundary - 1 : boundary;
    if (end < 2) return false;
    std::string_view before = text.substr(0, end);
    auto found = by_ending_.find(ending_key(before));
    if (found == by_ending_.end()) return false;
    for (const std::string& s : found->second)
        if (before.size() >= s.size() && before.substr(before.size() - s.size()) == s) return true;
    return false;
}

}  // namespace presser::text
