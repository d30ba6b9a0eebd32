// build_index: parallel parse + analysis of source files, serial segment building, commits at file
// boundaries whenever a segment is written and at the end.
#include <xxhash.h>

#include <algorithm>
#include <condition_variable>
#include <future>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "index/index.h"
#include "index/index_writer.h"
#include "ingest/source_files.h"

namespace presser::index {
namespace {

// What a worker hands the committing thread for one source file.
struct FileResult {
    std::filesystem::path path;
    std::string key;  // absolute path, the manifest's key
    std::string root;  // absolute, SourceInfo::root
    std::string event_id;
    std::uint64_t hash = 0;
    std::uint64_t size = 0;
    bool unchanged = false;
    bool stream_serially = false;  // too large to hold: the committing thread streams it in parts
    std::optional<Error> error;
    std::vector<AnalysedEvent> events;
};

std::string manifest_key(const std::filesystem::path& path) {
    std::error_code error;
    auto absolute = std::filesystem::absolute(path, error);
    return (error ? path : absolute).lexically_normal().string();
}

std::string recorded_event_id(const std::string& key, const SourceInfo& source) {
    if (!source.event_id.empty()) return source.event_id;
    return source.root.empty() ? std::filesystem::path(key).stem().string() : ingest::relative_event_id(key, source.root);
}

// A source already in the index keeps its event id (stable across rebuilds); new sources get ids unique
// against every other source of the index and of this run.
std::map<std::filesystem::path, std::string> assign_event_ids(const ingest::SourceFiles& files, const Manifest& manifest) {
    std::map<std::filesystem::path, std::string> ids;
    std::set<std::string> taken;
    for (const auto& [key, source] : manifest.sources) taken.insert(recorded_event_id(key, source));
    ingest::SourceFiles fresh = files;
    std::erase_if(fresh.transcripts, [&](const std::filesystem::path& path) {
        const auto known = manifest.sources.find(manifest_key(path));
        if (known == manifest.sources.end()) return false;
        ids.emplace(path, recorded_event_id(known->first, known->second));
        return true;
    });
    auto fresh_ids = ingest::unique_event_ids(fresh, [&](const std::string& id) { return taken.contains(id); });
    ids.merge(fresh_ids);
    return ids;
}

// As manifest_key, without the trailing separator "DIR/" and "DIR/." leave.
std::string folder_key(const std::filesystem::path& folder) {
    std::filesystem::path key = manifest_key(folder);
    if (!key.has_filename() && key != key.root_path()) key = key.parent_path();
    return key.string();
}

Result<std::string> read_whole(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path.string(), std::nullopt, std::nullopt, "cannot read the file"};
    std::string bytes;
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    in.seekg(0);
    if (size > 0) {
        bytes.resize(static_cast<std::size_t>(size));
        in.read(bytes.data(), size);
        bytes.resize(static_cast<std::size_t>(in.gcount()));
    }
    return bytes;
}

Result<std::uint64_t> hash_file(const std::filesystem::path& path, std::uint64_t& size) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{path.string(), std::nullopt, std::nullopt, "cannot read the file"};
    XXH3_state_t* state = XXH3_createState();
    XXH3_64bits_reset(state);
    std::vector<char> buffer(1 << 20);
    size = 0;
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto n = static_cast<std::size_t>(in.gcount());
        XXH3_64bits_update(state, buffer.data(), n);
        size += n;
    }
    const auto hash = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    return hash;
}

