import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { createLiveFetcher } from '../fetch/index.js';
import { DaybriefError } from '../model/errors.js';
import type { Topic } from '../model/types.js';
import { dayWindow } from './day.js';
import {
  fetchGdelt,
  GDELT_ENDPOINT,
  gdeltQuery,
  gdeltSearchUrl,
  gdeltTime,
  Pacer,
  parseGdelt,
  parseGdeltResponse,
  parseSeenDate,
} from './gdelt.js';
import { compileQuery } from './query.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const DAY = dayWindow('2023-01-30', 'Europe/Helsinki');
const TOPIC: Topic = {
  name: 'NATO',
  slug: 'nato',
  query: 'NATO OR alliance "defence ministers" -golf',
  feeds: [],
  language: 'en',
  region: 'GB',
  timezone: 'Europe/Helsinki',
  maxArticles: 1000,
};

test('gdeltQuery: ORs in parentheses, phrases quoted, exclusions kept, site: as domain:, date operators dropped', () => {
  assert.equal(gdeltQuery('NATO'), 'NATO');
  assert.equal(gdeltQuery('NATO OR alliance -golf'), '(NATO OR alliance) -golf');
  assert.equal(
    gdeltQuery('"climate change" (policy | law) -"golf club"'),
    '"climate change" (policy OR law) -"golf club"',
  );
  assert.equal(gdeltQuery('ukraine site:Example.com after:2023-01-01 when:1d'), 'ukraine domain:example.com');
  assert.equal(gdeltQuery('intitle:energy europe'), 'energy europe');
  assert.equal(gdeltQuery('OR nato OR'), 'nato', 'a dangling OR is dropped');
  assert.equal(gdeltQuery('  '), '');
});

test('gdeltQuery keeps the meaning query.ts gives the same text', () => {
  // The same query, read by the local matcher and (once translated) by GDELT: the AND/OR/NOT
  // structure must agree, so a title the matcher accepts is one GDELT's query would accept.
  const q = 'nato OR alliance "defence ministers" -golf';
  const translated = gdeltQuery(q);
  const local = compileQuery(q);
  const asGdelt = compileQuery(translated);
  for (const title of [
    'NATO defence ministers meet',
    'Alliance defence ministers agree',
    'NATO golf day for defence ministers',
    'Defence ministers meet',
    'NATO ministers meet',
  ]) {
    assert.equal(asGdelt(title), local(title), title);
  }
});

test('gdeltSearchUrl: ArtList JSON, the day in UTC from the topic zone, sourcelang, maxrecords capped, DateDesc', () => {
  const u = new URL(gdeltSearchUrl(TOPIC, DAY));
  assert.equal(`${u.origin}${u.pathname}`, GDELT_ENDPOINT);
  const p = u.searchParams;
  assert.equal(p.get('query'), '(NATO OR alliance) "defence ministers" -golf sourcelang:english');
  assert.equal(p.get('mode'), 'ArtList');
  assert.equal(p.get('format'), 'json');
  assert.equal(p.get('sort'), 'DateDesc');
  assert.equal(p.get('maxrecords'), '250');
  // Helsinki is UTC+2 in January: the day is 2023-01-29 22:00 to 2023-01-30 21:59:59 UTC.
  assert.equal(p.get('startdatetime'), '20230129220000');
  assert.equal(p.get('enddatetime'), '20230130215959');

  const small = new URL(
    gdeltSearchUrl({ ...TOPIC, language: 'pt-BR', region: 'BR', maxArticles: 40 }, DAY, {
      endpoint: 'http://127.0.0.1:9/api/v2/doc/doc',
      sourceCountry: true,
    }),
  );
  assert.equal(small.host, '127.0.0.1:9');
  assert.equal(small.searchParams.get('maxrecords'), '40');
  assert.match(small.searchParams.get('query') ?? '', / sourcelang:portuguese sourcecountry:brazil$/);
  const norwegian = new URL(gdeltSearchUrl({ ...TOPIC, language: 'nb' }, DAY));
  assert.match(norwegian.searchParams.get('query') ?? '', / sourcelang:norwegian$/);
  const multiWord = new URL(gdeltSearchUrl({ ...TOPIC, region: 'US' }, DAY, { sourceCountry: true }));
  assert.match(multiWord.searchParams.get('query') ?? '', /sourcecountry:unitedstates$/);
});

