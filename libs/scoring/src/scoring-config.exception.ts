// Load errors of the scoring configuration files. Each lists every problem found, so an
// operator fixes a file in one pass rather than one error per restart.

export type ScoringConfigErrorCode = 'rule-set-invalid' | 'lists-invalid';

export abstract class ScoringConfigError extends Error {
  abstract readonly code: ScoringConfigErrorCode;

  protected constructor(
    what: string,
    /** The file path, or a label for in-memory data. */
    readonly source: string,
    /** One line per problem, each starting with the path of the offending value. */
    readonly problems: readonly string[],
  ) {
    super(`${what} ${source} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = new.target.name;
  }
}

/** The rule set file is unreadable or invalid. */
export class RuleSetError extends ScoringConfigError {
  readonly code = 'rule-set-invalid';

  constructor(source: string, problems: readonly string[]) {
    super('rule set', source, problems);
  }
}

/** The allow/block lists file is unreadable or invalid. */
export class ScoringListsError extends ScoringConfigError {
  readonly code = 'lists-invalid';

  constructor(source: string, problems: readonly string[]) {
    super('scoring lists', source, problems);
  }
}
