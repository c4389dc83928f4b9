import { join } from 'node:path';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { AcceptLanguageResolver, I18nModule } from 'nestjs-i18n';
import { projectRoot } from '@app/common';
import { DatabaseModule } from '@app/database';
import { MIGRATIONS } from '../migrations';
import { ConfigModule } from './config/config.module';
import { AppConfig } from './config/environment';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { PasswordsModule } from './passwords/passwords.module';
import { CurrenciesModule } from './currencies/currencies.module';
import { CustomersModule } from './customers/customers.module';
import { GroupsModule } from './groups/groups.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { InvoicesModule } from './invoices/invoices.module';
import { LanguagesModule } from './languages/languages.module';
import { NotesModule } from './notes/notes.module';
import { PermissionsModule } from './permissions/permissions.module';
import { PortalAuthModule } from './portal-auth/portal-auth.module';
import { SettingsModule } from './settings/settings.module';
import { StaffModule } from './staff/staff.module';
import { SystemModule } from './system/system.module';
import { ThrottlingModule } from './throttling/throttling.module';

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
          // Answers pick their language in the problem-details filter, which asks for each
          // translation in that language: no per-request language middleware or async context.
          resolvers: [AcceptLanguageResolver],
          disableMiddleware: true,
          skipAsyncHook: true,
          logging: false,
        }),
        SystemModule,
        // Global guards run in this order: the request rate limit, then authentication.
        ThrottlingModule,
        PasswordsModule,
        AuthModule,
        StaffModule,
        PermissionsModule,
        AuditModule,
        CustomersModule,
        NotesModule,
        InvoicesModule,
        CurrenciesModule,
        GroupsModule,
        LanguagesModule,
        SettingsModule,
        PortalAuthModule,
        HealthModule,
        IdempotencyModule,
        ...extraImports,
      ],
    };
  }
}
