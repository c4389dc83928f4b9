export * from './money';
export * from './display';
export * from './bigint-column';
