import type { FetchGdeltOptions, NewsSearch } from '../discover/index.js';
import { dayWindow } from '../discover/index.js';
import type { Fetcher } from '../fetch/types.js';
import type { Topic } from '../model/types.js';
import { LocalQueue } from '../queue/index.js';
import type { Store } from '../store/store.js';
import type { OnEvent } from './events.js';
import { publishSite } from './publish-site.js';
import { type RunReport, runDay } from './run-day.js';

/** What `runTopics` needs. */
export interface RunTopicsOptions {
  http: Fetcher;
  store: Store;
  /** Site directory to republish afterwards. */
  out: string;
  /** The dates (YYYY-MM-DD, oldest first) to run for a topic. */
  dates: (topic: Topic) => string[];
  title?: string;
  newsSearch?: NewsSearch;
  gdelt?: FetchGdeltOptions;
  onEvent?: OnEvent;
  /** Parallel article jobs per day, default 8. */
  concurrency?: number;
}

/** Runs each topic's days in turn, then rebuilds the site once. Returns the reports and files written. */
export async function runTopics(
  topics: Topic[],
  opts: RunTopicsOptions,
): Promise<{ reports: RunReport[]; files: number }> {
  const reports: RunReport[] = [];
  const queue = new LocalQueue(opts.concurrency ?? 8);
  for (const topic of topics) {
    for (const date of opts.dates(topic)) {
      const deps = {
        http: opts.http,
        store: opts.store,
        queue,
        newsSearch: opts.newsSearch ?? true,
        ...(opts.gdelt ? { gdelt: opts.gdelt } : {}),
      };
      reports.push(
        await runDay(
          topic,
          dayWindow(date, topic.timezone),
          opts.onEvent ? { ...deps, onEvent: opts.onEvent } : deps,
        ),
      );
    }
  }
  opts.onEvent?.({ type: 'stage', topic: '*', stage: 'publish' });
  const files = await publishSite(opts.store, opts.out, opts.title ? { title: opts.title } : {});
  return { reports, files };
}
