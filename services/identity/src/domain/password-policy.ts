/**
 * ID-2, the password policy of seed 002 (tables 1-4 and 1-6).
 * Pure: says which rules a candidate breaks; the handler turns that into WEAK_PASSWORD.
 */
const PASSWORD_SPECIALS = '~!#$%&+,*;=<>@_?^`./-';

export type PasswordRule =
  'length' | 'character_classes' | 'contains_username' | 'contains_mobile' | 'unknown_character';

export interface PasswordOwner {
  username: string;
  mobile: string;
}

export function passwordRuleBreaches(password: string, owner: PasswordOwner): PasswordRule[] {
  const breaches: PasswordRule[] = [];
  const length = [...password].length;
  if (length < 8 || length > 18) breaches.push('length');
  const classes = [/[0-9]/, /[A-Z]/, /[a-z]/, new RegExp(`[${escapeForClass(PASSWORD_SPECIALS)}]`)].filter((re) =>
    re.test(password),
  ).length;
  if (classes < 3) breaches.push('character_classes');
  if (!new RegExp(`^[0-9A-Za-z${escapeForClass(PASSWORD_SPECIALS)}]*$`).test(password)) {
    breaches.push('unknown_character');
  }
  const lower = password.toLowerCase();
  if (owner.username && lower.includes(owner.username.toLowerCase())) breaches.push('contains_username');
  if (owner.mobile && password.includes(owner.mobile)) breaches.push('contains_mobile');
  return breaches;
}

const RULE_TEXT: Record<PasswordRule, string> = {
  length: '8 to 18 characters',
  character_classes: 'at least three of: digit, upper case, lower case, special character',
  unknown_character: `only letters, digits and ${PASSWORD_SPECIALS}`,
  contains_username: 'must not contain the username',
  contains_mobile: 'must not contain the mobile number',
};

export function describeBreaches(breaches: PasswordRule[]): string {
  return `password too weak: ${breaches.map((b) => RULE_TEXT[b]).join('; ')}`;
}

function escapeForClass(chars: string): string {
  return chars.replace(/[\]\\^-]/g, '\\$&');
}

/** ID-2: how many earlier passwords a new one must differ from, besides the current one. */
export const PASSWORD_HISTORY_DEPTH = 5;
