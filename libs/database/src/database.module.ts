import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseOptions, resolveDataSourceOptions } from './data-source-options';
import { TransactionalConnection } from './transactional-connection';

/** The data source (MySQL or embedded SQLite) and the transaction helper, for every module. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: async () => ({
            ...(await resolveDataSourceOptions(options)),
            // Pending migrations are applied when the data source opens, before any module starts.
            migrationsRun: true,
            autoLoadEntities: true,
            retryAttempts: 3,
            retryDelay: 1000,
          }),
        }),
      ],
      providers: [TransactionalConnection],
      exports: [TransactionalConnection],
    };
  }
}