FileResult prepare(const std::filesystem::path& path, const std::string& event_id, const Manifest& manifest,
                   const BuildOptions& options, EventAnalyzer& analyzer) {
    FileResult result;
    result.path = path;
    result.event_id = event_id;
    result.key = manifest_key(path);
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error) {
        result.error = Error{path.string(), std::nullopt, std::nullopt, "cannot read the file: " + error.message()};
        return result;
    }
    const auto known = manifest.sources.find(result.key);
    if (size > options.parse.max_part_bytes) {
        auto hash = hash_file(path, result.size);
        if (!hash) {
            result.error = hash.error();
            return result;
        }
        result.hash = hash.value();
        result.unchanged = known != manifest.sources.end() && known->second.hash == result.hash && known->second.size == result.size;
        result.stream_serially = !result.unchanged;
        return result;
    }
    auto bytes = read_whole(path);
    if (!bytes) {
        result.error = bytes.error();
        return result;
    }
    result.size = bytes->size();
    result.hash = XXH3_64bits(bytes->data(), bytes->size());
    if (known != manifest.sources.end() && known->second.hash == result.hash && known->second.size == result.size) {
        result.unchanged = true;
        return result;
    }
    ingest::ParseOptions parse = options.parse;
    if (parse.event_id.empty()) parse.event_id = event_id;
    auto events = ingest::parse_bytes(bytes.value(), path.string(), parse);
    if (!events) {
        result.error = events.error();
        return result;
    }
    for (auto& event : events.value()) result.events.push_back(analyzer.analyse(std::move(event), bytes.value()));
    return result;
}

// Feeds the segment builder in file order and commits. Segments are written in the background while the
// next one fills (so the budget is split between the two); a source is committed, and the events it
// replaces deleted, only once every one of its new events is in a written segment. A source's events enter
// the index whole or not at all: no commit shows a live event of a source it does not record, and the
// events of a file that fails part-way are deleted before any commit can show them.
class Committer {
public:
    Committer(IndexWriter& writer, const BuildOptions& options, BuildReport& report)
        : writer_(writer), options_(options), report_(report), builder_(std::make_unique<SegmentBuilder>()) {}

    ~Committer() {
        if (writing_.valid()) writing_.wait();
    }

    Result<bool> take(FileResult& file) {
        ++report_.files_seen;
        if (file.error) {
            if (file.error->not_transcript) report_.skipped.push_back(file.error->describe());
            else report_.failures.push_back(*file.error);
            return true;
        }
        report_.bytes_read += file.size;
        if (file.unchanged) {
            ++report_.files_unchanged;
            return true;
        }
        start_source(file);
        if (file.stream_serially) {
            std::optional<Error> failure;
            EventAnalyzer analyzer(6, answer_signals());
            ingest::ParseOptions parse = options_.parse;
            if (parse.event_id.empty()) parse.event_id = file.event_id;
            auto parsed = ingest::parse_file_streaming(file.path, parse, [&](model::Event&& event) {
                if (failure) return;
                // Parts of a huge file cannot be traced without holding it; they map from paragraph starts.
                add(analyzer.analyse(std::move(event), {}));
                if (over_budget())
                    if (auto written = start_segment(); !written) failure = written.error();
            });
            if (failure) return *failure;
            if (!parsed) {
                // Its parts already added are deleted now if their segment is written, else as soon as it is.
                for (const auto& location : pending_.events) discarded_.push_back(location);
                pending_ = {};
                delete_discarded_in_written_segments();
                report_.failures.push_back(parsed.error());
                return true;
            }
        } else {
            for (const auto& event : file.events) add(event);
        }
        finish_source();
        if (over_budget()) {
            // A file boundary: commit what the previous segment completed, then write this one.
            if (auto done = wait_for_segment(); !done) return done;
            if (auto done = commit(); !done) return done;
            if (auto done = start_segment(); !done) return done;
        }
        return true;
    }

    Result<bool> finish() {
        if (builder_->events() > 0)
            if (auto done = start_segment(); !done) return done;
        if (auto done = wait_for_segment(); !done) return done;
        return commit();
    }

    // After finish(): the sources recorded under one of `roots` (folders this build walked) whose file
    // is gone have their events deleted, in one more commit.
    Result<bool> forget_vanished(const std::set<std::string>& roots) {
        auto& manifest = writer_.manifest();
        std::vector<std::string> vanished;
        for (const auto& [key, source] : manifest.sources) {
            std::error_code error;  // set for a missing file too: only "not found" counts as gone
            if (roots.contains(source.root) && std::filesystem::symlink_status(key, error).type() == std::filesystem::file_type::not_found)
                vanished.push_back(key);
        }
        if (vanished.empty()) return true;
        for (const auto& key : vanished) {
            for (const auto& location : manifest.sources.at(key).events) delete_event(location);
            report_.events_deleted += manifest.sources.at(key).events.size();
            manifest.sources.erase(key);
        }
        std::erase_if(manifest.segments, [](const SegmentInfo& s) { return s.deleted_events.size() >= s.events; });
        return writer_.commit();
    }

private:
    [[nodiscard]] bool over_budget() const { return builder_->memory() > options_.memory_budget / 2; }

