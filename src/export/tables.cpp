// CSV/TSV tables with a header row: one row per turn, per exchange (question and answer side by side), per
// hit (KWIC context and metadata). UTF-8, RFC 4180 quoting, CRLF (docs/export.md has the data dictionary).
// The provenance (version and selection) is the `export` column of the first row: a comment line would break
// R's and pandas' readers, and a value on every row would bloat the file.
#include "export/buffered_output.h"
#include "export/event_walk.h"
#include "export/text_escape.h"
#include "query/concordance.h"
#include "query/hit_labels.h"

namespace presser::exports {

namespace {

class Rows {
public:
    Rows(std::ostream& out, char delimiter) : output_(out), delimiter_(delimiter) {}
    void header(const std::vector<std::string>& names) {
        for (const auto& name : names) cell(name);
        end();
    }
    void cell(std::string_view text) {
        if (!first_) buffer_ += delimiter_;
        first_ = false;
        append_csv_field(buffer_, text, delimiter_);
    }
    void cell(std::uint64_t number) { cell(std::to_string(number)); }
    void end() {
        buffer_ += "\r\n";
        first_ = true;
        output_.spill();
    }
    bool finish() {
        return output_.finish();
    }
    [[nodiscard]] bool good() const { return output_.good(); }

private:
    BufferedOutput output_;
    std::string& buffer_ = output_.text;
    char delimiter_;
    bool first_ = true;
};

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) out += separator;
        out += part;
    }
    return out;
}

std::string turn_text(const model::Turn& turn) {
    std::string text;
    for (const auto& paragraph : turn.paragraphs) {
        if (!text.empty()) text += "\n\n";
        text += paragraph.text;
    }
    return text;
}

struct Person {
    std::string name, role, outlet, title;
};
Person person_of(const model::Event& event, const model::Turn& turn) {
    const auto* speaker = turn.speaker.empty() ? nullptr : event.find_speaker(turn.speaker);
    if (!speaker) return {};
    return {speaker->name, std::string(model::to_string(speaker->role)), join(speaker->affiliations, "; "), speaker->title};
}

// The exchange each turn belongs to (its id), "" for none.
std::vector<std::string> exchange_of_turns(const model::Event& event) {
    std::vector<std::string> out(event.turns.size());
    std::unordered_map<std::string_view, std::size_t> turn_index;
    for (std::size_t t = 0; t < event.turns.size(); ++t) turn_index.emplace(event.turns[t].id, t);
    for (const auto& exchange : event.exchanges)
        for (const auto* list : {&exchange.questions, &exchange.answers})
            for (const auto& id : *list)
                if (const auto found = turn_index.find(id); found != turn_index.end()) out[found->second] = exchange.id;
    return out;
}

}  // namespace

Result<bool> write_turn_table(const index::Index& index, const Selection& selection, const ExportInfo& info, char delimiter,
                              std::ostream& out) {
    Rows rows(out, delimiter);
    rows.header({"event_id", "date", "event_title", "organiser", "language", "turn_id", "turn_index", "speaker", "role",
                 "outlet", "speaker_title", "kind", "exchange_id", "tokens", "text", "source", "source_begin", "source_end",
                 "export"});
    const auto provenance = info.provenance();
    bool first_row = true;
    auto walked = walk_events(index, selection, [&](const WalkedEvent& walked) {
        const auto& event = walked.model;
        const auto exchanges = exchange_of_turns(event);
        for (std::size_t t = 0; t < event.turns.size(); ++t) {
            if (!walked.selected[t]) continue;
            const auto& turn = event.turns[t];
            const auto person = person_of(event, turn);
            rows.cell(event.id);
            rows.cell(event.date.to_string());
            rows.cell(event.title);
            rows.cell(event.organiser);
            rows.cell(event.language);
            rows.cell(turn.id);
            rows.cell(t + 1);
            rows.cell(person.name);
            rows.cell(person.role);
            rows.cell(person.outlet);
            rows.cell(person.title);
            rows.cell(model::to_string(turn.kind));
            rows.cell(exchanges[t]);
            rows.cell(walked.turn_tokens[t]);
            rows.cell(turn_text(turn));
            rows.cell(event.source);
            if (turn.paragraphs.empty()) {
                rows.cell("");
                rows.cell("");
            } else {
                rows.cell(turn.paragraphs.front().range.start);
                rows.cell(turn.paragraphs.back().range.end);
            }
            rows.cell(first_row ? std::string_view(provenance) : std::string_view());
            first_row = false;
            rows.end();
        }
        return rows.good();
    });
    if (!walked) return walked;
    if (!rows.finish()) return plain_error("cannot write the turn table");
    return true;
}

