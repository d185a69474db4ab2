export * from './errors.ts';
export * from './caller.ts';
export * from './define.ts';
export * from './common.ts';
export * from './health.ts';
export * from './identity.ts';
export * from './files.ts';
export * from './qualification.ts';