    void start_source(const FileResult& file) {
        pending_ = SourceInfo{file.hash, file.size, {}, file.root, file.event_id};
        pending_key_ = file.key;
    }

    void add(const AnalysedEvent& event) {
        const auto local = builder_->add(event);
        pending_.events.push_back({"", local});
        ++report_.events_added;
        report_.tokens_added += event.tokens.size();
    }

    void finish_source() {
        Finished finished{pending_key_, std::move(pending_), {}};
        const auto& sources = writer_.manifest().sources;
        if (const auto old = sources.find(pending_key_); old != sources.end()) {
            ++report_.files_replaced;
            finished.replaces = old->second.events;
            report_.events_deleted += finished.replaces.size();
        } else {
            ++report_.files_added;
        }
        finished_.push_back(std::move(finished));
        pending_ = {};
    }

    // Names the builder's segment, gives its events that name and writes it on a background thread.
    Result<bool> start_segment() {
        if (auto done = wait_for_segment(); !done) return done;
        const auto name = writer_.allocate_segment_name();
        auto name_events = [&](std::vector<EventLocation>& locations) {
            for (auto& location : locations)
                if (location.segment.empty()) location.segment = name;
        };
        for (auto& finished : finished_) name_events(finished.source.events);
        name_events(pending_.events);
        name_events(discarded_);
        writing_ = std::async(std::launch::async, [builder = std::move(builder_), path = writer_.directory() / name]() {
            return builder->write(path);
        });
        builder_ = std::make_unique<SegmentBuilder>();
        return true;
    }

    Result<bool> wait_for_segment() {
        if (!writing_.valid()) return true;
        auto info = writing_.get();
        if (!info) return info.error();
        ++report_.segments_written;
        writer_.manifest().segments.push_back(info.value());
        delete_discarded_in_written_segments();
        return true;
    }

    [[nodiscard]] bool written(const EventLocation& location) const {
        const auto& segments = writer_.manifest().segments;
        return std::any_of(segments.begin(), segments.end(), [&](const SegmentInfo& s) { return s.name == location.segment; });
    }

    // Discarded events still in the builder or in the segment being written wait for it.
    void delete_discarded_in_written_segments() {
        std::erase_if(discarded_, [&](const EventLocation& location) {
            if (!written(location)) return false;
            delete_event(location);
            return true;
        });
    }

    void delete_event(const EventLocation& location) {
        for (auto& segment : writer_.manifest().segments) {
            if (segment.name != location.segment) continue;
            auto& deleted = segment.deleted_events;
            if (!std::binary_search(deleted.begin(), deleted.end(), location.event))
                deleted.insert(std::upper_bound(deleted.begin(), deleted.end(), location.event), location.event);
        }
    }

    // Commits every finished source whose events are all in written segments.
    Result<bool> commit() {
        auto& manifest = writer_.manifest();
        auto is_written = [&](const EventLocation& location) { return written(location); };
        std::vector<Finished> waiting;
        for (auto& finished : finished_) {
            if (!std::all_of(finished.source.events.begin(), finished.source.events.end(), is_written)) {
                waiting.push_back(std::move(finished));
                continue;
            }
            for (const auto& location : finished.replaces) delete_event(location);
            manifest.sources[finished.key] = std::move(finished.source);
            sources_changed_ = true;
        }
        finished_ = std::move(waiting);
        // Segments whose events are all deleted are dropped.
        std::erase_if(manifest.segments, [](const SegmentInfo& s) { return s.deleted_events.size() >= s.events; });
        // A file read in parts can straddle segments: while some of its events are written and others not,
        // a commit would show part of it, so the commit waits for the rest (at the latest, finish()).
        const bool straddles = std::any_of(finished_.begin(), finished_.end(), [&](const Finished& f) {
            return std::any_of(f.source.events.begin(), f.source.events.end(), is_written);
        });
        if (straddles) return true;
        if (!sources_changed_ && report_.segments_written == committed_segments_) return true;
        committed_segments_ = report_.segments_written;
        sources_changed_ = false;
        return writer_.commit();
    }

