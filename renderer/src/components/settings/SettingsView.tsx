import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { NotificationChannel } from '../../../../shared/schemas/user';
import type { OperatorEvent } from '../../../../shared/schemas/notification';
import type { MissedRunPolicy } from '../../../../shared/schemas/payment';
import { limitContradictions, type Settings } from '../../../../shared/schemas/settings';
import { placeIssues } from '../../format/fieldErrors';
import { useAppStore } from '../../store/appStore';
import { ErrorNotice } from '../ErrorNotice';
import { AppearanceSettings } from './AppearanceSettings';
import { ConnectorSettings } from './ConnectorSettings';
import { HouseholdSettings } from './HouseholdSettings';
import { ModelSettings } from './ModelSettings';
import { LeaveSettingsDialog } from './LeaveSettingsDialog';
import { draftFrom, patchFrom, type SettingsDraft } from './settingsDraft';
import { VoiceSettings } from './VoiceSettings';
import { SettingsSection } from './SettingsSection';

const MISSED_POLICIES: { value: MissedRunPolicy; label: string; hint: string }[] = [
  { value: 'ask', label: 'Ask me', hint: 'Missed runs wait until you pay or skip them.' },
  {
    value: 'catch_up',
    label: 'Pay them',
    hint: 'Missed runs are paid as soon as ArcFlux is back.',
  },
  { value: 'skip', label: 'Skip them', hint: 'Missed runs are dropped; the schedule carries on.' },
];

/** The Guardian's numeric fields, and the path the core names when one is refused. */
const GUARDIAN_FIELDS: {
  key:
    | 'confirmAbove'
    | 'perPayment'
    | 'daily'
    | 'monthly'
    | 'confirmScore'
    | 'flagScore'
    | 'proposalTtlSeconds'
    | 'minimumIntervalSeconds';
  label: string;
  hint?: string;
  inputMode: 'decimal' | 'numeric';
  errorPath: string;
}[] = [
  {
    key: 'confirmAbove',
    label: 'Confirm payments above',
    inputMode: 'decimal',
    errorPath: 'guardian.confirmAbove',
  },
  {
    key: 'perPayment',
    label: 'Largest single payment',
    inputMode: 'decimal',
    errorPath: 'guardian.limits.perPayment',
  },
  { key: 'daily', label: 'Daily limit', inputMode: 'decimal', errorPath: 'guardian.limits.daily' },
  {
    key: 'monthly',
    label: 'Monthly limit',
    inputMode: 'decimal',
    errorPath: 'guardian.limits.monthly',
  },
  {
    key: 'confirmScore',
    label: 'Confirm above risk score',
    hint: '0 to 1.',
    inputMode: 'decimal',
    errorPath: 'guardian.confirmScore',
  },
  {
    key: 'flagScore',
    label: 'Hold for review above risk score',
    hint: '0 to 1, at least the confirmation score.',
    inputMode: 'decimal',
    errorPath: 'guardian.flagScore',
  },
  {
    key: 'proposalTtlSeconds',
    label: 'Confirmation time limit (seconds)',
    hint: '30 to 86,400.',
    inputMode: 'numeric',
    errorPath: 'guardian.proposalTtlSeconds',
  },
  {
    key: 'minimumIntervalSeconds',
    label: 'Shortest time between scheduled runs (seconds)',
    hint: 'Faster schedules are refused. 3,600 is one hour; 1 to 2,678,400.',
    inputMode: 'numeric',
    errorPath: 'guardian.minimumIntervalSeconds',
  },
];

/** Every field path the form shows an error beside; the core's issues are placed by them. */
const FIELD_PATHS: readonly string[] = [
  'actingUserId',
  'timezone',
  'defaultRunTime',
  'missedRunPolicy',
  'undoSeconds',
  'notificationChannels',
  'notificationRules.quietHours.start',
  'notificationRules.quietHours.end',
  ...GUARDIAN_FIELDS.map((field) => field.errorPath),
];

