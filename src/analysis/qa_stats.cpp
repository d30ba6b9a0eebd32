#include "analysis/qa_stats.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <map>
#include <thread>
#include <unordered_map>

#include "query/corpus_query.h"
#include "query/cql_parser.h"

namespace presser::analysis {

using index::Structure;

std::optional<QaGrouping> parse_qa_grouping(std::string_view name) {
    if (name == "official") return QaGrouping::official;
    if (name == "outlet") return QaGrouping::outlet;
    if (name == "journalist") return QaGrouping::journalist;
    if (name == "month") return QaGrouping::month;
    if (name == "event") return QaGrouping::event;
    return std::nullopt;
}

std::string_view to_string(QaGrouping grouping) {
    switch (grouping) {
    case QaGrouping::official: return "official";
    case QaGrouping::outlet: return "outlet";
    case QaGrouping::journalist: return "journalist";
    case QaGrouping::month: return "month";
    case QaGrouping::event: return "event";
    }
    return "official";
}

namespace {

constexpr std::string_view kNumericColumns[] = {"question_tokens", "answer_tokens",  "answer_seconds",
                                                "position",        "followup_depth", "named_by_moderator"};

std::int64_t parse_number(std::string_view text) {
    std::int64_t value = -1;  // "" (answer_seconds unknown) reads as -1
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() ? value : -1;
}

bool holds(const QaCondition& condition, std::int64_t value) {
    switch (condition.op) {
    case QaCondition::Op::eq: return value == condition.value;
    case QaCondition::Op::ne: return value != condition.value;
    case QaCondition::Op::lt: return value < condition.value;
    case QaCondition::Op::le: return value <= condition.value;
    case QaCondition::Op::gt: return value > condition.value;
    case QaCondition::Op::ge: return value >= condition.value;
    }
    return false;
}

// Values of one string column parsed as numbers once per value id.
std::vector<std::int64_t> numbers_of(const index::RegionColumn* column) {
    std::vector<std::int64_t> out;
    if (column == nullptr || column->numeric()) return out;
    out.reserve(column->values().size());
    for (std::uint32_t id = 0; id < column->values().size(); ++id) out.push_back(parse_number(column->values().at(id)));
    return out;
}

std::uint64_t nearest_rank(std::vector<std::uint64_t>& values, double fraction) {
    if (values.empty()) return 0;
    const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(fraction * static_cast<double>(values.size()))));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rank - 1), values.end());
    return values[rank - 1];
}

struct Accumulator {
    QaGroup group;
    std::vector<std::uint64_t> answer_lengths, answer_seconds;
    std::map<std::string, std::uint64_t> signals;
    std::pair<std::uint32_t, std::uint64_t> last_event{UINT32_MAX, 0};

