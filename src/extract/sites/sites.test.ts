import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLight } from '../lightdom.js';
import { allSiteRules, applyDrops, siteRuleFor, textOf } from './index.js';
import type { SiteRule } from './types.js';

const rule: SiteRule = { domains: ['example.co.uk'], why: 'test', drop: ['.card'], title: 'h2.hed' };
const rules = new Map([['example.co.uk', rule]]);

test('rules are found by host, then by parent domain; www is ignored', () => {
  assert.equal(siteRuleFor('https://www.example.co.uk/a', rules), rule);
  assert.equal(siteRuleFor('https://news.example.co.uk/a', rules), rule);
  assert.equal(siteRuleFor('https://example.com/a', rules), undefined);
  assert.equal(siteRuleFor('not a url', rules), undefined);
  assert.equal(siteRuleFor('https://thehill.com/x')?.domains[0], 'thehill.com');
});

test('drops remove every match; a field selector gives trimmed text or nothing', () => {
  const doc = parseLight(
    '<body><h2 class="hed">  The  headline </h2><p>a <span class="card">x</span> b</p><i class="card">y</i></body>',
  );
  applyDrops(doc, rule);
  assert.equal(doc.body.textContent.replace(/\s+/g, ' ').trim(), 'The headline a b');
  assert.equal(textOf(doc, rule.title), 'The headline');
  assert.equal(textOf(doc, '.missing'), undefined);
});

test('every site rule is well-formed: bare lower-case domains, a reason, selectors that compile', () => {
  const doc = parseLight('<body></body>');
  for (const r of allSiteRules()) {
    assert.ok(r.why.length > 40, `${r.domains[0]}: say why generic rules cannot handle it`);
    for (const d of r.domains) assert.match(d, /^(?!www\.)[a-z0-9.-]+\.[a-z]{2,}$/);
    for (const sel of [...(r.drop ?? []), r.body, r.title, r.byline]) if (sel) doc.querySelectorAll(sel);
  }
});
