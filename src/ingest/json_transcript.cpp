// Transcripts published as JSON: lists of speaker/text rows (in sections such as prepared_remarks and
// questions_and_answers, or under transcript/turns), participant lists with titles and firms, and the event's
// metadata. Each row's speech keeps the byte range of its JSON string; its blank lines split paragraphs.
#include <algorithm>
#include <array>

#include "ingest/build_steps.h"
#include "ingest/clock_time.h"
#include "ingest/format_parsers.h"
#include "ingest/json_tree.h"
#include "ingest/parser.h"
#include "ingest/structured_speakers.h"
#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

using Keys = std::vector<std::string_view>;

const Keys kSpeakerKeys{"speaker", "speakername", "speakerlabel", "name", "who", "person", "participant"};
// A row may name its speaker by a participant's id instead: {"speaker_id": 3, "text": ...}.
const Keys kSpeakerIdKeys{"speakerid", "participantid", "personid", "speakerref"};
const Keys kIdKeys{"id", "speakerid", "participantid", "personid"};
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
    const JsonNode* found = nullptr;
    std::size_t rank = keys.size();
    for (const auto& [key, value] : object.members) {
        auto at = std::find(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(rank), normalized_key(key));
        if (at == keys.begin() + static_cast<std::ptrdiff_t>(rank)) continue;
        rank = static_cast<std::size_t>(at - keys.begin());
        found = &value;
    }
    return found;
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

const JsonNode* speaker_id_of(const JsonNode& row) {
    const JsonNode* id = member(row, kSpeakerIdKeys);
    return id && id->is_scalar() ? id : nullptr;
}

bool is_row(const JsonNode& node) {
    const JsonNode* text = member(node, kTextKeys);
    return (speaker_of(node) || speaker_id_of(node)) && text && holds_text(*text);
}

// The participants of an event: by name, and the names of those the rows refer to by id.
struct Participants {
    SpeakerDirectory directory;
    std::vector<std::pair<std::string, std::string>> names_by_id;

    [[nodiscard]] std::string name_of(const std::string& id) const {
        for (const auto& [known, name] : names_by_id)
            if (known == id) return name;
        return {};
    }
};

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
void read_participants(const JsonNode& node, model::Role group_role, std::size_t depth, Participants& out) {
    if (depth > 4) return;
    for (const JsonNode& item : node.items) {
        if (item.is_string()) out.directory.add(parse_participant_line(item.scalar, group_role));
        if (item.kind != JsonNode::Kind::object) continue;
        SpeakerEntry entry = entry_of_object(item, group_role);
        if (std::string id = scalar_of(member(item, kIdKeys)); !id.empty()) out.names_by_id.emplace_back(id, entry.name);
        out.directory.add(std::move(entry));
    }
    for (const auto& [key, value] : node.members) {
        model::Role role = role_from_words(key);
        if (role == model::Role::unknown) role = group_role;
        if (value.is_string()) out.directory.add(parse_participant_line(key + "--" + value.scalar, role));
        else read_participants(value, role, depth + 1, out);
    }
}

