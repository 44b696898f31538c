/** What the pipeline tells its caller while it works; the CLI renders it as progress on stderr. */
export type PipelineEvent =
  | { type: 'stage'; topic: string; stage: 'discover' | 'fetch' | 'cluster' | 'publish'; total?: number }
  | { type: 'progress'; topic: string; done: number; total: number; failed: number }
  | { type: 'item-failed'; topic: string; url: string; code: string; message: string }
  | { type: 'image-failed'; topic: string; url: string; code: string; message: string }
  | { type: 'source-failed'; topic: string; source: string; code: string; message: string }
  | { type: 'day-failed'; topic: string; date: string; code: string; message: string };

export type OnEvent = (event: PipelineEvent) => void;
