#include "ingest/transcript_builder.h"

#include <algorithm>
#include <limits>
#include <map>

#include "ingest/build_steps.h"
#include "ingest/inline_markup.h"
#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

using model::TurnKind;

constexpr std::size_t kHeaderBytes = 4000;

// A weak label ("Qin Gang:", "汪文斌：") is a speaker only if the document uses it twice or names it in
// its title or header; otherwise the paragraph just begins with a word and a colon.
// Whether the document opens its turns with weak labels ("Theo Grant:"): most paragraphs from the first
// label on begin with a label, and most labels are weak ones that recur. Then a weak label used once (an
// analyst with one question) is a label too.
bool opens_turns_with_weak_labels(const Draft& draft, std::map<std::string, int>& uses) {
    std::size_t paragraphs = 0;
    std::size_t labelled = 0;
    std::size_t weak = 0;
    std::size_t recurring = 0;
    for (const DraftBlock& block : draft.blocks) {
        if (block.heading || (!block.label && labelled == 0)) continue;
        ++paragraphs;
        if (!block.label) continue;
        ++labelled;
        if (!block.label->weak) continue;
        ++weak;
        if (uses[block.label->key] >= 2) ++recurring;
    }
    return recurring >= 3 && labelled * 5 >= paragraphs * 3 && weak * 2 >= labelled;
}

void validate_weak_labels(Draft& draft) {
    std::map<std::string, int> uses;
    for (const DraftBlock& block : draft.blocks)
        if (block.label && block.label->weak) ++uses[block.label->key];
    if (opens_turns_with_weak_labels(draft, uses)) return;
    std::string header = draft.title;
    for (const DraftBlock& block : draft.blocks) {
        if (header.size() > kHeaderBytes) break;
        if (block.label && !block.label->weak) break;
        header += "\n" + (block.unlabeled ? block.unlabeled->text : block.paragraph.text);
    }
    for (DraftBlock& block : draft.blocks) {
        if (!block.label || !block.label->weak) continue;
        bool named_in_header = header.find(block.label->text) != std::string::npos;
        if (uses[block.label->key] >= 2 || named_in_header) continue;
        if (block.unlabeled) block.paragraph = std::move(*block.unlabeled);
        block.label.reset();
        block.unlabeled.reset();
    }
}

std::string header_text(const Draft& draft) {
    std::string header = draft.title;
    for (const model::EventField& field : draft.fields) header += "\n" + field.name + ": " + field.value;
    for (const DraftBlock& block : draft.blocks) {
        if (block.label || header.size() > kHeaderBytes) break;
        header += "\n" + block.paragraph.text;
    }
    return header;
}

// How many blocks at the end are closing notes about the source.
std::size_t trailing_source_notes(const Draft& draft) {
    std::size_t count = 0;
    for (std::size_t i = draft.blocks.size(); i > 0 && count < 3; --i) {
        const DraftBlock& block = draft.blocks[i - 1];
        if (block.label || !is_source_note(block.paragraph.text)) break;
        ++count;
    }
    return count;
}

