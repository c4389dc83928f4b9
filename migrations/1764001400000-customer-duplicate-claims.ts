import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { exactKey } from './column-helpers';

/**
 * The company and VAT keys a customer created without `force` holds, unique-keyed: of two
 * such creates of the same company or VAT number sent at once, exactly one gets in.
 * Customers that exist already hold no claim; the duplicate check still finds them.
 */
export class CustomerDuplicateClaims1764001400000 implements MigrationInterface {
  name = 'CustomerDuplicateClaims1764001400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const key = exactKey(queryRunner);
    await queryRunner.addColumns('customers', [
      new TableColumn({ name: 'company_claim', type: 'varchar', length: '191', isNullable: true, ...key }),
      new TableColumn({ name: 'vat_claim', type: 'varchar', length: '50', isNullable: true, ...key }),
    ]);
    await queryRunner.createIndices('customers', [
      new TableIndex({ name: 'uq_customers_company_claim', columnNames: ['company_claim'], isUnique: true }),
      new TableIndex({ name: 'uq_customers_vat_claim', columnNames: ['vat_claim'], isUnique: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('customers', 'uq_customers_vat_claim');
    await queryRunner.dropIndex('customers', 'uq_customers_company_claim');
    await queryRunner.dropColumn('customers', 'vat_claim');
    await queryRunner.dropColumn('customers', 'company_claim');
  }
}
