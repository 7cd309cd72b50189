import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ruleSetData } from '../test/scoring-fixtures';
import { loadRuleSet, parseRuleSet } from './rule-set';
import { RuleSetError } from './scoring-config.exception';

const DEFAULT_RULE_SET = resolve(__dirname, '../../../config/ruleset.json');

describe(loadRuleSet.name, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ruleset-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, content: string): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  function problemsOf(action: () => unknown): readonly string[] {
    try {
      action();
    } catch (error) {
      if (error instanceof RuleSetError) return error.problems;
      throw error;
    }
    throw new Error('expected a RuleSetError');
  }

  it('should return a frozen rule set when the shipped default file is loaded', () => {
    const ruleSet = loadRuleSet(DEFAULT_RULE_SET);
    expect(ruleSet.version).toBe('2026-11-23.1');
    expect(ruleSet.defaultRegion).toBe('US');
    expect(Object.isFrozen(ruleSet)).toBe(true);
    expect(Object.isFrozen(ruleSet.weights)).toBe(true);
    expect(Object.isFrozen(ruleSet.protectedNumbers)).toBe(true);
    expect(ruleSet).not.toHaveProperty('$comment');
  });

  it('should normalise protected numbers and prefixes when they use visual separators', () => {
    const data = {
      ...ruleSetData(),
      protectedNumbers: ['9-8-8', '+1 (202) 555-0911'],
      protectedPrefixes: ['+1 202 730'],
    };
    const ruleSet = parseRuleSet(data);
    expect(ruleSet.protectedNumbers).toEqual(['988', '+12025550911']);
    expect(ruleSet.protectedPrefixes).toEqual(['+1202730']);
  });

  it('should default the protected lists to empty when they are omitted', () => {
    const data = ruleSetData();
    delete data.protectedNumbers;
    delete data.protectedPrefixes;
    expect(parseRuleSet(data)).toMatchObject({ protectedNumbers: [], protectedPrefixes: [] });
  });

  it('should read YAML when the file ends in .yaml', () => {
    const path = write(
      'ruleset.yaml',
      'version: y-1\ndefaultRegion: GB\nthresholds: { label: 40, reject: 60 }\nweights:\n' +
        Object.entries(ruleSetData().weights as Record<string, number>)
          .map(([k, v]) => `  ${k}: ${v}\n`)
          .join(''),
    );
    expect(loadRuleSet(path)).toMatchObject({ version: 'y-1', defaultRegion: 'GB' });
  });

  it('should list every problem with its path when the file has many mistakes', () => {
    const path = write(
      'bad.json',
      JSON.stringify({
        version: '',
        defaultRegion: 'us',
        thresholds: { label: 90, reject: 80 },
        weights: {
          blockList: 100,
          doNotOriginate: 'high',
          invalidNumber: 90.5,
          verstatFailed: 85,
          verstatPassedA: -50,
          verstatPassedB: 5,
          verstatPassedC: 0,
          anonymous: 0,
          velocity: 10,
        },
        protectedNumbers: ['911', '2025550911', 'psap'],
        protectedPrefixes: ['1202730'],
        extra: true,
      }),
    );
    const problems = problemsOf(() => loadRuleSet(path));
    const paths = problems.map((problem) => problem.split(':')[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'version',
        'defaultRegion',
        'thresholds.label',
        'weights.doNotOriginate',
        'weights.invalidNumber',
        'weights.verstatPassedA',
        'weights.verstatPassedB',
        'weights.verstatNone',
        'weights',
        'protectedNumbers[1]',
        'protectedNumbers[2]',
        'protectedPrefixes[0]',
        '(root)',
      ]),
    );
    expect(problems.find((p) => p.startsWith('weights.verstatPassedA'))).toContain('not proof');
    expect(problems.join('\n')).toMatch(/velocity/);
    expect(problems.join('\n')).toMatch(/extra/);
  });

  it('should name the file and every problem in the message when it throws', () => {
    const path = write(
      'message.json',
      JSON.stringify({ ...ruleSetData(), version: 7, defaultRegion: 'XX' }),
    );
    expect(() => loadRuleSet(path)).toThrow(RuleSetError);
    expect(() => loadRuleSet(path)).toThrow(
      /rule set .*message\.json is invalid:\n {2}- version: .*\n {2}- defaultRegion: /,
    );
  });

  it('should refuse a withheld-caller weight that rejects alone when it reaches the reject threshold', () => {
    const data = ruleSetData();
    const problems = problemsOf(() =>
      parseRuleSet({
        ...data,
        weights: { ...(data.weights as object), anonymous: 80, verstatNone: 90 },
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^weights\.anonymous: .*never rejected for that alone/),
      expect.stringMatching(/^weights\.verstatNone: /),
    ]);
  });

  it('should report the file problem when the file is missing or not JSON', () => {
    expect(problemsOf(() => loadRuleSet(join(dir, 'absent.json')))).toEqual([
      expect.stringContaining('cannot read the file'),
    ]);
    const path = write('broken.json', '{ "version": ');
    expect(problemsOf(() => loadRuleSet(path))).toEqual([
      expect.stringContaining('cannot parse the file'),
    ]);
  });
});
