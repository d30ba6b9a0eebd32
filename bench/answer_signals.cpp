// Evaluates the answer signals against the hand-labelled gold set (tests/gold/answers/*.tsv, format in
// docs/qa.md): deflection precision and recall (deflected and refused are the positives) per family and
// overall, on the test split and on all rows, and Spearman's rank correlation of responsiveness with the
// labels (answered > partly > deflected > refused).
//
//   answer_signals [--gold DIR] [--corpora DIR] [--lexicon-dir DIR] [--check] [--verbose] [--split dev|test|all]
//
// --check: only read the gold and match its rows to exchanges; exit 1 when a row is malformed (the CTest
// entry). Unmatched rows are counted and listed, never dropped silently.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/deflection_lexicon.h"
#include "analysis/responsiveness.h"
#include "index/event_analysis.h"
#include "ingest/parser.h"

namespace fs = std::filesystem;
using namespace presser;

namespace {

struct GoldRow {
    std::string family, file;
    std::uint64_t line = 0;
    std::string source, label, phrase, split;
    std::uint64_t question_start = 0;
    std::optional<std::uint64_t> answer_start;
};

struct Outcome {
    const GoldRow* row = nullptr;
    bool matched = false;
    std::string signal;  // the label matched, "none" or "n/a"
    std::string phrase;
    double score = 0;
};

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const auto tab = line.find('\t', start);
        out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
        if (tab == std::string::npos) break;
        start = tab + 1;
    }
    return out;
}

bool parse_offset(const std::string& text, std::uint64_t& value) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return false;
    value = std::stoull(text);
    return true;
}

// Reads one gold file; malformed rows go to `errors` as "FILE:LINE: why".
std::vector<GoldRow> read_gold(const fs::path& path, std::vector<std::string>& errors) {
    std::vector<GoldRow> rows;
    std::ifstream in(path);
    std::string line;
    std::uint64_t number = 0;
    std::map<std::string, std::size_t> column;
    const std::string family = path.stem().string();
    auto error = [&](const std::string& why) { errors.push_back(path.string() + ":" + std::to_string(number) + ": " + why); };
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const auto fields = split_tabs(line);
        if (column.empty()) {
            for (std::size_t i = 0; i < fields.size(); ++i) column[fields[i]] = i;
            for (const char* required : {"source", "question_start", "answer_start", "label", "phrase", "split"})
                if (!column.count(required)) error(std::string("header: missing column '") + required + "'");
            if (!errors.empty()) return rows;
            continue;
        }
        if (fields.size() < column.size() - (column.count("note") ? 1 : 0)) {
            error("expected " + std::to_string(column.size()) + " tab-separated fields, found " + std::to_string(fields.size()));
            continue;
        }
        auto field = [&](const std::string& name) -> std::string {
            const auto at = column.at(name);
            return at < fields.size() ? fields[at] : "";
        };
        GoldRow row;
        row.family = family;
        row.file = path.string();
        row.line = number;
        row.source = field("source");
        row.label = field("label");
        row.phrase = field("phrase");
        row.split = field("split");
        if (row.source.empty()) error("empty source");
        if (!parse_offset(field("question_start"), row.question_start)) error("question_start: expected a byte offset, got '" + field("question_start") + "'");
        if (!field("answer_start").empty()) {
            std::uint64_t value = 0;
            if (!parse_offset(field("answer_start"), value)) error("answer_start: expected a byte offset or nothing, got '" + field("answer_start") + "'");
            row.answer_start = value;
        }
        static const std::set<std::string> labels{"answered", "partly", "deflected", "refused"};
        if (!labels.count(row.label)) error("label: expected answered, partly, deflected or refused, got '" + row.label + "'");
        if (row.split != "dev" && row.split != "test") error("split: expected dev or test, got '" + row.split + "'");
        if ((row.label == "answered" || row.label == "partly") && !row.phrase.empty()) error("phrase: only deflected and refused rows carry one");
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<analysis::ResponsivenessToken> turn_tokens(const index::AnalysedEvent& analysed, std::uint32_t first, std::uint32_t last) {
    std::vector<analysis::ResponsivenessToken> out;
    for (auto i = first; i < last; ++i) {
        const auto id = analysed.word_ids[i];
        out.push_back({std::string(analysed.words.term(id)), analysed.forms[id].lower, analysed.forms[id].lemma, analysed.tokens[i].sentence_start});
    }
    return out;
}

// Average ranks (ties share their mean rank).
std::vector<double> ranks(const std::vector<double>& values) {
    std::vector<std::size_t> order(values.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return values[a] < values[b]; });
    std::vector<double> out(values.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
        for (auto k = i; k <= j; ++k) out[order[k]] = (static_cast<double>(i + j) / 2) + 1;
        i = j + 1;
    }
    return out;
}

