import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanTitleTag, stripSiteName } from './title.js';

test('unspaced CJK section and site suffixes are dropped', () => {
  assert.equal(
    cleanTitleTag('港町の朝市が再開へ、漁師ら準備_社会_さくら新聞'),
    '港町の朝市が再開へ、漁師ら準備',
  );
  assert.equal(cleanTitleTag('新しい図書館が開館しました｜みなと日報'), '新しい図書館が開館しました');
});

test('an unspaced colon goes only when what follows names the site', () => {
  assert.equal(
    stripSiteName('ツリーを描画できる「Treeviz」:devnote開発日誌', 'devnote'),
    'ツリーを描画できる「Treeviz」',
  );
  assert.equal(
    stripSiteName('首相が会見した内容について：詳報', 'devnote'),
    '首相が会見した内容について：詳報',
  );
});

test('a segment that starts with the site name and goes on with a number is not the site', () => {
  assert.equal(
    stripSiteName('ACME-2023-0042 - Advisory database', 'acme'),
    'ACME-2023-0042 - Advisory database',
  );
  assert.equal(stripSiteName('Slate Magazine | Ferry fares rise', 'Slate'), 'Ferry fares rise');
});

test('a trailing heading anchor sign is not part of the title', () => {
  assert.equal(stripSiteName('Incremental builds¶'), 'Incremental builds');
});
