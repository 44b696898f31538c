import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { canonicalCharset, decodeBody, mediaType, sniffMediaType } from './charset.js';

const FRENCH = 'Éléphant – “déjà” vu à 5 €';

test('the Content-Type charset is used and named by its WHATWG name', () => {
  const bytes = iconv.encode(FRENCH, 'windows-1252');
  const decoded = decodeBody(bytes, 'text/html; charset="Windows-1252"');
  assert.deepEqual(decoded, { text: FRENCH, charset: 'windows-1252', source: 'header' });
  assert.equal(decodeBody(bytes, 'text/html; charset=latin1').charset, 'windows-1252');
});

test('<meta charset> in the head is used when the header says nothing', () => {
  const doc = `<!doctype html><html><head><meta charset="windows-1252"><title>${FRENCH}</title>`;
  const decoded = decodeBody(iconv.encode(doc, 'windows-1252'), 'text/html');
  assert.equal(decoded.text, doc);
  assert.equal(decoded.source, 'meta');
});

test('<meta http-equiv content-type> with iso-8859-1 decodes Latin-1 text', () => {
  const doc =
    '<head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1"></head>Ça va, Zoë?';
  const decoded = decodeBody(iconv.encode(doc, 'latin1'), undefined);
  assert.equal(decoded.text, doc);
  assert.equal(decoded.charset, 'windows-1252');
});

test('a meta inside an HTML comment is ignored', () => {
  const doc = '<!-- <meta charset="koi8-r"> --><meta charset="utf-8"><p>Привет</p>';
  const decoded = decodeBody(Buffer.from(doc), 'text/html');
  assert.equal(decoded.charset, 'utf-8');
  assert.equal(decoded.text, doc);
});

test('legacy multibyte and Cyrillic charsets via meta', () => {
  const jp = '<meta charset="Shift_JIS"><p>日本語のニュース</p>';
  assert.equal(decodeBody(iconv.encode(jp, 'shift_jis'), 'text/html').text, jp);
  const ru = '<meta http-equiv="content-type" content="text/html; charset=koi8-r"><p>Новости дня</p>';
  const decoded = decodeBody(iconv.encode(ru, 'koi8-r'), 'text/html');
  assert.equal(decoded.text, ru);
  assert.equal(decoded.charset, 'koi8-r');
  const zh = '<meta charset="gb2312"><p>新闻摘要</p>';
  const gb = decodeBody(iconv.encode(zh, 'gbk'), 'text/html');
  assert.equal(gb.text, zh);
  assert.equal(gb.charset, 'gbk');
});

test('the XML declaration names a feed encoding', () => {
  // ISO-8859-15 has € (where ISO-8859-1 has ¤) but no curly quotes.
  const feed =
    '<?xml version="1.0" encoding="ISO-8859-15"?><rss><channel><title>Œuvre à 5 €</title></channel></rss>';
  const decoded = decodeBody(iconv.encode(feed, 'iso-8859-15'), 'application/rss+xml');
  assert.equal(decoded.text, feed);
  assert.equal(decoded.charset, 'iso-8859-15');
  assert.equal(decoded.source, 'xml');
});

test('a BOM wins over the header and the meta, and is not part of the text', () => {
  const utf8 = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(`<meta charset="koi8-r">${FRENCH}`),
  ]);
  const decoded = decodeBody(utf8, 'text/html; charset=iso-8859-1');
  assert.equal(decoded.text, `<meta charset="koi8-r">${FRENCH}`);
  assert.equal(decoded.source, 'bom');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(FRENCH, 'utf16le')]);
  assert.deepEqual(decodeBody(utf16, 'text/html'), { text: FRENCH, charset: 'utf-16le', source: 'bom' });
});

test('undeclared UTF-8 stays UTF-8; undeclared invalid UTF-8 falls back to windows-1252', () => {
  assert.deepEqual(decodeBody(Buffer.from(FRENCH), 'text/html'), {
    text: FRENCH,
    charset: 'utf-8',
    source: 'default',
  });
  const legacy = decodeBody(iconv.encode(FRENCH, 'windows-1252'), 'text/html');
  assert.deepEqual(legacy, { text: FRENCH, charset: 'windows-1252', source: 'heuristic' });
});

test('unknown labels are skipped for the next piece of evidence', () => {
  const doc = '<meta charset="utf-8"><p>ok ✓</p>';
  assert.deepEqual(decodeBody(Buffer.from(doc), 'text/html; charset=no-such-charset'), {
    text: doc,
    charset: 'utf-8',
    source: 'meta',
  });
  assert.equal(canonicalCharset('no-such-charset'), undefined);
});

test('a UTF-16 label inside the document means UTF-8', () => {
  const doc = '<meta charset="utf-16"><p>café</p>';
  assert.equal(decodeBody(Buffer.from(doc), undefined).charset, 'utf-8');
});

