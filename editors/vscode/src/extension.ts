// ssolint for VS Code: starts `ssolint lsp` for AWS config and credentials files.
import { execFile } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Whether `path --version` answers as ssolint. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(path, ['--version'], { timeout: 5000 }, (error, stdout) =>
      resolve(!error && stdout.startsWith('ssolint')),
    );
  });
}

/** `~` and `~/…` as the user's home directory (settings are often written that way). */
function expandHome(p: string): string {
  if (p === '~') {
    return os.homedir();
  }
  if (p.startsWith('~/') || p.startsWith('~\\')) {
    return path.join(os.homedir(), p.slice(2));
  }
  return p;
}

/**
 * The server, in order: the binary bundled in this platform's extension package, the
 * `ssolint.path` setting (with `~` expanded), then `ssolint` on PATH. Each must answer
 * `--version` as ssolint.
 */
async function findServer(extensionPath: string): Promise<string | undefined> {
  const bundled = path.join(
    extensionPath,
    'bin',
    process.platform === 'win32' ? 'ssolint.exe' : 'ssolint',
  );
  const configured = vscode.workspace.getConfiguration('ssolint').get<string>('path');
  const candidates = [bundled, configured ? expandHome(configured) : undefined, 'ssolint'];
  for (const candidate of candidates) {
    if (candidate && (await answers(candidate))) {
      return candidate;
    }
  }
  return undefined;
}

let extensionPath = '';

async function start(): Promise<void> {
  const server = await findServer(extensionPath);
  if (!server) {
    const open = 'Open the ssolint.path setting';
    const choice = await vscode.window.showErrorMessage(
      'ssolint: no working `ssolint` binary was found (none is bundled for this platform, ' +
        '`ssolint.path` does not answer `--version`, and there is none on PATH). ' +
        'Install it with `pipx install ssolint` or `cargo install --locked ssolint`, or set `ssolint.path`.',
      open,
    );
    if (choice === open) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'ssolint.path');
    }
    return;
  }
  const config = vscode.workspace.getConfiguration('ssolint');
  const extra = config.get<string[]>('filePatterns') ?? [];
  const serverOptions: ServerOptions = { command: server, args: ['lsp'] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'awsconfig' },
      ...extra.map((pattern) => ({ scheme: 'file', pattern })),
    ],
    initializationOptions: config.get('settings'),
    synchronize: { configurationSection: 'ssolint' },
  };
  client = new LanguageClient('ssolint', 'ssolint', serverOptions, clientOptions);
  await client.start();
}

async function migrateFile(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    return;
  }
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    editor.document.uri,
    new vscode.Range(0, 0, 0, 0),
    vscode.CodeActionKind.Source.value,
  );
  const migrate = actions?.find((a) => a.title === 'Migrate this file to sso-session');
  if (!migrate?.edit) {
    void vscode.window.showInformationMessage('ssolint: nothing to migrate in this file.');
    return;
  }
  await vscode.workspace.applyEdit(migrate.edit);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  context.subscriptions.push(
    vscode.commands.registerCommand('ssolint.restartServer', async () => {
      await client?.stop();
      client = undefined;
      await start();
    }),
    vscode.commands.registerCommand('ssolint.migrateFile', migrateFile),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
