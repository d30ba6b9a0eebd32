#include "ingest/speaker_overrides.h"

#include <algorithm>
#include <fstream>

#include "ingest/label_grammar.h"
#include "ingest/text_util.h"

namespace presser::ingest {

Result<SpeakerOverrides> load_speaker_overrides(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) return Error{file.string(), std::nullopt, std::nullopt, "cannot open speaker sidecar"};
    SpeakerOverrides out;
    std::string line;
    std::uint64_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trim_view(line).empty() || trim_view(line).starts_with("#")) continue;
        std::vector<std::string> fields;
        std::size_t start = 0;
        for (;;) {
            std::size_t tab = line.find('\t', start);
            fields.push_back(trim_copy(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start)));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        SpeakerOverride fix;
        fix.key = fold_key(fields[0]);
        if (fix.key.empty()) return Error{file.string(), std::nullopt, number, "empty label: expected a label or name in column 1"};
        if (fields.size() > 1 && !fields[1].empty()) {
            fix.role = model::parse_role(fields[1]);
            if (!fix.role)
                return Error{file.string(), std::nullopt, number,
                             "unknown role '" + fields[1] + "': expected official, moderator, journalist, other or unknown"};
        }
        if (fields.size() > 2) fix.title = fields[2];
        if (fields.size() > 3) {
            std::size_t from = 0;
            const std::string& list = fields[3];
            while (from <= list.size() && !list.empty()) {
                std::size_t semi = list.find(';', from);
                std::string outlet = trim_copy(list.substr(from, semi == std::string::npos ? std::string::npos : semi - from));
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

std::optional<std::filesystem::path> find_speaker_sidecar(const std::filesystem::path& transcript) {
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::absolute(transcript, ec).parent_path();
    for (int depth = 0; depth < 12 && !dir.empty(); ++depth) {
        std::filesystem::path candidate = dir / "presser-speakers.tsv";
        if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
        if (dir == dir.parent_path()) break;
        dir = dir.parent_path();
    }
    return std::nullopt;
}

const SpeakerOverride* find_override(const SpeakerOverrides& overrides, const std::vector<std::string>& keys) {
    for (const SpeakerOverride& fix : overrides)
        if (std::find(keys.begin(), keys.end(), fix.key) != keys.end()) return &fix;
    return nullptr;
}

}  // namespace presser::ingest
