import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import type { Digest, DigestArticle } from '../model/types.js';
import { dayJson } from '../publish/day-json.js';
import { paths } from '../publish/paths.js';
import { SqliteStore } from '../store/sqlite.js';
import { GROUP_WINDOW, plainSnippet, revealSearch, snippetHtml } from './api.js';
import { siteHandler } from './site.js';
import { IMMUTABLE } from './static.js';

const item = (url: string, title: string, summary: string[], outlet = 'Example News'): DigestArticle => ({
  url,
  title,
  outlet,
  summary,
  summarySource: 'body',
  paywalled: false,
  alsoPublishedBy: [],
});

const days: Digest[] = [
  {
    topic: { name: 'NATO', slug: 'nato' },
    date: '2023-01-30',
    stories: [
      {
        id: 'tanks',
        title: 'Tanks',
        articles: [
          item('https://a.example/1', 'Allies pledge <b>tanks</b> & jets', ['More tanks for Ukraine.']),
          item('https://b.example/2', 'Second tanks report', ['Tanks again.'], 'Beta <Wire>'),
        ],
      },
      {
        id: 'summit',
        title: 'Summit',
        articles: [item('https://c.example/3', 'Summit in Vilnius', ['Leaders meet.'])],
      },
    ],
  },
  {
    topic: { name: 'Climate', slug: 'climate' },
    date: '2023-01-31',
    stories: [
      {
        id: 'heat',
        title: 'Heat',
        articles: [item('https://d.example/4', 'Heat and tanks', ['Water tanks.'])],
      },
    ],
  },
];

async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'daybrief-api-'));
  await mkdir(join(root, 'nato'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<h1>home</h1>');
  const store = new SqliteStore(':memory:');
  await store.migrate();
  for (const d of days) await store.saveDigest(d);
  const handle = siteHandler(root, store, { title: 'Brief <site>' });
  const get = (path: string, init?: RequestInit) => handle(new Request(`http://x${path}`, init));
  return { store, get, root };
}

test('GET /api/search answers one JSON hit per story, its best article, with the others and a count', async () => {
  const { store, get } = await setup();
  try {
    const res = await get('/api/search?q=tanks&topic=nato&limit=5');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    const body = (await res.json()) as {
      query: string;
      topic: string;
      total: number;
      complete: boolean;
      hits: Record<string, unknown>[];
    };
    assert.equal(body.query, 'tanks');
    assert.equal(body.topic, 'nato');
    assert.equal(body.total, 1);
    assert.equal(body.complete, true);
    assert.equal(body.hits.length, 1, 'the two articles of one story are one hit');
    const first = body.hits[0];
    const urls = [first?.url, ...((first?.more as { url: string }[]) ?? []).map((m) => m.url)];
    assert.deepEqual(urls.sort(), ['https://a.example/1', 'https://b.example/2']);
    assert.equal(first?.page, 'nato/2023-01-30/index.html#s-tanks');
    assert.equal(typeof first?.score, 'number');
    assert.ok(!String(first?.snippet).includes('\u0002'));
    const all = (await (await get('/api/search?q=tanks')).json()) as { total: number; hits: unknown[] };
    assert.equal(all.hits.length, 2);
    assert.equal(all.total, 2);
    const paged = (await (await get('/api/search?q=tanks&limit=1&offset=1')).json()) as {
      total: number;
      hits: { storyId: string }[];
    };
    assert.equal(paged.hits.length, 1);
    assert.equal(paged.total, 2);
    assert.equal(paged.hits[0]?.storyId, (all.hits[1] as { storyId: string }).storyId, 'paged by story');
    const hostile = await get(`/api/search?q=${encodeURIComponent('"NEAR( * ^ :tanks')}`);
    assert.equal(hostile.status, 200);
  } finally {
    await store.close();
  }
});

test('bad API input is a JSON 400, unknown paths a JSON 404', async () => {
  const { store, get } = await setup();
  try {
    for (const path of [
      '/api/search',
      '/api/search?q=%20',
      `/api/search?q=${'x'.repeat(501)}`,
      '/api/search?q=a&topic=..%2Fetc',
      '/api/search?q=a&limit=0',
      '/api/search?q=a&limit=abc',
      '/api/search?q=a&offset=-1',
      '/api/nato/2023-02-30',
      '/api/NATO!/2023-01-30',
    ]) {
      const res = await get(path);
      assert.equal(res.status, 400, path);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.ok(body.error.code && body.error.message, path);
    }
    for (const path of ['/api/nope', '/api/nato/2023-02-01', '/api', '/api/a/b/c']) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    }
    assert.equal((await get('/api/topics', { method: 'POST' })).status, 405);
  } finally {
    await store.close();
  }
});

