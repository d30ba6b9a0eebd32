// End-to-end test of the web UI in headless Chromium (playwright-core, the system's /usr/bin/chromium).
// Usage: node tests/e2e.mjs BASE_URL [ARTIFACT_DIR]
// Env: E2E_QUERY (simple search words, default "inflation"), E2E_CHROMIUM (browser binary), E2E_SAMPLE=1 (the
// index is samples/: the start page's examples must find something).
// Scenario: search -> results -> KWIC (sorted by two keys) -> event reader -> speaker filter -> chart update -> CSV/JSONL export
// (rows = total shown) -> URL round trip (reload) -> back button -> CQL error with column -> time chart
// granularity (Auto / Day / Month / Year: URL, heading, request, back button, what Auto picks); the CQL
// matching strategy (URL, requests, shown beside the count, reload); the browse pages People, Outlets, Events
// (nav, counts, sort, filter, paging, the links to a person's / an outlet's turns and to the reader, back);
// the Analyse page: frequency, keyness, collocations, n-grams (every control, the subcorpus's size, each row's
// concordance, CSV/JSONL export of every row, Computing… and Cancel, errors next to the input); the filters'
// suggestions (speaker, outlet, event by title and date, organiser; keyboard), facet values and timeline bars
// that add their filter, chips that remove it, the legend, the end of "Counting…", the Events page's sorts and
// organiser filter; the KWIC
// controls (context, lines per page, three sort levels with metadata keys, Where with the source bytes, the
// whole match, a line opened onto its paragraph, thinning with a seed, query history, saved queries).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const base = (process.argv[2] || process.env.E2E_BASE_URL || 'http://127.0.0.1:8099').replace(/\/$/, '');
const artifacts = process.argv[3] || 'build/web-artifacts';
const query = process.env.E2E_QUERY || 'inflation';
const T = 60_000; // generous timeouts; nothing below asserts on timing
mkdirSync(artifacts, { recursive: true });

function chromiumPath() {
  if (process.env.E2E_CHROMIUM) return process.env.E2E_CHROMIUM;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
  try { return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim(); } catch { return 'chromium'; }
}

let passed = 0, failed = 0;
const failures = [];
function check(cond, what) {
  if (cond) { passed++; console.log(`  ok   ${what}`); }
  else { failed++; failures.push(what); console.log(`  FAIL ${what}`); }
}

/** RFC 4180 CSV parser (quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text) {
  const rows = [];
  let row = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') { if (text[i + 1] === '"') { field += '"'; i += 2; continue; } quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') i++;
    if (c === '\n' || c === '\r') { row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
    field += c; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** The documented Auto rule (docs/web.md), written independently of web/src/state.ts: the date filter
 *  clipped to the corpus' dates; fewer than 122 days -> day, more than 2922 (8 years) -> year, else month. */
function autoGranularity(from, to, dateMin, dateMax) {
  const first = (d) => { const [y, m = 1, day = 1] = d.split('-').map(Number); return Date.UTC(y, m - 1, day); };
  const lastDay = (d) => {
    const [y, m, day] = d.split('-').map(Number);
    return day ? Date.UTC(y, m - 1, day) : m ? Date.UTC(y, m, 0) : Date.UTC(y, 11, 31);
  };
  const lo = Math.max(...[from, dateMin].filter(Boolean).map(first));
  const hi = Math.min(...[to, dateMax].filter(Boolean).map(lastDay));
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) return 'month';
  const days = Math.round((hi - lo) / 86_400_000) + 1;
  return days < 122 ? 'day' : days > 2922 ? 'year' : 'month';
}

const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
const page = await context.newPage();
page.setDefaultTimeout(T);
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error') console.log(`  [console] ${m.text()}`); });

