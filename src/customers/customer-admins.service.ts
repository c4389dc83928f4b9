import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Page } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { StaffActor } from '../permissions/actor';
import { AuditService } from '../audit/audit.service';
import { Staff } from '../staff/staff.entity';
import { CustomerAccess } from './customer-access.service';
import { CustomerAdmin } from './customer-links.entity';
import { adminNotAssigned, unknownReference } from './customers.errors';
import { CustomerAdminDto } from './dto/customer.dto';

const MAX_ADMINS = 100;

/** Staff assigned to a customer as its customer admins (who see it with `customers.view_own`). */
@Injectable()
export class CustomerAdminsService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly access: CustomerAccess,
    private readonly audit: AuditService,
  ) {}

  async list(actor: StaffActor, customerId: string): Promise<Page<CustomerAdminDto>> {
    await this.access.assertVisible(actor, customerId);
    const manager = this.connection.manager;
    const admins = await manager.find(CustomerAdmin, {
      where: { customerId },
      order: { assignedAt: 'ASC' },
      take: MAX_ADMINS,
    });
    const staff = new Map(
      (await manager.findBy(Staff, { id: In(admins.map((a) => a.staffId)) })).map((member) => [member.id, member]),
    );
    const data = admins.flatMap((admin) => {
      const member = staff.get(admin.staffId);
      return member ? [toAdminDto(member, admin.assignedAt)] : [];
    });
    return { data, meta: { page: 1, pageSize: MAX_ADMINS, total: data.length } };
  }

  /** Assigns a staff member; assigning one already assigned changes nothing. */
  async assign(
    actor: StaffActor,
    customerId: string,
    staffId: string,
  ): Promise<{ created: boolean; admin: CustomerAdminDto }> {
    return this.connection.transaction(async (manager) => {
      await this.access.assertVisible(actor, customerId, manager);
      const staff = await manager.findOneBy(Staff, { id: staffId, active: true });
      if (!staff) throw unknownReference('staffId');
      const existing = await manager.findOneBy(CustomerAdmin, { customerId, staffId });
      const assignedAt = existing?.assignedAt ?? new Date();
      if (!existing) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(CustomerAdmin)
          .values({ customerId, staffId, assignedAt, assignedBy: actor.id })
          .orIgnore()
          .execute();
        await this.audit.record(manager, actor, [
          { customerId, entityType: 'customer_admin', entityId: staffId, action: 'assign', after: { staffId } },
        ]);
      }
      return {
        created: !existing,
        admin: toAdminDto(staff, assignedAt),
      };
    });
  }

  async unassign(actor: StaffActor, customerId: string, staffId: string): Promise<void> {
    await this.connection.transaction(async (manager) => {
      await this.access.assertVisible(actor, customerId, manager);
      const result = await manager.delete(CustomerAdmin, { customerId, staffId });
      if (!result.affected) throw adminNotAssigned();
      await this.audit.record(manager, actor, [
        { customerId, entityType: 'customer_admin', entityId: staffId, action: 'unassign', before: { staffId } },
      ]);
    });
  }
}

function toAdminDto(staff: Staff, assignedAt: Date): CustomerAdminDto {
  return {
    staffId: staff.id,
    email: staff.email,
    firstName: staff.firstName,
    lastName: staff.lastName,
    assignedAt: assignedAt.toISOString(),
  };
}
