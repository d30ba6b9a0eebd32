#include "server/gzip.h"

#include <zlib.h>

#include <stdexcept>

namespace presser::server {

std::string gzip(std::string_view data) {
    z_stream stream{};
    // windowBits 15 + 16: a gzip header and trailer; level 5: most of level 6's ratio at a good deal less CPU.
    if (deflateInit2(&stream, 5, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("zlib: deflateInit2 failed");
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&stream, Z_FINISH);
    deflateEnd(&stream);
    if (status != Z_STREAM_END) throw std::runtime_error("zlib: deflate failed");
    out.resize(stream.total_out);
    return out;
}

bool accepts_gzip(std::string_view header) {
    for (std::size_t at = 0; at < header.size();) {
        auto next = header.find(',', at);
        if (next == std::string_view::npos) next = header.size();
        auto item = header.substr(at, next - at);
        at = next + 1;
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        const auto semicolon = item.find(';');
        auto coding = item.substr(0, semicolon);
        while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
        if (coding != "gzip" && coding != "*") continue;
        if (semicolon == std::string_view::npos) return true;
        auto q = item.substr(semicolon + 1);
        while (!q.empty() && q.front() == ' ') q.remove_prefix(1);
        return !(q.starts_with("q=0") && q.find_first_not_of("q=0.") == std::string_view::npos);
    }
    return false;
}

}  // namespace presser::server
