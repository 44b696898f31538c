/** Hand-written digests shared by the publish tests (imported by the other test files). */
import type { Digest, DigestArticle, Story } from '../model/types.js';
import type { SiteData } from './site.js';

export const XSS_TITLE = 'Allies meet <script>alert(1)</script> & "talk"';

/** The cover image of `article()`, and the site's thumbnails of it as `natoSite()` has them. */
export const FINLAND_IMAGE = 'https://www.reuters.com/resizer/finland.jpg?w=1200&h=630';
export const FINLAND_THUMBNAILS = [
  { path: `media/${'a'.repeat(32)}.webp`, width: 320, height: 168 },
  { path: `media/${'b'.repeat(32)}.webp`, width: 640, height: 336 },
  { path: `media/${'c'.repeat(32)}.webp`, width: 960, height: 504 },
];

/** An article with every field filled; override what a test is about. */
export function article(over: Partial<DigestArticle> = {}): DigestArticle {
  return {
    url: 'https://www.reuters.com/world/europe/finland-sticks-with-sweden-2023-01-30/',
    title: 'Finland to stick with Sweden in NATO bid, hopes for green light by July',
    outlet: 'Reuters',
    published: '2023-01-30T14:05:00Z',
    image: FINLAND_IMAGE,
    description: 'Finland is sticking to its plan to join NATO at the same time as Sweden.',
    summary: [
      'Finland hopes to join NATO no later than July.',
      'Haavisto said he still hoped both countries would become members in the next few months.',
    ],
    summarySource: 'body',
    paywalled: false,
    alsoPublishedBy: [],
    ...over,
  };
}

export function story(id: string, articles: DigestArticle[], over: Partial<Story> = {}): Story {
  return { id, title: articles[0]?.title ?? id, articles, ...over };
}

/** A day of the `nato` topic: one grouped story, a paywalled one, a hostile one, one without image. */
export function natoDay(date = '2023-01-30'): Digest {
  return {
    topic: { name: 'NATO', slug: 'nato' },
    date,
    timezone: 'Europe/Brussels',
    stories: [
      story(
        'turkey-finland',
        [
          article({
            alsoPublishedBy: [
              { outlet: 'WOKV', url: 'https://www.wokv.com/news/nato-finland' },
              { outlet: 'Evil', url: 'javascript:alert(2)' },
            ],
          }),
          article({
            url: 'https://www.washingtonpost.com/world/2023/01/30/turkey-finland-nato/',
            title: "Turkey favors approving Finland's NATO bid before Sweden's",
            outlet: 'The Washington Post',
          }),
          article({
            url: 'https://www.cnbc.com/2023/01/30/erdogan.html',
            title: 'Erdogan suggests',
            outlet: 'CNBC',
          }),
        ],
        {
          title: 'Turkey signals it may approve Finland before Sweden',
          lead: ['Turkey said it could evaluate Finland’s bid separately from Sweden’s.'],
          leadSources: [
            {
              url: 'https://www.washingtonpost.com/world/2023/01/30/turkey-finland-nato/',
              outlet: 'The Washington Post',
            },
          ],
        },
      ),
      story('bloomberg-1', [
        article({
          url: 'https://www.bloomberg.com/news/articles/2023-01-30/finland-spin',
          title: "Finland Puts Positive Spin on Turkey's NATO Ratification Remarks",
          outlet: 'Bloomberg',
          summary: [],
          summarySource: 'none',
          paywalled: true,
        }),
      ]),
      story('hostile', [
        article({
          url: 'javascript:alert(1)',
          title: XSS_TITLE,
          outlet: 'Bad <b>Outlet</b>',
          image: 'data:image/svg+xml,<svg onload=alert(1)>',
          description: 'An "odd" description with <img src=x onerror=alert(1)>',
          summary: ['Only the description was available.'],
          summarySource: 'description',
        }),
      ]),
      story('no-image', [
        article({
          url: 'https://www.nato.int/cps/en/natohq/news_211234.htm',
          title: 'NATO Flight Training Europe receives three new training campuses',
          outlet: 'NATO HQ',
          image: undefined,
          published: undefined,
        }),
      ]),
    ],
  };
}

/** A small day for filler dates. */
export function smallDay(date: string, title = `News of ${date}`): Digest {
  return {
    topic: { name: 'NATO', slug: 'nato' },
    date,
    stories: [story(`s-${date}`, [article({ title, url: `https://example.com/${date}` })])],
  };
}

/** The `nato` topic with days 2023-01-30, 01-29, 01-27 (a gap on the 28th) and 01-20, out of order. */
export function natoSite(): SiteData {
  return {
    generatedAt: '2023-01-31T06:00:00Z',
    media: { [FINLAND_IMAGE]: FINLAND_THUMBNAILS },
    topics: [
      {
        name: 'NATO',
        slug: 'nato',
        days: [smallDay('2023-01-27'), natoDay(), smallDay('2023-01-20'), smallDay('2023-01-29')],
      },
      { name: 'Empty topic', slug: 'empty', days: [] },
    ],
  };
}
