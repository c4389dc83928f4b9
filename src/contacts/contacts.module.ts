import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Contact } from './contact.entity';
import { ContactsService } from './contacts.service';

/** The people of a customer who may sign into the portal: the one owner of `contacts`. */
@Module({
  imports: [TypeOrmModule.forFeature([Contact])],
  providers: [ContactsService],
  exports: [ContactsService],
})
export class ContactsModule {}