    void add(std::uint32_t segment, std::uint64_t event, std::int64_t position, std::int64_t depth, bool named,
             std::int64_t question_tokens, std::int64_t answer_tokens, std::int64_t seconds, bool answered,
             std::string_view signal) {
        ++group.exchanges;
        if (last_event != std::pair{segment, event}) {
            ++group.events;
            last_event = {segment, event};
        }
        if (position == 1) ++group.first_in_event;
        if (named) ++group.named_by_moderator;
        if (depth > 0) ++group.followups;
        if (!answered) ++group.unanswered;
        group.question_tokens += static_cast<std::uint64_t>(std::max<std::int64_t>(question_tokens, 0));
        group.answer_tokens += static_cast<std::uint64_t>(std::max<std::int64_t>(answer_tokens, 0));
        if (answered) answer_lengths.push_back(static_cast<std::uint64_t>(std::max<std::int64_t>(answer_tokens, 0)));
        if (seconds >= 0) answer_seconds.push_back(static_cast<std::uint64_t>(seconds));
        if (signal != "n/a") {
            ++group.with_lexicon;
            if (signal != "none") {
                ++group.deflected;
                ++signals[std::string(signal)];
            }
        }
    }
    // Adds another segment's tally of the same group (events never span segments, so counts add up).
    void merge(Accumulator&& other) {
        auto& g = group;
        const auto& o = other.group;
        g.exchanges += o.exchanges;
        g.events += o.events;
        g.first_in_event += o.first_in_event;
        g.named_by_moderator += o.named_by_moderator;
        g.followups += o.followups;
        g.unanswered += o.unanswered;
        g.with_lexicon += o.with_lexicon;
        g.deflected += o.deflected;
        g.question_tokens += o.question_tokens;
        g.answer_tokens += o.answer_tokens;
        g.event_tokens += o.event_tokens;
        g.opening_tokens += o.opening_tokens;
        answer_lengths.insert(answer_lengths.end(), other.answer_lengths.begin(), other.answer_lengths.end());
        answer_seconds.insert(answer_seconds.end(), other.answer_seconds.begin(), other.answer_seconds.end());
        for (const auto& [label, count] : other.signals) signals[label] += count;
    }
    QaGroup finish() {
        group.answer_tokens_median = nearest_rank(answer_lengths, 0.5);
        group.answer_tokens_p90 = nearest_rank(answer_lengths, 0.9);
        group.timed = answer_seconds.size();
        group.answer_seconds_median = nearest_rank(answer_seconds, 0.5);
        group.signals.assign(signals.begin(), signals.end());
        std::stable_sort(group.signals.begin(), group.signals.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        return std::move(group);
    }
};

// Whether a span of the sorted, disjoint `spans` overlaps [start, end).
bool overlaps_spans(const std::vector<TokenSpan>& spans, std::uint32_t start, std::uint32_t end) {
    auto it = std::upper_bound(spans.begin(), spans.end(), start, [](std::uint32_t p, const TokenSpan& s) { return p < s.end; });
    return it != spans.end() && it->start < end;
}

bool has_hit_in(const std::vector<query::IndexHit>& hits, std::uint32_t segment, std::uint32_t start, std::uint32_t end) {
    const query::IndexHit probe{segment, start, 0};
    auto it = std::lower_bound(hits.begin(), hits.end(), probe);
    return it != hits.end() && it->segment == segment && it->start < end;
}

// The user's lexicon over the answer turns of exchange region [start, end).
std::string user_signal(const index::Segment& segment, const DeflectionLexicon& lexicon, std::uint32_t start, std::uint32_t end,
                        std::uint64_t event, std::vector<LexiconToken>& tokens) {
    const auto& turns = segment.regions(Structure::turn);
    const auto* kind = turns.column("kind");
    tokens.clear();
    auto turn = turns.find(start);
    const auto& lowers = segment.lexicon(index::Attribute::lower);
    const auto& lemmas = segment.lexicon(index::Attribute::lemma);
    const auto& words = segment.lexicon(index::Attribute::word);
    for (std::uint64_t t = turn ? *turn : turns.size(); t < turns.size() && turns.start(t) < end; ++t) {
        if (kind == nullptr || kind->string(t) != "answer") continue;
        for (std::uint32_t p = turns.start(t); p < turns.end(t) && p < end && tokens.size() < kDeflectionWindow + 40; ++p) {
            const auto word = segment.term_at(index::Attribute::word, p);
            if (word == index::Segment::kNoTerm) continue;
            const auto lower = segment.lower_of_word(word);
            const auto lemma = segment.lemma_of_lower(lower, event);
            tokens.push_back({words.term(word), lowers.term(lower), lemma == index::Segment::kNoTerm ? lowers.term(lower) : lemmas.term(lemma)});
        }
    }
    auto found = lexicon.match(tokens, kDeflectionWindow);
    return found ? found->label : "none";
}

struct Tally {
    Accumulator totals;
    std::vector<Accumulator> groups;
    std::unordered_map<std::string, std::size_t> group_of;

    std::size_t group_index(std::string key) {
        const auto [it, added] = group_of.try_emplace(std::move(key), groups.size());
        if (added) {
            groups.emplace_back();
            groups.back().group.key = it->first;
        }
        return it->second;
    }
};

}  // namespace

Result<QaCondition> parse_qa_condition(std::string_view text) {
    auto fail = [&](const std::string& why) {
        return Error{"", std::nullopt, std::nullopt, "'" + std::string(text) + "': " + why};
    };
    const auto op_at = text.find_first_of("=!<>");
    if (op_at == std::string_view::npos || op_at == 0) return fail("expected COLUMN OP NUMBER, e.g. answer_tokens>=100");
    QaCondition condition;
    condition.column = std::string(text.substr(0, op_at));
    while (!condition.column.empty() && condition.column.back() == ' ') condition.column.pop_back();
    if (condition.column.starts_with("exchange.")) condition.column.erase(0, 9);
    if (std::find(std::begin(kNumericColumns), std::end(kNumericColumns), condition.column) == std::end(kNumericColumns)) {
        std::string known;
        for (auto name : kNumericColumns) known += (known.empty() ? "" : ", ") + std::string(name);
        return fail("unknown numeric column '" + condition.column + "'; expected one of " + known);
    }
    std::string_view rest = text.substr(op_at);
    const std::pair<std::string_view, QaCondition::Op> ops[] = {{">=", QaCondition::Op::ge}, {"<=", QaCondition::Op::le},
                                                                {"!=", QaCondition::Op::ne}, {">", QaCondition::Op::gt},
                                                                {"<", QaCondition::Op::lt},  {"=", QaCondition::Op::eq}};
    bool found = false;
    for (const auto& [symbol, op] : ops)
        if (rest.starts_with(symbol)) {
            condition.op = op;
            rest.remove_prefix(symbol.size());
            found = true;
            break;
        }
    if (!found) return fail("expected an operator: = != < <= > >=");
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), condition.value);
    if (rest.empty() || error != std::errc() || end != rest.data() + rest.size()) return fail("expected a whole number after the operator");
    return condition;
}

