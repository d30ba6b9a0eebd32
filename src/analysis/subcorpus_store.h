// Named subcorpora saved in an index directory: DIR/subcorpora/NAME.json, a small JSON file holding the
// definition (subcorpus.h), never the spans, written atomically (temporary file, fsync, rename).
//
//   save_subcorpus(index_dir, "officials", definition);
//   auto sub = open_subcorpus(index, "officials");   // resolved again on this index
//
// Contract:
//  * Names are 1-64 characters of letters, digits, '-', '_' and '.', not starting with '.': they are file
//    names. Anything else is an error naming the name and what is expected.
//  * Saving over an existing name replaces it. Listing skips files that are not NAME.json.
//  * An unknown name is an error naming it and the saved ones.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "analysis/subcorpus.h"

namespace presser::analysis {

inline constexpr const char* kSubcorporaFolder = "subcorpora";

// "" when `name` can name a subcorpus, else what is wrong with it.
[[nodiscard]] std::string subcorpus_name_problem(const std::string& name);

[[nodiscard]] Result<bool> save_subcorpus(const std::filesystem::path& index_directory, const std::string& name,
                                          const SubcorpusDefinition& definition);
// Names of the saved subcorpora, sorted.
[[nodiscard]] Result<std::vector<std::string>> list_subcorpora(const std::filesystem::path& index_directory);
[[nodiscard]] Result<SubcorpusDefinition> load_subcorpus(const std::filesystem::path& index_directory, const std::string& name);
[[nodiscard]] Result<bool> delete_subcorpus(const std::filesystem::path& index_directory, const std::string& name);
// load_subcorpus, then resolve_subcorpus on `index`.
[[nodiscard]] Result<Subcorpus> open_subcorpus(const index::Index& index, const std::string& name, unsigned threads = 0);

}  // namespace presser::analysis