test('media types are lower-cased and stripped of parameters, or sniffed', () => {
  assert.equal(mediaType('Text/HTML; charset=UTF-8'), 'text/html');
  assert.equal(mediaType(undefined), '');
  assert.equal(sniffMediaType(Buffer.from('  <?xml version="1.0"?><rss/>')), 'application/xml');
  assert.equal(sniffMediaType(Buffer.from('<!DOCTYPE html><html>')), 'text/html');
  assert.equal(sniffMediaType(Buffer.from('%PDF-1.4')), 'application/octet-stream');
});

const feedFixture = (name: string): Buffer =>
  readFileSync(new URL(`../discover/fixtures/${name}`, import.meta.url));

test('a header charset=utf-8 over ISO-8859-1 bytes is not believed: the bytes are sniffed', () => {
  const decoded = decodeBody(feedFixture('charset-latin1.xml'), 'application/rss+xml; charset=utf-8');
  assert.equal(decoded.charset, 'windows-1252');
  assert.equal(decoded.source, 'heuristic');
  assert.match(decoded.text, /Élections à Montréal : les électeurs déçus/);
  assert.match(decoded.text, /Le maïs coûte plus cher cet été/);
  assert.ok(!decoded.text.includes('\ufffd'));
});

test('a header charset=utf-8 over windows-1251 bytes gives the Cyrillic text', () => {
  const decoded = decodeBody(feedFixture('charset-cp1251.xml'), 'application/rss+xml; charset=utf-8');
  assert.equal(decoded.charset, 'windows-1251');
  assert.match(decoded.text, /Правительство утвердило бюджет на следующий год/);
  assert.match(decoded.text, /<title>Новости дня<\/title>/);
});

test('an XML declaration that lies (ISO-8859-1) loses to bytes that are valid UTF-8', () => {
  const decoded = decodeBody(feedFixture('charset-lying-declaration.xml'), 'application/xml');
  assert.equal(decoded.charset, 'utf-8');
  assert.match(decoded.text, /Bürger fordern „Übergangsfrist“ für Gebühren/);
  assert.match(decoded.text, /<title>Größere Änderungen<\/title>/);
});

test('undeclared Shift_JIS is sniffed as Shift_JIS, not windows-1252', () => {
  const decoded = decodeBody(feedFixture('charset-sjis.xml'), 'application/rss+xml');
  assert.equal(decoded.charset, 'shift_jis');
  assert.match(decoded.text, /東京の天気は晴れ、明日は雨が降るでしょう/);
  assert.match(decoded.text, /今日のニュース/);
});

test('UTF-16 without a BOM is found by its NUL pattern, whatever the header says', () => {
  const decoded = decodeBody(feedFixture('charset-utf16-nobom.xml'), 'text/xml; charset=utf-8');
  assert.equal(decoded.charset, 'utf-16le');
  assert.match(decoded.text, /Η Αθήνα υποδέχεται το φεστιβάλ/);
  const be = iconv.encode('<?xml version="1.0"?><rss><title>Ελληνικά</title></rss>', 'utf-16be');
  assert.equal(decodeBody(be, undefined).charset, 'utf-16be');
  const utf32 = iconv.encode('<?xml version="1.0"?><rss><title>Ελληνικά</title></rss>', 'utf-32le');
  assert.equal(decodeBody(utf32, undefined).charset, 'utf-32le');
});

test('sniffing tells KOI8-R, EUC-JP and GB18030 apart without a declaration', () => {
  const ru = '<title>Погода: в столице ожидается снегопад, дороги расчищают</title>';
  assert.deepEqual(
    [
      decodeBody(iconv.encode(ru, 'koi8-r'), undefined).charset,
      decodeBody(iconv.encode(ru, 'koi8-r'), undefined).text,
    ],
    ['koi8-r', ru],
  );
  const ja = '<title>新しい駅が来月開業します。ニュースをお届けします</title>';
  assert.equal(decodeBody(iconv.encode(ja, 'euc-jp'), undefined).text, ja);
  const zh = '<title>今天北京天气晴朗，明天可能会下雨。新闻报道</title>';
  assert.equal(decodeBody(iconv.encode(zh, 'gb18030'), undefined).text, zh);
});

test('a single-byte label is kept when plausible, overruled when another reading is far better', () => {
  const fr = '<title>Élections à Montréal : les électeurs déçus, « un scrutin très serré »</title>';
  const latin9 = decodeBody(iconv.encode(fr, 'iso-8859-15'), 'text/xml; charset=iso-8859-15');
  assert.deepEqual([latin9.charset, latin9.source, latin9.text], ['iso-8859-15', 'header', fr]);
  const ru = '<title>Правительство утвердило бюджет на следующий год</title>';
  const mislabelled = decodeBody(iconv.encode(ru, 'windows-1251'), 'text/xml; charset=iso-8859-1');
  assert.deepEqual([mislabelled.charset, mislabelled.text], ['windows-1251', ru]);
});
