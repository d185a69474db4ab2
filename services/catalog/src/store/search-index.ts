import { sql, type Kysely } from 'kysely';
import { SEARCH_TOTAL_SHOWN, type ListingSummary, type ProductSearch } from '@voucher/contracts';
import type { Logger } from '@voucher/kit';
import { queryPhrases } from '../domain/search-terms.ts';
import { listingStore, searchTermsOf } from './listings.ts';
import type { DB as CatalogDb } from './db.ts';

/**
 * CAT-4's searches answered from this replica's memory: the listings' index
 * terms as posting lists (the GIN index's contents), with each listing's
 * searchable text, lowest price and provider, and the orders of the three
 * sorts as PostgreSQL sorts them. A search intersects the lists of its terms,
 * checks phrases, prices and provider, and reads only its page's summaries
 * from PostgreSQL (by primary key). The same matches, total and page as
 * `listingStore`'s statements, at a fraction of their cost: a search at
 * 100,000 listings cost PostgreSQL some 9 ms of CPU to count and 4 ms to page.
 *
 * It answers only for the listings it was built from: the page's summaries
 * are read in the same statement as the listings' generation (migration 003,
 * moved on by every change whoever wrote it: a review, a consumer, an
 * import), and an index of another generation is dropped and the search read
 * from the tables. A change made here forgets it at once (`forget`, with the
 * answer caches). A new one is built in the background from one snapshot,
 * and searches read the tables until it is in place. A catalogue larger than
 * `maxListings` is not held in memory at all.
 */
export interface SearchIndex {
  /**
   * the page of `f` and its matches counted (all of them, or at least SEARCH_TOTAL_SHOWN + 1 when there are
   * more), or undefined when no current index is in place
   */
  search(f: ProductSearch): Promise<{ items: ListingSummary[]; matched: number } | undefined>;
  /** the listings changed here: searches read the tables until a new index is built */
  forget(): void;
  /** as `forget`, and no index built meanwhile is used before `ms` have passed (a commit not yet done) */
  pause(ms: number): void;
  stop(): Promise<void>;
}

/** when a search starts a build again after one failed, or found more listings than it may hold */
const RETRY_FAILED_MS = 5_000;
const RETRY_LARGE_MS = 60_000;
/** how far a search's matches are counted at least: past the total a client is shown */
const COUNTED_TO = SEARCH_TOTAL_SHOWN + 1;
/** listings read per statement while building, so a large catalogue is never in memory twice as text */
const BUILD_CHUNK = 10_000;

interface Built {
  /** the listings' generation the index was built from */
  generation: string;
  /** by ordinal, which is the position in the `newest` order (listed_at DESC, product_id) */
  ids: string[];
  providers: string[];
  prices: Float64Array;
  texts: string[];
  /** term → the listings holding it */
  postings: Map<string, Posting>;
  /** the ordinals in each price order, and each ordinal's place in it */
  order: { price_asc: Int32Array; price_desc: Int32Array };
  place: { price_asc: Int32Array; price_desc: Int32Array };
  /** one mark per listing, all clear between searches */
  scratch: Uint8Array;
}

/**
 * The listings holding one term: their ordinals, ascending, and for a term that one listing in DENSE or more
 * holds, a bit per listing as well, so testing a listing against it costs one read.
 */
interface Posting {
  list: Int32Array;
  bits?: Uint32Array;
}
const DENSE = 16;

function holds({ list, bits }: Posting, o: number): boolean {
  if (bits) return ((bits[o >>> 5]! >>> (o & 31)) & 1) === 1;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < o) lo = mid + 1;
    else hi = mid;
  }
  return list[lo] === o;
}

function postingOf(list: Int32Array, listed: number): Posting {
  if (list.length * DENSE < listed) return { list };
  const bits = new Uint32Array((listed + 31) >>> 5);
  for (const o of list) bits[o >>> 5]! |= 1 << (o & 31);
  return { list, bits };
}

/**
 * Whether a listing matches `f`, and the listings to try: those of its rarest term (ascending, so in the
 * `newest` order), or every listing when it has no term. Undefined when a term is held by no listing at all.
 */
