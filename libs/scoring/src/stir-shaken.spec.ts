import { normalizeStirShaken } from './stir-shaken';

describe(normalizeStirShaken.name, () => {
  it.each([
    ['TN-Validation-Passed', undefined, 'passed', 'unknown'],
    ['TN-Validation-Passed', 'A', 'passed', 'A'],
    ['TN-Validation-Passed-A', undefined, 'passed', 'A'],
    ['tn-validation-passed-b', undefined, 'passed', 'B'],
    ['TN-VALIDATION-PASSED-C', undefined, 'passed', 'C'],
    ['TN-Validation-Passed_A', undefined, 'passed', 'A'],
    ['TN-Validation-Failed', undefined, 'failed', 'unknown'],
    ['TN-Validation-Failed-B', undefined, 'failed', 'B'],
    ['No-TN-Validation', undefined, 'none', 'unknown'],
    ['no-tn-validation', 'c', 'none', 'C'],
    [undefined, undefined, 'none', 'unknown'],
    [undefined, ' B ', 'none', 'B'],
    ['"TN-Validation-Passed-A"', undefined, 'passed', 'A'],
    ['TN-Validation-Passed-A', 'C', 'passed', 'C'],
    ['TN-Validation-Passed-A', 'garbage', 'passed', 'A'],
    ['TN-Validation-Passed-D', undefined, 'none', 'unknown'],
    ['TN-Validation-Passed-AB', undefined, 'none', 'unknown'],
    ['verified', undefined, 'none', 'unknown'],
    ['', '', 'none', 'unknown'],
  ])(
    'should read verstat %j with attestation header %j as %s/%s when normalising',
    (verstat, header, status, attestation) => {
      expect(normalizeStirShaken(verstat, header)).toEqual({ status, attestation });
    },
  );
});
