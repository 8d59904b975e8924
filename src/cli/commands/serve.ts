/** `suiji serve`: the HTTP server, exactly as `npm start` runs it. */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../logger.ts';
import { serveUntilSignal } from '../../main.ts';
import { argumentError, UsageError, type CliRunner } from '../command.ts';
import { say } from '../language.ts';

export const serveCommand: CliRunner = {
  async run(args) {
    let values: { port?: string; host?: string };
    try {
      ({ values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' } }, strict: true }));
    } catch (error) {
      throw argumentError(error);
    }
    const config = loadConfig();
    let port = config.port;
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!/^\d+$/.test(values.port) || port > 65535) throw new UsageError(say(`--port 须为 0-65535，而不是 '${values.port}'`, `--port must be 0-65535, got '${values.port}'`));
    }
    await serveUntilSignal({ ...config, port, host: values.host ?? config.host }, createLogger(config.logLevel));
    return 0;
  },
};
