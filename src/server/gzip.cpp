#include "server/gzip.h"

#include <libdeflate.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace presser::server {

namespace {

struct FreeCompressor {
    void operator()(libdeflate_compressor* compressor) const { libdeflate_free_compressor(compressor); }
};
using Compressor = std::unique_ptr<libdeflate_compressor, FreeCompressor>;

// Compressors hold a few hundred KB of tables each, too much to build per answer or to keep per
// connection thread: idle ones wait here, as many as have ever been in use at once.
std::mutex idle_mutex;
std::vector<Compressor> idle_compressors;

}  // namespace

std::string gzip(std::string_view data) {
    Compressor compressor;
    {
        std::lock_guard lock(idle_mutex);
        if (!idle_compressors.empty()) {
            compressor = std::move(idle_compressors.back());
            idle_compressors.pop_back();
        }
    }
    // Level 6: the ratio of zlib's default; libdeflate's level 6 costs less than zlib's level 1.
    if (!compressor) compressor.reset(libdeflate_alloc_compressor(6));
    if (!compressor) throw std::runtime_error("libdeflate: cannot allocate a compressor");
    std::string out(libdeflate_gzip_compress_bound(compressor.get(), data.size()), '\0');
    const std::size_t size = libdeflate_gzip_compress(compressor.get(), data.data(), data.size(), out.data(), out.size());
    {
        std::lock_guard lock(idle_mutex);
        idle_compressors.push_back(std::move(compressor));
    }
    if (size == 0) throw std::runtime_error("libdeflate: gzip compression failed");
    out.resize(size);
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
