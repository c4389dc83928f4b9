export * from './harden-document';
export * from './problem.dto';
export * from './declared-request';
export * from './patch-type';
