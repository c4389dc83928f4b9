import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseOptions, dataSourceOptions } from './data-source-options';
import { TransactionalConnection } from './transactional-connection';

/** The data source (MySQL or embedded SQLite) and the transaction helper, for every module. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(options),
          autoLoadEntities: true,
          retryAttempts: 3,
          retryDelay: 1000,
        }),
      ],
      providers: [TransactionalConnection],
      exports: [TransactionalConnection],
    };
  }
}
