/** One versioned schema change: a file of a service's `migrations/`, or one of the platform's own tables. */
export interface Migration {
  version: string;
  sql: string;
}
