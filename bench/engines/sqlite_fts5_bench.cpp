// SQLite FTS5 reference engine for presser's benchmarks (bench/README.md).
//   sqlite_fts5_bench build TURNS.TSV DB   one row per turn (unicode61 tokenizer, detail=full, i.e. positions),
//                                          load in one transaction, then 'optimize'
//   sqlite_fts5_bench query DB [RUNS]      the count queries Q1-Q10 of anchors.md that FTS5 can express;
//                                          one warm-up run, then RUNS timed runs (default 5), one line per query:
//                                          Qn <TAB> count <TAB> median ms <TAB> times <TAB> how
//   sqlite_fts5_bench rank DB QUERIES.TSV [RUNS]
//                                          ranked top 10 of every query of QUERIES.TSV (`search_bench --list`:
//                                          label, query, filters): `SELECT rowid, bm25(turns) ... WHERE turns MATCH
//                                          ? ORDER BY bm25(turns) LIMIT 10` (FTS5's bm25: k1 1.2, b 0.75), then the
//                                          exact total with a separate `SELECT count(*)` (facet=speaker: `SELECT
//                                          speaker, count(*) ... GROUP BY speaker`, total = the sum); both statements
//                                          are timed together. Every word is a quoted token, words OR'ed, quoted text a
//                                          phrase; role=answer and date=2022 are WHERE conditions on the UNINDEXED
//                                          columns (tested on each matching row). One warm-up run, then RUNS timed
//                                          runs (default 20); one line per query:
//                                          label <TAB> total <TAB> hits <TAB> p50 ms <TAB> p95 ms <TAB> times <TAB> how
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void die(sqlite3* db, const std::string& what) {
  std::fprintf(stderr, "sqlite_fts5_bench: %s: %s\n", what.c_str(), db ? sqlite3_errmsg(db) : "");
  std::exit(2);
}

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite_fts5_bench: %s: %s\n", sql, err ? err : "?");
    std::exit(2);
  }
}

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

int build(const char* tsv, const char* path) {
  std::remove(path);
  sqlite3* db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK) die(db, path);
  exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576; PRAGMA page_size=4096;");
  exec(db,
       "CREATE VIRTUAL TABLE turns USING fts5(text, event UNINDEXED, date UNINDEXED, lang UNINDEXED, "
       "speaker UNINDEXED, role UNINDEXED, tokenize='unicode61')");
  sqlite3_stmt* ins = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO turns(text, event, date, lang, speaker, role) VALUES(?,?,?,?,?,?)", -1,
                         &ins, nullptr) != SQLITE_OK)
    die(db, "prepare insert");
  std::ifstream in(tsv);
  if (!in) die(nullptr, std::string("cannot read ") + tsv);
  auto t0 = Clock::now();
  exec(db, "BEGIN");
  std::string line;
  long rows = 0;
  while (std::getline(in, line)) {
    std::string_view f[6];
    size_t pos = 0;
    for (int i = 0; i < 5; ++i) {
      size_t tab = line.find('\t', pos);
      if (tab == std::string::npos) die(nullptr, "bad TSV line " + std::to_string(rows + 1));
      f[i] = std::string_view(line).substr(pos, tab - pos);
      pos = tab + 1;
    }
    f[5] = std::string_view(line).substr(pos);
    // columns: event, date, lang, speaker, role, text
    sqlite3_bind_text(ins, 1, f[5].data(), int(f[5].size()), SQLITE_STATIC);
    for (int i = 0; i < 5; ++i) sqlite3_bind_text(ins, i + 2, f[i].data(), int(f[i].size()), SQLITE_STATIC);
    if (sqlite3_step(ins) != SQLITE_DONE) die(db, "insert");
    sqlite3_reset(ins);
    ++rows;
  }
  exec(db, "COMMIT");
  double load = seconds_since(t0);
  auto t1 = Clock::now();
  exec(db, "INSERT INTO turns(turns) VALUES('optimize')");
  double optimize = seconds_since(t1);
  sqlite3_finalize(ins);
  if (sqlite3_close(db) != SQLITE_OK) die(db, "close");
  std::printf("rows %ld  load %.1f s  optimize %.1f s  total %.1f s\n", rows, load, optimize, seconds_since(t0));
  return 0;
}

struct Query {
  const char* id;
  const char* sql;
  const char* how;
  int mode;  // 0: single count; 1: grouped (count = sum, note = top groups); 2: rows (count = rows returned)
};

