import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiUuidParam, Page, ProblemDetailsDto, UuidParam } from '@app/common';
import { CurrentActor, StaffActor } from '../permissions/actor';
import { Authenticated } from '../permissions/authenticated.decorator';
import { GroupBodyDto, GroupDto, GroupListQueryDto, GroupPageDto } from './dto/group.dto';
import { GroupsService } from './groups.service';

@ApiTags('customer-groups')
@Controller('customer-groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Get()
  @Authenticated(['customers.view', 'customers.view_own', 'customers.create', 'customers.edit'])
  @ApiOperation({
    summary: 'List customer groups',
    description: 'Sort by name (default) or createdAt; q matches the name by prefix, case-insensitively.',
  })
  @ApiOkResponse({ type: GroupPageDto })
  list(@Query() query: GroupListQueryDto): Promise<Page<GroupDto>> {
    return this.groups.list(query);
  }

  @Post()
  @Authenticated(['customers.create', 'customers.edit'])
  @ApiOperation({
    summary: 'Create a customer group',
    description: 'Names may hold any character but control characters; trimmed; unique, case-insensitively.',
  })
  @ApiCreatedResponse({ type: GroupDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'GROUP_NAME_TAKEN' })
  create(@Body() dto: GroupBodyDto): Promise<GroupDto> {
    return this.groups.create(dto);
  }

  @Get(':id')
  @Authenticated(['customers.view', 'customers.view_own', 'customers.create', 'customers.edit'])
  @ApiOperation({ summary: 'Get a customer group', description: 'The group: id and name.' })
  @ApiUuidParam('id', 'Customer group id')
  @ApiOkResponse({ type: GroupDto })
  get(@UuidParam('id') id: string): Promise<GroupDto> {
    return this.groups.get(id);
  }

  @Patch(':id')
  @Authenticated(['customers.create', 'customers.edit'])
  @ApiOperation({ summary: 'Rename a customer group', description: 'Same name rules as on create.' })
  @ApiUuidParam('id', 'Customer group id')
  @ApiOkResponse({ type: GroupDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'GROUP_NAME_TAKEN' })
  update(@UuidParam('id') id: string, @Body() dto: GroupBodyDto): Promise<GroupDto> {
    return this.groups.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated('customers.delete')
  @ApiOperation({
    summary: 'Delete a customer group',
    description: 'Removes the group and its memberships; its customers stay.',
  })
  @ApiUuidParam('id', 'Customer group id')
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@CurrentActor() actor: StaffActor, @UuidParam('id') id: string): Promise<void> {
    return this.groups.remove(actor, id);
  }
}
