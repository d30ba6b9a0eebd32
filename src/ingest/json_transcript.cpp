// Transcripts published as JSON: lists of speaker/text rows (in sections such as prepared_remarks and
// questions_and_answers, or under transcript/turns), participant lists with titles and firms, and the event's
// metadata. Each row's speech keeps the byte range of its JSON string; its blank lines split paragraphs.
#include <algorithm>
#include <array>

#include "ingest/build_steps.h"
#include "ingest/clock_time.h"
#include "ingest/format_parsers.h"
#include "ingest/json_tree.h"
#include "ingest/structured_speakers.h"
#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

using Keys = std::vector<std::string_view>;

const Keys kSpeakerKeys{"speaker", "speakername", "speakerlabel", "name", "who", "person", "participant"};
const Keys kTextKeys{"text", "speech", "content", "utterance", "words", "body", "paragraphs", "transcript",
                         "statement", "remarks", "dialogue", "message"};
const Keys kTitleKeys{"title", "speakertitle", "position", "office", "jobtitle"};
const Keys kAffiliationKeys{"affiliation", "affiliations", "company", "firm", "organisation", "organization",
                                "outlet", "media", "employer"};
const Keys kRoleKeys{"role", "speakerrole", "type", "speakertype", "group", "category", "side"};
const Keys kParticipantKeys{"participants", "speakers", "attendees", "people", "persons", "callparticipants",
                                "corporateparticipants", "conferencecallparticipants", "companyparticipants",
                                "executives", "analysts", "management", "officials", "journalists", "reporters",
                                "panelists", "panel", "presenters", "guests", "moderators", "operators"};
const Keys kMetadataKeys{"metadata", "meta", "event", "info", "header", "details", "call", "conference"};
const Keys kTimeKeys{"time", "timestamp", "start", "starttime", "begin", "offset", "timecode"};
constexpr std::size_t kMaxWalkDepth = 64;

bool key_in(std::string_view key, const Keys& keys) {
    std::string normalized = normalized_key(key);
    return std::find(keys.begin(), keys.end(), normalized) != keys.end();
}

// The first member of `object` whose key is one of `keys` (in the order of `keys`).
const JsonNode* member(const JsonNode& object, const Keys& keys) {
    if (object.kind != JsonNode::Kind::object) return nullptr;
    for (std::string_view wanted : keys)
        for (const auto& [key, value] : object.members)
            if (normalized_key(key) == wanted) return &value;
    return nullptr;
}

std::string scalar_of(const JsonNode* node) { return node && node->is_scalar() ? trim_copy(node->scalar) : std::string(); }

// A list of strings or a string: "Reuters" or ["Reuters", "AP"].
std::vector<std::string> strings_of(const JsonNode* node) {
    std::vector<std::string> out;
    if (!node) return out;
    if (node->is_scalar() && !trim_view(node->scalar).empty()) out.push_back(trim_copy(node->scalar));
    for (const JsonNode& item : node->items)
        if (item.is_scalar() && !trim_view(item.scalar).empty()) out.push_back(trim_copy(item.scalar));
    return out;
}

bool holds_text(const JsonNode& node) {
    if (node.is_string()) return true;
    return node.kind == JsonNode::Kind::array && !node.items.empty() &&
           std::all_of(node.items.begin(), node.items.end(), [](const JsonNode& item) { return item.is_string(); });
}

const JsonNode* speaker_of(const JsonNode& row) {
    const JsonNode* speaker = member(row, kSpeakerKeys);
    if (!speaker) return nullptr;
    if (speaker->is_string()) return speaker;
    if (speaker->kind == JsonNode::Kind::object && member(*speaker, {"name", "fullname"})) return speaker;
    return nullptr;
}

bool is_row(const JsonNode& node) {
    const JsonNode* text = member(node, kTextKeys);
    return speaker_of(node) && text && holds_text(*text);
}

// An array most of whose objects are speaker/text rows.
bool is_turn_list(const JsonNode& node) {
    if (node.kind != JsonNode::Kind::array) return false;
    std::size_t objects = 0, rows = 0;
    for (const JsonNode& item : node.items) {
        objects += item.kind == JsonNode::Kind::object;
        rows += is_row(item);
    }
    return rows > 0 && rows * 2 >= objects;
}

