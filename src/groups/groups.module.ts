import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerGroupMember } from './customer-group-member.entity';
import { CustomerGroup } from './customer-group.entity';
import { GroupMembershipsRepository } from './group-memberships.repository';
import { GroupMembershipsService } from './group-memberships.service';
import { GroupsController } from './groups.controller';
import { GroupsRepository } from './groups.repository';
import { GroupsService } from './groups.service';

@Module({
  imports: [TypeOrmModule.forFeature([CustomerGroup, CustomerGroupMember])],
  controllers: [GroupsController],
  providers: [GroupsService, GroupsRepository, GroupMembershipsService, GroupMembershipsRepository],
  // The repository too: the customer list composes its group filter into its own query.
  exports: [GroupMembershipsService, GroupMembershipsRepository],
})
export class GroupsModule {}
