/**
 * API.md: names shown to the public keep their first two and last four
 * characters with `**` between; six characters or fewer keep the first only.
 */
export function maskCompanyName(name: string): string {
  const chars = [...name];
  if (chars.length <= 6) return `${chars[0] ?? ''}**`;
  return `${chars.slice(0, 2).join('')}**${chars.slice(-4).join('')}`;
}
