import type { CoreContext } from '../handlers/types';
import { CircleConnector } from './circle/circleConnector';
import type { PaymentConnector } from './connector';
import { SimulatedConnector } from './simulated/simulatedConnector';

/** The connector system_config.json names: the simulated network, or Circle's API. */
export async function createConnector(context: CoreContext): Promise<PaymentConnector> {
  const config = context.config.connector;
  if (config.kind === 'circle') {
    return new CircleConnector({
      baseUrl: config.baseUrl,
      apiKey: config.apiKey,
      walletId: config.walletId,
      requestTimeoutMs: config.requestTimeoutMs,
      env: context.env,
      ownerId: context.settings.get().actingUserId,
      redact: context.redact,
    });
  }
  return SimulatedConnector.open({
    dataDir: context.dataDir,
    clock: context.clock,
    balances: context.balances,
    isKnownUser: (userId) => context.users.find(userId) !== undefined,
  });
}
