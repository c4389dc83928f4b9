export * from './decorators';
export * from './errors';
export * from './i18n/language';
export * from './ids';
export * from './logging/json-logger';
export * from './logging/request-context';
export * from './openapi';
export * from './project-root';
