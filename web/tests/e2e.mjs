// End-to-end test of the web UI in headless Chromium (playwright-core, the system's /usr/bin/chromium).
// Usage: node tests/e2e.mjs BASE_URL [ARTIFACT_DIR]
// Env: E2E_QUERY (simple search words, default "inflation"), E2E_CHROMIUM (browser binary), E2E_SAMPLE=1 (the
// index is samples/: the start page's examples must find something).
// Scenario: search -> results -> KWIC (sorted by two keys) -> event reader -> speaker filter -> chart update -> CSV/JSONL export
// (rows = total shown) -> URL round trip (reload) -> back button -> CQL error with column -> time chart
// granularity (Auto / Day / Month / Year: URL, heading, request, back button, what Auto picks); the CQL
// matching strategy (URL, requests, shown beside the count, reload); the browse pages People, Outlets, Events
// (nav, counts, sort, filter, paging, the links to a person's / an outlet's turns and to the reader, back).
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
  check(!(await page.isDisabled(tid('then-by-select'))), 'with a sort column, "then by" can be chosen');
  const twoKeys = page.waitForRequest((r) => r.url().includes('/api/query?')
    && new URL(r.url()).searchParams.get('sort') === 'left,right:desc');
  await page.selectOption(tid('then-by-select'), 'right:desc');
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
  check(await page.inputValue(tid('then-by-select')) === 'right:desc', 'reload restores the second sort key');
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
