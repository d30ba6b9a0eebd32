// Xapian reference engine for presser's benchmarks (bench/README.md).
//   xapian_bench build TURNS.TSV DIR   one document per turn: text indexed with positions (TermGenerator, no
//                                      stemmer, lower-cased), stored as document data; values 0 date, 1 speaker,
//                                      2 role, 3 event; boolean terms XR<role>, XL<lang>. Not compacted.
//   xapian_bench query DIR [RUNS]      the count queries Q1-Q10 of anchors.md; exact counts (check_at_least =
//                                      doccount); one warm-up run, then RUNS timed runs (default 5); one line
//                                      per query: Qn <TAB> count <TAB> median ms <TAB> times <TAB> how
//   xapian_bench rank DIR QUERIES.TSV [RUNS]
//                                      ranked top 10 of every query of QUERIES.TSV (`search_bench --list`: label,
//                                      query, filters): Enquire with BM25Weight k1 1.2 b 0.75 (Xapian's default is
//                                      k1 1 b 0.5; set to the other engines' values). Timed both as
//                                      get_mset(0, 10, doccount) (check_at_least = doccount: exact total, checked
//                                      lower bound == upper bound) and as get_mset(0, 10) (pruned; the estimate is
//                                      used only when exact): the faster exact one is reported. Unquoted words OP_OR, quoted text OP_PHRASE; role=answer as
//                                      OP_FILTER XRanswer; date=2022 as OP_FILTER of an OP_VALUE_RANGE on the date
//                                      value (the index has no date terms); facet=speaker a ValueCountMatchSpy. One
//                                      warm-up run, then RUNS timed runs (default 20); one line per query:
//                                      label <TAB> total <TAB> hits <TAB> p50 ms <TAB> p95 ms <TAB> times <TAB> how
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

enum Slot { kDate = 0, kSpeaker = 1, kRole = 2, kEvent = 3 };

int build(const char* tsv, const char* path) {
  std::ifstream in(tsv);
  if (!in) {
    std::fprintf(stderr, "xapian_bench: cannot read %s\n", tsv);
    return 2;
  }
  auto t0 = Clock::now();
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator tg;  // no stemmer: terms are the lower-cased words, with positions
  std::string line;
  long docs = 0;
  while (std::getline(in, line)) {
    std::string f[6];
    size_t pos = 0;
    for (int i = 0; i < 5; ++i) {
      size_t tab = line.find('\t', pos);
      if (tab == std::string::npos) {
        std::fprintf(stderr, "xapian_bench: bad TSV line %ld\n", docs + 1);
        return 2;
      }
      f[i] = line.substr(pos, tab - pos);
      pos = tab + 1;
    }
    f[5] = line.substr(pos);
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(f[5]);
    doc.set_data(f[5]);
    doc.add_value(kEvent, f[0]);
    doc.add_value(kDate, f[1]);
    doc.add_value(kSpeaker, f[3]);
    doc.add_value(kRole, f[4]);
    doc.add_boolean_term("XL" + f[2]);
    doc.add_boolean_term("XR" + f[4]);
    db.add_document(doc);
    ++docs;
  }
  db.commit();
  db.close();
  std::printf("docs %ld  total %.1f s (not compacted)\n", docs, seconds_since(t0));
  return 0;
}

Xapian::Query phrase(std::vector<std::string> terms, unsigned window = 0) {
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), window ? window : terms.size());
}

