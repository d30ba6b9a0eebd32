// A ConvoKit corpus directory (utterances.jsonl, speakers.json, conversations.json, corpus.json, index.json)
// that convokit's Corpus(filename=...) loads: one conversation per event, one utterance per turn, an answer
// replying to its exchange's question and every other turn to the turn before it.
#include <chrono>
#include <fstream>
#include <algorithm>
#include <map>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "export/buffered_output.h"
#include "export/event_walk.h"

namespace presser::exports {

namespace {

using Json = nlohmann::json;
// The speaker of turns nobody speaks (narration, stage directions): ConvoKit needs one on every utterance.
constexpr std::string_view kNoSpeaker = "(transcript)";

std::string utterance_id(const model::Event& event, const model::Turn& turn) { return event.id + "/" + turn.id; }

// ConvoKit's speaker id: the canonical name, which is the same person across events; an anonymous speaker
// ("Q") is one per event.
std::string speaker_id(const model::Event& event, const model::Speaker* speaker) {
    if (speaker == nullptr) return std::string(kNoSpeaker);
    return speaker->name.empty() ? event.id + "/" + speaker->id : speaker->name;
}

// Seconds since 1970 of the event's date (its first day when only the year or month is known), 0 when
// unknown; turns follow one second apart (or at their stamped offset), so utterances sort in order.
std::int64_t event_seconds(const model::PartialDate& date) {
    if (date.year == 0) return 0;
    const std::chrono::year_month_day day{std::chrono::year(date.year), std::chrono::month(date.month ? date.month : 1),
                                          std::chrono::day(date.day ? date.day : 1)};
    if (!day.ok()) return 0;
    return std::chrono::sys_seconds(std::chrono::sys_days(day)).time_since_epoch().count();
}

struct SpeakerMeta {
    std::string name, role, title;
    std::vector<std::string> outlets;
};

class ConvokitWriter {
public:
    explicit ConvokitWriter(std::ostream& utterances) : output_(utterances) {}

