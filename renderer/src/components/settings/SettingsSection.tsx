import { useId, type ReactNode } from 'react';

/** One titled panel of Settings; the heading names the region for screen readers. */
export function SettingsSection({
  title,
  hint,
  className,
  anchor,
  children,
}: {
  title: string;
  hint: ReactNode;
  className?: string;
  /** The section's id, for a link from elsewhere (the talk button's fix). */
  anchor?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section
      id={anchor}
      className={`panel settings-section${className ? ` ${className}` : ''}`}
      aria-labelledby={id}
    >
      <div className="settings-section-head">
        <h2 className="panel-title" id={id}>
          {title}
        </h2>
        <p className="muted">{hint}</p>
      </div>
      {children}
    </section>
  );
}
