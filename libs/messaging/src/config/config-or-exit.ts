// At process start: the config, or exit 1 with a message that names each bad variable.
export function configOrExit<T>(appName: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    console.error(`${appName}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
