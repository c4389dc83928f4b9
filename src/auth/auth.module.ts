import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ContactsModule } from '../contacts/contacts.module';
import { SessionsModule } from '../sessions/sessions.module';
import { StaffModule } from '../staff/staff.module';
import { SystemModule } from '../system/system.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AccessGuard } from './guards';
import { LocalStrategy } from './local.strategy';
import { LoginThrottle } from './login-throttle';
import { TokenService } from './token.service';

@Module({
  imports: [
    PassportModule.register({ session: false }),
    JwtModule.register({}),
    StaffModule,
    ContactsModule,
    SessionsModule,
    SystemModule,
  ],
  controllers: [AuthController],
  providers: [AuthService, TokenService, LoginThrottle, LocalStrategy, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [TokenService, LoginThrottle],
})
export class AuthModule {}
