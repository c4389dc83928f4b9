import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomersModule } from '../customers/customers.module';
import { CustomerNote } from './customer-note.entity';
import { NotesController } from './notes.controller';
import { NotesService } from './notes.service';

@Module({
  imports: [TypeOrmModule.forFeature([CustomerNote]), CustomersModule],
  controllers: [NotesController],
  providers: [NotesService],
})
export class NotesModule {}
