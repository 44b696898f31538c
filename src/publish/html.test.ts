import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, externalLink, html, join, outletLink, raw, SafeHtml, safeUrl } from './html.js';

test('escapeHtml escapes the five special characters and drops control characters', () => {
  assert.equal(
    escapeHtml(`<a href="x" title='y'>&</a>`),
    '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
  );
  assert.equal(escapeHtml('a\u0000b\u0007c\td\ne'), 'abc\td\ne');
});

test('html escapes interpolations but keeps SafeHtml, arrays and skips empty values', () => {
  const evil = '<script>alert(1)</script>';
  const out = html`<p title="${evil}">${evil}${html`<b>${'&'}</b>`}${['<i>', raw('<br>')]}${null}${undefined}${false}${0}</p>`;
  assert.ok(out instanceof SafeHtml);
  assert.equal(
    out.value,
    '<p title="&lt;script&gt;alert(1)&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt;<b>&amp;</b>&lt;i&gt;<br>0</p>',
  );
});

test('join escapes parts and separator unless safe', () => {
  assert.equal(join(['a<', html`<b>b</b>`], ' & ').value, 'a&lt; &amp; <b>b</b>');
});

test('safeUrl accepts absolute http(s) only', () => {
  assert.equal(safeUrl('https://example.com/a?b=1&c=2'), 'https://example.com/a?b=1&c=2');
  assert.equal(safeUrl('  http://example.com  '), 'http://example.com/');
  for (const bad of [
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '/relative/path',
    '//example.com/protocol-relative',
    'ftp://example.com/file',
    'file:///etc/passwd',
    'http://',
    '',
    undefined,
    42,
  ]) {
    assert.equal(safeUrl(bad), undefined, String(bad));
  }
});

test('externalLink adds rel and referrerpolicy, and falls back to text for unsafe URLs', () => {
  assert.equal(
    externalLink('https://example.com/?a=1&b=2', 'A & B').value,
    '<a href="https://example.com/?a=1&amp;b=2" rel="noopener noreferrer" referrerpolicy="no-referrer">A &amp; B</a>',
  );
  assert.equal(externalLink('javascript:alert(1)', '<x>').value, '<span>&lt;x&gt;</span>');
});

test('outletLink is a bare link (the page sets the referrer policy), text for unsafe URLs', () => {
  assert.equal(
    outletLink('https://example.com/?a=1&b=2', 'A & B').value,
    '<a href="https://example.com/?a=1&amp;b=2">A &amp; B</a>',
  );
  assert.equal(outletLink('javascript:alert(1)', '<x>').value, '&lt;x&gt;');
  assert.equal(outletLink(' data:text/html,x ', 'y').value, 'y');
});