void assemble_turns(Workspace& work, Draft& draft) {
    model::Event& event = work.event;
    const std::size_t notes_from = draft.blocks.size() - trailing_source_notes(draft);
    bool seen_label = false;
    std::size_t non_speech_turn = std::numeric_limits<std::size_t>::max();  // index of the last non-speech line's turn
    for (std::size_t i = 0; i < draft.blocks.size(); ++i) {
        DraftBlock& block = draft.blocks[i];
        model::Turn* current = event.turns.empty() ? nullptr : &event.turns.back();
        TurnKind kind;
        std::string speaker_id;
        bool non_speech = false;
        if (i >= notes_from) {
            kind = TurnKind::source_note;
            if (!event.source_note.empty()) event.source_note += " ";
            event.source_note += block.paragraph.text;
        } else if (block.label) {
            seen_label = true;
            int index = work.find_or_add_speaker(*block.label);
            speaker_id = event.speakers[static_cast<std::size_t>(index)].id;
            kind = TurnKind::statement;  // refined by classify_turns_and_build_exchanges
        } else if (block.editorial) {
            kind = *block.editorial;
        } else if (block.heading) {
            kind = TurnKind::narration;
        } else if (is_stage_direction(block.paragraph.text)) {
            kind = TurnKind::stage_direction;
        } else if (is_non_speech_line(block.paragraph.text)) {
            // "11:42 A.M. EDT", "---", "VE 1065.": not the speaker's words; narration of its own.
            kind = TurnKind::narration;
            non_speech = true;
        } else if (current && current->kind != TurnKind::stage_direction && current->kind != TurnKind::source_note &&
                   non_speech_turn != event.turns.size() - 1) {
            // Unlabelled paragraphs continue the turn before them.
            current->paragraphs.push_back(std::move(block.paragraph));
            continue;
        } else if (current && (current->kind == TurnKind::stage_direction || non_speech_turn == event.turns.size() - 1) &&
                   event.turns.size() >= 2 && !event.turns[event.turns.size() - 2].speaker.empty()) {
            // "(Laughter.)" inside an answer: the speaker goes on after it.
            speaker_id = event.turns[event.turns.size() - 2].speaker;
            kind = TurnKind::statement;
        } else {
            kind = TurnKind::narration;
        }

        bool same_speaker = current && !speaker_id.empty() && current->speaker == speaker_id;
        bool same_narration = current && kind == TurnKind::narration && current->kind == TurnKind::narration &&
                              !block.heading && current->speaker.empty();
        if (!same_speaker && !same_narration) {
            model::Turn turn;
            turn.id = "t" + std::to_string(event.turns.size() + 1);
            turn.speaker = speaker_id;
            turn.kind = kind;
            turn.time_offset = block.time_offset;
            event.turns.push_back(std::move(turn));
            current = &event.turns.back();
        }
        if (non_speech) non_speech_turn = event.turns.size() - 1;
        // A label with nothing after it ("**PREGUNTA:**" alone on its line) opens the turn without a paragraph.
        if (!block.paragraph.text.empty()) current->paragraphs.push_back(std::move(block.paragraph));
    }
    // Turns that ended up with no paragraph at all carry no text; drop them.
    std::erase_if(event.turns, [](const model::Turn& turn) { return turn.paragraphs.empty(); });
    for (std::size_t i = 0; i < event.turns.size(); ++i) event.turns[i].id = "t" + std::to_string(i + 1);
    if (!seen_label) event.warnings.push_back("no speaker labels found: the text is read as narration");
}

// A transcript with no title often opens with an announcement ("The First Session of the 14th NPC held a
// press conference on the 7th. Foreign Minister Qin Gang answered ..."): its first sentence names the event.
std::string title_from_opening(const Draft& draft) {
    if (draft.blocks.empty()) return {};
    const DraftBlock& first = draft.blocks.front();
    if (first.label || first.editorial || first.heading) return {};
    std::string_view text = trim_view(first.paragraph.text);
    constexpr std::string_view kAbbreviations[] = {"Mr", "Mrs", "Ms", "Dr", "St", "No", "Sr", "Jr", "Gen", "Gov", "Sen", "Rep"};
    std::size_t end = std::string_view::npos;
    for (std::size_t at = 0; at < text.size() && end == std::string_view::npos; ++at) {
        if (text.compare(at, 3, "\xE3\x80\x82") == 0) end = at + 3;  // 。
        else if ((text[at] == '.' || text[at] == '!' || text[at] == '?') && (at + 1 == text.size() || text[at + 1] == ' ')) {
            std::size_t word = text.find_last_of(' ', at);
            std::string_view last = text.substr(word == std::string_view::npos ? 0 : word + 1, at - (word == std::string_view::npos ? 0 : word + 1));
            bool abbreviation = last.size() <= 1 || std::find(std::begin(kAbbreviations), std::end(kAbbreviations), last) != std::end(kAbbreviations);
            if (!abbreviation) end = at + 1;
        }
    }
    if (end == std::string_view::npos) end = text.size();
    std::string_view sentence = trim_view(text.substr(0, end));
    if (sentence.size() < 20 || sentence.size() > 240) return {};
    return std::string(sentence);
}

