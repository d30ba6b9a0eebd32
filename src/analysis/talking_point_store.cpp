#include "analysis/talking_point_store.h"

#include <cstring>
#include <fstream>
#include <sstream>

#include "index/segment_files.h"
#include "index/verified_files.h"

namespace presser::analysis {
namespace {

namespace fs = std::filesystem;
constexpr const char* kStateFile = "STATE.json";
constexpr char kFingerprintMagic[8] = {'P', 'R', 'T', 'P', 'F', 'P', '0', '1'};
constexpr char kTurnMagic[8] = {'P', 'R', 'T', 'P', 'T', 'U', '0', '1'};
constexpr std::size_t kHeader = 16;

std::string build_command(const fs::path& index_directory) {
    return "presser talking-points build --index " + index_directory.string();
}

nlohmann::json parameters_json(const TalkingPointOptions& p) {
    return {{"attribute", std::string(index::to_string(p.attribute))}, {"min_tokens", p.min_tokens}, {"shingle", p.shingle},
            {"window", p.window}, {"band", p.band}, {"x_drop", p.x_drop}, {"max_edit_share", p.max_edit_share},
            {"boilerplate_share", p.boilerplate_share}, {"boilerplate_min_events", p.boilerplate_min_events}};
}

TalkingPointOptions parameters_from(const nlohmann::json& j) {
    TalkingPointOptions p;
    p.attribute = index::parse_attribute(j.at("attribute").get<std::string>()).value_or(index::Attribute::lower);
    p.min_tokens = j.at("min_tokens").get<unsigned>();
    p.shingle = j.at("shingle").get<unsigned>();
    p.window = j.at("window").get<unsigned>();
    p.band = j.at("band").get<unsigned>();
    p.x_drop = j.at("x_drop").get<int>();
    p.max_edit_share = j.at("max_edit_share").get<double>();
    p.boilerplate_share = j.at("boilerplate_share").get<double>();
    p.boilerplate_min_events = j.at("boilerplate_min_events").get<std::uint64_t>();
    return p;
}

Result<index::MappedFile> open_verified(const fs::path& path, const index::FileInfo& info) {
    auto file = index::MappedFile::open(path);
    if (!file.ok()) return file.error();
    auto verified = index::verify_file_once(path, file->identity(), file->bytes(), info.size, info.checksum);
    if (!verified.ok()) return verified.error();
    return std::move(file.value());
}

template <typename T>
Result<std::span<const T>> records(const index::MappedFile& file, const char (&magic)[8], const fs::path& path) {
    const auto bytes = file.bytes();
    if (bytes.size() < kHeader || std::memcmp(bytes.data(), magic, 8) != 0) {
        Error e = plain_error("not a talking-points file (bad header): rebuild with `presser talking-points build --full`");
        e.file = path.string();
        return e;
    }
    const auto count = index::load<std::uint64_t>(bytes.data() + 8);
    if (count > (bytes.size() - kHeader) / sizeof(T) || kHeader + count * sizeof(T) != bytes.size()) {
        Error e = plain_error("talking-points file of the wrong size for its " + std::to_string(count) + " records");
        e.file = path.string();
        return e;
    }
    return std::span<const T>(reinterpret_cast<const T*>(bytes.data() + kHeader), count);
}

std::optional<std::uint64_t> optional_number(const nlohmann::json& j, const char* key) {
    const auto found = j.find(key);
    if (found == j.end() || found->is_null()) return std::nullopt;
    return found->get<std::uint64_t>();
}

TalkingPointOccurrence occurrence_from(const nlohmann::json& j) {
    TalkingPointOccurrence o;
    o.segment = j.at("segment").get<std::string>();
    o.event = j.at("segment_event").get<std::uint32_t>();
    o.turn = j.at("segment_turn").get<std::uint32_t>();
    o.start = j.at("token_start").get<std::uint32_t>();
    o.end = j.at("token_end").get<std::uint32_t>();
    o.store_turn = j.at("store_turn").get<std::uint32_t>();
    o.first = j.at("passage_first").get<std::uint32_t>();
    o.last = j.at("passage_last").get<std::uint32_t>();
    o.event_id = j.at("event").get<std::string>();
    o.date = j.at("date").get<std::string>();
    o.title = j.at("title").get<std::string>();
    o.organiser = j.at("organiser").get<std::string>();
    o.language = j.at("language").get<std::string>();
    o.speaker = j.at("speaker").get<std::string>();
    o.role = j.at("role").get<std::string>();
    o.turn_id = j.at("turn").get<std::string>();
    o.source = j.at("source").get<std::string>();
    o.text = j.at("text").get<std::string>();
    o.source_begin = optional_number(j, "source_begin");
    o.source_end = optional_number(j, "source_end");
    o.tokens = j.at("tokens").get<std::uint32_t>();
    return o;
}

}  // namespace

std::string_view boilerplate_rule() {
    return "a talking point present in at least boilerplate_share of its language's live events (languages with at least "
           "boilerplate_min_events events)";
}

nlohmann::json to_json(const TalkingPointOccurrence& o) {
    nlohmann::json j = {{"event", o.event_id}, {"date", o.date}, {"title", o.title}, {"organiser", o.organiser},
                        {"language", o.language}, {"speaker", o.speaker}, {"role", o.role}, {"turn", o.turn_id},
                        {"text", o.text}, {"tokens", o.tokens}, {"source", o.source},
                        {"source_begin", o.source_begin ? nlohmann::json(*o.source_begin) : nlohmann::json(nullptr)},
                        {"source_end", o.source_end ? nlohmann::json(*o.source_end) : nlohmann::json(nullptr)},
                        {"segment", o.segment}, {"segment_event", o.event}, {"segment_turn", o.turn},
                        {"token_start", o.start}, {"token_end", o.end},
                        {"store_turn", o.store_turn}, {"passage_first", o.first}, {"passage_last", o.last}};
    return j;
}

nlohmann::json to_json(const TalkingPoint& p, bool occurrences) {
    nlohmann::json j = {{"id", p.id}, {"canonical", p.canonical}, {"language", p.language}, {"count", p.occurrences.size()},
                        {"events", p.events}, {"speakers", p.speakers}, {"organisers", p.organisers}, {"variants", p.variants},
                        {"first_seen", p.first_seen}, {"last_seen", p.last_seen}, {"event_share", p.event_share},
                        {"boilerplate", p.boilerplate}, {"travels", p.travels()}};
    if (occurrences) {
        auto list = nlohmann::json::array();
        for (const auto& o : p.occurrences) list.push_back(to_json(o));
        j["occurrences"] = std::move(list);
    }
    return j;
}

std::string staleness(const fs::path& index_directory, const TalkingPointState& state, std::uint64_t index_generation) {
    if (state.index_generation == index_generation) return "";
    return "the talking points of " + index_directory.string() + " were built from index generation " +
           std::to_string(state.index_generation) + " and the index is now at generation " + std::to_string(index_generation) +
           ": run `" + build_command(index_directory) + "` to bring them up to date";
}

Result<TalkingPointStore> open_talking_point_store(const fs::path& index_directory) {
    TalkingPointStore store;
    store.folder = index_directory / kTalkingPointsFolder;
    const auto state_path = store.folder / kStateFile;
    std::error_code ec;
    if (!fs::exists(state_path, ec))
        return plain_error("the index " + index_directory.string() + " has no talking points yet: run `" + build_command(index_directory) + "`");
    std::ifstream in(state_path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    try {
        const auto j = nlohmann::json::parse(text.str());
        if (j.at("version").get<int>() != kTalkingPointsVersion)
            return plain_error("the talking points of " + index_directory.string() + " are of format version " +
                               std::to_string(j.at("version").get<int>()) + ", this presser reads version " +
                               std::to_string(kTalkingPointsVersion) + ": run `" + build_command(index_directory) + " --full`");
        auto& s = store.state;
        s.generation = j.at("generation").get<std::uint64_t>();
        s.index_generation = j.at("index_generation").get<std::uint64_t>();
        s.parameters = parameters_from(j.at("parameters"));
        s.segments = j.at("segments").get<std::vector<std::string>>();
        s.languages = j.at("languages").get<std::vector<std::string>>();
        s.language_events = j.at("language_events").get<std::map<std::string, std::uint64_t>>();
        for (const auto& f : j.at("files")) s.files.push_back({f.at("name").get<std::string>(), f.at("size").get<std::uint64_t>(),
                                                               std::stoull(f.at("checksum").get<std::string>(), nullptr, 16)});
        if (s.files.size() != 3) throw std::runtime_error("three files expected");
    } catch (const std::exception& e) {
        Error error = plain_error(std::string("unreadable talking-points state (") + e.what() + "): run `" + build_command(index_directory) + " --full`");
        error.file = state_path.string();
        return error;
    }
    auto fingerprints = open_verified(store.folder / store.state.files[0].name, store.state.files[0]);
    if (!fingerprints.ok()) return fingerprints.error();
    store.fingerprint_file = std::move(fingerprints.value());
    auto turns = open_verified(store.folder / store.state.files[1].name, store.state.files[1]);
    if (!turns.ok()) return turns.error();
    store.turn_file = std::move(turns.value());
    auto fingerprint_records = records<StoredFingerprint>(store.fingerprint_file, kFingerprintMagic, store.folder / store.state.files[0].name);
    if (!fingerprint_records.ok()) return fingerprint_records.error();
    store.fingerprints = fingerprint_records.value();
    auto turn_records = records<StoredTurn>(store.turn_file, kTurnMagic, store.folder / store.state.files[1].name);
    if (!turn_records.ok()) return turn_records.error();
    store.turns = turn_records.value();
    for (const auto& turn : store.turns)
        if (turn.segment >= store.state.segments.size() || turn.language >= store.state.languages.size()) {
            Error e = plain_error("a turn names a segment or language the state does not list");
            e.file = (store.folder / store.state.files[1].name).string();
            return e;
        }
    return store;
}

Result<TalkingPointSet> read_points(const TalkingPointStore& store) {
    const auto& info = store.state.files[2];
    const auto path = store.folder / info.name;
    auto file = open_verified(path, info);
    if (!file.ok()) return file.error();
    TalkingPointSet set;
    set.generation = store.state.generation;
    set.index_generation = store.state.index_generation;
    set.attribute = store.state.parameters.attribute;
    set.parameters = store.state.parameters;
    set.language_events = store.state.language_events;
    try {
        const auto j = nlohmann::json::parse(file->bytes());
        for (const auto& pj : j.at("points")) {
            TalkingPoint p;
            p.id = pj.at("id").get<std::uint64_t>();
            p.canonical = pj.at("canonical").get<std::string>();
            p.language = pj.at("language").get<std::string>();
            p.events = pj.at("events").get<std::uint64_t>();
            p.speakers = pj.at("speakers").get<std::uint64_t>();
            p.organisers = pj.at("organisers").get<std::uint64_t>();
            p.variants = pj.at("variants").get<std::uint64_t>();
            p.first_seen = pj.at("first_seen").get<std::string>();
            p.last_seen = pj.at("last_seen").get<std::string>();
            p.event_share = pj.at("event_share").get<double>();
            p.boilerplate = pj.at("boilerplate").get<bool>();
            for (const auto& oj : pj.at("occurrences")) p.occurrences.push_back(occurrence_from(oj));
            set.points.push_back(std::move(p));
        }
    } catch (const std::exception& e) {
        Error error = plain_error(std::string("unreadable talking points (") + e.what() + ")");
        error.file = path.string();
        return error;
    }
    return set;
}

namespace {

template <typename T>
Result<index::FileInfo> write_records(const fs::path& path, const char (&magic)[8], const std::vector<T>& values) {
    index::FileWriter out(path);
    out.write(magic, 8);
    out.put<std::uint64_t>(values.size());
    out.put_array(values);
    auto done = out.finish();
    if (!done.ok()) return done.error();
    return index::FileInfo{path.filename().string(), out.position(), out.checksum()};
}

}  // namespace

Result<bool> write_talking_point_store(const fs::path& index_directory, TalkingPointState& state,
                                       const std::vector<StoredFingerprint>& fingerprints, const std::vector<StoredTurn>& turns,
                                       const TalkingPointSet& points, const std::function<std::optional<Error>()>& before_commit) {
    const auto folder = index_directory / kTalkingPointsFolder;
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) return plain_error("cannot create " + folder.string() + ": " + ec.message());
    std::vector<index::FileInfo> previous_files = state.files;
    state.generation += 1;
    const auto suffix = std::to_string(state.generation);
    auto fingerprint_info = write_records(folder / ("fingerprints-" + suffix + ".bin"), kFingerprintMagic, fingerprints);
    if (!fingerprint_info.ok()) return fingerprint_info.error();
    auto turn_info = write_records(folder / ("turns-" + suffix + ".bin"), kTurnMagic, turns);
    if (!turn_info.ok()) return turn_info.error();
    nlohmann::json pj = {{"version", kTalkingPointsVersion}, {"points", nlohmann::json::array()}};
    for (const auto& p : points.points) pj["points"].push_back(to_json(p, true));
    const auto points_path = folder / ("points-" + suffix + ".json");
    const auto points_text = pj.dump();
    {
        index::FileWriter out(points_path);
        out.write(points_text);
        auto done = out.finish();
        if (!done.ok()) return done.error();
        state.files = {fingerprint_info.value(), turn_info.value(), {points_path.filename().string(), out.position(), out.checksum()}};
    }
    if (before_commit)
        if (auto stop = before_commit()) return *stop;
    nlohmann::json sj = {{"version", kTalkingPointsVersion}, {"generation", state.generation}, {"index_generation", state.index_generation},
                         {"parameters", parameters_json(state.parameters)}, {"segments", state.segments},
                         {"languages", state.languages}, {"language_events", state.language_events},
                         {"boilerplate_rule", std::string(boilerplate_rule())}, {"files", nlohmann::json::array()}};
    for (const auto& f : state.files) {
        char hex[17];
        std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(f.checksum));
        sj["files"].push_back({{"name", f.name}, {"size", f.size}, {"checksum", hex}});
    }
    auto committed = index::write_file_atomically(folder / kStateFile, sj.dump(2) + "\n");
    if (!committed.ok()) return committed.error();
    // The previous generation's files, and any left by an interrupted build, are not named any more.
    std::vector<std::string> keep;
    for (const auto& f : state.files) keep.push_back(f.name);
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const auto name = entry.path().filename().string();
        if (name == kStateFile || std::find(keep.begin(), keep.end(), name) != keep.end()) continue;
        if (name.starts_with("fingerprints-") || name.starts_with("turns-") || name.starts_with("points-")) fs::remove(entry.path(), ec);
    }
    (void)previous_files;
    return true;
}

namespace {

const char* operation_name(AlignmentOp::Kind kind) {
    switch (kind) {
        case AlignmentOp::Kind::equal: return "equal";
        case AlignmentOp::Kind::substitute: return "substitute";
        case AlignmentOp::Kind::insert: return "insert";
        case AlignmentOp::Kind::remove: return "remove";
    }
    return "equal";
}

}  // namespace

nlohmann::json to_json(const SimilarResult& result) {
    auto matches = nlohmann::json::array();
    for (const auto& m : result.matches) {
        auto row = to_json(m.occurrence);
        row["similarity"] = m.similarity;
        row["edits"] = m.edits;
        row["talking_point"] = m.talking_point ? nlohmann::json(*m.talking_point) : nlohmann::json(nullptr);
        auto ops = nlohmann::json::array();
        for (const auto& d : m.differences) ops.push_back({{"op", operation_name(d.kind)}, {"query", d.query}, {"text", d.text}});
        row["alignment"] = std::move(ops);
        matches.push_back(std::move(row));
    }
    return {{"query_tokens", result.query_tokens}, {"matches", std::move(matches)}};
}

}  // namespace presser::analysis
