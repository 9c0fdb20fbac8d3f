import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { ConnectionTransport } from 'puppeteer-core';

/**
 * Arguments that leave the browser nothing to reach: every host name resolves to nothing, no proxy
 * or background service (updates, sync, metrics, safe browsing, translation) starts, and no crash
 * report is sent. cjoip talks to it over a pipe, not a port.
 */
export const OFFLINE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--no-default-browser-check',
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--no-proxy-server',
  '--dns-prefetch-disable',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-breakpad',
  '--disable-crash-reporter',
  '--no-pings',
  '--metrics-recording-only',
  '--password-store=basic',
  '--use-mock-keychain',
];

/** Features turned off: puppeteer's own choice, then the ones that could reach the network. */
const DISABLED_FEATURES = [
  'Translate',
  'AcceptCHFrame',
  'MediaRouter',
  'OptimizationHints',
  'WebUIReloadButton',
  'ProcessPerSiteUpToMainFrameThreshold',
  'IsolateSandboxedIframes',
  'AsyncDns',
  'DnsOverHttps',
  'DnsHttpssvc',
  'UseDnsHttpsSvcb',
  'NetworkPrediction',
  'InterestFeedContentSuggestions',
  'AutofillServerCommunication',
  'CertificateTransparencyComponentUpdater',
  'PrivacySandboxSettings4',
  // Chromium's new headless mode preloads the address bar's pop-up, two pages of its own that burn
  // more than a second of processor time as the browser starts, while the first tab starts.
  'WebUIOmniboxPopup',
  'WebUIOmniboxAimPopup',
];

/**
 * Features turned on, beside puppeteer's: the network service runs in the browser's own process
 * rather than a process of its own (it has nothing to reach; one process fewer to start).
 */
const ENABLED_FEATURES = ['NetworkServiceInProcess2'];

/** What puppeteer-core gives a headless Chrome it launches (a test keeps this in step with it). */
const AUTOMATION_ARGS = [
  '--allow-pre-commit-input',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-component-extensions-with-background-pages',
  '--disable-hang-monitor',
  '--disable-infobars',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-search-engine-choice-screen',
  '--enable-automation',
  '--export-tagged-pdf',
  '--force-color-profile=srgb',
  '--generate-pdf-document-outline',
  '--enable-features=PdfOopif',
  '--headless=new',
  '--hide-scrollbars',
  '--mute-audio',
];

/**
 * Whether the browser runs as one process: the page's renderer and each print's compositor are
 * threads of the browser's own process, not processes of their own. A tagged print carries the
 * page's accessibility tree from the renderer through the browser to the compositor (for the example
 * report, 2.7 MB where the page is 0.18 MB), and each print started a compositor process that came
 * up cold; in one process neither is paid for, and the PDFs are the same. Chromium calls the mode
 * unsupported, and cjoip asks of it only what it does with the browser: self-contained pages, no
 * scripts, no navigation, nothing fetched, printed. It is used only with Chromium on Linux, where it
 * is measured and tested: Google Chrome's new headless mode is reported to crash with it, and macOS
 * and Windows are left as they were.
 */
export function runsAsOneProcess(executablePath: string, platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'linux' && /^chromium(-browser)?$/i.test(path.basename(executablePath));
}

/** The whole command line of a headless browser driven over a pipe, its profile in `userDataDir`. */
export function browserArgs(userDataDir: string, oneProcess = false): string[] {
  // A browser reads the last --enable-features it is given, so puppeteer's are joined with cjoip's.
  const enabled = AUTOMATION_ARGS.filter((a) => a.startsWith('--enable-features=')).flatMap((a) => a.slice('--enable-features='.length).split(','));
  return [
    ...AUTOMATION_ARGS.filter((a) => !a.startsWith('--enable-features=')),
    ...OFFLINE_ARGS,
    ...(oneProcess ? ['--single-process'] : []),
    `--enable-features=${[...enabled, ...ENABLED_FEATURES].join(',')}`,
    `--disable-features=${DISABLED_FEATURES.join(',')}`,
    `--user-data-dir=${userDataDir}`,
    '--remote-debugging-pipe',
    'about:blank',
  ];
}

