#include "server/served_index.h"

namespace presser::server {

ServedIndex::ServedIndex(std::shared_ptr<const index::Index> index_, std::size_t pool_limit, std::uint64_t serial_)
    : index(std::move(index_)),
      tables(tabulate(*index)),
      sources(RecordedSources::load(*index)),
      generation(index->manifest().generation),
      serial(serial_),
      searchers(pool_limit, [index = index, shared = search::make_search_tables(*index)] { return std::make_unique<search::Searcher>(*index, shared); }),
      concordancers(pool_limit, [index = index] { return std::make_unique<query::Concordancer>(*index); }) {
    identity = index->directory().string() + "\n" + std::to_string(generation);
    for (const auto& segment : index->segments()) identity += "\n" + segment->info().name;
}

Result<std::shared_ptr<const ServedIndex>> open_served_index(const std::filesystem::path& directory, std::size_t pool_limit,
                                                             std::uint64_t serial) {
    for (int attempt = 1;; ++attempt) {
        auto opened = index::Index::open(directory);
        if (!opened) return opened.error();
        auto served = std::make_shared<const ServedIndex>(std::make_shared<const index::Index>(std::move(opened.value())), pool_limit, serial);
        if (served->sources || attempt == index::Index::kOpenAttempts) return served;
        auto now = committed_generation(directory);
        if (!now || *now == served->generation) return served;  // the sources file itself is bad: /api/source says so
    }
}

Result<std::uint64_t> committed_generation(const std::filesystem::path& directory) {
    auto manifest = index::read_manifest(directory, false);
    if (!manifest) return manifest.error();
    return manifest->generation;
}

}  // namespace presser::server