void apply_dates(model::Event& event, const Draft& draft, const BuildOptions& options, const std::string& header) {
    if (options.date_override) {
        event.date = *options.date_override;
        return;
    }
    if (draft.declared_date) {
        event.date = *draft.declared_date;
        return;
    }
    std::optional<DateFinding> found = find_date_in_file_name(options.file_name);
    if (!found || found->date.precision != model::DatePrecision::day) {
        if (auto in_text = find_date_in_text(header)) {
            if (!found || in_text->date.precision == model::DatePrecision::day) found = in_text;
        }
    }
    if (!found) {
        event.warnings.push_back("no date found in the metadata, title, file name or header: use --date");
        return;
    }
    event.date = found->date;
    if (!found->warning.empty()) event.warnings.push_back(found->warning);
}

}  // namespace

namespace {

// Identities a letter apart in ten letters or more, with no digits ("OFFICIAL 1" and "OFFICIAL 2" are two people).
bool one_letter_apart(const std::string& a, const std::string& b) {
    auto has_digit = [](const std::string& key) { return key.find_first_of("0123456789") != std::string::npos; };
    if (has_digit(a) || has_digit(b)) return false;
    if (a.size() < 10 || b.size() < 10 || (a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > 1)
        return false;
    std::size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
    std::size_t suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix && a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;
    return std::max(a.size(), b.size()) - prefix - suffix <= 1;
}

// Labels mistyped by one letter ("MICHELLE SMTH", "ACTING ADMINSTRATOR SLAVITT") name the same person when
// the name, or the whole label, is long enough for one letter not to tell two people apart.
bool typo_of(const SpeakerFacts& facts, const Label& label, const std::string& folded_label) {
    if (facts.label_class != LabelClass::named) return false;
    return one_letter_apart(facts.key, label.key) || one_letter_apart(facts.folded_label, folded_label);
}

}  // namespace

int Workspace::find_or_add_speaker(const Label& label) {
    // Exact identities first: nearly every label is one seen before, and folding a label costs.
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < facts.size() && !found; ++i)
        if (facts[i].key == label.key) found = i;
    const std::string folded_label = found ? std::string() : fold_key(label.text);  // only read when not found
    if (!found && label.label_class == LabelClass::named)
        for (std::size_t i = 0; i < facts.size() && !found; ++i)
            if (typo_of(facts[i], label, folded_label)) found = i;
    if (found) {
        const std::size_t i = *found;
        model::Speaker& speaker = event.speakers[i];
        if (std::find(speaker.aliases.begin(), speaker.aliases.end(), label.text) == speaker.aliases.end())
            speaker.aliases.push_back(label.text);
        if (speaker.title.empty()) speaker.title = label.title;
        if (facts[i].hint == model::Role::unknown) facts[i].hint = label.role_hint;
        return static_cast<int>(i);
    }
    model::Speaker speaker;
    speaker.id = "s" + std::to_string(event.speakers.size() + 1);
    speaker.name = label.name;
    speaker.title = label.title;
    speaker.affiliations = label.affiliations;
    speaker.aliases.push_back(label.text);
    event.speakers.push_back(std::move(speaker));
    facts.push_back({label.key, label.label_class, label.role_hint, false, false, folded_label});
    return static_cast<int>(facts.size() - 1);
}

int Workspace::speaker_index(std::string_view id) const {
    for (std::size_t i = 0; i < event.speakers.size(); ++i)
        if (event.speakers[i].id == id) return static_cast<int>(i);
    return -1;
}

model::Event build_event(Draft draft, const BuildOptions& options) {
    extract_header_fields(draft);
    Workspace work;
    work.source_text = draft.source_text;
    model::Event& event = work.event;
    event.id = options.event_id;
    event.title = draft.title;
    event.source = draft.source;
    event.source_format = draft.source_format;
    event.source_encoding = draft.source_encoding;
    event.source_url = draft.source_url;
    event.organiser = draft.organiser;
    event.venue = draft.venue;
    event.fields = draft.fields;
    event.warnings = std::move(draft.warnings);

    validate_weak_labels(draft);
    if (event.title.empty()) event.title = title_from_opening(draft);
    work.header_text = header_text(draft);
    apply_dates(event, draft, options, work.header_text);
    assemble_turns(work, draft);
    apply_header_facts(work, draft);
    attribute_opening_statement(work);
    apply_introductions(work);
    infer_roles(work, options.overrides);
    classify_turns_and_build_exchanges(work);
    event.language = draft.language.empty() ? detect_language(event) : draft.language.substr(0, 2);
    return std::move(work.event);
}

}  // namespace presser::ingest
