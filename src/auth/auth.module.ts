import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaffModule } from '../staff/staff.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AccessGuard } from './guards';
import { LocalStrategy } from './local.strategy';
import { LoginThrottle } from './login-throttle';
import { RefreshToken } from './refresh-token.entity';
import { StaffJwtStrategy } from './staff-jwt.strategy';
import { TokenService } from './token.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([RefreshToken]),
    PassportModule.register({ session: false }),
    JwtModule.register({}),
    StaffModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    LoginThrottle,
    LocalStrategy,
    StaffJwtStrategy,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [TokenService, LoginThrottle],
})
export class AuthModule {}