void find_participants(const JsonNode& node, std::size_t depth, Participants& out) {
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
    auto set = [](std::string& field, std::string value) {
        if (!value.empty()) field = std::move(value);
    };
    set(draft.title, collapse_spaces(first({"title", "eventtitle", "headline", "eventname", "event", "name"})));
    if (auto date = date_of(first({"date", "eventdate", "calldate", "datetime", "startdate", "published", "publisheddate"})))
        draft.declared_date = date;
    set(draft.organiser, first({"organiser", "organizer", "company", "companyname", "organisation", "organization", "host", "issuer"}));
    set(draft.venue, first({"venue", "location", "place", "city"}));
    set(draft.language, first({"language", "lang", "locale"}));
    set(draft.source_url, first({"url", "sourceurl", "link"}));
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

void add_row(const JsonNode& row, const Participants& participants, const std::string& text, Draft& draft) {
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
    SpeakerEntry facts = row_facts(row);
    std::string name;
    if (const JsonNode* speaker = speaker_of(row)) name = speaker->is_string() ? speaker->scalar : facts.name;
    else if (const JsonNode* id = speaker_id_of(row)) name = participants.name_of(trim_copy(id->scalar));
    if (!trim_view(name).empty()) label = structured_label(name, participants.directory.find(collapse_spaces(name)), facts);
    std::optional<std::uint32_t> time = parse_clock_time(scalar_of(member(row, kTimeKeys)));
    append_row_blocks(draft, paragraphs, std::move(label), time);
}

Draft draft_of(const JsonNode& root, const std::vector<const JsonNode*>& lists, const SourceText& source) {
    Draft draft;
    draft.source = source.path;
    draft.source_text = &source.text;
    draft.source_format = "json";
    draft.source_encoding = source.encoding;
    draft.warnings = source.warnings;
    if (root.kind == JsonNode::Kind::object) read_metadata(root, draft);
    Participants participants;
    find_participants(root, 0, participants);
    for (const JsonNode* list : lists)
        for (const JsonNode& row : list->items)
            if (row.kind == JsonNode::Kind::object) add_row(row, participants, source.text, draft);
    return draft;
}

const Keys kBodyKeys{"transcript", "text", "body", "content", "fulltext", "speech", "html", "rendered"};
constexpr std::size_t kMinBodyBytes = 80;

// The longest string under a body key in `node` or the objects right inside it ({"content": {"rendered": ...}}).
const JsonNode* body_string(const JsonNode& node, std::size_t depth = 0) {
    const JsonNode* best = nullptr;
    for (const auto& [key, value] : node.members) {
        const JsonNode* found = nullptr;
        if (value.is_string() && key_in(key, kBodyKeys)) found = &value;
        else if (value.kind == JsonNode::Kind::object && depth == 0) found = body_string(value, 1);
        if (found && (!best || found->scalar.size() > best->scalar.size())) best = found;
    }
    return best;
}

void map_range(model::ByteRange& range, const MappedText& mapped) {
    range = {mapped.origin[std::min<std::size_t>(range.start, mapped.text.size())],
             mapped.origin[std::min<std::size_t>(range.end, mapped.text.size())]};
}

// A record whose transcript is one string ({"title": ..., "transcript": "MS. PSAKI: Good afternoon..."}): the
// string read as a text, Markdown or HTML transcript, its ranges mapped back into the JSON string. Only when
// the string has speaker labels: an article's body is no transcript.
std::optional<Draft> embedded_transcript(const JsonNode& root, const SourceText& source) {
    const JsonNode* body = body_string(root);
    if (!body || body->scalar.size() < kMinBodyBytes) return std::nullopt;
    MappedText mapped = mapped_string(*body, source.text);
    SourceText inner;
    inner.path = source.path;
    inner.text = mapped.text;
    Format format = sniff_format(inner.text, "");
    std::optional<Draft> draft;
    if (format == Format::html) {
        if (auto html = parse_html_draft(inner)) draft = std::move(html.value());
    } else if (format == Format::text || format == Format::markdown) {
        draft = parse_text_draft(inner, format == Format::markdown);
    }
    if (!draft || std::none_of(draft->blocks.begin(), draft->blocks.end(), [](const DraftBlock& b) { return b.label.has_value(); }))
        return std::nullopt;
    for (DraftBlock& block : draft->blocks) {
        map_range(block.paragraph.range, mapped);
        for (model::Aside& aside : block.paragraph.asides) map_range(aside.range, mapped);
        if (block.unlabeled) {
            map_range(block.unlabeled->range, mapped);
            for (model::Aside& aside : block.unlabeled->asides) map_range(aside.range, mapped);
        }
    }
    draft->source_text = &source.text;
    draft->source_format = "json";
    draft->source_encoding = source.encoding;
    draft->warnings = source.warnings;
    read_metadata(root, *draft);
    return draft;
}

// One event's draft: its speaker/text rows, else a transcript written as one string.
std::optional<Draft> event_draft(const JsonNode& root, const SourceText& source) {
    std::vector<const JsonNode*> lists;
    find_turn_lists(root, 0, lists);
    if (lists.empty()) return root.kind == JsonNode::Kind::object ? embedded_transcript(root, source) : std::nullopt;
    Draft draft = draft_of(root, lists, source);
    if (draft.blocks.empty()) return std::nullopt;
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
    std::vector<Draft> drafts;
    // An array of events (records), each with its own turns or transcript, is one event per item.
    if (root.kind == JsonNode::Kind::array && !is_turn_list(root))
        for (const JsonNode& item : root.items)
            if (auto draft = event_draft(item, source)) drafts.push_back(std::move(*draft));
    if (drafts.empty())
        if (auto draft = event_draft(root, source)) drafts.push_back(std::move(*draft));
    if (!drafts.empty()) return drafts;
    std::vector<const JsonNode*> lists;
    find_turn_lists(root, 0, lists);
    if (!lists.empty()) return not_a_transcript(source, "its speaker/text rows hold no text");
    return not_a_transcript(source, "JSON with no speaker/text rows (objects with fields such as \"speaker\" and "
                                    "\"text\") and no transcript text with speaker labels");
}

}  // namespace presser::ingest
