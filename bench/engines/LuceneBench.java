// Lucene 8 reference engine for presser's benchmarks (bench/README.md), built by bench/engines/build against
// Debian's jars in /usr/share/java.
//   java LuceneBench build TURNS.TSV DIR   one document per turn: text (TextField, stored, positions;
//                                          StandardAnalyzer without stop words), event/date/lang/speaker/role as
//                                          StringFields, speaker also as SortedDocValues; timed inside the JVM:
//                                          addDocument for every turn + forceMerge(1) + commit
//   java LuceneBench query DIR [RUNS]      Q1-Q10 of anchors.md with exact counts (TotalHitCountCollector); one
//                                          warm-up run (after LUCENE_BENCH_WARMUP whole-suite passes, default 3),
//                                          then RUNS timed runs (default 5); one line per query:
//                                          Qn <TAB> count <TAB> median ms <TAB> times <TAB> how
//   java LuceneBench rank DIR QUERIES.TSV [RUNS]
//                                          ranked top 10 of every query of QUERIES.TSV (`search_bench --list`:
//                                          label, query, filters) with IndexSearcher's default BM25Similarity (k1 1.2,
//                                          b 0.75), query cache off. Two ways to the top 10 with an exact total are
//                                          timed: (a) one search with TopScoreDocCollector.create(10,
//                                          Integer.MAX_VALUE), exact totalHits in the same pass (no WAND skipping);
//                                          (b) search(q, 10) with the default threshold (WAND/block-max) plus
//                                          IndexSearcher.count(q) (with speaker counts: plus a counting collector
//                                          pass); the faster p50 is reported, the note says which. Words (through StandardAnalyzer) are
//                                          SHOULD TermQuerys, quoted text a PhraseQuery; role=answer a FILTER
//                                          TermQuery, date=2022 a FILTER TermRangeQuery on the date StringField;
//                                          facet=speaker a collector over speaker doc values (MultiCollector). Whole
//                                          suite LUCENE_BENCH_WARMUP times (default 3) for the JIT, then per query one
//                                          warm-up run and RUNS timed runs (default 20); one line per query:
//                                          label <TAB> total <TAB> hits <TAB> p50 ms <TAB> p95 ms <TAB> times <TAB> how
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.*;
import java.util.function.Supplier;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.search.*;
import org.apache.lucene.search.spans.SpanNearQuery;
import org.apache.lucene.search.spans.SpanQuery;
import org.apache.lucene.search.spans.SpanTermQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

