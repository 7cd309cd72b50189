import { normalizeNumber } from './number-normalizer';
import { NormalizedNumberCache } from './normalized-number-cache';

describe(NormalizedNumberCache.name, () => {
  it('should return what normalizeNumber returns, from the cache when asked again', () => {
    const cache = new NormalizedNumberCache('US');
    const first = cache.normalize('(212) 736-3100');
    expect(first).toEqual(normalizeNumber('(212) 736-3100', 'US'));
    expect(cache.normalize('(212) 736-3100')).toBe(first);
    expect(cache.size).toBe(1);
  });

  it('should stay within its capacity when more distinct numbers arrive', () => {
    const cache = new NormalizedNumberCache('US', 100);
    for (let i = 0; i < 1000; i++) cache.normalize(`+1212736${String(i).padStart(4, '0')}`);
    expect(cache.size).toBe(100);
    // The newest are kept, the oldest evicted.
    expect(cache.normalize('+12127360999')).toEqual(normalizeNumber('+12127360999', 'US'));
    expect(cache.size).toBe(100);
  });
});
