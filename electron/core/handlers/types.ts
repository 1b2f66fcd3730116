import type { MethodName, MethodOutput, ParsedInput } from '../../../shared/contract';
import type { Settings } from '../../../shared/schemas/settings';
import type { Clock } from '../clock';
import type { Actor } from '../household/actor';
import type { Redact } from '../config/redaction';
import type { SystemConfig } from '../config/systemConfig';
import type { EventBus } from '../events';
import type { MarketRates } from '../market/marketRates';
import type { ModelManager } from '../models/modelManager';
import type { BalancesRepository } from '../repositories/balances';
import type { LocalLanguageModel } from '../llm/localLanguageModel';
import type { Journals } from '../repositories/journals';
import type { PaymentsRepository } from '../repositories/payments';
import type { ProposalsRepository } from '../repositories/proposals';
import type { LedgerBackend } from '../store/ledgerBackend';
import type { StartClaims } from '../execution/executionEngine';
import type { LedgerChange } from '../store/ledgerRecords';
import type { SettingsRepository } from '../repositories/settings';
import type { UsersRepository } from '../repositories/users';

/** What every handler may use; built once by the composition root. */
export interface CoreContext {
  readonly dataDir: string;
  readonly clock: Clock;
  readonly config: SystemConfig;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * The one redaction of outside text (config/redaction.ts): every secret the config
   * names and anything shaped like a key. Text from outside passes it before it is stored,
   * sent or logged.
   */
  readonly redact: Redact;
  readonly events: EventBus;
  readonly users: UsersRepository;
  readonly balances: BalancesRepository;
  readonly payments: PaymentsRepository;
  readonly proposals: ProposalsRepository;
  /** The store behind payments, proposals and journals: for `together` and validation. */
  readonly ledger: LedgerBackend;
  /**
   * The household database's ledger when several executors share it (`--store postgres`):
   * the tick claims its starts there so no two processes start one occurrence.
   */
  readonly executor?: SharedExecutor;
  readonly settings: SettingsRepository;
  readonly journals: Journals;
  /** The local language model, whichever the user chose (on, off, missing); one per core. */
  readonly languageModel: LocalLanguageModel;
  /** Local models: downloads, the user's choice, engine status, and `use` around a run. */
  readonly models: ModelManager;
  /** The EURC→USDC reference rate, cached; for estimates only, never the money path. */
  readonly market: MarketRates;
  /** Throws if another process took the data folder; called before every write path. */
  assertWritable(): void;
}

/** What the money path needs when other executors share its ledger. */
export interface SharedExecutor {
  readonly claims: StartClaims & {
    /** Whether the last claim stopped at its batch with due occurrences left unclaimed. */
    readonly leftOver: boolean;
  };
  /** Reads what other executors committed since the last read. */
  refresh(): Promise<void>;
  /** Changes other executors committed, once read here. */
  subscribeRemote(listener: (change: LedgerChange) => void): () => void;
  /** `validate`'s check of the shared ledger's hash chain: the problems found, if any. */
  verifyChain(): Promise<{ file: string; message: string }[]>;
}

/**
 * `actor` is the person the request acts as (household/authorize.ts), already allowed to
 * call this method; a dispatch without household checks (`arcflux parse`) passes none.
 */
export type Handler<Name extends MethodName> = (
  input: ParsedInput<Name>,
  actor?: Actor,
) => MethodOutput<Name> | Promise<MethodOutput<Name>>;

/** A domain module's handlers: exactly the methods of its contract section. */
export type HandlerMap<Names extends MethodName> = { [Name in Names]: Handler<Name> };

/** The acting user unless the caller names one. */
export function actingUserId(context: CoreContext, requested?: string): string {
  return requested ?? context.settings.get().actingUserId;
}

export type { Settings };
