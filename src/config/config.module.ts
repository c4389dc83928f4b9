import { DynamicModule, Global, Module } from '@nestjs/common';
import { PDF_POOL_OPTIONS } from '@app/pdf';
import { AppConfig } from './environment';

/** Makes the validated configuration injectable everywhere as `AppConfig` (and the PDF pool's size as `PDF_POOL_OPTIONS`). */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: PDF_POOL_OPTIONS, useValue: config.pdf },
      ],
      exports: [AppConfig, PDF_POOL_OPTIONS],
    };
  }
}