std::optional<double> spearman(const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() < 3) return std::nullopt;
    const auto rx = ranks(x), ry = ranks(y);
    const double n = static_cast<double>(x.size());
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < x.size(); ++i) mx += rx[i], my += ry[i];
    mx /= n, my /= n;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (rx[i] - mx) * (ry[i] - my);
        sxx += (rx[i] - mx) * (rx[i] - mx);
        syy += (ry[i] - my) * (ry[i] - my);
    }
    if (sxx == 0 || syy == 0) return std::nullopt;
    return sxy / std::sqrt(sxx * syy);
}

double label_rank(const std::string& label) {
    return label == "answered" ? 3 : label == "partly" ? 2 : label == "deflected" ? 1 : 0;
}

std::string figure(double value) {
    if (value < -0.5 && value > -1.5 && value == -1) return "n/a";
    std::ostringstream out;
    out << std::fixed << std::setprecision(3) << value;
    return out.str();
}

void report(const std::string& name, const std::vector<Outcome>& outcomes) {
    std::uint64_t tp = 0, fp = 0, fn = 0, tn = 0, unmatched = 0, no_lexicon = 0;
    std::vector<double> scores, labels;
    for (const auto& o : outcomes) {
        if (!o.matched) {
            ++unmatched;
            continue;
        }
        const bool gold = o.row->label == "deflected" || o.row->label == "refused";
        if (o.signal == "n/a") ++no_lexicon;
        const bool found = o.signal != "none" && o.signal != "n/a";
        (gold ? (found ? tp : fn) : (found ? fp : tn))++;
        scores.push_back(o.score);
        labels.push_back(label_rank(o.row->label));
    }
    // -1: undefined (no positives found, or none in the gold).
    const double precision = tp + fp ? double(tp) / double(tp + fp) : -1;
    const double recall = tp + fn ? double(tp) / double(tp + fn) : -1;
    std::cout << std::left << std::setw(22) << name << std::right << std::setw(6) << outcomes.size() << std::setw(10) << unmatched
              << std::setw(6) << tp << std::setw(6) << fp << std::setw(6) << fn << std::setw(6) << tn << std::setw(11) << figure(precision)
              << std::setw(9) << figure(recall) << std::setw(11) << figure(spearman(scores, labels).value_or(-1)) << (no_lexicon ? "  (no lexicon: " + std::to_string(no_lexicon) + ")" : "") << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    fs::path root = fs::path(__FILE__).parent_path().parent_path();
    fs::path gold_dir = root / "tests/gold/answers";
    fs::path corpora = root.parent_path() / "shared/corpora";
    bool check = false, verbose = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--gold" && i + 1 < argc) gold_dir = argv[++i];
        else if (arg == "--corpora" && i + 1 < argc) corpora = argv[++i];
        else if (arg == "--check") check = true;
        else if (arg == "--verbose") verbose = true;
        else {
            std::cerr << "usage: answer_signals [--gold DIR] [--corpora DIR] [--check] [--verbose]\n";
            return 2;
        }
    }
    std::vector<std::string> errors;
    std::vector<GoldRow> rows;
    std::vector<fs::path> files;
    if (fs::is_directory(gold_dir))
        for (const auto& entry : fs::directory_iterator(gold_dir))
            if (entry.path().extension() == ".tsv") {
                // Only the families' label files; other tables of the folder (discarded.tsv) have their own format.
                static const std::set<std::string> families{"whitehouse-en", "mfa-zh", "fomc-en", "amlo-es"};
                if (families.count(entry.path().stem().string())) files.push_back(entry.path());
                else std::cout << "not a label file, skipped: " << entry.path().filename().string() << "\n";
            }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        auto read = read_gold(file, errors);
        rows.insert(rows.end(), std::make_move_iterator(read.begin()), std::make_move_iterator(read.end()));
    }
    for (const auto& e : errors) std::cerr << e << "\n";
    std::cout << rows.size() << " gold rows in " << files.size() << " files of " << gold_dir.string() << "\n";
    if (!errors.empty()) return 1;

    // Each source parsed and analysed once, with the built-in lexicons and an idf over its family's sources.
    std::map<std::string, std::vector<const GoldRow*>> by_source;
    for (const auto& row : rows) by_source[row.source].push_back(&row);
    std::map<std::string, std::vector<index::AnalysedEvent>> analysed;
    std::map<std::string, analysis::LemmaIdf> idf;  // per family
    index::EventAnalyzer analyzer(1, analysis::builtin_answer_signals());
    for (const auto& [source, source_rows] : by_source) {
        const fs::path path = corpora / source;
        auto events = ingest::parse_file(path);
        if (!events) {
            std::cerr << source_rows.front()->file << ":" << source_rows.front()->line << ": cannot parse " << path.string() << ": "
                      << events.error().describe() << "\n";
            if (check) return 1;
            continue;
        }
        auto& family_idf = idf[source_rows.front()->family];
        for (auto& event : events.value()) {
            auto result = analyzer.analyse(std::move(event), {});
            std::size_t paragraph = 0;
            for (const auto& turn : result.event.turns) {
                const auto first = result.paragraph_starts[paragraph];
                paragraph += turn.paragraphs.size();
                family_idf.add_document(turn_tokens(result, first, result.paragraph_starts[paragraph]));
            }
            analysed[source].push_back(std::move(result));
        }
    }

    std::vector<Outcome> outcomes;
    for (const auto& row : rows) {
        Outcome outcome;
        outcome.row = &row;
        for (const auto& result : analysed[row.source]) {
            const auto& event = result.event;
            std::map<std::string, std::pair<std::uint32_t, std::uint32_t>> tokens_of;  // turn id -> token range
            std::map<std::string, const model::Turn*> turn_of;
            std::size_t paragraph = 0;
            for (const auto& turn : event.turns) {
                const auto first = result.paragraph_starts[paragraph];
                paragraph += turn.paragraphs.size();
                tokens_of[turn.id] = {first, result.paragraph_starts[paragraph]};
                turn_of[turn.id] = &turn;
            }
            // The exchange whose first question paragraph starts there, else the one whose question turns contain it.
            std::optional<std::size_t> found;
            for (std::size_t x = 0; x < event.exchanges.size() && !found; ++x) {
                const auto& questions = event.exchanges[x].questions;
                if (!questions.empty() && !turn_of[questions.front()]->paragraphs.empty() &&
                    turn_of[questions.front()]->paragraphs.front().range.start == row.question_start)
                    found = x;
            }
            for (std::size_t x = 0; x < event.exchanges.size() && !found; ++x)
                for (const auto& id : event.exchanges[x].questions)
                    for (const auto& p : turn_of[id]->paragraphs)
                        if (p.range.start <= row.question_start && row.question_start < p.range.end) found = x;
            if (!found) continue;
            const auto& exchange = event.exchanges[*found];
            const auto& facts = result.exchanges[*found];
            outcome.matched = true;
            outcome.signal = facts.signal.label;
            std::vector<analysis::ResponsivenessToken> question, answer;
            for (const auto& id : exchange.questions) {
                auto t = turn_tokens(result, tokens_of[id].first, tokens_of[id].second);
                question.insert(question.end(), t.begin(), t.end());
            }
            for (const auto& id : exchange.answers) {
                auto t = turn_tokens(result, tokens_of[id].first, tokens_of[id].second);
                answer.insert(answer.end(), t.begin(), t.end());
            }
            for (auto i = facts.signal.first; i < facts.signal.last; ++i)
                outcome.phrase += std::string(outcome.phrase.empty() ? "" : " ") + std::string(result.words.term(result.word_ids[i]));
            outcome.score = analysis::responsiveness(question, answer, idf[row.family]).score;
            break;
        }
        if (!outcome.matched) std::cerr << row.file << ":" << row.line << ": unmatched: no exchange's question starts at byte " << row.question_start << " of " << row.source << "\n";
        if (verbose && outcome.matched) {
            const bool gold = row.label == "deflected" || row.label == "refused";
            const bool found = outcome.signal != "none" && outcome.signal != "n/a";
            if (gold != found && row.split == "dev")
                std::cout << (gold ? "FN " : "FP ") << row.file << ":" << row.line << " " << row.label << " [" << row.phrase << "] signal "
                          << outcome.signal << " [" << outcome.phrase << "]\n";
        }
        outcomes.push_back(outcome);
    }
    if (check) {
        std::uint64_t unmatched = 0;
        for (const auto& o : outcomes) unmatched += !o.matched;
        std::cout << outcomes.size() - unmatched << " matched, " << unmatched << " unmatched\n";
        return 0;
    }
    std::cout << std::left << std::setw(22) << "set" << std::right << std::setw(6) << "rows" << std::setw(10) << "unmatched" << std::setw(6)
              << "TP" << std::setw(6) << "FP" << std::setw(6) << "FN" << std::setw(6) << "TN" << std::setw(11) << "precision" << std::setw(9)
              << "recall" << std::setw(11) << "spearman" << "\n";
    std::set<std::string> families;
    for (const auto& row : rows) families.insert(row.family);
    for (const std::string split : {"test", "dev", "all"}) {
        for (const auto& family : families) {
            std::vector<Outcome> part;
            for (const auto& o : outcomes)
                if (o.row->family == family && (split == "all" || o.row->split == split)) part.push_back(o);
            report(family + " " + split, part);
        }
        std::vector<Outcome> part;
        for (const auto& o : outcomes)
            if (split == "all" || o.row->split == split) part.push_back(o);
        report("overall " + split, part);
    }
    return 0;
}
