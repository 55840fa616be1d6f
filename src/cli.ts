import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './log.ts';

// `rapport <command>`: chat, serve, doctor, extract. Each command loads only what it needs.

const USAGE = `Usage: rapport <command>

  chat [--session NAME]    talk to Rapport in this terminal (no setup needed)
  serve                    run the HTTP server for Slack and Teams
  doctor                   check the configuration and connections
  extract <step> "<text>"  show what one answer becomes, as JSON
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command ? 0 : 1;
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  // The terminal is for people: log only warnings there unless asked for more.
  const level = command === 'chat' && !process.env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL;
  const log = createLogger(level);

  switch (command) {
    case 'chat': {
      const { runChat } = await import('./commands/chat.ts');
      return runChat(config, log, rest);
    }
    case 'serve': {
      const { runServe } = await import('./commands/serve.ts');
      return runServe(config, log);
    }
    case 'doctor': {
      const { runDoctor } = await import('./commands/doctor.ts');
      return runDoctor(config, process.stdout);
    }
    case 'extract': {
      const { runExtract } = await import('./commands/extract.ts');
      return runExtract(config, log, rest, process.stdout);
    }
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`rapport: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