function matcherOf(
  b: Built,
  f: ProductSearch,
): { lead: Int32Array | undefined; matches: (o: number) => boolean } | undefined {
  const postings: Posting[] = [];
  for (const term of searchTermsOf(f)) {
    const posting = b.postings.get(term);
    if (!posting) return undefined;
    postings.push(posting);
  }
  // the rarest first: the lead, then the likeliest to refuse
  postings.sort((x, y) => x.list.length - y.list.length);
  const rest = postings.slice(1);
  const phrases = f.q ? queryPhrases(f.q) : [];
  const lowest = f.minPrice ?? -Infinity;
  const highest = f.maxPrice ?? Infinity;
  const { providerId } = f;
  const { prices, providers, texts } = b;
  return {
    lead: postings[0]?.list,
    // the cheap checks first, a phrase as written last; plain loops, as this runs for thousands of listings
    matches(o) {
      if (prices[o]! < lowest || prices[o]! > highest) return false;
      if (providerId !== undefined && providers[o] !== providerId) return false;
      for (const posting of rest) if (!holds(posting, o)) return false;
      for (const phrase of phrases) if (!texts[o]!.includes(phrase)) return false;
      return true;
    },
  };
}

/**
 * The ordinals of the asked page in the asked order, and the matches counted as far as they matter: all of
 * them, or at least COUNTED_TO when there are more (the total a client is shown stops at SEARCH_TOTAL_SHOWN),
 * so a broad keyword tries the listings it needs, not the tens of thousands that match it.
 */
function answerOf(b: Built, f: ProductSearch): { page: number[]; matched: number } {
  const matcher = matcherOf(b, f);
  if (!matcher) return { page: [], matched: 0 };
  const { lead, matches } = matcher;
  const listed = b.ids.length;
  const from = (f.page - 1) * f.pageSize;
  const to = from + f.pageSize;
  const enough = Math.max(to, COUNTED_TO);
  if (f.sort === 'newest') {
    const found: number[] = [];
    const tries = lead ?? b.ids.keys();
    for (const o of tries) if (matches(o) && found.push(o) === enough) break;
    return { page: found.slice(from, to), matched: found.length };
  }
  const place = b.place[f.sort];
  // a rare lead term: its matches sorted by their place
  if (lead && lead.length * DENSE < listed) {
    const found = [...lead].filter(matches);
    return { page: found.sort((x, y) => place[x]! - place[y]!).slice(from, to), matched: found.length };
  }
  // else the order walked, the lead's listings marked in the scratch array (cleared before this returns)
  const marked = b.scratch;
  if (lead) for (const o of lead) marked[o] = 1;
  const page: number[] = [];
  let matched = 0;
  for (const o of b.order[f.sort]) {
    if ((lead && !marked[o]) || !matches(o)) continue;
    if (matched >= from && matched < to) page.push(o);
    if (++matched === enough) break;
  }
  if (lead) for (const o of lead) marked[o] = 0;
  return { page, matched };
}

/** The positions `ordinalsText` (comma-separated ordinals in an order) gives each ordinal, and the order itself. */
function orderOf(ordinalsText: string, count: number): { order: Int32Array; place: Int32Array } {
  const order = count === 0 ? new Int32Array(0) : Int32Array.from(ordinalsText.split(','), Number);
  const place = new Int32Array(count);
  for (let i = 0; i < order.length; i++) place[order[i]!] = i;
  return { order, place };
}

/** A posting list that grows as listings are read in ordinal order. */
interface Growing {
  list: Int32Array;
  n: number;
}

