import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../sessions/sessions.module';
import { FirstAdministrator } from './first-administrator';
import { Role } from './role.entity';
import { RolesController } from './roles.controller';
import { RolesRepository } from './roles.repository';
import { RolesService } from './roles.service';
import { StaffController } from './staff.controller';
import { StaffGuard } from './staff-guard.entity';
import { Staff } from './staff.entity';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';

@Module({
  imports: [TypeOrmModule.forFeature([Staff, Role, StaffGuard]), SessionsModule],
  controllers: [StaffController, RolesController],
  providers: [StaffRepository, RolesRepository, StaffService, RolesService, FirstAdministrator],
  exports: [StaffService],
})
export class StaffModule {}