Result<std::vector<std::vector<query::IndexHit>>> topic_hits(const index::Index& index, std::string_view topic, unsigned threads) {
    std::vector<std::string> queries;
    if (topic.starts_with("cql:")) {
        queries.emplace_back(topic.substr(4));
    } else {
        std::string_view rest = topic;
        while (!rest.empty()) {
            const auto space = rest.find(' ');
            const auto word = rest.substr(0, space);
            rest.remove_prefix(space == std::string_view::npos ? rest.size() : space + 1);
            if (word.empty()) continue;
            std::string escaped;
            for (char c : word) {
                if (std::string_view("\\.^$*+?()[]{}|\"").find(c) != std::string_view::npos) escaped += '\\';
                escaped += c;
            }
            queries.push_back("[lemma=\"" + escaped + "\"%c] | [lower=\"" + escaped + "\"%c]");
        }
    }
    if (queries.empty()) return Error{"", std::nullopt, std::nullopt, "the topic is empty: give words or cql:PATTERN"};
    std::vector<std::vector<query::IndexHit>> out;
    for (const auto& text : queries) {
        auto parsed = query::cql::parse_cql(text);
        if (!parsed) return Error{"", std::nullopt, std::nullopt, "topic: " + parsed.error().message};
        auto compiled = query::CorpusQuery::compile(index, parsed.value());
        if (!compiled) return compiled.error();
        auto hits = compiled.value()->all_hits(threads);
        if (!hits) return hits.error();
        out.push_back(std::move(hits.value()));
    }
    return out;
}