test('gdeltTime and parseSeenDate', () => {
  assert.equal(gdeltTime(new Date('2023-03-26T00:59:59Z')), '20230326005959');
  assert.equal(parseSeenDate('20230130T081500Z'), '2023-01-30T08:15:00.000Z');
  assert.equal(parseSeenDate('20230130081500'), '2023-01-30T08:15:00.000Z');
  assert.equal(parseSeenDate('20230230T081500Z'), undefined, 'no 30 February');
  assert.equal(parseSeenDate('yesterday'), undefined);
  assert.equal(parseSeenDate(undefined), undefined);
});

test('parseGdelt: ArtList articles become Candidates (url, title, seen time, outlet, image)', () => {
  const src = gdeltSearchUrl(TOPIC, DAY);
  const cands = parseGdelt(fixture('gdelt-artlist.json'), src);
  assert.deepEqual(
    cands.map((c) => c.url),
    [
      'https://www.example-post.co.uk/world/2023/jan/30/nato-ammunition-stocks-warning',
      'https://www.example-herald.se/en/nato-talks-on-hold',
      'https://news.example-daily.in/international/nato-chief-tokyo-visit-2023',
      'https://m.example-radio.ca/nato-arctic',
      'https://www.example-tribune.com/nato-summit-preview',
    ],
    'tracking parameters removed, url_mobile used when url is empty, untitled and non-web links dropped',
  );
  assert.deepEqual(cands[0], {
    url: 'https://www.example-post.co.uk/world/2023/jan/30/nato-ammunition-stocks-warning',
    title: 'Nato warns allies over dwindling ammunition stocks, as Ukraine war drags on',
    source: src,
    outlet: 'example-post.co.uk',
    published: '2023-01-30T21:15:00.000Z',
    image: 'https://img.example-post.co.uk/2023/01/30/ammo-1200.jpg',
  });
  assert.equal(cands[1]?.image, undefined, 'an empty socialimage is no image');
});

test('parseGdeltResponse: {} is empty; plain text is a DISCOVER_GDELT_ERROR with GDELT message', () => {
  assert.deepEqual(parseGdeltResponse(fixture('gdelt-empty.json')), []);
  assert.deepEqual(parseGdeltResponse('{"articles": []}'), []);
  assert.throws(
    () => parseGdeltResponse(fixture('gdelt-error.txt')),
    (err: unknown) =>
      err instanceof DaybriefError &&
      err.code === 'DISCOVER_GDELT_ERROR' &&
      err.stage === 'discover' &&
      /must be surrounded by \(\)/.test(err.message) &&
      err.details.rateLimited === false,
  );
  assert.throws(
    () => parseGdeltResponse(fixture('gdelt-rate-limit.txt')),
    (err: unknown) => err instanceof DaybriefError && err.details.rateLimited === true,
  );
  assert.throws(() => parseGdeltResponse('{"articles": 3}'), /not a list/);
  assert.throws(() => parseGdeltResponse('{"articles": [ '), /does not parse/);
  // A raw control character and a stray backslash in a title, as GDELT sometimes sends.
  const messy =
    '{"articles": [{"url": "https://a.example/x", "title": "Tab\there \\ back", "seendate": "20230130T100000Z"}]}';
  assert.equal(parseGdelt(messy, 'gdelt')[0]?.title, 'Tab here \\ back');
});

