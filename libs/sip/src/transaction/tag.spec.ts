import { generateTag } from './tag';

describe(generateTag.name, () => {
  it('should give distinct 16-hex-digit tags when called past the pool refill', () => {
    const tags = Array.from({ length: 1500 }, () => generateTag());

    expect(tags.every((t) => /^[0-9a-f]{16}$/.test(t))).toBe(true);
    expect(new Set(tags).size).toBe(tags.length);
  });
});
