#include "ingest/speaker_overrides.h"

#include <algorithm>

#include "ingest/label_grammar.h"
#include "ingest/sidecar_files.h"
#include "ingest/text_util.h"

namespace presser::ingest {

Result<SpeakerOverrides> load_speaker_overrides(const std::filesystem::path& file) {
    auto rows = read_sidecar_rows(file);
    if (!rows) return rows.error();
    SpeakerOverrides out;
    for (const SidecarRow& row : *rows) {
        const std::vector<std::string>& fields = row.fields;
        SpeakerOverride fix;
        fix.key = fold_key(fields[0]);
        if (fields.size() > 1 && !fields[1].empty()) {
            fix.role = model::parse_role(fields[1]);
            if (!fix.role)
                return Error{file.string(), std::nullopt, row.line,
                             "unknown role '" + fields[1] + "': expected official, moderator, journalist, other or unknown"};
        }
        if (fields.size() > 2) fix.title = fields[2];
        if (fields.size() > 3) {
            std::size_t from = 0;
            const std::string& list = fields[3];
            while (!list.empty()) {
                std::size_t semi = list.find(';', from);
                std::string outlet = trim_copy(std::string_view(list).substr(from, semi == std::string::npos ? std::string::npos : semi - from));
                if (!outlet.empty()) fix.affiliations.push_back(outlet);
                if (semi == std::string::npos) break;
                from = semi + 1;
            }
        }
        if (fields.size() > 4) fix.name = fields[4];
        out.push_back(std::move(fix));
    }
    return out;
}

std::optional<std::filesystem::path> find_speaker_sidecar(const std::filesystem::path& transcript, SidecarCache* cache) {
    return find_sidecar(transcript, "presser-speakers.tsv", cache);
}

const SpeakerOverride* find_override(const SpeakerOverrides& overrides, const std::vector<std::string>& keys) {
    for (const SpeakerOverride& fix : overrides)
        if (std::find(keys.begin(), keys.end(), fix.key) != keys.end()) return &fix;
    return nullptr;
}

}  // namespace presser::ingest
