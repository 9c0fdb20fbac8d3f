import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { CjoipError } from '../core/errors.js';

/** Where Chrome, Chromium and Edge are usually installed, per platform. */
export function browserCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'win32') {
    const roots = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter(Boolean) as string[];
    return roots.flatMap((r) => [
      path.win32.join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      path.win32.join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
      path.win32.join(r, 'Chromium', 'Application', 'chrome.exe'),
    ]);
  }
  if (platform === 'darwin') {
    const apps = ['/Applications', path.join(env.HOME ?? '~', 'Applications')];
    return apps.flatMap((a) => [
      `${a}/Google Chrome.app/Contents/MacOS/Google Chrome`,
      `${a}/Chromium.app/Contents/MacOS/Chromium`,
      `${a}/Microsoft Edge.app/Contents/MacOS/Microsoft Edge`,
    ]);
  }
  return [
    // Debian's /usr/bin/chromium is a shell script that starts this program, after a few checks of the machine.
    '/usr/lib/chromium/chromium',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/opt/microsoft/msedge/msedge',
  ];
}

export const NO_BROWSER_HINT =
  'Give one with --browser <path> or the CHROME_PATH (or PUPPETEER_EXECUTABLE_PATH) environment variable. On Debian or Ubuntu: sudo apt-get install chromium. On Windows, Microsoft Edge is usually present; on macOS, install Google Chrome.';

/** Why a file cannot be started as a program, or undefined when it can. */
function runnable(p: string): string | undefined {
  try {
    const st = statSync(p);
    if (st.isDirectory() && process.platform !== 'darwin') return 'is a folder';
    if (!st.isFile() && !st.isDirectory()) return 'is not a file';
    if (process.platform !== 'win32') accessSync(p, constants.X_OK);
    if (process.platform !== 'win32' && st.isFile() && (st.mode & 0o111) === 0) return 'is not executable';
    return undefined;
  } catch {
    return 'is not executable';
  }
}

/** Find a Chromium-family browser: --browser, then CHROME_PATH / PUPPETEER_EXECUTABLE_PATH, then the usual places. */
export function findBrowser(explicit: string | undefined, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, exists: (p: string) => boolean = existsSync, usable: (p: string) => string | undefined = runnable): string {
  const given = [
    ['--browser', explicit],
    ['CHROME_PATH', env.CHROME_PATH],
    ['PUPPETEER_EXECUTABLE_PATH', env.PUPPETEER_EXECUTABLE_PATH],
  ] as const;
  for (const [from, p] of given) {
    if (!p) continue;
    if (!exists(p)) throw new CjoipError('browser-not-found', `The browser given by ${from} does not exist: ${p}`, NO_BROWSER_HINT);
    const why = usable(p);
    if (why) throw new CjoipError('browser-not-usable', `The browser given by ${from} cannot be run: ${p} ${why}.`, NO_BROWSER_HINT);
    return p;
  }
  const found = browserCandidates(platform, env).find(exists);
  if (found) return found;
  throw new CjoipError('no-browser', 'No Chrome, Chromium or Edge browser was found, so no PDF was written.', NO_BROWSER_HINT);
}