test('GET /api/topics and /api/<slug>/<date> serve the archive', async () => {
  const { store, get } = await setup();
  try {
    const topics = (await (await get('/api/topics')).json()) as { topics: unknown[] };
    assert.deepEqual(topics.topics, [
      {
        slug: 'climate',
        name: 'Climate',
        latest: '2023-01-31',
        days: 1,
        page: 'climate/2023-01-31/index.html',
        json: 'climate/2023-01-31.json',
      },
      {
        slug: 'nato',
        name: 'NATO',
        latest: '2023-01-30',
        days: 1,
        page: 'nato/2023-01-30/index.html',
        json: 'nato/2023-01-30.json',
      },
    ]);
    const day = await get('/api/nato/2023-01-30');
    assert.equal(day.status, 200);
    assert.equal(await day.text(), dayJson(days[0] as Digest));
    assert.equal((await get('/api/nato/2023-01-30.json')).status, 200);
    const head = await get('/api/nato/2023-01-30', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  } finally {
    await store.close();
  }
});

test('GET /search renders escaped, highlighted results linking to the story anchors', async () => {
  const { store, get } = await setup();
  try {
    const res = await get(`/search?q=${encodeURIComponent('tanks <script>')}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(res.headers.get('content-security-policy') ?? '', /form-action 'self'/);
    const page = await res.text();
    assert.ok(!page.includes('<script>'));
    assert.ok(page.includes('Search: tanks &lt;script&gt;'));
    assert.equal(((await (await get('/api/search?q=tanks%20script')).json()) as { hits: [] }).hits.length, 0);

    const found = await (await get('/search?q=tanks&topic=nato')).text();
    const doc = parseHTML(found).document;
    const results = Array.from(doc.querySelectorAll('.results > li.result'));
    assert.equal(results.length, 1, 'one result per story');
    assert.equal(doc.querySelector('.result-count')?.textContent, '1 story matches');
    const link = results[0]?.querySelector('h2 a');
    assert.equal(link?.getAttribute('href'), 'nato/2023-01-30/index.html#s-tanks');
    const best = link?.textContent ?? '';
    assert.ok(['Allies pledge <b>tanks</b> & jets', 'Second tanks report'].includes(best), best);
    const other = best === 'Second tanks report' ? 'Example News' : 'Beta <Wire>';
    assert.equal(results[0]?.querySelector('.more-from')?.textContent, `and 1 more from ${other}`);
    assert.ok(found.includes('Beta &lt;Wire&gt;') || found.includes('Example News'));
    const both = parseHTML(await (await get('/search?q=tanks')).text()).document;
    assert.equal(both.querySelectorAll('.results > li.result').length, 2);
    assert.equal(both.querySelector('.result-count')?.textContent, '2 stories match');
    assert.match(found, /<mark>tanks<\/mark>/i);
    assert.ok(!found.includes('Heat and tanks'));
    assert.ok(found.includes('<option value="nato" selected>NATO</option>'));
    assert.ok(found.includes('<title>Search: tanks — Brief &lt;site&gt;</title>'));
    assert.ok(found.includes(`href="${paths.style}"`));
    assert.ok(found.includes('value="tanks"'));

    const empty = await (await get('/search')).text();
    assert.ok(empty.includes('<h1>Search</h1>'));
    const none = await (await get('/search?q=zzzz')).text();
    assert.ok(none.includes('Nothing in the archive matches.'));
    const bad = await get('/search?q=a&topic=%3Cx%3E');
    assert.equal(bad.status, 400);
    assert.ok((await bad.text()).includes('topic is not a valid topic slug'));
    assert.equal((await get('/search?q=a&page=0')).status, 400);
  } finally {
    await store.close();
  }
});

test('the search page pages through stories', async () => {
  const store = new SqliteStore(':memory:');
  await store.migrate();
  try {
    const stories = Array.from({ length: 25 }, (_, i) => ({
      id: `s${i}`,
      title: `W${i}`,
      articles: [
        item(`https://e.example/${i}`, `Walrus report ${i}`, []),
        item(`https://f.example/${i}`, `Walrus copy ${i}`, [], `Outlet ${i}`),
      ],
    }));
    await store.saveDigest({ topic: { name: 'Sea', slug: 'sea' }, date: '2023-02-01', stories });
    const handle = siteHandler(await mkdtemp(join(tmpdir(), 'daybrief-api-')), store);
    const first = await (await handle(new Request('http://x/search?q=walrus'))).text();
    assert.equal(first.match(/class="result"/g)?.length, 20);
    assert.ok(first.includes('<p class="result-count">25 stories match</p>'));
    assert.ok(first.includes('href="search?q=walrus&amp;page=2"'));
    const second = await (await handle(new Request('http://x/search?q=walrus&page=2'))).text();
    assert.equal(second.match(/class="result"/g)?.length, 5);
    assert.ok(second.includes('<ol class="results" start="21">'));
    assert.ok(!second.includes('page=3'));
  } finally {
    await store.close();
  }
});

