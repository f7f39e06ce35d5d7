// The Drydock extension: a thin client that starts `drydock lsp` and lets VS Code's language
// client do the rest. Every finding, fix and setting is the server's; nothing is checked here.

import * as path from "node:path";
import { ExtensionContext, commands, window, workspace } from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  context.subscriptions.push(
    commands.registerCommand("drydock.restartServer", restart),
    workspace.onDidChangeConfiguration(async (event) => {
      // The binary is chosen when the server starts; other settings reach the running server.
      if (event.affectsConfiguration("drydock.path")) {
        await restart();
      }
    }),
    { dispose: () => void stop() },
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function start(): Promise<void> {
  const folder = workspace.workspaceFolders?.[0]?.uri.fsPath;
  // No `transport`: the client would add `--stdio`, and `drydock lsp` speaks on standard
  // input and output without being told.
  const serverOptions: ServerOptions = {
    command: serverPath(folder),
    args: ["lsp"],
    options: folder === undefined ? {} : { cwd: folder },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: "dockerfile" },
      // Kubernetes manifests, kustomizations, Compose files, Helm values: the server tells
      // them apart by name and content.
      { language: "yaml" },
      // Helm templates, as the Kubernetes extension names them, or by where they sit.
      { language: "helm" },
      { pattern: "**/templates/**/*.{yaml,yml,tpl,txt}" },
      // A Compose project's variables.
      { pattern: "**/.env" },
    ],
    // The server pulls `drydock.*` settings with `workspace/configuration`; this also tells it
    // when they change (`workspace/didChangeConfiguration`), so it can pull them again.
    synchronize: { configurationSection: "drydock" },
    outputChannelName: "Drydock",
  };
  client = new LanguageClient("drydock", "Drydock", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    void window.showErrorMessage(
      `Drydock: could not start \`${serverOptions.command} lsp\` (set \`drydock.path\` to the drydock binary): ${String(error)}`,
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    await running.stop();
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

// `drydock.path`: a bare name is looked up on PATH; a relative path is the workspace folder's.
function serverPath(folder: string | undefined): string {
  const configured = workspace.getConfiguration("drydock").get<string>("path")?.trim();
  const command = configured === undefined || configured === "" ? "drydock" : configured;
  const isBareName = !command.includes("/") && !command.includes("\\");
  if (isBareName || path.isAbsolute(command) || folder === undefined) {
    return command;
  }
  return path.resolve(folder, command);
}
