import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'journeys',
    include: ['journeys/**/*.test.ts', 'rule-map.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