test('Pacer: one task at a time, the interval kept between the end of one and the start of the next', async () => {
  let clock = 1000;
  const waits: number[] = [];
  const pacer = new Pacer({
    now: () => clock,
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
  });
  const order: string[] = [];
  const task = (name: string, takes: number) => async () => {
    order.push(`start ${name}`);
    await Promise.resolve();
    clock += takes;
    order.push(`end ${name}`);
    return name;
  };
  const results = await Promise.all([
    pacer.run(5000, task('a', 300)),
    pacer.run(5000, task('b', 100)),
    pacer
      .run(5000, async () => {
        throw new Error('boom');
      })
      .catch((e: Error) => e.message),
    pacer.run(5000, task('c', 0)),
  ]);
  assert.deepEqual(results, ['a', 'b', 'boom', 'c']);
  assert.deepEqual(order, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  assert.deepEqual(waits, [5000, 5000, 5000], 'no wait before the first; a failure still spaces the next');
});

interface Recorded {
  server: ReturnType<typeof createServer>;
  base: string;
  hits: string[];
}

const servers: Recorded[] = [];
after(() => Promise.all(servers.map((s) => new Promise((ok) => s.server.close(ok)))));

async function serveSequence(answers: Array<(res: ServerResponse) => void>): Promise<Recorded> {
  const hits: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    hits.push(req.url ?? '');
    const answer = answers[Math.min(hits.length - 1, answers.length - 1)];
    answer?.(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const r = { server, base: `http://127.0.0.1:${port}`, hits };
  servers.push(r);
  return r;
}

const json = (body: string) => (res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(body);
};
const plain =
  (body: string, status = 200) =>
  (res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  };

function localFetcher(base: string) {
  return createLiveFetcher({
    allowHosts: [new URL(base).host],
    robots: false,
    perHostDelayMs: 0,
    statusRetries: 0,
    retries: 0,
  });
}

test('fetchGdelt over HTTP: a 429 and GDELT rate-limit text are retried with doubling backoff', async () => {
  const s = await serveSequence([
    plain('slow down', 429),
    plain(fixture('gdelt-rate-limit.txt')),
    json(fixture('gdelt-artlist.json')),
  ]);
  const http = localFetcher(s.base);
  const waits: number[] = [];
  const endpoint = `${s.base}/api/v2/doc/doc`;
  const url = gdeltSearchUrl(TOPIC, DAY, { endpoint });
  let requests = 0;
  try {
    const cands = await fetchGdelt(url, http, {
      endpoint,
      intervalMs: 0,
      backoffMs: 7000,
      retries: 2,
      pacer: new Pacer(),
      sleep: async (ms) => {
        waits.push(ms);
      },
      onRequest: () => requests++,
    });
    assert.equal(cands.length, 5);
    assert.deepEqual(waits, [7000, 14000]);
    assert.equal(requests, 3);
    assert.equal(s.hits.length, 3);
    assert.ok(s.hits.every((h) => h.startsWith('/api/v2/doc/doc?query=')));
  } finally {
    await http.close();
  }
});

test('fetchGdelt over HTTP: a query error is reported at once, not retried; retries run out on a 503', async () => {
  const bad = await serveSequence([plain(fixture('gdelt-error.txt'))]);
  const http = localFetcher(bad.base);
  const noWait = { intervalMs: 0, pacer: new Pacer(), sleep: async () => {} };
  try {
    await assert.rejects(
      fetchGdelt(`${bad.base}/api/v2/doc/doc?query=a+OR+b`, http, noWait),
      (err: unknown) => err instanceof DaybriefError && err.code === 'DISCOVER_GDELT_ERROR',
    );
    assert.equal(bad.hits.length, 1);
  } finally {
    await http.close();
  }
  const down = await serveSequence([plain('unavailable', 503)]);
  const http2 = localFetcher(down.base);
  try {
    await assert.rejects(
      fetchGdelt(`${down.base}/api/v2/doc/doc?query=x`, http2, { ...noWait, retries: 1 }),
      (err: unknown) => err instanceof DaybriefError && err.code === 'FETCH_HTTP_503',
    );
    assert.equal(down.hits.length, 2);
  } finally {
    await http2.close();
  }
});

test('fetchGdelt with shared slots waits for the slot other workers left it and holds them off after', async () => {
  const s = await serveSequence([json(fixture('gdelt-artlist.json'))]);
  const http = localFetcher(s.base);
  const endpoint = `${s.base}/api/v2/doc/doc`;
  const calls: string[] = [];
  const waits: number[] = [];
  try {
    const cands = await fetchGdelt(gdeltSearchUrl(TOPIC, DAY, { endpoint }), http, {
      endpoint,
      intervalMs: 5000,
      pacer: new Pacer(),
      sleep: async (ms) => {
        waits.push(ms);
      },
      sharedSlots: {
        reserve: async (key, ms) => {
          calls.push(`reserve ${key} ${ms}`);
          return 3200;
        },
        holdOff: async (key, ms) => {
          calls.push(`holdOff ${key} ${ms}`);
        },
      },
    });
    assert.equal(cands.length, 5);
    assert.deepEqual(waits, [3200]);
    assert.deepEqual(calls, [`reserve gdelt ${s.base} 5000`, `holdOff gdelt ${s.base} 5000`]);
  } finally {
    await http.close();
  }
});
