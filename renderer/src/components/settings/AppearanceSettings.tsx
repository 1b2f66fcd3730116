import { useAppStore } from '../../store/appStore';
import type { ThemeChoice } from '../../store/uiSlice';
import { SettingsSection } from './SettingsSection';

const THEMES: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'Match the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** This window's look; applied at once and kept on this device only. */
export function AppearanceSettings() {
  const theme = useAppStore((state) => state.theme);
  const setTheme = useAppStore((state) => state.setTheme);
  return (
    <SettingsSection title="Appearance" hint="Applies at once, on this device only.">
      <fieldset className="choice-group choice-group--row">
        <legend className="visually-hidden">Theme</legend>
        {THEMES.map((option) => (
          <label className="choice" key={option.value}>
            <input
              type="radio"
              name="theme"
              value={option.value}
              checked={theme === option.value}
              onChange={() => setTheme(option.value)}
            />
            <span className="choice-label">{option.label}</span>
          </label>
        ))}
      </fieldset>
    </SettingsSection>
  );
}
