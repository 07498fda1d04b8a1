/**
 * Which external numbers an instance may transfer calls to. A pattern is digits with an optional
 * leading '+', where X stands for any one digit and a final '*' for any further digits: '010*',
 * '+86138XXXXXXXX', '95588'. A number to dial must be plain digits (an optional leading '+'), so
 * nothing a caller pressed, a variable held or a function returned can smuggle SIP syntax, another
 * host or extra dialling into the request.
 */

export const OUTBOUND_PATTERN = /^\+?[0-9X]{1,32}\*?$|^\*$/;
export const DIALLABLE_NUMBER = /^\+?[0-9]{3,20}$/;

export function matchesOutboundPattern(number: string, pattern: string): boolean {
  const open = pattern.endsWith('*');
  const fixed = open ? pattern.slice(0, -1) : pattern;
  if (open ? number.length < fixed.length : number.length !== fixed.length) return false;
  for (let i = 0; i < fixed.length; i++) {
    const p = fixed[i];
    const c = number[i];
    if (p === 'X' ? !(c !== undefined && c >= '0' && c <= '9') : p !== c) return false;
  }
  return true;
}

/** Why the number may not be dialled, or undefined when it may. */
export function outboundRefusal(number: string, allow: readonly string[]): string | undefined {
  if (!DIALLABLE_NUMBER.test(number))
    return `'${number.slice(0, 40)}' is not a phone number (digits with an optional leading +)`;
  if (!allow.some((p) => matchesOutboundPattern(number, p)))
    return `${number} is not in the instance's outbound allow-list`;
  return undefined;
}