public class LuceneBench {
  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("build")) build(args[1], args[2]);
    else if ((args.length == 2 || args.length == 3) && args[0].equals("query"))
      query(args[1], args.length == 3 ? Integer.parseInt(args[2]) : 5);
    else if ((args.length == 3 || args.length == 4) && args[0].equals("rank"))
      rank(args[1], args[2], args.length == 4 ? Integer.parseInt(args[3]) : 20);
    else {
      System.err.println("usage: LuceneBench build TURNS.TSV DIR | query DIR [RUNS] | rank DIR QUERIES.TSV [RUNS]");
      System.exit(2);
    }
  }

  static void build(String tsv, String dir) throws IOException {
    long t0 = System.nanoTime();
    IndexWriterConfig cfg = new IndexWriterConfig(new StandardAnalyzer(CharArraySet.EMPTY_SET));
    cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    cfg.setRAMBufferSizeMB(256);
    long docs = 0;
    try (FSDirectory d = FSDirectory.open(Paths.get(dir));
         IndexWriter w = new IndexWriter(d, cfg);
         BufferedReader in = Files.newBufferedReader(Paths.get(tsv), StandardCharsets.UTF_8)) {
      Document doc = new Document();
      Field event = new StringField("event", "", Field.Store.YES);
      Field date = new StringField("date", "", Field.Store.YES);
      Field lang = new StringField("lang", "", Field.Store.YES);
      Field speaker = new StringField("speaker", "", Field.Store.YES);
      SortedDocValuesField speakerDv = new SortedDocValuesField("speaker", new BytesRef());
      Field role = new StringField("role", "", Field.Store.YES);
      Field text = new TextField("text", "", Field.Store.YES);
      for (Field f : new Field[] {event, date, lang, speaker, speakerDv, role, text}) doc.add(f);
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split("\t", 6);
        if (f.length != 6) throw new IOException("bad TSV line " + (docs + 1));
        event.setStringValue(f[0]);
        date.setStringValue(f[1]);
        lang.setStringValue(f[2]);
        speaker.setStringValue(f[3]);
        speakerDv.setBytesValue(new BytesRef(f[3]));
        role.setStringValue(f[4]);
        text.setStringValue(f[5]);
        w.addDocument(doc);
        ++docs;
      }
      long t1 = System.nanoTime();
      w.forceMerge(1);
      w.commit();
      long t2 = System.nanoTime();
      System.out.printf("docs %d  add %.1f s  forceMerge+commit %.1f s  total %.1f s%n", docs, (t1 - t0) / 1e9,
          (t2 - t1) / 1e9, (t2 - t0) / 1e9);
    }
  }

  static long count(IndexSearcher s, Query q) {
    try {
      TotalHitCountCollector c = new TotalHitCountCollector();
      s.search(q, c);
      return c.getTotalHits();
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  static Query phrase(String... words) {
    return new PhraseQuery("text", words);
  }

  static void query(String dir, int runs) throws IOException {
    try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(Paths.get(dir)))) {
      IndexSearcher s = new IndexSearcher(r);
      s.setQueryCache(null);  // every run counts over postings
      String[] note = {""};
      LinkedHashMap<String, String> how = new LinkedHashMap<>();
      LinkedHashMap<String, Supplier<Long>> qs = new LinkedHashMap<>();
      qs.put("Q1", () -> count(s, new TermQuery(new Term("text", "the"))));
      how.put("Q1", "TermQuery");
      qs.put("Q2", () -> count(s, new TermQuery(new Term("text", "sanctions"))));
      how.put("Q2", "TermQuery");
      qs.put("Q3", () -> count(s, phrase("peace", "talks")));
      how.put("Q3", "PhraseQuery");
      qs.put("Q4", () -> count(s, new PrefixQuery(new Term("text", "sanction"))));
      how.put("Q4", "PrefixQuery");
      qs.put("Q5", () -> count(s, new WildcardQuery(new Term("text", "*nation*"))));
      how.put("Q5", "WildcardQuery *nation*");
      qs.put("Q6", () -> count(s, new SpanNearQuery(new SpanQuery[] {
          new SpanTermQuery(new Term("text", "inflation")), new SpanTermQuery(new Term("text", "prices"))}, 3, true)));
      how.put("Q6", "SpanNearQuery slop 3, in order");
      qs.put("Q7", () -> count(s, phrase("the", "president", "has")));
      how.put("Q7", "PhraseQuery");
      qs.put("Q8", () -> count(s, new BooleanQuery.Builder()
          .add(new TermQuery(new Term("text", "china")), BooleanClause.Occur.MUST)
          .add(new TermQuery(new Term("role", "answer")), BooleanClause.Occur.FILTER).build()));
      how.put("Q8", "BooleanQuery + FILTER role:answer");
      qs.put("Q9", () -> {
        HashMap<String, long[]> by = new HashMap<>();
        long[] total = {0};
        try {
          s.search(new TermQuery(new Term("text", "sanctions")), new SimpleCollector() {
            SortedDocValues dv;
            @Override protected void doSetNextReader(LeafReaderContext ctx) throws IOException {
              dv = DocValues.getSorted(ctx.reader(), "speaker");
            }
            @Override public void collect(int doc) throws IOException {
              ++total[0];
              String k = dv.advanceExact(doc) ? dv.lookupOrd(dv.ordValue()).utf8ToString() : "-";
              by.computeIfAbsent(k, x -> new long[1])[0]++;
            }
            @Override public ScoreMode scoreMode() { return ScoreMode.COMPLETE_NO_SCORES; }
          });
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
        List<Map.Entry<String, long[]>> top = new ArrayList<>(by.entrySet());
        top.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        StringBuilder sb = new StringBuilder(by.size() + " speakers:");
        for (int i = 0; i < Math.min(5, top.size()); ++i)
          sb.append(i == 0 ? " " : ", ").append(top.get(i).getKey()).append(' ').append(top.get(i).getValue()[0]);
        note[0] = sb.toString();
        return total[0];
      });
      how.put("Q9", "collector over speaker doc values");
      qs.put("Q10", () -> {
        try {
          TopDocs td = s.search(phrase("peace", "talks"), 50);
          long lines = 0;
          for (ScoreDoc sd : td.scoreDocs) {
            String text = s.doc(sd.doc).get("text");
            int p = text.toLowerCase(Locale.ROOT).indexOf("peace talks");
            if (p >= 0) {
              String kwic = text.substring(Math.max(0, p - 60), Math.min(text.length(), p + 80));
              if (!kwic.isEmpty()) ++lines;
            }
          }
          return lines;
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      how.put("Q10", "top 50 + KWIC from stored text");
      // The JIT needs more than one run: the whole suite runs WARMUP times (default 3) before any timing.
      int warmup = Integer.parseInt(System.getenv().getOrDefault("LUCENE_BENCH_WARMUP", "3"));
      for (int w = 0; w < warmup; ++w)
        for (Supplier<Long> q : qs.values()) q.get();
      for (Map.Entry<String, Supplier<Long>> q : qs.entrySet()) {
        double[] ms = new double[runs];
        long n = 0;
        for (int i = 0; i <= runs; ++i) {
          note[0] = "";
          long t0 = System.nanoTime();
          n = q.getValue().get();
          double t = (System.nanoTime() - t0) / 1e6;
          if (i > 0) ms[i - 1] = t;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        StringBuilder times = new StringBuilder();
        for (double t : ms) times.append(times.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", t));
        System.out.printf(Locale.ROOT, "%s\t%d\t%.3f\t%s\t%s%s%n", q.getKey(), n, sorted[sorted.length / 2], times,
            how.get(q.getKey()), note[0].isEmpty() ? "" : "; " + note[0]);
        System.out.flush();
      }
    }
  }
  static List<String> analyze(Analyzer a, String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = a.tokenStream("text", text)) {
      CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) out.add(t.toString());
      ts.end();
    }
    return out;
  }

  static double percentile(double[] v, double p) {
    double[] s = v.clone();
    Arrays.sort(s);
    int at = (int) (p * (s.length - 1) + 0.5);
    return s[Math.min(at, s.length - 1)];
  }

  // Exact counts of matching documents per speaker: counted by ordinal per segment, speaker names resolved only
  // for the ordinals seen (when the segment changes and in result()).
  static final class SpeakerCounts extends SimpleCollector {
    private final HashMap<String, long[]> by = new HashMap<>();
    private SortedDocValues dv;
    private int[] counts;
    private long missing;
    private void flush() throws IOException {
      if (counts == null) return;
      for (int o = 0; o < counts.length; ++o)
        if (counts[o] != 0) by.computeIfAbsent(dv.lookupOrd(o).utf8ToString(), x -> new long[1])[0] += counts[o];
      if (missing != 0) by.computeIfAbsent("-", x -> new long[1])[0] += missing;
      counts = null;
      missing = 0;
    }
    @Override protected void doSetNextReader(LeafReaderContext ctx) throws IOException {
      flush();
      dv = DocValues.getSorted(ctx.reader(), "speaker");
      counts = new int[dv.getValueCount()];
    }
    @Override public void collect(int doc) throws IOException {
      if (dv.advanceExact(doc)) ++counts[dv.ordValue()];
      else ++missing;
    }
    @Override public ScoreMode scoreMode() { return ScoreMode.COMPLETE_NO_SCORES; }
    HashMap<String, long[]> result() throws IOException {
      flush();
      return by;
    }
  }

  static final class RankQuery {
    String label, how;
    Query query;
    boolean speakers;
  }

  static void rank(String dir, String tsv, int runs) throws IOException {
    Analyzer analyzer = new StandardAnalyzer(CharArraySet.EMPTY_SET);
    List<RankQuery> qs = new ArrayList<>();
    for (String line : Files.readAllLines(Paths.get(tsv), StandardCharsets.UTF_8)) {
      if (line.isEmpty() || line.startsWith("#")) continue;
      String[] f = line.split("\t", -1);
      RankQuery rq = new RankQuery();
      rq.label = f[0];
      List<Query> items = new ArrayList<>();
      boolean phrases = false;
      String q = f[1];
      int i = 0;
      while (i < q.length()) {
        char c = q.charAt(i);
        if (c == ' ') {
          ++i;
        } else if (c == '"') {
          int end = q.indexOf('"', i + 1);
          if (end < 0) end = q.length();
          items.add(new PhraseQuery("text", analyze(analyzer, q.substring(i + 1, end)).toArray(new String[0])));
          phrases = true;
          i = end + 1;
        } else {
          int end = q.indexOf(' ', i);
          if (end < 0) end = q.length();
          String w = q.substring(i, end);
          if (!w.equals("OR")) {
            List<String> toks = analyze(analyzer, w);
            items.add(toks.size() == 1 ? new TermQuery(new Term("text", toks.get(0)))
                                       : new PhraseQuery("text", toks.toArray(new String[0])));
          }
          i = end;
        }
      }
      Query main;
      if (items.size() == 1) {
        main = items.get(0);
      } else {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (Query it : items) b.add(it, BooleanClause.Occur.SHOULD);
        main = b.build();
      }
      StringBuilder how = new StringBuilder(phrases ? "PhraseQuery" : items.size() == 1 ? "TermQuery"
                                                                                     : "BooleanQuery SHOULD TermQuerys");
      BooleanQuery.Builder withFilters = null;
      for (String filter : f.length > 2 ? f[2].split(",") : new String[0]) {
        Query fq = null;
        if (filter.equals("role=answer")) {
          fq = new TermQuery(new Term("role", "answer"));
          how.append(" + FILTER role:answer");
        } else if (filter.equals("date=2022")) {
          fq = TermRangeQuery.newStringRange("date", "2022-01-01", "2022-12-31", true, true);
          how.append(" + FILTER TermRangeQuery date");
        } else if (filter.equals("facet=speaker")) {
          rq.speakers = true;
          how.append(" + speaker doc values collector");
        } else if (!filter.equals("-") && !filter.isEmpty()) {
          throw new IOException("unknown filter " + filter);
        }
        if (fq != null) {
          if (withFilters == null) withFilters = new BooleanQuery.Builder().add(main, BooleanClause.Occur.MUST);
          withFilters.add(fq, BooleanClause.Occur.FILTER);
        }
      }
      rq.query = withFilters == null ? main : withFilters.build();
      rq.how = how.toString();
      qs.add(rq);
    }
    try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(Paths.get(dir)))) {
      IndexSearcher s = new IndexSearcher(r);  // BM25Similarity by default
      s.setQueryCache(null);  // filters are evaluated every run, as in the other engines
      long[] total = {0};
      long[] hits = {0};
      boolean[] exact = {true};
      int[] speakers = {0};
      java.util.function.Consumer<RankQuery> exactRun = rq -> {
        try {
          TopScoreDocCollector top = TopScoreDocCollector.create(10, Integer.MAX_VALUE);
          SpeakerCounts sc = rq.speakers ? new SpeakerCounts() : null;
          s.search(rq.query, sc == null ? top : MultiCollector.wrap(top, sc));
          TopDocs td = top.topDocs();
          total[0] = td.totalHits.value;
          exact[0] &= td.totalHits.relation == TotalHits.Relation.EQUAL_TO;
          hits[0] = td.scoreDocs.length;
          if (sc != null) speakers[0] = sc.result().size();
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      };
      // The other way to an exact total: search(q, 10) with the default threshold (WAND/block-max) plus
      // IndexSearcher.count(q) (docFreq for a TermQuery); with speaker counts, plus a pass of the counting collector
      // instead of count(q).
      java.util.function.Consumer<RankQuery> countRun = rq -> {
        try {
          TopDocs td = s.search(rq.query, 10);
          hits[0] = td.scoreDocs.length;
          if (rq.speakers) {
            SpeakerCounts sc = new SpeakerCounts();
            s.search(rq.query, sc);
            long n = 0;
            for (long[] c : sc.result().values()) n += c[0];
            total[0] = n;
            speakers[0] = sc.result().size();
          } else {
            total[0] = s.count(rq.query);
          }
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      };
      int warmup = Integer.parseInt(System.getenv().getOrDefault("LUCENE_BENCH_WARMUP", "3"));
      for (int w = 0; w < warmup; ++w)
        for (RankQuery rq : qs) {
          exactRun.accept(rq);
          countRun.accept(rq);
        }
      for (RankQuery rq : qs) {
        double[] ms = new double[runs], alt = new double[runs];
        exact[0] = true;
        for (int i = 0; i <= runs; ++i) {
          long t0 = System.nanoTime();
          exactRun.accept(rq);
          double t = (System.nanoTime() - t0) / 1e6;
          if (i > 0) ms[i - 1] = t;  // run 0 warms up
        }
        long totalA = total[0], hitsA = hits[0];
        int speakersA = speakers[0];
        for (int i = 0; i <= runs; ++i) {
          long t0 = System.nanoTime();
          countRun.accept(rq);
          double t = (System.nanoTime() - t0) / 1e6;
          if (i > 0) alt[i - 1] = t;
        }
        String timed;
        if (percentile(alt, 0.5) < percentile(ms, 0.5) && total[0] == totalA) {
          timed = String.format(Locale.ROOT, "; timed: search(q, 10) + %s; one pass with totalHitsThreshold MAX p50 %.3f ms",
              rq.speakers ? "counting collector" : "count(q)", percentile(ms, 0.5));
          ms = alt;
        } else {
          timed = String.format(Locale.ROOT, "; timed: one pass with totalHitsThreshold MAX; search(q, 10) + %s p50 %.3f ms",
              rq.speakers ? "counting collector" : "count(q)", percentile(alt, 0.5));
          if (total[0] != totalA) timed += " (total " + total[0] + ", differs)";
        }
        StringBuilder times = new StringBuilder();
        for (double t : ms) times.append(times.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", t));
        String note = rq.how + (exact[0] ? "; totalHits exact" : "; totalHits NOT exact") + timed
            + (rq.speakers ? "; " + speakersA + " speakers" : "");
        System.out.printf(Locale.ROOT, "%s\t%d\t%d\t%.3f\t%.3f\t%s\t%s%n", rq.label, totalA, hitsA,
            percentile(ms, 0.5), percentile(ms, 0.95), times, note);
        System.out.flush();
      }
    }
  }
}