interface FormErrors {
  fields: Record<string, string>;
  /** Problems no field shows; each is listed in the notice at the top. */
  rest: string[];
  /** Why the form is flagged: a refused save, or limits saved before they were checked. */
  reason: 'refused' | 'saved_contradictory' | null;
}

const NO_ERRORS: FormErrors = { fields: {}, rest: [], reason: null };

/**
 * Limits saved before contradictions were refused still load (the Guardian applies each
 * limit anyway); the form flags them beside their fields from the same shared check.
 */
function savedContradictions(settings: Settings): FormErrors {
  const found = limitContradictions(settings.guardian);
  if (found.length === 0) return NO_ERRORS;
  return {
    ...placeIssues(
      {
        message: '',
        issues: found.map((issue) => ({ ...issue, path: ['guardian', ...issue.path] })),
      },
      FIELD_PATHS,
    ),
    reason: 'saved_contradictory',
  };
}

const CHANNELS: { value: NotificationChannel; label: string }[] = [
  { value: 'in_app', label: 'In the app' },
  { value: 'desktop', label: 'Desktop notifications' },
  { value: 'email', label: 'Email' },
  { value: 'webhook', label: 'Webhook' },
  { value: 'sms', label: 'SMS (text message)' },
];

const OPERATOR_ALERTS: { value: OperatorEvent; label: string }[] = [
  { value: 'denied', label: 'A payment is refused' },
  { value: 'flagged', label: 'A payment is held for review, or asks with a dangerous finding' },
  { value: 'failed', label: 'A run fails for good' },
  { value: 'balance_drop', label: 'A balance drops more than ArcFlux explains' },
  { value: 'overdraft', label: 'Scheduled runs would leave a balance too low' },
];

/**
 * The settings the core runs with (saved together, checked by the core, its messages shown
 * beside the fields they concern) and this window's own appearance.
 */
export function SettingsView() {
  const settings = useAppStore((state) => state.settings);
  const status = useAppStore((state) => state.settingsStatus);
  const error = useAppStore((state) => state.settingsError);
  const loadSettings = useAppStore((state) => state.loadSettings);

  return (
    <div className="settings">
      <h1 className="page-title">Settings</h1>
      {settings ? (
        <SettingsForm key={settingsKey(settings)} settings={settings} />
      ) : status === 'error' && error ? (
        <ErrorNotice
          title="Settings couldn't be loaded"
          error={error}
          onRetry={() => void loadSettings()}
        />
      ) : (
        <div className="panel settings-skeleton" aria-busy="true">
          <p className="visually-hidden" role="status">
            Loading settings…
          </p>
          <span className="skeleton skeleton--line" />
          <span className="skeleton skeleton--line" />
        </div>
      )}
      <LeaveSettingsDialog />
      <HouseholdSettings />
      <AppearanceSettings />
      <ConnectorSettings />
      <VoiceSettings />
      <ModelSettings />
    </div>
  );
}

