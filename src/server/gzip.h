// gzip of JSON answers with libdeflate (whole buffers, 2.5x faster than zlib at the same ratio), done here rather than by httplib so that a cached answer is compressed
// once, not once per request (httplib compresses only the exact type "application/json", which our
// answers, "application/json; charset=utf-8", are not).
#pragma once

#include <string>
#include <string_view>

namespace presser::server {

[[nodiscard]] std::string gzip(std::string_view data);
// Whether an Accept-Encoding header admits gzip (a "gzip;q=0" refuses it).
[[nodiscard]] bool accepts_gzip(std::string_view accept_encoding);

}  // namespace presser::server
