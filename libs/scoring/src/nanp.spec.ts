import { nanpProblem } from './nanp';

describe(nanpProblem.name, () => {
  it.each([
    ['2125551234', undefined],
    ['2025550100', '555-0100'],
    ['2025550199', 'fictional'],
    ['2125550200', undefined],
    ['9115551234', 'area code 911'],
    ['2029115555', 'exchange code 911'],
    ['2024115555', 'exchange code 411'],
    ['0255501234', 'area code 025 starts with 0'],
    ['1255501234', 'area code 125 starts with 1'],
    ['2020551234', 'exchange code 055 starts with 0'],
    ['2021551234', 'exchange code 155 starts with 1'],
    ['202555123', '9 digits'],
    ['20255512345', '11 digits'],
  ])('should explain %s when the NANP forbids it (%s)', (national, problem) => {
    const result = nanpProblem(national);
    if (problem === undefined) expect(result).toBeUndefined();
    else expect(result).toContain(problem);
  });
});
