export * from './config.ts';
export * from './logger.ts';
export * from './shutdown.ts';
export * from './redis.ts';
export * from './access-token.ts';
export * from './calendar.ts';
export * from './group-intake.ts';
export * from './spreadsheet.ts';