Result<bool> write_exchange_table(const index::Index& index, const Selection& selection, const ExportInfo& info,
                                  std::ostream& out) {
    Rows rows(out, ',');
    rows.header({"event_id", "date", "event_title", "organiser", "language", "exchange_id", "follows", "asker", "asker_role",
                 "asker_outlet", "question", "question_turns", "answerer", "answerer_role", "answerer_outlet",
                 "answerer_title", "answer", "answer_turns", "source", "export"});
    const auto provenance = info.provenance();
    bool first_row = true;
    auto walked = walk_events(index, selection, [&](const WalkedEvent& walked) {
        const auto& event = walked.model;
        std::unordered_map<std::string_view, std::size_t> turn_index;
        for (std::size_t t = 0; t < event.turns.size(); ++t) turn_index.emplace(event.turns[t].id, t);
        for (const auto& exchange : event.exchanges) {
            std::vector<std::size_t> questions, answers;
            bool any = false;
            for (const auto& [ids, list] : {std::pair{&exchange.questions, &questions}, std::pair{&exchange.answers, &answers}})
                for (const auto& id : *ids)
                    if (const auto found = turn_index.find(id); found != turn_index.end()) {
                        list->push_back(found->second);
                        any = any || walked.selected[found->second];
                    }
            if (!any) continue;
            auto side = [&](const std::vector<std::size_t>& turns, Person& person, std::string& text, std::string& ids) {
                for (const auto t : turns) {
                    const auto& turn = event.turns[t];
                    if (person.name.empty() && person.role.empty()) person = person_of(event, turn);
                    if (!text.empty()) text += "\n\n";
                    text += turn_text(turn);
                    if (!ids.empty()) ids += ' ';
                    ids += turn.id;
                }
            };
            Person asker, answerer;
            std::string question, answer, question_ids, answer_ids;
            side(questions, asker, question, question_ids);
            side(answers, answerer, answer, answer_ids);
            rows.cell(event.id);
            rows.cell(event.date.to_string());
            rows.cell(event.title);
            rows.cell(event.organiser);
            rows.cell(event.language);
            rows.cell(exchange.id);
            rows.cell(exchange.follows.value_or(""));
            rows.cell(asker.name);
            rows.cell(asker.role);
            rows.cell(asker.outlet);
            rows.cell(question);
            rows.cell(question_ids);
            rows.cell(answerer.name);
            rows.cell(answerer.role);
            rows.cell(answerer.outlet);
            rows.cell(answerer.title);
            rows.cell(answer);
            rows.cell(answer_ids);
            rows.cell(event.source);
            rows.cell(first_row ? std::string_view(provenance) : std::string_view());
            first_row = false;
            rows.end();
        }
        return rows.good();
    });
    if (!walked) return walked;
    if (!rows.finish()) return plain_error("cannot write the exchange table");
    return true;
}

Result<bool> write_hit_table(const index::Index& index, const Selection& selection, const ExportInfo& info,
                             std::uint32_t context, std::ostream& out) {
    if (!selection.query) return plain_error("csv-hits needs a CQL query (--cql): it writes one row per hit");
    const auto& compiled = *selection.query;
    query::Concordancer concordancer(index);
    query::HitLabeler labeler(compiled);
    const auto label_names = labeler.any() ? compiled.label_names() : std::vector<std::string>{};
    std::vector<std::string> header = {"query",  "event_id", "date",   "speaker",      "role",       "kind",
                                       "outlet", "language", "source", "source_begin", "source_end", "left",
                                       "match",  "right"};
    for (const auto& name : label_names) header.push_back("label." + name);
    header.push_back("export");
    Rows rows(out, ',');
    rows.header(header);
    const auto provenance = info.provenance();
    bool first_row = true;
    auto done = compiled.for_each([&](const query::IndexHit& hit) {
        const auto line = concordancer.line(hit, {context, false}, label_names.empty() ? std::vector<query::LabelSpan>{} : labeler.labels(hit));
        const auto& segment = *index.segments()[hit.segment];
        const auto& turns = segment.regions(index::Structure::turn);
        const auto turn = turns.find(hit.start);
        rows.cell(selection.cql);
        rows.cell(line.event_id);
        rows.cell(line.date);
        rows.cell(line.speaker);
        rows.cell(line.role);
        rows.cell(turn ? turns.string("kind", *turn) : std::string_view());
        rows.cell(line.outlet);
        rows.cell(line.language);
        rows.cell(line.source);
        rows.cell(line.source_begin ? std::to_string(*line.source_begin) : std::string());
        rows.cell(line.source_end ? std::to_string(*line.source_end) : std::string());
        rows.cell(line.left);
        rows.cell(line.match);
        rows.cell(line.right);
        for (const auto& name : label_names) {
            std::string text;
            for (const auto& label : line.labels)
                if (label.name == name) text = label.text;
            rows.cell(text);
        }
        rows.cell(first_row ? std::string_view(provenance) : std::string_view());
        first_row = false;
        rows.end();
        return rows.good();
    });
    if (!done) return done.error();
    if (!rows.finish()) return plain_error("cannot write the hit table");
    return true;
}

}  // namespace presser::exports
