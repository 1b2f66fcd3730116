import { LAUNCH_CODE_SECONDS } from '../../../shared/session';
import type { SignedOutReason } from '../bridge/bridge';

const LINK_MINUTES = `${LAUNCH_CODE_SECONDS / 60} minutes`;

const WHAT_HAPPENED: Record<SignedOutReason, { title: string; detail: string }> = {
  not_signed_in: {
    title: 'This tab is not signed in',
    detail: 'ArcFlux in a browser needs a sign-in link from the ArcFlux server on this computer.',
  },
  session_expired: {
    title: 'Your session ended',
    detail: 'This tab went unused for a long time, so the ArcFlux server signed it out.',
  },
  server_restarted: {
    title: 'The ArcFlux server restarted',
    detail:
      'Sessions end when the server stops, so this tab is signed out. Your payments and settings are safe in the data folder.',
  },
  launch_code_used: {
    title: 'This sign-in link was already used',
    detail:
      'Each link signs in one tab, once, so a link seen in a log or a screen share is useless.',
  },
  launch_code_expired: {
    title: 'This sign-in link expired',
    detail: `Links work for ${LINK_MINUTES} after they are printed.`,
  },
  launch_code_unknown: {
    title: 'This sign-in link is not valid',
    detail: 'It is not one the running ArcFlux server printed, or it was copied only in part.',
  },
  server_unreachable: {
    title: 'ArcFlux could not reach its server',
    detail: 'The ArcFlux server that served this page did not answer.',
  },
};

/**
 * Browser mode's one screen for a tab without a working session: what happened, and the
 * one way back in. It replaces the whole app, so no figure from before stays on screen.
 */
export function SignedOutScreen({ reason }: { reason: SignedOutReason }) {
  const { title, detail } = WHAT_HAPPENED[reason];
  return (
    <main className="signed-out" id="main" aria-labelledby="signed-out-title">
      <section className="panel signed-out-panel">
        <h1 id="signed-out-title" className="signed-out-title">
          {title}
        </h1>
        <p>{detail}</p>
        <h2 className="signed-out-subtitle">To get back in</h2>
        <ol className="signed-out-steps">
          <li>
            In a terminal on this computer, run <code>arcflux web</code> (with the same{' '}
            <code>--data</code> folder, if you gave one). It prints a fresh link, and starts the
            server if it is not running.
          </li>
          <li>Open that link. It works once, within {LINK_MINUTES}.</li>
        </ol>
        <p className="signed-out-note">
          Balances and payments are hidden until you are back in, since figures shown before may be
          out of date.
        </p>
      </section>
    </main>
  );
}
