export * from './data-source-options';
export * from './database.module';
export * from './mutex';
export * from './naming.strategy';
export * from './transactional-connection';
export * from './errors';
