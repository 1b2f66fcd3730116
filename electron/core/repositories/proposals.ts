import { z } from 'zod';
import { proposalSchema, type Proposal } from '../../../shared/schemas/proposal';
import type { Clock } from '../clock';
import { DATA_FILES } from '../dataFolder';
import { JsonDocument } from '../store';

/**
 * Proposals waiting for (or past) the user's answer, kept in the data folder so a restart
 * never loses one and never revives an expired one.
 */
export class ProposalsRepository {
  private constructor(private readonly document: JsonDocument<Proposal[]>) {}

  static async open(dataDir: string, clock: Clock): Promise<ProposalsRepository> {
    const document = await JsonDocument.open(
      dataDir,
      {
        file: DATA_FILES.proposals,
        version: 1,
        schema: z.array(proposalSchema),
        initial: () => [],
      },
      clock,
    );
    return new ProposalsRepository(document);
  }

  list(): readonly Proposal[] {
    return this.document.value;
  }

  find(id: string): Proposal | undefined {
    return this.document.value.find((proposal) => proposal.id === id);
  }

  /** The newest proposal made for a payment, whatever its status. */
  latestFor(paymentId: string): Proposal | undefined {
    return this.document.value.findLast((proposal) => proposal.paymentId === paymentId);
  }

  pending(): Proposal[] {
    return this.document.value.filter((proposal) => proposal.status === 'pending');
  }

  /** Inserts or replaces proposals by id in one atomic write. */
  async save(changed: readonly Proposal[]): Promise<void> {
    if (changed.length === 0) return;
    await this.document.update((current) => {
      const replacements = new Map(changed.map((proposal) => [proposal.id, proposal]));
      const next = current.map((proposal) => replacements.get(proposal.id) ?? proposal);
      const existing = new Set(current.map((proposal) => proposal.id));
      for (const proposal of changed) if (!existing.has(proposal.id)) next.push(proposal);
      return next;
    });
  }
}