void find_turn_lists(const JsonNode& node, std::size_t depth, std::vector<const JsonNode*>& out) {
    if (depth > kMaxWalkDepth) return;
    if (is_turn_list(node)) {
        out.push_back(&node);
        return;
    }
    for (const JsonNode& item : node.items) find_turn_lists(item, depth + 1, out);
    for (const auto& [key, value] : node.members) find_turn_lists(value, depth + 1, out);
}

SpeakerEntry entry_of_object(const JsonNode& object, model::Role group_role) {
    SpeakerEntry entry;
    entry.name = scalar_of(member(object, {"name", "fullname", "speaker", "speakername", "person"}));
    entry.title = scalar_of(member(object, kTitleKeys));
    entry.affiliations = strings_of(member(object, kAffiliationKeys));
    entry.role = role_from_words(scalar_of(member(object, kRoleKeys)));
    if (entry.role == model::Role::unknown) entry.role = group_role;
    settle_role(entry);
    return entry;
}

// A participant list: strings ("Name--Title"), objects, an object of groups ({"executives": [...]}) or of
// names and titles ({"Alma Ruiz": "Chief Financial Officer"}).
void read_participants(const JsonNode& node, model::Role group_role, std::size_t depth, SpeakerDirectory& out) {
    if (depth > 4) return;
    for (const JsonNode& item : node.items) {
        if (item.is_string()) out.add(parse_participant_line(item.scalar, group_role));
        else if (item.kind == JsonNode::Kind::object) out.add(entry_of_object(item, group_role));
    }
    for (const auto& [key, value] : node.members) {
        model::Role role = role_from_words(key);
        if (role == model::Role::unknown) role = group_role;
        if (value.is_string()) out.add(parse_participant_line(key + "--" + value.scalar, role));
        else read_participants(value, role, depth + 1, out);
    }
}

void find_participants(const JsonNode& node, std::size_t depth, SpeakerDirectory& out) {
    if (depth > kMaxWalkDepth) return;
    for (const auto& [key, value] : node.members) {
        if (key_in(key, kParticipantKeys) && !is_turn_list(value)) read_participants(value, role_from_words(key), 0, out);
        else if (value.kind == JsonNode::Kind::object || value.kind == JsonNode::Kind::array) find_participants(value, depth + 1, out);
    }
    for (const JsonNode& item : node.items)
        if (item.kind == JsonNode::Kind::object && !is_row(item)) find_participants(item, depth + 1, out);
}

std::optional<model::PartialDate> date_of(const std::string& text) {
    if (text.empty()) return std::nullopt;
    if (auto iso = model::PartialDate::parse_iso(text.substr(0, 10))) return iso;
    if (auto found = find_date_in_text(text)) return found->date;
    return std::nullopt;
}

// Title, date, organiser, venue, language and address from the event's object and its metadata objects.
void read_metadata(const JsonNode& root, Draft& draft) {
    std::vector<const JsonNode*> holders{&root};
    for (const auto& [key, value] : root.members)
        if (key_in(key, kMetadataKeys) && value.kind == JsonNode::Kind::object) holders.push_back(&value);
    auto first = [&](const Keys& keys) {
        for (const JsonNode* holder : holders)
            if (std::string value = scalar_of(member(*holder, keys)); !value.empty()) return value;
        return std::string();
    };
    draft.title = collapse_spaces(first({"title", "eventtitle", "headline", "eventname", "event", "name"}));
    draft.declared_date = date_of(first({"date", "eventdate", "calldate", "datetime", "startdate", "published", "publisheddate"}));
    draft.organiser = first({"organiser", "organizer", "company", "companyname", "organisation", "organization", "host", "issuer"});
    draft.venue = first({"venue", "location", "place", "city"});
    draft.language = first({"language", "lang", "locale"});
    draft.source_url = first({"url", "sourceurl", "link"});
}

