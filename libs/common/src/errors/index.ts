export * from './domain-error';
export * from './problem-details.filter';
export * from './validation';
export * from './raw-problem';
export * from './http-titles';