const Query kQueries[] = {
    {"Q1", "SELECT count(*) FROM turns WHERE turns MATCH 'text:the'", "term", 0},
    {"Q2", "SELECT count(*) FROM turns WHERE turns MATCH 'text:sanctions'", "term", 0},
    {"Q3", "SELECT count(*) FROM turns WHERE turns MATCH 'text:\"peace talks\"'", "phrase", 0},
    {"Q4", "SELECT count(*) FROM turns WHERE turns MATCH 'text:sanction*'", "prefix", 0},
    {"Q5", "SELECT count(*) FROM turns WHERE text LIKE '%nation%'", "LIKE scan", 0},
    {"Q6", "SELECT count(*) FROM turns WHERE turns MATCH 'text:NEAR(inflation prices, 3)'", "NEAR 3, unordered", 0},
    {"Q7", "SELECT count(*) FROM turns WHERE turns MATCH 'text:\"the president has\"'", "phrase", 0},
    {"Q8", "SELECT count(*) FROM turns WHERE turns MATCH 'text:china' AND role = 'answer'",
     "term + role column filter", 0},
    {"Q9", "SELECT speaker, count(*) FROM turns WHERE turns MATCH 'text:sanctions' GROUP BY speaker ORDER BY 2 DESC",
     "GROUP BY speaker", 1},
    {"Q10",
     "SELECT snippet(turns, 0, '[', ']', '...', 17) FROM turns WHERE turns MATCH 'text:\"peace talks\"' LIMIT 50",
     "snippet(), 50 rows", 2},
};

int query(const char* path, int runs) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) die(db, path);
  exec(db, "PRAGMA cache_size=-1048576");
  for (const Query& q : kQueries) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, q.sql, -1, &st, nullptr) != SQLITE_OK) die(db, q.sql);
    std::vector<double> ms;
    long count = 0;
    std::string note;
    for (int r = 0; r <= runs; ++r) {
      auto t0 = Clock::now();
      count = 0;
      std::vector<std::pair<long, std::string>> groups;
      int rc;
      while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (q.mode == 0) {
          count = sqlite3_column_int64(st, 0);
        } else if (q.mode == 1) {
          long n = sqlite3_column_int64(st, 1);
          count += n;
          groups.emplace_back(n, reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        } else {
          ++count;
          (void)sqlite3_column_text(st, 0);
        }
      }
      if (rc != SQLITE_DONE) die(db, q.sql);
      sqlite3_reset(st);
      double t = seconds_since(t0) * 1000;
      if (r > 0) ms.push_back(t);  // run 0 warms up
      if (q.mode == 1) {
        note = std::to_string(groups.size()) + " speakers:";
        for (size_t i = 0; i < groups.size() && i < 5; ++i)
          note += (i ? ", " : " ") + groups[i].second + " " + std::to_string(groups[i].first);
      }
    }
    sqlite3_finalize(st);
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    std::string times;
    for (double t : ms) times += (times.empty() ? "" : ",") + std::to_string(t).substr(0, 8);
    std::printf("%s\t%ld\t%.3f\t%s\t%s%s%s\n", q.id, count, sorted[sorted.size() / 2], times.c_str(), q.how,
                note.empty() ? "" : "; ", note.c_str());
    std::fflush(stdout);
  }
  sqlite3_close(db);
  return 0;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  size_t at = size_t(p * double(v.size() - 1) + 0.5);
  return v[std::min(at, v.size() - 1)];
}

// A query of `search_bench --list` (bare words OR'ed, the word OR being the operator, and "quoted phrases") as an
// FTS5 expression: every word and phrase quoted, joined by OR.
std::string fts5_expression(const std::string& q) {
  std::vector<std::string> items;
  size_t i = 0;
  while (i < q.size()) {
    if (q[i] == ' ') {
      ++i;
    } else if (q[i] == '"') {
      size_t end = q.find('"', i + 1);
      if (end == std::string::npos) end = q.size();
      items.push_back(q.substr(i, end - i) + '"');
      i = end + 1;
    } else {
      size_t end = q.find(' ', i);
      if (end == std::string::npos) end = q.size();
      std::string w = q.substr(i, end - i);
      if (w != "OR") items.push_back('"' + w + '"');
      i = end;
    }
  }
  std::string out;
  for (auto& it : items) out += (out.empty() ? "" : " OR ") + it;
  return out;
}

