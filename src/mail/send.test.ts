import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { SMTPServer } from 'smtp-server';
import { buildDemo } from '../cli/demo.js';
import { main } from '../cli/main.js';
import { sendCommand } from '../cli/send.js';
import { parseConfig } from '../config/index.js';
import { DaybriefError } from '../model/errors.js';
import type { Digest, DigestArticle } from '../model/types.js';
import { escapeHtml } from '../publish/html.js';
import { SqliteStore } from '../store/sqlite.js';
import { splitSentences } from '../summarize/index.js';
import { mailAfterBuild } from './after-build.js';
import { emailSettings, planEmails } from './plan.js';
import { sendDayEmails } from './send.js';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

interface TestSmtp {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** What the server refuses: every RCPT TO, or the message after DATA, with a 5xx reply. */
type Refuse = 'rcpt' | 'data' | undefined;

function refusal(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

async function startSmtp(refuse: Refuse = undefined): Promise<TestSmtp> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse === 'rcpt') return callback(refusal(`No such user ${address.address}`, 550));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuse === 'data') return callback(refusal('Message rejected as spam', 554));
        const envelope = session.envelope;
        received.push({
          from: envelope.mailFrom ? envelope.mailFrom.address : '',
          to: envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

interface MimePart {
  headers: Record<string, string>;
  body: string;
}

/** Splits a message (or part) into unfolded, lower-cased headers and its body. */
function splitHeaders(raw: string): MimePart {
  const at = raw.indexOf('\r\n\r\n');
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeBody(part: MimePart): string {
  const encoding = (part.headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = part.body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return part.body;
}

/** The message's headers and its parts by content type (`text/plain`, `text/html`), decoded. */
function readMessage(raw: string): { headers: Record<string, string>; parts: Record<string, string> } {
  const top = splitHeaders(raw);
  const parts: Record<string, string> = {};
  const boundary = /boundary="?([^";]+)"?/i.exec(top.headers['content-type'] ?? '')?.[1];
  const pieces = boundary
    ? top.body
        .split(`--${boundary}`)
        .slice(1)
        .filter((p) => !p.startsWith('--'))
    : [];
  for (const piece of pieces) {
    const part = splitHeaders(piece.replace(/^\r\n/, ''));
    const type = (part.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    parts[type] = decodeBody(part);
  }
  return { headers: top.headers, parts };
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?…?=` or `?B?`) in a header value. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, text: string) => {
      if (kind.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      const bytes = text
        .replace(/_/g, ' ')
        .replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    });
}

// ---- the tests ----

const HOSTILE_TITLE = 'Allies <script>alert(1)</script> meet & "agree"';
const LEAD = 'Ministers met in Brussels <img src=x onerror=alert(2)> today.';

/** The words a reader sees in a part (the HTML's body text), spacing made single. */
function visible(part: string, isHtml: boolean): string {
  const text = isHtml ? (parseHTML(part).document.querySelector('body')?.textContent ?? '') : part;
  return text.replace(/\s+/g, ' ');
}

/** Fails when one of `sentences` is printed twice in the part. */
function assertNoRepeats(part: string, isHtml: boolean, sentences: Iterable<string>): void {
  const seen = visible(part, isHtml);
  for (const s of sentences) {
    const n = seen.split(s.replace(/\s+/g, ' ').trim()).length - 1;
    assert.ok(n <= 1, `${isHtml ? 'HTML' : 'text'} part prints ${JSON.stringify(s)} ${n} times`);
  }
}

function article(n: number, over: Partial<DigestArticle> = {}): DigestArticle {
  return {
    url: `https://news${n}.example/story-${n}`,
    title: `Article ${n}`,
    outlet: `Outlet ${n}`,
    image: `https://cdn${n}.example/photo-${n}.jpg`,
    summary: [`Summary sentence of article ${n}.`],
    summarySource: 'body',
    paywalled: false,
    alsoPublishedBy: [],
    ...over,
  };
}

function day(date = '2023-01-30'): Digest {
  return {
    topic: { name: 'NATO', slug: 'nato' },
    date,
    timezone: 'UTC',
    stories: [
      {
        id: 's1',
        title: HOSTILE_TITLE,
        lead: [LEAD],
        leadSources: [{ outlet: 'Outlet <1>', url: 'https://news1.example/story-1' }],
        articles: [
          article(1, { title: HOSTILE_TITLE }),
          article(2, { url: 'javascript:alert(3)', title: 'Evil link' }),
        ],
      },
      {
        id: 's2',
        title: 'Second story',
        articles: [article(3, { summary: [LEAD, 'Summary sentence of article 3.'] })],
      },
    ],
  };
}

const tempDirs: string[] = [];
test.after(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-mail-'));
  tempDirs.push(dir);
  return dir;
}

async function seededStore(): Promise<{ store: SqliteStore; file: string }> {
  const dir = await tempDir();
  const file = join(dir, 'db.sqlite');
  const store = new SqliteStore(file);
  await store.migrate();
  await store.saveDigest(day());
  return { store, file };
}

const FROM = 'daybrief <news@daybrief.test>';

test('a day is mailed with both parts and the headers, and never twice to the same recipient', async () => {
  const smtp = await startSmtp();
  const { store } = await seededStore();
  try {
    const { plans } = await planEmails(store, { to: ['Reader@Example.org', 'other@example.org'] });
    const now = new Date('2023-01-31T06:00:00Z');
    const unsubscribe = 'mailto:news@daybrief.test?subject=unsubscribe';
    const first = await sendDayEmails(store, plans, {
      smtp: smtp.url,
      from: FROM,
      now: () => now,
      unsubscribe,
    });
    assert.equal(first.error, undefined);
    assert.equal(first.sent, 2);
    assert.equal(smtp.received.length, 2);
    // One message per recipient: no one sees the others' addresses.
    assert.deepEqual(
      smtp.received.map((r) => r.to),
      [['reader@example.org'], ['other@example.org']],
    );
    assert.equal(smtp.received[0]?.from, 'news@daybrief.test');

    const { headers, parts } = readMessage(smtp.received[0]?.raw ?? '');
    assert.equal(decodeHeader(headers.subject ?? ''), 'NATO — 30 January 2023: 2 stories');
    assert.match(headers['message-id'] ?? '', /^<daybrief\.nato\.2023-01-30\.[0-9a-f]{20}@daybrief\.test>$/);
    assert.equal(new Date(headers.date ?? '').toISOString(), now.toISOString());
    assert.equal(headers.to, 'reader@example.org');
    assert.equal(headers['auto-submitted'], 'auto-generated');
    assert.equal(headers['list-unsubscribe'], `<${unsubscribe}>`);
    assert.match(headers['content-type'] ?? '', /^multipart\/alternative/);
    const text = parts['text/plain'] ?? '';
    const htmlPart = parts['text/html'] ?? '';
    assert.ok(text.includes('1. Allies <script>alert(1)</script> meet & "agree"'), text);
    assert.ok(text.includes('https://news1.example/story-1'));
    assert.ok(text.includes('Summary sentence of article 3.'));
    assert.ok(!text.includes('javascript:'));
    assert.ok(htmlPart.includes('Allies &lt;script&gt;alert(1)&lt;/script&gt; meet &amp; &quot;agree&quot;'));
    assert.ok(!/<script/i.test(htmlPart), 'no script element');
    assert.ok(!/javascript:/i.test(htmlPart), 'no javascript: URL');
    assert.ok(!/<img/i.test(htmlPart), 'no image without the site copy');
    assert.ok(htmlPart.includes('href="https://news1.example/story-1"'));
    // The lead sentence names its outlet, and is not printed again as another story's summary.
    assert.ok(visible(text, false).includes(`${LEAD} (Outlet <1>)`), text);
    assert.match(
      htmlPart,
      /today\. <span class="db-muted"[^>]*>\(<a href="https:\/\/news1\.example\/story-1"[^>]*>Outlet &lt;1&gt;<\/a>\)/,
    );
    assert.ok(visible(htmlPart, true).includes(`${LEAD} (Outlet <1>)`));
    for (const [part, isHtml] of [
      [text, false],
      [htmlPart, true],
    ] as const) {
      assertNoRepeats(part, isHtml, [LEAD, 'Summary sentence of article 3.', HOSTILE_TITLE]);
    }

    const records = await store.listSentEmails('nato', '2023-01-30');
    assert.deepEqual(
      records.map((r) => [r.recipient, r.sentAt]),
      [
        ['other@example.org', now.toISOString()],
        ['reader@example.org', now.toISOString()],
      ],
    );
    assert.equal(records.find((r) => r.recipient === 'reader@example.org')?.messageId, headers['message-id']);

    // A second run: nothing is due for these two; a new address gets the day.
    const again = await planEmails(store, {
      to: ['reader@example.org', 'other@example.org', 'new@example.org'],
    });
    const second = await sendDayEmails(store, again.plans, { smtp: smtp.url, from: FROM });
    assert.equal(second.sent, 1);
    assert.deepEqual(
      second.results.map((r) => [r.recipient, r.status]),
      [
        ['reader@example.org', 'already-sent'],
        ['other@example.org', 'already-sent'],
        ['new@example.org', 'sent'],
      ],
    );
    const third = await sendDayEmails(store, again.plans, { smtp: smtp.url, from: FROM });
    assert.equal(third.sent, 0);
    assert.equal(smtp.received.length, 3);
  } finally {
    await store.close();
    await smtp.close();
  }
});

for (const refuse of ['rcpt', 'data'] as const) {
  test(`a server refusing ${refuse.toUpperCase()} with 5xx gives MAIL_SMTP_FAILED, records nothing, and a later run sends`, async () => {
    const bad = await startSmtp(refuse);
    const { store } = await seededStore();
    try {
      const { plans } = await planEmails(store, { to: ['reader@example.org'] });
      const report = await sendDayEmails(store, plans, { smtp: bad.url, from: FROM });
      assert.equal(report.sent, 0);
      assert.equal(report.error?.code, 'MAIL_SMTP_FAILED');
      assert.equal(report.error?.stage, 'mail');
      const reply = refuse === 'rcpt' ? /RCPT 550 No such user/ : /DATA 554 Message rejected as spam/;
      assert.match(report.error?.message ?? '', reply);
      assert.match(
        report.error?.message ?? '',
        /^mail: [^\n]+ refused the email to reader@example\.org .*next run tries again$/,
      );
      assert.deepEqual(await store.listSentEmails('nato', '2023-01-30'), []);
      assert.equal(bad.received.length, 0);

      const good = await startSmtp();
      try {
        const retry = await sendDayEmails(store, plans, { smtp: good.url, from: FROM });
        assert.equal(retry.error, undefined);
        assert.equal(retry.sent, 1);
        assert.equal(good.received.length, 1);
      } finally {
        await good.close();
      }
    } finally {
      await store.close();
      await bad.close();
    }
  });
}

test('a closed port fails at once for every recipient, without the password in the message', async () => {
  const smtp = await startSmtp();
  const url = smtp.url.replace('smtp://', 'smtp://user:s3cret@');
  await smtp.close(); // nothing listens on that port any more
  const { store } = await seededStore();
  try {
    const { plans } = await planEmails(store, { to: ['a@example.org', 'b@example.org'] });
    const report = await sendDayEmails(store, plans, { smtp: url, from: FROM });
    assert.equal(report.error?.code, 'MAIL_SMTP_FAILED');
    assert.match(
      report.error?.message ?? '',
      /could not deliver to a@example\.org through smtp:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED/,
    );
    assert.ok(!report.error?.message.includes('s3cret'));
    assert.deepEqual(
      report.results.map((r) => r.status),
      ['failed', 'not-tried'],
    );
    assert.deepEqual(await store.listSentEmails('nato', '2023-01-30'), []);
  } finally {
    await store.close();
  }
});

test('daybrief send: exit 1 with the code on a failing server, then a later run sends once', async () => {
  const { store, file } = await seededStore();
  await store.close();
  const bad = await startSmtp('rcpt');
  const lines: string[] = [];
  const out = { write: (s: string) => lines.push(s) } as unknown as NodeJS.WritableStream;
  const flags = { db: file, to: ['reader@example.org'], from: FROM, topic: 'nato' };
  try {
    await assert.rejects(
      sendCommand({ ...flags, smtp: bad.url }, out),
      (err: unknown) => err instanceof DaybriefError && err.code === 'MAIL_SMTP_FAILED',
    );
  } finally {
    await bad.close();
  }
  const closed = await startSmtp();
  await closed.close();
  const args = ['send', '--db', file, '--topic', 'nato', '--from', FROM, '--smtp', closed.url];
  assert.equal(await main([...args, '--to', 'x']), 2, 'a bad --to is refused as a usage mistake');
  await assert.rejects(sendCommand({ ...flags, siteUrl: 'javascript:alert(1)' }, out), {
    code: 'CLI_BAD_FLAG',
  });
  assert.equal(await main([...args, '--to', 'reader@example.org']), 1, 'an unreachable server exits 1');

  const good = await startSmtp();
  try {
    assert.equal(await sendCommand({ ...flags, smtp: good.url, dryRun: true }, out), 0);
    assert.equal(good.received.length, 0, 'a dry run sends nothing');
    assert.equal(await sendCommand({ ...flags, smtp: good.url }, out), 0);
    assert.equal(await sendCommand({ ...flags, smtp: good.url }, out), 0);
    assert.equal(good.received.length, 1);
    assert.ok(
      lines.includes('sent: "NATO — 30 January 2023: 2 stories" to reader@example.org\n'),
      lines.join(''),
    );
    assert.ok(lines.includes(`email: 0 sent through ${good.url}, 1 already sent before\n`), lines.join(''));
  } finally {
    await good.close();
  }
});

test('no recipients, no day, no stories: MAIL_NO_RECIPIENTS and MAIL_NO_DAY', async () => {
  const { store } = await seededStore();
  try {
    await assert.rejects(planEmails(store, { to: [] }), { code: 'MAIL_NO_RECIPIENTS' });
    await assert.rejects(planEmails(store, { to: ['a@example.org'] }, { date: '2023-02-01' }), {
      code: 'MAIL_NO_DAY',
    });
    await assert.rejects(planEmails(store, { to: ['a@example.org'] }, { topic: 'climate' }), {
      code: 'MAIL_NO_DAY',
    });
    await store.saveDigest({ ...day('2023-01-31'), stories: [] });
    await assert.rejects(planEmails(store, { to: ['a@example.org'] }, { date: '2023-01-31' }), {
      code: 'MAIL_NO_DAY',
    });
    // The newest day is the default; a topic's own recipients replace the shared ones, --to both.
    const settings = { to: ['all@example.org'], topics: [{ slug: 'nato', to: ['nato@example.org'] }] };
    await store.saveDigest(day('2023-02-02'));
    const { plans } = await planEmails(store, settings);
    assert.deepEqual(
      plans.map((p) => [p.digest.date, p.recipients]),
      [['2023-02-02', ['nato@example.org']]],
    );
    const flagged = await planEmails(store, settings, { to: ['Me@Example.org'], date: '2023-01-30' });
    assert.deepEqual(
      flagged.plans.map((p) => [p.digest.date, p.recipients]),
      [['2023-01-30', ['me@example.org']]],
    );
  } finally {
    await store.close();
  }
});

test('the config takes email.smtp, from, to, siteUrl and per-topic recipients, and names a bad entry', () => {
  const topic = { name: 'NATO', query: 'NATO', email: { to: ['nato@example.org'] } };
  const config = parseConfig({
    email: {
      smtp: 'smtp://user:pass@mail.example.org:587',
      from: 'daybrief <news@example.org>',
      to: ['all@example.org'],
      siteUrl: 'https://news.example.org/',
      unsubscribe: 'https://news.example.org/unsubscribe',
    },
    topics: [topic, { name: 'Climate', query: 'climate' }],
  });
  assert.deepEqual(emailSettings(config), {
    smtp: 'smtp://user:pass@mail.example.org:587',
    from: 'daybrief <news@example.org>',
    to: ['all@example.org'],
    siteUrl: 'https://news.example.org/',
    unsubscribe: 'https://news.example.org/unsubscribe',
    topics: [{ slug: 'nato', to: ['nato@example.org'] }, { slug: 'climate' }],
  });
  assert.deepEqual(emailSettings(parseConfig({ topics: [topic] })).to, []);
  assert.throws(
    () => parseConfig({ email: { smtp: 'http://mail.example.org' }, topics: [topic] }),
    /email\.smtp: expected an smtp:\/\//,
  );
  assert.throws(
    () => parseConfig({ email: { to: ['not an address'] }, topics: [topic] }),
    /email\.to\.0: expected an email address/,
  );
  assert.throws(
    () => parseConfig({ topics: [{ ...topic, email: { to: ['x'] } }] }),
    /topics\.0\.email\.to\.0/,
  );
});

test('after a build (serve --schedule): the day is mailed when email is configured, once', async () => {
  const smtp = await startSmtp();
  const { store } = await seededStore();
  try {
    const topic = { name: 'NATO', query: 'NATO', email: { to: ['nato@example.org'] } };
    const email = { smtp: smtp.url, from: FROM, to: ['all@example.org'] };
    const config = parseConfig({ email, topics: [topic] });
    const report = await mailAfterBuild(store, config, 'nato', '2023-01-30', {});
    assert.equal(report?.sent, 1);
    assert.deepEqual(
      smtp.received.map((r) => r.to),
      [['nato@example.org']],
    );
    assert.equal((await mailAfterBuild(store, config, 'nato', '2023-01-30', {}))?.sent, 0);
    assert.equal(await mailAfterBuild(store, config, 'nato', '2023-02-01', {}), undefined, 'no such day');
    const unset = parseConfig({ topics: [{ name: 'NATO', query: 'NATO' }] });
    assert.equal(await mailAfterBuild(store, unset, 'nato', '2023-01-30', {}), undefined, 'no email config');
    assert.equal(smtp.received.length, 1);
  } finally {
    await store.close();
    await smtp.close();
  }
});

test('the replayed demo: its newest day is mailed with images from the published site only', async () => {
  const dir = await tempDir();
  const site = join(dir, 'site');
  const database = join(dir, 'demo.sqlite');
  await buildDemo(site, { quiet: true, database });
  const smtp = await startSmtp();
  const config = join(dir, 'daybrief.config.json');
  await writeFile(
    config,
    JSON.stringify({
      database,
      out: site,
      email: { from: FROM, to: ['reader@example.org'], siteUrl: 'https://brief.example.org/news/' },
      topics: [{ name: 'Baltic Grid', slug: 'baltic-grid', query: 'Baltic Grid' }],
    }),
  );
  const lines: string[] = [];
  const out = { write: (s: string) => lines.push(s) } as unknown as NodeJS.WritableStream;
  try {
    assert.equal(await sendCommand({ config, smtp: smtp.url }, out), 0);
    assert.equal(smtp.received.length, 1, lines.join(''));
    const { parts } = readMessage(smtp.received[0]?.raw ?? '');
    const htmlPart = parts['text/html'] ?? '';
    const store = new SqliteStore(database);
    const [newest] = await store.listDigests('baltic-grid', 1);
    await store.close();
    assert.ok(newest && newest.stories.length > 0);
    assert.ok(htmlPart.includes(`href="https://brief.example.org/news/baltic-grid/${newest.date}/"`));
    for (const story of newest.stories) assert.ok(htmlPart.includes(escapeHtml(story.title)), story.title);
    const textPart = parts['text/plain'] ?? '';
    // Every sentence of the day, printed at most once in either part.
    const sentences = new Set<string>();
    for (const story of newest.stories) {
      for (const s of story.lead ?? []) sentences.add(s);
      for (const a of story.articles) {
        for (const s of [...a.summary, ...splitSentences(a.description ?? '')]) sentences.add(s);
      }
    }
    const long = [...sentences].filter((s) => s.length >= 30);
    assert.ok(long.length > 10, 'the demo day has sentences to check');
    assertNoRepeats(htmlPart, true, long);
    assertNoRepeats(textPart, false, long);
    // Each lead sentence printed is followed by its outlet: linked in HTML, "(Outlet)" in text.
    let attributed = 0;
    for (const story of newest.stories) {
      const lead = story.lead ?? [];
      if (story.leadSources?.length !== lead.length) continue;
      lead.forEach((line, i) => {
        const source = story.leadSources?.[i];
        if (!source || !visible(textPart, false).includes(line)) return;
        attributed++;
        assert.ok(visible(textPart, false).includes(`${line} (${source.outlet})`), line);
        assert.ok(
          htmlPart.includes(
            `${escapeHtml(line)} <span class="db-muted" style="color:#5f6b7a;">(<a href="${escapeHtml(source.url)}"`,
          ),
          line,
        );
      });
    }
    assert.ok(attributed > 0, 'the demo day has attributed lead sentences');
    const images = [...htmlPart.matchAll(/<img [^>]*src="([^"]+)"/g)].map((m) => m[1] ?? '');
    assert.ok(images.length > 0, 'the demo stores cover images');
    for (const src of images) {
      assert.ok(src.startsWith('https://brief.example.org/news/media/'), src);
      // The very file the published site holds.
      assert.ok(existsSync(join(site, src.slice('https://brief.example.org/news/'.length))), src);
    }
    assert.equal(await sendCommand({ config, smtp: smtp.url }, out), 0);
    assert.equal(smtp.received.length, 1, 'the second run sends nothing');
  } finally {
    await smtp.close();
  }
});
