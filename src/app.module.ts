import { join } from 'node:path';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { AcceptLanguageResolver, I18nModule } from 'nestjs-i18n';
import { projectRoot } from '@app/common';
import { DatabaseModule } from '@app/database';
import { MIGRATIONS } from '../migrations';
import { ConfigModule } from './config/config.module';
import { AppConfig } from './config/environment';
import { HealthModule } from './health/health.module';
import { SystemModule } from './system/system.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, extraImports: Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ target: config.database, migrations: MIGRATIONS }),
        I18nModule.forRoot({
          fallbackLanguage: config.defaultLanguage,
          loaderOptions: { path: join(projectRoot(), 'i18n'), watch: false },
          resolvers: [AcceptLanguageResolver],
          logging: false,
        }),
        SystemModule,
        HealthModule,
        ...extraImports,
      ],
    };
  }
}
