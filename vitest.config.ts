import { defineConfig } from 'vitest/config';

// One run for the whole workspace: each project is a lib, a service or the journeys.
export default defineConfig({
  test: {
    projects: ['libs/*', 'services/*', 'test'],
    globalSetup: ['libs/testing/src/global-setup.ts'],
  },
});
