import { ConsumerReadiness } from './consumer-readiness';

const TOPIC = 'scoring.internal.score-request.1';

function joined(partitions: number[], memberId = 'member-1') {
  return { memberId, memberAssignment: { [TOPIC]: partitions, other: [0] } };
}

describe(ConsumerReadiness.name, () => {
  it('should not be ready when the group is joined but nothing was fetched yet', () => {
    const readiness = new ConsumerReadiness(TOPIC);
    readiness.onGroupJoin(joined([5, 1, 3]));
    expect(readiness.ready).toBe(false);
    expect(readiness.status()).toEqual({
      state: 'joined',
      memberId: 'member-1',
      partitions: [1, 3, 5],
      joins: 1,
    });
  });

  it('should be ready when a fetch completes after the join', () => {
    const readiness = new ConsumerReadiness(TOPIC);
    readiness.onFetch();
    expect(readiness.ready).toBe(false);
    readiness.onGroupJoin(joined([0]));
    readiness.onFetch();
    expect(readiness.ready).toBe(true);
  });

  it('should be ready at once when the member is assigned no partition', () => {
    const readiness = new ConsumerReadiness(TOPIC);
    readiness.onGroupJoin({ memberId: 'standby', memberAssignment: {} });
    expect(readiness.status()).toMatchObject({ state: 'ready', partitions: [] });
  });

  it('should wait for the next join and fetch when the group rebalances', () => {
    const readiness = new ConsumerReadiness(TOPIC);
    readiness.onGroupJoin(joined([0, 1]));
    readiness.onFetch();
    readiness.onRebalancing();
    expect(readiness.status().state).toBe('rebalancing');
    readiness.onFetch();
    expect(readiness.ready).toBe(false);
    readiness.onGroupJoin(joined([1]));
    readiness.onFetch();
    expect(readiness.status()).toMatchObject({ state: 'ready', partitions: [1], joins: 2 });
  });

  it('should drop the assignment when the consumer crashes or stops', () => {
    const readiness = new ConsumerReadiness(TOPIC);
    readiness.onGroupJoin(joined([0]));
    readiness.onCrash();
    expect(readiness.status()).toMatchObject({ state: 'crashed', partitions: [] });
    readiness.onStop();
    expect(readiness.status()).toMatchObject({ state: 'stopped', partitions: [] });
  });

  it('should resolve waiters when the consumer becomes ready', async () => {
    const readiness = new ConsumerReadiness(TOPIC);
    const waiting = readiness.whenReady(1_000);
    readiness.onGroupJoin(joined([0]));
    readiness.onFetch();
    await expect(waiting).resolves.toBeUndefined();
  });

  it('should reject naming the state when the consumer is not ready in time', async () => {
    jest.useFakeTimers();
    try {
      const readiness = new ConsumerReadiness(TOPIC);
      readiness.onGroupJoin(joined([0]));
      const waiting = readiness.whenReady(5_000);
      jest.advanceTimersByTime(5_000);
      await expect(waiting).rejects.toThrow(/not assigned within 5000 ms \(state: joined\)/);
    } finally {
      jest.useRealTimers();
    }
  });
});
