// North American Numbering Plan checks for +1 numbers, on top of the `libphonenumber-js`
// metadata. The metadata accepts some numbers no subscriber can hold (e.g. NXX 911, 555-01xx),
// which robocallers favour precisely because they belong to nobody.
// Format: +1 NPA NXX XXXX, where NPA (area code) and NXX (exchange) are [2-9]XX (ATIS-0300115).

/** Why a +1 number cannot belong to a subscriber, in plain words; undefined if none applies. */
export function nanpProblem(nationalNumber: string): string | undefined {
  if (!/^\d{10}$/.test(nationalNumber)) {
    return `it has ${nationalNumber.length} digits after the +1 country code instead of 10`;
  }
  const npa = nationalNumber.slice(0, 3);
  const nxx = nationalNumber.slice(3, 6);
  const line = nationalNumber.slice(6);
  if (npa[0] === '0' || npa[0] === '1') {
    return `its area code ${npa} starts with ${npa[0]}, which no North American area code does`;
  }
  if (isN11(npa))
    return `its area code ${npa} is a service code (like 411 or 911), not an area code`;
  if (nxx[0] === '0' || nxx[0] === '1') {
    return `its exchange code ${nxx} starts with ${nxx[0]}, which no North American exchange does`;
  }
  if (isN11(nxx)) {
    return `its exchange code ${nxx} is a service code (like 411 or 911), never given to subscribers`;
  }
  // 555-0100 … 555-0199 are reserved for fiction (films, books) in every area code.
  if (nxx === '555' && line.startsWith('01')) {
    return `555-${line} is in the 555-0100 to 555-0199 range reserved for fictional use`;
  }
  return undefined;
}

/** 211, 311, … 911: N11 service codes (N = 2-9). */
function isN11(code: string): boolean {
  return code[0] !== '0' && code[0] !== '1' && code[1] === '1' && code[2] === '1';
}
