import type { Payment } from '../../shared/schemas/payment';
import type { Proposal } from '../../shared/schemas/proposal';
import type { RiskAssessment } from '../../shared/schemas/risk';
import { DEFAULT_NOTIFICATION_RULES, type Settings } from '../../shared/schemas/settings';

/** The settings a fresh install starts with (system_config.json's values). */
export function sampleSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    actingUserId: 'user1',
    timezone: 'America/New_York',
    defaultRunTime: '09:00',
    missedRunPolicy: 'ask',
    undoSeconds: 10,
    guardian: {
      confirmAbove: '500',
      confirmScore: 0.4,
      flagScore: 0.85,
      limits: { perPayment: '10000', daily: '15000', monthly: '50000' },
      proposalTtlSeconds: 600,
      minimumIntervalSeconds: 3600,
    },
    notificationChannels: ['in_app'],
    notificationRules: DEFAULT_NOTIFICATION_RULES,
    models: {
      speechToText: { engine: 'transformers', model: 'Xenova/whisper-tiny.en' },
      llm: { enabled: false, model: 'onnx-community/Qwen3-0.6B-ONNX' },
    },
    ...overrides,
  };
}

/** A payment row with sensible defaults, for building ledgers in tests. */
export function samplePayment(id: string, overrides: Partial<Payment> = {}): Payment {
  return {
    id,
    userId: 'user1',
    recipientId: 'user2',
    amount: '10',
    currency: 'USDC',
    schedule: { kind: 'once', runAt: null },
    status: 'executed',
    nextRunAt: null,
    timezone: 'America/New_York',
    missedRunPolicy: 'ask',
    paused: false,
    sourceText: `Pay User Two 10 USDC (${id})`,
    riskAssessmentId: `risk_${id}`,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

/** The risk record that `samplePayment(id)` points at. */
export function sampleAssessment(paymentId: string): RiskAssessment {
  return {
    id: `risk_${paymentId}`,
    createdAt: '2026-11-01T00:00:00.000Z',
    userId: 'user1',
    paymentId,
    request: 'Pay User Two 10 USDC',
    intent: { kind: 'confirm' },
    features: { amount: '10', whitelisted: true },
    rules: [
      {
        name: 'whitelisted_recipient',
        kind: 'recipient',
        level: 'safe',
        explanation: 'User Two is whitelisted.',
      },
    ],
    score: 0.05,
    outcome: 'approved',
    engine: 'rules',
    verification: 'verified',
  };
}

/** A pending proposal for `payment`, made at 08:00 UTC on 2026-11-27 and lasting 10 minutes. */
export function sampleProposal(payment: Payment, overrides: Partial<Proposal> = {}): Proposal {
  return {
    id: 'prop_1',
    paymentId: payment.id,
    userId: payment.userId,
    riskAssessmentId: 'risk_1',
    createdAt: '2026-11-27T08:00:00.000Z',
    expiresAt: '2026-11-27T08:10:00.000Z',
    status: 'pending',
    decidedAt: null,
    fingerprint: 'a'.repeat(64),
    readBack: { sentence: 'Pay User Two 120.00 USDC.', nextRuns: [], rules: [] },
    ...overrides,
  };
}
