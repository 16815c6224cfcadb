/**
 * Counting a stream's entries between times without reading them (README.md, "Admin console"):
 * entries are appended in time order, so how many have `at` in [t0, t1) is the stream's
 * countBefore(t1) − countBefore(t0), a binary search on seq by `_id` whatever the history's
 * size. A value that changes after recording (a sign-in's outcome or risk level) is counted as
 * the entries that joined its stream minus those that joined its "left" stream, both filed under
 * the sign-in's own time (src/risk/streams/sign-in-streams.ts).
 */

/** Per stream asked, per time, how many of its entries are older (src/db/streams/count-before.ts). */
export type CountBeforeEach = (asked: ReadonlyArray<{ stream: string; times: readonly Date[] }>) => Promise<number[][]>;

/** What one figure counts: the entries that joined a value, less those that left it since. */
export interface Tally { joined: string; left?: string | undefined }

/** A figure asked between consecutive edges (ascending). */
export interface Figure { tally: Tally; edges: readonly Date[] }

/**
 * Per figure, per interval between its consecutive edges, the tally's entries with `at` in
 * [edge i, edge i + 1): every stream searched together (one read per search step). An interval
 * never counts below zero: a left entry in the small disorder of concurrent appends may land one
 * interval away from its joined entry.
 */
export async function countPerInterval(countBeforeEach: CountBeforeEach, figures: readonly Figure[]): Promise<number[][]> {
  const asked = figures.flatMap(({ tally, edges }) => [
    { stream: tally.joined, times: edges },
    ...(tally.left ? [{ stream: tally.left, times: edges }] : []),
  ]);
  const counts = await countBeforeEach(asked);
  let next = 0;
  const between = (before: number[] | undefined, i: number): number => (before?.[i + 1] ?? 0) - (before?.[i] ?? 0);
  return figures.map(({ tally, edges }) => {
    const joined = counts[next++];
    const left = tally.left ? counts[next++] : undefined;
    return edges.slice(1).map((_, i) => Math.max(0, between(joined, i) - between(left, i)));
  });
}