int query(const char* path, int runs) {
  Xapian::Database db(path);
  Xapian::Enquire enq(db);
  enq.set_weighting_scheme(Xapian::BoolWeight());
  const Xapian::doccount all = db.get_doccount();

  auto count = [&](const Xapian::Query& q) {
    enq.set_query(q);
    Xapian::MSet m = enq.get_mset(0, 0, all);
    if (m.get_matches_lower_bound() != m.get_matches_upper_bound()) std::fprintf(stderr, "xapian_bench: inexact\n");
    return long(m.get_matches_estimated());
  };
  std::string note;
  struct Q {
    const char* id;
    const char* how;
    std::function<long()> run;
  };
  std::vector<Q> qs = {
      {"Q1", "term", [&] { return count(Xapian::Query("the")); }},
      {"Q2", "term", [&] { return count(Xapian::Query("sanctions")); }},
      {"Q3", "OP_PHRASE", [&] { return count(phrase({"peace", "talks"})); }},
      {"Q4", "OP_WILDCARD", [&] {
         return count(Xapian::Query(Xapian::Query::OP_WILDCARD, "sanction", 0, Xapian::Query::WILDCARD_LIMIT_ERROR));
       }},
      {"Q5", "term-list scan + OP_OR", [&] {
         std::vector<std::string> terms;
         for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
           const std::string& s = *t;
           if (s.empty() || (s[0] >= 'A' && s[0] <= 'Z')) continue;  // prefixed boolean terms
           if (s.find("nation") != std::string::npos) terms.push_back(s);
         }
         return count(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
       }},
      {"Q6", "OP_PHRASE window 5 (ordered, 0-3 between)", [&] { return count(phrase({"inflation", "prices"}, 5)); }},
      {"Q7", "OP_PHRASE", [&] { return count(phrase({"the", "president", "has"})); }},
      {"Q8", "OP_FILTER XRanswer", [&] {
         return count(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("china"), Xapian::Query("XRanswer")));
       }},
      {"Q9", "ValueCountMatchSpy on speaker", [&] {
         Xapian::ValueCountMatchSpy spy(kSpeaker);
         enq.set_query(Xapian::Query("sanctions"));
         enq.add_matchspy(&spy);
         Xapian::MSet m = enq.get_mset(0, 0, all);
         enq.clear_matchspies();
         note = std::to_string(std::distance(spy.values_begin(), spy.values_end())) + " speakers:";
         int i = 0;
         for (auto v = spy.top_values_begin(5); v != spy.top_values_end(5); ++v, ++i)
           note += (i ? ", " : " ") + *v + " " + std::to_string(v.get_termfreq());
         return long(m.get_matches_estimated());
       }},
      {"Q10", "top 50 + KWIC from document data", [&] {
         enq.set_query(phrase({"peace", "talks"}));
         Xapian::MSet m = enq.get_mset(0, 50);
         long lines = 0;
         for (auto it = m.begin(); it != m.end(); ++it) {
           std::string text = it.get_document().get_data();
           std::string low = text;
           std::transform(low.begin(), low.end(), low.begin(), [](unsigned char c) { return std::tolower(c); });
           size_t p = low.find("peace talks");
           if (p != std::string::npos) {
             std::string kwic = text.substr(p > 60 ? p - 60 : 0, 140);
             (void)kwic;
             ++lines;
           }
         }
         return lines;
       }},
  };
  for (auto& q : qs) {
    std::vector<double> ms;
    long n = 0;
    for (int r = 0; r <= runs; ++r) {
      note.clear();
      auto t0 = Clock::now();
      n = q.run();
      double t = seconds_since(t0) * 1000;
      if (r > 0) ms.push_back(t);
    }
    std::vector<double> s = ms;
    std::sort(s.begin(), s.end());
    std::string times;
    for (double t : ms) times += (times.empty() ? "" : ",") + std::to_string(t).substr(0, 8);
    std::printf("%s\t%ld\t%.3f\t%s\t%s%s%s\n", q.id, n, s[s.size() / 2], times.c_str(), q.how,
                note.empty() ? "" : "; ", note.c_str());
    std::fflush(stdout);
  }
  return 0;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  size_t at = size_t(p * double(v.size() - 1) + 0.5);
  return v[std::min(at, v.size() - 1)];
}

// A query of `search_bench --list`: bare words (OR'ed; the word OR is the operator) and "quoted phrases".
struct Parsed {
  std::vector<std::string> words;
  std::vector<std::vector<std::string>> phrases;
};

Parsed parse_query(const std::string& q) {
  Parsed p;
  size_t i = 0;
  auto words_of = [](const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    std::string w;
    while (in >> w) out.push_back(Xapian::Unicode::tolower(w));
    return out;
  };
  while (i < q.size()) {
    if (q[i] == ' ') {
      ++i;
    } else if (q[i] == '"') {
      size_t end = q.find('"', i + 1);
      if (end == std::string::npos) end = q.size();
      p.phrases.push_back(words_of(q.substr(i + 1, end - i - 1)));
      i = end + 1;
    } else {
      size_t end = q.find(' ', i);
      if (end == std::string::npos) end = q.size();
      std::string w = q.substr(i, end - i);
      if (w != "OR") p.words.push_back(Xapian::Unicode::tolower(w));
      i = end;
    }
  }
  return p;
}

