import type { Bridge, ConnectionState } from '../../../renderer/src/bridge/bridge';
import type { SavedDownload } from '../../../shared/contract/streamed';
import type { Transfer } from '../../../shared/contract/transfers';
import type { EventName, EventPayload, MethodName } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import type { Balance } from '../../../shared/schemas/balance';
import type { ModelsOverview, ModelView } from '../../../shared/schemas/model';
import type { Payment } from '../../../shared/schemas/payment';
import type { User } from '../../../shared/schemas/user';
import { sampleSettings } from '../../support/samples';

export type Reply = (input: any) => Result<unknown> | Promise<Result<unknown>>;

/** Test double for a bridge: canned replies per method, events and connection on demand. */
export class FakeBridge implements Bridge {
  readonly kind = 'http';
  readonly calls: [MethodName, any][] = [];
  readonly listeners = new Map<EventName, ((payload: never) => void)[]>();
  connectionListener: ((state: ConnectionState) => void) | null = null;

  /** Replaced by a test that exports; until then it answers like a door with nothing set up. */
  download: (
    name: MethodName,
    input: any,
    onProgress: (records: number, total: number) => void,
  ) => Promise<Result<SavedDownload>> = async (name) => ({
    ok: false,
    error: { code: 'not_found', message: `no download for ${name}` },
  });

  constructor(readonly replies: Partial<Record<MethodName, Reply>>) {}

  async call(name: MethodName, input: unknown) {
    this.calls.push([name, input]);
    const reply = this.replies[name];
    return (
      reply
        ? await reply(input)
        : { ok: false, error: { code: 'not_found', message: `no reply for ${name}` } }
    ) as never;
  }

  /** The inputs of every call to `name`, oldest first. */
  inputsOf(name: MethodName): any[] {
    return this.calls.filter(([called]) => called === name).map(([, input]) => input);
  }

  on<Name extends EventName>(event: Name, callback: (payload: EventPayload<Name>) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), callback as never]);
    return () => undefined;
  }

  onConnectionChange(callback: (state: ConnectionState) => void) {
    this.connectionListener = callback;
    callback('connecting');
    return () => undefined;
  }

  emit<Name extends EventName>(event: Name, payload: EventPayload<Name>) {
    for (const listener of this.listeners.get(event) ?? []) listener(payload as never);
  }
}

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export const DEMO_USERS: User[] = [
  demoUser('user1', 'User One', []),
  demoUser('user2', 'User Two', []),
  demoUser('user3', 'Alice Chen', []),
  demoUser('user6', 'Alex Kim', []),
  demoUser('user7', 'Alex Rivera', []),
];

export const DEMO_BALANCES: Balance[] = [
  { userId: 'user1', currency: 'USDC', amount: '5000', updatedAt: '2026-11-01T00:00:00.000Z' },
  { userId: 'user1', currency: 'EURC', amount: '1000', updatedAt: '2026-11-01T00:00:00.000Z' },
];

/**
 * Replies for everything the app loads at start, over the given ledger and transfers.
 * transfers:list filters by status only, in the given order; grouped, it counts each
 * payment's transfers.
 */
export function standardReplies(
  payments: Payment[] = [],
  transfers: Transfer[] = [],
): Partial<Record<MethodName, Reply>> {
  return {
    'transfers:list': (input: {
      offset?: number;
      limit?: number;
      status?: string;
      groupBy?: string;
    }) => {
      const offset = input.offset ?? 0;
      const limit = input.limit ?? 50;
      const matching = transfers.filter(
        (transfer) => input.status === undefined || transfer.status === input.status,
      );
      const items =
        input.groupBy === 'payment'
          ? payments
              .map((payment) => {
                const own = matching.filter((transfer) => transfer.paymentId === payment.id);
                return { payment, transfers: own.length, lastAt: own[0]?.at ?? null };
              })
              .filter((group) => input.status === undefined || group.transfers > 0)
          : matching;
      return ok({
        groupBy: input.groupBy ?? 'transfer',
        items: items.slice(offset, offset + limit),
        total: items.length,
        offset,
        limit,
      });
    },
    'settings:get': () => ok(sampleSettings()),
    'users:list': () => ok(DEMO_USERS),
    'balance:get': () => ok({ userId: 'user1', balances: DEMO_BALANCES }),
    'payments:list': (input: { offset?: number; limit?: number; status?: string }) => {
      const matching = input.status
        ? payments.filter((payment) => payment.status === input.status)
        : payments;
      const offset = input.offset ?? 0;
      const limit = input.limit ?? 50;
      return ok({
        items: matching.slice(offset, offset + limit),
        total: matching.length,
        offset,
        limit,
      });
    },
    'upcoming:list': () =>
      ok({
        userId: 'user1',
        until: '2026-12-31T00:00:00.000Z',
        balances: [],
        schedules: [],
        scheduleCount: 0,
        runs: [],
        coverage: [],
        lowest: [],
      }),
    'notifications:list': () => ok({ items: [], total: 0, unread: 0 }),
    'models:list': () => ok(demoModels()),
  };
}

