/**
 * Called numbers that are never blocked (DESIGN.md §4). Matches the dialled digits with
 * visual separators and a leading `+` removed, and the NANP form `1` + N11 (`+1911`).
 */
export class EmergencyNumbers {
  private readonly numbers: ReadonlySet<string>;

  constructor(numbers: readonly string[]) {
    this.numbers = new Set(numbers.map(digitsOf));
  }

  includes(user: string | undefined): boolean {
    if (!user) return false;
    const digits = digitsOf(user);
    if (this.numbers.has(digits)) return true;
    return (
      digits.length === 4 &&
      digits.charCodeAt(0) === 0x31 /* 1 */ &&
      this.numbers.has(digits.slice(1))
    );
  }
}

function digitsOf(value: string): string {
  return value.replace(/[^0-9]/g, '');
}
