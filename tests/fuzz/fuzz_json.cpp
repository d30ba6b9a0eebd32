// libFuzzer target: see tests/fuzz/invariants.h for what is checked.
#include "invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    presser::fuzz::check_or_abort(presser::fuzz::Target::json, data, size);
    return 0;
}