int rank(const char* path, const char* tsv, int runs) {
  Xapian::Database db(path);
  Xapian::Enquire enq(db);
  enq.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
  const Xapian::doccount all = db.get_doccount();
  std::ifstream in(tsv);
  if (!in) {
    std::fprintf(stderr, "xapian_bench: cannot read %s\n", tsv);
    return 2;
  }
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::string f[3];
    std::istringstream ls(line);
    for (auto& x : f) std::getline(ls, x, '\t');
    Parsed p = parse_query(f[1]);
    std::vector<Xapian::Query> parts;
    std::string how;
    for (auto& w : p.words) parts.emplace_back(w);
    for (auto& ph : p.phrases) parts.push_back(phrase(ph));
    Xapian::Query q = parts.size() == 1 ? parts[0] : Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    how = p.phrases.empty() ? (p.words.size() == 1 ? "term" : "OP_OR of terms") : "OP_PHRASE";
    bool speakers = false;
    std::istringstream fs(f[2]);
    std::string filter;
    while (std::getline(fs, filter, ',')) {
      if (filter == "role=answer") {
        q = Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query("XRanswer"));
        how += " + OP_FILTER XRanswer";
      } else if (filter == "date=2022") {
        q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                          Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kDate, "2022-01-01", "2022-12-31"));
        how += " + OP_FILTER OP_VALUE_RANGE date";
      } else if (filter == "facet=speaker") {
        speakers = true;
        how += " + ValueCountMatchSpy speaker";
      } else if (filter != "-" && !filter.empty()) {
        std::fprintf(stderr, "xapian_bench: unknown filter %s\n", filter.c_str());
        return 2;
      }
    }
    enq.set_query(q);
    // Two ways to get the top 10 and the total: get_mset(0, 10, doccount) (check_at_least = doccount: every match
    // counted, total exact) and plain get_mset(0, 10) (Xapian's pruning; the total is an estimate, exact only when
    // its lower and upper bounds are equal). Both are timed; the figure reported is the faster of those whose
    // total was exact on every run (the speaker counts need every match: check_at_least only).
    auto time_mode = [&](bool all_matches, std::vector<double>& ms, long& total, long& hits, bool& exact,
                         size_t& groups) {
      exact = true;
      for (int r = 0; r <= runs; ++r) {
        auto t0 = Clock::now();
        Xapian::ValueCountMatchSpy spy(kSpeaker);
        if (speakers) enq.add_matchspy(&spy);
        Xapian::MSet m = all_matches ? enq.get_mset(0, 10, all) : enq.get_mset(0, 10);
        for (auto it = m.begin(); it != m.end(); ++it) (void)it.get_weight();
        if (speakers) {
          groups = 0;
          for (auto v = spy.values_begin(); v != spy.values_end(); ++v) ++groups;
          enq.clear_matchspies();
        }
        double t = seconds_since(t0) * 1000;
        if (r > 0) ms.push_back(t);  // run 0 warms up
        total = long(m.get_matches_estimated());
        exact = exact && m.get_matches_lower_bound() == m.get_matches_upper_bound();
        hits = long(m.size());
      }
    };
    std::vector<double> ms, ms_default;
    long total = 0, hits = 0, total_default = 0, hits_default = 0;
    bool exact = true, exact_default = false;
    size_t groups = 0, groups_default = 0;
    time_mode(true, ms, total, hits, exact, groups);
    std::string alt;
    if (!speakers) {
      time_mode(false, ms_default, total_default, hits_default, exact_default, groups_default);
      char buf[200];
      if (exact_default && percentile(ms_default, 0.5) < percentile(ms, 0.5)) {
        std::snprintf(buf, sizeof buf, "; timed: get_mset(0, 10), estimate exact (lower == upper); "
                      "check_at_least = doccount p50 %.3f ms", percentile(ms, 0.5));
        ms = ms_default;
        total = total_default;
        hits = hits_default;
      } else {
        std::snprintf(buf, sizeof buf, "; timed: check_at_least = doccount; get_mset(0, 10) p50 %.3f ms (estimate "
                      "%s: %ld)", percentile(ms_default, 0.5), exact_default ? "exact" : "inexact", total_default);
      }
      alt = buf;
    } else {
      alt = "; timed: check_at_least = doccount";
    }
    how += alt;
    how += exact ? "; total exact" : "; total NOT exact (lower != upper bound)";
    if (speakers) how += "; " + std::to_string(groups) + " speakers";
    std::string times;
    for (double t : ms) times += (times.empty() ? "" : ",") + std::to_string(t).substr(0, 8);
    std::printf("%s\t%ld\t%ld\t%.3f\t%.3f\t%s\t%s\n", f[0].c_str(), total, hits, percentile(ms, 0.5),
                percentile(ms, 0.95), times.c_str(), how.c_str());
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "build" && argc == 4) return build(argv[2], argv[3]);
    if (mode == "query" && (argc == 3 || argc == 4)) return query(argv[2], argc == 4 ? std::atoi(argv[3]) : 5);
    if (mode == "rank" && (argc == 4 || argc == 5)) return rank(argv[2], argv[3], argc == 5 ? std::atoi(argv[4]) : 20);
    std::fprintf(stderr, "usage: xapian_bench build TURNS.TSV DIR | query DIR [RUNS] | rank DIR QUERIES.TSV [RUNS]\n");
    return 2;
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "xapian_bench: %s\n", e.get_description().c_str());
    return 2;
  }
}
