#include "index/lexicon.h"

#include <string>

namespace presser::index {

Result<Lexicon> Lexicon::open(std::string_view bytes, std::string_view file, std::uint64_t postings_size) {
    auto bad = [&](const char* message) {
        return Error{std::string(file), std::nullopt, std::nullopt, std::string("corrupt lexicon: ") + message};
    };
    if (bytes.size() < 4) return bad("truncated header");
    const auto count = load<std::uint32_t>(bytes.data());
    const std::uint64_t arrays = static_cast<std::uint64_t>(count) * 12;
    if (arrays > bytes.size() - 4) return bad("truncated term arrays");
    Lexicon lexicon;
    lexicon.counts_ = bytes.data() + 4;
    lexicon.offsets_ = lexicon.counts_ + count * 4ull;
    std::size_t consumed = 0;
    auto terms = StringTable::open(lexicon.offsets_ + count * 8ull, bytes.data() + bytes.size(), file, consumed);
    if (!terms) return terms.error();
    if (terms->size() != count) return bad("term count does not match");
    lexicon.terms_ = terms.value();
    return lexicon;
}

}  // namespace presser::index
