import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { loadConfig } from '../config/index.js';
import { DaybriefError } from '../model/errors.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'daybrief-opml-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const NESTED = `\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Reader &amp; friends</title></head>
  <body>
    <outline text="News">
      <outline text="World">
        <outline text="Alpha &amp; Beta" type="rss" xmlUrl="https://alpha.example/feed?a=1&amp;b=2"/>
      </outline>
      <outline text="Gamma" xmlUrl="http://gamma.example/rss"/>
      <outline text="Gopher" xmlUrl="gopher://old.example/feed"/>
    </outline>
    <outline xmlUrl="https://untitled.example/atom.xml"/>
    <outline text="folder with nothing"/>
  </body>
</opml>`;

test('export, then import into an empty config, gives the same feeds per topic', async () => {
  await withDir(async (dir) => {
    const source = join(dir, 'source.json');
    const topics = [
      {
        name: 'Baltic',
        query: 'baltic sea',
        feeds: ['https://one.example/feed', 'https://two.example/rss?x=1&y=2'],
      },
      { name: 'Space', feeds: ['http://three.example/atom.xml'] },
    ];
    await writeFile(source, JSON.stringify({ title: 'mine', topics }));
    const opml = join(dir, 'feeds.opml');
    assert.equal(await exportCommand(opml, { config: source }, sink().stream, {}), 0);
    const xml = await readFile(opml, 'utf8');
    assert.match(xml, /<opml version="2.0">/);
    assert.match(xml, /xmlUrl="https:\/\/two.example\/rss\?x=1&amp;y=2"/);
    assert.match(xml, /type="rss"/);

    const target = join(dir, 'new.json');
    const out = sink();
    assert.equal(await importCommand(opml, { config: target, categories: true }, out.stream, {}), 0);
    const config = await loadConfig(target);
    assert.deepEqual(
      config.topics.map((t) => [t.name, t.feeds]),
      topics.map((t) => [t.name, t.feeds]),
    );
    assert.match(out.text(), /import: 3 feed\(s\) added to .*new\.json/);
  });
});

test('nested outlines: --categories makes a topic per folder, else all go to the OPML title', async () => {
  await withDir(async (dir) => {
    const opml = join(dir, 'reader.opml');
    await writeFile(opml, NESTED);
    const byCategory = join(dir, 'cat.json');
    const out = sink();
    await importCommand(opml, { config: byCategory, categories: true }, out.stream, {});
    const json = JSON.parse(await readFile(byCategory, 'utf8')) as {
      topics: Array<{ name: string; feeds: string[] }>;
    };
    assert.deepEqual(json.topics, [
      { name: 'News / World', feeds: ['https://alpha.example/feed?a=1&b=2'] },
      { name: 'News', feeds: ['http://gamma.example/rss'] },
      { name: 'Reader & friends', feeds: ['https://untitled.example/atom.xml'] },
    ]);
    // Not http(s), and a folder with nothing: skipped, each with a note.
    assert.match(
      out.text(),
      /note: skipped "Gopher": its xmlUrl "gopher:\/\/old.example\/feed" is not an http\(s\) URL/,
    );
    assert.match(out.text(), /note: skipped the outline "folder with nothing"/);

    const flat = join(dir, 'flat.json');
    await importCommand(opml, { config: flat }, sink().stream, {});
    const one = await loadConfig(flat);
    assert.deepEqual(
      one.topics.map((t) => [t.name, t.feeds.length]),
      [['Reader & friends', 3]],
    );
    const named = join(dir, 'named.json');
    await importCommand(opml, { config: named, topic: 'Reading' }, sink().stream, {});
    assert.deepEqual(
      (await loadConfig(named)).topics.map((t) => t.name),
      ['Reading'],
    );
  });
});

test('importing into an existing config keeps its keys and order and never duplicates a feed', async () => {
  await withDir(async (dir) => {
    const opml = join(dir, 'reader.opml');
    await writeFile(opml, NESTED);
    const file = join(dir, 'daybrief.config.json');
    const original = {
      title: 'My briefs',
      database: 'briefs.sqlite',
      topics: [{ name: 'Reading', query: 'q', feeds: ['HTTP://Gamma.example/rss/'] }],
      schedule: '07:00',
    };
    await writeFile(file, JSON.stringify(original, null, 2));
    const first = sink();
    await importCommand(opml, { config: file, topic: 'reading' }, first.stream, {});
    const after = JSON.parse(await readFile(file, 'utf8')) as typeof original;
    assert.deepEqual(Object.keys(after), ['title', 'database', 'topics', 'schedule']);
    assert.equal(after.topics.length, 1, 'the feeds join the topic found by its slug');
    assert.deepEqual(after.topics[0]?.feeds, [
      'HTTP://Gamma.example/rss/',
      'https://alpha.example/feed?a=1&b=2',
      'https://untitled.example/atom.xml',
    ]);
    assert.match(first.text(), /already there: http:\/\/gamma.example\/rss \(topic "Reading"\)/);
    const before = await readFile(file, 'utf8');
    const again = sink();
    await importCommand(opml, { config: file, topic: 'Reading' }, again.stream, {});
    assert.equal(await readFile(file, 'utf8'), before);
    assert.match(again.text(), /nothing new; .* is unchanged/);
  });
});

test('a malformed OPML file: one sentence with a code, and the config untouched', async () => {
  await withDir(async (dir) => {
    const file = join(dir, 'daybrief.config.json');
    const text = '{\n  "topics": [{ "name": "x", "query": "x" }]\n}\n';
    await writeFile(file, text);
    for (const [name, body, code] of [
      ['html.opml', '<html><body>not a list</body></html>', 'OPML_INVALID'],
      [
        'cut.opml',
        '<opml version="2.0"><body><outline text="a" xmlUrl="https://a.example/f"',
        'OPML_INVALID',
      ],
      [
        'empty.opml',
        '<opml version="2.0"><head/><body><outline text="f" xmlUrl="mailto:x@y.z"/></body></opml>',
        'OPML_NO_FEEDS',
      ],
    ] as const) {
      const opml = join(dir, name);
      await writeFile(opml, body);
      await assert.rejects(importCommand(opml, { config: file }, sink().stream, {}), (err: unknown) => {
        assert.ok(err instanceof DaybriefError);
        assert.equal(err.code, code);
        assert.doesNotMatch(err.message, /\n/);
        assert.match(err.message, new RegExp(name.replace('.', '\\.')));
        return true;
      });
      assert.equal(await readFile(file, 'utf8'), text);
    }
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "topics": [ }');
    const opml = join(dir, 'ok.opml');
    await writeFile(opml, NESTED);
    await assert.rejects(
      importCommand(opml, { config: broken }, sink().stream, {}),
      /CONFIG_NOT_JSON|not valid JSON/,
    );
    assert.equal(await readFile(broken, 'utf8'), '{ "topics": [ }');
  });
});
