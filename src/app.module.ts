import { join } from 'node:path';
import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
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
import { CreditNotesModule } from './credit-notes/credit-notes.module';
import { StatementsModule } from './statements/statements.module';
import { DocumentSendingModule } from './document-sending/document-sending.module';
import { ExportsModule } from './exports/exports.module';
import { EstimatesModule } from './estimates/estimates.module';
import { InvoicesModule } from './invoices/invoices.module';
import { LanguagesModule } from './languages/languages.module';
import { NotesModule } from './notes/notes.module';
import { PermissionsModule } from './permissions/permissions.module';
import { PortalAuthModule } from './portal-auth/portal-auth.module';
import { PortalModule } from './portal/portal.module';
import { ReportsModule } from './reports/reports.module';
import { SettingsModule } from './settings/settings.module';
import { StaffModule } from './staff/staff.module';
import { SystemModule } from './system/system.module';
import { ThrottlingModule } from './throttling/throttling.module';

/**
 * Translations for the problem-details filter, which asks for each one in the answer's
 * language: no per-request language middleware, async context or interceptor (the module
 * registers a global one that resolves a language for every request; nothing reads it).
 */
function translations(config: AppConfig): DynamicModule {
  const i18n = I18nModule.forRoot({
    fallbackLanguage: config.defaultLanguage,
    loaderOptions: { path: join(projectRoot(), 'i18n'), watch: false },
    resolvers: [AcceptLanguageResolver],
    disableMiddleware: true,
    skipAsyncHook: true,
    logging: false,
  });
  const perRequest = (provider: Provider) =>
    typeof provider === 'object' && 'provide' in provider && provider.provide === APP_INTERCEPTOR;
  return { ...i18n, providers: (i18n.providers ?? []).filter((provider) => !perRequest(provider)) };
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, extraImports: Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ target: config.database, migrations: MIGRATIONS }),
        translations(config),
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
        EstimatesModule,
        CreditNotesModule,
        StatementsModule,
        DocumentSendingModule,
        ExportsModule,
        CurrenciesModule,
        GroupsModule,
        LanguagesModule,
        SettingsModule,
        PortalAuthModule,
        PortalModule,
        ReportsModule,
        HealthModule,
        IdempotencyModule,
        ...extraImports,
      ],
    };
  }
}
