import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OneTimeLink } from './one-time-link.entity';
import { OneTimeLinks } from './one-time-links.service';

/** One-time links sent by email (set a password, reset it): the one owner of `one_time_links`. */
@Module({
  imports: [TypeOrmModule.forFeature([OneTimeLink])],
  providers: [OneTimeLinks],
  exports: [OneTimeLinks],
})
export class OneTimeLinksModule {}
