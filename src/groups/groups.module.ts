import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerGroupMember } from './customer-group-member.entity';
import { CustomerGroup } from './customer-group.entity';
import { GroupMembershipsService } from './group-memberships.service';
import { GroupsController } from './groups.controller';
import { GroupsService } from './groups.service';

@Module({
  imports: [TypeOrmModule.forFeature([CustomerGroup, CustomerGroupMember])],
  controllers: [GroupsController],
  providers: [GroupsService, GroupMembershipsService],
  exports: [GroupMembershipsService],
})
export class GroupsModule {}
