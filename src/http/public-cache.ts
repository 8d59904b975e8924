/**
 * Published documents that never change once public (a draw's signed record and its freeze
 * commitment, a list edition, a results batch, a report on a given record) are kept in
 * memory, keyed by the SHA-256 of their bytes, which is also their strong ETag (RFC 9110
 * section 8.8.3). The cache is bounded by bytes and evicts the least recently used document;
 * a name (e.g. `draw-record:2026-ZH-01`) points at the hash of what it served, so a request
 * by task code is answered, or answered 304, without the database.
 *
 * Only immutable content goes in: "the latest" anything (tree head, current list) is read
 * from the database every time, so a new publication is visible at once.
 */
import type { RequestHandler } from 'express';
import { loadNameBook, type NameBook } from '../application/public-plan.ts';
import { listDrawSummaries, publishedTextsIn, type DrawSummaryLine, type PublishedTexts } from '../application/public-portal.ts';
import type { DatabaseHandle } from '../persistence/database.ts';
import { etaggedDocument, sendDocument, withGzip, type EtaggedDocument } from './cacheable.ts';

/** Content addressed by its hash, or fixed once published: a year, never revalidated. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Answers that a newer publication may change (the latest head, a report): a short while. */
export const SHORT_CACHE_CONTROL = 'public, max-age=10';

export const JSON_TYPE = 'application/json';

/** Default byte bound of a server's cache (config-free: 64 MiB holds thousands of records). */
const DEFAULT_PUBLIC_CACHE_BYTES = 64 * 1024 * 1024;

/** What a kept document holds in memory: its bytes in both codings. */
const bytesOf = (document: EtaggedDocument) => document.body.length + (document.gzip?.body.length ?? 0);

/** Names kept per cache; a name whose document was evicted just reads the database again. */
const MAX_NAMES = 100_000;

/**
 * A byte-bounded LRU of immutable documents by content hash, with names pointing at them.
 *
 * @example const cache = new PublicContentCache(64 * 1024 * 1024)
 * const record = await cache.read('draw-record:2026-ZH-01', () => findPublicEnvelopeText(db, '2026-ZH-01'), 'application/json')
 */
export class PublicContentCache {
  /** In least-recently-used order: a read moves its document to the end. */
  private readonly byEtag = new Map<string, EtaggedDocument>();
  private readonly names = new Map<string, string>();
  private bytes = 0;

  constructor(readonly maxBytes: number = DEFAULT_PUBLIC_CACHE_BYTES) {}

  /** Bytes held now (never above `maxBytes`). */
  get size(): number {
    return this.bytes;
  }

  /** The document `name` points at, if it is still held (marked recently used). */
  get(name: string): EtaggedDocument | undefined {
    const etag = this.names.get(name);
    if (etag === undefined) return undefined;
    const document = this.byEtag.get(etag);
    if (!document) {
      this.names.delete(name);
      return undefined;
    }
    this.byEtag.delete(etag);
    this.byEtag.set(etag, document);
    return document;
  }

  /**
   * Stores `text` under `name` (it must never change for that name) and returns it as sent.
   * A document larger than the whole bound is returned but not kept.
   */
  put(name: string, text: string, contentType: string): EtaggedDocument {
    const fresh = etaggedDocument(text, contentType);
    const { etag } = fresh;
    const held = this.byEtag.get(etag);
    // Compressed once, when first kept: every later answer sends the same bytes.
    const document = held ?? withGzip(fresh);
    if (!held && bytesOf(document) <= this.maxBytes) {
      this.byEtag.set(etag, document);
      this.bytes += bytesOf(document);
      this.evictBeyondBound();
    }
    this.names.delete(name);
    this.names.set(name, etag);
    if (this.names.size > MAX_NAMES) this.names.delete(this.names.keys().next().value as string);
    return document;
  }

  /**
   * The document named `name`: from memory, else `load()`'s text (kept when `keep(text)`,
   * by default always). Undefined when `load` finds nothing, which is never kept.
   */
  async read(name: string, load: () => Promise<string | undefined>, contentType: string, keep: (text: string) => boolean = () => true): Promise<EtaggedDocument | undefined> {
    const cached = this.get(name);
    if (cached) return cached;
    const text = await load();
    if (text === undefined) return undefined;
    if (!keep(text)) return etaggedDocument(text, contentType);
    return this.put(name, text, contentType);
  }

  private evictBeyondBound(): void {
    for (const [etag, document] of this.byEtag) {
      if (this.bytes <= this.maxBytes) return;
      this.byEtag.delete(etag);
      this.bytes -= bytesOf(document);
    }
  }
}

/**
 * How long "the latest" (the draw list, the names) is reused as it is when nothing changed
 * through this server; after that it is read again in the background (changes made
 * elsewhere, e.g. the CLI on PostgreSQL, show then).
 */
const LATEST_REUSE_MS = 2000;

/** "The latest" something, reused between reads: see `keptLatest`. */
interface KeptLatest<T> {
  get(): Promise<T>;
  /** Something changed through this server: the next `get()` waits for a fresh read. */
  changed(): void;
}

/**
 * Reuses `read()`'s answer until `changed()`; once it is older than `LATEST_REUSE_MS` it is
 * still answered while one read in the background replaces it (stale-while-revalidate), so
 * a public page never waits for the database because time passed: on PGlite a long import
 * holds the one connection, and the pages answered from memory must go on answering. A
 * fresh answer `same` as the kept one keeps the kept object, so what is cached per object
 * (a rendered page) stays cached.
 */
