import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import type { ErrorBody } from '../../../../shared/errors';
import { useAppStore } from '../../store/appStore';
import { CircleKeyField } from './CircleKeyField';
import { PushToTalkField } from './PushToTalkField';
import { SettingsSection } from './SettingsSection';

type Health = MethodOutput<'system:health'>;

/**
 * Which connector moves the money, and (desktop app only) the Circle API key and the
 * global push-to-talk shortcut. The connector itself is chosen in system_config.json; the
 * key never touches the page again once stored.
 */
export function ConnectorSettings() {
  const client = useAppStore((state) => state.client);
  const [health, setHealth] = useState<Health | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const desktop = typeof window === 'undefined' ? undefined : window.arcflux?.desktop;
  useEffect(() => {
    let current = true;
    void client.call('system:health', {}).then((result) => {
      if (!current) return;
      if (result.ok) setHealth(result.data);
      else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [client]);
  return (
    <SettingsSection
      title="Connector and voice"
      hint="How payments leave ArcFlux, and how commands are spoken."
    >
      <dl className="facts settings-facts">
        <div className="fact">
          <dt>Connector</dt>
          <dd>
            {health
              ? health.connector === 'circle'
                ? 'Circle'
                : 'Simulated (no real money moves)'
              : error
                ? error.message
                : 'Checking…'}
          </dd>
        </div>
        <div className="fact">
          <dt>Circle API key</dt>
          <dd>
            {desktop ? (
              <CircleKeyField desktop={desktop} />
            ) : (
              'Entered in the desktop app, which keeps it in the system keychain. It is never shown again once saved.'
            )}
          </dd>
        </div>
        <div className="fact">
          <dt>Push-to-talk</dt>
          <dd>
            <p>
              Hold the microphone button (or Space on it), or tap it to start and again to stop. Esc
              cancels. The speech model is chosen under Models below.
            </p>
            {desktop ? (
              <PushToTalkField desktop={desktop} />
            ) : (
              <p className="muted">
                Global shortcuts are desktop-only: set one in the ArcFlux desktop app.
              </p>
            )}
          </dd>
        </div>
        <div className="fact">
          <dt>Version</dt>
          <dd>{health?.version ?? '—'}</dd>
        </div>
      </dl>
    </SettingsSection>
  );
}