/** What models:list says on a fresh install: nothing downloaded, the LLM off. */
export function demoModels(
  changes: Partial<Record<string, Partial<ModelView>>> = {},
): ModelsOverview {
  const model = (view: ModelView): ModelView => ({ ...view, ...changes[view.id] });
  const missing = { state: 'missing', reason: 'Not downloaded yet.', bytesOnDisk: 0 } as const;
  const none = { progress: null, error: null };
  return {
    models: [
      model({
        id: 'Xenova/whisper-tiny.en',
        label: 'Whisper tiny (English), quantised',
        task: 'speech-to-text',
        engine: 'transformers',
        licence: 'apache-2.0',
        sizeBytes: null,
        ...missing,
        ...none,
        usedBy: ['speech-to-text'],
      }),
      model({
        id: 'onnx-community/Qwen3-0.6B-ONNX',
        label: 'Qwen3 0.6B, 4-bit',
        task: 'text-generation',
        engine: 'transformers',
        licence: 'apache-2.0',
        sizeBytes: null,
        ...missing,
        ...none,
        usedBy: [],
      }),
      model({
        id: 'ggerganov/whisper.cpp',
        label: 'Whisper tiny (English) for whisper.cpp',
        task: 'speech-to-text',
        engine: 'whisper-cpp',
        licence: 'mit',
        sizeBytes: 77_691_713,
        ...missing,
        ...none,
        usedBy: [],
      }),
    ],
    diskUsageBytes: 0,
    choice: {
      speechToText: { engine: 'transformers', model: 'Xenova/whisper-tiny.en' },
      llm: { enabled: false, model: 'onnx-community/Qwen3-0.6B-ONNX' },
    },
    engines: [
      {
        task: 'speech-to-text',
        engine: 'transformers',
        model: 'Xenova/whisper-tiny.en',
        state: 'missing',
        reason:
          'Whisper tiny (English), quantised is not downloaded. Download it in Settings > Models, or install it from a folder.',
      },
      {
        task: 'text-generation',
        engine: 'transformers',
        model: 'onnx-community/Qwen3-0.6B-ONNX',
        state: 'off',
        reason:
          'Switched off: commands are understood by the rules engine alone. Turn it on in Settings > Models.',
      },
    ],
  };
}

/** What models:list says once the speech model is installed: voice input can run. */
export function speechReadyModels(): ModelsOverview {
  const overview = demoModels({
    'Xenova/whisper-tiny.en': { state: 'ready', reason: 'Installed and verified.' },
  });
  return {
    ...overview,
    engines: overview.engines.map((engine) =>
      engine.task === 'speech-to-text'
        ? { ...engine, state: 'ready', reason: 'Whisper tiny (English), quantised is installed.' }
        : engine,
    ),
  };
}

function demoUser(id: string, displayName: string, whitelist: string[]): User {
  return {
    id,
    displayName,
    email: `${id}@example.com`,
    phone: '+15550100001',
    walletId: `wallet-${id}`,
    walletAddress: `0x${id.padEnd(40, '0')}`,
    timezone: 'America/New_York',
    preferences: { defaultCurrency: 'USDC', locale: 'en-US', notificationChannels: ['in_app'] },
    whitelist,
    nicknames: {},
    roles: [],
    household: 'owner',
  };
}

/** Polls until `condition` holds (store work settles over a few promise turns). */
export async function waitUntil(condition: () => boolean, attempts = 200): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not met in time');
}
