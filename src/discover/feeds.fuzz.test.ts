import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatFailures, fuzz } from '../../test/fuzz/runner.js';
import { DaybriefError } from '../model/errors.js';
import { parseFeed } from './feeds.js';

/** Characters XML allows (tab, newlines, the rest from space up, no lone surrogates), escaped. */
function xml(s: string): string {
  const allowed = (c: number) =>
    c === 9 ||
    c === 10 ||
    c === 13 ||
    (c >= 0x20 && c < 0xd800) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    c >= 0x10000;
  return [...s]
    .filter((ch) => allowed(ch.codePointAt(0) ?? 0))
    .join('')
    .replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

describe('feed parser, fuzzed', () => {
  test('mutated bench feeds (RSS, Atom, RDF, JSON): a DaybriefError or candidates, no hang, bounded memory', async () => {
    const report = await fuzz('feeds', { cases: 500 });
    assert.equal(report.cases, 500);
    assert.deepEqual(report.failures, [], formatFailures(report));
    assert.ok(report.handled > 0 && report.handled < report.cases, 'some cases are refused, some parse');
  });

  test('regression: many sibling paragraphs and deep nesting in a description (was quadratic, and a stack overflow)', async () => {
    // Found by the fuzzer: 19,000 <p> in a description took four minutes (childNodes read per index),
    // and markup nested 20,000 deep overflowed the call stack in the HTML-to-text walk.
    const rss = (description: string) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><title>T</title><link>https://a.example/1</link><description>${description}</description></item></channel></rss>`;
    const inputs = [
      { text: rss(`${'<p>'.repeat(20_000)}x${'</p>'.repeat(20_000)}`), url: 'https://feeds.example/rss' },
      { text: rss(`<![CDATA[${'<div>'.repeat(20_000)}deep]]>`), url: 'https://feeds.example/rss' },
    ];
    const report = await fuzz('feeds', { cases: inputs.length, inputs, budgetMs: 5000 });
    assert.deepEqual(report.failures, [], formatFailures(report));
  });

  test('regression: a description nested 20,000 deep is read without overflowing the stack', () => {
    // Found by the fuzzer: the HTML-to-text walk recursed once per level (RangeError on the main thread).
    const text = `<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><title>T</title><link>https://a.example/1</link><description><![CDATA[${'<div>'.repeat(20_000)}deep]]></description></item></channel></rss>`;
    const [item] = parseFeed(text, 'https://feeds.example/rss');
    assert.equal(item?.description, 'deep');
  });

  test('property: any text is candidates with http(s) links or DISCOVER_BAD_FEED', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          for (const c of parseFeed(text, 'https://feeds.example/x')) assert.match(c.url, /^https?:\/\//i);
        } catch (err) {
          assert.ok(err instanceof DaybriefError && err.code === 'DISCOVER_BAD_FEED', String(err));
        }
      }),
      { numRuns: 500 },
    );
  });

  test('property: every RSS item with an absolute link comes back, with that link, in order', () => {
    const item = fc.record({ title: fc.string({ maxLength: 40 }), path: fc.webPath() });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), (items) => {
        const body = items
          .map(
            (it, i) =>
              `<item><title>${xml(it.title)}</title><link>https://n${i}.example${xml(it.path)}</link></item>`,
          )
          .join('');
        const text = `<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>${body}</channel></rss>`;
        const got = parseFeed(text, 'https://feeds.example/rss');
        assert.equal(got.length, items.length);
        for (const [i, c] of got.entries()) assert.ok(c.url.startsWith(`https://n${i}.example`), c.url);
      }),
      { numRuns: 300 },
    );
  });
});
