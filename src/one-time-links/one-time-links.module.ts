import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OneTimeLink } from './one-time-link.entity';
import { OneTimeLinksRepository } from './one-time-links.repository';
import { OneTimeLinks } from './one-time-links.service';

/** One-time links sent by email (set a password, reset it): the one owner of `one_time_links`. */
@Module({
  imports: [TypeOrmModule.forFeature([OneTimeLink])],
  providers: [OneTimeLinksRepository, OneTimeLinks],
  exports: [OneTimeLinks],
})
export class OneTimeLinksModule {}
