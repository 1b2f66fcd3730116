import { systemClock } from '../../core/clock';
import { electronPackageDir } from '../../launcher/electronBinary';
import { prepareDesktop } from '../../launcher/prepareDesktop';
import { localBin, run } from '../localTools';
import { webCommand } from './web';

export const startHelp = `arcflux start
  Launches the desktop app. The first start downloads Electron's binary (once, with
  progress). Where that can't be done, it says why in one sentence and starts browser
  mode instead: the core and the same interface on 127.0.0.1, with the URL printed.
  Takes the options of "arcflux serve" for browser mode.`;

export async function startCommand(argv: readonly string[], print: (text: string) => void) {
  const desktop = await prepareDesktop({
    packageDir: electronPackageDir(),
    env: process.env,
    now: () => systemClock.now(),
    output: process.stdout,
  });
  if ('binary' in desktop) return run(localBin('electron-vite'), ['preview', ...argv]);
  print(desktop.fallback);
  return webCommand(argv, print);
}
