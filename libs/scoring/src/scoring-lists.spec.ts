import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NOW } from '../test/scoring-fixtures';
import { ScoringListsError } from './scoring-config.exception';
import { ScoringLists, loadScoringLists, parseScoringLists } from './scoring-lists';

const DEFAULT_LISTS = resolve(__dirname, '../../../config/lists.json');
const HOUR = 3_600_000;

function problemsOf(action: () => unknown): readonly string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ScoringListsError) return error.problems;
    throw error;
  }
  throw new Error('expected a ScoringListsError');
}

describe(ScoringLists.name, () => {
  const lists = parseScoringLists(
    {
      allow: [
        { number: '(212) 555-1234', reason: 'staff check', source: 'staff' },
        {
          prefix: '+1 310',
          reason: 'appeal',
          source: 'appeal',
          expiresAt: new Date(NOW + HOUR).toISOString(),
        },
      ],
      block: [
        { prefix: '+1212', source: 'staff', reason: 'short prefix' },
        { prefix: '+1212555', source: 'staff', reason: 'long prefix' },
        {
          number: '+12125559999',
          source: 'staff',
          reason: 'expired',
          expiresAt: new Date(NOW - 1).toISOString(),
        },
        { number: '+12125559999', source: 'dno', reason: 'dno, live' },
        {
          prefix: '+1646',
          source: 'dno',
          reason: 'expires now',
          expiresAt: new Date(NOW).toISOString(),
        },
      ],
    },
    'US',
  );

  it('should find an allow entry when the number was given in national form', () => {
    expect(lists.findAllow('+12125551234', NOW)).toMatchObject({
      match: { kind: 'number', e164: '+12125551234' },
      source: 'staff',
    });
  });

  it('should default the allow source to staff when it is omitted', () => {
    const only = parseScoringLists({ allow: [{ number: '+12125551234', reason: 'r' }] });
    expect(only.allow[0].source).toBe('staff');
  });

  it('should match a prefix entry until it expires when the clock moves on', () => {
    expect(lists.findAllow('+13105559876', NOW)?.reason).toBe('appeal');
    expect(lists.findAllow('+13105559876', NOW + HOUR)).toBeUndefined();
  });

  it('should return the longest prefix first when several prefixes match', () => {
    expect(lists.findBlocks('+12125550000', NOW).map((e) => e.reason)).toEqual([
      'long prefix',
      'short prefix',
    ]);
  });

  it('should skip an expired exact entry when a live entry matches too', () => {
    expect(lists.findBlocks('+12125559999', NOW).map((e) => e.reason)).toEqual([
      'dno, live',
      'long prefix',
      'short prefix',
    ]);
  });

  it('should ignore an entry when its expiry is exactly now', () => {
    expect(lists.findBlocks('+16465551234', NOW)).toEqual([]);
    expect(lists.findBlocks('+16465551234', NOW - 1)).toHaveLength(1);
  });

  it('should find nothing when no entry matches', () => {
    expect(lists.findAllow('+442079460958', NOW)).toBeUndefined();
    expect(lists.findBlocks('+442079460958', NOW)).toEqual([]);
    expect(ScoringLists.empty().findBlocks('+12125551234', NOW)).toEqual([]);
  });
});

describe(loadScoringLists.name, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lists-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should load the shipped example lists when no region is given', () => {
    const lists = loadScoringLists(DEFAULT_LISTS);
    expect(lists.allow).toHaveLength(2);
    expect(lists.block).toHaveLength(3);
    expect(lists.findAllow('+61255501234', NOW)?.source).toBe('appeal');
    expect(lists.findBlocks('+442079460456', NOW)).toEqual([]);
    expect(lists.findBlocks('+442079460999', NOW)[0]).toMatchObject({ source: 'dno' });
  });

  it('should name every bad entry when the lists file has mistakes', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(
      path,
      JSON.stringify({
        allow: [
          { number: '+12125551234', prefix: '+1212', reason: 'both' },
          { reason: 'neither' },
          { number: 'anonymous', reason: 'withheld' },
          { number: '+12125551234', reason: 'bad expiry', expiresAt: 'next tuesday' },
        ],
        block: [
          { number: '+12125551234', reason: 'no source' },
          { number: '12345', source: 'staff', reason: 'too short' },
          { prefix: '1212', source: 'dno', reason: 'no plus' },
          { number: '+12125551234', source: 'customer', reason: '' },
          { number: '+12125551234', source: 'staff', reason: 'ok', note: 'unknown key' },
        ],
      }),
    );
    const problems = problemsOf(() => loadScoringLists(path, 'US'));
    const paths = problems.map((problem) => problem.split(':')[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'allow[0]',
        'allow[1]',
        'allow[2].number',
        'allow[3].expiresAt',
        'block[0].source',
        'block[1].number',
        'block[2].prefix',
        'block[3].source',
        'block[3].reason',
        'block[4]',
      ]),
    );
    expect(problems.find((p) => p.startsWith('block[1].number'))).toContain('"12345"');
  });

  it('should refuse national-form numbers when no default region is given', () => {
    const problems = problemsOf(() =>
      parseScoringLists({ block: [{ number: '2125551234', source: 'staff', reason: 'r' }] }),
    );
    expect(problems).toEqual([expect.stringMatching(/^block\[0\]\.number: .*E\.164/)]);
  });

  it('should report the file problem when the file cannot be read', () => {
    expect(() => loadScoringLists(join(dir, 'absent.json'))).toThrow(/cannot read the file/);
  });
});
