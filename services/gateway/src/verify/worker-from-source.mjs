// Runs the verify worker from its TypeScript source (tests, `npm run dev`):
// a worker thread does not inherit the parent's TypeScript loader. The built
// gateway runs dist/verify-worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
