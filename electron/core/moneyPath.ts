import { SerialQueue } from './store/serialQueue';
import { CommandService } from './commands/commandService';
import { createUnderstand } from './commands/understand';
import type { PaymentConnector } from './connectors/connector';
import { createConnector } from './connectors/createConnector';
import { ExecutionEngine } from './execution/executionEngine';
import { realSleep, type Sleep } from './execution/retry';
import { Confirmations } from './guardian/confirmations';
import { GuardianAgent } from './guardian/guardianAgent';
import type { CoreContext } from './handlers/types';
import type { Forecast, ForecastQuery } from './monitor/forecast';
import { IndexedJournal, IndexedPayments, LedgerIndexes } from './indexes/ledgerIndexes';
import { narratorFor } from './llm/narrator';
import { BalanceMonitor } from './monitor/balanceMonitor';
import type { OutsideChannel } from './notifications/channels/channel';
import { emailChannel } from './notifications/channels/email';
import { smsChannel } from './notifications/channels/sms';
import { webhookChannel } from './notifications/channels/webhook';
import { NotificationService } from './notifications/notificationService';
import { twilioProvider } from './notifications/sms/twilio';
import { PaymentActions } from './payments/paymentActions';
import type { ProposalsRepository } from './repositories/proposals';
import { PaymentScheduler } from './scheduler/paymentScheduler';
import { startTicking, type Ticking } from './scheduler/timer';
import { waitsOutWindow } from '../../shared/undoWindow';
import { isOperator } from '../../shared/schemas/user';
import { undoWindowNotice } from './payments/undoWindow';

/** What tests and special doors may swap in; production uses the defaults. */
export interface MoneyPathOptions {
  /** Wraps the configured connector: fault injection and crash points in tests. */
  wrapConnector?: (connector: PaymentConnector) => PaymentConnector;
  /** How retries wait; tests pass one that returns at once. */
  sleep?: Sleep;
  /** Test seam: where a simulated crash may freeze a tick. */
  pause?: (point: 'after_started' | 'before_settle') => Promise<void>;
  /** Replaces the email, webhook and SMS channels built from the config. */
  outsideChannels?: readonly OutsideChannel[];
  log: (line: string) => void;
}

/** The money path's services, wired over one core's repositories. */
export interface MoneyPath {
  readonly commands: CommandService;
  readonly confirmations: Confirmations;
  readonly actions: PaymentActions;
  readonly scheduler: PaymentScheduler;
  readonly monitor: BalanceMonitor;
  readonly notifications: NotificationService;
  readonly connector: PaymentConnector;
  readonly proposals: ProposalsRepository;
  /** The forecast the Guardian reads, from the ledger's indexes, remembered between asks. */
  upcomingRuns(query: ForecastQuery): Forecast;
  /**
   * Runs money-path work one piece at a time: a command, a confirmation, a cancel and a
   * tick never interleave, so none of them acts on a ledger another is halfway through.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Starts the background tick every `scheduler.tickSeconds`; for long-lived doors. */
  startTicking(): void;
  /** Stops ticking and waits for the work in progress and pending deliveries. */
  close(): Promise<void>;
}

