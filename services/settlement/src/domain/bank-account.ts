import type { FieldIssue, Refusal } from '@voucher/contracts';

type BankAccountRefusal = Refusal<'VALIDATION_FAILED', { fields: FieldIssue[] }> | Refusal<'NOT_QUALIFIED'>;

/** The provider as settlement knows it from qualification's events (QUA-9); undefined: never certified. */
interface AccountHolder {
  companyName: string;
  certified: boolean;
}

/**
 * SET-1: a provider is paid only to its own corporate account: one at a bank
 * the programme allows (none listed: any bank), kept by a certified provider,
 * in the provider's certified name. The number's shape is the request's
 * (`bankAccountBody`); that a provider keeps a number once is the database's
 * (`bank_accounts_number`).
 */
export function whyBankAccountRefused(
  account: { bank: string; accountName: string },
  allowedBanks: readonly string[],
  holder: AccountHolder | undefined,
): BankAccountRefusal | null {
  if (allowedBanks.length > 0 && !allowedBanks.includes(account.bank)) {
    const message = `one of the programme's banks: ${allowedBanks.join('、')}`;
    return { refused: 'VALIDATION_FAILED', why: message, fields: [{ path: 'bank', message }] };
  }
  if (!holder?.certified) return { refused: 'NOT_QUALIFIED', why: 'only a certified provider keeps bank accounts' };
  if (holder.companyName !== account.accountName) {
    const message = `must be the provider's name: ${holder.companyName}`;
    return { refused: 'VALIDATION_FAILED', why: message, fields: [{ path: 'accountName', message }] };
  }
  return null;
}
