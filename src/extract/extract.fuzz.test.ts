import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatFailures, fuzz } from '../../test/fuzz/runner.js';
import { extract } from './extract.js';
import { type LElement, type LNode, parseLight } from './lightdom.js';

describe('extractor, fuzzed', () => {
  test('mutated bench pages: no internal failure, no hang, bounded memory', async () => {
    // A hang guard, not a speed goal: bench:reliability holds cases to 2 s on a quiet machine; here
    // other test files may share the cores, and a big mutated page can take a few seconds then.
    const report = await fuzz('extract', { cases: 300, budgetMs: 10_000 });
    assert.equal(report.cases, 300);
    assert.deepEqual(report.failures, [], formatFailures(report));
  });

  test('regression: many empty siblings are removed and walked in linear time', async () => {
    // Found by the fuzzer: every remove() and nextSibling searched the parent's child list, so a page
    // of 40,000 empty paragraphs (120 KB) took seconds and one of 200,000 minutes. The budget is a
    // hang guard, not a speed goal: far above a linear walk even on a loaded machine (a 5 s budget
    // failed once under a load average of 20), far below the minutes of the quadratic one.
    const page = (tag: string) =>
      `<html><head><title>T</title></head><body><article><h1>T</h1><p>A paragraph of body text.</p>${tag.repeat(200_000)}</article></body></html>`;
    const inputs = ['<p>', '<br>', '<div></div>'].map((tag) => ({
      html: page(tag),
      url: 'https://e.example/a',
    }));
    const report = await fuzz('extract', { cases: inputs.length, inputs, budgetMs: 30_000 });
    assert.deepEqual(report.failures, [], formatFailures(report));
  });

  test('regression: megabyte-long tag and attribute names are not kept between pages (heap stays flat)', async () => {
    // Found by the fuzzer's heap check: the parser's name caches kept every new name, up to 2,000 of
    // them, however long; a malformed `<div class=""""…` makes names of megabytes.
    const report = await fuzz('extract-huge-names', {
      cases: 60,
      batches: 4,
      heapGrowthMb: 48,
      budgetMs: 10_000,
    });
    assert.deepEqual(report.failures, [], formatFailures(report));
  });

  test('property: any text gives an article or a documented skip, never EXTRACT_FAILED', () => {
    const token = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(
        '<p>',
        '</p>',
        '<div class="content">',
        '</div>',
        '<article>',
        '<h1>',
        '<br>',
        '<!--',
        '<script>',
        '<table><td>',
        '&amp;',
        '&#0;',
      ),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (parts) => {
        const r = extract(`<html><body>${parts.join('')}</body></html>`, 'https://e.example/a');
        assert.ok(r.kind === 'article' || r.code !== 'EXTRACT_FAILED', JSON.stringify(r));
      }),
      { numRuns: 500 },
    );
  });

  test('property: the light DOM keeps child lists as an array model does, through appends, inserts and removals', () => {
    const op = fc.record({
      kind: fc.constantFrom('append', 'insert', 'remove', 'move'),
      a: fc.nat(40),
      b: fc.nat(40),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const doc = parseLight('<html><body><div id="a"></div><div id="b"></div></body></html>');
        const parents = [doc.querySelector('#a'), doc.querySelector('#b')] as LElement[];
        const model: LNode[][] = [[], []];
        const all: LNode[] = [];
        for (const o of ops) {
          const p = o.a % 2;
          if (o.kind === 'append' || all.length === 0) {
            const n = doc.createElement('span');
            all.push(n);
            parents[p]?.appendChild(n);
            model[p]?.push(n);
            continue;
          }
          const n = all[o.b % all.length] as LNode;
          for (const list of model) if (list.includes(n)) list.splice(list.indexOf(n), 1);
          if (o.kind === 'remove') n.remove();
          else if (o.kind === 'move') {
            parents[p]?.appendChild(n);
            model[p]?.push(n);
          } else {
            const list = model[p] as LNode[];
            const ref = list[o.a % (list.length + 1)] ?? null;
            parents[p]?.insertBefore(n, ref);
            if (ref) list.splice(list.indexOf(ref), 0, n);
            else list.push(n);
          }
        }
        for (const [i, parent] of parents.entries()) {
          const want = model[i] as LNode[];
          assert.deepEqual(parent.childNodes, want);
          for (const [k, n] of want.entries()) {
            assert.equal(n.parentNode, parent);
            assert.equal(n.nextSibling, want[k + 1] ?? null);
            assert.equal(n.previousSibling, want[k - 1] ?? null);
          }
        }
        for (const n of all) if (!model.some((l) => l.includes(n))) assert.equal(n.parentNode, null);
      }),
      { numRuns: 400 },
    );
  });
});
