#include "ingest/event_overrides.h"

#include <algorithm>
#include <fstream>

#include "ingest/sidecar_files.h"
#include "ingest/text_util.h"

namespace presser::ingest {

Result<EventOverrides> load_event_overrides(const std::filesystem::path& file) {
    auto rows = read_sidecar_rows(file);
    if (!rows) return rows.error();
    EventOverrides out;
    for (const SidecarRow& row : *rows) {
        const std::vector<std::string>& fields = row.fields;
        EventOverride fix;
        fix.file = fields[0];
        if (fields.size() > 1 && !fields[1].empty()) {
            fix.date = model::PartialDate::parse_iso(fields[1]);
            if (!fix.date)
                return Error{file.string(), std::nullopt, row.line,
                             "date '" + fields[1] + "': expected YYYY-MM-DD, YYYY-MM or YYYY"};
        }
        if (fields.size() > 2) fix.title = fields[2];
        if (fields.size() > 3) fix.organiser = fields[3];
        if (fields.size() > 4) fix.venue = fields[4];
        if (fields.size() > 5) fix.language = fields[5];
        out.push_back(std::move(fix));
    }
    return out;
}

std::optional<std::filesystem::path> find_event_sidecar(const std::filesystem::path& transcript, SidecarCache* cache) {
    return find_sidecar(transcript, "presser-events.tsv", cache);
}

void apply_event_override(const EventOverrides& overrides, const std::string& file_name, bool keep_date,
                          model::Event& event) {
    auto it = std::find_if(overrides.begin(), overrides.end(), [&](const EventOverride& fix) { return fix.file == file_name; });
    if (it == overrides.end()) return;
    if (it->date && !keep_date) {
        event.date = *it->date;
        std::erase_if(event.warnings, [](const std::string& warning) { return warning.starts_with("date known only") ||
                                                                               warning.starts_with("no date found"); });
    }
    if (!it->title.empty()) event.title = it->title;
    if (!it->organiser.empty()) event.organiser = it->organiser;
    if (!it->venue.empty()) event.venue = it->venue;
    if (!it->language.empty()) event.language = it->language;
}

}  // namespace presser::ingest