/**
 * Start the browser at once, before the driver is loaded: it starts up while the reports are built.
 * It leads its own process group (so the whole group can be ended), reads commands on descriptor 3
 * and answers on 4. The last of what it says on stderr is kept, to explain a failure to start.
 */
export function spawnBrowser(executablePath: string, userDataDir: string, env: NodeJS.ProcessEnv): { proc: ChildProcess; said: () => string } {
  const proc = spawn(executablePath, browserArgs(userDataDir, runsAsOneProcess(executablePath)), {
    detached: process.platform !== 'win32',
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    env,
    windowsHide: true,
  });
  let said = '';
  proc.stderr?.on('data', (d: Buffer) => {
    said = (said + d.toString('utf8')).slice(-4000);
  });
  // A browser that fails to start (or a program that is not one) is reported by the launch, not here.
  proc.on('error', () => undefined);
  for (const s of [proc.stdio[3], proc.stdio[4]]) (s as Readable | Writable | null)?.on('error', () => undefined);
  return { proc, said: () => said };
}

/** The DevTools protocol over the browser's pipe: messages end with a NUL byte each way. */
export class PipeTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  private closeHandler?: () => void;
  private pending: Buffer[] = [];
  private closed = false;

  constructor(
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
  ) {
    fromBrowser.on('data', (chunk: Buffer) => this.dispatch(chunk));
    fromBrowser.on('close', () => {
      this.closed = true;
      this.closeHandler?.();
    });
    if (fromBrowser.destroyed) this.closed = true;
  }

  /** Told when the pipe closes, at once if it closed before anyone listened (a browser ended while the driver loaded). */
  set onclose(handler: (() => void) | undefined) {
    this.closeHandler = handler;
    if (handler && this.closed) setImmediate(handler);
  }

  get onclose(): (() => void) | undefined {
    return this.closeHandler;
  }

  send(message: string): void {
    if (this.closed) return;
    this.toBrowser.write(message);
    this.toBrowser.write('\0');
  }

  private dispatch(chunk: Buffer): void {
    let end = chunk.indexOf(0);
    if (end < 0) {
      this.pending.push(chunk);
      return;
    }
    const buf = this.pending.length ? Buffer.concat([...this.pending, chunk]) : chunk;
    this.pending = [];
    end = buf.indexOf(0);
    let start = 0;
    while (end >= 0) {
      const message = buf.toString('utf8', start, end);
      // One message a turn, as puppeteer's own transport delivers them.
      setImmediate(() => this.onmessage?.(message));
      start = end + 1;
      end = buf.indexOf(0, start);
    }
    if (start < buf.length) this.pending.push(buf.subarray(start));
  }

  close(): void {
    this.closed = true;
  }
}

/** The last line a browser that failed wrote on stderr, leaving out its usual complaints about D-Bus. */
export function lastWords(stderr: string): string | undefined {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !/dbus|bus\.cc/i.test(l));
  return lines.at(-1);
}

/**
 * Where the browser's throw-away folder goes. Chromium puts its control socket under it, and a
 * socket's path may not pass 104 bytes (macOS; 108 on Linux): a long temporary folder (macOS's
 * /var/folders/…/T/, or any long TMPDIR) would stop the browser from starting. A short one is used
 * then: /tmp, which macOS and Linux both have. Windows uses named pipes, not socket paths.
 */
export function browserTempBase(base = tmpdir(), platform = process.platform, usable: (dir: string) => boolean = writable): string {
  // The socket sits at <base>/cjoip-browser-XXXXXX/.org.chromium.Chromium.XXXXXX/SingletonSocket.
  const socket = path.join(base, 'cjoip-browser-XXXXXX', '.org.chromium.Chromium.XXXXXX', 'SingletonSocket');
  if (platform === 'win32' || Buffer.byteLength(socket) <= 100) return base;
  return usable('/tmp') ? '/tmp' : base;
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
