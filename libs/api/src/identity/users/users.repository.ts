import { Inject, Injectable } from '@nestjs/common';
import type { Database, Tx, User } from '@sextant/db';
import { DATABASE } from '../../tokens';

export type { User };

/** platform.users: the only place that reads or writes it. */
@Injectable()
export class UsersRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  findById(id: string, tx: Tx = this.db.prisma): Promise<User | null> {
    return tx.user.findUnique({ where: { id } });
  }

  findByEmail(email: string, tx: Tx = this.db.prisma): Promise<User | null> {
    return tx.user.findUnique({ where: { email } });
  }

  list(): Promise<User[]> {
    return this.db.prisma.user.findMany({ orderBy: { createdAt: 'asc' } });
  }

  count(tx: Tx = this.db.prisma): Promise<number> {
    return tx.user.count();
  }

  create(
    tx: Tx,
    data: {
      email: string;
      name?: string | null;
      isAdmin?: boolean;
      passwordHash?: string | null;
      mustChangePassword?: boolean;
    },
  ): Promise<User> {
    return tx.user.create({ data });
  }

  update(
    tx: Tx,
    id: string,
    data: {
      name?: string | null;
      passwordHash?: string | null;
      mustChangePassword?: boolean;
      disabledAt?: Date | null;
    },
  ): Promise<User> {
    return tx.user.update({ where: { id }, data });
  }
}
