// Exports of an index in the field's formats: CWB vertical text with its registry file, CSV/TSV tables (per
// turn, per exchange, per hit), a ConvoKit corpus directory, TEI Parla-CLARIN and CoNLL-U (docs/export.md).
//
//   auto selection = presser::exports::select_whole(index);          // or select_subcorpus / select_query
//   presser::exports::ExportInfo info{"whitehouse", selection.description, "2026-12-07"};
//   presser::exports::write_vrt(index, selection, info, std::cout);
//   presser::exports::write_convokit(index, selection, info, "out/corpus-dir");
//
// Contract:
//  * A selection is a set of turns: the whole index (every turn of every live event), a subcorpus (the turns
//    of which it covers at least one token) or a CQL query's full result set (the turns its hits touch).
//    Every format writes the selected turns, event by event in index order, with their event's metadata;
//    csv-hits writes one row per hit instead and needs a query. Deleted events are never written.
//  * Writers stream: they read one event (stored_event.h, regions, the token stream) at a time and write it
//    out before the next, so memory does not grow with the export, only with the selection's bit per turn
//    and, for ConvoKit, one entry per distinct speaker.
//  * Every export names the presser version and the selection that made it (ExportInfo) where its format
//    has room for it: a comment, a header field, corpus.json, the TEI header.
//  * Text is UTF-8 as stored; characters a format cannot hold (control characters in XML, tabs and line
//    breaks in a VRT or CoNLL-U token) become spaces.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/subcorpus.h"
#include "index/index.h"
#include "model/error.h"
#include "query/corpus_query.h"

namespace presser::exports {

enum class Format { vrt, tsv_turns, csv_turns, csv_exchanges, csv_hits, convokit, tei, conllu };

[[nodiscard]] std::optional<Format> parse_format(std::string_view name);
[[nodiscard]] std::string_view to_string(Format format);  // "vrt", "csv-turns", ...
[[nodiscard]] bool writes_directory(Format format);       // convokit (VRT writes a file and its registry beside it)
[[nodiscard]] std::string_view extension(Format format);  // "vrt", "csv", "tsv", "xml", "conllu", "" for ConvoKit

// The presser version written into every export.
[[nodiscard]] std::string_view presser_version();

struct Selection {
    std::string label;        // for file names: "corpus", "subcorpus-NAME", "query"
    std::string description;  // for provenance: "whole corpus", "subcorpus 'x' (speaker=...)", "CQL query: ..."
    bool whole = false;       // every live event, including events without tokens
    std::vector<std::vector<bool>> turns;  // per segment, per turn region: selected
    std::shared_ptr<const query::CorpusQuery> query;  // a query selection's query (csv-hits needs it)
    std::string cql;
    [[nodiscard]] bool selected(std::size_t segment, std::uint64_t turn) const {
        return whole || (turn < turns[segment].size() && turns[segment][turn]);
    }
};

[[nodiscard]] Selection select_whole(const index::Index& index);
// The turns with at least one token of the subcorpus.
[[nodiscard]] Selection select_subcorpus(const index::Index& index, const analysis::Subcorpus& subcorpus);
// The turns the query's hits touch; an error when the evaluation fails (cancelled, timed out).
[[nodiscard]] Result<Selection> select_query(const index::Index& index, std::shared_ptr<const query::CorpusQuery> query,
                                             std::string cql);

struct ExportInfo {
    std::string corpus;      // the corpus's name: the index directory's ("whitehouse")
    std::string selection;   // Selection::description
    std::string date;        // the export's date, ISO ("2026-12-07")
    // "presser 0.1.0; corpus whitehouse; whole corpus; exported 2026-12-07": the provenance line.
    [[nodiscard]] std::string provenance() const;
};

// The corpus name of an index directory: its folder's name, or its parent's when the folder has a generic
// name ("presser", "index", "idx").
[[nodiscard]] std::string corpus_name(const std::filesystem::path& index_directory);
// Today's date (UTC), ISO.
[[nodiscard]] std::string today();
// "presser-vrt-whitehouse-query-2026-12-07.vrt": what the file holds, for --out defaults and downloads.
[[nodiscard]] std::string file_name(Format format, const ExportInfo& info, const Selection& selection);

// Single-file formats. `write_vrt` writes the vertical text alone (its registry: write_vrt_registry).
[[nodiscard]] Result<bool> write_vrt(const index::Index& index, const Selection& selection, const ExportInfo& info,
                                     std::ostream& out);
// The CWB registry file of a corpus `id` whose encoded data lives in `data_directory`.
void write_vrt_registry(const ExportInfo& info, std::string_view id, const std::filesystem::path& data_directory,
                        std::ostream& out);
// csv-turns, tsv-turns, csv-exchanges: one row per selected turn / per exchange with a selected turn.
[[nodiscard]] Result<bool> write_turn_table(const index::Index& index, const Selection& selection, const ExportInfo& info,
                                            char delimiter, std::ostream& out);
[[nodiscard]] Result<bool> write_exchange_table(const index::Index& index, const Selection& selection,
                                                const ExportInfo& info, std::ostream& out);
// csv-hits: one row per hit of the selection's query with `context` tokens either side; an error without one.
[[nodiscard]] Result<bool> write_hit_table(const index::Index& index, const Selection& selection, const ExportInfo& info,
                                           std::uint32_t context, std::ostream& out);
[[nodiscard]] Result<bool> write_tei(const index::Index& index, const Selection& selection, const ExportInfo& info,
                                     std::ostream& out);
[[nodiscard]] Result<bool> write_conllu(const index::Index& index, const Selection& selection, const ExportInfo& info,
                                        std::ostream& out);
// utterances.jsonl, speakers.json, conversations.json, corpus.json and index.json in `directory` (created).
[[nodiscard]] Result<bool> write_convokit(const index::Index& index, const Selection& selection, const ExportInfo& info,
                                          const std::filesystem::path& directory);
// The ConvoKit utterances alone, as JSON lines (what the API streams).
[[nodiscard]] Result<bool> write_convokit_utterances(const index::Index& index, const Selection& selection,
                                                     const ExportInfo& info, std::ostream& out);

// Any single-file format into `out` (not convokit); `context` is csv-hits' context.
[[nodiscard]] Result<bool> write_single(Format format, const index::Index& index, const Selection& selection,
                                        const ExportInfo& info, std::ostream& out, std::uint32_t context = 8);
// Any format into `path`: a file, or for convokit a directory; for vrt the .vrt file, with the registry
// beside it (`path` with the extension .registry) naming `path`'s folder's data/ as the encoded data's home.
[[nodiscard]] Result<bool> write_to_path(Format format, const index::Index& index, const Selection& selection,
                                         const ExportInfo& info, const std::filesystem::path& path, std::uint32_t context = 8);

}  // namespace presser::exports