function SettingsForm({ settings }: { settings: Settings }) {
  const users = useAppStore((state) => state.users);
  const saving = useAppStore((state) => state.settingsSaving);
  const saveSettings = useAppStore((state) => state.saveSettings);
  const pushToast = useAppStore((state) => state.pushToast);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFrom(settings));
  const setUnsavedSettings = useAppStore((state) => state.setUnsavedSettings);
  const browserMode = useAppStore((state) => state.client.kind === 'http');
  const [errors, setErrors] = useState<FormErrors>(() => savedContradictions(settings));
  const formRef = useRef<HTMLFormElement>(null);
  // A refused save takes keyboard focus to the first field that needs a change.
  useEffect(() => {
    if (errors.reason !== 'refused') return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? formRef.current?.querySelector<HTMLElement>('[role="alert"]'))?.focus();
  }, [errors]);
  const patch = patchFrom(settings, draft);
  const dirty = Object.keys(patch).length > 0;

  // Leaving with unsaved edits asks first: inside the app through the store (setView),
  // and in a browser tab through beforeunload. Not in the desktop app, where a cancelled
  // beforeunload would silently keep the window from closing.
  useEffect(() => {
    setUnsavedSettings(dirty);
    if (!dirty || !browserMode) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers ask only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty, browserMode, setUnsavedSettings]);
  useEffect(() => () => setUnsavedSettings(false), [setUnsavedSettings]);

  const update = (changes: Partial<SettingsDraft>) => setDraft({ ...draft, ...changes });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const error = await saveSettings(patch);
    if (error) {
      setErrors({ ...placeIssues(error, FIELD_PATHS), reason: 'refused' });
      return;
    }
    setErrors(NO_ERRORS);
    pushToast({ tone: 'success', title: 'Settings saved', body: 'ArcFlux uses them from now on.' });
  };

  const fieldError = (path: string) => errors.fields[path];
  const errorCount = Object.keys(errors.fields).length;

  return (
    <form
      ref={formRef}
      className="settings-form"
      noValidate
      onSubmit={(event) => void onSubmit(event)}
    >
      {errors.reason !== null ? (
        <div className="inline-notice inline-notice--danger" role="alert" tabIndex={-1}>
          <p>{noticeTitle(errors, errorCount)}</p>
          {errors.rest.length > 0 ? (
            <ul>
              {errors.rest.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <Section title="Account" hint="Whose payments ArcFlux shows and makes, and when by default.">
        <SelectField
          label="Acting user"
          value={draft.actingUserId}
          error={fieldError('actingUserId')}
          onChange={(actingUserId) => update({ actingUserId })}
        >
          {users.map((user) => (
            <option key={user.id} value={user.id}>
              {user.displayName}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Time zone"
          hint="An IANA zone such as America/New_York; schedules are read in it."
          value={draft.timezone}
          error={fieldError('timezone')}
          list="arcflux-time-zones"
          onChange={(timezone) => update({ timezone })}
        />
        <datalist id="arcflux-time-zones">
          {timeZones().map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <TextField
          label="Default run time"
          hint="When a payment said without a time runs."
          type="time"
          value={draft.defaultRunTime}
          error={fieldError('defaultRunTime')}
          onChange={(defaultRunTime) => update({ defaultRunTime })}
        />
      </Section>

      <Section
        title="Guardian"
        hint="When the Guardian asks for your confirmation, and the most it lets through."
      >
        <div className="field-grid">
          {GUARDIAN_FIELDS.map((field) => (
            <TextField
              key={field.key}
              label={field.label}
              hint={field.hint}
              inputMode={field.inputMode}
              value={draft[field.key]}
              error={fieldError(field.errorPath)}
              onChange={(value) => update({ [field.key]: value })}
            />
          ))}
        </div>
      </Section>

      <Section
        title="Undo window"
        hint="How long a payment that would go at once waits before any money moves, so you can still undo it."
      >
        <TextField
          label="Undo window (seconds)"
          hint="0 to 300. 0 sends at once, with no chance to undo."
          inputMode="numeric"
          value={draft.undoSeconds}
          error={fieldError('undoSeconds')}
          onChange={(undoSeconds) => update({ undoSeconds })}
        />
      </Section>

      <Section title="Missed runs" hint="Runs that fall due while ArcFlux is closed or asleep.">
        <fieldset className="choice-group">
          <legend className="visually-hidden">When runs are missed</legend>
          {MISSED_POLICIES.map((policy) => (
            <label className="choice" key={policy.value}>
              <input
                type="radio"
                name="missed-run-policy"
                value={policy.value}
                checked={draft.missedRunPolicy === policy.value}
                onChange={() => update({ missedRunPolicy: policy.value })}
              />
              <span className="choice-text">
                <span className="choice-label">{policy.label}</span>
                <span className="choice-hint">{policy.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {fieldError('missedRunPolicy') ? (
          <p className="field-error">{fieldError('missedRunPolicy')}</p>
        ) : null}
      </Section>

      <Section title="Notifications" hint="Where ArcFlux tells you what it did.">
        <fieldset className="choice-group">
          <legend className="visually-hidden">Notification channels</legend>
          {CHANNELS.map((channel) => (
            <label className="choice" key={channel.value}>
              <input
                type="checkbox"
                checked={draft.notificationChannels.includes(channel.value)}
                onChange={(event) =>
                  update({
                    notificationChannels: event.target.checked
                      ? [...draft.notificationChannels, channel.value]
                      : draft.notificationChannels.filter((value) => value !== channel.value),
                  })
                }
              />
              <span className="choice-label">{channel.label}</span>
            </label>
          ))}
        </fieldset>
        {fieldError('notificationChannels') ? (
          <p className="field-error">{fieldError('notificationChannels')}</p>
        ) : null}
      </Section>

      <Section
        title="Quiet hours"
        hint="On each person's own clock. Desktop pop-ups, email and texts wait until the hours end; the in-app list still shows everything at once."
      >
        <label className="choice">
          <input
            type="checkbox"
            checked={draft.quietHoursOn}
            onChange={(event) => update({ quietHoursOn: event.target.checked })}
          />
          <span className="choice-label">Hold notifications during quiet hours</span>
        </label>
        {draft.quietHoursOn ? (
          <div className="field-grid">
            <TextField
              label="Quiet from"
              type="time"
              value={draft.quietStart}
              error={fieldError('notificationRules.quietHours.start')}
              onChange={(quietStart) => update({ quietStart })}
            />
            <TextField
              label="Quiet until"
              type="time"
              value={draft.quietEnd}
              error={fieldError('notificationRules.quietHours.end')}
              onChange={(quietEnd) => update({ quietEnd })}
            />
          </div>
        ) : null}
      </Section>

      <Section
        title="Operator alerts"
        hint="What users marked as operators are told about other users' payments and balances, on their own channels."
      >
        <fieldset className="choice-group">
          <legend className="visually-hidden">Operator alerts</legend>
          {OPERATOR_ALERTS.map((alert) => (
            <label className="choice" key={alert.value}>
              <input
                type="checkbox"
                checked={draft.operatorAlerts[alert.value]}
                onChange={(event) =>
                  update({
                    operatorAlerts: {
                      ...draft.operatorAlerts,
                      [alert.value]: event.target.checked,
                    },
                  })
                }
              />
              <span className="choice-label">{alert.label}</span>
            </label>
          ))}
        </fieldset>
      </Section>

      <div className="settings-actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={!dirty || saving}
          onClick={() => {
            setDraft(draftFrom(settings));
            setErrors(savedContradictions(settings));
          }}
        >
          Discard changes
        </button>
        <button type="submit" className="button button--primary" disabled={!dirty || saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}

function noticeTitle(errors: FormErrors, fieldCount: number): string {
  if (errors.reason === 'saved_contradictory') {
    return 'Your saved limits contradict each other. ArcFlux applies each limit, so the lowest one wins; change the flagged fields and save.';
  }
  if (fieldCount === 0) return 'Settings were not saved. Nothing was changed.';
  const fields = fieldCount === 1 ? '1 field needs' : `${fieldCount} fields need`;
  return `Settings were not saved: ${fields} a change. Nothing was changed.`;
}

function Section({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  return (
    <SettingsSection title={title} hint={hint}>
      <div className="settings-section-body">{children}</div>
    </SettingsSection>
  );
}

function TextField({
  label,
  hint,
  value,
  error,
  type = 'text',
  inputMode,
  list,
  onChange,
}: {
  label: string;
  hint?: string;
  value: string;
  error: string | undefined;
  type?: 'text' | 'time';
  inputMode?: 'decimal' | 'numeric';
  list?: string;
  onChange(value: string): void;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].join(' ').trim();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="input"
        type={type}
        value={value}
        inputMode={inputMode}
        list={list}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function SelectField({
  label,
  value,
  error,
  onChange,
  children,
}: {
  label: string;
  value: string;
  error: string | undefined;
  onChange(value: string): void;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="select"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        {children}
      </select>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A new key when the core's settings change, so the form restarts from them. The model
 * choice is saved by Settings > Models on its own, and must not discard this form's draft.
 */
function settingsKey({ models: _models, ...settings }: Settings): string {
  return JSON.stringify(settings);
}

let zones: string[] | null = null;
function timeZones(): string[] {
  zones ??= typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones;
}