    bool event(const WalkedEvent& walked) {
        const auto& event = walked.model;
        std::unordered_map<std::string_view, std::string_view> question_of_answer;  // answer turn -> its question
        std::unordered_map<std::string_view, std::string_view> exchange_of_turn;
        for (const auto& exchange : event.exchanges) {
            for (const auto& id : exchange.questions) exchange_of_turn[id] = exchange.id;
            for (const auto& id : exchange.answers) {
                exchange_of_turn[id] = exchange.id;
                if (!exchange.questions.empty()) question_of_answer[id] = exchange.questions.back();
            }
        }
        std::unordered_map<std::string_view, bool> written;  // turn id -> in this export
        for (std::size_t t = 0; t < event.turns.size(); ++t) written[event.turns[t].id] = walked.selected[t];
        std::string conversation;
        const model::Turn* previous = nullptr;
        const auto base = event_seconds(event.date);
        for (std::size_t t = 0; t < event.turns.size(); ++t) {
            if (!walked.selected[t]) continue;
            const auto& turn = event.turns[t];
            const auto* speaker = turn.speaker.empty() ? nullptr : event.find_speaker(turn.speaker);
            const auto id = utterance_id(event, turn);
            if (conversation.empty()) conversation = id;
            Json reply_to = nullptr;
            if (const auto question = question_of_answer.find(turn.id); question != question_of_answer.end()) {
                if (written[question->second]) reply_to = event.id + "/" + std::string(question->second);
            } else if (previous != nullptr) {
                reply_to = utterance_id(event, *previous);
            }
            std::string text;
            Json paragraphs = Json::array();
            for (const auto& paragraph : turn.paragraphs) {
                if (!text.empty()) text += "\n\n";
                text += paragraph.text;
                paragraphs.push_back({paragraph.range.start, paragraph.range.end});
            }
            const auto exchange = exchange_of_turn.find(turn.id);
            Json meta = {{"event_id", event.id},
                         {"turn_id", turn.id},
                         {"kind", model::to_string(turn.kind)},
                         {"role", speaker ? std::string(model::to_string(speaker->role)) : ""},
                         {"outlet", speaker ? join(speaker->affiliations) : ""},
                         {"exchange_id", exchange == exchange_of_turn.end() ? "" : std::string(exchange->second)},
                         {"tokens", walked.turn_tokens[t]},
                         {"source", event.source},
                         {"byte_ranges", std::move(paragraphs)}};
            Json utterance = {{"id", id},
                              {"speaker", speaker_id(event, speaker)},
                              {"conversation_id", conversation},
                              {"reply_to", reply_to},
                              {"timestamp", base + static_cast<std::int64_t>(turn.time_offset.value_or(static_cast<std::uint32_t>(t)))},
                              {"text", text},
                              {"meta", std::move(meta)},
                              {"vectors", Json::array()}};
            buffer_ += utterance.dump(-1, ' ', false, Json::error_handler_t::replace);
            buffer_ += '\n';
            if (speakers_ != nullptr) {
                auto& entry = (*speakers_)[speaker_id(event, speaker)];
                if (speaker != nullptr && entry.name.empty() && entry.role.empty()) {
                    entry.name = speaker->name;
                    entry.role = std::string(model::to_string(speaker->role));
                    entry.title = speaker->title;
                }
                if (speaker != nullptr)
                    for (const auto& outlet : speaker->affiliations)
                        if (std::find(entry.outlets.begin(), entry.outlets.end(), outlet) == entry.outlets.end()) entry.outlets.push_back(outlet);
            }
            previous = &turn;
        }
        if (conversations_ != nullptr && !conversation.empty()) {
            (*conversations_) << Json(conversation).dump() << ": "
                              << Json{{"meta", {{"event_id", event.id}, {"title", event.title}, {"date", event.date.to_string()},
                                                {"organiser", event.organiser}, {"venue", event.venue}, {"language", event.language},
                                                {"source", event.source}}},
                                      {"vectors", Json::array()}}
                                     .dump(-1, ' ', false, Json::error_handler_t::replace);
        }
        return output_.spill();
    }
    bool finish() {
        return output_.finish();
    }
    std::map<std::string, SpeakerMeta>* speakers_ = nullptr;
    std::ostream* conversations_ = nullptr;  // the conversations.json object's members, comma-separated
    bool first_conversation_ = true;

private:
    static std::string join(const std::vector<std::string>& parts) {
        std::string out;
        for (const auto& part : parts) out += (out.empty() ? "" : "; ") + part;
        return out;
    }
    BufferedOutput output_;
    std::string& buffer_ = output_.text;
};

Error io_error(const std::filesystem::path& path, const std::string& what) { return Error{path.string(), std::nullopt, std::nullopt, what}; }

// A field -> type member of index.json, as ConvoKit's own dump writes it.
Json types(std::initializer_list<std::pair<const char*, const char*>> fields) {
    Json out = Json::object();
    for (const auto& [name, type] : fields) out[name] = Json::array({std::string("<class '") + type + "'>"});
    return out;
}

}  // namespace

Result<bool> write_convokit_utterances(const index::Index& index, const Selection& selection, const ExportInfo&, std::ostream& out) {
    ConvokitWriter writer(out);
    auto walked = walk_events(index, selection, [&](const WalkedEvent& event) { return writer.event(event); });
    if (!walked) return walked;
    if (!writer.finish()) return plain_error("cannot write the ConvoKit utterances");
    return true;
}

Result<bool> write_convokit(const index::Index& index, const Selection& selection, const ExportInfo& info,
                            const std::filesystem::path& directory) {
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error) return io_error(directory, "cannot create the ConvoKit corpus directory: " + error.message());
    std::ofstream utterances(directory / "utterances.jsonl", std::ios::binary);
    // Conversations are streamed into a file of their own as they come, then wrapped into the JSON object.
    std::ofstream conversations(directory / "conversations.json", std::ios::binary);
    if (!utterances || !conversations) return io_error(directory, "cannot create the ConvoKit files");
    std::map<std::string, SpeakerMeta> speakers;
    ConvokitWriter writer(utterances);
    writer.speakers_ = &speakers;
    bool first = true;
    conversations << "{";
    auto walked = walk_events(index, selection, [&](const WalkedEvent& event) {
        std::ostringstream member;
        writer.conversations_ = &member;
        const bool ok = writer.event(event);
        if (!member.str().empty()) {
            conversations << (first ? "\n" : ",\n") << member.str();
            first = false;
        }
        return ok && static_cast<bool>(conversations);
    });
    if (!walked) return walked;
    conversations << "\n}\n";
    if (!writer.finish() || !conversations.flush()) return io_error(directory, "cannot write the ConvoKit files");

    Json speaker_json = Json::object();
    for (const auto& [id, meta] : speakers)
        speaker_json[id] = {{"meta", {{"name", meta.name}, {"role", meta.role}, {"title", meta.title}, {"outlets", meta.outlets}}},
                            {"vectors", Json::array()}};
    std::ofstream(directory / "speakers.json", std::ios::binary) << speaker_json.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
    const Json corpus = {{"name", info.corpus}, {"generator", "presser " + std::string(presser_version())},
                         {"selection", info.selection}, {"exported", info.date}, {"provenance", info.provenance()}};
    std::ofstream(directory / "corpus.json", std::ios::binary) << corpus.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
    const Json index_json = {
        {"utterances-index", types({{"event_id", "str"}, {"turn_id", "str"}, {"kind", "str"}, {"role", "str"}, {"outlet", "str"},
                                    {"exchange_id", "str"}, {"tokens", "int"}, {"source", "str"}, {"byte_ranges", "list"}})},
        {"speakers-index", types({{"name", "str"}, {"role", "str"}, {"title", "str"}, {"outlets", "list"}})},
        {"conversations-index", types({{"event_id", "str"}, {"title", "str"}, {"date", "str"}, {"organiser", "str"},
                                       {"venue", "str"}, {"language", "str"}, {"source", "str"}})},
        {"overall-index", types({{"name", "str"}, {"generator", "str"}, {"selection", "str"}, {"exported", "str"}, {"provenance", "str"}})},
        {"version", 1},
        {"vectors", Json::array()}};
    std::ofstream index_file(directory / "index.json", std::ios::binary);
    index_file << index_json.dump() << "\n";
    if (!index_file.flush()) return io_error(directory / "index.json", "cannot write the ConvoKit index");
    return true;
}

}  // namespace presser::exports
