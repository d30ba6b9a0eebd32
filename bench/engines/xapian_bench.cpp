// Xapian reference engine for presser's benchmarks (bench/README.md).
//   xapian_bench build TURNS.TSV DIR   one document per turn: text indexed with positions (TermGenerator, no
//                                      stemmer, lower-cased), stored as document data; values 0 date, 1 speaker,
//                                      2 role, 3 event; boolean terms XR<role>, XL<lang>. Not compacted.
//   xapian_bench query DIR [RUNS]      the count queries Q1-Q10 of anchors.md; exact counts (check_at_least =
//                                      doccount); one warm-up run, then RUNS timed runs (default 5); one line
//                                      per query: Qn <TAB> count <TAB> median ms <TAB> times <TAB> how
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
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

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "build" && argc == 4) return build(argv[2], argv[3]);
    if (mode == "query" && (argc == 3 || argc == 4)) return query(argv[2], argc == 4 ? std::atoi(argv[3]) : 5);
    std::fprintf(stderr, "usage: xapian_bench build TURNS.TSV DIR | query DIR [RUNS]\n");
    return 2;
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "xapian_bench: %s\n", e.get_description().c_str());
    return 2;
  }
}
