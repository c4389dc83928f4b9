export * from './harden-document';
export * from './problem.dto';
export * from './query-allow-list';
export * from './patch-type';