function keptLatest<T>(read: () => Promise<T>, same: (kept: T, fresh: T) => boolean, now: () => number): KeptLatest<T> {
  // Bumped by every change: a value read while a change was being made is not kept.
  let generation = 0;
  let kept: { generation: number; readAt: number; value: Promise<T> } | undefined;
  let refreshing = false;
  const load = () => {
    const entry = { generation, readAt: now(), value: read() };
    entry.value.catch(() => {
      if (kept === entry) kept = undefined;
    });
    return entry;
  };
  const refresh = async (current: NonNullable<typeof kept>) => {
    const entry = load();
    const [old, fresh] = [await current.value, await entry.value];
    if (kept === current) kept = same(old, fresh) ? { ...current, readAt: entry.readAt } : entry;
  };
  return {
    get() {
      if (!kept || kept.generation !== generation) {
        kept = load();
        return kept.value;
      }
      if (!refreshing && now() - kept.readAt >= LATEST_REUSE_MS) {
        refreshing = true;
        // A failed refresh leaves the kept answer; the next request after it tries again.
        refresh(kept)
          .catch(() => {})
          .finally(() => {
            refreshing = false;
          });
      }
      return kept.value;
    },
    changed() {
      generation++;
      kept = undefined;
    },
  };
}

/** A task's published draw documents, read through the cache, the draw list and the names. */
export interface PublishedDrawDocuments {
  record(taskCode: string): Promise<EtaggedDocument | undefined>;
  commitment(taskCode: string): Promise<EtaggedDocument | undefined>;
  /** The record or commitment if the cache holds it now (no database). */
  cached(kind: 'record' | 'commitment', taskCode: string): EtaggedDocument | undefined;
  /** The same as texts, for the pages (`findPublishedDraw`). */
  readonly texts: PublishedTexts;
  /**
   * Every frozen or drawn task (`listDrawSummaries`): "the latest", so a change through this
   * server shows at once, one made elsewhere within about 2 s. Never mutate the answer.
   */
  summaries(): Promise<readonly DrawSummaryLine[]>;
  /** The item and department names (`loadNameBook`), kept like `summaries()`. */
  names(): Promise<NameBook>;
  /** Called after every state-changing request: the next `summaries()` and `names()` read the database. */
  changed(): void;
}

/**
 * A draw's record and commitment from `cache`, else from the database's public reads (the
 * replica when it has caught up); both are immutable once published, and an absent one (not
 * drawn yet) is asked for again.
 *
 * @example const documents = publishedDrawDocuments(cache, database)
 * sendDocument(request, response, await documents.record('2026-ZH-01'), IMMUTABLE_CACHE_CONTROL)
 */
export function publishedDrawDocuments(cache: PublicContentCache, database: Pick<DatabaseHandle, 'readPublic'>, now: () => number = Date.now): PublishedDrawDocuments {
  const record = (taskCode: string) => cache.read(`draw-record:${taskCode}`, () => database.readPublic((db) => publishedTextsIn(db).record(taskCode)), JSON_TYPE);
  const commitment = (taskCode: string) => cache.read(`draw-commitment:${taskCode}`, () => database.readPublic((db) => publishedTextsIn(db).commitment(taskCode)), JSON_TYPE);
  const textOf = (document: EtaggedDocument | undefined) => document?.body.toString('utf8');
  const texts: PublishedTexts = { record: async (taskCode) => textOf(await record(taskCode)), commitment: async (taskCode) => textOf(await commitment(taskCode)) };
  const summaries = keptLatest(() => database.readPublic((db) => listDrawSummaries(db, texts)), (kept, fresh) => JSON.stringify(kept) === JSON.stringify(fresh), now);
  const names = keptLatest(() => database.readPublic((db) => loadNameBook(db)), (kept, fresh) => kept.version === fresh.version, now);
  return {
    record,
    commitment,
    cached: (kind, taskCode) => cache.get(`draw-${kind}:${taskCode}`),
    texts,
    summaries: () => summaries.get(),
    names: () => names.get(),
    changed() {
      summaries.changed();
      names.changed();
    },
  };
}

/** A draw's record or commitment by task code (the codes `drawIdParamsSchema` accepts: nothing to decode). */
const DRAW_DOCUMENT_PATH = /^\/api\/public\/draws\/([0-9A-Za-z][0-9A-Za-z._-]{0,63})(\/commitment)?$/;

/**
 * Answers an anonymous GET of a draw's record or commitment that the cache already holds,
 * before the general middleware (body parsers, cookies, language, activity log, sessions,
 * router): on publication day these are most requests, and their answer depends on nothing
 * but the URL. Mounted after helmet, so the security headers are the same; a request with a
 * query, credentials (a token must still be refused when bad) or a cookie (a session may
 * have to be cleared) takes the ordinary way, as does anything not cached yet.
 *
 * @example app.use(helmet(…)); app.use(cachedDrawDocuments(publishedDraws))
 */
export function cachedDrawDocuments(documents: PublishedDrawDocuments): RequestHandler {
  return (request, response, next) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || request.headers.authorization !== undefined || request.headers.cookie !== undefined) {
      next();
      return;
    }
    const match = DRAW_DOCUMENT_PATH.exec(request.url);
    const document = match ? documents.cached(match[2] ? 'commitment' : 'record', match[1] as string) : undefined;
    if (!document) {
      next();
      return;
    }
    sendDocument(request, response, document, IMMUTABLE_CACHE_CONTROL);
  };
}