int rank(const char* path, const char* tsv, int runs) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) die(db, path);
  exec(db, "PRAGMA cache_size=-1048576");
  std::ifstream in(tsv);
  if (!in) die(nullptr, std::string("cannot read ") + tsv);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::string f[3];
    std::istringstream ls(line);
    for (auto& x : f) std::getline(ls, x, '\t');
    const std::string expr = fts5_expression(f[1]);
    std::string where = "turns MATCH ?1", how = "MATCH '" + expr + "'";
    bool speakers = false;
    std::istringstream fs(f[2]);
    std::string filter;
    while (std::getline(fs, filter, ',')) {
      if (filter == "role=answer") {
        where += " AND role = 'answer'";
        how += " AND role = 'answer'";
      } else if (filter == "date=2022") {
        where += " AND date BETWEEN '2022-01-01' AND '2022-12-31'";
        how += " AND date BETWEEN 2022-01-01 and 2022-12-31";
      } else if (filter == "facet=speaker") {
        speakers = true;
      } else if (filter != "-" && !filter.empty()) {
        die(nullptr, "unknown filter " + filter);
      }
    }
    const std::string top_sql = "SELECT rowid, bm25(turns) FROM turns WHERE " + where + " ORDER BY bm25(turns) LIMIT 10";
    const std::string count_sql = speakers ? "SELECT speaker, count(*) FROM turns WHERE " + where + " GROUP BY speaker"
                                           : "SELECT count(*) FROM turns WHERE " + where;
    how += speakers ? "; ORDER BY bm25 LIMIT 10, then GROUP BY speaker for the total" :
                      "; ORDER BY bm25 LIMIT 10, then count(*)";
    sqlite3_stmt *top = nullptr, *cnt = nullptr;
    if (sqlite3_prepare_v2(db, top_sql.c_str(), -1, &top, nullptr) != SQLITE_OK) die(db, top_sql);
    if (sqlite3_prepare_v2(db, count_sql.c_str(), -1, &cnt, nullptr) != SQLITE_OK) die(db, count_sql);
    sqlite3_bind_text(top, 1, expr.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(cnt, 1, expr.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<double> ms, top_ms;
    long total = 0, hits = 0, groups = 0;
    for (int r = 0; r <= runs; ++r) {
      auto t0 = Clock::now();
      hits = 0;
      int rc;
      while ((rc = sqlite3_step(top)) == SQLITE_ROW) {
        (void)sqlite3_column_int64(top, 0);
        (void)sqlite3_column_double(top, 1);
        ++hits;
      }
      if (rc != SQLITE_DONE) die(db, top_sql);
      sqlite3_reset(top);
      double t_top = seconds_since(t0) * 1000;
      total = groups = 0;
      while ((rc = sqlite3_step(cnt)) == SQLITE_ROW) {
        if (speakers) {
          (void)sqlite3_column_text(cnt, 0);
          total += sqlite3_column_int64(cnt, 1);
          ++groups;
        } else {
          total = sqlite3_column_int64(cnt, 0);
        }
      }
      if (rc != SQLITE_DONE) die(db, count_sql);
      sqlite3_reset(cnt);
      double t = seconds_since(t0) * 1000;
      if (r > 0) {  // run 0 warms up
        ms.push_back(t);
        top_ms.push_back(t_top);
      }
    }
    sqlite3_finalize(top);
    sqlite3_finalize(cnt);
    char buf[128];
    std::snprintf(buf, sizeof buf, "; top 10 alone p50 %.3f ms", percentile(top_ms, 0.5));
    how += buf;
    if (speakers) how += "; " + std::to_string(groups) + " speakers";
    std::string times;
    for (double t : ms) times += (times.empty() ? "" : ",") + std::to_string(t).substr(0, 8);
    std::printf("%s\t%ld\t%ld\t%.3f\t%.3f\t%s\t%s\n", f[0].c_str(), total, hits, percentile(ms, 0.5),
                percentile(ms, 0.95), times.c_str(), how.c_str());
    std::fflush(stdout);
  }
  sqlite3_close(db);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "build" && argc == 4) return build(argv[2], argv[3]);
  if (mode == "query" && (argc == 3 || argc == 4)) return query(argv[2], argc == 4 ? std::atoi(argv[3]) : 5);
  if (mode == "rank" && (argc == 4 || argc == 5)) return rank(argv[2], argv[3], argc == 5 ? std::atoi(argv[4]) : 20);
  std::fprintf(stderr, "usage: sqlite_fts5_bench build TURNS.TSV DB | query DB [RUNS] | rank DB QUERIES.TSV [RUNS]\n");
  return 2;
}
