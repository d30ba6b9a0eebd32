// CoNLL-U: one sentence (an `s` region) per block, ID FORM LEMMA and `_` for the columns presser does not
// annotate, SpaceAfter=No where the text has no space after a token; the event, turn and speaker as comments.
#include "export/buffered_output.h"
#include "export/structure_walk.h"
#include "export/text_escape.h"

namespace presser::exports {

namespace {

using index::Attribute;
using index::Structure;

class ConlluWriter : public StructureVisitor {
public:
    explicit ConlluWriter(std::ostream& out) : output_(out) {}
    bool open_event(const index::Segment& segment, std::uint64_t event) override {
        event_id_ = one_line(segment.regions(Structure::event).string("id", event));
        new_document_ = true;
        return true;
    }
    bool close_event() override { return true; }
    bool open_exchange(const index::Segment&, std::uint64_t) override { return true; }
    bool close_exchange() override { return true; }
    bool open_turn(const index::Segment& segment, std::uint64_t turn) override {
        const auto& turns = segment.regions(Structure::turn);
        turn_id_ = one_line(turns.string("id", turn));
        speaker_ = one_line(turns.string("speaker", turn));
        role_ = one_line(turns.string("role", turn));
        sentence_in_turn_ = 0;
        return true;
    }
    bool close_turn() override { return true; }
    bool open_paragraph(const index::Segment& segment, std::uint64_t paragraph) override {
        auto stored = segment.paragraph(paragraph);
        if (!stored) {
            error_ = stored.error();
            return false;
        }
        paragraph_ = std::move(*stored);
        paragraph_start_ = segment.regions(Structure::p).start(paragraph);
        new_paragraph_ = true;
        return true;
    }
    bool close_paragraph() override { return true; }
    bool sentence(const index::Segment& segment, std::uint64_t event, std::uint64_t, std::uint32_t start, std::uint32_t end) override {
        const auto& words = segment.lexicon(Attribute::word);
        const auto& lemmas = segment.lexicon(Attribute::lemma);
        // Each token's text offset in the paragraph and its length.
        auto offset_of = [&](std::uint32_t position) -> std::size_t {
            const auto i = position - paragraph_start_;
            return i < paragraph_.token_offsets.size() ? paragraph_.token_offsets[i] : paragraph_.text.size();
        };
        auto word_of = [&](std::uint32_t position) -> std::string_view {
            const auto word = segment.stream().at(position);
            return word < words.size() ? words.term(word) : std::string_view("_");
        };
        if (new_document_) buffer_ += "# newdoc id = " + event_id_ + "\n";
        if (new_paragraph_) buffer_ += "# newpar\n";
        new_document_ = new_paragraph_ = false;
        ++sentence_in_turn_;
        buffer_ += "# sent_id = " + event_id_ + "." + turn_id_ + "." + std::to_string(sentence_in_turn_) + "\n";
        buffer_ += "# turn_id = " + turn_id_ + "\n";
        if (!speaker_.empty()) buffer_ += "# speaker = " + speaker_ + "\n";
        if (!role_.empty()) buffer_ += "# role = " + role_ + "\n";
        const auto text_start = std::min(offset_of(start), paragraph_.text.size());
        const auto text_end = std::min(offset_of(end - 1) + word_of(end - 1).size(), paragraph_.text.size());
        buffer_ += "# text = " + one_line(std::string_view(paragraph_.text).substr(text_start, text_end > text_start ? text_end - text_start : 0)) + "\n";
        for (auto position = start; position < end; ++position) {
            const auto word = word_of(position);
            const auto lemma = segment.lemma_of_lower(segment.lower_of_word(segment.stream().at(position)), event);
            buffer_ += std::to_string(position - start + 1);
            buffer_ += '\t';
            buffer_ += one_line(word);
            buffer_ += '\t';
            buffer_ += lemma < lemmas.size() ? one_line(lemmas.term(lemma)) : std::string("_");
            buffer_ += "\t_\t_\t_\t_\t_\t_\t";
            // No space after the token when the next one starts where it ends (or the paragraph ends there).
            const bool last = position + 1 == end;
            const auto token_end = offset_of(position) + word.size();
            const bool space_after = last ? token_end < paragraph_.text.size() && paragraph_.text[token_end] == ' '
                                          : offset_of(position + 1) > token_end;
            buffer_ += space_after ? "_" : "SpaceAfter=No";
            buffer_ += '\n';
        }
        buffer_ += '\n';
        return output_.spill();
    }
    bool finish() {
        return output_.finish();
    }
    std::string& buffer() { return buffer_; }
    std::optional<Error> error_;

private:
    BufferedOutput output_;
    std::string& buffer_ = output_.text;
    std::string event_id_, turn_id_, speaker_, role_;
    index::StoredParagraph paragraph_;
    std::uint32_t paragraph_start_ = 0;
    std::uint64_t sentence_in_turn_ = 0;
    bool new_document_ = false, new_paragraph_ = false;
};

}  // namespace

Result<bool> write_conllu(const index::Index& index, const Selection& selection, const ExportInfo& info, std::ostream& out) {
    ConlluWriter writer(out);
    writer.buffer() += "# generator = " + one_line(info.provenance()) + "\n# global.columns = ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC\n";
    const bool complete = walk_structures(index, selection, writer);
    if (writer.error_) return *writer.error_;
    if (!writer.finish() || !complete) return plain_error("cannot write the CoNLL-U output");
    return true;
}

}  // namespace presser::exports
