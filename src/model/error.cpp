#include "model/error.h"

namespace presser {

std::string Error::describe() const {
    std::string out = file;
    if (line) out += (out.empty() ? "line " : ":") + std::to_string(*line);
    if (offset) out += (out.empty() ? "byte " : ": byte ") + std::to_string(*offset);
    if (!out.empty()) out += ": ";
    return out + message;
}

}  // namespace presser
