// ssolint for VS Code: starts `ssolint lsp` for AWS config and credentials files.
import { execFile } from 'child_process';
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

/** The server: the `ssolint.path` setting, then `ssolint` on PATH. */
async function findServer(): Promise<string | undefined> {
  const configured = vscode.workspace.getConfiguration('ssolint').get<string>('path');
  for (const candidate of [configured, 'ssolint']) {
    if (candidate && (await answers(candidate))) {
      return candidate;
    }
  }
  return undefined;
}

async function start(): Promise<void> {
  const server = await findServer();
  if (!server) {
    void vscode.window.showErrorMessage(
      'ssolint: no `ssolint` binary answered `--version`. Install it (cargo install --path .) or set `ssolint.path`.',
    );
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
