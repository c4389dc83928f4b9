import { Column } from 'typeorm';

/** Street, city, state, zip and ISO 3166-1 alpha-2 country, embedded three times in a customer. */
export class Address {
  @Column({ type: 'varchar', length: 255, nullable: true })
  street: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  city: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  state: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  zip: string | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  country: string | null;
}
