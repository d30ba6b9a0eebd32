// One generation of the index as the server answers it: the opened Index and everything derived from it
// (the tables of the lists, the recorded sources, the Searcher and Concordancer pools with their shared
// search tables, the identity that goes into ETags and cache keys). Immutable once built, apart from the
// pools (which lock). Held by std::shared_ptr: a request takes the current one when it starts and keeps
// it to its end (a streamed export to its last byte), so a newer commit swapped in meanwhile never
// changes the segments a request reads, and the old generation is freed when its last request ends.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "index/index.h"
#include "query/concordance.h"
#include "search/searcher.h"
#include "server/api.h"
#include "server/corpus_tables.h"
#include "server/recorded_sources.h"

namespace presser::server {

struct ServedIndex {
    std::shared_ptr<const index::Index> index;
    CorpusTables tables;
    Result<RecordedSources> sources;  // an error is answered by /api/source only
    std::string identity;             // directory, generation and segments: part of every ETag and cache key
    std::uint64_t generation = 0;
    // Which swap of its server made it current (0: the first): with the URL, the key of cached answers, so
    // that an answer computed on one generation is never found by a request on another.
    std::uint64_t serial = 0;
    mutable Pool<search::Searcher> searchers;
    mutable Pool<query::Concordancer> concordancers;

    // Tabulates `index` (seconds on a large index: call it off the request path). `pool_limit`: the most
    // Searchers (and Concordancers) lent at once.
    ServedIndex(std::shared_ptr<const index::Index> index, std::size_t pool_limit, std::uint64_t serial = 0);
};

// Opens the index at `directory` and builds its snapshot. A commit that removes the sources file between
// the open and its reading starts over on the new MANIFEST (as Index::open does for segments).
[[nodiscard]] Result<std::shared_ptr<const ServedIndex>> open_served_index(const std::filesystem::path& directory, std::size_t pool_limit,
                                                                           std::uint64_t serial);

// The generation the MANIFEST of `directory` names now (0 when none), without opening segments.
[[nodiscard]] Result<std::uint64_t> committed_generation(const std::filesystem::path& directory);

}  // namespace presser::server
