import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Candidate } from '../model/types.js';
import { findSameArticle, normalTitle, sameOutlet, sameTitle } from './headline-match.js';

const cand = (url: string, title: string, outlet?: string): Candidate => ({
  url,
  title,
  source: 'https://feeds.example/x',
  ...(outlet ? { outlet } : {}),
});

test('normalTitle: case, diacritics, punctuation and curly quotes do not matter', () => {
  assert.equal(normalTitle('Élysée: “Allies’ talks” — resumed!'), 'elysee allies talks resumed');
  assert.equal(normalTitle('防衛費の増額 、閣議決定'), '防衛費の増額 閣議決定');
});

test('sameTitle: equal once normalised, truncated prefix, or nearly all words', () => {
  assert.ok(sameTitle("NATO allies' ministers meet in Brussels", 'NATO Allies’ Ministers Meet In Brussels'));
  assert.ok(
    sameTitle(
      'Turkey postpones talks with Sweden and Finland on NATO bids as ...',
      'Turkey postpones talks with Sweden and Finland on NATO bids as protests go on',
    ),
  );
  assert.ok(!sameTitle('Turkey ...', 'Turkey postpones talks'), 'a short prefix is not enough');
  assert.ok(
    sameTitle(
      'Defence ministers of the alliance agree a new package of ammunition support for Kyiv',
      'Defence ministers of the alliance agree new package of ammunition support for Kyiv',
    ),
  );
  assert.ok(!sameTitle('NATO chief visits Seoul', 'NATO chief visits Tokyo'));
});

test('sameOutlet: by the outlet site, or by names that contain one another', () => {
  const c = cand('https://www.harbour-gazette.example/world/a', 'x', 'Harbour Gazette — World');
  assert.ok(sameOutlet(c, { site: 'https://harbour-gazette.example' }));
  assert.ok(sameOutlet(c, { name: 'The Harbour Gazette' }), 'the site name is inside the outlet name');
  assert.ok(sameOutlet(c, { name: 'Harbour Gazette' }));
  assert.ok(
    sameOutlet(cand('https://news.example-post.co.uk/a', 'x'), { site: 'https://www.example-post.co.uk/' }),
  );
  assert.ok(!sameOutlet(cand('https://www.a-news.co.uk/a', 'x'), { site: 'https://www.b-news.co.uk/' }));
  assert.ok(!sameOutlet(c, { name: 'Fjord Post', site: 'https://fjordpost.example.no' }));
});

test('findSameArticle: same title and outlet; exact beats near; ambiguous exact ties give nothing', () => {
  const others = [
    cand(
      'https://www.example-wire.com/a',
      'Alliance ministers weigh new ammunition contracts',
      'Example Wire',
    ),
    cand('https://other.example/a', 'Alliance ministers weigh new ammunition contracts', 'Other Outlet'),
    cand(
      'https://www.example-wire.com/b',
      'Alliance ministers weigh the new ammunition contracts',
      'Example Wire',
    ),
  ];
  assert.equal(
    findSameArticle('Alliance ministers weigh new ammunition contracts', { name: 'Example Wire' }, others)
      ?.url,
    'https://www.example-wire.com/a',
  );
  assert.equal(
    findSameArticle('Alliance ministers weigh new ammunition contracts', { name: 'Fjord Post' }, others),
    undefined,
    'the title alone is not enough',
  );
  const tie = [
    ...others,
    cand(
      'https://www.example-wire.com/c',
      'Alliance ministers weigh new ammunition contracts',
      'Example Wire',
    ),
  ];
  assert.equal(
    findSameArticle('Alliance ministers weigh new ammunition contracts', { name: 'Example Wire' }, tie),
    undefined,
  );
});
