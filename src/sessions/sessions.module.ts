import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RefreshToken } from './refresh-token.entity';
import { SessionSubject } from './session-subject.entity';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

/** Refresh-token sessions, for staff and contacts alike. */
@Module({
  imports: [TypeOrmModule.forFeature([RefreshToken, SessionSubject])],
  providers: [SessionsRepository, SessionsService],
  exports: [SessionsService],
})
export class SessionsModule {}