/** One consistent snapshot of the listings as an index, or undefined when they are more than `maxListings`. */
async function build(db: Kysely<CatalogDb>, maxListings: number): Promise<Built | undefined> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const head = (
        await sql<{
          generation: string;
          listed: number;
        }>`SELECT generation::text, (SELECT count(*)::int FROM listings) AS listed FROM listings_generation`.execute(
          trx,
        )
      ).rows[0]!;
      if (head.listed > maxListings) return undefined;
      const ids: string[] = [];
      const providers: string[] = [];
      const providerNames = new Map<string, string>();
      const prices = new Float64Array(head.listed);
      const texts: string[] = [];
      const growing = new Map<string, Growing>();
      let after: { at: string; id: string } | undefined;
      for (;;) {
        const rows = (
          await sql<{
            product_id: string;
            provider_id: string;
            min_price: string;
            search_text: string;
            terms: string;
            at: string;
          }>`SELECT product_id, provider_id, min_price, search_text, to_json(search_terms)::text AS terms,
                    listed_at::text AS at
               FROM listings
              WHERE ${after ? sql`(listed_at < ${after.at}::timestamptz OR (listed_at = ${after.at}::timestamptz AND product_id > ${after.id}))` : sql`true`}
              ORDER BY listed_at DESC, product_id LIMIT ${BUILD_CHUNK}`.execute(trx)
        ).rows;
        for (const r of rows) {
          const o = ids.length;
          ids.push(r.product_id);
          let provider = providerNames.get(r.provider_id);
          if (provider === undefined) providerNames.set(r.provider_id, (provider = r.provider_id));
          providers.push(provider);
          prices[o] = Number(r.min_price);
          texts.push(r.search_text);
          for (const term of JSON.parse(r.terms) as string[]) {
            let g = growing.get(term);
            if (!g) growing.set(term, (g = { list: new Int32Array(4), n: 0 }));
            // a listing's terms are distinct (one text[] of a Set): each ordinal goes in once
            if (g.n === g.list.length) {
              const wider = new Int32Array(g.n * 2);
              wider.set(g.list);
              g.list = wider;
            }
            g.list[g.n++] = o;
          }
        }
        if (rows.length < BUILD_CHUNK) break;
        const last = rows[rows.length - 1]!;
        after = { at: last.at, id: last.product_id };
      }
      const orders = (
        await sql<{ asc: string | null; desc: string | null }>`
          WITH ranked AS (
            SELECT min_price, product_id, row_number() OVER (ORDER BY listed_at DESC, product_id) - 1 AS o FROM listings)
          SELECT (SELECT string_agg(o::text, ',' ORDER BY min_price, product_id) FROM ranked) AS asc,
                 (SELECT string_agg(o::text, ',' ORDER BY min_price DESC, product_id) FROM ranked) AS desc`.execute(trx)
      ).rows[0]!;
      const asc = orderOf(orders.asc ?? '', ids.length);
      const desc = orderOf(orders.desc ?? '', ids.length);
      const postings = new Map<string, Posting>();
      for (const [term, g] of growing) postings.set(term, postingOf(g.list.slice(0, g.n), ids.length));
      return {
        generation: head.generation,
        ids,
        providers,
        prices,
        texts,
        postings,
        order: { price_asc: asc.order, price_desc: desc.order },
        place: { price_asc: asc.place, price_desc: desc.place },
        scratch: new Uint8Array(ids.length),
      };
    });
}

export function searchIndex(
  db: Kysely<CatalogDb>,
  { maxListings, logger }: { maxListings: number; logger: Logger },
): SearchIndex {
  const listings = listingStore(db);
  let current: Built | undefined;
  /** when a search may start a build again after one failed or found the catalogue too large */
  let retryAt = 0;
  /** moves on with every change heard of: a build that began before it is not used */
  let epoch = 0;
  let pausedUntil = 0;
  let stopped = false;
  let again = false;
  let running: Promise<void> | undefined;

  const rebuild = () => {
    again = true;
    running ??= (async () => {
      while (again && !stopped) {
        again = false;
        const wait = pausedUntil - Date.now();
        if (wait > 0) await new Promise((res) => setTimeout(res, wait).unref());
        const started = epoch;
        const t = performance.now();
        try {
          const built = await build(db, maxListings);
          if (started !== epoch || Date.now() < pausedUntil) {
            again = true;
            continue;
          }
          current = built;
          if (!current) retryAt = Date.now() + RETRY_LARGE_MS;
          logger.info(
            { listings: built?.ids.length, terms: built?.postings.size, ms: Math.round(performance.now() - t) },
            built ? 'the search index was built' : 'the catalogue is larger than the search index holds',
          );
        } catch (err) {
          // a search after RETRY_FAILED_MS tries again; meanwhile searches read the tables
          logger.warn({ err }, 'the search index could not be built');
          retryAt = Date.now() + RETRY_FAILED_MS;
          break;
        }
      }
    })().finally(() => (running = undefined));
  };
  const forget = () => {
    epoch++;
    current = undefined;
    rebuild();
  };

  // built when the first search asks for it, not at start-up: that search reads the tables meanwhile
  return {
    async search(f) {
      const b = current;
      if (!b) {
        if (!running && Date.now() >= retryAt) rebuild();
        return undefined;
      }
      const { page, matched } = answerOf(b, f);
      const { generation, items } = await listings.summariesAt(page.map((o) => b.ids[o]!));
      if (generation !== b.generation) {
        // the listings changed since it was built (here or elsewhere): answered from the tables until the next one
        if (current === b) forget();
        return undefined;
      }
      return { items, matched };
    },
    forget,
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, Date.now() + ms);
      forget();
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
}
