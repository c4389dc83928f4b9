export * from './money';
export * from './bigint-column';
