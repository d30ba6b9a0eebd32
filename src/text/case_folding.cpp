#include "text/case_folding.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace presser::text {

std::string nfkc_casefold(std::string_view word) {
    bool ascii = true;
    for (char c : word)
        if (static_cast<unsigned char>(c) >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii) {
        std::string folded(word);
        for (char& c : folded)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
        return folded;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) return std::string(word);
    icu::UnicodeString source = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<std::int32_t>(word.size())));
    icu::UnicodeString folded = normalizer->normalize(source, status);
    if (U_FAILURE(status)) return std::string(word);
    std::string result;
    folded.toUTF8String(result);
    return result;
}

std::string CaseFolder::fold(std::string_view word) {
    // ASCII folds faster than a cache lookup; only other words go through the cache.
    bool ascii = true;
    for (char c : word)
        if (static_cast<unsigned char>(c) >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii) return nfkc_casefold(word);
    return std::string(cache_.get(word, [](std::string_view w) { return nfkc_casefold(w); }));
}

}  // namespace presser::text
