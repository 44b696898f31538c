/**
 * The server's own request and answer shapes, lighter than fetch's `Request` and `Response`: the
 * node:http adapter hands a site that has a direct path (`DIRECT`) an `Ask` and writes its `Answer`
 * as it is, with no stream or header objects in between. Every handler also stays a plain
 * `(Request) => Promise<Response>` through `askOf` and `responseOf`.
 */
import { Readable } from 'node:stream';

/** A GET or HEAD as the site sees it: the path, the query and the headers it acts on. */
export interface Ask {
  method: string;
  /** As the client sent it (percent-encoded), dot segments resolved. */
  pathname: string;
  /** `?…` or empty. */
  search: string;
  acceptEncoding?: string | undefined;
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: string | undefined;
}

/** An answer: its headers are shared between answers and must not be changed. */
export interface Answer {
  status: number;
  headers: Readonly<Record<string, string>>;
  /** None for HEAD, 304 and empty answers; a stream for large files. */
  body?: Uint8Array | Readable | undefined;
}

/** The direct path of a site: an answer, or undefined to take the `Request` path instead. */
export type Direct = (ask: Ask) => Answer | undefined | Promise<Answer | undefined>;

/** Where a handler keeps its direct path. */
export const DIRECT: unique symbol = Symbol('daybrief.direct');

/** A fetch-style handler, with its direct path when it has one. */
export type SiteHandler = ((req: Request) => Promise<Response>) & { [DIRECT]?: Direct };

const header = (req: Request, name: string) => req.headers.get(name) ?? undefined;

/** The `Ask` of a fetch `Request`. */
export function askOf(req: Request): Ask {
  const url = new URL(req.url);
  return {
    method: req.method,
    pathname: url.pathname,
    search: url.search,
    acceptEncoding: header(req, 'accept-encoding'),
    ifNoneMatch: header(req, 'if-none-match'),
    ifModifiedSince: header(req, 'if-modified-since'),
  };
}

/** The fetch `Response` of an answer. */
export function responseOf(answer: Answer): Response {
  const { body } = answer;
  const stream = body instanceof Readable ? (Readable.toWeb(body) as ReadableStream<Uint8Array>) : body;
  return new Response((stream ?? null) as BodyInit | null, {
    status: answer.status,
    headers: answer.headers,
  });
}

/** The fetch-style handler of a direct path that always answers, carrying that path. */
export function fetchHandler(direct: (ask: Ask) => Promise<Answer>): SiteHandler {
  const handler: SiteHandler = async (req) => responseOf(await direct(askOf(req)));
  handler[DIRECT] = direct;
  return handler;
}