/** Opens the connector and proposals and wires the money path. */
export async function openMoneyPath(
  context: CoreContext,
  options: MoneyPathOptions,
): Promise<MoneyPath> {
  const { config, clock, events, users, settings, journals } = context;
  // Every money-path write of a payment row or a journal line goes through these, so the
  // indexes the Guardian, the tick and the monitor read stay equal to the files.
  const indexes = LedgerIndexes.build(context.payments, journals.executions, clock.now());
  indexes.warmUp();
  const afterCommit = (learn: () => void) => context.ledger.afterCommit(learn);
  const payments = new IndexedPayments(context.payments, indexes, afterCommit);
  const executions = new IndexedJournal(journals.executions, indexes, afterCommit);
  const shared = context.executor;
  // What other executors commit reaches the indexes as this process's own saves do.
  const stopRemote = shared?.subscribeRemote((change) => {
    if (change.kind === 'payment') {
      indexes.notePayments([context.payments.find(change.data.id) ?? change.data]);
    }
    if (change.kind === 'execution') indexes.noteJournal(journals.executions.entries());
  });
  const baseConnector = await createConnector(context);
  const connector = options.wrapConnector ? options.wrapConnector(baseConnector) : baseConnector;
  const { proposals } = context;
  const { view } = journals.executions;
  const missedAfterMs = config.scheduler.missedAfterSeconds * 1000;
  const policy = () => settings.get().guardian;
  const notifications = new NotificationService({
    outbox: journals.notifications,
    events,
    clock,
    // A person's own preferences pick their channels; the webhook is the install's
    // integration point, so it gets every user's own notification whenever it is on, and
    // not the operators' copies of them again.
    channelsFor: (userId, audience) => {
      const wanted = users.find(userId)?.preferences.notificationChannels ?? [];
      return settings
        .get()
        .notificationChannels.filter(
          (channel) =>
            (channel === 'webhook' && audience === 'own') ||
            (channel !== 'webhook' && wanted.includes(channel)),
        );
    },
    operators: () =>
      users
        .list()
        .filter(isOperator)
        .map((user) => user.id),
    rules: () => settings.get().notificationRules,
    zoneOf: (userId) => users.find(userId)?.timezone ?? settings.get().timezone,
    outside: options.outsideChannels ?? outsideChannels(context),
    redact: context.redact,
    log: options.log,
  });
  const monitor = new BalanceMonitor({
    connector,
    balances: context.balances,
    payments,
    schedules: indexes.schedules,
    users,
    events,
    notifications,
    clock,
    thresholds: config.monitor,
  });
  const guardian = new GuardianAgent({
    users,
    spending: indexes.spending,
    schedules: indexes.schedules,
    connector,
    balanceOf: (userId, currency) => monitor.balanceOf(userId, currency),
    policy,
    thresholds: config.guardianRules,
  });
  const confirmations = new Confirmations({
    proposals,
    payments,
    journal: executions,
    view,
    ledger: context.ledger,
    schedules: indexes.schedules,
    users,
    assessments: journals.riskAssessments,
    guardian,
    monitor,
    clock,
    policy,
    missedAfterMs,
    undoSeconds: () => settings.get().undoSeconds,
    notifications,
    narrator: narratorFor(context),
  });
  const actions = new PaymentActions({
    payments,
    view,
    journal: executions,
    ledger: context.ledger,
    confirmations,
    events,
    clock,
    undoSeconds: () => settings.get().undoSeconds,
    announceUndoWindow: async (payment) => {
      const name = users.find(payment.recipientId)?.displayName ?? payment.recipientId;
      await notifications.notify([undoWindowNotice(payment, name)]);
    },
  });
  /** Whether this tick's claims stopped at their batch, leaving due occurrences unclaimed. */
  let claimsLeftOver = false;
  const engine = new ExecutionEngine({
    journal: executions,
    view,
    connector,
    users,
    clock,
    sleep: options.sleep ?? realSleep,
    retry: config.scheduler.retry,
    concurrency: connector.kind === 'simulated' ? 100_000 : 4,
    ...(options.pause ? { pause: options.pause } : {}),
    ...(shared
      ? {
          claims: {
            claim: async (lines) => {
              const claimed = await shared.claims.claim(lines);
              claimsLeftOver ||= shared.claims.leftOver;
              indexes.noteJournal(journals.executions.entries());
              return claimed;
            },
            release: (executionId) => shared.claims.release(executionId),
          },
        }
      : {}),
  });
  const scheduler = new PaymentScheduler({
    payments,
    spending: indexes.spending,
    users,
    view,
    engine,
    connector,
    monitor,
    notifications,
    events,
    policy,
    missedAfterMs,
    expireProposals: (now) => confirmations.expire(now),
    watchedUsers: () => [settings.get().actingUserId],
    log: options.log,
    ...(options.pause ? { pause: options.pause } : {}),
    ...(shared ? { catchUp: () => shared.refresh() } : {}),
  });
  const commands = new CommandService({
    understand: createUnderstand(context),
    guardian,
    confirmations,
    actions,
    notifications,
    assessments: journals.riskAssessments,
    payments,
    proposals,
    users,
    settings,
    events,
    clock,
    missedAfterMs,
    ledger: context.ledger,
  });
  const queue = new SerialQueue();
  const exclusive = <T>(work: () => Promise<T>) => queue.run(work);
  let ticking: Ticking | undefined;
  let stopWaking: (() => void) | undefined;
  return {
    commands,
    confirmations,
    actions,
    scheduler,
    monitor,
    notifications,
    connector,
    proposals,
    upcomingRuns: (query) => indexes.schedules.upcomingRuns(query),
    exclusive,
    startTicking() {
      if (ticking) return;
      const untilWindowEnds = (undoUntil: string) => Date.parse(undoUntil) - clock.now().getTime();
      ticking = startTicking(
        () => {
          claimsLeftOver = false;
          return exclusive(() => scheduler.runTick(clock.now()));
        },
        config.scheduler.tickSeconds * 1000,
        (error) => options.log(`arcflux: a scheduler tick failed: ${describe(error)}`),
        // A claim that stopped at its batch left due occurrences nobody holds: tick again
        // at once rather than a whole interval later.
        () => (claimsLeftOver ? 0 : indexes.schedules.nextWindowEnd(clock.now())),
      );
      // A window opened between ticks may close before the next regular one: the run
      // then goes when the window ends, not up to a tick later.
      stopWaking = events.on('payment:changed', ({ payment }) => {
        if (waitsOutWindow(payment)) ticking?.wakeWithin(untilWindowEnds(payment.undoUntil));
      });
    },
    async close() {
      stopWaking?.();
      stopRemote?.();
      await ticking?.stop();
      await exclusive(async () => undefined);
      await notifications.whenIdle();
    },
  };
}

function outsideChannels(context: CoreContext): OutsideChannel[] {
  const { email, webhook, sms } = context.config.notifications;
  const channels: OutsideChannel[] = [];
  if (email.enabled) {
    channels.push(emailChannel(email, context.env, (userId) => context.users.find(userId)?.email));
  }
  if (webhook.enabled) channels.push(webhookChannel(webhook, context.env));
  if (sms.enabled) {
    channels.push(
      smsChannel(
        twilioProvider(sms, context.env, context.redact),
        (userId) => context.users.find(userId)?.phone,
      ),
    );
  }
  return channels;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
