// `npm run verify-draw -- <publication.json>`: re-derives a published draw
// (LOT-6) and says whether it holds. Exit 0 valid, 1 invalid, 2 unreadable.
import { readFileSync } from 'node:fs';
import { publicationSchema } from '@voucher/contracts';
import { verifyPublication } from './node.ts';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: npm run verify-draw -- <publication.json>\n');
  process.exit(2);
}
const parsed = publicationSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
if (!parsed.success) {
  process.stderr.write(`not a publication document: ${parsed.error.message}\n`);
  process.exit(2);
}
const result = verifyPublication(parsed.data);
const eligible = parsed.data.categories.reduce((n, c) => n + c.eligible.length, 0);
process.stdout.write(
  result.valid
    ? `valid: batch ${parsed.data.batchId}, ${parsed.data.categories.length} categories, ${eligible} eligible reservations\n`
    : `INVALID: batch ${parsed.data.batchId}\n${result.mismatches.map((m) => `  - ${m}`).join('\n')}\n`,
);
process.exit(result.valid ? 0 : 1);
