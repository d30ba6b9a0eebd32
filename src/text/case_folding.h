// `lower`: NFKC + full case folding (ICU's NFKC_Casefold), with a per-instance cache of results.
#pragma once

#include <string>
#include <string_view>

#include "text/string_cache.h"

namespace presser::text {

// NFKC_Casefold of `word`, uncached. Pure ASCII takes a shortcut that gives the same result.
[[nodiscard]] std::string nfkc_casefold(std::string_view word);

class CaseFolder {
public:
    [[nodiscard]] std::string fold(std::string_view word);

private:
    StringCache cache_;
};

}  // namespace presser::text
