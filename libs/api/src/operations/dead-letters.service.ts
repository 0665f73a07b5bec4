import { Inject, Injectable } from '@nestjs/common';
import {
  type DeadLetter,
  type EventBus,
  type ListDeadLettersInput,
  type ListDeadLettersOutput,
  listDeadLetters,
  replayDeadLetter,
} from '@sextant/bus';
import { type Database, Transactor } from '@sextant/db';
import type { Caller } from '../context';
import { recordAudit } from '../identity/audit/audit.repository';
import { DATABASE, EVENT_BUS } from '../tokens';

/**
 * Dead letters for operators: what the bus could not deliver, and a replay to the original
 * topic. The store and the replay live in @sextant/bus; this adds the audit row.
 */
@Injectable()
export class DeadLettersService {
  private readonly tx: Transactor;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {
    this.tx = new Transactor(db.prisma);
  }

  list(input: ListDeadLettersInput): Promise<ListDeadLettersOutput> {
    return listDeadLetters(this.db.prisma, input);
  }

  /**
   * Republishes, then records who replayed it. A publish cannot share a transaction with the
   * audit row; a replay that is not audited (a crash in between) is still harmless to repeat.
   */
  async replay(caller: Caller, id: string): Promise<DeadLetter> {
    const letter = await replayDeadLetter(this.db.prisma, this.bus.transport, id);
    await this.tx.run((tx) =>
      recordAudit(tx, {
        actor: caller,
        action: 'platform.dead-letter-replayed',
        target: letter.id,
        after: {
          topic: letter.topic,
          group: letter.consumerGroup,
          replayCount: letter.replayCount,
        },
      }),
    );
    return letter;
  }
}
