// Plain words shared by the list rules.
import type { NumberMatch } from '../number-index';

/** `''` for a whole-number entry, ` (every number starting +1202555)` for a prefix entry. */
export function describeMatch(match: NumberMatch): string {
  return match.kind === 'prefix' ? ` (every number starting ${match.prefix})` : '';
}
