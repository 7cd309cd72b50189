import { newRemediationToken } from './remediation-token';

describe(newRemediationToken.name, () => {
  it('should give 22 base64url characters (128 bits) and never repeat over many pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const token = newRemediationToken();
      expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
      seen.add(token);
    }
    expect(seen.size).toBe(10_000);
  });
});