SpeakerEntry row_facts(const JsonNode& row) {
    const JsonNode* speaker = speaker_of(row);
    if (speaker && speaker->kind == JsonNode::Kind::object) return entry_of_object(*speaker, model::Role::unknown);
    SpeakerEntry entry;
    entry.title = scalar_of(member(row, {"speakertitle", "title", "position", "office", "jobtitle"}));
    entry.affiliations = strings_of(member(row, kAffiliationKeys));
    entry.role = role_from_words(scalar_of(member(row, kRoleKeys)));
    return entry;
}

void add_row(const JsonNode& row, const SpeakerDirectory& participants, const std::string& text, Draft& draft) {
    const JsonNode* text_node = member(row, kTextKeys);
    if (!text_node) return;
    std::vector<model::Paragraph> paragraphs;
    auto take = [&](const JsonNode& string) {
        for (model::Paragraph& paragraph : paragraphs_of(mapped_string(string, text))) paragraphs.push_back(std::move(paragraph));
    };
    if (text_node->is_string()) take(*text_node);
    for (const JsonNode& item : text_node->items)
        if (item.is_string()) take(item);
    if (paragraphs.empty()) return;
    std::optional<Label> label;
    if (const JsonNode* speaker = speaker_of(row)) {
        SpeakerEntry facts = row_facts(row);
        std::string name = speaker->is_string() ? speaker->scalar : facts.name;
        if (!trim_view(name).empty()) label = structured_label(name, participants.find(collapse_spaces(name)), facts);
    }
    std::optional<std::uint32_t> time = parse_clock_time(scalar_of(member(row, kTimeKeys)));
    for (model::Paragraph& paragraph : paragraphs) {
        DraftBlock block;
        block.paragraph = std::move(paragraph);
        block.label = std::exchange(label, std::nullopt);
        block.time_offset = std::exchange(time, std::nullopt);
        draft.blocks.push_back(std::move(block));
    }
}

Draft draft_of(const JsonNode& root, const std::vector<const JsonNode*>& lists, const SourceText& source) {
    Draft draft;
    draft.source = source.path;
    draft.source_text = &source.text;
    draft.source_format = "json";
    draft.source_encoding = source.encoding;
    draft.warnings = source.warnings;
    if (root.kind == JsonNode::Kind::object) read_metadata(root, draft);
    SpeakerDirectory participants;
    find_participants(root, 0, participants);
    for (const JsonNode* list : lists)
        for (const JsonNode& row : list->items)
            if (row.kind == JsonNode::Kind::object) add_row(row, participants, source.text, draft);
    return draft;
}

Error not_a_transcript(const SourceText& source, const std::string& why) { return not_transcript_error(source.path, why); }

}  // namespace

Result<std::vector<Draft>> parse_json_drafts(const SourceText& source) {
    auto parsed = parse_json_tree(source);
    if (!parsed) {
        std::optional<JsonNode> lines = parse_json_lines(source);
        if (!lines) return parsed.error();
        parsed = std::move(*lines);
    }
    const JsonNode& root = parsed.value();
    // An array of events, each with its own turns, is one event per item.
    std::vector<const JsonNode*> roots;
    if (root.kind == JsonNode::Kind::array && !is_turn_list(root))
        for (const JsonNode& item : root.items) {
            std::vector<const JsonNode*> lists;
            find_turn_lists(item, 1, lists);
            if (!lists.empty()) roots.push_back(&item);
        }
    if (roots.size() < 2) roots = {&root};

    std::vector<Draft> drafts;
    for (const JsonNode* event_root : roots) {
        std::vector<const JsonNode*> lists;
        find_turn_lists(*event_root, 0, lists);
        if (lists.empty()) continue;
        Draft draft = draft_of(*event_root, lists, source);
        if (!draft.blocks.empty()) drafts.push_back(std::move(draft));
    }
    if (!drafts.empty()) return drafts;
    if (!root.is_scalar() && root.kind != JsonNode::Kind::null) {
        std::vector<const JsonNode*> lists;
        find_turn_lists(root, 0, lists);
        if (!lists.empty()) return not_a_transcript(source, "its speaker/text rows hold no text");
    }
    return not_a_transcript(source,
                            "JSON with no list of speaker/text rows (objects with a speaker field such as \"speaker\" "
                            "or \"name\" and a text field such as \"text\" or \"speech\")");
}

}  // namespace presser::ingest