test('other paths fall through to the static site; without a store there is no API', async () => {
  const { store, get, root } = await setup();
  try {
    assert.equal(await (await get('/')).text(), '<h1>home</h1>');
    assert.equal((await get('/searching')).status, 404);
    const plain = siteHandler(root);
    assert.equal((await plain(new Request('http://x/api/topics'))).status, 404);
    assert.equal((await plain(new Request('http://x/search?q=a'))).status, 404);
  } finally {
    await store.close();
  }
});

test('snippets: markers become <mark>, the rest is escaped or stripped', () => {
  const s = 'a <b> \u0002tank\u0003 & \u0002jet\u0003 c';
  assert.equal(snippetHtml(s).value, 'a &lt;b&gt; <mark>tank</mark> &amp; <mark>jet</mark> c');
  assert.equal(plainSnippet(s), 'a <b> tank & jet c');
  assert.equal(snippetHtml('x \u0002open').value, 'x <mark>open</mark>');
});

test('more matching articles than the grouping window: the count says "more than"', async () => {
  const store = new SqliteStore(':memory:');
  await store.migrate();
  try {
    const stories = Array.from({ length: GROUP_WINDOW + 10 }, (_, i) => ({
      id: `o${i}`,
      title: `Otter ${i}`,
      articles: [item(`https://o.example/${i}`, `Otter news ${i}`, [])],
    }));
    await store.saveDigest({ topic: { name: 'River', slug: 'river' }, date: '2023-03-01', stories });
    const handle = siteHandler(await mkdtemp(join(tmpdir(), 'daybrief-api-')), store);
    const page = await (await handle(new Request('http://x/search?q=otter'))).text();
    assert.ok(page.includes(`<p class="result-count">More than ${GROUP_WINDOW} stories match</p>`));
    const api = (await (await handle(new Request('http://x/api/search?q=otter'))).json()) as {
      total: number;
      complete: boolean;
    };
    assert.deepEqual([api.total, api.complete], [GROUP_WINDOW, false]);
  } finally {
    await store.close();
  }
});

