/**
 * The day as JSON: the public API of a day page. The schema is stable (benchmarks depend on it): every
 * key is always present, in a fixed order, with `null` for missing optional values.
 */
import type { Digest, DigestArticle, Story } from '../model/types.js';

function articleJson(a: DigestArticle) {
  return {
    url: a.url,
    title: a.title,
    outlet: a.outlet,
    published: a.published ?? null,
    image: a.image ?? null,
    description: a.description ?? null,
    summary: [...a.summary],
    summarySource: a.summarySource,
    paywalled: a.paywalled,
    headlineOnly: a.headlineOnly === true,
    alsoPublishedBy: a.alsoPublishedBy.map((c) => ({ outlet: c.outlet, url: c.url })),
  };
}

function storyJson(s: Story) {
  return {
    id: s.id,
    title: s.title,
    lead: s.lead ? [...s.lead] : null,
    leadSources:
      s.lead && s.leadSources?.length === s.lead.length
        ? s.leadSources.map((c) => ({ url: c.url, outlet: c.outlet }))
        : null,
    continues: s.continues
      ? { date: s.continues.date, storyId: s.continues.storyId, title: s.continues.title }
      : null,
    articles: s.articles.map(articleJson),
  };
}

/**
 * `{"topic":{"name","slug"},"date","stories":[{"id","title","lead","leadSources":[{"url","outlet"}] (one
 * per lead sentence: the article it is taken from; null with the lead, or for digests stored before),
 * "continues":{"date","storyId","title"}
 * or null,"articles":[{"url","title","outlet",
 * "published","image","description","summary","summarySource","paywalled","headlineOnly","alsoPublishedBy"}]}]}`,
 * pretty-printed with a trailing newline. Values are the data as stored; HTML consumers must escape them.
 */
export function dayJson(digest: Digest): string {
  const day = {
    topic: { name: digest.topic.name, slug: digest.topic.slug },
    date: digest.date,
    stories: digest.stories.map(storyJson),
  };
  return `${JSON.stringify(day, null, 2)}\n`;
}
