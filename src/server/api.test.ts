import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Digest, DigestArticle } from '../model/types.js';
import { dayJson } from '../publish/day-json.js';
import { SqliteStore } from '../store/sqlite.js';
import { plainSnippet, snippetHtml } from './api.js';
import { siteHandler } from './site.js';

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

test('GET /api/search answers JSON hits with their day page links', async () => {
  const { store, get } = await setup();
  try {
    const res = await get('/api/search?q=tanks&topic=nato&limit=5');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    const body = (await res.json()) as { query: string; topic: string; hits: Record<string, unknown>[] };
    assert.equal(body.query, 'tanks');
    assert.equal(body.topic, 'nato');
    assert.deepEqual(body.hits.map((h) => h.url).sort(), ['https://a.example/1', 'https://b.example/2']);
    const first = body.hits[0];
    assert.equal(first?.page, 'nato/2023-01-30/index.html#s-tanks');
    assert.equal(typeof first?.score, 'number');
    assert.ok(!String(first?.snippet).includes('\u0002'));
    const all = (await (await get('/api/search?q=tanks')).json()) as { hits: unknown[] };
    assert.equal(all.hits.length, 3);
    const paged = (await (await get('/api/search?q=tanks&limit=1&offset=1')).json()) as { hits: unknown[] };
    assert.equal(paged.hits.length, 1);
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
    assert.ok(
      found.includes(
        '<a href="nato/2023-01-30/index.html#s-tanks">Allies pledge &lt;b&gt;tanks&lt;/b&gt; &amp; jets</a>',
      ),
    );
    assert.ok(found.includes('Beta &lt;Wire&gt;'));
    assert.match(found, /<mark>tanks<\/mark>/i);
    assert.ok(!found.includes('Heat and tanks'));
    assert.ok(found.includes('<option value="nato" selected>NATO</option>'));
    assert.ok(found.includes('<title>Search: tanks — Brief &lt;site&gt;</title>'));
    assert.ok(found.includes('href="assets/style.css"'));
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

test('the search page pages through results', async () => {
  const store = new SqliteStore(':memory:');
  await store.migrate();
  try {
    const many = Array.from({ length: 25 }, (_, i) =>
      item(`https://e.example/${i}`, `Walrus report ${i}`, []),
    );
    await store.saveDigest({
      topic: { name: 'Sea', slug: 'sea' },
      date: '2023-02-01',
      stories: [{ id: 's', title: 'W', articles: many }],
    });
    const handle = siteHandler(await mkdtemp(join(tmpdir(), 'daybrief-api-')), store);
    const first = await (await handle(new Request('http://x/search?q=walrus'))).text();
    assert.equal(first.match(/class="result"/g)?.length, 20);
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
