#include "text/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <limits>


namespace presser::text {
namespace {

constexpr std::array<bool, 128> ascii_separator = [] {
    std::array<bool, 128> t{};
    for (int c = 0; c < 0x21; ++c) t[c] = true;  // controls and space
    t[0x7F] = true;
    return t;
}();

// Whitespace and control characters never belong to a token.
bool is_separator(UChar32 c) { return u_isUWhiteSpace(c) || u_iscntrl(c); }

// ICU's sentence iterator with CLDR's abbreviation suppressions ("Mr.", "Sr.") where the locale has them.
icu::Locale sentence_locale(const std::string& language) {
    std::string id = (language.empty() ? std::string("und") : language) + "@ss=standard";
    return icu::Locale(id.c_str());
}

}  // namespace

Tokenizer::Tokenizer() = default;

Tokenizer::~Tokenizer() {
    if (utext_ != nullptr) utext_close(utext_);
}

Tokenizer::Iterators& Tokenizer::iterators_for(std::string_view language) {
    if (last_iterators_ != nullptr && language == last_language_) return *last_iterators_;
    std::string key(language);
    auto found = iterators_.find(key);
    if (found == iterators_.end()) {
        UErrorCode status = U_ZERO_ERROR;
        icu::Locale locale(key.empty() ? "und" : key.c_str());
        Iterators iterators;
        iterators.word.reset(icu::BreakIterator::createWordInstance(locale, status));
        if (U_FAILURE(status) || !iterators.word) {
            status = U_ZERO_ERROR;
            iterators.word.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
        }
        status = U_ZERO_ERROR;
        iterators.sentence.reset(icu::BreakIterator::createSentenceInstance(sentence_locale(key), status));
        if (U_FAILURE(status) || !iterators.sentence) {
            status = U_ZERO_ERROR;
            iterators.sentence.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
        }
        // English and Spanish use CLDR's root word and sentence rules (plus suppressions), which is what
        // the fast path implements; other languages may tailor them.
        iterators.fast_path = key == "en" || key == "es";
        iterators.suppressions = &SentenceSuppressions::for_language(key);
        found = iterators_.emplace(key, std::move(iterators)).first;
    }
    last_language_ = key;
    last_iterators_ = &found->second;
    return found->second;
}

bool Tokenizer::tokenize(std::string_view text, std::string_view language, std::vector<Token>& out, Path path) {
    // ICU's iterators index with int32_t; no paragraph is near that, but never misbehave on one.
    if (text.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
        text = text.substr(0, static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()));
    if (text.empty()) return path != Path::fast_only;
    Iterators& iterators = iterators_for(language);
    bool fast = false;
    if (path != Path::icu_only) fast = fast_boundaries(text, iterators);
    if (!fast) {
        if (path == Path::fast_only) return false;
        icu_boundaries(text, iterators);
    }
    specials_.clear();
    find_special_spans(text, specials_);
    emit(text, out);
    return true;
}

void Tokenizer::icu_boundaries(std::string_view text, Iterators& iterators) {
    UErrorCode status = U_ZERO_ERROR;
    word_breaks_.clear();
    utext_ = utext_openUTF8(utext_, text.data(), static_cast<std::int64_t>(text.size()), &status);
    iterators.word->setText(utext_, status);
    for (std::int32_t b = iterators.word->first(); b != icu::BreakIterator::DONE; b = iterators.word->next())
        word_breaks_.push_back(static_cast<std::uint32_t>(b));
    sentence_breaks_.clear();
    iterators.sentence->setText(utext_, status);
    for (std::int32_t b = iterators.sentence->first(); b != icu::BreakIterator::DONE;
         b = iterators.sentence->next())
        sentence_breaks_.push_back(static_cast<std::uint32_t>(b));
    if (U_FAILURE(status)) {
        word_breaks_.assign({0, static_cast<std::uint32_t>(text.size())});
        sentence_breaks_.assign({0});
    }
}

bool Tokenizer::fast_boundaries(std::string_view text, Iterators& iterators) {
    if (!iterators.fast_path || !latin_boundaries(text, latin_scratch_, word_breaks_, sentence_breaks_))
        return false;
    // CLDR's abbreviation suppressions, applied as ICU's filtered sentence iterator does.
    std::size_t kept = 1;
    for (std::size_t r = 1; r + 1 < sentence_breaks_.size(); ++r)
        if (!iterators.suppressions->suppresses(text, sentence_breaks_[r])) sentence_breaks_[kept++] = sentence_breaks_[r];
    if (sentence_breaks_.size() > 1) sentence_breaks_[kept++] = sentence_breaks_.back();
    sentence_breaks_.resize(kept);
    return true;
}

void Tokenizer::emit_piece(std::string_view text, std::uint32_t begin, std::uint32_t end, std::vector<Token>& out) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    auto push = [&](std::uint32_t a, std::uint32_t b) {
        bool start = first_token_;
        while (next_sentence_ < sentence_breaks_.size() && sentence_breaks_[next_sentence_] <= a) {
            if (sentence_breaks_[next_sentence_] > 0) start = true;
            ++next_sentence_;
        }
        // A boundary inside a token (rare: inside a URL) is dropped rather than moved to the next token.
        while (next_sentence_ < sentence_breaks_.size() && sentence_breaks_[next_sentence_] < b) ++next_sentence_;
        out.push_back({a, b, start});
        first_token_ = false;
    };
    std::uint32_t token_begin = begin;
    std::int32_t i = static_cast<std::int32_t>(begin);
    const auto stop = static_cast<std::int32_t>(end);
    while (i < stop) {
        std::int32_t at = i;
        bool separator;
        if (bytes[i] < 0x80) {
            separator = ascii_separator[bytes[i]];
            ++i;
        } else {
            UChar32 c;
            U8_NEXT(bytes, i, stop, c);
            separator = c >= 0 && is_separator(c);
        }
        if (separator) {
            if (static_cast<std::uint32_t>(at) > token_begin) push(token_begin, static_cast<std::uint32_t>(at));
            token_begin = static_cast<std::uint32_t>(i);
        }
    }
    if (end > token_begin) push(token_begin, end);
}

void Tokenizer::emit(std::string_view text, std::vector<Token>& out) {
    next_sentence_ = 0;
    first_token_ = true;
    std::size_t special = 0;
    std::uint32_t cursor = 0;  // everything before it has been emitted
    for (std::size_t k = 0; k + 1 < word_breaks_.size(); ++k) {
        std::uint32_t a = std::max(word_breaks_[k], cursor);
        const std::uint32_t b = word_breaks_[k + 1];
        while (a < b) {
            if (special < specials_.size() && specials_[special].begin < b) {
                const ByteSpan span = specials_[special++];
                if (span.begin < a) continue;  // cannot happen with sorted, disjoint spans; be safe
                if (a < span.begin) emit_piece(text, a, span.begin, out);
                emit_piece(text, span.begin, span.end, out);
                a = cursor = span.end;
            } else {
                // A segment is usually free of separators; emit_piece checks anyway.
                emit_piece(text, a, b, out);
                a = cursor = b;
            }
        }
    }
}

}  // namespace presser::text
