// Writes the gateway's OpenAPI document to the file named on the command line.
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../src/openapi-document.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: write-openapi.ts <out.json>');
writeFileSync(out, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