namespace {

// One segment's exchanges into `tally`; an error for a segment without the exchange table.
std::optional<Error> tally_segment(const index::Segment& segment, std::uint32_t s, const QaOptions& options, Tally& tally) {
    std::vector<LexiconToken> tokens;
    const auto& events = segment.regions(Structure::event);
    const auto& exchanges = segment.regions(Structure::exchange);
    if (exchanges.size() == 0) return std::nullopt;
    const auto* signal = exchanges.column("signal");
    if (signal == nullptr || signal->numeric())
        return Error{"", std::nullopt, std::nullopt,
                     "segment " + segment.info().name + " has no exchange table (built before it existed): rebuild the index with `presser index build` to get it"};
    // The signal column's values, read once per segment.
    std::vector<std::string> signal_values;
    for (std::uint32_t id = 0; id < signal->values().size(); ++id) signal_values.emplace_back(signal->values().at(id));
    // Per numeric column: its reader and its values parsed once per value id (looked up once per segment:
    // a lookup by name per exchange cost more than the rest of the loop).
    std::vector<std::vector<std::int64_t>> numbers;
    std::vector<const index::RegionColumn*> columns;
    for (auto name : kNumericColumns) {
        columns.push_back(exchanges.column(name));
        numbers.push_back(numbers_of(columns.back()));
    }
    auto number = [&](std::size_t column, std::uint64_t x) -> std::int64_t {
        const auto* c = columns[column];
        if (c == nullptr || c->numeric()) return -1;
        const auto id = c->id(x);
        return id < numbers[column].size() ? numbers[column][id] : -1;
    };
    std::vector<std::size_t> where_columns;
    for (const auto& condition : options.where)
        where_columns.push_back(static_cast<std::size_t>(std::find(std::begin(kNumericColumns), std::end(kNumericColumns), condition.column) - std::begin(kNumericColumns)));

    const index::RegionColumn* key_column = nullptr;
    std::string_view empty_key;
    if (options.by == QaGrouping::official) key_column = exchanges.column("answerer"), empty_key = "(no answer)";
    if (options.by == QaGrouping::outlet) key_column = exchanges.column("asker_affiliation"), empty_key = "(none)";
    if (options.by == QaGrouping::journalist) key_column = exchanges.column("asker"), empty_key = "(anonymous)";
    std::vector<std::size_t> group_of_value;  // by value id of key_column, SIZE_MAX until seen
    if (key_column) group_of_value.assign(key_column->values().size(), SIZE_MAX);
    std::vector<std::size_t> group_of_event(events.size(), SIZE_MAX);

    std::uint64_t hint = 0;
    for (std::uint64_t x = 0; x < exchanges.size(); ++x) {
        const auto start = exchanges.start(x), end = exchanges.end(x);
        const auto event = events.find_from(start, hint);
        if (!event || segment.event_deleted(*event)) continue;
        hint = *event;
        if (options.scope && !overlaps_spans(options.scope->segments[s], start, end)) continue;
        if (options.has_topic &&
            !std::all_of(options.topic.begin(), options.topic.end(), [&](const auto& hits) { return has_hit_in(hits, s, start, end); }))
            continue;
        bool passes = true;
        for (std::size_t c = 0; c < options.where.size() && passes; ++c) passes = holds(options.where[c], number(where_columns[c], x));
        if (!passes) continue;

        std::size_t g;
        if (key_column) {
            const auto id = key_column->id(x);
            if (id >= group_of_value.size()) continue;
            if (group_of_value[id] == SIZE_MAX) {
                const auto value = key_column->string(x);
                group_of_value[id] = tally.group_index(std::string(value.empty() ? empty_key : value));
            }
            g = group_of_value[id];
        } else {
            if (group_of_event[*event] == SIZE_MAX) {
                std::string key;
                if (options.by == QaGrouping::month) {
                    const auto date = events.string("date", *event);
                    key = date.size() >= 7 && date[0] != '-' && date.substr(5, 2) != "--" ? std::string(date.substr(0, 7)) : "(undated)";
                } else {
                    key = std::string(events.string("id", *event));
                }
                group_of_event[*event] = tally.group_index(std::move(key));
            }
            g = group_of_event[*event];
        }
        const auto answer_tokens = number(1, x);
        const bool answered = answer_tokens > 0;
        std::string user_label;
        const auto signal_id = signal->id(x);
        std::string_view label = signal_id < signal_values.size() ? std::string_view(signal_values[signal_id]) : std::string_view("n/a");
        if (options.lexicon) {
            user_label = user_signal(segment, *options.lexicon, start, end, *event, tokens);
            label = user_label;
        }
        const auto position = number(3, x);
        for (Accumulator* acc : {&tally.totals, &tally.groups[g]})
            acc->add(s, *event, position, number(4, x), number(5, x) == 1, number(0, x), answer_tokens, number(2, x), answered, label);
        if (options.by == QaGrouping::event && position == 1) {
            tally.groups[g].group.event_tokens = events.end(*event) - events.start(*event);
            tally.groups[g].group.opening_tokens = start - events.start(*event);
        }
    }
    return std::nullopt;
}

}  // namespace

Result<QaTable> qa_stats(const index::Index& index, const QaOptions& options) {
    QaTable table;
    table.by = options.by;
    // Segments are tallied in parallel, then merged in order (exact: every count is a sum, every list appended).
    const auto& segments = index.segments();
    std::vector<Tally> tallies(segments.size());
    std::vector<std::optional<Error>> errors(segments.size());
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t s; (s = next.fetch_add(1)) < segments.size();)
            errors[s] = tally_segment(*segments[s], static_cast<std::uint32_t>(s), options, tallies[s]);
    };
    const std::size_t threads = std::min<std::size_t>(query::hardware_threads(), segments.size());
    std::vector<std::thread> workers;
    for (std::size_t t = 1; t < threads; ++t) workers.emplace_back(work);
    work();
    for (auto& worker : workers) worker.join();
    for (const auto& error : errors)
        if (error) return *error;
    Tally all;
    for (auto& tally : tallies) {
        all.totals.merge(std::move(tally.totals));
        for (auto& group : tally.groups) {
            const auto g = all.group_index(group.group.key);
            all.groups[g].merge(std::move(group));
        }
    }
    auto& totals = all.totals;
    auto& groups = all.groups;
    table.totals = totals.finish();
    table.totals.key = "all";
    for (auto& acc : groups) table.groups.push_back(acc.finish());
    std::sort(table.groups.begin(), table.groups.end(), [](const QaGroup& a, const QaGroup& b) {
        return a.exchanges != b.exchanges ? a.exchanges > b.exchanges : a.key < b.key;
    });
    table.groups_total = table.groups.size();
    if (options.limit != 0 && table.groups.size() > options.limit) table.groups.resize(options.limit);
    return table;
}

}  // namespace presser::analysis