    struct Finished {
        std::string key;
        SourceInfo source;
        std::vector<EventLocation> replaces;  // the source's previous events, deleted when this commits
    };

    IndexWriter& writer_;
    const BuildOptions& options_;
    BuildReport& report_;
    std::unique_ptr<SegmentBuilder> builder_;
    std::future<Result<SegmentInfo>> writing_;
    SourceInfo pending_;
    std::string pending_key_;
    std::vector<Finished> finished_;
    std::vector<EventLocation> discarded_;  // events of files that failed part-way, deleted once written
    std::uint64_t committed_segments_ = 0;
    bool sources_changed_ = false;  // since the last commit
};

}  // namespace

Result<BuildReport> build_index(const std::filesystem::path& directory, const std::vector<std::string>& sources,
                                const BuildOptions& options) {
    auto writer = IndexWriter::open(directory);
    if (!writer) return writer.error();
    BuildReport report;
    auto files = ingest::collect_source_files(sources);
    {
        // A file named twice (directly and through its folder) is ingested once.
        std::set<std::string> seen;
        std::erase_if(files.transcripts, [&](const std::filesystem::path& path) { return !seen.insert(manifest_key(path)).second; });
    }
    for (const auto& missing : files.errors) report.failures.push_back(plain_error(missing));  // "PATH: why"
    for (const auto& skipped : files.skipped) report.skipped.push_back(skipped.string());
    report.warnings = std::move(files.warnings);
    const Manifest snapshot = (*writer)->manifest();
    const auto event_ids = assign_event_ids(files, snapshot);

    const unsigned threads = std::max(1u, options.threads != 0 ? options.threads : std::thread::hardware_concurrency());
    const std::size_t window = static_cast<std::size_t>(threads) * 4;
    std::mutex mutex;
    std::condition_variable ready, room;
    std::map<std::size_t, FileResult> done;
    std::size_t next_to_take = 0;
    std::size_t next_to_start = 0;
    bool stop = false;

    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            EventAnalyzer analyzer(6, answer_signals());
            for (;;) {
                std::size_t index;
                {
                    std::unique_lock lock(mutex);
                    room.wait(lock, [&] { return stop || next_to_start < next_to_take + window; });
                    if (stop || next_to_start >= files.transcripts.size()) return;
                    index = next_to_start++;
                }
                auto result = prepare(files.transcripts[index], event_ids.at(files.transcripts[index]), snapshot, options, analyzer);
                result.root = folder_key(files.roots.at(files.transcripts[index]));
                {
                    std::lock_guard lock(mutex);
                    done.emplace(index, std::move(result));
                }
                ready.notify_all();
            }
        });
    }

    Committer committer(**writer, options, report);
    std::optional<Error> failure;
    BuildProgress progress{0, files.transcripts.size(), 0, 0};
    for (std::size_t i = 0; i < files.transcripts.size(); ++i) {
        FileResult result;
        {
            std::unique_lock lock(mutex);
            ready.wait(lock, [&] { return done.contains(i); });
            result = std::move(done.at(i));
            done.erase(i);
            next_to_take = i + 1;
        }
        room.notify_all();
        auto taken = committer.take(result);
        if (!taken) {
            failure = taken.error();
            break;
        }
        progress.files_done = i + 1;
        progress.bytes_done += result.size;
        progress.tokens_done = report.tokens_added;
        if (options.progress) options.progress(progress);
    }
    {
        std::lock_guard lock(mutex);
        stop = true;
    }
    room.notify_all();
    for (auto& worker : workers) worker.join();
    if (failure) return *failure;
    if (auto finished = committer.finish(); !finished) return finished.error();
    // A transcript recorded under a folder given again that is no longer there loses its events (a file
    // named directly is not walked: its absence is an error above, not a deletion).
    std::set<std::string> walked;
    for (const auto& source : sources) {
        std::error_code error;
        if (std::filesystem::is_directory(source, error)) walked.insert(folder_key(source));
    }
    if (auto forgotten = committer.forget_vanished(walked); !forgotten) return forgotten.error();
    return report;
}

}  // namespace presser::index