test("serve with a database shows the built pages' hidden search box; without one it stays hidden", async () => {
  const { buildSite } = await import('../publish/site.js');
  const { writeSite } = await import('../publish/write.js');
  const { natoSite } = await import('../publish/fixtures.test.js');
  const root = await mkdtemp(join(tmpdir(), 'daybrief-api-site-'));
  await writeSite(buildSite(natoSite()), root);
  const store = new SqliteStore(':memory:');
  await store.migrate();
  try {
    const served = siteHandler(root, store);
    const plain = siteHandler(root);
    for (const path of ['/', '/nato/2023-01-30/', '/nato/', '/no/such/page']) {
      const res = await served(new Request(`http://x${path}`));
      const body = await res.text();
      assert.equal(res.headers.get('content-length'), String(Buffer.byteLength(body)), path);
      const box = parseHTML(body).document.querySelector('form.search-box');
      assert.equal(box?.hasAttribute('hidden'), false, `${path} shows the box when served with search`);
      const still = parseHTML(await (await plain(new Request(`http://x${path}`))).text()).document;
      assert.equal(still.querySelector('form.search-box')?.hasAttribute('hidden'), true, `${path} static`);
    }
    const missing = await served(new Request('http://x/no/such/page'));
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-type'), 'text/html; charset=utf-8');
    await missing.arrayBuffer();
    const head = await served(new Request('http://x/', { method: 'HEAD' }));
    assert.equal(head.status, 200);
    const shown = await (await served(new Request('http://x/'))).text();
    assert.equal(
      head.headers.get('content-length'),
      String(Buffer.byteLength(shown)),
      'HEAD gives the length of the page as served, its box shown',
    );
    const { STYLE_CSS } = await import('../publish/style.js');
    const link =
      parseHTML(shown).document.querySelector('link[rel="stylesheet"]')?.getAttribute('href') ?? '';
    assert.match(link, /^assets\/style\.[0-9a-f]{16}\.css$/, 'the front page links the hashed stylesheet');
    const css = await served(new Request(`http://x/${link}`));
    assert.equal(css.status, 200);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.equal(
      css.headers.get('cache-control'),
      IMMUTABLE,
      'the published stylesheet is cached for a year',
    );
    assert.equal(await css.text(), STYLE_CSS);
    const searchPage = parseHTML(await (await served(new Request('http://x/search'))).text()).document;
    assert.equal(searchPage.querySelector('form.search-box')?.hasAttribute('hidden'), false);
  } finally {
    await store.close();
  }
});

test('revealSearch leaves non-HTML and encoded responses alone', async () => {
  const json = new Response('{"a":"<form class=\\"search-box\\" role=\\"search\\" hidden"}', {
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(await revealSearch(json), json);
  const gz = new Response('x', { headers: { 'content-type': 'text/html', 'content-encoding': 'gzip' } });
  assert.equal(await revealSearch(gz), gz);
});

test('searches are answered from memory until the site is rebuilt', async () => {
  const { store, get, root } = await setup();
  const { writeSite } = await import('../publish/write.js');
  const walrus: Digest = {
    topic: { name: 'Sea', slug: 'sea' },
    date: '2023-02-01',
    stories: [
      { id: 'w', title: 'W', articles: [item('https://e.example/w', 'Walrus sighted', ['A walrus.'])] },
    ],
  };
  const total = async (path: string) => ((await (await get(path)).json()) as { total: number }).total;
  const count = async (path: string) =>
    (await (await get(path)).text()).match(/class="result"/g)?.length ?? 0;
  try {
    assert.equal(await total('/api/search?q=walrus'), 0);
    assert.equal(await count('/search?q=walrus'), 0);
    await store.saveDigest(walrus);
    assert.equal(await total('/api/search?q=walrus'), 0, 'the cached answer, until a rebuild');
    assert.equal(await total('/api/search?q=%20walrus%20'), 0, 'the same query, spaced otherwise');
    assert.equal(await count('/search?q=walrus'), 0);
    await writeSite(new Map([['index.html', '<h1>rebuilt</h1>']]), root);
    assert.equal(await total('/api/search?q=walrus'), 1, 'a rebuild empties the cache');
    assert.equal(await count('/search?q=walrus'), 1);
    const first = await get('/search?q=walrus', { headers: { 'accept-encoding': 'gzip' } });
    const etag = first.headers.get('etag') ?? '';
    assert.match(etag, /^"[^"]+-gz"$/);
    await first.arrayBuffer();
    const again = await get('/search?q=walrus', {
      headers: { 'accept-encoding': 'gzip', 'if-none-match': etag },
    });
    assert.equal(again.status, 304, 'a cached answer validates');
    const head = await get('/search?q=walrus', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body, null);
    assert.equal(
      Number(head.headers.get('content-length')),
      Buffer.byteLength(await (await get('/search?q=walrus')).text()),
    );
  } finally {
    await store.close();
  }
});

test('without a built site to tell rebuilds by, searches are never cached', async () => {
  const store = new SqliteStore(':memory:');
  await store.migrate();
  try {
    const handle = siteHandler(await mkdtemp(join(tmpdir(), 'daybrief-api-empty-')), store);
    const total = async () =>
      ((await (await handle(new Request('http://x/api/search?q=tanks'))).json()) as { total: number }).total;
    assert.equal(await total(), 0);
    for (const d of days) await store.saveDigest(d);
    assert.equal(await total(), 2);
  } finally {
    await store.close();
  }
});
