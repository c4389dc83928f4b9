export * from './harden-document';
export * from './problem.dto';
