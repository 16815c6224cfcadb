import { describe, expect, it } from 'vitest';
import { countPerInterval, type CountBeforeEach } from '../../../src/admin-console/stream-counts.ts';

/** Streams held in memory as their entries' times (in order), and the calls made. */
function streams(times: Record<string, number[]>): { countBeforeEach: CountBeforeEach; calls: number } {
  const counter = {
    calls: 0,
    countBeforeEach: (async (asked) => {
      counter.calls += 1;
      return asked.map(({ stream, times: edges }) => edges.map((edge) => (times[stream] ?? []).filter((at) => at < edge.getTime()).length));
    }) as CountBeforeEach,
  };
  return counter;
}

const edges = (...at: number[]): Date[] => at.map((t) => new Date(t));

describe('counting streams between edges', () => {
  it('counts each interval as joined less left, every figure in one search', async () => {
    const counter = streams({ joined: [1, 5, 10, 15, 20], left: [5, 20], other: [2, 3] });
    const counts = await countPerInterval(counter.countBeforeEach, [
      { tally: { joined: 'joined', left: 'left' }, edges: edges(0, 10, 20, 30) },
      { tally: { joined: 'other' }, edges: edges(0, 3) },
      { tally: { joined: 'empty', left: 'empty-left' }, edges: edges(0, 30) },
    ]);
    // [0, 10): 1 and 5 joined, 5 left; [10, 20): 10, 15; [20, 30): 20 joined and left.
    expect(counts).toEqual([[1, 2, 0], [1], [0]]);
    expect(counter.calls).toBe(1);
  });

  it('never counts an interval below zero when a left entry lands an interval away from its joined one', async () => {
    const counter = streams({ joined: [9], left: [10] });
    expect(await countPerInterval(counter.countBeforeEach, [{ tally: { joined: 'joined', left: 'left' }, edges: edges(0, 10, 20) }])).toEqual([[1, 0]]);
  });
});