let step = 0;
async function shot(name) {
  step++;
  const file = join(artifacts, `${String(step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  console.log(`  screenshot ${file}`);
}
const tid = (id) => `[data-testid="${id}"]`;
async function ready() {
  await page.waitForFunction(() => document.body.dataset.ready !== undefined
    && document.body.dataset.ready === location.search, null, { timeout: T });
}
async function total() {
  await page.waitForSelector(tid('total'), { timeout: T });
  return Number(await page.getAttribute(tid('total'), 'data-total'));
}
const search = () => new URL(page.url()).searchParams;

try {
  console.log(`e2e against ${base} (query "${query}")`);

  // 1. start page: index information from /api/info
  await page.goto(`${base}/`);
  await page.waitForSelector(tid('welcome'));
  await ready();
  check(/\d/.test(await page.textContent(tid('welcome'))), 'start page shows index counts');
  await shot('start');

  // 1b. the start page says what the index holds (= /api/info, /api/events) and runs its example queries
  // (web/src/examples.json, the list the search box and the help show too)
  {
    const getApi = async (path, params = {}) => (await page.request.get(`${base}${path}?${new URLSearchParams(params)}`)).json();
    const info = await getApi('/api/info');
    const eventCells = await page.locator(tid('start-organiser-events')).allTextContents();
    const organiserRows = eventCells.length;
    const tabulated = eventCells.reduce((n, c) => n + Number(c.replace(/,/g, '')), 0);
    const others = (await page.textContent(tid('welcome'))).match(/and [\d,]+ other organisers? with ([\d,]+) events?/);
    // Events with no organiser stated get a row of their own, which /api/info's organisers do not list.
    const named = (info.organisers ?? []).filter((o) => o.value).length;
    const unstated = (await page.locator(`${tid('start-organisers')} tbody th`).allTextContents()).includes('(organiser not stated)') ? 1 : 0;
    check(organiserRows === Math.min(12, named + unstated) && organiserRows > 0,
      `start: one row per organiser (${organiserRows} of ${named} named${unstated ? ' + not stated' : ''})`);
    check(tabulated + (others ? Number(others[1].replace(/,/g, '')) : 0) === info.events,
      `start: events by organiser and year add up to the index's ${info.events} events`);
    const years = await page.locator(`${tid('start-organisers')} thead th`).allTextContents();
    const minYear = Number(info.date_min.slice(0, 4)), maxYear = Number(info.date_max.slice(0, 4));
    check(years.includes(String(minYear)) && years.includes(String(maxYear)), `start: year columns from ${minYear} to ${maxYear}`);
    check(Number(await page.getAttribute(tid('start-people-link'), 'data-count')) === info.people
      && Number(await page.getAttribute(tid('start-outlets-link'), 'data-count')) === info.outlets,
      `start: ${info.people} people and ${info.outlets} outlets, as /api/info says`);
    const languages = await page.textContent(tid('start-languages'));
    check(info.languages.every((l) => languages.includes(`${l.value} (`)), 'start: every language is listed');

    const examples = JSON.parse(readFileSync(new URL('../src/examples.json', import.meta.url), 'utf8'));
    const startExamples = [...examples.search.filter((e) => e.start).map((e) => ['search', e.q]),
      ...examples.cql.filter((e) => e.start).map((e) => ['cql', e.q])];
    const links = await page.locator(tid('start-example')).evaluateAll((as) => as.map((a) => [a.dataset.mode, a.textContent]));
    check(JSON.stringify(links) === JSON.stringify(startExamples), `start: the ${startExamples.length} start examples of examples.json are offered`);
    const placeholder = await page.getAttribute('#q', 'placeholder');
    check(examples.search.filter((e) => e.placeholder).every((e) => placeholder.includes(e.q)),
      'the search box placeholder shows the placeholder examples of examples.json');

    // a search example: the link runs it (URL, ranked results with the API's total)
    const [, searchExample] = startExamples.find(([mode]) => mode === 'search');
    await page.click(`${tid('start-example')}[data-mode="search"] >> nth=0`);
    await page.waitForSelector(`${tid('results-list')}, ${tid('no-results')}`);
    await ready();
    const searchTotal = (await getApi('/api/search', { q: searchExample, limit: '0' })).total;
    check(search().get('q') === searchExample && !search().has('mode') && await total() === searchTotal,
      `start: the example "${searchExample}" runs as a search (${searchTotal} turns)`);
    if (process.env.E2E_SAMPLE === '1') check(searchTotal > 0, `start: "${searchExample}" finds turns in the sample`);
    await page.goBack();
    await page.waitForSelector(tid('welcome'));
    await ready();
    check(!search().has('q'), 'start: back returns to the start page');

    // a CQL example: the KWIC view with the API's count
    const [, cqlExample] = startExamples.find(([mode]) => mode === 'cql');
    await page.click(`${tid('start-example')}[data-mode="cql"] >> nth=0`);
    await page.waitForSelector(`${tid('kwic-table')}, ${tid('no-results')}`);
    await ready();
    const cqlTotal = (await getApi('/api/query', { cql: cqlExample, limit: '0' })).total;
    check(search().get('mode') === 'cql' && search().get('q') === cqlExample && await total() === cqlTotal,
      `start: the example ${cqlExample} runs as CQL (${cqlTotal} hits)`);
    if (process.env.E2E_SAMPLE === '1') check(cqlTotal > 0, `start: ${cqlExample} finds hits in the sample`);
    await page.goBack();
    await page.waitForSelector(tid('welcome'));
    await ready();

    // the people link opens the People page, whose count is the start page's
    await page.click(tid('start-people-link'));
    await page.waitForSelector(`${tid('browse')} ${tid('browse-total')}`);
    await ready();
    check(search().get('browse') === 'people'
      && Number(await page.getAttribute(`${tid('browse')} ${tid('browse-total')}`, 'data-total')) === info.people,
      'start: the people link opens the People page with as many people');
    await page.goBack();
    await page.waitForSelector(tid('welcome'));
    await ready();
  }

  // 2. search: "/" focuses the box, Enter searches
  await page.keyboard.press('/');
  check(await page.evaluate(() => document.activeElement?.id === 'q'), '"/" focuses the search box');
  await page.keyboard.type(query);
  await page.keyboard.press('Enter');
  await page.waitForSelector(tid('results-list'));
  await ready();
  const resultsTotal = await total();
  check(resultsTotal > 0, `search finds turns (total ${resultsTotal})`);
  check(search().get('q') === query, 'URL holds the query');
  const nResults = await page.locator(tid('result')).count();
  check(nResults === Math.min(20, resultsTotal), `first page shows min(20, total) results (${nResults})`);
  check(await page.locator(`${tid('results-list')} mark`).count() > 0, 'snippets highlight hits with <mark>');
  await page.waitForSelector(`${tid('timeline')}[data-total]`);
  check(Number(await page.getAttribute(tid('timeline'), 'data-total')) === resultsTotal, 'timeline total = results total');
  check(await page.locator(`${tid('filter-speaker')} ${tid('facet-speaker')}`).count() > 0, 'speaker facet counts shown');
  await shot('results');

  // 3. KWIC view, sorted by left context through the API
  await page.click(tid('view-kwic'));
  await page.waitForSelector(tid('kwic-table'));
  await ready();
  const kwicTotal = await total();
  check(kwicTotal > 0, `KWIC finds hits (total ${kwicTotal})`);
  check(search().get('view') === 'kwic', 'URL holds view=kwic');
  check(await page.locator(tid('kwic-row')).count() === Math.min(50, kwicTotal), 'KWIC page has min(50, total) rows');
  await page.click(tid('sort-left'));
  await ready();
  await page.waitForSelector(tid('kwic-table'));
  check(search().get('sort') === 'left', 'URL holds sort=left');
  check(await total() === kwicTotal, 'sorting keeps the total');
  check((await page.getAttribute('th.kwic-left', 'aria-sort')) === 'ascending', 'left column marked as sorted');
  // a second key: ties of the left context go by the right context, descending
  check(!(await page.isDisabled(tid('sort-part-2'))), 'with a first sort key, a second can be chosen');
  check(await page.inputValue(tid('sort-part-1')) === 'left', 'the header set the first sort level');
  await page.selectOption(tid('sort-part-2'), 'right');
  await ready();
  const twoKeys = page.waitForRequest((r) => r.url().includes('/api/query?')
    && new URL(r.url()).searchParams.get('sort') === 'left,right:desc');
  await page.selectOption(tid('sort-dir-2'), 'desc');
  await twoKeys;
  await ready();
  await page.waitForSelector(tid('kwic-table'));
  check(search().get('sort') === 'left,right:desc', 'URL holds sort=left,right:desc');
  check(await total() === kwicTotal, 'a second sort key keeps the total');
  check((await page.getAttribute('th.kwic-left', 'aria-sort')) === 'ascending', 'left column still the first key');
  await page.waitForSelector(`${tid('distribution')}[data-rows]`);
  await shot('kwic');

  // 4. event reader
  const firstEvent = await page.getAttribute(`${tid('kwic-row')} ${tid('open-event')}`, 'data-event');
  await page.click(`${tid('kwic-row')} ${tid('open-event')}`);
  await page.waitForSelector(`${tid('reader')}[data-loaded="true"]`);
  check(search().get('open') === firstEvent, 'URL holds the open event');
  check(await page.locator(tid('reader-turn')).count() > 0, 'reader shows turns');
  check(await page.locator(tid('reader-exchange')).count() > 0, 'reader groups questions and answers into exchanges');
  check(await page.locator(`${tid('reader-thread')} mark`).count() > 0, 'reader highlights the hits');
  const at = Number(search().get('at'));
  check(Number.isFinite(at) && at >= 0, `URL holds the hit's source byte (at=${search().get('at')})`);
  check(await page.evaluate((a) => {
    const p = document.querySelector('mark.current')?.closest('p.para');
    return !!p && Number(p.dataset.begin) <= a && a < Number(p.dataset.end);
  }, at), 'reader starts at the paragraph of the clicked hit');
  const srcHref = await page.getAttribute(`${tid('reader')} ${tid('source-link')}`, 'href');
  const src = await page.request.get(new URL(srcHref, base).href);
  check(src.ok() && (await src.text()).length > 0, `source link returns the bytes (${srcHref})`);
  await shot('reader');
  await page.keyboard.press('Escape');
  await page.waitForSelector(tid('reader'), { state: 'hidden' });
  check(!search().has('open'), 'Esc closes the reader (URL without open)');

  // 5. filter by speaker: click the biggest bar of the speaker distribution
  const bar = `${tid('distribution')} ${tid('dist-bar')}:not([disabled])`;   // (none) cannot be a filter
  await page.waitForSelector(bar, { timeout: T }).catch(() => {
    throw new Error('no named speaker among the top speakers of the KWIC hits: choose another E2E_QUERY');
  });
  const speaker = await page.getAttribute(bar, 'data-value');
  await page.click(bar);
  await ready();
  const filteredTotal = await total();
  check(search().getAll('speaker').includes(speaker), `URL holds speaker=${speaker}`);
  check(filteredTotal > 0 && filteredTotal <= kwicTotal, `speaker filter narrows the hits (${kwicTotal} -> ${filteredTotal})`);
  check(await page.locator(`${tid('filter-speaker')} ${tid('remove-filter')}[data-value="${speaker.replace(/"/g, '\\"')}"]`).count() === 1,
    'filter chip shown');
  // the charts update: the timeline counts the filtered hits, the distribution holds only that speaker
  await page.waitForFunction((n) => document.querySelector('[data-testid="timeline"]')?.getAttribute('data-total') === String(n),
    filteredTotal, { timeout: T });
  check(true, 'timeline total = filtered total');
  await page.waitForFunction((s) => document.querySelector('[data-testid="distribution"]')?.getAttribute('data-values') === s,
    speaker, { timeout: T });
  check(true, 'distribution shows only the chosen speaker');
  await shot('filtered');

  // 6. export the full result set through the page
  const [csvDl] = await Promise.all([page.waitForEvent('download', { timeout: T }), page.click(tid('export-csv'))]);
  const csvPath = join(artifacts, 'export.csv');
  await csvDl.saveAs(csvPath);
  const rows = parseCsv(readFileSync(csvPath, 'utf8'));
  const header = rows[0] || [];
  for (const col of ['query', 'event_id', 'date', 'speaker', 'left', 'match', 'right']) {
    check(header.includes(col), `CSV header has ${col}`);
  }
  const dataRows = rows.slice(1).filter((r) => !(r.length === 1 && r[0] === ''));
  check(dataRows.length === filteredTotal, `CSV rows (${dataRows.length}) = total shown (${filteredTotal})`);
  const si = header.indexOf('speaker');
  check(si >= 0 && dataRows.every((r) => r[si] === speaker), 'every CSV row is of the filtered speaker');
  const [jsonlDl] = await Promise.all([page.waitForEvent('download', { timeout: T }), page.click(tid('export-jsonl'))]);
  const jsonlPath = join(artifacts, 'export.jsonl');
  await jsonlDl.saveAs(jsonlPath);
  const lines = readFileSync(jsonlPath, 'utf8').split('\n').filter((l) => l.trim());
  check(lines.length === filteredTotal && lines.every((l) => { try { JSON.parse(l); return true; } catch { return false; } }),
    `JSONL lines (${lines.length}) = total shown, each valid JSON`);

  // The field's formats of the same hits: VRT for CWB, named by the server after what it holds.
  const [vrtDl] = await Promise.all([page.waitForEvent('download', { timeout: T }), page.click(tid('export-vrt'))]);
  const vrtPath = join(artifacts, 'export.vrt');
  await vrtDl.saveAs(vrtPath);
  const vrt = readFileSync(vrtPath, 'utf8');
  check(vrtDl.suggestedFilename().startsWith('presser-vrt-') && vrt.includes('<turn ') && vrt.includes('</event>'),
    `VRT export (${vrtDl.suggestedFilename()}) holds turns and events`);

  // 7. URL round trip: reload -> same state
  const url = page.url();
  await page.reload();
  await page.waitForSelector(tid('kwic-table'));
  await ready();
  check(page.url() === url, 'reload keeps the URL');
  check(await total() === filteredTotal, 'reload shows the same total');
  check(await page.inputValue(tid('search-input')) === query, 'reload restores the query');
  check(await page.locator(`${tid('filter-speaker')} ${tid('remove-filter')}`).count() === 1, 'reload restores the filter');
  check((await page.getAttribute('th.kwic-left', 'aria-sort')) === 'ascending', 'reload restores the sort');
  check(await page.inputValue(tid('sort-part-2')) === 'right' && await page.inputValue(tid('sort-dir-2')) === 'desc',
    'reload restores the second sort key');
  // a fresh tab with the same URL
  const page2 = await context.newPage();
  await page2.goto(url);
  await page2.waitForFunction(() => document.body.dataset.ready === location.search, null, { timeout: T });
  check(Number(await page2.getAttribute(tid('total'), 'data-total')) === filteredTotal, 'shared URL in a new tab shows the same total');
  await page2.close();

  // 8. back button: before the filter (the reader close entry, then the unfiltered KWIC)
  await page.goBack();
  await ready();
  check(!search().has('speaker'), 'back removes the speaker filter');
  check(await total() === kwicTotal, 'back restores the unfiltered total');
  await page.goBack();   // the open reader
  await page.waitForSelector(`${tid('reader')}[data-loaded="true"]`);
  check(search().get('open') === firstEvent, 'back reopens the reader');
  await page.keyboard.press('Escape');
  await page.waitForSelector(tid('reader'), { state: 'hidden' });
  await shot('back');

  // 8b. date filter from the year counts: the count beside a year = the total once filtered by it
  const yearBtn = `${tid('filter-date')} ${tid('facet-year')}:not([disabled])`;
  await page.waitForSelector(yearBtn);
  const year = await page.getAttribute(yearBtn, 'data-value');
  const yearCount = Number((await page.textContent(`${yearBtn} .count`)).replace(/[^0-9]/g, ''));
  await page.click(yearBtn);
  await ready();
  check(search().get('from') === year && search().get('to') === year, `year ${year} sets from/to in the URL`);
  check(await total() === yearCount, `total after the year filter = the year's count (${yearCount})`);
  await page.waitForSelector(tid('clear-filters'));
  await page.click(tid('clear-filters'));
  await ready();
  check(!search().has('from') && await total() === kwicTotal, '"Clear all" restores the unfiltered total');

  // 9. CQL: inline error with the server's message and column
  await page.click(tid('mode-cql'));
  await ready();
  const word = query.toLowerCase().split(/\s+/)[0].replace(/["\\]/g, '');
  await page.fill(tid('search-input'), `[lower="${word}"`);
  await page.press(tid('search-input'), 'Enter');
  await page.waitForSelector(`${tid('query-error')}:not([hidden])`);
  const msg = await page.textContent(tid('query-error-message'));
  check(msg.length > 0, `CQL error shown: ${msg}`);
  check(await page.locator(tid('query-error-column')).count() === 1, 'CQL error marks the column');
  await shot('cql-error');
  await page.fill(tid('search-input'), `[lower="${word}"]`);
  await page.press(tid('search-input'), 'Enter');
  await page.waitForSelector(tid('kwic-table'));
  await ready();
  check(await page.locator(`${tid('query-error')}[hidden]`).count() === 1, 'a valid CQL clears the error');
  check(await total() > 0, 'CQL query finds hits');
  await page.click(tid('scale-pm'));
  await page.waitForSelector(`${tid('timeline')}[data-scale="pm"]`);
  check(search().get('scale') === 'pm', 'per-million toggle is in the URL');
  check(await page.getAttribute(tid('matching'), 'data-matching') === 'standard', 'the count names standard matching');
  await shot('cql');

  // 9b. matching strategy: a CQL setting in the URL, sent with every CQL request, named beside the count
  const withMatching = (path) => page.waitForRequest((r) => r.url().includes(`${path}?`)
    && new URL(r.url()).searchParams.get('matching') === 'longest');
  const matchingRequests = Promise.all(['/api/query', '/api/groups', '/api/timeline'].map(withMatching));
  await page.selectOption(tid('matching-select'), 'longest');
  await matchingRequests;
  await ready();
  check(search().get('matching') === 'longest', 'URL holds matching=longest');
  check(await page.getAttribute(tid('matching'), 'data-matching') === 'longest', 'the count names longest matching');
  await page.reload();
  await page.waitForSelector(tid('kwic-table'));
  await ready();
  check(await page.inputValue(tid('matching-select')) === 'longest', 'reload restores the matching strategy');
  await page.selectOption(tid('matching-select'), 'standard');
  await ready();
  check(!search().has('matching'), 'standard matching is the default, left out of the URL');

  // 10. optional: Chinese text (search, highlights, KWIC)
  const cjk = process.env.E2E_CJK_QUERY;
  if (cjk) {
    await page.goto(`${base}/?q=${encodeURIComponent(cjk)}`);
    await page.waitForSelector(tid('results-list'));
    await ready();
    const n = await total();
    check(n > 0, `Chinese search "${cjk}" finds turns (${n})`);
    const marks = await page.locator(`${tid('results-list')} mark`).allTextContents();
    check(marks.length > 0 && marks.some((m) => cjk.includes(m) || m.includes(cjk)), 'Chinese hits highlighted');
    await shot('cjk-results');
    await page.click(tid('view-kwic'));
    await page.waitForSelector(tid('kwic-table'));
    await ready();
    check(await total() > 0, 'Chinese KWIC finds hits');
    await page.click(`${tid('kwic-row')} ${tid('open-event')}`);
    await page.waitForSelector(`${tid('reader')}[data-loaded="true"]`);
    check(await page.locator(`${tid('reader-thread')} mark`).count() > 0, 'Chinese event reader highlights hits');
    await shot('cjk-reader');
  }

  // 11. time chart granularity (Auto / Day / Month / Year): URL state, heading, the request, back button
  const info = await (await page.request.get(`${base}/api/info`)).json();
  const autoExpected = (from, to, min = info.date_min, max = info.date_max) => autoGranularity(from, to, min, max);
  const tl = tid('timeline');
  const gsel = tid('granularity-select');
  const timelineShows = async (gran, choice) => {
    await page.waitForFunction(([g, c]) => {
      const el = document.querySelector('[data-testid="timeline"]');
      return el?.getAttribute('data-granularity') === g && el.getAttribute('data-granularity-choice') === c
        && el.getAttribute('aria-busy') !== 'true';
    }, [gran, choice], { timeout: T });
    return (await page.textContent(tid('timeline-heading'))).trim();
  };
  const timelineRequest = (gran) => page.waitForRequest((r) => {
    const u = new URL(r.url());
    return u.pathname === '/api/timeline' && u.searchParams.get('granularity') === gran;
  }, { timeout: T });
  const autoAll = autoExpected('', '');
  let req = timelineRequest(autoAll);
  await page.goto(`${base}/?q=${encodeURIComponent(query)}`);
  await page.waitForSelector(tid('results-list'));
  await ready();
  await req;
  let heading = await timelineShows(autoAll, 'auto');
  check(!search().has('granularity'), 'granularity: Auto is the default (not in the URL)');
  check(heading.includes(`by ${autoAll} (auto)`),
    `granularity: Auto over the corpus' dates (${info.date_min} .. ${info.date_max}) is ${autoAll}: "${heading}"`);
  check(await page.inputValue(gsel) === 'auto', 'granularity: the select shows Auto');
  check(await page.locator('label', { has: page.locator(gsel) }).count() === 1, 'granularity: the select has a label');
  // Year with the keyboard: focus the select, press End (the last option)
  req = timelineRequest('year');
  await page.focus(gsel);
  await page.keyboard.press('End');
  await req;
  check(true, 'granularity: choosing Year requests granularity=year');
  await ready();
  heading = await timelineShows('year', 'year');
  check(search().get('granularity') === 'year', 'granularity: Year is in the URL (granularity=year)');
  check(/by year/.test(heading) && !heading.includes('auto'), `granularity: the heading says year: "${heading}"`);
  check(Number(await page.getAttribute(tl, 'data-total')) === resultsTotal, 'granularity: by year, the timeline total = results total');
  await shot('granularity-year');
  await page.goBack();
  await ready();
  heading = await timelineShows(autoAll, 'auto');
  check(!search().has('granularity') && await page.inputValue(gsel) === 'auto',
    'granularity: back restores Auto (URL and select)');
  check(heading.includes(`by ${autoAll} (auto)`), `granularity: back restores the ${autoAll} heading: "${heading}"`);
  // a shared URL with a fixed granularity
  req = timelineRequest('day');
  await page.goto(`${base}/?q=${encodeURIComponent(query)}&granularity=day`);
  await req;
  heading = await timelineShows('day', 'day');
  check(/by day/.test(heading), `granularity: granularity=day in the URL charts by day: "${heading}"`);
  // Auto with a short date filter: the last two months of the corpus
  const [ly, lm] = info.date_max.split('-').map(Number);
  const prev = lm === 1 ? `${ly - 1}-12` : `${ly}-${String(lm - 1).padStart(2, '0')}`;
  const last = `${ly}-${String(lm).padStart(2, '0')}`;
  const autoShort = autoExpected(prev, last);
  await page.goto(`${base}/?q=${encodeURIComponent(query)}`);
  await ready();
  await timelineShows(autoAll, 'auto');
  req = timelineRequest(autoShort);
  await page.fill(tid('filter-from'), prev);
  await page.fill(tid('filter-to'), last);
  await page.click(tid('apply-dates'));
  await req;
  await ready();
  heading = await timelineShows(autoShort, 'auto');
  check(autoShort === 'day' && heading.includes('by day (auto)'),
    `granularity: Auto over ${prev} .. ${last} (clipped to ${info.date_max}) is day: "${heading}"`);
  // Auto over more than 8 years (the corpus' first date moved back by /api/info, answered by the test)
  const page3 = await context.newPage();
  await page3.route('**/api/info', async (route) => {
    const r = await route.fetch();
    await route.fulfill({ response: r, json: { ...(await r.json()), date_min: '2000-01-01' } });
  });
  const autoLong = autoExpected('', '', '2000-01-01');
  const req3 = page3.waitForRequest((r) => r.url().includes('/api/timeline') && new URL(r.url()).searchParams.get('granularity') === autoLong, { timeout: T });
  await page3.goto(`${base}/?q=${encodeURIComponent(query)}`);
  await req3;
  await page3.waitForSelector(`${tl}[data-granularity="${autoLong}"][data-granularity-choice="auto"]`);
  const heading3 = (await page3.textContent(tid('timeline-heading'))).trim();
  check(autoLong === 'year' && heading3.includes('by year (auto)'), `granularity: Auto over 2000-01-01 .. ${info.date_max} is year: "${heading3}"`);
  await page3.close();

  // 12. browse pages: People | Outlets | Events from the nav; URL state, exact counts (= the API's), sort, filter,
  // paging, the links to the turns of a person / an outlet (KWIC of `<turn> []` filtered), reader, back button
  const api = async (path, params = {}) => (await page.request.get(`${base}${path}?${new URLSearchParams(params)}`)).json();
  const inBrowse = (id) => `${tid('browse')} ${tid(id)}`;
  const css = (v) => v.replace(/["\\]/g, '\\$&');
  const rowOf = (name) => `${inBrowse('browse-row')}[data-name="${css(name)}"]`;
  const browseTotal = async () => Number(await page.getAttribute(inBrowse('browse-total'), 'data-total'));
  const rowKeys = () => page.locator(inBrowse('browse-row')).evaluateAll((rs) => rs.map((r) => r.dataset.name ?? r.dataset.event));
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const n = (x) => x.toLocaleString('en-US');
  const TURNS_CQL = '<turn> []';

  await page.goto(`${base}/`);
  await ready();
  await page.click(tid('nav-people'));
  await page.waitForSelector(inBrowse('browse-table'));
  await ready();
  check(search().get('browse') === 'people', 'people: the nav link opens ?browse=people');
  check(await page.getAttribute(tid('nav-people'), 'aria-current') === 'page'
    && await page.getAttribute(tid('nav-search'), 'aria-current') === null, 'people: the nav marks the current page');
  check(await page.isHidden(tid('results-area')), 'people: the search view is hidden');
  const people = await api('/api/people', { limit: '50' });
  check(await browseTotal() === people.total
    && (await page.textContent(inBrowse('browse-total'))).trim() === `${n(people.total)} ${people.total === 1 ? 'person' : 'people'}`,
  `people: the count is the API's total (${people.total} people)`);
  check(same(await rowKeys(), people.people.map((p) => p.name)), 'people: rows = the API\'s first 50, most turns first');
  check(Number(await page.getAttribute(inBrowse('unidentified'), 'data-turns')) === people.unidentified_turns
    && (await page.textContent(inBrowse('unidentified'))).includes(`Unidentified speakers: ${n(people.unidentified_turns)} turn`),
  `people: unidentified speakers shown (${people.unidentified_turns} turns)`);
  check(await page.locator(`${inBrowse('browse-table')} thead th[scope="col"]`).count() === 8, 'people: 8 column headers (scope=col)');
  check(await page.getAttribute(`${inBrowse('browse-table')} th.col-turns`, 'aria-sort') === 'descending', 'people: sorted by turns by default');
  check(await page.locator('label[for="browse-name"]').count() === 1 && await page.locator('label[for="browse-role"]').count() === 1
    && await page.locator('label[for="browse-limit"]').count() === 1, 'people: the name box and the selects have labels');
  const multi = people.people.find((p) => p.spellings.length > 1);
  if (multi) {
    const sp = await page.textContent(`${rowOf(multi.name)} ${tid('spellings')}`);
    check(multi.spellings.every((v) => sp.includes(v)), `people: every spelling of ${multi.name} is shown (${multi.spellings.join(', ')})`);
  }
  const officer = people.people.find((p) => p.offices.length > 0);
  if (officer) {
    const o = officer.offices[0];
    const text = await page.textContent(`${rowOf(officer.name)} .col-offices`);
    check(text.includes(o.title) && text.includes(o.from) && text.includes(o.to), `people: the office of ${officer.name} with its dates (${o.title} ${o.from} – ${o.to})`);
  }
  await shot('people');
  // sort by name with the keyboard
  await page.focus(inBrowse('sort-name'));
  await page.keyboard.press('Enter');
  await ready();
  const byName = await api('/api/people', { sort: 'name', limit: '50' });
  check(search().get('sort') === 'name', 'people: Enter on the Person header sorts by name (sort=name in the URL)');
  check(same(await rowKeys(), byName.people.map((p) => p.name)), 'people: rows in the API\'s name order');
  check(await page.getAttribute(`${inBrowse('browse-table')} th.col-name`, 'aria-sort') === 'ascending', 'people: the Person column is marked sorted');
  check(await page.evaluate(() => document.activeElement?.dataset.testid) === 'sort-name', 'people: the focus stays on the header');
  // paging: 10 rows a page, page 2, back to page 1
  if (people.total > 10) {
    await page.selectOption(inBrowse('browse-limit'), '10');
    await ready();
    check(search().get('limit') === '10' && await page.locator(inBrowse('browse-row')).count() === 10, 'people: 10 rows per page (limit=10 in the URL)');
    await page.click(inBrowse('page-next'));
    await ready();
    const p2 = await api('/api/people', { sort: 'name', offset: '10', limit: '10' });
    check(search().get('page') === '2' && same(await rowKeys(), p2.people.map((p) => p.name)), 'people: page 2 = the API\'s rows 11-20 (page=2)');
    const showing = (await page.textContent(inBrowse('browse-showing'))).trim();
    check(showing.includes(`showing 11–${n(Math.min(20, people.total))} of ${n(people.total)}`), `people: "${showing}"`);
    await page.goBack();
    await ready();
    check(!search().has('page') && (await rowKeys())[0] === byName.people[0].name, 'people: back returns to page 1');
  }
  // filter by a part of a spelling, then by role
  const person = multi ?? people.people[0];
  // (trimmed as the name box trims it: "Ines Calloway" gives "ines", not "ines ")
  const needle = (multi ? multi.spellings[1] : person.name).slice(0, 5).trim().toLowerCase();
  const limit = search().get('limit') ?? '50';
  await page.fill(inBrowse('browse-name'), needle);
  await page.press(inBrowse('browse-name'), 'Enter');
  await ready();
  const named = await api('/api/people', { name: needle, sort: 'name', limit });
  check(search().get('name') === needle && !search().has('page'), `people: name=${needle} in the URL, from page 1`);
  check(await browseTotal() === named.total && (await rowKeys()).includes(person.name),
    `people: name contains "${needle}": ${named.total} (with ${person.name})`);
  const role = person.roles[0].role;
  await page.selectOption(inBrowse('browse-role'), role);
  await ready();
  const withRole = await api('/api/people', { role, name: needle, sort: 'name', limit });
  check(search().get('role') === role && await browseTotal() === withRole.total, `people: role=${role}: ${withRole.total}`);
  await page.reload();
  await page.waitForSelector(inBrowse('browse-table'));
  await ready();
  check(await browseTotal() === withRole.total && await page.inputValue(inBrowse('browse-name')) === needle
    && await page.inputValue(inBrowse('browse-role')) === role, 'people: a reload shows the same list, name and role');
  // the person's turns: KWIC of every turn, filtered by speaker=<the person's name>
  await page.click(`${rowOf(person.name)} ${tid('person-turns')}`);
  await page.waitForSelector(tid('kwic-table'));
  await ready();
  check(search().get('speaker') === person.name && search().get('mode') === 'cql' && search().get('q') === TURNS_CQL
    && !search().has('browse'), `people: the name opens the KWIC of ${TURNS_CQL} with speaker=${person.name}`);
  check(await total() === person.turns, `people: it shows every turn of ${person.name} (${person.turns})`);
  check(await page.locator(`${tid('filter-speaker')} ${tid('remove-filter')}[data-value="${css(person.name)}"]`).count() === 1,
    'people: the speaker filter chip is shown');
  check((await page.textContent(tid('turns-note'))).includes(`Every turn of ${person.name}`), 'people: the view says whose turns it lists');
  if (multi && person.turns <= 50) {
    const who = await page.locator(`${tid('kwic-row')} .speaker`).allTextContents();
    check(multi.spellings.every((v) => who.includes(v)), `people: the turns of every spelling (${multi.spellings.join(', ')})`);
  }
  check(await page.getAttribute(tid('nav-search'), 'aria-current') === 'page', 'people: the nav marks Search');
  await page.goBack();
  await page.waitForSelector(inBrowse('browse-table'));
  await ready();
  check(search().get('browse') === 'people' && search().get('name') === needle && search().get('role') === role
    && await browseTotal() === withRole.total, 'people: back returns to the filtered list');
  // the person's events
  await page.click(`${rowOf(person.name)} ${tid('person-events')}`);
  await ready();
  check(search().get('browse') === 'events' && search().get('speaker') === person.name
    && await browseTotal() === person.events, `people: the event count opens the ${person.events} events of ${person.name}`);
  check(await page.locator(inBrowse('browse-remove-filter')).count() === 1, 'events: the speaker filter is shown as a chip');

  // Outlets
  await page.click(tid('nav-outlets'));
  await ready();
  const outlets = await api('/api/outlets', { limit: '50' });
  check(search().get('browse') === 'outlets' && !search().has('speaker'), 'outlets: the nav opens a fresh ?browse=outlets');
  check(await browseTotal() === outlets.total && same(await rowKeys(), outlets.outlets.map((o) => o.name)),
    `outlets: the count and rows are the API's (${outlets.total} outlets)`);
  await page.click(inBrowse('sort-tokens'));
  await ready();
  const byTokens = await api('/api/outlets', { sort: 'tokens', limit: '50' });
  check(search().get('sort') === 'tokens' && same(await rowKeys(), byTokens.outlets.map((o) => o.name)), 'outlets: sorted by tokens as the API');
  check(await page.getAttribute(`${inBrowse('browse-table')} th.col-tokens`, 'aria-sort') === 'descending', 'outlets: the Tokens column is marked sorted');
  await shot('outlets');
  if (outlets.total > 0) {
    const outlet = byTokens.outlets.find((o) => o.spellings.length > 1) ?? byTokens.outlets[0];
    if (outlet.spellings.length > 1) {
      const sp = await page.textContent(`${rowOf(outlet.name)} ${tid('spellings')}`);
      check(outlet.spellings.every((v) => sp.includes(v)), `outlets: every spelling of ${outlet.name} (${outlet.spellings.join(', ')})`);
    }
    const oNeedle = outlet.spellings.at(-1).slice(0, 4).toLowerCase();
    await page.fill(inBrowse('browse-name'), oNeedle);
    await page.click(inBrowse('browse-apply'));
    await ready();
    const oNamed = await api('/api/outlets', { name: oNeedle, sort: 'tokens', limit: '50' });
    check(search().get('name') === oNeedle && await browseTotal() === oNamed.total && (await rowKeys()).includes(outlet.name),
      `outlets: name contains "${oNeedle}": ${oNamed.total} (with ${outlet.name})`);
    await page.click(`${rowOf(outlet.name)} ${tid('outlet-turns')}`);
    await page.waitForSelector(tid('kwic-table'));
    await ready();
    check(search().get('outlet') === outlet.name && search().get('q') === TURNS_CQL && await total() === outlet.turns,
      `outlets: the name opens every turn of ${outlet.name} (outlet=, ${outlet.turns} turns)`);
    const lastSearchUrl = page.url();
    await page.goBack();
    await ready();
    check(search().get('browse') === 'outlets' && search().get('name') === oNeedle && await browseTotal() === oNamed.total,
      'outlets: back returns to the filtered list');
    // the Search link returns to the last search view
    await page.click(tid('nav-search'));
    await ready();
    check(page.url() === lastSearchUrl, 'nav: Search returns to the last search view');
    await page.goBack();
    await ready();
    check(search().get('browse') === 'outlets', 'nav: back from Search to Outlets');
  }

  // Events
  await page.click(tid('nav-events'));
  await ready();
  const events = await api('/api/events', { limit: '50' });
  check(search().get('browse') === 'events' && await browseTotal() === events.total
    && same(await rowKeys(), events.events.map((e) => e.id)), `events: the count and rows are the API's, newest first (${events.total} events)`);
  check(await page.getAttribute(`${inBrowse('browse-table')} th.col-date`, 'aria-sort') === 'descending', 'events: newest first by default');
  await page.click(inBrowse('sort-date'));
  await ready();
  const oldest = await api('/api/events', { sort: 'date', limit: '50' });
  check(search().get('sort') === 'date' && same(await rowKeys(), oldest.events.map((e) => e.id))
    && await page.getAttribute(`${inBrowse('browse-table')} th.col-date`, 'aria-sort') === 'ascending', 'events: the Date header sorts oldest first');
  await page.click(inBrowse('sort-date'));
  await ready();
  check(!search().has('sort') && same(await rowKeys(), events.events.map((e) => e.id)), 'events: again: newest first');
  // The title box filters by title: take an event that has one (a transcript may state none).
  const ev = events.events.find((e) => e.title) ?? events.events[0];
  const tNeedle = (ev.title || ev.id).slice(0, 4).trim().toLowerCase();
  await page.fill(inBrowse('browse-name'), tNeedle);
  await page.press(inBrowse('browse-name'), 'Enter');
  await ready();
  const titled = await api('/api/events', { title: tNeedle, limit: '50' });
  check(search().get('name') === tNeedle && await browseTotal() === titled.total && (await rowKeys()).includes(ev.id),
    `events: title contains "${tNeedle}": ${titled.total}`);
  await page.click(`${inBrowse('browse-row')}[data-event="${css(ev.id)}"] ${tid('event-open')}`);
  await page.waitForSelector(`${tid('reader')}[data-loaded="true"]`);
  check(search().get('open') === ev.id && search().get('browse') === 'events', `events: the title opens ${ev.id} in the reader`);
  check(await page.getAttribute(tid('reader'), 'data-event') === ev.id && await page.locator(tid('reader-turn')).count() === ev.turns,
    `events: the reader shows its ${ev.turns} turns`);
  await shot('events-reader');
  await page.keyboard.press('Escape');
  await page.waitForSelector(tid('reader'), { state: 'hidden' });
  check(!search().has('open') && search().get('name') === tNeedle && await page.isVisible(inBrowse('browse-table')),
    'events: Esc closes the reader over the same list');
  await page.goBack();
  await page.waitForSelector(`${tid('reader')}[data-loaded="true"]`);
  check(search().get('open') === ev.id, 'events: back opens the reader again');
  await page.goBack();
  await page.waitForSelector(tid('reader'), { state: 'hidden' });
  await ready();
  check(!search().has('open') && search().get('name') === tNeedle && await browseTotal() === titled.total,
    'events: back again: the filtered list, reader closed');
  await page.goBack();
  await ready();
  check(!search().has('name') && await browseTotal() === events.total && same(await rowKeys(), events.events.map((e) => e.id)),
    'events: back again: the unfiltered list');

  // 13. Analyse: Frequency | Keyness | Collocations | N-grams (/api/freq, /api/keyness, /api/colloc, /api/ngrams)
  // over a subcorpus (filters + region, or a saved one); the subcorpus's size with every result; rows open their
  // concordance; CSV/JSONL export of every row; Computing… with elapsed time and Cancel; errors next to the input.
  {
    const A = (id) => `${tid('analyse')} ${tid(id)}`;
    const get = async (path, params = []) => {
      const r = await page.request.get(`${base}${path}?${new URLSearchParams(params)}`);
      return { status: r.status(), body: await r.json() };
    };
    const getOk = async (path, params = []) => (await get(path, params)).body;
    const terms = (sel, attr = 'data-term') => page.locator(sel).evaluateAll((rs, a) => rs.map((r) => r.getAttribute(a)), attr);
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    const size = async (id) => Object.fromEntries(await Promise.all(['tokens', 'turns', 'events']
      .map(async (k) => [k, Number(await page.getAttribute(A(id), `data-${k}`))])));
    const sameSize = (a, b) => a.tokens === b.tokens && a.turns === b.turns && a.events === b.events;
    const run = async () => { await page.click(A('an-run')); await ready(); };
    const sortBy = async (table, col) => { await page.click(`${A(table)} ${tid(`sort-${col}`)}`); await ready(); };
    const word = query.split(/\s+/)[0].toLowerCase();
    const info = await getOk('/api/info');
    const saved = (await getOk('/api/subcorpora')).subcorpora;
    check(Array.isArray(saved), `analyse: /api/subcorpora lists the saved subcorpora (${saved.length})`);
    const downloadLines = async (format, name) => {
      const [dl] = await Promise.all([page.waitForEvent('download', { timeout: T }), page.click(`${A('an-export')} ${tid(`export-${format}`)}`)]);
      const path = join(artifacts, `export-${name}.${format}`);
      await dl.saveAs(path);
      return { text: readFileSync(path, 'utf8'), file: dl.suggestedFilename() };
    };

    // the start page links to it; the header's nav too
    await page.goto(`${base}/`);
    await ready();
    check(await page.locator(tid('start-analyse-link')).count() === 1
      && await page.locator(`${tid('start-analyse')} a`).count() === 5, 'analyse: the start page links to the Analyse page and each tab');
    await page.click(tid('start-analyse-link'));
    await page.waitForSelector(A('an-table'));
    await ready();
    check(search().get('analyse') === 'freq' && await page.getAttribute(tid('nav-analyse'), 'aria-current') === 'page'
      && await page.isHidden(tid('results-area')), 'analyse: the start page link opens ?analyse=freq (nav marked, search view hidden)');
    check(await page.getAttribute(A('an-tab-freq'), 'aria-current') === 'page', 'analyse: the Frequency tab is current');
    const freq = await getOk('/api/freq', [['offset', '0'], ['limit', '50']]);
    check(sameSize(await size('an-size'), freq.subcorpus) && freq.subcorpus.tokens === info.tokens,
      `freq: the subcorpus size is shown (${freq.subcorpus.tokens} tokens = the index's, ${freq.subcorpus.turns} turns, ${freq.subcorpus.events} events)`);
    check(Number(await page.getAttribute(A('an-total'), 'data-total')) === freq.total_rows
      && same(await terms(A('an-row')), freq.rows.map((r) => r.term)), `freq: the rows and total are the API's (${freq.total_rows} terms)`);
    const dash = freq.rows.find((r) => r.juilland_d === null);
    if (dash) check((await page.textContent(`${A('an-row')}[data-term="${dash.term.replace(/"/g, '\\"')}"] .col-juilland_d`)).trim() === 'n/a', 'freq: an undefined statistic is shown as n/a');
    await shot('analyse-freq');

    // sort by a header, page 2, back
    await page.focus(`${A('an-table')} ${tid('sort-term')}`);
    await page.keyboard.press('Enter');
    await ready();
    check(await page.evaluate(() => document.activeElement?.dataset.testid) === 'sort-term', 'freq: Enter on a header sorts; the focus stays on it');
    const byTerm = await getOk('/api/freq', [['sort', 'term'], ['offset', '0'], ['limit', '50']]);
    check(search().get('sort') === 'term' && same(await terms(A('an-row')), byTerm.rows.map((r) => r.term)), 'freq: the Term header sorts by term (sort=term)');
    await sortBy('an-table', 'gries_dp');
    const byDp = await getOk('/api/freq', [['sort', 'dispersion'], ['offset', '0'], ['limit', '50']]);
    check(search().get('sort') === 'dispersion' && await page.inputValue(A('an-sort')) === 'dispersion'
      && same(await terms(A('an-row')), byDp.rows.map((r) => r.term)), 'freq: the DP header sorts by dispersion; the Sort select follows');
    await page.selectOption(A('an-sort'), 'range');
    await run();
    const byRange = await getOk('/api/freq', [['sort', 'range'], ['offset', '0'], ['limit', '50']]);
    check(search().get('sort') === 'range' && same(await terms(A('an-row')), byRange.rows.map((r) => r.term)), 'freq: the Sort select (range) + Run');
    if (byRange.total_rows > 50) {
      await page.click(A('page-next'));
      await ready();
      const p2 = await getOk('/api/freq', [['sort', 'range'], ['offset', '50'], ['limit', '50']]);
      check(search().get('page') === '2' && same(await terms(A('an-row')), p2.rows.map((r) => r.term)), 'freq: page 2 = the API\'s rows 51-100');
      await page.goBack();
      await ready();
      check(!search().has('page'), 'freq: back to page 1');
    }

    // the options: attribute, regex, minimum frequency
    await page.selectOption(A('an-attr'), 'word');
    await page.fill(A('an-match'), '^[a-z]');
    await page.fill(A('an-min_freq'), '2');
    await run();
    const opts = [['attr', 'word'], ['match', '^[a-z]'], ['min_freq', '2'], ['sort', 'range']];
    const f2 = await getOk('/api/freq', [...opts, ['offset', '0'], ['limit', '50']]);
    check(search().get('attr') === 'word' && search().get('match') === '^[a-z]' && search().get('min_freq') === '2'
      && same(await terms(A('an-row')), f2.rows.map((r) => r.term)) && f2.rows.every((r) => r.frequency >= 2),
    `freq: attr=word, match=^[a-z], min_freq=2 in the URL and the request (${f2.total_rows} terms)`);

    // the filter panel's filters and a region: the size is that subcorpus's
    await page.selectOption('#add-role', 'official');
    await ready();
    const official = await getOk('/api/freq', [['role', 'official'], ...opts, ['offset', '0'], ['limit', '50']]);
    check(search().get('role') === 'official' && sameSize(await size('an-size'), official.subcorpus)
      && official.subcorpus.tokens < info.tokens, `freq: role=official from the filter panel: ${official.subcorpus.tokens} tokens`);
    check((await page.textContent(A('an-filters-note'))).includes('role=official'), 'freq: the form names the filters it uses');
    await page.fill(A('an-region'), '<turn kind="answer"/>');
    await run();
    const region = await getOk('/api/freq', [['role', 'official'], ['region', '<turn kind="answer"/>'], ...opts, ['offset', '0'], ['limit', '50']]);
    check(search().get('region') === '<turn kind="answer"/>' && sameSize(await size('an-size'), region.subcorpus)
      && same(await terms(A('an-row')), region.rows.map((r) => r.term)), `freq: a region query (${region.subcorpus.tokens} tokens)`);

    // a row opens its concordance over the same subcorpus: as many hits as the frequency
    const row = region.rows[0];
    await page.click(`${A('an-row')} >> nth=0 >> ${tid('an-conc')}`);
    await page.waitForSelector(`${tid('kwic-table')}, ${tid('no-results')}`);
    await ready();
    const esc = (w) => w.replace(/[\\.^$|?*+()[\]{}"]/g, (c) => (c === '"' ? '\\"' : '\\' + c));
    check(search().get('mode') === 'cql' && search().get('q') === `([word="${esc(row.term)}"]) within (<turn kind="answer"/>)`
      && search().get('role') === 'official', `freq: the row opens the CQL view of ${search().get('q')} with role=official`);
    check(await total() === row.frequency, `freq: the concordance has as many hits as the frequency (${row.frequency})`);
    await page.goBack();
    await page.waitForSelector(A('an-table'));
    await ready();
    check(search().get('analyse') === 'freq' && await page.inputValue(A('an-region')) === '<turn kind="answer"/>', 'freq: back returns to the table and its form');

    // export: every row, not just the page
    const csv = await downloadLines('csv', 'freq');
    const csvRows = parseCsv(csv.text).filter((r) => !(r.length === 1 && r[0] === ''));
    check(csvRows[0]?.[0] === 'term' && csvRows[0].includes('frequency') && csvRows.length - 1 === region.total_rows,
      `freq: the CSV export has a header row and every row (${csvRows.length - 1} = ${region.total_rows}; ${csv.file})`);
    const jsonl = await downloadLines('jsonl', 'freq');
    const jl = jsonl.text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    check(jl.length === region.total_rows && jl[0].term === (await getOk('/api/freq', [['role', 'official'], ['region', '<turn kind="answer"/>'], ...opts])).rows[0].term,
      `freq: the JSONL export has every row (${jl.length})`);
    const href = await page.getAttribute(`${A('an-export')} ${tid('export-csv')}`, 'href');
    const hp = new URL(href, base).searchParams;
    check(href.startsWith('/api/freq?') && hp.get('format') === 'csv' && !hp.has('offset') && !hp.has('limit') && hp.get('region') === '<turn kind="answer"/>',
      'freq: the export links ask the same route with format= and no offset or limit');

    // an error is shown next to the input it is about
    await page.fill(A('an-match'), '(');
    await run();
    check(await page.isVisible(A('an-error')) && (await page.textContent(A('an-error-match'))).length > 0
      && await page.getAttribute(A('an-match'), 'aria-invalid') === 'true', `freq: a bad regex: "${(await page.textContent(A('an-error-match'))).trim()}" next to the Matching box`);
    await shot('analyse-error');

    // Computing… with the elapsed time, and Cancel (the request is held back by the test)
    await page.fill(A('an-match'), '');
    await page.route('**/api/freq?**', async (r) => { await new Promise((res) => setTimeout(res, 2500)); try { await r.continue(); } catch { /* cancelled */ } });
    await page.click(A('an-run'));
    await page.waitForSelector(A('an-computing'));
    await page.waitForFunction(() => parseFloat(document.querySelector('[data-testid="an-elapsed"]')?.textContent ?? '0') >= 0.3);
    check(true, `freq: "Computing…" shows the time elapsed (${await page.textContent(A('an-elapsed'))})`);
    await shot('analyse-computing');
    const aborted = page.waitForEvent('requestfailed', (r) => r.url().includes('/api/freq?'));
    await page.click(A('an-cancel'));
    await page.waitForSelector(A('an-cancelled'));
    await ready();
    check(!!(await aborted), 'freq: Cancel aborts the request (the server sees the client go away)');
    await page.unroute('**/api/freq?**');
    await page.click(A('an-rerun'));
    await page.waitForSelector(A('an-table'));
    await ready();
    check(!search().has('match') && await page.isVisible(A('an-size')), 'freq: "Run again" runs it');

    // a saved subcorpus replaces the filters and the region
    if (saved.length) {
      const sc = saved[0];
      await page.waitForSelector(`${A('an-subcorpus')}[data-loaded]`);
      await page.selectOption(A('an-subcorpus'), sc.name);
      await run();
      check(search().get('subcorpus') === sc.name && await page.getAttribute(A('an-size'), 'data-name') === sc.name
        && sameSize(await size('an-size'), sc), `freq: the saved subcorpus ${sc.name} (${sc.tokens} tokens, as /api/subcorpora says)`);
      const first = await page.getAttribute(`${A('an-row')} >> nth=0`, 'data-term');
      await page.click(`${A('an-row')} >> nth=0 >> td.col-frequency`);   // anywhere on the row
      await page.waitForSelector(`${tid('kwic-table')}, ${tid('no-results')}`);
      await ready();
      const def = sc.definition ?? {};
      const wantFilters = Object.entries(def.filters ?? {}).every(([k, v]) => same(search().getAll(k), [v].flat().map(String)));
      check(search().get('mode') === 'cql' && search().get('q').includes(`[word="${esc(first)}"]`) && wantFilters
        && (!def.cql || search().get('q').endsWith(`within (${def.cql})`)), `freq: a click on the row opens the concordance over ${sc.name}'s definition`);
      await page.goBack();
      await ready();
      await page.waitForSelector(`${A('an-subcorpus')}[data-loaded]`);
      await page.selectOption(A('an-subcorpus'), '');
      await run();
    } else {
      console.log('  note: the index has no saved subcorpus; the saved-subcorpus checks are skipped');
    }

    // Keyness: target = the filter panel's role=official, reference = the rest of the corpus
    await page.click(A('an-tab-keyness'));
    await page.waitForSelector(`${A('an-size-target')}, ${A('an-error')}`);
    await ready();
    check(search().get('analyse') === 'keyness' && search().get('role') === 'official' && !search().has('match')
      && search().get('region') === '<turn kind="answer"/>' && search().get('attr') === 'word' && await page.inputValue(A('an-attr')) === 'word',
    'keyness: the tab keeps the subcorpus (role=official, the region) and the attribute, not the other tab\'s options');
    await page.fill(A('an-region'), '');
    await page.selectOption(A('an-attr'), 'lemma');
    await run();
    check(!search().has('region') && !search().has('attr'), 'keyness: the default attribute (lemma) is left out of the URL');
    const k1 = await getOk('/api/keyness', [['role', 'official'], ['limit', '50']]);
    const tgt = await size('an-size-target'), ref = await size('an-size-reference');
    check(sameSize(tgt, k1.target) && sameSize(ref, k1.reference) && tgt.tokens + ref.tokens === info.tokens,
      `keyness: target ${tgt.tokens} + the rest ${ref.tokens} tokens = the corpus (${info.tokens})`);
    check(same(await terms(`${A('an-positive-row')}`), k1.positive.map((r) => r.term))
      && same(await terms(`${A('an-negative-row')}`), k1.negative.map((r) => r.term)), `keyness: positive (${k1.positive.length}) and negative (${k1.negative.length}) keywords as the API`);
    const nBars = Math.min(20, k1.positive.length) + Math.min(20, k1.negative.length);
    check(await page.locator(A('diverging-bar')).count() === nBars
      && await page.locator(`${A('diverging-bar')}[data-side="negative"]`).count() === Math.min(20, k1.negative.length),
    `keyness: a diverging bar chart of ${nBars} keywords`);
    // the bars: each side's first 20 rows, from the largest value outwards (positive first, then negative)
    const bars = async () => page.locator(A('diverging-bar')).evaluateAll((bs) => bs.map((b) => [b.dataset.term, Number(b.dataset.value)]));
    const expect = (pick) => {
      const side = (rows, sign) => rows.slice(0, 20).map((r) => [r.term, pick(r, sign)]).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
      return [...side(k1.positive, 1), ...side(k1.negative, -1).reverse()];
    };
    const sameBars = (a, b) => a.length === b.length && a.every(([t, v], i) => t === b[i][0] && v === b[i][1]);
    check(sameBars(await bars(), expect((r) => r.log_ratio)), 'keyness: the bars are the log ratio, from the largest outwards');
    if (k1.positive.length) {
      await page.click(A('an-chart-ll'));
      await ready();
      check(search().get('chart') === 'll' && sameBars(await bars(), expect((r, sign) => sign * r.log_likelihood)),
        'keyness: the G² button charts G² (chart=ll), negative keywords\' to the left');
    }
    await shot('analyse-keyness');
    await sortBy('an-positive-table', 'log_ratio');
    const kLr = await getOk('/api/keyness', [['role', 'official'], ['sort', 'log-ratio'], ['limit', '50']]);
    check(search().get('sort') === 'log-ratio' && same(await terms(A('an-positive-row')), kLr.positive.map((r) => r.term)), 'keyness: the Log ratio header sorts by log ratio');

    // questions against answers: the reference's own filters; alpha none, Bonferroni, key 2-grams
    await page.click(`${tid('filter-role')} ${tid('remove-filter')}`);
    await ready();
    await page.selectOption('#add-kind', 'question');
    await ready();
    await page.check(A('an-refmode-filters'));
    await page.fill(A('an-ref_kind'), 'answer');
    await page.selectOption(A('an-alpha'), 'none');
    await run();
    const kq = await getOk('/api/keyness', [['kind', 'question'], ['sort', 'log-ratio'], ['alpha', 'none'], ['ref_kind', 'answer'], ['limit', '50']]);
    check(search().get('kind') === 'question' && search().get('ref_kind') === 'answer' && search().get('alpha') === 'none'
      && sameSize(await size('an-size-reference'), kq.reference) && same(await terms(A('an-positive-row')), kq.positive.map((r) => r.term)),
    `keyness: questions (${kq.target.tokens} tokens) against answers (${kq.reference.tokens} tokens), every compared term`);
    const kwd = kq.positive.find((r) => !r.term.includes(' ') && /\p{L}/u.test(r.term)) ?? kq.positive[0];
    if (kwd) {
      await page.click(`${A('an-positive-row')}[data-term="${kwd.term.replace(/"/g, '\\"')}"] ${tid('an-conc')}`);
      await page.waitForSelector(`${tid('kwic-table')}, ${tid('no-results')}`);
      await ready();
      check(search().get('q') === `[lemma="${esc(kwd.term)}"]` && search().get('kind') === 'question'
        && await total() === kwd.target_frequency, `keyness: a keyword opens its concordance in the target (${kwd.target_frequency} hits of ${kwd.term})`);
      await page.goBack();
      await page.waitForSelector(A('an-positive'));
      await ready();
    }
    await page.check(A('an-bonferroni'));
    await page.selectOption(A('an-alpha'), '0.05');
    await page.selectOption(A('an-n'), '2');
    await run();
    const k2 = await getOk('/api/keyness', [['kind', 'question'], ['n', '2'], ['bonferroni', '1'], ['sort', 'log-ratio'], ['ref_kind', 'answer'], ['limit', '50']]);
    check(search().get('n') === '2' && search().get('bonferroni') === '1' && !search().has('alpha')
      && Number(await page.getAttribute(A('an-positive'), 'data-total')) === (k2.positive_total ?? k2.positive.length)
      && (await page.textContent(A('an-threshold'))).includes('Bonferroni'), `keyness: key 2-grams, Bonferroni (${k2.positive_total ?? k2.positive.length} positive)`);
    // a reference that overlaps the target is an error naming it
    await page.fill(A('an-ref_kind'), 'question');
    await run();
    check(await page.isVisible(A('an-error')), `keyness: an overlapping reference is an error: "${(await page.textContent(A('an-error'))).trim().slice(0, 120)}"`);
    if (saved.length) {
      await page.check(A('an-refmode-saved'));
      await page.waitForSelector(`${A('an-reference')}[data-loaded]`);
      const other = saved.find((x) => !x.definition?.filters?.kind) ?? saved[0];
      await page.selectOption(A('an-reference'), other.name);
      await run();
      check(search().get('reference') === other.name && !search().has('ref_kind'), `keyness: a saved reference (reference=${other.name})`);
      if (await page.isVisible(A('an-size-reference'))) check(await page.getAttribute(A('an-size-reference'), 'data-name') === other.name, 'keyness: the reference size is the saved one\'s');
    }
    await page.check(A('an-refmode-rest'));
    await page.selectOption(A('an-n'), '1');
    await page.uncheck(A('an-bonferroni'));
    await run();
    check(!search().has('reference') && !search().has('ref_kind') && !search().has('n'), 'keyness: back to the rest of the corpus');
    // a reload restores the page
    const kUrl = page.url();
    await page.reload();
    await page.waitForSelector(A('an-positive'));
    await ready();
    check(page.url() === kUrl && await page.isChecked(A('an-refmode-rest')) && await page.inputValue(A('an-sort')) === 'log-ratio',
      'keyness: a reload restores the form and the result');

    // Collocations of the query's word
    await page.click(A('an-tab-colloc'));
    await page.waitForSelector(A('an-prompt'));
    await ready();
    check(search().get('analyse') === 'colloc' && search().get('kind') === 'question', 'colloc: the tab asks for a node query first');
    await page.click(`${tid('filter-kind')} ${tid('remove-filter')}`);
    await ready();
    const node = `[lower="${word}"]`;
    await page.fill(A('an-q'), node);
    await run();
    const c1 = await getOk('/api/colloc', [['q', node], ['limit', '50']]);
    check(search().get('q') === node && same(await terms(A('an-row')), c1.rows.map((r) => r.collocate))
      && sameSize(await size('an-size'), c1.subcorpus), `colloc: collocates of ${node} as the API (${c1.total_rows}; ${c1.nodes} nodes)`);
    check(await page.inputValue(tid('search-input')) === '', 'colloc: the node query is not put in the search box');
    await shot('analyse-colloc');
    if (c1.rows.length) {
      await page.click(`${A('an-row')} >> nth=0 >> ${tid('an-conc')}`);
      await page.waitForSelector(`${tid('kwic-table')}, ${tid('no-results')}`);
      await ready();
      check(search().get('mode') === 'cql' && search().get('q') === c1.rows[0].cql && await total() > 0,
        `colloc: a collocate opens the lines of its row's cql (${await total()} hits)`);
      await page.goBack();
      await page.waitForSelector(A('an-table'));
      await ready();
    }
    await sortBy('an-table', 'mi');
    const cMi = await getOk('/api/colloc', [['q', node], ['measure', 'mi'], ['limit', '50']]);
    check(search().get('measure') === 'mi' && await page.inputValue(A('an-measure')) === 'mi'
      && same(await terms(A('an-row')), cMi.rows.map((r) => r.collocate)), 'colloc: the MI header sorts by MI (measure=mi)');
    await page.fill(A('an-window'), '3');
    await page.selectOption(A('an-attr'), 'word');
    await page.fill(A('an-min_freq'), '1');
    await page.fill(A('an-min_collocate_freq'), '2');
    await run();
    const cW = await getOk('/api/colloc', [['q', node], ['attr', 'word'], ['window', '3'], ['measure', 'mi'], ['min_freq', '1'], ['min_collocate_freq', '2'], ['limit', '50']]);
    check(search().get('window') === '3' && search().get('min_collocate_freq') === '2'
      && same(await terms(A('an-row')), cW.rows.map((r) => r.collocate)), `colloc: window ±3, attr word, min. collocate frequency 2 (${cW.total_rows})`);
    await page.fill(A('an-window'), '');
    await page.fill(A('an-left'), '2');
    await page.fill(A('an-right'), '0');
    await run();
    const cLr = await getOk('/api/colloc', [['q', node], ['attr', 'word'], ['left', '2'], ['right', '0'], ['measure', 'mi'], ['min_freq', '1'], ['min_collocate_freq', '2'], ['limit', '50']]);
    check(search().get('left') === '2' && search().get('right') === '0' && !search().has('window')
      && same(await terms(A('an-row')), cLr.rows.map((r) => r.collocate)), 'colloc: left 2, right 0');
    await page.fill(A('an-left'), '');
    await page.fill(A('an-right'), '');
    await page.selectOption(A('an-within'), 's');
    await run();
    const cS = await getOk('/api/colloc', [['q', node], ['attr', 'word'], ['within', 's'], ['measure', 'mi'], ['min_freq', '1'], ['min_collocate_freq', '2'], ['limit', '50']]);
    check(search().get('within') === 's' && same(await terms(A('an-row')), cS.rows.map((r) => r.collocate)), 'colloc: within s');
    // a CQL error is shown at the node query
    await page.fill(A('an-q'), `[lower="${word}"`);
    await run();
    check((await page.textContent(A('an-error-q'))).length > 0 && await page.getAttribute(A('an-q'), 'aria-invalid') === 'true',
      `colloc: a CQL error next to the node box: "${(await page.textContent(A('an-error-q'))).trim().slice(0, 100)}"`);

    // N-grams
    await page.click(A('an-tab-ngrams'));
    await page.waitForSelector(`${A('an-table')}, ${A('an-empty')}`);
    await ready();
    check(search().get('analyse') === 'ngrams' && !search().has('q') && search().get('attr') === 'word', 'ngrams: the tab keeps the attribute, drops the node');
    await page.selectOption(A('an-attr'), 'lower');
    await page.selectOption(A('an-n'), '2');
    await page.fill(A('an-min_freq'), '2');
    await run();
    const g1 = await getOk('/api/ngrams', [['n', '2'], ['min_freq', '2'], ['offset', '0'], ['limit', '50']]);
    check(search().get('n') === '2' && same(await terms(A('an-row')), g1.rows.map((r) => r.ngram))
      && Number(await page.getAttribute(A('an-total'), 'data-total')) === g1.total_rows, `ngrams: 2-grams with frequency ≥ 2 as the API (${g1.total_rows})`);
    const gram = g1.rows.find((r) => r.ngram.split(' ').every((t) => /\p{L}/u.test(t))) ?? g1.rows[0];
    const part = gram.ngram.split(' ')[0];
    await page.fill(A('an-min_range'), '1');
    await page.fill(A('an-min_turns'), '1');
    await page.fill(A('an-max_dp'), '1');
    await page.fill(A('an-containing'), part);
    await run();
    const g2 = await getOk('/api/ngrams', [['n', '2'], ['min_freq', '2'], ['min_range', '1'], ['min_turns', '1'], ['max_dp', '1'], ['containing', part], ['offset', '0'], ['limit', '50']]);
    check(search().get('containing') === part && search().get('max_dp') === '1' && same(await terms(A('an-row')), g2.rows.map((r) => r.ngram))
      && g2.rows.some((r) => r.ngram === gram.ngram), `ngrams: min. range, turns, max. DP, containing "${part}" (${g2.total_rows})`);
    await shot('analyse-ngrams');
    const jl2 = (await downloadLines('jsonl', 'ngrams')).text.split('\n').filter((l) => l.trim());
    check(jl2.length === g2.total_rows && 'gries_dp' in JSON.parse(jl2[0]), `ngrams: the JSONL export has every row with gries_dp (${jl2.length})`);
    await page.click(`${A('an-row')}[data-term="${gram.ngram.replace(/"/g, '\\"')}"] ${tid('an-conc')}`);
    await page.waitForSelector(`${tid('kwic-table')}, ${tid('no-results')}`);
    await ready();
    const seq = gram.ngram.split(' ').map((t) => `[lower="${esc(t)}"]`).join(' ');
    check(search().get('q') === seq && await total() >= gram.frequency, `ngrams: an n-gram opens the concordance of ${seq} (${await total()} hits)`);
    await page.goBack();
    await page.waitForSelector(A('an-table'));
    await ready();
    check(search().get('containing') === part, 'ngrams: back returns to the n-grams');
    // the nav returns to the last Analyse page; the search box starts a search afresh
    await page.click(tid('nav-search'));
    await ready();
    check(search().get('q') === seq && !search().has('analyse'), 'analyse: the Search link returns to the last search (the concordance)');
    await page.click(tid('nav-analyse'));
    await ready();
    check(search().get('analyse') === 'ngrams' && search().get('containing') === part, 'analyse: the nav link returns to the last Analyse page');
    await page.fill(tid('search-input'), word);
    await page.press(tid('search-input'), 'Enter');
    await page.waitForSelector(`${tid('results-list')}, ${tid('no-results')}`);
    await ready();
    check(search().get('q') === word && !search().has('analyse') && !search().has('containing'), 'analyse: a search from the Analyse page starts afresh');
  }

  // Filters (issue 21 §3-§4): suggestions with counts for speaker, outlet, event (title and date) and
  // organiser, keyboard-navigable; a facet value and a chart bar add their filter, removed again by its chip;
  // events shown by title and date; the legend names what is plotted; "Counting…" ends; the Events page
  // sorts by title and organiser and filters by organiser.
  {
    const api = async (path, params = []) => (await page.request.get(`${base}${path}?${new URLSearchParams(params)}`)).json();
    const F = (dim, id) => `${tid(`filter-${dim}`)} ${tid(id)}`;
    await page.goto(`${base}/?q=${encodeURIComponent(query)}`);
    await ready();
    // Picks, with the keyboard, the first suggestion for `typed` in the input of `dim`; returns the row.
    const pickSuggestion = async (dim, field, typed) => {
      const expected = await api('/api/suggest', [['field', field], ['q', typed], ['limit', '10']]);
      await page.click(F(dim, `add-${dim}`));
      await page.fill(F(dim, `add-${dim}`), typed);
      await page.waitForSelector(`${F(dim, 'suggestions')}[data-q="${css(typed)}"] ${tid('suggestion')}`);
      const values = await page.locator(F(dim, 'suggestion')).evaluateAll((els) => els.map((e) => [e.dataset.value, Number(e.dataset.count)]));
      check(values.length === expected.suggestions.length && values.every(([v, c], i) => v === expected.suggestions[i].value
        && c === expected.suggestions[i].count), `filters: ${dim} suggestions for "${typed}" are /api/suggest's, with counts (${values.length})`);
      await page.press(F(dim, `add-${dim}`), 'ArrowDown');
      check(await page.getAttribute(F(dim, `add-${dim}`), 'aria-activedescendant') !== null
        && await page.locator(`${F(dim, 'suggestion')}[aria-selected="true"]`).count() === 1, `filters: ArrowDown highlights a ${dim} suggestion`);
      await page.press(F(dim, `add-${dim}`), 'Enter');
      await ready();
      return expected.suggestions[0];
    };
    const removeChip = async (dim, value) => {
      await page.click(`${tid(`filter-${dim}`)} ${tid('remove-filter')}[data-value="${css(value)}"]`);
      await ready();
      check(!search().getAll(dim).includes(value), `filters: the ${dim} chip removes its filter`);
    };

    const people = await api('/api/suggest', [['field', 'speaker'], ['limit', '1']]);
    const person = people.suggestions[0];
    const typed = person.value.split(' ').pop().slice(0, 3).toLowerCase();
    const picked = await pickSuggestion('speaker', 'speaker', typed);
    check(search().getAll('speaker').includes(picked.value), `filters: a picked speaker suggestion becomes the filter (${picked.value})`);
    await removeChip('speaker', picked.value);

    const outlets = await api('/api/suggest', [['field', 'outlet'], ['limit', '1']]);
    if (outlets.suggestions.length) {
      const o = await pickSuggestion('outlet', 'outlet', outlets.suggestions[0].value.slice(0, 2).toLowerCase());
      check(search().getAll('outlet').includes(o.value), `filters: a picked outlet suggestion becomes the filter (${o.value})`);
      await removeChip('outlet', o.value);
    }

    const organisers = await api('/api/suggest', [['field', 'organiser'], ['limit', '1']]);
    if (organisers.suggestions.length) {
      const org = await pickSuggestion('organiser', 'organiser', organisers.suggestions[0].value.slice(0, 3));
      check(search().getAll('organiser').includes(org.value), `filters: a picked organiser suggestion becomes the filter (${org.value})`);
      await removeChip('organiser', org.value);
    }

    // Events: offered and shown by title and date; the filter is the id.
    const newest = (await api('/api/events', [['limit', '1']])).events[0];
    const titleWord = (newest.title || newest.id).split(/\s+/).find((w) => w.length > 3) ?? newest.id;
    const ev = await pickSuggestion('event', 'event', titleWord);
    const chip = `${tid('filter-event')} ${tid('remove-filter')}[data-value="${css(ev.value)}"]`;
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('('), chip);
    const chipText = await page.textContent(chip);
    check(search().getAll('event').includes(ev.value) && chipText.includes(ev.label) && chipText.includes(ev.date),
      `filters: the event chip shows title and date ("${chipText.trim()}"), the URL the id`);
    await removeChip('event', ev.value);
    // A typed title is not an id: a hint and the events that contain it, not a filter that finds nothing.
    const partial = titleWord.slice(0, -1);   // part of a title: no event's id nor whole title
    await page.fill(F('event', 'add-event'), partial);
    await page.press(F('event', 'add-event'), 'Enter');
    await page.waitForSelector(`${F('event', 'suggest-hint')}:not([hidden])`);
    check(!search().has('event'), `filters: typing "${partial}" in the event input and Enter adds no filter but a hint`);
    await page.press(F('event', 'add-event'), 'Escape');

    // Facets: event values by title and date; a click adds the filter.
    await page.waitForSelector(F('event', 'facet-event'));
    await page.waitForFunction((sel) => [...document.querySelectorAll(sel)].every((b) => !b.dataset.value
      || b.querySelector('.fv-label')?.textContent !== b.dataset.value), F('event', 'facet-event'));
    const facet = page.locator(F('event', 'facet-event')).first();
    const facetId = await facet.getAttribute('data-value');
    const facetText = await facet.locator('.fv-label').textContent();
    check(facetText !== facetId, `filters: the event facet shows a title and date, not the bare id ("${facetText.trim()}")`);
    await facet.click();
    await ready();
    check(search().getAll('event').includes(facetId), 'filters: a click on an event facet value filters by that event');
    await removeChip('event', facetId);

    // The timeline: the legend names what is plotted; a click on a bar filters by its period.
    await page.waitForSelector(`${tid('timeline')}[data-buckets]`);
    const legend = (await page.textContent(`${tid('timeline')} .u-legend`)).replace(/\s+/g, ' ');
    check(/all \d/.test(legend) && /in all/.test(legend), `timeline: the legend names the periods and the total ("${legend.trim()}")`);
    const box = await page.locator(`${tid('timeline')} .u-over`).boundingBox();
    const legendPeriod = () => page.evaluate(() => {
      const values = [...document.querySelectorAll('[data-testid="timeline"] .u-legend .u-value')].map((e) => e.textContent ?? '');
      return { period: /^\d{4}(-\d{2}){0,2}$/.test(values[0] ?? '') ? values[0] : '', value: values[1] ?? '' };
    });
    let hit = null;
    for (let x = 2; x < box.width && !hit; x += 3) {
      await page.mouse.move(box.x + x, box.y + box.height / 2);
      const l = await legendPeriod();
      if (l.period && l.value && l.value !== '0') hit = { x, period: l.period };
    }
    check(hit !== null, `timeline: hovering a bar shows its period in the legend (${hit?.period})`);
    if (hit) {
      await page.mouse.click(box.x + hit.x, box.y + box.height / 2);
      await ready();
      check(search().get('from') === hit.period && search().get('to') === hit.period, `timeline: a click on the ${hit.period} bar filters by that period`);
      await page.click(`${tid('filter-date')} .chip`);
      await ready();
      check(!search().has('from') && !search().has('to'), 'timeline: the date chip removes the period filter');
    }

    // CQL: the counts of every dimension arrive and "Counting…" ends.
    await page.goto(`${base}/?mode=cql&q=${encodeURIComponent(`[lower="${query.split(' ')[0].toLowerCase()}"]`)}`);
    await ready();
    await page.waitForSelector('#filters[data-counting="false"]');
    const state = await page.textContent(tid('counts-state'));
    check(!state.includes('Counting') && !state.includes('still counting'), `filters: "Counting…" ends when the counts arrive ("${state}")`);

    // The Events page: sortable by title and organiser, filtered by an organiser picked from its suggestions.
    await page.goto(`${base}/?browse=events`);
    await ready();
    await page.click(tid('sort-title'));
    await ready();
    const titles = await page.locator(`${tid('browse-row')} .col-title`).allTextContents();
    const apiTitles = (await api('/api/events', [['sort', 'title'], ['limit', String(titles.length)]])).events.map((e) => e.title || e.id);
    check(search().get('sort') === 'title' && titles.join('\n') === apiTitles.join('\n'), `events: sorted by title (${titles.length} rows)`);
    await page.click(tid('sort-organiser'));
    await ready();
    check(search().get('sort') === 'organiser', 'events: sorted by organiser');
    if (organisers.suggestions.length) {
      const typedOrg = organisers.suggestions[0].value.slice(0, 3);
      const org = (await api('/api/suggest', [['field', 'organiser'], ['q', typedOrg], ['limit', '10']])).suggestions[0];
      await page.fill(tid('browse-organiser'), typedOrg);
      await page.waitForSelector(`${tid('browse-filters')} ${tid('suggestions')}[data-q="${css(typedOrg)}"] ${tid('suggestion')}`);
      await page.press(tid('browse-organiser'), 'ArrowDown');
      await page.press(tid('browse-organiser'), 'Enter');
      await ready();
      const expected = (await api('/api/events', [['organiser', search().get('organiser') ?? ''], ['limit', '0']])).total;
      check(search().get('organiser') === org.value && Number(await page.getAttribute(tid('browse-total'), 'data-total')) === expected,
        `events: filtered by the organiser ${org.value} (${expected} events)`);
      await page.click(`${tid('browse-remove-filter')}[data-value="${css(org.value)}"]`);
      await ready();
      check(!search().has('organiser'), 'events: the organiser chip removes the filter');
    }
  }

  // 12. KWIC controls: context, lines per page, multi-level sort with metadata keys, where, the full match,
  // a line opened onto its paragraph, thinning with a seed, query history and saved queries
  {
    const apiQuery = async (params) => (await page.request.get(`${base}/api/query?${new URLSearchParams(params)}`)).json();
    // frequent words; every token on a tiny index (the mock server's)
    const frequent = '[lower="the|a|of|and|to|in"]';
    const cql = (await apiQuery({ cql: frequent, limit: '0' })).total > 40 ? frequent : '[lower=".*"]';
    await page.goto(`${base}/?mode=cql&q=${encodeURIComponent(cql)}`);
    await page.waitForSelector(tid('kwic-table'));
    await ready();
    const all = await total();
    check(all > 20, `KWIC controls: ${cql} has more than 20 hits (${all})`);
    // context width: in the URL, sent to the API, restored on reload
    const ctxRequest = page.waitForRequest((r) => r.url().includes('/api/query?') && new URL(r.url()).searchParams.get('context') === '3');
    await page.selectOption(tid('context-select'), '3');
    await ctxRequest;
    await ready();
    const withContext = await apiQuery({ cql, context: '3', offset: '0', limit: '50' });
    const lefts = await page.locator(`${tid('kwic-row')} td.kwic-left`).allTextContents();
    check(search().get('context') === '3' && lefts[0] === withContext.lines[0].left, `context 3: URL and lines as the API's ("${lefts[0]}")`);
    // page size
    await page.selectOption(tid('page-size-select'), '20');
    await ready();
    check(search().get('size') === '20' && await page.locator(tid('kwic-row')).count() === 20, 'page size 20: URL and 20 rows');
    check((await page.textContent(tid('page-info'))).startsWith('1–20 of'), 'the pager counts pages of 20');
    await page.click(tid('page-next'));
    await ready();
    check(search().get('page') === '2' && (await page.textContent(tid('page-info'))).startsWith('21–'), 'page 2 of 20 lines');
    // multi-level sort with metadata keys: date (newest first), then left context (lowercase), then speaker
    await page.selectOption(tid('sort-part-1'), 'date');
    await ready();
    await page.selectOption(tid('sort-dir-1'), 'desc');
    await ready();
    check(await page.isDisabled(tid('sort-attr-1')), 'a metadata key takes no attribute');
    await page.selectOption(tid('sort-part-2'), 'left');
    await ready();
    await page.selectOption(tid('sort-attr-2'), 'lower');
    await ready();
    const threeKeys = page.waitForRequest((r) => r.url().includes('/api/query?')
      && new URL(r.url()).searchParams.get('sort') === 'date:desc,left:lower,speaker');
    await page.selectOption(tid('sort-part-3'), 'speaker');
    await threeKeys;
    await ready();
    check(search().get('sort') === 'date:desc,left:lower,speaker' && !search().has('page'), 'three sort levels in the URL (page 1)');
    const dates = await page.locator(`${tid('kwic-row')} ${tid('open-event')}`).allTextContents();
    check(dates.every((d, i) => i === 0 || dates[i - 1] >= d), `lines newest first (${dates[0]} … ${dates[dates.length - 1]})`);
    const sorted = await apiQuery({ cql, context: '3', offset: '0', limit: '20', sort: 'date:desc,left:lower,speaker' });
    const matches = await page.locator(tid('kwic-match')).allTextContents();
    const shownStarts = await page.locator(tid('kwic-row')).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event')));
    check(shownStarts.every((e, i) => e === sorted.lines[i].event_id) && matches.every((m, i) => m === sorted.lines[i].match),
      'the lines are the API\'s sorted page');
    check((await page.getAttribute('th.kwic-left', 'aria-sort')) === 'none', 'a metadata first key leaves the column headers unsorted');
    await page.reload();
    await page.waitForSelector(tid('kwic-table'));
    await ready();
    check(await page.inputValue(tid('sort-part-1')) === 'date' && await page.inputValue(tid('sort-dir-1')) === 'desc'
      && await page.inputValue(tid('sort-attr-2')) === 'lower' && await page.inputValue(tid('sort-part-3')) === 'speaker'
      && await page.inputValue(tid('context-select')) === '3' && await page.inputValue(tid('page-size-select')) === '20',
    'reload restores the sort levels, context and page size');
    // where: role, office, outlet and event title as the API gives them; the byte range links to the source bytes
    const whereCount = (id) => page.locator(`${tid('kwic-row')} ${tid(id)}`).count();
    check(await whereCount('where-title') === sorted.lines.filter((l) => l.event_title).length, 'Where shows each line\'s event title');
    check(await whereCount('where-role') === sorted.lines.filter((l) => l.role).length
      && await whereCount('where-office') === sorted.lines.filter((l) => l.office).length
      && await whereCount('where-outlet') === sorted.lines.filter((l) => l.outlet).length, 'Where shows role, office and outlet');
    const bytesHref = await page.getAttribute(`${tid('kwic-row')} ${tid('source-bytes')}`, 'href');
    const bytes = await page.request.get(new URL(bytesHref, `${base}/`).href);
    check(bytes.ok() && (await bytes.text()).toLowerCase() === sorted.lines[0].match.toLowerCase(),
      `the byte range links to the match's bytes in the source (${bytesHref})`);
    // a line opens in place onto its paragraph, which holds the match
    await page.click(`${tid('kwic-row')} ${tid('expand-line')}`);
    const para = page.locator(tid('kwic-paragraph')).first();
    await page.waitForFunction(() => document.querySelector('[data-testid="kwic-paragraph"]')?.dataset.loaded === 'yes', null, { timeout: T });
    const paraText = await para.textContent();
    check(await para.isVisible() && paraText.toLowerCase().includes(sorted.lines[0].match.toLowerCase())
      && paraText.length > sorted.lines[0].left.length, 'a line expands in place to its whole paragraph');
    check(await para.locator('mark').count() > 0, 'the paragraph marks the hits');
    await page.click(`${tid('kwic-row')} ${tid('expand-line')}`);
    check(!(await para.isVisible()), 'the paragraph closes again');
    // the full match is readable: a long match wraps, never cut
    const longCql = `[lower="${word}"] []{7}`;
    await page.goto(`${base}/?mode=cql&q=${encodeURIComponent(longCql)}&context=2`);
    await page.waitForSelector(`${tid('kwic-table')}, ${tid('no-results')}`);
    await ready();
    const long = await apiQuery({ cql: longCql, context: '2', offset: '0', limit: '50' });
    if ((long.lines ?? []).length > 0) {
      const cell = await page.locator(`${tid('kwic-row')} td.kwic-match`).first().evaluate((td) => ({
        text: td.textContent, fits: td.scrollWidth <= td.clientWidth + 1, white: getComputedStyle(td).whiteSpace }));
      check(cell.text === long.lines[0].match && cell.fits && cell.white === 'normal', `a long match is shown whole, wrapped ("${cell.text}")`);
    }
    // thin: a random sample of N lines with a seed, stated as a sample; the count stays exact
    await page.goto(`${base}/?mode=cql&q=${encodeURIComponent(cql)}`);
    await page.waitForSelector(tid('kwic-table'));
    await ready();
    await page.fill(tid('thin-size'), '10');
    await page.fill(tid('thin-seed'), '7');
    await page.click(tid('thin-apply'));
    await ready();
    const rowsOf = async () => page.locator(tid('kwic-row')).evaluateAll((rows) => rows.map((r) => r.textContent));
    const sample7 = await rowsOf();
    check(search().get('sample') === '10' && search().get('seed') === '7' && sample7.length === 10, 'thin: URL sample=10&seed=7, 10 lines');
    check(await total() === all && await page.getAttribute(tid('sample-note'), 'data-size') === '10',
      'thin: the total stays the exact count');
    const summaryText = await page.textContent(tid('summary'));
    check(summaryText.includes(`a random sample of 10 of ${all.toLocaleString('en-US')} hits, seed 7`), `thin: stated as a sample ("${summaryText.slice(0, 60)}")`);
    const api7 = await apiQuery({ cql, sample: '10', seed: '7', offset: '0', limit: '50', context: '8' });
    check(api7.sample?.size === 10 && api7.total === all, 'thin: the API answers the sample and the exact total');
    await page.reload();
    await page.waitForSelector(tid('kwic-table'));
    await ready();
    check(JSON.stringify(await rowsOf()) === JSON.stringify(sample7), 'thin: the same seed gives the same lines after reload');
    await page.fill(tid('thin-seed'), '8');
    await page.click(tid('thin-apply'));
    await ready();
    check(search().get('seed') === '8' && JSON.stringify(await rowsOf()) !== JSON.stringify(sample7), 'thin: another seed draws other lines');
    await page.goBack();
    await ready();
    check(search().get('seed') === '7' && JSON.stringify(await rowsOf()) === JSON.stringify(sample7), 'thin: back returns to seed 7');
    await page.click(tid('thin-clear'));
    await ready();
    check(!search().has('sample') && await page.locator(tid('sample-note')).count() === 0, 'thin: "All hits" ends the sample');
    // query history (this browser): the queries run, newest first, clickable
    await page.click(`${tid('history')} summary`);
    const history = await page.locator(`${tid('history')} ${tid('history-run')}`).allTextContents();
    check(history[0] === cql && history.includes(longCql), `history lists the queries run, newest first (${history.length})`);
    check(history.length <= 50 && new Set(history).size === history.length, 'history keeps at most 50, one entry per query');
    await page.locator(`${tid('history')} ${tid('history-run')}`).filter({ hasText: longCql }).first().click();
    await ready();
    check(search().get('q') === longCql && search().get('context') === '2', 'a history entry runs its query again, with its settings');
    // saved queries: save with a name, list, run, delete; kept across reloads
    await page.click(`${tid('saved')} summary`);
    await page.fill(tid('save-name'), 'long matches');
    await page.click(tid('save-query'));
    check(await page.locator(`${tid('saved-entry')}[data-name="long matches"]`).count() === 1, 'saved: the query is listed under its name');
    await page.goto(`${base}/?mode=cql&q=${encodeURIComponent(cql)}`);
    await ready();
    await page.click(`${tid('saved')} summary`);
    await page.click(`${tid('saved-entry')}[data-name="long matches"] ${tid('saved-run')}`);
    await ready();
    check(search().get('q') === longCql && search().get('context') === '2', 'saved: running it restores the query and its settings');
    await page.reload();
    await ready();
    await page.click(`${tid('saved')} summary`);
    check(await page.locator(`${tid('saved-entry')}[data-name="long matches"]`).count() === 1, 'saved: kept across reloads');
    await page.click(`${tid('saved-entry')}[data-name="long matches"] ${tid('saved-delete')}`);
    check(await page.locator(`${tid('saved-entry')}[data-name="long matches"]`).count() === 0, 'saved: deleted');
    await shot('kwic-controls');
    // lines keep the source's spacing: a hyphen between words joins both ("long-term", "Mm-hmm"), not "long - term"
    const hyphenCql = '[word="[A-Za-z]+"] [word="-"] [word="[A-Za-z]+"]';
    const hyphens = await apiQuery({ cql: hyphenCql, context: '3', offset: '0', limit: '50' });
    if ((hyphens.lines ?? []).length > 0 && hyphens.lines.every((l) => l.match.includes('-'))) {
      await page.goto(`${base}/?mode=cql&q=${encodeURIComponent(hyphenCql)}&context=3`);
      await page.waitForSelector(tid('kwic-table'));
      await ready();
      const shown = await page.locator(tid('kwic-match')).allTextContents();
      check(shown.length > 0 && shown.every((m) => /^[A-Za-z]+-[A-Za-z]+$/.test(m)), `hyphenated words are shown joined (${shown.slice(0, 3).join(', ')})`);
    }
  }

  check(pageErrors.length === 0, `no uncaught page errors${pageErrors.length ? ': ' + pageErrors.join('; ') : ''}`);
} catch (e) {
  failed++;
  failures.push(String(e?.message || e));
  console.log(`  FAIL exception: ${e?.stack || e}`);
  try { await page.screenshot({ path: join(artifacts, 'failure.png') }); } catch { /* ignore */ }
} finally {
  await browser.close();
}
writeFileSync(join(artifacts, 'e2e-summary.txt'), `${passed} passed, ${failed} failed\n${failures.join('\n')}\n`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
