// `npm run verify-draw -- <publication.json>`: re-derives a published draw
// (LOT-6) and says whether it holds. Exit 0 valid, 1 invalid, 2 unreadable.
import { readFileSync } from 'node:fs';
import { verifyPublicationDocument } from './document.ts';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: npm run verify-draw -- <publication.json>\n');
  process.exit(2);
}
const checked = verifyPublicationDocument(readFileSync(path, 'utf8'));
if (checked.outcome === 'unreadable') {
  process.stderr.write(
    `not a publication document:\n${checked.fields.map((f) => `  - ${f.path || '(document)'}: ${f.message}`).join('\n')}\n`,
  );
  process.exit(2);
}
const { verification: result, batchId } = checked;
process.stdout.write(
  result.valid
    ? `valid: batch ${batchId}, ${checked.categories} categories, ${checked.eligible} eligible reservations\n`
    : `INVALID: batch ${batchId}\n${result.mismatches.map((m) => `  - ${m}`).join('\n')}\n`,
);
process.exit(result.valid ? 0 : 1);
