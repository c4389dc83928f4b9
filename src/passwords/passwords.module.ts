import { Global, Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';

/** Password hashing for staff and contacts alike. */
@Global()
@Module({ providers: [PasswordHasher], exports: [PasswordHasher] })
export class PasswordsModule {}
