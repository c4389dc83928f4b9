export * from './blocks';
export * from './pdf-renderer';
export * from './pdf.module';
