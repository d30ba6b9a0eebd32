// Text the exports write, handed to the stream in pieces of 64 KB: appends to a string are cheap, a write
// per token or cell is not.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

namespace presser::exports {

class BufferedOutput {
public:
    explicit BufferedOutput(std::ostream& out) : out_(out) {}

    std::string text;  // appended to by the writer

    // Writes the text out once it holds 64 KB; false once the stream has failed.
    bool spill() {
        if (text.size() >= kPieceBytes) write();
        return good();
    }
    // Writes whatever is left; false when the stream has failed.
    bool finish() {
        write();
        return good();
    }
    [[nodiscard]] bool good() const { return static_cast<bool>(out_); }

private:
    static constexpr std::size_t kPieceBytes = 1 << 16;
    void write() {
        out_.write(text.data(), static_cast<std::streamsize>(text.size()));
        text.clear();
    }
    std::ostream& out_;
};

}  // namespace presser::exports
